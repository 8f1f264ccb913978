"""The classroom walkthrough: a TraceResult cut into steps, one per operation group.

Core: imports records, tables, text and i18n only (no torch, no streamlit). Steps
carry catalogue keys and format values, never final text, so one list serves every
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from .i18n import t
from .records import BlockRecord, LayerRecord, Shape, TraceResult
from .registry import whole_number
from .tables import output_size_formula
from .text import hw_text, kernel_text, pair_text, tensor_text

Values = tuple[tuple[str, str | int], ...]
Text = tuple[str, Values]  # (catalogue key, format values)

# A new operation group starts at one of these; BN, ReLU, dropout... join the group
# before them ("conv → BN → ReLU" is one step inside a block).
_STARTERS = frozenset(
    {"Conv2d", "Linear", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"}
)
_POOLS = frozenset({"MaxPool2d", "AvgPool2d"})


@dataclass(frozen=True, slots=True)
class Step:
    """One stop of the tensor's journey; every text is a catalogue key plus values."""

    index: int  # 0-based position in the list; the page and URL show index + 1
    id: str  # stable id: "input", a layer path, or "<block>.shortcut" / ".add" / ...
    kind: str  # input, conv, bn, relu, maxpool, avgpool, fc, shortcut, add, se,
    #            repeat or generic (an unknown layer kind)
    stage: str  # "input", "stem", "layer1".."layerK", "head" (or a new stage name)
    block: int | None
    paths: tuple[str, ...]  # layer rows this step covers (empty for input)
    in_shape: Shape
    out_shape: Shape
    hyper: tuple[tuple[str, str], ...]  # (catalogue key of the label, value)
    formula: str  # output-size arithmetic of the step's window op, or ""
    params: int  # parameters of this step's rows
    macs: int
    total_params: int  # running totals up to and including this step
    total_macs: int
    title: Text
    explain: tuple[Text, ...]

    @property
    def is_repeat(self) -> bool:
        """True for a collapsed run of repeated blocks (a step a lesson may skip)."""
        return self.kind == "repeat"


def _v(**values: str | int) -> Values:
    return tuple(values.items())


def _channels(shape: Shape) -> int:
    return shape[1]


def _hw(shape: Shape) -> str:
    return hw_text(shape) if len(shape) == 4 else "1×1"


def _hyper(row: LayerRecord) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    if row.kernel_size is not None:
        out.append(("word.kernel", kernel_text(row.kernel_size)))
    if row.stride is not None:
        out.append(("word.stride", pair_text(row.stride)))
    if row.padding is not None:
        out.append(("word.padding", pair_text(row.padding)))
    if row.groups is not None and row.groups > 1:
        out.append(("word.groups", str(row.groups)))
    if len(row.in_shape) >= 2 and len(row.out_shape) >= 2:
        out.append(("word.channels", f"{row.in_shape[1]} → {row.out_shape[1]}"))
    return tuple(out)


def _formula(rows: Sequence[LayerRecord]) -> str:
    """The arithmetic of the first row in the group that changes or could change
    the map size (a conv or a pool)."""
    for row in rows:
        text = output_size_formula(row)
        if text.startswith("⌊") or text.startswith("H:"):
            return text  # adaptive pools have no arithmetic: the text explains them
    return ""


class _Builder:
    """Accumulates steps and running totals."""

    def __init__(self, trace: TraceResult) -> None:
        self.trace = trace
        self.steps: list[Step] = []
        self.params = 0
        self.macs = 0

    def add(
        self,
        *,
        id: str,
        kind: str,
        stage: str,
        block: int | None,
        rows: Sequence[LayerRecord],
        in_shape: Shape,
        out_shape: Shape,
        title: Text,
        explain: Sequence[Text],
        hyper: tuple[tuple[str, str], ...] = (),
        formula: str = "",
    ) -> None:
        params = sum(r.params for r in rows)
        macs = sum(r.macs for r in rows)
        self.params += params
        self.macs += macs
        self.steps.append(
            Step(
                index=len(self.steps),
                id=id,
                kind=kind,
                stage=stage,
                block=block,
                paths=tuple(r.path for r in rows),
                in_shape=in_shape,
                out_shape=out_shape,
                hyper=hyper,
                formula=formula,
                params=params,
                macs=macs,
                total_params=self.params,
                total_macs=self.macs,
                title=title,
                explain=tuple(explain),
            )
        )


