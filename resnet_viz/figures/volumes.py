"""3D "volume-by-volume" figures: every tensor drawn as an H x W x C cuboid, in a row.

Imports plotly, the standard library, the 3D scene toolkit (figures/scene.py), the
palette and resnet_viz.records / formats / i18n only: never torch or streamlit, so a
hand-built TraceResult is all a test needs.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from resnet_viz.figures.folding import Folded, fold_repeats
from resnet_viz.figures.palette import EDGE_COLOR as _EDGE_COLOR
from resnet_viz.figures.palette import INPUT_COLOR as _INPUT_COLOR
from resnet_viz.figures.palette import SHORTCUT_COLOR as _SHORTCUT_COLOR
from resnet_viz.figures.palette import SHORTCUT_STYLES as _SHORTCUT_STYLES
from resnet_viz.figures.palette import ZERO_COLOR as _ZERO_COLOR
from resnet_viz.figures.palette import stage_color
from resnet_viz.figures.scene import FIT_TO_COLUMN as _FIT_TO_COLUMN
from resnet_viz.figures.scene import LABEL_LEVELS as _LABEL_LEVELS
from resnet_viz.figures.scene import LINE_PX as _LINE_PX
from resnet_viz.figures.scene import MAX_Z as _MAX_Z
from resnet_viz.figures.scene import SCALES as SCALES  # re-exported
from resnet_viz.figures.scene import TARGET as _TARGET
from resnet_viz.figures.scene import X_PX as _X_PX
from resnet_viz.figures.scene import ZOOM as _ZOOM
from resnet_viz.figures.scene import Box as _Box
from resnet_viz.figures.scene import SplitSizer as _Sizer
from resnet_viz.figures.scene import box_traces as _box_traces
from resnet_viz.figures.scene import check_scale as _check_scale
from resnet_viz.figures.scene import hwc as _hwc
from resnet_viz.figures.scene import mesh_trace as _mesh_trace
from resnet_viz.figures.scene import outline_trace as _outline_trace
from resnet_viz.figures.scene import scene_figure
from resnet_viz.figures.scene import text_trace as _text
from resnet_viz.formats import human, shape_text
from resnet_viz.i18n import DEFAULT_LANG, stage_label, t, word
from resnet_viz.records import BlockRecord, LayerRecord, Shape, TraceResult
from resnet_viz.stats import rows_by_block
from resnet_viz.text import kernel_text, pair_text

DETAILS = ("stage", "layer")
# Layer-view limits (issue 12: one link drew 136k boxes, 183 MB of JSON per rerun).
# A box costs ~3.6 kB of figure JSON, so VOLUME_BOX_LIMIT keeps a figure near 1.5 MB;
# above it volume_figure folds repeated blocks (figures/folding.py) whatever it is
# asked. Above VOLUME_FOLD_ABOVE boxes (resnet101 and deeper) pages fold by default,
# so resnet18/34/50 keep every block. Ask first with layer_box_count(trace).
VOLUME_BOX_LIMIT = 400
VOLUME_FOLD_ABOVE = 60
# What a scene's height may span at _HEIGHT, in px: the layer view wraps its rows to
# fill it and scene.X_PX.
_Z_PX = _X_PX * _MAX_Z / _ZOOM
_ROW_BAND = 0.14  # layer view: text band between rows, as a fraction of the row length


def volume_text(shape: Shape) -> str:
    """(1, 64, 56, 56) -> "56×56×64": H×W×C as the boxes are labelled, no batch.

    Args:
        shape: (N, C, H, W), or (N, F) for the logits.

    Returns:
        The label text.
    """
    return shape_text(_hwc(shape), sep="×")


def volume_scale(trace: TraceResult, scale: str = "sqrt") -> float:
    """The normaliser this trace's volume figures divide every scaled channel count by.

    It is the largest scaled C of any tensor in the trace (input, every layer output,
    the logits), so the stage view, the layer view and the block drill-down of one
    trace share it. A comparison page passes the max over traces as ``shared_scale``.
    H and W have their own, linear normaliser (``spatial_scale``).

    Args:
        trace: the traced network.
        scale: "linear", "sqrt" or "log" (1 + log2 v).

    Returns:
        The largest scaled side, > 0.
    """
    f = _check_scale(scale)
    channels = _hwc(trace.input_shape)[2]
    for row in trace.layers:
        channels = max(channels, _hwc(row.out_shape)[2])
    return f(channels)


def spatial_scale(trace: TraceResult) -> int:
    """The largest H or W of any tensor in the trace: the volume figures draw H and W
    linearly, this many pixels being scene.TARGET units (a comparison passes the max
    over traces as ``shared_spatial``).

    Args:
        trace: the traced network.

    Returns:
        The largest side in pixels, >= 1.
    """
    h, w, _ = _hwc(trace.input_shape)
    side = max(h, w)
    for row in trace.layers:
        side = max(side, *_hwc(row.out_shape)[:2])
    return side


def scale_rule(scale: str, lang: str = DEFAULT_LANG) -> str:
    """The line every volume figure states its sizes by, e.g. "box height ∝ H,
    width ∝ W, depth ∝ √C".

    Args:
        scale: "linear", "sqrt" or "log": the channel scale.
        lang: "en" or "zh".

    Returns:
        The rule in words.
    """
    _check_scale(scale)
    return t("vf.rule", lang, c=word("vf.rule_c_", scale, lang))


def _arc(
    x0: float, x1: float, z0: float, z1: float, peak: float, n: int = 17
) -> tuple[list[float], list[float]]:
    """A raised half-sine from (x0, z0) to (x1, z1) whose top reaches ``peak``."""
    xs, zs = [], []
    for s in range(n):
        t = s / (n - 1)
        base = z0 + (z1 - z0) * t
        xs.append(x0 + (x1 - x0) * t)
        zs.append(base + (peak - max(z0, z1)) * math.sin(math.pi * t))
    return xs, zs


# --- shortcut descriptions -----------------------------------------------------------
def _conv_text(row: LayerRecord, lang: str = DEFAULT_LANG) -> str:
    """ "3×3 conv, stride 2" (plus ", 32 groups" for grouped convs)."""
    k = row.kernel_size or (1, 1)
    text = t("vf.conv", lang, kernel=kernel_text(k), stride=pair_text(row.stride, "?"))
    if row.groups and row.groups > 1:
        text += t("op.groups_suffix", lang, g=row.groups)
    return text


def _shortcut_parts(
    block: BlockRecord, rows: Sequence[LayerRecord], lang: str
) -> tuple[str, str]:
    """(kind word, detail or "") of a block's shortcut: ("projection", "1×1 conv,
    stride 2 + BN"). Captions are put together from the parts, never parsed."""
    side = [r for r in rows if r.role == "shortcut"]
    kind = word("sc.", block.shortcut, lang)
    if block.shortcut in ("projection", "avg_projection"):
        convs = [r for r in side if r.kind == "Conv2d"]
        if not convs:
            return kind, ""
        pools = [r for r in side if r.kind == "AvgPool2d"]
        text = _conv_text(convs[0], lang)
        if pools:  # ResNet-D: "2×2 avg-pool, stride 2 → 1×1 conv + BN"; the conv
            k = convs[0].kernel_size or (1, 1)  # after the pool always has stride 1
            text = t("gf.conv", lang, kernel=f"{k[0]}×{k[1]}")
        if any(r.kind.startswith("BatchNorm") for r in side):
            text += " + BN"
        if pools:
            text = t("vf.then", lang, a=_pool_text(pools[0], lang), b=text)
        if _is_preact(rows):  # the projection reads the pre-activated input
            text = t("vf.of_preact", lang, what=text)
        return kind, text
    if block.shortcut == "zero_pad":
        stride = pair_text(side[0].stride, "?") if side else "?"
        c_in, c_out = block.in_shape[1], block.out_shape[1]
        return kind, t("vf.zero_pad", lang, stride=stride, c_in=c_in, c_out=c_out)
    if block.shortcut == "none":
        return kind, t("vf.plain", lang)
    return kind, ""


