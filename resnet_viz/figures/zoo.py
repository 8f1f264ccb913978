"""Figures of one block of the zoo: its branch graph (DOT) and its branches as rows of
3D volumes (plotly). Imports plotly and the core's plain-data modules only: never torch
or streamlit, so a hand-built TraceResult is all a test needs.

Both read a block trace's stages as branches and merges, and ``StageRecord.inputs`` for
the wiring (see resnet_viz.zoo.trace for how a lone block fills the contract).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from resnet_viz.figures.graph import FONT, Dot, dot_document, dot_quote, node_id
from resnet_viz.figures.palette import (
    END_COLOURS,
    INK,
    INPUT_COLOR,
    MERGE_COLOR,
    QUALITATIVE,
    SHORTCUT_STYLES,
    STAGE_COLOURS,
)
from resnet_viz.figures.scene import (
    DEPTH,
    FIT_TO_COLUMN,
    TARGET,
    X_PX,
    Box,
    SplitSizer,
    box_traces,
    check_scale,
    hwc,
    scene_figure,
    text_trace,
)
from resnet_viz.figures.volumes import scale_rule, volume_text
from resnet_viz.formats import human, shape_text
from resnet_viz.i18n import DEFAULT_LANG, t, word
from resnet_viz.records import LayerRecord, Shape, StageRecord, TraceResult
from resnet_viz.stats import is_gate
from resnet_viz.text import TIMES, conv_text, tensor_text

# Layers that keep the shape: drawn inside the unit of the op before (or after) them.
_KEEPS_SHAPE = ("BatchNorm2d", "ReLU", "ReLU6", "Sigmoid", "Dropout")
_WORDS = {"BatchNorm2d": "BN", "ReLU": "ReLU", "ReLU6": "ReLU6", "Sigmoid": "sigmoid"}
_MERGES = ("Add", "Concat", "ChannelScale")
# A volume row: name, colour, boxes (shape, label, hover), and the rows it reads.
_Row = tuple[str, str, list[tuple[Shape, str, str]], tuple[str, ...]]
# Shorter names for the ops of a separable conv (timm's module names).
_SHORT = {"depthwise_conv2d": "depthwise", "pointwise_conv2d": "pointwise"}


# --- shared: units, labels, parallel branches collapsed -------------------------------
def units(rows: Sequence[LayerRecord], preact: bool = False) -> list[list[LayerRecord]]:
    """A branch's rows grouped into drawable units: one op that computes or merges
    (conv, pool, add, concat, ...) with the BN and activations around it.

    Activations that come first (NASNet's ReLU-conv-BN) join the op after them; the
    rest join the op before them. With ``preact`` (a pre-activation residual block,
    He et al. 2016) every BN and ReLU joins the conv after it: "BN + ReLU + conv".
    """
    out: list[list[LayerRecord]] = []
    pending: list[LayerRecord] = []
    for r in rows:
        if preact and r.kind in _KEEPS_SHAPE:
            pending.append(r)
        elif r.kind in _KEEPS_SHAPE:
            # After a merge, BN and activations belong to the next op (pre-activation
            # DenseNet: concat, then BN-ReLU-conv); after anything else, to that op.
            if out and not pending and _main_row(out[-1]).kind not in _MERGES:
                out[-1].append(r)
            else:
                pending.append(r)
        else:
            out.append([*pending, r])
            pending = []
    if pending and out:
        out[-1] += pending  # trailing BN/ReLU after a merge: "sum + BN"
    elif pending:
        out.append(pending)
    return out


def _is_preact(trace: TraceResult) -> bool:
    """A zoo trace of a basic or bottleneck block with order "pre"."""
    settings = dict(getattr(trace.config, "settings", ()))
    return settings.get("order") == "pre"


def _main_row(unit: Sequence[LayerRecord]) -> LayerRecord:
    """The unit's op: its first row that is not BN or an activation."""
    return next((r for r in unit if r.kind not in _KEEPS_SHAPE), unit[0])


def unit_label(unit: Sequence[LayerRecord], lang: str = DEFAULT_LANG) -> str:
    """ "conv 3×3, 64", "depthwise_conv2d 5×5, 16, dw + BN", "+ (2 inputs)"."""
    op = _main_row(unit)
    name = op.path.rsplit(".", 1)[-1]
    short = _SHORT.get(name, name)
    name = "" if name.isdigit() else word("zf.short_", short, lang) + " "
    if op.kind == "Conv2d":
        text = name + conv_text(op, show_stride=True)
        if op.groups and op.groups > 1 and op.groups == op.in_shape[1]:
            kernel = shape_text(op.kernel_size or (1, 1), TIMES)
            stride = "" if op.stride == (1, 1) or not op.stride else f"/{op.stride[0]}"
            dw = "" if short == "depthwise" else " " + t("zf.depthwise", lang)
            text = f"{name}{kernel}{stride}{dw}"
    elif op.kind in ("MaxPool2d", "AvgPool2d") and op.kernel_size and op.stride:
        key = "op.max_pool" if op.kind == "MaxPool2d" else "zf.avg_pool"
        text = t(key, lang, kernel=shape_text(op.kernel_size, TIMES))
        text += "" if op.stride == (1, 1) else f"/{op.stride[0]}"
    elif op.kind == "AdaptiveAvgPool2d":
        text = t("zf.global_pool", lang)
    elif op.kind == "Add":
        text = "+" if len(unit) == 1 else t("zf.sum", lang)
    elif op.kind == "Concat":
        text = t("zf.concat", lang)
    elif op.kind == "ChannelScale":
        text = t("zf.scale", lang)
    elif op.kind == "ZeroPadShortcut":
        text = t("zf.zero_pad", lang, s=op.stride[0] if op.stride else 1)
    else:
        text = _WORDS.get(op.kind, op.kind)
    before = [_WORDS.get(r.kind, r.kind) for r in unit[: unit.index(op)]]
    after = [_WORDS.get(r.kind, r.kind) for r in unit[unit.index(op) + 1 :]]
    return " + ".join([*before, text, *after])


def _signature(stage: StageRecord, rows: Sequence[LayerRecord]) -> tuple:
    return (
        stage.inputs,
        tuple((r.kind, r.kernel_size, r.stride, r.groups, r.out_shape) for r in rows),
    )


@dataclass(frozen=True, slots=True)
class _Hidden:
    """Identical parallel branches left out of a drawing, shown as one placeholder."""

    names: tuple[str, ...]
    like: str  # a drawn branch they repeat
    inputs: tuple[str, ...]
    out_shape: Shape


def _collapse(
    trace: TraceResult, max_parallel: int
) -> tuple[list[StageRecord | _Hidden], dict[str, str]]:
    """The stages to draw, with runs of more than ``max_parallel`` identical parallel
    branches (ResNeXt's split paths) cut to the first ones, a placeholder and the
    last; and which placeholder stands for each hidden stage."""
    rows = {
        s.name: [r for r in trace.layers if r.stage == s.name] for s in trace.stages
    }
    runs: list[list[StageRecord]] = []
    for s in trace.stages:
        if (
            runs
            and rows[s.name]
            and _signature(s, rows[s.name])
            == _signature(runs[-1][0], rows[runs[-1][0].name])
        ):
            runs[-1].append(s)
        else:
            runs.append([s])
    out: list[StageRecord | _Hidden] = []
    stands_for: dict[str, str] = {}
    for run in runs:
        if len(run) <= max(max_parallel, 2):
            out += run
            continue
        keep = run[: max(max_parallel - 1, 1)]
        hidden = run[len(keep) : -1]
        placeholder = _Hidden(
            tuple(s.name for s in hidden),
            keep[-1].name,
            run[0].inputs,
            run[0].out_shape,
        )
        out += [*keep, placeholder, run[-1]]
        for s in hidden:
            stands_for[s.name] = "more_" + hidden[0].name
    return out, stands_for


def _title(trace: TraceResult, lang: str) -> str:
    return t(
        "zf.title",
        lang,
        arch=trace.arch,
        inp=tensor_text(trace.input_shape),
        out=tensor_text(trace.output_shape),
        params=human(trace.total_params),
        macs=human(trace.total_macs),
    )


def _is_shortcut(trace: TraceResult, stage: str) -> bool:
    return any(r.stage == stage and r.role == "shortcut" for r in trace.layers)


def _input2_shape(trace: TraceResult) -> Shape | None:
    return next((s.in_shape for s in trace.stages if "input2" in s.inputs), None)


def _hidden_node(
    dot: Dot,
    item: _Hidden,
    first: dict[str, str],
    last: dict[str, str],
    shapes: dict[str, Shape],
    lang: str,
) -> None:
    """The "⋯ N more" note standing for collapsed parallel branches, and its inputs."""
    ident = "more_" + item.names[0]
    dot.node(
        ident,
        f"⋯ {item.names[0]} … {item.names[-1]}\n"
        + t("zf.more_branches", lang, n=len(item.names), like=item.like),
        shape="note",
        fillcolor="#ffffff",
        color=INK,
    )
    first[ident] = last[ident] = ident
    shapes[ident] = item.out_shape
    for src in item.inputs:
        dot.edge(last[src], ident, tensor_text(shapes[src]), style="dashed")


def _op_node(dot: Dot, name: str, unit: list[LayerRecord], lang: str) -> str:
    """A branch of one op (a merge, a pool, a lone conv) as a plain node; its id."""
    ident = node_id(unit[0].path)
    op = _main_row(unit)
    merge = op.kind in _MERGES
    bare = merge or op.kind in _KEEPS_SHAPE  # "+", "concat", "ReLU"
    label = unit_label(unit, lang)
    style = SHORTCUT_STYLES["projection"] if op.role == "shortcut" else {}
    dot.node(
        ident,
        label if bare else f"{name}\n{label}",
        shape="circle" if op.kind == "Add" and len(unit) == 1 else "box",
        fillcolor=END_COLOURS[0] if merge else "#ffffff",
        color=style.get("color", INK),
    )
    return ident


def _branch_cluster(
    dot: Dot,
    item: StageRecord,
    groups: list[list[LayerRecord]],
    colours: tuple[str, str],
    lang: str,
    is_stacked: bool = False,
) -> None:
    """A branch of several ops as a cluster labelled with its params and MACs; an SE
    gate's scale also reads the unit the gate starts from. In a stacked cell the
    name and the costs take a line each, so the cluster is no wider than its ops."""
    fill, border = colours
    if groups[0][0].role == "shortcut":
        fill, border = "#fbeae8", SHORTCUT_STYLES["projection"]["color"]
    label = t(
        "zf.branch",
        lang,
        name=item.name,
        params=human(item.params),
        macs=human(item.macs),
    )
    if is_stacked:
        label = label.replace(f"{item.name} · ", f"{item.name}\n", 1)
    dot.open_cluster(node_id(item.name), label, fill, border)
    prev = None
    se_input = None  # the unit an SE gate starts from: its scale reads it too
    for unit in groups:
        ident = node_id(unit[0].path)
        dot.node(ident, unit_label(unit, lang), fillcolor="#ffffff", color=border)
        if prev is not None:
            dot.edge(prev[0], ident, tensor_text(prev[1]))
            if is_gate(_main_row(unit).path) and se_input is None:
                se_input = prev
            if _main_row(unit).kind == "ChannelScale" and se_input:
                dot.edge(se_input[0], ident, tensor_text(se_input[1]))
        prev = (ident, unit[-1].out_shape)
    dot.close_cluster()


def _input_edges(
    dot: Dot,
    trace: TraceResult,
    item: StageRecord,
    stands_for: dict[str, str],
    first: dict[str, str],
    last: dict[str, str],
    shapes: dict[str, Shape],
    lang: str,
) -> None:
    """The edges into a branch from what it reads: one per drawn source, "N × shape"
    and dashed for collapsed ones, shortcut styles where a shortcut is involved."""
    drawn: set[str] = set()
    for src in item.inputs:
        src = stands_for.get(src, src)
        if src in drawn:
            continue
        drawn.add(src)
        n_hidden = sum(1 for s in item.inputs if stands_for.get(s) == src)
        label = tensor_text(shapes[src])
        attrs: dict[str, str] = {"style": "dashed"} if n_hidden else {}
        if n_hidden:
            label = f"{n_hidden} × {label}"
        elif _is_shortcut(trace, item.name) or _is_shortcut(trace, src):
            attrs = dict(SHORTCUT_STYLES["projection"])
        elif src == "input" and item.name == "add":  # the identity shortcut
            attrs = dict(SHORTCUT_STYLES["identity"])
            label = t("sc.identity", lang) + f"\n{label}"
        dot.edge(last[src], first[item.name], label, **attrs)


# --- the branch graph -----------------------------------------------------------------
# A cell with this many merges before its output (NASNet-A's five comb iterations)
# is drawn one merge under the other: side by side its ten branches made the graph
# 2,900 px wide, ~4 px text once fitted to a laptop's column (issue 13).
STACK_MERGES = 3


def _merges(trace: TraceResult) -> list[StageRecord]:
    """The stages that merge two or more inputs, the block's last one excepted."""
    return [s for s in trace.stages[:-1] if len(s.inputs) >= 2]


def _is_stacked(trace: TraceResult) -> bool:
    """Whether the block is a wide cell drawn merge under merge (NASNet-A)."""
    return len(_merges(trace)) >= STACK_MERGES


def _drop_common_shape(dot: Dot, trace: TraceResult, title: str, lang: str) -> str:
    """In a stacked cell every inner tensor has one shape (NASNet-A: 56×56×42):
    written once in the title instead of on each of its ~40 edges, which took
    the room that kept the cell within a laptop's column."""
    common = Counter(tensor_text(s.out_shape) for s in trace.stages[:-1])
    shape, _ = common.most_common(1)[0]
    label = f"label={dot_quote(shape)}"
    dot.edges[:] = [
        e.replace(f"[{label}, ", "[").replace(f" [{label}]", "") for e in dot.edges
    ]
    return title + "\n" + t("zf.common_shape", lang, shape=shape)


def _stack_merges(
    dot: Dot, trace: TraceResult, first: dict[str, str], last: dict[str, str]
) -> None:
    """Invisible edges from each merge to the branches of the next, so that Graphviz
    ranks the merges of a wide cell one below the other instead of side by side."""
    merges = _merges(trace)
    readers = Counter(src for s in trace.stages for src in s.inputs)
    for above, below in itertools.pairwise(merges):
        for src in below.inputs:
            # Only a branch of the merge below alone: a shared input (NASNet's
            # adapted h and h[i-1]) stays on top, where every merge reads it.
            if src in first and readers[src] == 1:
                dot.edge(last[above.name], first[src], "", style="invis")


def zoo_graph_dot(
    trace: TraceResult, max_parallel: int = 4, *, lang: str = DEFAULT_LANG
) -> str:
    """A block as a DOT digraph: input(s), one cluster per branch, merges, output,
    and the tensor shape (H×W×C) on every edge.

    A branch of several ops is a cluster labelled with its params and MACs; a single
    op (a merge, a pool) is a plain node; torchvision's functional add (no module) is
    a "+" node. A shortcut branch is drawn in the projection style of the network
    graph. More than ``max_parallel`` identical parallel branches (ResNeXt's split
    form) are cut to the first ones, a "⋯ N more" node and the last.

    Args:
        trace: a block trace from resnet_viz.zoo.trace_block.
        max_parallel: identical parallel branches drawn before collapsing (>= 2).
        lang: the language of the words in labels ("en" or "zh").

    Returns:
        DOT source text; node ids are module paths made DOT-safe.
    """
    dot = Dot()
    first: dict[str, str] = {}  # stage -> its first node
    last: dict[str, str] = {}  # stage -> its last node
    shapes: dict[str, Shape] = {"input": trace.input_shape}
    dot.end_node("input", t("stage.input", lang), trace.input_shape)
    last["input"] = "input"
    in2 = _input2_shape(trace)
    if in2 is not None:
        dot.end_node("input2", t("zf.input2", lang), in2)
        last["input2"], shapes["input2"] = "input2", in2
    stages, stands_for = _collapse(trace, max_parallel)
    is_stacked = _is_stacked(trace)
    colour_index = 0
    for item in stages:
        if isinstance(item, _Hidden):
            _hidden_node(dot, item, first, last, shapes, lang)
            continue
        rows = [r for r in trace.layers if r.stage == item.name]
        groups = units(rows, _is_preact(trace))
        shapes[item.name] = item.out_shape
        if not groups:  # a functional add: no module, no rows
            ident = node_id(item.name)
            dot.node(ident, "+", shape="circle", fillcolor=END_COLOURS[0], color=INK)
            first[item.name] = last[item.name] = ident
        elif len(groups) == 1:
            first[item.name] = last[item.name] = _op_node(
                dot, item.name, groups[0], lang
            )
        else:
            colours = STAGE_COLOURS[colour_index % len(STAGE_COLOURS)]
            colour_index += 1
            _branch_cluster(dot, item, groups, colours, lang, is_stacked)
            first[item.name] = node_id(groups[0][0].path)
            last[item.name] = node_id(groups[-1][0].path)
        _input_edges(dot, trace, item, stands_for, first, last, shapes, lang)
    title = _title(trace, lang)
    if is_stacked:
        _stack_merges(dot, trace, first, last)
        title = _drop_common_shape(dot, trace, title, lang)
    out_stage = trace.stages[-1].name
    dot.end_node("output", t("stage.output", lang), trace.output_shape)
    dot.edge(last[out_stage], "output", tensor_text(trace.output_shape))
    return dot_document(
        "block",
        {
            "rankdir": "TB",
            "label": title,
            "labelloc": "t",
            "fontname": FONT,
            "fontsize": 14,
            # A stacked cell packs its columns closer: 779 pt -> 678 pt wide.
            "nodesep": 0.2 if is_stacked else 0.3,
            "ranksep": 0.3,
            "bgcolor": "#ffffff",
        },
        dot,
        node_margin="0.12,0.04",
    )


def _volume_rows(
    trace: TraceResult,
    stages: Sequence[StageRecord | _Hidden],
    stands_for: dict[str, str],
    lang: str,
) -> list[_Row]:
    """The rows to draw: the input(s), then one per branch or merge (merges of one
    box grey, branches in the qualitative colours in turn), and one text row per
    collapsed run (recorded in ``stands_for``)."""
    inp = t("stage.input", lang)
    rows_spec: list[_Row] = [
        (
            "input",
            INPUT_COLOR,
            [(trace.input_shape, volume_text(trace.input_shape), f"<b>{inp}</b>")],
            (),
        )
    ]
    in2 = _input2_shape(trace)
    if in2 is not None:
        hover2 = t("zf.input2_hover", lang)
        rows_spec.append(("input2", INPUT_COLOR, [(in2, volume_text(in2), hover2)], ()))
    colour_index = 0
    for item in stages:
        if isinstance(item, _Hidden):
            label = "⋯ " + t("zf.more_like", lang, n=len(item.names), like=item.like)
            rows_spec.append((label, "", [], item.inputs))
            stands_for[label] = "more_" + item.names[0]
            continue
        boxes_spec, merge = _branch_boxes(trace, item, lang)
        if merge and len(boxes_spec) == 1:
            colour = MERGE_COLOR
        else:
            colour = QUALITATIVE[colour_index % len(QUALITATIVE)]
            colour_index += 1
        rows_spec.append((item.name, colour, boxes_spec, item.inputs))
    return rows_spec


def _branch_boxes(
    trace: TraceResult, item: StageRecord, lang: str
) -> tuple[list[tuple[Shape, str, str]], bool]:
    """A branch's boxes (shape, label, hover), one per op's output, and whether it
    merges (an add, a concat, a functional add)."""
    layer_rows = [r for r in trace.layers if r.stage == item.name]
    boxes_spec = []
    merge = False
    for unit in units(layer_rows, _is_preact(trace)):
        op = _main_row(unit)
        merge = merge or op.kind in _MERGES
        out = t("vf.out", lang, shape=volume_text(unit[-1].out_shape))
        costs = t(
            "vf.costs",
            lang,
            params=human(sum(r.params for r in unit)),
            macs=human(sum(r.macs for r in unit)),
        )
        hover = f"<b>{op.path}</b> · {unit_label(unit, lang)}<br>{out}<br>{costs}"
        boxes_spec.append((unit[-1].out_shape, volume_text(unit[-1].out_shape), hover))
    if not layer_rows:  # a functional add
        merge = True
        boxes_spec.append(
            (item.out_shape, volume_text(item.out_shape), f"<b>{item.name}</b> (+)")
        )
    return boxes_spec, merge


def _place_rows(
    rows_spec: Sequence[_Row], size: SplitSizer, stands_for: dict[str, str], lang: str
) -> tuple[list[Box], list[tuple[float, float, float, str]]]:
    """The rows' boxes in scene units, and each row's name at its right end.

    Each row starts right of where the rows it reads end, so data flows left to
    right and parallel branches line up; rows stack downwards in execution order,
    far enough apart that a box's top face (seen from above) clears the row above.
    """
    gap = 0.4 * TARGET
    boxes: list[Box] = []
    names: list[tuple[float, float, float, str]] = []
    x_end: dict[str, float] = {}
    prev_name = "input"
    z = 0.0
    prev_half = 0.0
    for n, (name, colour, specs, reads) in enumerate(rows_spec):
        dims = [size.dims(s) for s, _, _ in specs]
        half = max((h for _, _, h in dims), default=0.2 * TARGET) / 2
        depth_up = 0.5 * max((w for _, w, _ in dims), default=0.0)
        if n:
            z -= prev_half + half + depth_up + 0.4 * TARGET
        prev_half = half
        ends = [x_end.get(stands_for.get(r, r), 0.0) for r in reads]
        x0 = max(ends, default=-gap) + gap
        x = x0
        shown = t("stage.input", lang) if name == "input" else name
        for i, ((_, label, hover), (d, w, h)) in enumerate(
            zip(specs, dims, strict=True)
        ):
            # Label only the last box of each run of equal shapes: a separable branch
            # of four 56×56×42 boxes gets one label, and hover names every box.
            same_next = i + 1 < len(specs) and specs[i + 1][1] == label
            text = "" if same_next else label
            boxes.append(Box(shown, colour, x, d, w, h, z, text, hover))
            x += d + gap
        # A placeholder row has no boxes: its name lines up with its siblings'.
        x_end[stands_for.get(name, name)] = x - gap if specs else x_end[prev_name]
        prev_name = stands_for.get(name, name)
        # The name goes right of the row: left of it sit the labels of the row above.
        names.append((x_end[stands_for.get(name, name)] + 0.05 * TARGET, 0.0, z, shown))
    return boxes, names


# --- every branch as a row of volumes -------------------------------------------------
def zoo_volume_figure(
    trace: TraceResult,
    scale: str = "sqrt",
    max_parallel: int = 4,
    *,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """Every branch of a block as a row of H×W×C cuboids, one per op's output.

    The first row holds the block's input (and input2); then one row per branch or
    merge, top to bottom in execution order, named on the right and coloured per
    branch (merges grey); each run of equal shapes is labelled "H×W×C" beneath its
    last box, and each box's hover names
    the op, its shape, params and MACs. Collapsed parallel branches (see
    ``zoo_graph_dot``) become one text row.

    Args:
        trace: a block trace.
        scale: "linear", "sqrt" or "log", applied to C; H and W are linear, the
            largest side half the scene toolkit's TARGET (a block's rows stack, and
            full-size squares would push them far apart), the deepest box TARGET.
            The title states the rule.
        max_parallel: identical parallel branches drawn before collapsing.
        lang: the language of the title, row names, labels and hover.

    Returns:
        A plotly figure: one Mesh3d per branch, outlines, labels and row names.
    """
    shapes = [trace.input_shape, *(r.out_shape for r in trace.layers)]
    f = check_scale(scale)
    # The deepest box is TARGET long (the volume figures' DEPTH x TARGET is for a
    # row of stages; a block's rows hold a few boxes each, whose labels need the
    # room), the tallest TARGET / 2.
    norm = DEPTH * max(f(hwc(s)[2]) for s in shapes)
    spatial = 2 * max(max(hwc(s)[:2]) for s in shapes)
    stages, stands_for = _collapse(trace, max_parallel)
    rows_spec = _volume_rows(trace, stages, stands_for, lang)
    boxes, names = _place_rows(
        rows_spec, SplitSizer(scale, norm, spatial), stands_for, lang
    )
    # Pixels per scene unit if the widest row spans the frame: lets neighbouring
    # labels of thin boxes drop to a second line instead of overlapping.
    span = max(b.x1 for b in boxes) - min(b.x0 for b in boxes)
    traces = box_traces(boxes, "below", X_PX / span, lang=lang)
    for drawn in traces:
        if isinstance(drawn, go.Mesh3d):
            drawn.showlegend = False
    # The row names go before the shape labels: the browser lays labels out in their
    # order, so a name keeps its place beside its row and a shape label gives way.
    row_names = text_trace(names, "middle right", t("zf.row_names", lang), size=12)
    traces.insert(len(traces) - 1, row_names)
    # Fitted to its column in the browser, which lays the labels out there: neighbouring
    # thin boxes' labels ran into each other ("56×56×16" into "56×56×64").
    # A label moves at most a line: rows sit close, and two lines away it would name a
    # box of the next row (NASNet's cell). One with no place is left to hover.
    size = {
        **FIT_TO_COLUMN,
        "meta": {**FIT_TO_COLUMN["meta"], "rv_moves": [0, 1, -1]},
        "height": min(1400, max(480, 100 * len(rows_spec))),
        "showlegend": False,
    }
    title = f"{_title(trace, lang)}<br><span style='font-size:0.8em'>"
    title += f"{scale_rule(scale, lang)}</span>"
    return scene_figure(traces, title, 0.1 * TARGET, 0.15 * TARGET, size)
