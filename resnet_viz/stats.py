"""Counting rules (MACs, elementwise work, receptive fields) and the aggregation of
raw layer calls into layer, block and stage records. Pure Python: no torch, no UI.

One written definition of MACs, used everywhere in the project:

* Conv2d: output elements x (in_channels / groups) x kernel_h x kernel_w
* Linear: output elements x in_features   (= in x out per sample)
* every other operation: 0 MACs.
* FLOPs = 2 x MACs, the convention of ``torch.utils.flop_counter``.

Other tools also count elementwise work. We record it separately, per layer, so the
app can explain why tool totals differ; it never enters the MAC headline:

* bias: 1 op per output element (the fc layers, VGG's convs and SE's 1x1 convs)
* BatchNorm2d: 2 ops per output element (scale and shift, as at inference)
* ReLU, ReLU6, Sigmoid, ChannelScale (SE's x * gate): 1 op per output element
* MaxPool2d: kernel_h x kernel_w - 1 comparisons per output element
* AvgPool2d: kernel_h x kernel_w ops per output element (the sum and the divide)
* AdaptiveAvgPool2d: 1 op per input element (the sum; the divide is folded in)
* Add (a merge module of the block zoo): inputs - 1 ops per output element
* residual add: 1 op per output element of the block (on BlockRecord.add_ops)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from .budget import checkpoint
from .records import (
    BlockRecord,
    LayerRecord,
    Pair,
    Shape,
    StageRecord,
    TraceResult,
    is_body_stage,
)

MAC_KINDS = ("Conv2d", "Linear")


@dataclass(frozen=True, slots=True)
class LayerCall:
    """What the tracer saw of one leaf-module call, already reduced to plain values."""

    path: str
    kind: str
    in_shape: Shape
    out_shape: Shape
    kernel_size: Pair | None = None
    stride: Pair | None = None
    padding: Pair | None = None
    dilation: Pair | None = None
    groups: int | None = None
    params: int = 0
    has_bias: bool = False
    n_inputs: int = 1  # tensors passed to the call (a merge of k branches has k)
    count_include_pad: bool | None = None  # AvgPool2d only


def numel(shape: Sequence[int]) -> int:
    """Number of elements of a tensor of this shape."""
    return math.prod(shape)


def conv_macs(
    out_shape: Shape, in_channels: int, groups: int, kernel_size: Pair
) -> int:
    """MACs of one Conv2d call: each output sums in/groups x kh x kw products."""
    return numel(out_shape) * (in_channels // groups) * kernel_size[0] * kernel_size[1]


def linear_macs(out_shape: Shape, in_features: int) -> int:
    """MACs of one Linear call: each output element sums in_features products."""
    return numel(out_shape) * in_features


def layer_macs(call: LayerCall) -> int:
    """MACs of any layer under the project's one definition (module docstring)."""
    if call.kind == "Conv2d":
        assert call.groups is not None
        assert call.kernel_size is not None
        return conv_macs(
            call.out_shape, call.in_shape[1], call.groups, call.kernel_size
        )
    if call.kind == "Linear":
        return linear_macs(call.out_shape, call.in_shape[-1])
    return 0


def elementwise_ops(call: LayerCall) -> int:
    """Non-MAC work of one layer, by the counting rules in the module docstring."""
    out_n = numel(call.out_shape)
    if call.kind in MAC_KINDS:
        return out_n if call.has_bias else 0
    if call.kind == "BatchNorm2d":
        return 2 * out_n
    if call.kind in ("ReLU", "ReLU6", "Sigmoid", "ChannelScale"):
        return out_n
    if call.kind == "MaxPool2d":
        assert call.kernel_size is not None
        return out_n * (call.kernel_size[0] * call.kernel_size[1] - 1)
    if call.kind == "AvgPool2d":
        assert call.kernel_size is not None
        return out_n * call.kernel_size[0] * call.kernel_size[1]
    if call.kind == "AdaptiveAvgPool2d":
        return numel(call.in_shape)
    if call.kind == "Add":
        return out_n * (call.n_inputs - 1)
    return 0


