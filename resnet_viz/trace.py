"""trace(arch, input, **overrides) -> TraceResult: one real forward pass with hooks.

Imports torch, the builder and stats. Hooks go on a model built fresh for this call
and are removed in a ``finally``; nothing global is patched, so many sessions can trace
at once.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import torch
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode

from .blocks import ZeroPadShortcut
from .builder import VGG, ResNet, build
from .records import TraceResult
from .registry import (
    ArchSpec,
    ConfigError,
    natural_input,
    parse_field,
    parse_input,
    resolve_config,
)
from .stats import LayerCall, block_records, layer_records, numel, stage_records

DEVICES = ("meta", "cpu", "cuda")
MAX_BATCH = 4096
# A real-device trace must fit in this much memory (weights + every layer's output).
# Meta traces allocate nothing and are never refused. Override with the environment
# variable RESNET_VIZ_MEMORY_BUDGET_MB.
DEFAULT_MEMORY_BUDGET_BYTES = 2 * 1024**3


def trace(
    arch: str | None = "resnet18",
    input: int | str | tuple[int, ...] | None = None,
    *,
    batch: int | str = 1,
    device: str = "meta",
    memory_budget_bytes: int | None = None,
    **overrides: Any,
) -> TraceResult:
    """Build ``arch`` with ``overrides`` applied and trace one forward pass.

    Args:
        arch: a preset name (see ``list_archs()``), or None / "custom" to start from
            the default spec.
        input: 224, "32x48", "3x224x224" or a tuple; see ``parse_input``. None (the
            default) is the network's natural input, ``registry.natural_input``:
            32 x 32 for CIFAR-stem nets, 224 x 224 otherwise.
        batch: batch size N; shapes, MACs and activation bytes are for the whole batch.
        device: "meta" (shapes only, no memory), "cpu", or "cuda" where present.
        memory_budget_bytes: refuse a real-device trace whose weights plus activations
            would exceed this; defaults to 2 GiB.
        **overrides: any field of ArchSpec, typed or as strings.

    Returns:
        The frozen, picklable trace.

    Raises:
        ConfigError: a one-line message naming the offending field.
    """
    channels = overrides.pop("in_channels", None)
    if channels is not None:
        channels = parse_field("in_channels", channels)
    spec = resolve_config(arch, **overrides)
    if input is None:
        input = natural_input(spec)
    c, h, w = parse_input(input, channels or spec.in_channels)
    if channels is not None and channels != c:
        raise ConfigError(
            "input", key="err.in_channels", values={"c": c, "channels": channels}
        )
    if c != spec.in_channels:
        spec = resolve_config(arch, **overrides, in_channels=c)
    n = parse_batch(batch)
    dev = parse_device(device)
    name = arch if arch and arch != "custom" else "custom"
    if dev.type == "meta":
        return trace_spec(spec, (n, c, h, w), dev, name)
    estimate = trace_spec(spec, (n, c, h, w), torch.device("meta"), name)
    need = estimate.param_bytes + estimate.total_activation_bytes
    budget = memory_budget_bytes or _budget_from_env()
    if need > budget:
        raise ConfigError(
            "device",
            key="err.memory",
            values={
                "device": dev.type,
                "need": f"{need / 2**20:,.0f}",
                "budget": f"{budget / 2**20:,.0f}",
            },
        )
    return trace_spec(spec, (n, c, h, w), dev, name)


def trace_spec(
    spec: ArchSpec,
    input_shape: tuple[int, int, int, int],
    device: torch.device,
    arch: str,
    *,
    reuse_blocks: bool = True,
) -> TraceResult:
    """Trace a validated spec at a full (N, C, H, W) input shape on ``device``.

    With ``reuse_blocks`` (the default) each stage is built and run with at most two
    blocks, and the second block's rows stand for every later one: those blocks are
    built alike and see the same input shape, so their rows differ only in the path.
    Tests check that the result equals a full trace (``reuse_blocks=False``) for every
    preset and for random configs.
    """
    cap = 2 if reuse_blocks else None
    # Eval mode: BN uses running statistics, so a 1x1 map with batch 1 is valid.
    model = build(spec, device=device, max_blocks_per_stage=cap).eval()
    x = torch.randn(input_shape, device=device)
    if device.type == "meta":
        with MetaShapes():
            calls, out = collect(model, x)
    else:
        calls, out = collect(model, x)
    kinds = shortcut_kinds(model)
    params = sum(p.numel() for p in model.parameters())
    param_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    if reuse_blocks:
        for key, copies in _repeats(spec).items():
            block = model.get_submodule(key)
            params += copies * sum(p.numel() for p in block.parameters())
            param_bytes += copies * sum(
                p.numel() * p.element_size() for p in block.parameters()
            )
        calls, kinds = repeat_blocks(calls, kinds, _repeats(spec))
    layers = layer_records(calls, x.element_size())
    blocks = block_records(layers, kinds)
    return TraceResult(
        arch=arch,
        config=spec,
        device=device.type,
        input_shape=tuple(input_shape),
        output_shape=tuple(out.shape),
        layers=layers,
        blocks=blocks,
        stages=stage_records(layers),
        total_params=params,
        total_macs=sum(r.macs for r in layers),
        total_elementwise_ops=sum(r.elementwise_ops for r in layers)
        + sum(b.add_ops for b in blocks),
        total_activation_bytes=sum(r.activation_bytes for r in layers),
        param_bytes=param_bytes,
    )


class MetaShapes(TorchDispatchMode):
    """Answers inference-mode batch norm, and the few other ops a ResNet's meta trace
    would otherwise send through PyTorch's Python decompositions, with their output
    shapes.

    PyTorch has no C++ shape function for ``native_batch_norm``: on the meta device it
    runs the Python decomposition (mean, variance, broadcasts: ~0.6 ms a call, 60% of
    a resnet152 trace). Batch norm's output has its input's shape, strides and dtype,
    and its saved statistics have one value per channel, which is what the
    decomposition returns too. The residual add of two equal tensors, the head's
    global average pool (``mean`` keeping the reduced dimensions) and the classifier's
    ``addmm`` are answered the same way: their first Python decomposition would
    import torch._dynamo (~0.6 s, a fresh server's first page waits for it). Any
    other case (training mode, another dtype, broadcasting, shapes that do not match)
    goes to PyTorch's own kernel, errors included. Tests check that traces with and
    without this mode are equal for every preset.

    A dispatch mode lives on the current thread's stack only: sessions tracing on
    other threads are not affected.
    """

    _OP = torch.ops.aten.native_batch_norm.default
    _ADD = torch.ops.aten.add.Tensor
    _MEAN = torch.ops.aten.mean.dim
    _ADDMM = torch.ops.aten.addmm.default

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        # PyTorch wraps a mode's __torch_dispatch__ in torch._dynamo.disable unless
        # the mode opts out like this (TorchDispatchMode's documented switch). This
        # mode never runs under torch.compile, and the wrapper's first call imports
        # torch._dynamo: ~0.6 s of a fresh server's first page.
        return False

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
        kwargs = kwargs or {}
        if func is self._OP and not kwargs and len(args) == 8:
            x, weight, bias, mean, var, training = args[:6]
            if (
                not training
                and x.is_meta
                and x.dtype == torch.float32
                and x.dim() >= 2
                and all(
                    t is None
                    or (t.dtype == x.dtype and tuple(t.shape) == (x.shape[1],))
                    for t in (weight, bias, mean, var)
                )
            ):
                c = x.shape[1]
                return torch.empty_like(x), x.new_empty((c,)), x.new_empty((c,))
        if func is self._ADD and not kwargs and len(args) == 2:
            a, b = args
            if (
                isinstance(a, torch.Tensor)
                and isinstance(b, torch.Tensor)
                and a.is_meta
                and b.is_meta
                and a.dtype == b.dtype == torch.float32
                and a.shape == b.shape
                and a.stride() == b.stride()
            ):
                # The residual add: same shape, layout and dtype in, the same out.
                return torch.empty_like(a)
        if func is self._MEAN and not kwargs and len(args) == 3:
            x, dims, keep = args
            if (
                isinstance(x, torch.Tensor)
                and x.is_meta
                and x.dtype == torch.float32
                and keep is True
                and isinstance(dims, list | tuple)
                and len(dims) > 0  # an empty list means every dimension
                and all(isinstance(d, int) and -x.dim() <= d < x.dim() for d in dims)
                and len(gone := {d % x.dim() for d in dims}) == len(dims)
            ):
                # Global average pooling (the head, squeeze-and-excitation): the
                # reduced dimensions become 1.
                return x.new_empty(
                    [1 if i in gone else n for i, n in enumerate(x.shape)]
                )
        if func is self._ADDMM and not kwargs and len(args) == 3:
            bias, m1, m2 = args
            if (
                all(isinstance(t, torch.Tensor) and t.is_meta for t in args)
                and bias.dtype == m1.dtype == m2.dtype == torch.float32
                and m1.dim() == m2.dim() == 2
                and bias.dim() == 1
                and m1.shape[1] == m2.shape[0]
                and bias.shape[0] == m2.shape[1]
            ):
                # The classifier: bias + (n, k) @ (k, m) is (n, m).
                return m1.new_empty((m1.shape[0], m2.shape[1]))
        return func(*args, **kwargs)


def _repeats(spec: ArchSpec) -> dict[str, int]:
    """Block paths that stand for later blocks, and how many copies each needs."""
    return {f"layer{i + 1}.1": n - 2 for i, n in enumerate(spec.layers) if n > 2}


def repeat_blocks(
    calls: list[LayerCall], kinds: dict[str, str], repeats: dict[str, int]
) -> tuple[list[LayerCall], dict[str, str]]:
    """Insert copies of a block's calls after it, renamed layerK.2, layerK.3, ...

    Args:
        calls: the calls of a shortened model, in execution order.
        kinds: block path -> shortcut kind, for the blocks that ran.
        repeats: block path ("layer3.1") -> number of copies to add after it.
    """
    out: list[LayerCall] = []
    kinds = dict(kinds)
    run: list[LayerCall] = []
    run_key: str | None = None

    def flush() -> None:
        out.extend(run)
        if run_key in repeats:
            stage = run_key.split(".")[0]
            for j in range(2, repeats[run_key] + 2):
                prefix = f"{stage}.{j}"
                out.extend(
                    dataclasses.replace(c, path=prefix + c.path[len(run_key) :])
                    for c in run
                )
                kinds[prefix] = kinds[run_key]

    for call in calls:
        key = ".".join(call.path.split(".")[:2])
        if key != run_key:
            flush()
            run, run_key = [], key
        run.append(call)
    flush()
    return out, kinds


def collect(
    model: nn.Module, x: torch.Tensor, *more: torch.Tensor
) -> tuple[list[LayerCall], torch.Tensor]:
    """Run ``model(x, *more)`` with a forward hook on every leaf module; one LayerCall
    a call. A call's ``in_shape`` is its first argument's; ``n_inputs`` counts them
    (a merge such as an add of three branches has 3).

    Returns:
        The calls in execution order and the model's output.

    Raises:
        ConfigError: on the field ``input`` when the forward pass rejects the size.
    """
    static = {path: _static_info(m) for path, m in model.named_modules() if _is_leaf(m)}
    seen: list[tuple[str, tuple[int, ...], tuple[int, ...], int]] = []

    def hook_for(path: str):  # type: ignore[no-untyped-def]
        def hook(_m: nn.Module, args: tuple[Any, ...], out: torch.Tensor) -> None:
            seen.append((path, tuple(args[0].shape), tuple(out.shape), len(args)))

        return hook

    handles = [
        m.register_forward_hook(hook_for(path))
        for path, m in model.named_modules()
        if path in static
    ]
    try:
        with torch.no_grad():
            out = model(x, *more)
    except (RuntimeError, ValueError) as err:
        first = (
            str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        )
        raise ConfigError(
            "input",
            key="err.does_not_fit",
            values={"shape": tuple(x.shape[1:]), "why": first},
        ) from None
    finally:
        for h in handles:
            h.remove()
    calls = [
        LayerCall(path=p, in_shape=i, out_shape=o, n_inputs=k, **static[p])
        for p, i, o, k in seen
    ]
    return calls, out


def shortcut_kinds(model: ResNet | VGG) -> dict[str, str]:
    """Map each block path ("layer2.0") to its shortcut: identity, projection,
    zero_pad, or none for plain nets (VGG included; its group's pool is no block)."""
    kinds = {}
    for stage in model.stage_names:
        for i, block in getattr(model, stage).named_children():
            if not i.isdigit():
                continue
            if not block.has_shortcut:
                kind = "none"
            elif block.downsample is None:
                kind = "identity"
            elif isinstance(block.downsample, ZeroPadShortcut):
                kind = "zero_pad"
            else:
                kind = "projection"
            kinds[f"{stage}.{i}"] = kind
    return kinds


def _is_leaf(m: nn.Module) -> bool:
    return next(m.children(), None) is None


def _pair(v: Any) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _static_info(m: nn.Module) -> dict[str, Any]:
    """Hyper-parameters and own parameter count of a leaf module, read once."""
    info: dict[str, Any] = {
        "kind": type(m).__name__,
        "params": sum(p.numel() for p in m.parameters(recurse=False)),
    }
    if isinstance(m, nn.Conv2d):
        info.update(
            kernel_size=_pair(m.kernel_size),
            stride=_pair(m.stride),
            padding=_pair(m.padding),
            dilation=_pair(m.dilation),
            groups=m.groups,
            has_bias=m.bias is not None,
        )
    elif isinstance(m, nn.MaxPool2d | nn.AvgPool2d):
        info.update(
            kernel_size=_pair(m.kernel_size),
            stride=_pair(m.stride),
            padding=_pair(m.padding),
            dilation=_pair(getattr(m, "dilation", 1)),  # AvgPool2d has none
        )
        if isinstance(m, nn.AvgPool2d):
            info.update(count_include_pad=m.count_include_pad)
    elif isinstance(m, ZeroPadShortcut):
        info.update(
            kernel_size=(1, 1), stride=_pair(m.stride), padding=(0, 0), dilation=(1, 1)
        )
    elif isinstance(m, nn.Linear):
        info.update(has_bias=m.bias is not None)
    return info


def parse_batch(value: int | str) -> int:
    """Batch size from a typed or string value (1 to MAX_BATCH)."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= MAX_BATCH:
        raise ConfigError(
            "batch",
            key="err.int_got",
            values={"lo": 1, "hi": MAX_BATCH, "got": repr(value)},
        )
    return int(text)


def parse_device(value: str) -> torch.device:
    """A device name that works on this machine: meta, cpu, or cuda where present."""
    name = str(value).strip().lower()
    if name not in DEVICES:
        raise ConfigError(
            "device",
            key="err.choice",
            values={"allowed": ", ".join(DEVICES), "got": repr(value)},
        )
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device", key="err.no_cuda")
    return torch.device(name)


def _budget_from_env() -> int:
    mb = os.environ.get("RESNET_VIZ_MEMORY_BUDGET_MB", "")
    return (
        int(mb) * 2**20 if mb.isdigit() and int(mb) > 0 else DEFAULT_MEMORY_BUDGET_BYTES
    )


def activation_estimate_bytes(result: TraceResult) -> int:
    """Bytes a real-device trace of ``result`` would hold at most: weights + outputs."""
    return result.param_bytes + result.total_activation_bytes


__all__ = [
    "DEVICES",
    "activation_estimate_bytes",
    "collect",
    "numel",
    "trace",
    "trace_spec",
]


def available_devices() -> list[str]:
    """The devices a trace can run on here, meta first."""
    return ["meta", "cpu"] + (["cuda"] if torch.cuda.is_available() else [])
