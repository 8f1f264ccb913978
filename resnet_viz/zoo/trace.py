"""trace_block(kind, input, **settings) -> TraceResult: one block traced alone, with the
network tracer's collect() and layer_records() and the same JSON contract.

Imports torch, resnet_viz.trace / stats / records and the zoo's spec and modules; never
streamlit. How a lone block fills the contract's fields:

* ``arch`` is the block kind and ``config`` its BlockSpec (kind, in_channels, every
  setting), so ``to_dict()`` gives the JSON of a network trace with those two changed;
* each layer's ``stage`` is its branch ("branch3x3", "residual", "shortcut", "path7",
  "denselayer2", "comb_iter_0_left", ...) or merge ("concat", "add"); ``block`` is
  None; ``role`` is "shortcut" on a residual block's projection or zero-pad branch and
  "main" everywhere else;
* ``stages`` hold one StageRecord per branch and merge, in execution order, with
  ``inputs`` naming what each reads ("input", "input2" or other stages); a merge that
  has no module (the functional add of blocks.BasicBlock / Bottleneck) is a stage
  with no layers;
* ``blocks`` hold one BlockRecord for the whole block (stage "block", path = kind);
  its ``shortcut`` is identity, projection, zero_pad or none, its ``add_ops`` the
  elements summed by every add in the block;
* receptive fields are counted from the block's input(s): a branch starts where the
  stages it reads end (the widest of them).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import torch

from resnet_viz.blocks import ZeroPadShortcut
from resnet_viz.budget import Budget, check_forward
from resnet_viz.i18n import DEFAULT_LANG
from resnet_viz.records import BlockRecord, LayerRecord, Pair, StageRecord, TraceResult
from resnet_viz.registry import ConfigError
from resnet_viz.stats import LayerCall, layer_records, numel
from resnet_viz.text import tensor_text
from resnet_viz.trace import collect, parse_batch, parse_device, trace_limits

from .modules import Branch, build_block
from .spec import KINDS, BlockSpec, resolve_block

State = tuple[Pair, Pair]  # (receptive field, jump)
_START: State = ((1, 1), (1, 1))


def trace_block(
    kind: str,
    input: int | str | tuple[int, ...] = "256x56x56",
    *,
    batch: int | str = 1,
    device: str = "meta",
    memory_budget_bytes: int | None = None,
    budget: Budget | None = None,
    **settings: Any,
) -> TraceResult:
    """Build one block of the zoo and trace a forward pass through it.

    Args:
        kind: a name from ``resnet_viz.zoo.list_blocks()``.
        input: the block's input volume, "CxHxW" (e.g. "256x56x56").
        batch: batch size N.
        device: "meta" (shapes only), "cpu", or "cuda" where present.
        memory_budget_bytes: refuse a real-device trace needing more (default 2 GiB).
        budget: the full limits (resnet_viz.budget); the library's by default.
        **settings: the kind's hyper-parameters (see ``KINDS[kind].params``).

    Returns:
        The frozen, picklable trace (module docstring: how the fields are filled).

    Raises:
        ConfigError: one line naming the setting, ``input``, ``batch`` or ``device``.
    """
    spec, (c, h, w) = resolve_block(kind, input, **settings)
    n = parse_batch(batch)
    dev = parse_device(device)
    estimate = trace_block_spec(spec, (n, c, h, w), torch.device("meta"))
    if dev.type == "meta":
        return estimate
    limits = trace_limits(budget, memory_budget_bytes)
    check_forward(estimate, dev.type, limits, key="err.memory_block")
    return trace_block_spec(spec, (n, c, h, w), dev)


def input_shapes(
    spec: BlockSpec, input_shape: tuple[int, int, int, int]
) -> list[tuple[int, ...]]:
    """The (N, C, H, W) of every input the block takes: one, or two for a cell."""
    shapes: list[tuple[int, ...]] = [input_shape]
    if KINDS[spec.kind].n_inputs == 2:
        shapes.append((input_shape[0], *spec["input2"]))
    return shapes


def trace_block_spec(
    spec: BlockSpec,
    input_shape: tuple[int, int, int, int],
    device: torch.device,
    *,
    seed: int | None = None,
) -> TraceResult:
    """Trace a resolved block at a full (N, C, H, W) input on ``device`` (eval mode).

    Args:
        spec: from ``resolve_block``.
        input_shape: (N, C, H, W) of the first input.
        device: where the weights and the random inputs live.
        seed: seed the weights and inputs (real devices only), for repeatable outputs.
    """
    if seed is not None:
        torch.manual_seed(seed)
    model, branches = build_block(spec, device=device)
    model.eval()
    xs = [torch.randn(s, device=device) for s in input_shapes(spec, input_shape)]
    calls, out = collect(model, *xs)
    itemsize = xs[0].element_size()
    layers, stages, add_ops = _assemble(calls, branches, xs, itemsize)
    params = sum(p.numel() for p in model.parameters())
    block = BlockRecord(
        stage="block",
        index=0,
        path=spec.kind,
        in_shape=tuple(xs[0].shape),
        out_shape=tuple(out.shape),
        shortcut=_shortcut_kind(model, branches),
        params=params,
        macs=sum(r.macs for r in layers),
        add_ops=add_ops,
    )
    functional_adds = sum(
        numel(s.out_shape) * (len(s.inputs) - 1)
        for s in stages
        if not any(r.stage == s.name for r in layers)
    )
    return TraceResult(
        arch=spec.kind,
        config=spec,
        device=device.type,
        input_shape=tuple(input_shape),
        output_shape=tuple(out.shape),
        layers=layers,
        blocks=(block,),
        stages=stages,
        total_params=params,
        total_macs=block.macs,
        total_elementwise_ops=sum(r.elementwise_ops for r in layers) + functional_adds,
        total_activation_bytes=sum(r.activation_bytes for r in layers),
        param_bytes=sum(p.numel() * p.element_size() for p in model.parameters()),
    )


def _assemble(
    calls: list[LayerCall],
    branches: tuple[Branch, ...],
    xs: list[torch.Tensor],
    itemsize: int,
) -> tuple[tuple[LayerRecord, ...], tuple[StageRecord, ...], int]:
    """Split the calls by branch, number each branch's rows from where its inputs
    end, and summarise each branch as a StageRecord."""
    owner = {m: b for b in branches for m in b.members}
    by_branch: dict[str, list[LayerCall]] = {b.name: [] for b in branches}
    order: list[str] = []
    for call in calls:
        branch = owner[call.path.split(".")[0]]
        if order and order[-1] != branch.name and branch.name in order:
            raise RuntimeError(f"branch {branch.name!r} ran in two pieces")
        if not order or order[-1] != branch.name:
            order.append(branch.name)
        by_branch[branch.name].append(call)
    ends: dict[str, tuple[State, tuple[int, ...]]] = {
        "input": (_START, tuple(xs[0].shape))
    }
    if len(xs) > 1:
        ends["input2"] = (_START, tuple(xs[1].shape))
    layers: list[LayerRecord] = []
    stages: list[StageRecord] = []
    add_ops = 0
    for b in branches:
        start = _merge([ends[i][0] for i in b.inputs])
        rows = [
            dataclasses.replace(r, stage=b.name, block=None, role=b.role)
            for r in layer_records(by_branch[b.name], itemsize, start)
        ]
        if rows:
            end = (rows[-1].receptive_field, rows[-1].jump)
            in_shape, out_shape = rows[0].in_shape, rows[-1].out_shape
            add_ops += sum(r.elementwise_ops for r in rows if r.kind == "Add")
        else:  # a functional add: the sum of its inputs, same shape
            end = start
            in_shape = out_shape = ends[b.inputs[0]][1]
            add_ops += numel(out_shape) * (len(b.inputs) - 1)
        ends[b.name] = (end, out_shape)
        layers += rows
        stages.append(
            StageRecord(
                name=b.name,
                in_shape=in_shape,
                out_shape=out_shape,
                n_blocks=0,
                params=sum(r.params for r in rows),
                macs=sum(r.macs for r in rows),
                activation_bytes=sum(r.activation_bytes for r in rows),
                inputs=b.inputs,
            )
        )
    # Rows in execution order (the branches ran one after another, in this order).
    rank = {name: i for i, name in enumerate(order)}
    layers.sort(key=lambda r: rank[r.stage])
    return tuple(layers), tuple(stages), add_ops


def _merge(states: list[State]) -> State:
    """Where a branch starts: it sees what any of its inputs saw."""
    rf = (max(s[0][0] for s in states), max(s[0][1] for s in states))
    jump = (max(s[1][0] for s in states), max(s[1][1] for s in states))
    return rf, jump


def _shortcut_kind(model: torch.nn.Module, branches: tuple[Branch, ...]) -> str:
    """identity, projection, avg_projection (ResNet-D's pool, then the 1x1), zero_pad
    or none (no add of the block's input): the network trace's words."""
    if any(b.role == "shortcut" for b in branches):
        side = model.get_submodule("downsample")
        if isinstance(side, ZeroPadShortcut):
            return "zero_pad"
        pools = any(isinstance(m, torch.nn.AvgPool2d) for m in side.modules())
        return "avg_projection" if pools else "projection"
    adds_input = any(b.name == "add" and "input" in b.inputs for b in branches)
    return "identity" if adds_input else "none"


def compare_blocks(
    input: int | str | tuple[int, ...] = "256x56x56",
    batch: int = 1,
    lang: str = DEFAULT_LANG,
) -> list[dict[str, Any]]:
    """Every block kind at its default settings on one input, traced on meta.

    Args:
        input: the input volume, e.g. "256x56x56".
        batch: the batch size.
        lang: the language of the error cells (``ConfigError.text``).

    Returns:
        One row per kind: block, title, output shape (H×W×C), params, MACs,
        activation bytes, and an error (empty when the kind traced).
    """
    rows = []
    for name, kind in KINDS.items():
        row: dict[str, Any] = {"block": name, "title": kind.title}
        try:
            t = trace_block(name, input, batch=batch)
        except ConfigError as err:
            row.update(
                output="", params=0, MACs=0, activation_bytes=0, error=err.text(lang)
            )
        else:
            row.update(
                output=tensor_text(t.output_shape),
                params=t.total_params,
                MACs=t.total_macs,
                activation_bytes=t.total_activation_bytes,
                error="",
            )
        rows.append(row)
    return rows