def _pool_text(row: LayerRecord, lang: str = DEFAULT_LANG) -> str:
    k = row.kernel_size or (1, 1)
    return t("vf.avg_pool", lang, kernel=kernel_text(k), stride=pair_text(row.stride))


def _is_preact(rows: Sequence[LayerRecord]) -> bool:
    """A pre-activation block (He et al. 2016, "Identity Mappings"): its first row
    is a BN on the block's input, where a post-activation block starts with a conv."""
    main = [r for r in rows if r.role == "main"]
    return bool(main) and main[0].kind.startswith("BatchNorm")


def _with_detail(kind: str, detail: str, lang: str, br: bool = False) -> str:
    """ "projection (1×1 conv, stride 2 + BN)", with a line break before the bracket
    when ``br``; no bracket when there is no detail."""
    if not detail:
        return kind
    return t(
        "vf.with_detail_br" if br else "vf.with_detail", lang, kind=kind, detail=detail
    )


def shortcut_text(
    block: BlockRecord, rows: Sequence[LayerRecord], lang: str = DEFAULT_LANG
) -> str:
    """What a block's shortcut does, in words.

    Args:
        block: the block.
        rows: the block's layer rows (only its shortcut-role rows are read).
        lang: "en" or "zh".

    Returns:
        e.g. "projection (1×1 conv, stride 2 + BN)", "zero-pad (stride 2, 16→32
        channels)", "identity" or "none (plain)".
    """
    kind, detail = _shortcut_parts(block, rows, lang)
    return _with_detail(kind, detail, lang)


def _stage_shortcut_lines(
    blocks: Sequence[BlockRecord], rows: dict[str, list[LayerRecord]], lang: str
) -> tuple[list[tuple[int, str, str]], bool]:
    """(count, kind, detail) per distinct shortcut of a stage, in order of first
    appearance, and whether the stage has no shortcut at all."""
    counts: dict[tuple[str, str], int] = {}
    for b in blocks:
        parts = _shortcut_parts(b, rows.get(b.path, ()), lang)
        counts[parts] = counts.get(parts, 0) + 1
    plain = all(b.shortcut == "none" for b in blocks)
    return [(n, k, d) for (k, d), n in counts.items()], plain


def stage_shortcut_text(
    stage: str,
    blocks: Sequence[BlockRecord],
    rows: dict[str, list[LayerRecord]],
    lang: str = DEFAULT_LANG,
) -> str:
    """The shortcut kinds of one stage's blocks, counted in order of appearance.

    Args:
        stage: the stage name, e.g. "layer2".
        blocks: that stage's blocks.
        rows: layer rows by block path (see ``stats.rows_by_block``).
        lang: "en" or "zh".

    Returns:
        e.g. "layer2: 1 projection (1×1 conv, stride 2 + BN), 3 identity", or
        "layer2: no shortcuts (plain)".
    """
    lines, plain = _stage_shortcut_lines(blocks, rows, lang)
    if plain:
        return t("vf.stage_plain", lang, stage=stage)
    listed = t("sep.clause", lang).join(
        t("vf.count", lang, n=n, what=_with_detail(k, d, lang)) for n, k, d in lines
    )
    return t("vf.stage_shortcuts", lang, stage=stage, listed=listed)