def _window(call: LayerCall) -> tuple[Pair, Pair, Pair] | None:
    """(kernel, stride, dilation) of a layer that moves a window over the map, per axis.

    Adaptive pooling is given the window PyTorch uses when the input divides evenly;
    for a 1x1 output that is the whole map. Layers that keep every pixel return None.
    """
    if call.kind == "AdaptiveAvgPool2d":
        ins, outs = call.in_shape[2:], call.out_shape[2:]
        k = tuple(math.ceil(i / o) for i, o in zip(ins, outs, strict=True))
        s = tuple(i // o for i, o in zip(ins, outs, strict=True))
        return k, s, (1, 1)  # type: ignore[return-value]
    if call.kernel_size is None or call.stride is None:
        return None
    return call.kernel_size, call.stride, call.dilation or (1, 1)


def _advance(state: tuple[Pair, Pair], call: LayerCall) -> tuple[Pair, Pair]:
    """Receptive field and jump after one layer: r += (k - 1) * d * j; j *= s."""
    window = _window(call)
    if window is None:
        return state
    (rf, jump), (k, s, d) = state, window
    new_rf = (rf[0] + (k[0] - 1) * d[0] * jump[0], rf[1] + (k[1] - 1) * d[1] * jump[1])
    return new_rf, (jump[0] * s[0], jump[1] * s[1])


def locate(path: str, seen_stage: bool) -> tuple[str, int | None, str]:
    """(stage, block index, role) of a module path such as "layer2.0.downsample.0".

    Top-level modules before the first stage are the stem; after it, the head.
    """
    parts = path.split(".")
    if is_body_stage(parts[0]):
        block = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        role = "shortcut" if "downsample" in parts else "main"
        return parts[0], block, role
    return ("head" if seen_stage else "stem"), None, "main"


def is_gate(path: str) -> bool:
    """True for the squeeze-and-excitation rows that compute a block's channel gate
    (``...se.pool`` to ``...se.gate``); ``...se.scale`` applies it on the main path."""
    parts = path.split(".")
    return "se" in parts[:-1] and parts[-1] != "scale"


def layer_records(
    calls: Iterable[LayerCall],
    itemsize: int,
    start: tuple[Pair, Pair] = ((1, 1), (1, 1)),
) -> tuple[LayerRecord, ...]:
    """Turn raw calls into full rows: place, MACs, elementwise work, receptive field.

    The receptive field follows the main path; a shortcut starts from the state at its
    block's input, and the two merge (element-wise max) at the first main-path layer
    after the shortcut ran, i.e. the ReLU after the add. An SE gate (``is_gate``) is a
    side branch too: it starts from the main path, its global pool sees the whole map,
    and it merges at ``se.scale`` without changing the main path's jump.

    Args:
        calls: the raw calls, in execution order.
        itemsize: bytes per activation element.
        start: (receptive field, jump) at the first call's input; (1, 1) pixels for a
            network's image, something larger for a branch inside a block.
    """
    rows: list[LayerRecord] = []
    main = start
    block_in = start
    shortcut: tuple[Pair, Pair] | None = None
    gate: tuple[Pair, Pair] | None = None
    current_block: tuple[str, int | None] | None = None
    seen_stage = False
    for i, call in enumerate(calls):
        if i % 1024 == 1023:
            checkpoint()  # a deep net's rows take seconds: stop if nobody waits
        stage, block, role = locate(call.path, seen_stage)
        seen_stage = seen_stage or is_body_stage(stage)
        if (stage, block) != current_block:
            if shortcut is not None:  # a block ended on its shortcut: merge it now
                main = _merge(main, shortcut)
                shortcut = None
            current_block, block_in = (stage, block), main
        if role == "shortcut":
            shortcut = _advance(shortcut or block_in, call)
            state = shortcut
        elif is_gate(call.path):
            gate = _advance(gate or main, call)
            state = gate
        else:
            if gate is not None:
                main, gate = _merge(main, gate), None
            if shortcut is not None:
                main, shortcut = _merge(main, shortcut), None
            main = _advance(main, call)
            state = main
        rows.append(
            LayerRecord(
                path=call.path,
                kind=call.kind,
                stage=stage,
                block=block,
                role=role,
                in_shape=call.in_shape,
                out_shape=call.out_shape,
                kernel_size=call.kernel_size,
                stride=call.stride,
                padding=call.padding,
                dilation=call.dilation,
                groups=call.groups,
                params=call.params,
                macs=layer_macs(call),
                elementwise_ops=elementwise_ops(call),
                activation_bytes=numel(call.out_shape) * itemsize,
                receptive_field=state[0],
                jump=state[1],
                has_bias=call.has_bias,
                count_include_pad=call.count_include_pad,
            )
        )
    return tuple(rows)


def _merge(a: tuple[Pair, Pair], b: tuple[Pair, Pair]) -> tuple[Pair, Pair]:
    """Receptive field after adding two branches: each output sees what either saw."""
    rf = (max(a[0][0], b[0][0]), max(a[0][1], b[0][1]))
    return rf, a[1]


def output_field(rows: Sequence[LayerRecord]) -> tuple[Pair, Pair]:
    """(receptive field, jump) at the output of the last block among ``rows`` (a
    stage's or a whole trace's), after its add.

    A post-activation block ends on the ReLU after the add, which already carries the
    merged field. A pre-activation block ends on the add itself (He et al. 2016,
    "Identity Mappings": nothing after it), so its last row may be the shortcut's;
    the add's field is the larger of its two inputs', which is the maximum over the
    block's rows because a field only grows along a path.
    """
    if not rows:
        return (1, 1), (1, 1)
    last = rows[-1]
    block = [r for r in rows if (r.stage, r.block) == (last.stage, last.block)]
    if last.block is None:
        block = [last]
    rf = (
        max(r.receptive_field[0] for r in block),
        max(r.receptive_field[1] for r in block),
    )
    # The add keeps the main path's jump (_merge); an SE gate's pool has its own.
    main = [r for r in block if r.role == "main" and not is_gate(r.path)]
    return rf, (main or block)[-1].jump


def block_records(
    layers: Sequence[LayerRecord], shortcut_kinds: dict[str, str]
) -> tuple[BlockRecord, ...]:
    """Group the consecutive rows of each block.

    ``shortcut_kinds`` maps a block path such as "layer2.0" to its shortcut kind.
    """
    out: list[BlockRecord] = []
    for (stage, index), run in groupby(layers, lambda r: (r.stage, r.block)):
        rows = list(run)
        if index is None:
            continue
        path = f"{stage}.{index}"
        kind = shortcut_kinds[path]
        out.append(
            BlockRecord(
                stage=stage,
                index=index,
                path=path,
                in_shape=rows[0].in_shape,
                out_shape=rows[-1].out_shape,
                shortcut=kind,
                params=sum(r.params for r in rows),
                macs=sum(r.macs for r in rows),
                add_ops=0 if kind == "none" else numel(rows[-1].out_shape),
            )
        )
    return tuple(out)


def stage_records(layers: Sequence[LayerRecord]) -> tuple[StageRecord, ...]:
    """Stem, each layerK and the head, with the shapes at their ends and their costs."""
    out = []
    for name, run in groupby(layers, lambda r: r.stage):
        rows = list(run)
        blocks = {r.block for r in rows if r.block is not None}
        out.append(
            StageRecord(
                name=name,
                in_shape=rows[0].in_shape,
                out_shape=rows[-1].out_shape,
                n_blocks=len(blocks),
                params=sum(r.params for r in rows),
                macs=sum(r.macs for r in rows),
                activation_bytes=sum(r.activation_bytes for r in rows),
            )
        )
    return tuple(out)


def output_size(
    size: int, kernel: int, stride: int, padding: int, dilation: int = 1
) -> int:
    """PyTorch's output size of a conv or pool along one axis:
    floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def rows_by_block(trace: TraceResult) -> dict[str, list[LayerRecord]]:
    """Layer rows keyed by block path ("layer2.0"), in execution order, in one pass."""
    out: dict[str, list[LayerRecord]] = {}
    for r in trace.layers:
        if r.block is not None:
            out.setdefault(f"{r.stage}.{r.block}", []).append(r)
    return out


def main_convs(rows: Iterable[LayerRecord]) -> list[LayerRecord]:
    """The main-path Conv2d rows of one block (shortcut and SE-gate convs left out)."""
    return [
        r
        for r in rows
        if r.kind == "Conv2d" and r.role == "main" and not is_gate(r.path)
    ]


# --- stride on the 3x3 or on the first 1x1 (bottleneck nets) ------------------------
def strided_blocks(trace: TraceResult) -> list[list[LayerRecord]]:
    """Main-path convs of each bottleneck block whose main path strides."""
    out = []
    for rows in rows_by_block(trace).values():
        convs = main_convs(rows)
        if len(convs) >= 2 and any(c.stride != (1, 1) for c in convs[:2]):
            out.append(convs)
    return out


def _conv_geometry(row: LayerRecord) -> tuple[Pair, Pair, Pair, int]:
    """(kernel, stride, padding, groups) of a Conv2d row; the trace fills all four."""
    if row.kernel_size is None or row.stride is None or row.padding is None:
        raise ValueError(f"{row.path} is not a conv row")
    return row.kernel_size, row.stride, row.padding, row.groups or 1


def macs_with_stride_on(trace: TraceResult, place: str) -> int:
    """Total MACs of this bottleneck net had its strided blocks strided on ``place``.

    "3x3" is torchvision's ResNet v1.5 layout, "1x1" He et al. 2016's (stride in the
    first 1x1 conv). Only the first two convs of a strided block change; the 3x3's
    output, and so everything after it, is the same size in both layouts.

    Raises:
        ValueError: ``place`` is not "3x3" or "1x1", or the net has no bottlenecks.
    """
    if place not in ("3x3", "1x1"):
        raise ValueError(f"place must be '3x3' or '1x1' (got {place!r})")
    if trace.config.block != "bottleneck":
        raise ValueError("stride placement applies to bottleneck blocks only")
    total = trace.total_macs
    for conv1, conv2, *_ in strided_blocks(trace):
        k1, st1, p1, g1 = _conv_geometry(conv1)
        k3, st3, p3, g3 = _conv_geometry(conv2)
        stride = max(st1, st3)
        s1, s3 = (stride, (1, 1)) if place == "1x1" else ((1, 1), stride)
        n, c_in, h, w = conv1.in_shape
        h1, w1 = (output_size(v, k1[i], s1[i], p1[i]) for i, v in enumerate((h, w)))
        h2, w2 = (output_size(v, k3[i], s3[i], p3[i]) for i, v in enumerate((h1, w1)))
        if (h2, w2) != conv2.out_shape[2:]:
            raise ValueError(f"{conv2.path}: the other layout changes the output size")
        new1 = conv_macs((n, conv1.out_shape[1], h1, w1), c_in, g1, k1)
        new2 = conv_macs((n, conv2.out_shape[1], h2, w2), conv2.in_shape[1], g3, k3)
        total += new1 + new2 - conv1.macs - conv2.macs
    return total


def output_size_ceil(
    size: int, kernel: int, stride: int, padding: int, dilation: int = 1
) -> int:
    """PyTorch's output size with ``ceil_mode=True`` (ResNet-D's avg-down pool):
    the division rounds up, unless the last window would start in the right padding.
    """
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + padding:
        out -= 1
    return out