def _conv_texts(rows: Sequence[LayerRecord]) -> tuple[str, Text, list[Text]]:
    """Kind, title and explanation of a group that starts with a conv."""
    conv = rows[0]
    assert conv.kernel_size is not None
    assert conv.stride is not None
    assert conv.padding is not None
    cin, cout = conv.in_shape[1], conv.out_shape[1]
    kernel = kernel_text(conv.kernel_size)
    title = (
        "wt.title.conv",
        _v(path=conv.path, kernel=kernel, stride=pair_text(conv.stride)),
    )
    explain: list[Text] = [
        (
            "wt.explain.conv",
            _v(
                kernel=kernel,
                stride=pair_text(conv.stride),
                padding=pair_text(conv.padding),
                cin=cin,
                cout=cout,
            ),
        )
    ]
    hin, hout = _hw(conv.in_shape), _hw(conv.out_shape)
    if hin != hout:
        explain.append(
            ("wt.explain.shrink", _v(stride=pair_text(conv.stride), hin=hin, hout=hout))
        )
    elif conv.kernel_size != (1, 1):
        explain.append(
            ("wt.explain.same_size", _v(padding=pair_text(conv.padding), hw=hin))
        )
    if conv.kernel_size == (1, 1):
        key = "wt.explain.conv1x1_reduce" if cout < cin else "wt.explain.conv1x1_expand"
        explain.append((key, _v(cin=cin, cout=cout)))
    if conv.groups is not None and conv.groups > 1:
        explain.append(
            ("wt.explain.groups", _v(groups=conv.groups, per=cin // conv.groups))
        )
    followers = [r.kind for r in rows[1:]]
    if "BatchNorm2d" in followers and "ReLU" in followers:
        explain.append(("wt.explain.then_bn_relu", ()))
    elif "BatchNorm2d" in followers:
        explain.append(("wt.explain.then_bn", ()))
    elif "ReLU" in followers:
        explain.append(("wt.explain.then_relu", ()))
    return "conv", title, explain


def _single_texts(rows: Sequence[LayerRecord]) -> tuple[str, Text, list[Text]]:
    """Kind, title and explanation of a group led by any row (conv or otherwise)."""
    row = rows[0]
    if row.kind == "Conv2d" and row.kernel_size and row.stride and row.padding:
        return _conv_texts(rows)
    shape = tensor_text(row.out_shape)
    if row.kind == "BatchNorm2d":
        return (
            "bn",
            ("wt.title.bn", _v(path=row.path)),
            [
                (
                    "wt.explain.bn",
                    _v(c=_channels(row.out_shape), params=row.params, shape=shape),
                )
            ],
        )
    if row.kind == "ReLU":
        return (
            "relu",
            ("wt.title.relu", _v(path=row.path)),
            [("wt.explain.relu", _v(shape=shape))],
        )
    if row.kind in _POOLS and row.kernel_size and row.stride:
        kernel = kernel_text(row.kernel_size)
        return (
            "maxpool" if row.kind == "MaxPool2d" else "pool",
            (
                "wt.title.maxpool" if row.kind == "MaxPool2d" else "wt.title.avgpool_k",
                _v(path=row.path, kernel=kernel, stride=pair_text(row.stride)),
            ),
            [
                (
                    "wt.explain.maxpool"
                    if row.kind == "MaxPool2d"
                    else "wt.explain.avgpool_k",
                    _v(
                        kernel=kernel,
                        stride=pair_text(row.stride),
                        hin=_hw(row.in_shape),
                        hout=_hw(row.out_shape),
                        c=_channels(row.out_shape),
                    ),
                )
            ],
        )
    if row.kind == "AdaptiveAvgPool2d":
        return (
            "avgpool",
            ("wt.title.avgpool", _v(path=row.path)),
            [
                (
                    "wt.explain.avgpool"
                    if row.out_shape[2:] == (1, 1)
                    else "wt.explain.avgpool_fixed",
                    _v(
                        c=_channels(row.in_shape),
                        hw=_hw(row.in_shape),
                        hout=_hw(row.out_shape),
                    ),
                )
            ],
        )
    if row.kind == "Linear":
        explain: list[Text] = [
            (
                "wt.explain.fc",
                _v(fin=row.in_shape[-1], fout=row.out_shape[-1], params=row.params),
            )
        ]
        if any(r.kind == "ReLU" for r in rows[1:]):
            explain.append(("wt.explain.then_relu", ()))
        return "fc", ("wt.title.fc", _v(path=row.path)), explain
    return (
        "generic",
        ("wt.title.generic", _v(path=row.path, kind=row.kind)),
        [
            (
                "wt.explain.generic",
                _v(
                    kind=row.kind,
                    inp=tensor_text(row.in_shape),
                    out=tensor_text(row.out_shape),
                ),
            )
        ],
    )


def _emit_group(
    b: _Builder,
    rows: Sequence[LayerRecord],
    stage: str,
    block: int | None,
    texts: tuple[str, Text, list[Text]] | None = None,
) -> None:
    """One step for an op group: its texts are ``_single_texts``' unless given."""
    kind, title, explain = _single_texts(rows) if texts is None else texts
    if stage == "stem" and rows[0].path == "conv1.0":
        # A deep stem (He et al. 2019, "Bag of Tricks", Fig. 2b: ResNet-C).
        explain.insert(0, ("wt.explain.deep_stem", ()))
    if stage == "head" and rows[0].kind == "BatchNorm2d":
        # A pre-activation net's final BN-ReLU (He et al. 2016, "Identity Mappings").
        explain.insert(0, ("wt.explain.final_bn", ()))
    b.add(
        id=rows[0].path,
        kind=kind,
        stage=stage,
        block=block,
        rows=rows,
        in_shape=rows[0].in_shape,
        out_shape=rows[-1].out_shape,
        title=title,
        explain=explain,
        hyper=_hyper(rows[0]),
        formula=_formula(rows[:1]),
    )


def _op_groups(rows: Sequence[LayerRecord]) -> list[list[LayerRecord]]:
    """Split rows into groups, each led by a conv/linear/pool (followers attach)."""
    groups: list[list[LayerRecord]] = []
    for row in rows:
        if row.kind in _STARTERS or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
    return groups


def _preact_groups(rows: Sequence[LayerRecord]) -> list[list[LayerRecord]]:
    """Split a pre-activation block's main rows into BN → ReLU → conv groups (He et
    al. 2016, "Identity Mappings", Fig. 4e): a group starts at each BN."""
    groups: list[list[LayerRecord]] = []
    for row in rows:
        if row.kind == "BatchNorm2d" or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
    return groups


def _is_se(row: LayerRecord) -> bool:
    return ".se." in f".{row.path}."


def _run_tag(row: LayerRecord) -> str:
    """Which part of a block a row belongs to: "shortcut", "se" or "main"."""
    return "shortcut" if row.role == "shortcut" else "se" if _is_se(row) else "main"


def _say_stage_start(
    explain: list[Text], block: BlockRecord, op: int, stage: str
) -> None:
    """The first op of a block that changes the shape says where the stage changes
    it (both block orders)."""
    if op == 1 and block.in_shape != block.out_shape:
        explain.insert(
            0,
            (
                "wt.explain.stage_start",
                _v(
                    stage=stage,
                    inp=tensor_text(block.in_shape),
                    out=tensor_text(block.out_shape),
                ),
            ),
        )


def _block_op_texts(
    block: BlockRecord, group: Sequence[LayerRecord], op: int, stage: str
) -> tuple[str, Text, list[Text]]:
    """The texts of a first block's ``op``-th main-path group: a conv is titled by
    its place in the block, and the first op says where the stage changes shape."""
    kind, title, explain = _single_texts(group)
    if kind == "conv":
        title = (
            "wt.title.block_op",
            _v(
                block=block.path,
                op=op,
                kernel=kernel_text(group[0].kernel_size),  # type: ignore[arg-type]
                stride=pair_text(group[0].stride),
            ),
        )
    _say_stage_start(explain, block, op, stage)
    return kind, title, explain


def _first_block(
    b: _Builder, block: BlockRecord, rows: Sequence[LayerRecord], stage: str
) -> None:
    """Op-level steps for the first block of a stage: ops, SE, shortcut, add."""
    add_row = None
    body = list(rows)
    # A pre-activation block starts with BN and ends on its add (no ReLU row).
    preact = bool(body) and body[0].kind == "BatchNorm2d" and body[0].role == "main"
    if (
        block.shortcut != "none"
        and body
        and body[-1].kind == "ReLU"
        and body[-1].role == "main"
    ):
        add_row = body.pop()
    # Consecutive runs: main ops (split into op groups), SE, shortcut.
    runs = [(tag, list(run)) for tag, run in groupby(body, key=_run_tag)]
    op = 0
    for tag, run in runs:
        if tag == "main":
            for group in _preact_groups(run) if preact else _op_groups(run):
                op += 1
                convs = [r for r in group if r.kind == "Conv2d"]
                if preact and convs and group[0].kind == "BatchNorm2d":
                    _preact_op(b, block, group, convs[0], op, stage)
                    continue
                texts = _block_op_texts(block, group, op, stage)
                _emit_group(b, group, stage, block.index, texts)
        elif tag == "se":
            _se_step(b, block, run, stage)
        else:
            _shortcut_step(b, block, run, stage)
    if block.shortcut != "none":
        _add_step(b, block, add_row, preact, stage)


def _se_step(
    b: _Builder, block: BlockRecord, run: Sequence[LayerRecord], stage: str
) -> None:
    """The squeeze-and-excitation step of a block: its gate's rows as one step."""
    squeeze = next(
        (r.out_shape[1] for r in run if r.kind == "Conv2d"), run[0].in_shape[1]
    )
    b.add(
        id=f"{block.path}.se",
        kind="se",
        stage=stage,
        block=block.index,
        rows=run,
        in_shape=run[0].in_shape,
        out_shape=run[-1].out_shape,
        title=("wt.title.se", _v(block=block.path)),
        explain=[
            (
                "wt.explain.se",
                _v(
                    c=run[0].in_shape[1],
                    r=squeeze,
                    shape=tensor_text(run[-1].out_shape),
                ),
            )
        ],
    )


def _add_step(
    b: _Builder,
    block: BlockRecord,
    add_row: LayerRecord | None,
    preact: bool,
    stage: str,
) -> None:
    """The residual add of a block: a pre-activation block adds onto the last conv's
    output and nothing follows; a post-activation one adds, then its ReLU (``add_row``)
    runs on the sum."""
    if preact:
        rows_add: list[LayerRecord] = []
        main_out = out_shape = block.out_shape
        title_key, explain_key = "wt.title.add_preact", "wt.explain.add_preact"
        values = _v(shape=tensor_text(block.out_shape))
    else:
        rows_add = [add_row] if add_row else []
        main_out = add_row.in_shape if add_row else block.out_shape
        out_shape = add_row.out_shape if add_row else block.out_shape
        is_identity = block.shortcut == "identity"
        title_key = "wt.title.add_identity" if is_identity else "wt.title.add"
        explain_key = "wt.explain.add_identity" if is_identity else "wt.explain.add"
        values = _v(shape=tensor_text(main_out), inp=tensor_text(block.in_shape))
    b.add(
        id=f"{block.path}.add",
        kind="add",
        stage=stage,
        block=block.index,
        rows=rows_add,
        in_shape=main_out,
        out_shape=out_shape,
        title=(title_key, _v(block=block.path)),
        explain=[(explain_key, values)],
    )


def _preact_op(
    b: _Builder,
    block: BlockRecord,
    group: Sequence[LayerRecord],
    conv: LayerRecord,
    op: int,
    stage: str,
) -> None:
    """One BN → ReLU → conv step of a pre-activation block."""
    assert conv.kernel_size is not None
    _, _, explain = _conv_texts([conv])
    explain.insert(
        0, ("wt.explain.preact_op", _v(shape=tensor_text(group[0].in_shape)))
    )
    _say_stage_start(explain, block, op, stage)
    b.add(
        id=group[0].path,
        kind="conv",
        stage=stage,
        block=block.index,
        rows=group,
        in_shape=group[0].in_shape,
        out_shape=group[-1].out_shape,
        title=(
            "wt.title.block_op_preact",
            _v(
                block=block.path,
                op=op,
                kernel=kernel_text(conv.kernel_size),
                stride=pair_text(conv.stride),
            ),
        ),
        explain=explain,
        hyper=_hyper(conv),
        formula=_formula([conv]),
    )


def _shortcut_step(
    b: _Builder, block: BlockRecord, run: Sequence[LayerRecord], stage: str
) -> None:
    first = run[0]
    inp, out = tensor_text(first.in_shape), tensor_text(run[-1].out_shape)
    stride = pair_text(first.stride) if first.stride else "1"
    has_bn = any(r.kind == "BatchNorm2d" for r in run)
    if block.shortcut == "avg_projection":
        # ResNet-D (He et al. 2019, Fig. 2c): pool, then a stride-1 1x1.
        title: Text = ("wt.title.shortcut_avg", _v(block=block.path))
        explain: list[Text] = [
            (
                "wt.explain.shortcut_avg",
                _v(
                    stride=stride,
                    inp=inp,
                    pooled=tensor_text(first.out_shape),
                    out=out,
                    params=f"{sum(r.params for r in run):,}",
                ),
            )
        ]
        if not has_bn:
            explain.append(("wt.explain.shortcut_preact", ()))
    elif block.shortcut == "projection" and not has_bn:
        # A pre-activation projection: a 1x1 conv on BN-ReLU(x), no BN of its own.
        title = ("wt.title.shortcut_proj", _v(block=block.path))
        explain = [
            (
                "wt.explain.shortcut_proj_preact",
                _v(
                    stride=stride,
                    inp=inp,
                    out=out,
                    params=f"{sum(r.params for r in run):,}",
                ),
            )
        ]
    elif block.shortcut == "zero_pad":
        title = ("wt.title.shortcut_zero", _v(block=block.path))
        extra = run[-1].out_shape[1] - first.in_shape[1]
        explain = [
            (
                "wt.explain.shortcut_zero",
                _v(stride=stride, extra=extra, inp=inp, out=out),
            )
        ]
    elif block.shortcut == "projection":
        title = ("wt.title.shortcut_proj", _v(block=block.path))
        key = (
            "wt.explain.shortcut_proj_same"
            if first.in_shape == run[-1].out_shape
            else "wt.explain.shortcut_proj"
        )
        params = sum(r.params for r in run)
        explain = [(key, _v(stride=stride, inp=inp, out=out, params=params))]
    else:
        title = ("wt.title.generic", _v(path=first.path, kind=first.kind))
        explain = [
            ("wt.explain.generic", _v(kind=first.kind, inp=inp, out=out)),
        ]
    b.add(
        id=f"{block.path}.shortcut",
        kind="shortcut",
        stage=stage,
        block=block.index,
        rows=run,
        in_shape=first.in_shape,
        out_shape=run[-1].out_shape,
        title=title,
        explain=explain,
        hyper=_hyper(first),
        formula=_formula(run[:1]),
    )


def _repeat(
    b: _Builder,
    stage: str,
    rows: Sequence[LayerRecord],
    blocks: Sequence[int],
    shortcuts: set[str],
) -> None:
    first, last = min(blocks) + 1, max(blocks) + 1
    params = sum(r.params for r in rows)
    macs = sum(r.macs for r in rows)
    if shortcuts <= {"identity"} and shortcuts:
        key = "wt.explain.repeat"
    elif "none" in shortcuts or not shortcuts:
        key = "wt.explain.repeat_plain"
    else:
        key = "wt.explain.repeat_proj"
    b.add(
        id=f"{stage}.repeat",
        kind="repeat",
        stage=stage,
        block=min(blocks),
        rows=rows,
        in_shape=rows[0].in_shape,
        out_shape=rows[-1].out_shape,
        title=(
            "wt.title.repeat" if last > first else "wt.title.repeat_one",
            _v(stage=stage, first=first, last=last),
        ),
        explain=[
            (
                key,
                _v(
                    stage=stage,
                    n=len(blocks),
                    first=first,
                    last=last,
                    inp=tensor_text(rows[0].in_shape),
                    out=tensor_text(rows[-1].out_shape),
                    params=f"{params:,}",
                    macs=f"{macs:,}",
                ),
            )
        ],
    )


def _run_kind(row: LayerRecord, blocks: Mapping[str, BlockRecord]) -> str:
    """What a run of rows starting at ``row`` becomes: "op" (a stem or head op, or a
    row outside any block), "first" (a stage's first block, or one the trace has no
    record of) or "repeat" (the later blocks of a stage)."""
    inside = row.block is not None and row.path.startswith(f"{row.stage}.{row.block}.")
    if row.stage in ("stem", "head") or not inside:
        return "op"
    if row.block == 0 or f"{row.stage}.{row.block}" not in blocks:
        return "first"
    return "repeat"


def _continues(kind: str, first: LayerRecord, row: LayerRecord) -> bool:
    """Whether ``row`` belongs to the run of ``kind`` that ``first`` started."""
    if row.stage != first.stage:
        return False
    if kind == "op":
        # Stem rows are one step each (the lesson names BN and ReLU); elsewhere an op
        # takes its followers up to the next conv, linear or pool.
        return (
            first.stage != "stem"
            and row.block == first.block
            and row.kind not in _STARTERS
        )
    if kind == "first":
        return row.block == first.block
    return row.block is not None and row.block != 0


def _runs(
    layers: Sequence[LayerRecord], blocks: Mapping[str, BlockRecord]
) -> Iterator[tuple[str, list[LayerRecord]]]:
    """The layer rows cut into consecutive runs, each with its ``_run_kind``."""
    kind, run = "", []
    for row in layers:
        if run and _continues(kind, run[0], row):
            run.append(row)
            continue
        if run:
            yield kind, run
        kind, run = _run_kind(row, blocks), [row]
    if run:
        yield kind, run


def walkthrough_steps(trace: TraceResult) -> tuple[Step, ...]:
    """The lesson for one trace: every layer row in exactly one step, in order.

    Stem and head rows are one step each (conv, BN, ReLU, pool, fc); the first block of
    every stage is taken apart op by op, with its shortcut and its add; the later
    blocks of a stage are one "repeat" step. Unknown layer kinds become generic steps.

    Args:
        trace: the traced network.

    Returns:
        The steps; step 0 is the input image.
    """
    b = _Builder(trace)
    c = trace.input_shape[1] if len(trace.input_shape) > 1 else 1
    b.add(
        id="input",
        kind="input",
        stage="input",
        block=None,
        rows=(),
        in_shape=trace.input_shape,
        out_shape=trace.input_shape,
        title=("wt.title.input", ()),
        explain=[
            (
                "wt.explain.input",
                _v(
                    shape=tensor_text(trace.input_shape), c=c, hw=_hw(trace.input_shape)
                ),
            )
        ],
    )
    blocks = {blk.path: blk for blk in trace.blocks}
    for kind, run in _runs(trace.layers, blocks):
        first = run[0]
        stage, path = first.stage, f"{first.stage}.{first.block}"
        if kind == "op":
            _emit_group(b, run, stage, first.block)
        elif kind == "first" and path in blocks:
            _first_block(b, blocks[path], run, stage)
        elif kind == "first":
            for group in _op_groups(run):
                _emit_group(b, group, stage, first.block)
        else:  # the later blocks of the stage: one skippable step
            seen = list(dict.fromkeys(r.block for r in run))
            kinds = {
                blocks[f"{stage}.{n}"].shortcut
                for n in seen
                if f"{stage}.{n}" in blocks
            }
            _repeat(b, stage, run, seen, kinds)  # type: ignore[arg-type]
    return tuple(b.steps)


def stage_starts(steps: Sequence[Step]) -> dict[str, int]:
    """The index of the first step of every stage, in order of appearance."""
    out: dict[str, int] = {}
    for s in steps:
        out.setdefault(s.stage, s.index)
    return out


def next_stage_index(steps: Sequence[Step], index: int) -> int:
    """The first step of the stage after the one ``index`` is in (or the last step)."""
    current = steps[index].stage
    for s in steps[index + 1 :]:
        if s.stage != current:
            return s.index
    return len(steps) - 1


def clamp_step(value: int, n_steps: int) -> int:
    """The nearest valid 0-based index for ``value``."""
    return max(0, min(n_steps - 1, value))


def render(text: Text, lang: str) -> str:
    """One (key, values) pair as text in ``lang``."""
    key, values = text
    return t(key, lang, **dict(values))


def step_title(step: Step, lang: str) -> str:
    """The step's title in ``lang``."""
    return render(step.title, lang)


def step_explanation(step: Step, lang: str) -> str:
    """The step's explanation sentences in ``lang``, joined."""
    return t("sep.sentence", lang).join(render(e, lang) for e in step.explain)


_RESULT = re.compile(r"= \d+")


def practice_hint(step: Step, lang: str) -> str:
    """The hint for a wrong prediction: the step's output-size arithmetic with its
    results left blank ("⌊(56 + 2·1 − 3)/1⌋ + 1 = ?"), so the student still does the
    last sum; the general rule where the step has no arithmetic of its own (or only
    a sentence that would give the answer away, as an adaptive pool's).
    """
    if step.formula.startswith(("⌊", "⌈", "H:")) and _RESULT.search(step.formula):
        return _RESULT.sub("= ?", step.formula)
    return t("wp.hint_none", lang)


def parse_shape_answer(text: str) -> tuple[int, ...] | None:
    """A student's "56×56×64" (or "56x56x64", "56 56 64", "1000") as integers.

    Returns:
        The numbers, or None when the text is not one to three whole numbers.
    """
    cleaned = text.strip().lower()
    for sep in ("×", "x", "*", ",", "，"):
        cleaned = cleaned.replace(sep, " ")
    parts = cleaned.split()
    numbers = [whole_number(p) for p in parts if not p.startswith(("+", "-"))]
    if not 1 <= len(parts) <= 3 or len(numbers) != len(parts) or None in numbers:
        return None
    return tuple(n for n in numbers if n is not None)


def expected_answer(shape: Shape) -> tuple[int, ...]:
    """The H, W, C a student should type for ``shape`` ((N, F) -> (F,))."""
    if len(shape) == 4:
        return (shape[2], shape[3], shape[1])
    return tuple(shape[1:])


def is_right_answer(answer: tuple[int, ...], shape: Shape) -> bool:
    """True when ``answer`` names ``shape``; a vector also accepts 1×1×F."""
    want = expected_answer(shape)
    return answer == want or (len(want) == 1 and answer == (1, 1, want[0]))