# --- the figures ---------------------------------------------------------------------
def _title(
    trace: TraceResult, what: str, scale: str, lang: str, network: str | None = None
) -> str:
    """The title, naming ``network`` (e.g. "resnet18 (modified)") or the trace's arch,
    and under it, smaller, the scaling rule."""
    h, w, _ = _hwc(trace.input_shape)
    head = t(
        "vf.title",
        lang,
        arch=network or trace.arch,
        hw=f"{h}×{w}",
        what=what,
        scale=word("vf.scale_", scale, lang),
    )
    return f"{head}<br><span style='font-size:0.8em'>{scale_rule(scale, lang)}</span>"


def _cost_line(params: int, macs: int, lang: str = DEFAULT_LANG) -> str:
    return t("vf.costs", lang, params=human(params), macs=human(macs))


def _out_hover(head: str, shape: Shape, costs: str, lang: str) -> str:
    """ "<b>layer2</b> (2 blocks)<br>out 28×28×128 (H×W×C)<br>params … · MACs …"."""
    out = t("vf.out", lang, shape=volume_text(shape))
    return f"{head}<br>{out}<br>{costs}"


def _logits(shape: Shape, lang: str) -> str:
    return t("vf.logits", lang, n=shape[-1])


def _stage_boxes(trace: TraceResult, size: _Sizer, gap: float, lang: str) -> list[_Box]:
    """The input, then each stage's output (the head's logits as a thin bar)."""
    boxes: list[_Box] = []
    x = 0.0
    specs = [("input", trace.input_shape, "")]
    for s in trace.stages:
        name = stage_label(s.name, lang)
        blocks = t("vf.n_blocks", lang, n=s.n_blocks) if s.n_blocks else ""
        hover = _out_hover(
            f"<b>{name}</b>{blocks}",
            s.out_shape,
            _cost_line(s.params, s.macs, lang),
            lang,
        )
        specs.append((s.name, s.out_shape, hover))
    for stage, shape, hover in specs:
        d, w, h = size.dims(shape)
        label = volume_text(shape)
        if len(shape) < 4:  # the logits are a vector, not a map
            label = _logits(shape, lang)
        name = stage_label(stage, lang)
        if not hover:
            hover = f"<b>{name}</b><br>" + t("vf.shape", lang, shape=volume_text(shape))
        boxes.append(_Box(name, stage_color(stage), x, d, w, h, 0.0, label, hover))
        x += d + gap
    return boxes


def _is_layer_box(row: LayerRecord, prev: Shape) -> bool:
    """Layer view rule: main-path layers that compute something (conv, pool, fc) or
    change the shape. BN and ReLU keep the shape, so they add no new volume."""
    if row.role == "shortcut":
        return False
    computes = (
        row.kernel_size is not None or row.kind in ("Linear",) or "Pool" in row.kind
    )
    return computes or row.out_shape != prev


def layer_box_count(trace: TraceResult, fold: bool = False) -> int:
    """How many boxes volume_figure(trace, "layer") would draw, counted from the
    trace's rows without building anything (one pass; the input box included).

    Args:
        trace: the traced network.
        fold: count the folded view (repeated blocks drawn once) instead.

    Returns:
        The number of boxes; compare it with VOLUME_BOX_LIMIT / VOLUME_FOLD_ABOVE.
    """
    if fold:
        trace = fold_repeats(trace).trace
    n, prev = 1, trace.input_shape
    for row in trace.layers:
        if _is_layer_box(row, prev):
            n, prev = n + 1, row.out_shape
    return n


@dataclass(frozen=True, slots=True)
class _Item:
    """A layer-view box before it has a place: what it shows, and its wrap unit."""

    unit: str  # boxes of one block (or one stem/head layer) never split across rows
    block: str | None
    group: str
    shape: Shape
    label: str
    hover: str


def _layer_items(trace: TraceResult, lang: str) -> list[_Item]:
    """The layer view's boxes in order, each shape labelled once per stage (hundreds
    of labels would overlap; hover names every box)."""
    text = volume_text(trace.input_shape)
    hover = f"<b>{stage_label('input', lang)}</b><br>{text}"
    items = [_Item("input", None, "input", trace.input_shape, text, hover)]
    prev = trace.input_shape
    labelled: set[tuple[str, str]] = {("input", text)}
    for row in trace.layers:
        if not _is_layer_box(row, prev):
            continue
        prev = row.out_shape
        text = volume_text(row.out_shape)
        if len(row.out_shape) < 4:
            text = _logits(row.out_shape, lang)
        what = _conv_text(row, lang) if row.kind == "Conv2d" else row.kind
        costs = _cost_line(row.params, row.macs, lang)
        hover = _out_hover(f"<b>{row.path}</b> · {what}", row.out_shape, costs, lang)
        label = "" if (row.stage, text) in labelled else text
        labelled.add((row.stage, text))
        block = None if row.block is None else f"{row.stage}.{row.block}"
        unit = block or row.path
        items.append(_Item(unit, block, row.stage, row.out_shape, label, hover))
    return items


def _pack(lengths: Sequence[float], target: float) -> list[int]:
    """Row number of each unit, filled in order; a unit goes to the next row when
    more than half of it would stick out past ``target``."""
    rows, row, used = [], 0, 0.0
    for length in lengths:
        if used > 0 and used + length / 2 > target:
            row, used = row + 1, 0.0
        rows.append(row)
        used += length
    return rows


def _wrap_rows(
    lengths: Sequence[float], heights: Sequence[float]
) -> tuple[list[int], float, float]:
    """Wrap units into rows so boxes come out as large as the frame allows.

    Tries 1 to 12 rows and keeps the count with the most pixels per scene unit: the
    row length is limited by the frame's width budget, the stack of rows (box heights
    plus a text band per row) by its height budget.

    Returns:
        (row of each unit, space between rows in scene units, pixels per unit).
    """
    best: tuple[float, list[int], float] | None = None
    for n in range(1, min(12, len(lengths)) + 1):
        rows = _pack(lengths, sum(lengths) / n)
        count = rows[-1] + 1
        row_len = [0.0] * count
        row_h = [0.0] * count
        for r, length, h in zip(rows, lengths, heights, strict=True):
            row_len[r] += length
            row_h[r] = max(row_h[r], h)
        longest = max(row_len)
        space = _ROW_BAND * longest
        unit_px = min(_X_PX / longest, _Z_PX / (sum(row_h) + count * space))
        if best is None or unit_px > best[0] * 1.02:  # ties go to fewer rows
            best = (unit_px, rows, space)
    assert best is not None
    return best[1], best[2], best[0]


def _layer_boxes(
    trace: TraceResult, size: _Sizer, gap: float, lang: str
) -> tuple[list[_Box], dict[str, tuple[int, int]], float]:
    """Boxes of the layer view, wrapped into rows that stack downwards; for each block
    the indices of the box before it (its input) and of its last box; and the
    estimated pixels per scene unit."""
    items = _layer_items(trace, lang)
    dims = [size.dims(it.shape) for it in items]
    units: list[str] = []
    lengths: list[float] = []
    heights: list[float] = []
    for it, (d, _, h) in zip(items, dims, strict=True):
        if not units or units[-1] != it.unit:
            units.append(it.unit)
            lengths.append(0.0)
            heights.append(0.0)
        lengths[-1] += d + gap
        heights[-1] = max(heights[-1], h)
    unit_rows, space, unit_px = _wrap_rows(lengths, heights)
    row_of_unit = dict(zip(units, unit_rows, strict=True))
    item_rows = [row_of_unit[it.unit] for it in items]
    # Each row sits below the last by both rows' half heights plus a band for the
    # upper row's labels and the lower row's shortcut arcs.
    n_rows = item_rows[-1] + 1
    half = [0.0] * n_rows
    for r, (_, _, h) in zip(item_rows, dims, strict=True):
        half[r] = max(half[r], h / 2)
    centres = [0.0]
    for r in range(1, n_rows):
        centres.append(centres[-1] - half[r - 1] - half[r] - space)
    boxes: list[_Box] = []
    spans: dict[str, tuple[int, int]] = {}
    x, row = 0.0, 0
    for n, (it, (d, w, h), r) in enumerate(zip(items, dims, item_rows, strict=True)):
        if r != row:
            x, row = 0.0, r
        if it.block is not None:
            start = spans.get(it.block, (n - 1, 0))[0]
            spans[it.block] = (start, n)
        color = stage_color(it.group)
        name = stage_label(it.group, lang)
        boxes.append(_Box(name, color, x, d, w, h, centres[r], it.label, it.hover))
        x += d + gap
    return boxes, spans, unit_px


# --- shortcuts drawn by kind ---------------------------------------------------------
# Each kind of shortcut has the block graph's colour and line style (palette.py), its
# own legend entry, and a projection carries a small box of its output, so a student
# tells identity, projection, zero-pad and avg-pool + 1×1 apart without reading.
SHORTCUT_KINDS = ("identity", "projection", "avg_projection", "zero_pad", "none")
_DASH = {"solid": "solid", "dashed": "dash", "dotted": "dot"}
_PROJECTIONS = ("projection", "avg_projection")
SHORTCUT_GROUP = "shortcuts"  # the legend group of every shortcut trace
_BOX_SHRINK = 0.5  # a projection's box: half its output's scaled sides
_RUN_FOLD = 3  # stage view: a run of more identical shortcuts is one arc marked ×N


def shortcut_style(kind: str) -> tuple[str, str]:
    """(colour, plotly dash) of a shortcut kind's arcs: the block graph's style."""
    style = _SHORTCUT_STYLES.get(kind)
    if style is None:  # plain nets: a faint dash-dot, no shortcut to add
        return _SHORTCUT_COLOR, "dashdot"
    return style["color"], _DASH.get(style["style"], "solid")


@dataclass
class _Arcs:
    """Shortcut arcs collected per kind (one trace and legend entry each), the boxes
    of projections, and the labels that go with them."""

    lines: dict[str, tuple[list, list, list]] = dataclasses.field(default_factory=dict)
    boxes: list[_Box] = dataclasses.field(default_factory=list)
    labels: list[tuple[float, float, float, str]] = dataclasses.field(
        default_factory=list
    )

    def add(self, kind: str, xs: list[float], zs: list[float], hover: str) -> None:
        xl, zl, hl = self.lines.setdefault(kind, ([], [], []))
        xl += [*xs, None]
        zl += [*zs, None]
        hl += [hover] * len(xs) + [""]

    def add_box(
        self,
        block: BlockRecord,
        size: _Sizer,
        x_mid: float,
        z: float,
        span: float,
        hover: str,
        labelled: bool,
    ) -> None:
        """A projection's output as a small box centred on its arc's peak."""
        d, w, h = (v * _BOX_SHRINK for v in size.dims(block.out_shape))
        d = min(d, 0.6 * span)
        label = volume_text(block.out_shape) if labelled else ""
        color = shortcut_style(block.shortcut)[0]
        self.boxes.append(
            _Box(block.shortcut, color, x_mid - d / 2, d, w, h, z, label, hover)
        )

    def traces(self, lang: str) -> list[go.BaseTraceType]:
        out: list[go.BaseTraceType] = []
        for kind in SHORTCUT_KINDS:
            if kind not in self.lines:
                continue
            xl, zl, hl = self.lines[kind]
            color, dash = shortcut_style(kind)
            out.append(
                go.Scatter3d(
                    x=xl,
                    y=[0.0 if v is not None else None for v in xl],
                    z=zl,
                    mode="lines",
                    # plotly draws a dotted 3D line faint: thicker, so it reads.
                    line={
                        "color": color,
                        "width": 8 if dash == "dot" else 5,
                        "dash": dash,
                    },
                    hovertext=hl,
                    hoverinfo="text",
                    name=word("vf.kind_", kind, lang),
                    legendgroup=SHORTCUT_GROUP,
                    legendgrouptitle={"text": t("vf.kinds_title", lang)},
                    showlegend=True,
                )
            )
        by_kind: dict[str, list[_Box]] = {}
        for box in self.boxes:
            by_kind.setdefault(box.group, []).append(box)
        for kind, boxes in by_kind.items():
            out.append(
                _mesh_trace(
                    boxes,
                    t("vf.projection_boxes", lang, kind=word("vf.kind_", kind, lang)),
                    False,
                    SHORTCUT_GROUP,
                )
            )
        if self.boxes:
            out.append(_outline_trace(self.boxes, lang))
        labels = [*self.labels]
        labels += [(b.xmid, 0.0, b.top, b.label) for b in self.boxes if b.label]
        if labels:
            out.append(_text(labels, "top center", t("vf.arc_labels", lang)))
        return out


def _runs(blocks: Sequence[BlockRecord]) -> list[list[BlockRecord]]:
    """Consecutive blocks with the same shortcut kind and shapes: a projection that
    changes the shape stays a run of its own, and the identical projections after
    it (shortcut C) fold like identities, so a stage of 1,000 projected blocks
    draws a few arcs, not 1,000 boxes (issue 12: 26 MB per rerun)."""
    runs: list[list[BlockRecord]] = []
    for b in blocks:
        last = runs[-1][0] if runs else None
        same = last is not None and (last.shortcut, last.in_shape, last.out_shape) == (
            b.shortcut,
            b.in_shape,
            b.out_shape,
        )
        if same:
            runs[-1].append(b)
        else:
            runs.append([b])
    return runs


def _stage_arcs(
    trace: TraceResult, boxes: Sequence[_Box], size: _Sizer, lang: str
) -> list[go.BaseTraceType]:
    """One arc per block between each stage's input and output box, chained along
    the gap: a run of more than _RUN_FOLD identical shortcuts is one arc marked ×N."""
    rows = rows_by_block(trace)
    by_stage: dict[str, list[BlockRecord]] = {}
    for b in trace.blocks:
        by_stage.setdefault(b.stage, []).append(b)
    arcs = _Arcs()
    rise = 0.12 * _TARGET
    for n, s in enumerate(trace.stages):
        blocks = by_stage.get(s.name)
        if not blocks:
            continue
        a, b = boxes[n], boxes[n + 1]  # boxes[0] is the input, boxes[n+1] stage n's out
        base = max(a.top, b.top) + 0.04 * _TARGET
        arcs_of_stage = []
        for run in _runs(blocks):
            if len(run) > _RUN_FOLD:
                arcs_of_stage.append(run)
            else:
                arcs_of_stage += [[blk] for blk in run]
        x0, x1 = a.xmid, b.xmid
        step = (x1 - x0) / len(arcs_of_stage)
        for k, run in enumerate(arcs_of_stage):
            first = run[0]
            xa, xb = x0 + k * step, x0 + (k + 1) * step
            za = a.top if k == 0 else base
            zb = b.top if k == len(arcs_of_stage) - 1 else base
            proj = first.shortcut in _PROJECTIONS
            peak = base + rise * (1.6 if proj else 1.0)
            xs, zs = _arc(xa, xb, za, zb, peak, n=13)
            desc = shortcut_text(first, rows.get(first.path, ()), lang)
            path = first.path if len(run) == 1 else f"{first.path}–{run[-1].path}"
            if len(run) > 1:
                desc = t("vf.count", lang, n=len(run), what=desc)
            hover = t("vf.block_shortcut", lang, path=path, desc=desc)
            arcs.add(first.shortcut, xs, zs, hover)
            if proj:
                changes = first.in_shape != first.out_shape
                arcs.add_box(first, size, (xa + xb) / 2, peak, xb - xa, hover, changes)
            if len(run) > 1:
                arcs.labels.append(((xa + xb) / 2, 0.0, peak, f"<b>×{len(run)}</b>"))
    return arcs.traces(lang)


def _block_arcs(
    trace: TraceResult,
    boxes: Sequence[_Box],
    spans: dict[str, tuple[int, int]],
    size: _Sizer,
    lang: str,
) -> list[go.BaseTraceType]:
    """Layer view: one arc per block, over its own row, one trace per shortcut kind;
    a projection's arc carries a small box of its output, labelled where it changes
    the shape. A block that starts a row gets its arc from the row's left end."""
    rows = rows_by_block(trace)
    row_top: dict[float, float] = {}
    for box in boxes:
        row_top[box.z] = max(row_top.get(box.z, box.top), box.top)
    arcs = _Arcs()
    for block in trace.blocks:
        if block.path not in spans:
            continue
        first, last = spans[block.path]
        a, b = boxes[first], boxes[last]
        x0, z0 = a.x1, a.top
        if a.z != b.z:  # the input box ends the row above
            x0, z0 = boxes[first + 1].x0 - 0.04 * _TARGET, b.z
        desc = shortcut_text(block, rows.get(block.path, ()), lang)
        text = t("vf.block_shortcut", lang, path=block.path, desc=desc)
        peak = row_top[b.z] + 0.08 * _TARGET
        xs, zs = _arc(x0, b.x1, z0, b.top, peak, n=9)
        arcs.add(block.shortcut, xs, zs, text)
        if block.shortcut in _PROJECTIONS:
            changes = block.in_shape != block.out_shape
            arcs.add_box(block, size, (x0 + b.x1) / 2, peak, b.x1 - x0, text, changes)
    return arcs.traces(lang)


def volume_figure(
    trace: TraceResult,
    detail: str = "stage",
    scale: str = "sqrt",
    show_shortcuts: bool = True,
    *,
    shared_scale: float | None = None,
    shared_spatial: float | None = None,
    fold: bool | None = None,
    network: str | None = None,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """The network as a row of H x W x C cuboids, one per tensor, left to right.

    x follows C (depth along the row), y follows W and z follows H. Each box is
    labelled "H×W×C" beneath it (the shortcut arcs run above the boxes, so labels
    underneath never collide with them) and coloured by the stage that made it;
    hovering shows the path, shape, params and MACs.

    detail "stage" draws the input and each stage's output (stem, layer1..K, and the
    head's logits as a thin 1×1×classes bar labelled "1000 logits"):
    1 + len(trace.stages) boxes. detail "layer" draws the input and one box per
    main-path layer that computes (conv, pooling, fc) or changes the shape, so every
    conv's output shows even where it keeps the shape; BN, ReLU and shortcut rows add
    none. The layer view wraps into rows (never inside a block) sized to the frame,
    labels each shape once per stage, and leaves to hover a label that would overlap
    its neighbours on all three label lines.

    Args:
        trace: the traced network.
        detail: "stage" or "layer".
        scale: "linear", "sqrt" or "log" (1 + log2 v), applied to C only: H and W
            are always linear (``spatial_scale``), so halving reads as halving, and
            the title's second line states the rule. Sides never drop below 2% of
            the largest, so linear 3-channel inputs stay visible.
        show_shortcuts: draw one arc per block, styled by its shortcut kind (one
            legend entry per kind), a projection's arc carrying a small box of its
            output; the stage view chains a stage's arcs across its gap and draws a
            run of more than three identical ones as one arc marked ×N.
        shared_scale: use this channel normaliser instead of
            ``volume_scale(trace, scale)``, so several traces share one scale.
        shared_spatial: the same for H and W, instead of ``spatial_scale(trace)``.
        network: the name the title gives the network (e.g. "resnet18 (modified)");
            the trace's arch when None.
        fold: layer view only: draw each run of identical blocks once, marked "×N"
            above it (figures/folding.py). None folds only when the full view would
            draw more than VOLUME_BOX_LIMIT boxes; False draws every block.
        lang: the language of titles, legend, labels and hover ("en" or "zh").

    Returns:
        A plotly figure: one Mesh3d per legend group (input, stem, layer1.., head),
        one outline trace, one label trace, and the shortcut arcs (and, folded, one
        text trace of "×N" marks).

    Raises:
        ValueError: an unknown detail or scale, or a non-positive shared_scale.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)} (got {detail!r})")
    norm = volume_scale(trace, scale) if shared_scale is None else shared_scale
    spatial = spatial_scale(trace) if shared_spatial is None else shared_spatial
    size = _Sizer(scale, norm, spatial)
    arcs: list[go.BaseTraceType] = []
    if detail == "stage":
        gap = 0.35 * _TARGET
        boxes = _stage_boxes(trace, size, gap, lang)
        unit_px = _X_PX / (boxes[-1].x1 - boxes[0].x0)
        if show_shortcuts:
            arcs = _stage_arcs(trace, boxes, size, lang)
        what = t("vf.stage_outputs", lang)
        # Room for the arcs' labels above the highest arc (plotly does not count
        # text in the scene's bounds).
        top_pad = 1.5 * _LINE_PX / unit_px if show_shortcuts else 0.0
    else:
        if fold is None:
            fold = layer_box_count(trace) > VOLUME_BOX_LIMIT
        folded = fold_repeats(trace) if fold else Folded(trace, {}, {})
        trace = folded.trace
        gap = 0.08 * _TARGET
        boxes, spans, unit_px = _layer_boxes(trace, size, gap, lang)
        marks = _fold_marks(folded, boxes, spans, lang)
        if show_shortcuts:
            arcs = _block_arcs(trace, boxes, spans, size, lang)
        arcs += marks
        what = t("vf.layer_outputs", lang)
        top_pad = 0.1 * _TARGET
    # Each label right under its own box (the browser lays them out, ui/plot.py):
    # under a row's tallest box, now that H is linear, the 224×224 input would push
    # a row's labels down to the next row.
    traces = _box_traces(boxes, "below", unit_px, lang=lang)
    levels = _LABEL_LEVELS if detail == "layer" else 1
    bottom_pad = (levels + 0.5) * _LINE_PX / unit_px
    title = _title(trace, what, scale, lang, network)
    return scene_figure([*traces, *arcs], title, top_pad, bottom_pad, _FIT_TO_COLUMN)


def _fold_marks(
    folded: Folded,
    boxes: list[_Box],
    spans: dict[str, tuple[int, int]],
    lang: str,
) -> list[go.BaseTraceType]:
    """Mark each block that stands for N identical ones: "×N" as the label of its
    middle box (so the label layout keeps it clear of the other labels), and a small
    marker over the block whose hover names the blocks it stands for.

    Replaces the marked boxes in ``boxes`` (before their traces are built).
    """
    row_top: dict[float, float] = {}
    for box in boxes:
        row_top[box.z] = max(row_top.get(box.z, box.top), box.top)
    pts: list[tuple[float, float, float]] = []
    hover: list[str] = []
    for path, n in folded.repeats.items():
        if path not in spans:
            continue
        first, last = spans[path]
        mid = (first + 1 + last) // 2
        box = boxes[mid]
        mark = f"<b>×{n:,}</b>"
        label = f"{mark} {box.label}" if box.label else mark
        boxes[mid] = dataclasses.replace(box, label=label)
        a, b = boxes[first + 1], boxes[last]
        pts.append(((a.x0 + b.x1) / 2, 0.0, row_top[b.z] + 0.08 * _TARGET))
        hover.append(
            t("vf.folded", lang, first=path, last=folded.last[path], n=f"{n:,}")
        )
    if not pts:
        return []
    return [
        go.Scatter3d(
            x=[p[0] for p in pts],
            y=[p[1] for p in pts],
            z=[p[2] for p in pts],
            mode="markers",
            marker={"size": 4, "color": _EDGE_COLOR, "symbol": "diamond"},
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
            name=t("vf.fold_marks", lang),
        )
    ]


# --- block drill-down ----------------------------------------------------------------
def _find_block(trace: TraceResult, block_path: str) -> BlockRecord:
    for b in trace.blocks:
        if b.path == block_path:
            return b
    known = ", ".join(b.path for b in trace.blocks[:4])
    raise ValueError(
        f"no block {block_path!r} in {trace.arch}: block paths look like {known}, ..."
    )


def _block_shortcut(
    block: BlockRecord,
    side: Sequence[LayerRecord],
    desc: str,
    size: _Sizer,
    x_mid: float,
    z: float,
    lang: str,
) -> list[_Box]:
    """The shortcut branch's volume: the projection's output, or the subsampled input
    followed by its zero channels (split in proportion to the channel counts)."""
    d, w, h = size.dims(block.out_shape)
    x0 = x_mid - d / 2
    costs = _cost_line(sum(r.params for r in side), sum(r.macs for r in side), lang)
    head = t("vf.block_part", lang, path=block.path, part=t("word.shortcut", lang))
    hover = _out_hover(f"<b>{head}</b> · {desc}", block.out_shape, costs, lang)
    group = t("word.shortcut", lang)
    if block.shortcut == "projection":
        return [_Box(group, _SHORTCUT_COLOR, x0, d, w, h, z, "", hover)]
    pools = [r for r in side if r.kind == "AvgPool2d"]
    if block.shortcut == "avg_projection" and pools:
        # ResNet-D: the pooled input (in channels, the output's H x W), then the 1x1.
        pd, pw, ph = size.dims(pools[0].out_shape)
        gap = 0.15 * _TARGET
        x_pool = x_mid - (pd + gap + d) / 2
        pooled = t("vf.pool_out", lang)
        pool_hover = _out_hover(
            f"<b>{pools[0].path}</b> · {_pool_text(pools[0], lang)}",
            pools[0].out_shape,
            _cost_line(0, 0, lang),
            lang,
        )
        return [
            _Box(pooled, _ZERO_COLOR, x_pool, pd, pw, ph, z, "", pool_hover),
            _Box(group, _SHORTCUT_COLOR, x_pool + pd + gap, d, w, h, z, "", hover),
        ]
    if block.shortcut == "zero_pad":
        c_in, c_out = block.in_shape[1], block.out_shape[1]
        d_in = d * c_in / c_out
        zero = t("vf.zero_channels", lang)
        zeros = f"<b>{zero}</b><br>" + t("vf.n_zero_channels", lang, n=c_out - c_in)
        return [
            _Box(group, _SHORTCUT_COLOR, x0, d_in, w, h, z, "", hover),
            _Box(zero, _ZERO_COLOR, x0 + d_in, d - d_in, w, h, z, "", zeros),
        ]
    return []


def block_figure(
    trace: TraceResult,
    block_path: str,
    scale: str = "sqrt",
    *,
    network: str | None = None,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """One block up close: its input, each main-path conv's output, the shortcut
    branch below them, and the sum after the residual add.

    The shortcut branch shows the projection conv's output (projection), the
    subsampled input followed by its zero channels (zero-pad), a plain line
    (identity), or nothing (plain nets). Sizes use this trace's ``volume_scale``, so
    they match its volume_figure.

    Args:
        trace: the traced network.
        block_path: a BlockRecord path such as "layer2.0".
        scale: "linear", "sqrt" or "log" (channels; H and W are linear).
        network: the name the title gives the network; the trace's arch when None.
        lang: the language of titles, legend, labels and hover ("en" or "zh").

    Returns:
        A plotly figure with one Mesh3d per legend group (block input, main path,
        shortcut, zero channels, block output), labelled "op 1: 3×3 conv, stride 2 →
        28×28×128", "shortcut: 1×1 conv, stride 2 + BN → 28×28×128" and so on.

    Raises:
        ValueError: an unknown block path or scale.
    """
    block = _find_block(trace, block_path)
    size = _Sizer(scale, volume_scale(trace, scale), spatial_scale(trace))
    rows = [
        r for r in trace.layers if r.stage == block.stage and r.block == block.index
    ]
    side = [r for r in rows if r.role == "shortcut"]
    desc = shortcut_text(block, rows, lang)
    has_add = block.shortcut != "none"
    gap = 0.45 * _TARGET

    def box(
        group: str, color: str, x: float, shape: Shape, label: str, hover: str
    ) -> _Box:
        d, w, h = size.dims(shape)
        return _Box(group, color, x, d, w, h, 0.0, label, hover)

    text = volume_text(block.in_shape)
    inp = stage_label("input", lang)
    main = [
        box(
            t("vf.block_input", lang),
            _INPUT_COLOR,
            0.0,
            block.in_shape,
            f"{inp}<br>{text}",
            "<b>"
            + t("vf.block_part", lang, path=block.path, part=inp)
            + f"</b><br>{text}",
        )
    ]
    convs = [r for r in rows if r.role == "main" and r.kind == "Conv2d"]
    preact = _is_preact(rows)
    op_key = "vf.op_preact" if preact else "vf.op"  # BN-ReLU before each conv
    for n, r in enumerate(convs, 1):
        out = volume_text(r.out_shape)
        conv = _conv_text(r, lang)
        main.append(
            box(
                t("vf.main_path", lang),
                stage_color(block.stage),
                main[-1].x1 + gap,
                r.out_shape,
                t(op_key, lang, n=n, conv=conv) + f"<br>→ {out}",
                _out_hover(
                    f"<b>{r.path}</b> · {conv}",
                    r.out_shape,
                    _cost_line(r.params, r.macs, lang),
                    lang,
                ),
            )
        )
    x_add = main[-1].x1 + gap * 0.6
    out = volume_text(block.out_shape)
    costs = _cost_line(block.params, block.macs, lang)
    part = stage_label("output", lang)
    main.append(
        box(
            t("vf.block_output", lang),
            _INPUT_COLOR,
            x_add + gap * 0.4 if has_add else main[-1].x1 + gap,
            block.out_shape,
            t(_sum_key(has_add, preact), lang) + f"<br>→ {out}",
            "<b>" + t("vf.block_part", lang, path=block.path, part=part) + "</b>"
            f"<br>{out}<br>" + t("vf.whole_block", lang, costs=costs),
        )
    )
    z_side = -(max(b.height for b in main) / 2 + 0.45 * _TARGET)
    side_mid = (main[0].x1 + x_add) / 2
    side_boxes = _block_shortcut(block, side, desc, size, side_mid, z_side, lang)

    traces = _box_traces(main, "above", lang=lang)
    if side_boxes:  # one caption for the branch below
        traces += _box_traces(side_boxes, "none", lang=lang)
    if has_add:
        # "1×1 conv, stride 2 + BN"; zero-pad names itself: "zero-pad, stride 2, ..."
        kind, detail = _shortcut_parts(block, rows, lang)
        if block.shortcut == "zero_pad":
            detail = kind + t("sep.clause", lang) + detail
        label = t("vf.shortcut_is", lang, what=detail or kind)
        if side_boxes:
            label += f"<br>→ {out}"
        bottom = min((b.bottom for b in side_boxes), default=z_side) - 0.02 * _TARGET
        front = -max((b.width / 2 for b in side_boxes), default=0.0)
        name = t("vf.shortcut_label", lang)
        traces.append(_text([(side_mid, front, bottom, label)], "bottom center", name))
    traces += _block_links(main, x_add, z_side, has_add, desc, lang)
    unit_px = _X_PX / (main[-1].x1 - main[0].x0)
    arch = network or trace.arch
    title = t("vf.block_title", lang, arch=arch, path=block.path, desc=desc)
    if _display_width(title) > _TITLE_UNITS:
        # A long shortcut (avg-down on BN-ReLU(x)) would run under plotly's toolbar
        # at 1440 px: the title keeps the kind, the label under the branch has it all.
        kind = _shortcut_parts(block, rows, lang)[0]
        title = t("vf.block_title", lang, arch=arch, path=block.path, desc=kind)
    title += f"<br><span style='font-size:0.8em'>{scale_rule(scale, lang)}</span>"
    pad = 2.5 * _LINE_PX / unit_px
    return scene_figure(traces, title, pad, pad, _FIT_TO_COLUMN)


# The widest block title that clears plotly's toolbar in the 3D volumes page at
# 1440x900, in units of one Latin character (a CJK character counts two).
_TITLE_UNITS = 90


def _display_width(text: str) -> int:
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def _sum_key(has_add: bool, preact: bool) -> str:
    """The output box's caption: a post-activation block ends on ReLU(sum); a
    pre-activation block on the sum itself, so the identity path stays clean."""
    if not has_add:
        return "vf.no_add"
    return "vf.sum_only" if preact else "vf.sum_relu"


def _block_links(
    main: Sequence[_Box],
    x_add: float,
    z_side: float,
    has_add: bool,
    desc: str,
    lang: str,
) -> list[go.BaseTraceType]:
    """Lines between the main-path boxes, the shortcut's path, and the add node."""
    lx: list[float | None] = []
    lz: list[float | None] = []
    for a, b in itertools.pairwise(main):
        lx += [a.x1, b.x0, None]
        lz += [0.0, 0.0, None]
    if has_add:
        # The shortcut drops from the input, runs under the row, and rises into the add.
        lx += [main[0].xmid, main[0].xmid, x_add, x_add, None]
        lz += [main[0].bottom, z_side, z_side, 0.0, None]
    traces: list[go.BaseTraceType] = [
        go.Scatter3d(
            x=lx,
            y=[None if v is None else 0.0 for v in lx],
            z=lz,
            mode="lines",
            line={"color": _EDGE_COLOR, "width": 4},
            hoverinfo="skip",
            showlegend=False,
            name=t("vf.links", lang),
        )
    ]
    if has_add:
        traces.append(
            go.Scatter3d(
                x=[x_add],
                y=[0.0],
                z=[0.0],
                mode="markers+text",
                marker={
                    "size": 10,
                    "color": "white",
                    "line": {"color": "#222222", "width": 2},
                },
                text=["+"],
                textposition="middle center",
                textfont={"size": 14, "color": "#222222"},
                hovertext=t("vf.residual_add", lang, desc=desc),
                hoverinfo="text",
                showlegend=False,
                name=t("vf.add", lang),
            )
        )
    return traces
