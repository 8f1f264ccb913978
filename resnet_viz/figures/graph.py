"""The block graph: a TraceResult as graphviz DOT text, stages collapsed or expanded.

Builds the DOT string by hand (the app renders it with st.graphviz_chart in the
browser); imports no torch, streamlit or graphviz, only the core's plain-data modules
and the i18n catalogue.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from resnet_viz.figures.folding import Folded, fold_repeats
from resnet_viz.figures.palette import END_COLOURS, INK, SHORTCUT_STYLES, STAGE_COLOURS
from resnet_viz.formats import human, shape_text
from resnet_viz.i18n import DEFAULT_LANG, t, word
from resnet_viz.records import BlockRecord, LayerRecord, Shape, TraceResult
from resnet_viz.stats import main_convs, rows_by_block
from resnet_viz.text import TIMES, conv_text, stage_bracket, tensor_text

DETAILS = ("block", "layer")
RANKDIRS = ("TB", "LR", "BT", "RL")
FONT = "Helvetica,Arial,sans-serif"
_DOT_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}
# Nodes a graph may have before pages fold repeated blocks (issue 12: an 8-stage net
# of 1,000 blocks a stage, expanded, was 2.3 MB of DOT that Graphviz gave up on after
# 20 s and the browser took 57 s to lay out; at layer detail `dot` crashed). At 300
# nodes `dot` takes well under a second and the SVG is ~300 kB; resnet152's every
# layer (260 nodes) still fits. Ask first with graph_node_count().
GRAPH_NODE_LIMIT = 300


def node_id(path: str) -> str:
    """A module path as a DOT identifier: "layer2.0.conv1" -> "layer2_0_conv1"."""
    ident = re.sub(r"\W", "_", path, flags=re.ASCII)
    if not ident or ident[0].isdigit() or ident.lower() in _DOT_KEYWORDS:
        ident = "n_" + ident
    return ident


def dot_quote(text: str) -> str:
    """A DOT double-quoted string; newlines become DOT's centred line break."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def _attrs(attrs: dict[str, str | int | float]) -> str:
    """[key=value, ...] with every value quoted, so no value needs special cases."""
    return "[" + ", ".join(f"{k}={dot_quote(str(v))}" for k, v in attrs.items()) + "]"


class Dot:
    """Accumulates node statements (inside clusters as needed) and edges.

    Edges are written last, at the top level: an edge statement inside a cluster
    would pull its other endpoint into that cluster.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.edges: list[str] = []
        self.depth = 1

    def line(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    def node(self, ident: str, label: str, **attrs: str | int | float) -> None:
        self.line(f"{ident} {_attrs({'label': label, **attrs})};")

    def end_node(self, ident: str, name: str, shape: Shape) -> None:
        """A white ellipse for a graph's input or output: its name over its shape."""
        self.node(
            ident,
            name + f"\n{tensor_text(shape)}",
            shape="ellipse",
            fillcolor="#ffffff",
            color=END_COLOURS[1],
        )

    def edge(
        self, tail: str, head: str, label: str, **attrs: str | int | float
    ) -> None:
        full = {"label": label, **attrs} if label else attrs
        self.edges.append(f"  {tail} -> {head} {_attrs(full)};")

    def open_cluster(self, name: str, label: str, fill: str, border: str) -> None:
        self.line(f"subgraph cluster_{name} {{")
        self.depth += 1
        self.line(
            "graph "
            + _attrs(
                {
                    "label": label,
                    "style": "rounded,filled",
                    "fillcolor": fill,
                    "color": border,
                    "fontcolor": border,
                    "labeljust": "l",
                }
            )
            + ";"
        )

    def close_cluster(self) -> None:
        self.depth -= 1
        self.line("}")


# --- labels -------------------------------------------------------------------------
def _units(
    rows: Sequence[LayerRecord], preact: bool = False
) -> list[list[LayerRecord]]:
    """Main-path rows merged into drawable units: conv (or fc) + its BN + its ReLU;
    in a pre-activation block BN + ReLU + the conv they feed (He et al. 2016,
    "Identity Mappings"), so the graph reads in the block's own order."""
    units: list[list[LayerRecord]] = []
    for r in rows:
        last = units[-1][-1].kind if units else ""
        if preact:
            joins_relu = r.kind == "ReLU" and last == "BatchNorm2d"
            joins_conv = r.kind == "Conv2d" and last in ("BatchNorm2d", "ReLU")
            if joins_relu or joins_conv:
                units[-1].append(r)
            else:
                units.append([r])
            continue
        joins_bn = r.kind == "BatchNorm2d" and last == "Conv2d"
        joins_relu = r.kind == "ReLU" and last in ("Conv2d", "BatchNorm2d")
        if joins_bn or joins_relu:
            units[-1].append(r)
        else:
            units.append([r])
    return units


def shortcut_word(kind: str, lang: str = DEFAULT_LANG) -> str:
    """A BlockRecord.shortcut as a word: "projection", "zero-pad", "identity", or
    "no shortcut" for a plain block."""
    return t("gf.no_shortcut", lang) if kind == "none" else word("sc.", kind, lang)


def _unit_label(unit: Sequence[LayerRecord], lang: str = DEFAULT_LANG) -> str:
    """ "conv1 3x3/2, 128 + BN + ReLU", "maxpool 3x3/2", "fc 512 → 1000"; a
    pre-activation unit "BN + ReLU + conv1 3x3, 128"; a deep stem's convs keep their
    whole path ("conv1.3 3x3, 32 + BN + ReLU")."""
    extras = {"BatchNorm2d": "BN", "ReLU": "ReLU"}
    if len(unit) > 1 and unit[0].kind == "BatchNorm2d" and unit[-1].kind == "Conv2d":
        pre = [extras.get(r.kind, r.kind) for r in unit[:-1]]
        return " + ".join([*pre, _unit_label(unit[-1:], lang)])
    first = unit[0]
    name = first.path if first.block is None else first.path.rsplit(".", 1)[-1]
    if first.kind == "Conv2d":
        text = f"{name} {conv_text(first, show_stride=True)}"
    elif first.kind == "MaxPool2d" and first.kernel_size and first.stride:
        text = f"{name} {shape_text(first.kernel_size, TIMES)}"
        text += "" if first.stride == (1, 1) else f"/{first.stride[0]}"
    elif first.kind == "AdaptiveAvgPool2d":
        text = f"{name} " + t("gf.global_avg", lang)
    elif first.kind == "Linear":
        text = f"{name} {first.in_shape[-1]} → {first.out_shape[-1]}"
    elif first.kind == "BatchNorm2d":  # a pre-activation net's final "norm"
        text = f"{name} BN"
    else:
        text = f"{name} ({first.kind})"
    return " + ".join([text, *(extras.get(r.kind, r.kind) for r in unit[1:])])


def shortcut_label(
    block: BlockRecord, rows: Sequence[LayerRecord], lang: str = DEFAULT_LANG
) -> str:
    """What the shortcut of a block does, from its own layer rows.

    "identity", "1x1 conv, stride 2 + BN", "zero-pad (stride 2, +16 channels)", or ""
    for a plain block (in ``lang``).
    """
    if block.shortcut == "identity":
        return shortcut_word("identity", lang)
    short = [r for r in rows if r.role == "shortcut"]
    if block.shortcut in ("projection", "avg_projection"):
        conv = next(r for r in short if r.kind == "Conv2d")
        assert conv.kernel_size is not None
        assert conv.stride is not None
        text = t("gf.conv", lang, kernel=shape_text(conv.kernel_size, TIMES))
        if conv.stride != (1, 1):
            text += t("gf.comma_stride", lang, s=conv.stride[0])
        text += " + BN" if any(r.kind == "BatchNorm2d" for r in short) else ""
        pool = next((r for r in short if r.kind == "AvgPool2d"), None)
        if pool is not None and pool.kernel_size and pool.stride:
            # ResNet-D: "2x2 avg-pool, stride 2 → 1x1 conv + BN", pool first.
            kernel = shape_text(pool.kernel_size, TIMES)
            first = t("gf.avg_pool", lang, kernel=kernel)
            first += t("gf.comma_stride", lang, s=pool.stride[0])
            text = f"{first} → {text}"
        return text
    if block.shortcut == "zero_pad":
        pad = short[0]
        parts = []
        if pad.stride not in (None, (1, 1)):
            parts.append(t("gf.stride", lang, s=pad.stride[0]))
        extra = pad.out_shape[1] - pad.in_shape[1]
        parts += [t("gf.extra_channels", lang, n=extra)] if extra else []
        kind = shortcut_word("zero_pad", lang)
        if not parts:
            return kind
        detail = t("sep.clause", lang).join(parts)
        return t("vf.with_detail", lang, kind=kind, detail=detail)
    return ""


def _shortcut_note(blocks: Sequence[BlockRecord], lang: str = DEFAULT_LANG) -> str:
    """ "1 projection, 3 identity", in order of first appearance."""
    counts = Counter(b.shortcut for b in blocks)
    if set(counts) == {"none"}:
        plain = t("vf.plain", lang)
        return t("vf.with_detail", lang, kind=t("vf.no_shortcuts", lang), detail=plain)
    return t("sep.clause", lang).join(
        t("vf.count", lang, n=n, what=shortcut_word(k, lang)) for k, n in counts.items()
    )


# --- size -----------------------------------------------------------------------
def _expanded(trace: TraceResult, expand: Collection[str]) -> set[str]:
    """The stage names ``expand`` asks for ("all": every stage with blocks)."""
    if isinstance(expand, str):  # a lone "layer2" would otherwise become its letters
        expand = (expand,)
    names = [s.name for s in trace.stages if s.n_blocks]
    return set(names) if "all" in expand else set(expand) & set(names)


def _block_nodes(block: BlockRecord, rows: Sequence[LayerRecord], detail: str) -> int:
    """Nodes one expanded block draws: 1, or its conv units plus the add node."""
    if detail == "block":
        return 1
    main = [r for r in rows if r.role == "main"]
    has_add = block.shortcut != "none" and bool(main)
    return len(_units(main[:-1] if has_add else main)) + has_add


def graph_node_count(
    trace: TraceResult,
    expand: Collection[str] = (),
    detail: str = "block",
    *,
    fold: bool = False,
) -> int:
    """How many nodes block_graph_dot would draw, counted from the trace's rows
    without writing any DOT (one pass).

    Args:
        trace: the traced network.
        expand: as block_graph_dot's.
        detail: "block" or "layer".
        fold: count the graph with repeated blocks folded.

    Returns:
        The node count (input and output included); compare it with
        GRAPH_NODE_LIMIT.
    """
    expanded = _expanded(trace, expand)
    shown = fold_repeats(trace).trace if fold and expanded else trace
    n = 2  # input and output
    for stage in trace.stages:
        if not stage.n_blocks:
            n += len(_units([r for r in trace.layers if r.stage == stage.name]))
        elif stage.name not in expanded:
            n += 1
    if expanded:
        by_block = rows_by_block(shown)
        for block in shown.blocks:
            if block.stage in expanded:
                n += _block_nodes(block, by_block[block.path], detail)
    return n


@dataclass(frozen=True, slots=True)
class GraphPlan:
    """What a page can afford to draw of the graph it was asked for.

    ``expand`` and ``fold`` are block_graph_dot's arguments; ``requested_nodes`` is
    the size of the graph asked for, ``nodes`` of the one drawn. When even the
    folded graph is over the limit, the stages stay collapsed (``is_refused``).
    """

    expand: tuple[str, ...]
    fold: bool
    requested_nodes: int
    nodes: int
    is_refused: bool = False  # the expansion asked for was dropped


def plan_graph(
    trace: TraceResult,
    expand: Collection[str] = (),
    detail: str = "block",
    limit: int = GRAPH_NODE_LIMIT,
) -> GraphPlan:
    """The graph to draw for ``expand``/``detail`` within ``limit`` nodes: as asked,
    else with repeated blocks folded, else with every stage collapsed.

    Args:
        trace: the traced network.
        expand: as block_graph_dot's.
        detail: "block" or "layer".
        limit: the most nodes to draw.

    Returns:
        The plan; pass its expand and fold to block_graph_dot.
    """
    expand = (expand,) if isinstance(expand, str) else tuple(expand)
    full = graph_node_count(trace, expand, detail)
    if full <= limit:
        return GraphPlan(expand, False, full, full)
    folded = graph_node_count(trace, expand, detail, fold=True)
    if folded <= limit:
        return GraphPlan(expand, True, full, folded)
    return GraphPlan((), False, full, graph_node_count(trace), is_refused=True)


# --- the graph ----------------------------------------------------------------------
def dot_document(
    name: str, graph: dict[str, str | int | float], dot: Dot, node_margin: str
) -> str:
    """A whole DOT digraph: graph attributes, the shared node and edge style, then
    the nodes and edges collected in ``dot``. Every graph of the app looks alike."""
    node = {
        "shape": "box",
        "style": "rounded,filled",
        "fontname": FONT,
        "fontsize": 11,
        "margin": node_margin,
        "color": INK,
    }
    edge = {
        "fontname": FONT,
        "fontsize": 9,
        "color": INK,
        "fontcolor": INK,
        "arrowsize": 0.7,
    }
    header = [
        f"digraph {name} {{",
        "  graph " + _attrs(graph) + ";",
        "  node " + _attrs(node) + ";",
        "  edge " + _attrs(edge) + ";",
    ]
    return "\n".join([*header, *dot.lines, *dot.edges, "}"]) + "\n"


def _stages_to_expand(
    trace: TraceResult, expand: Collection[str], detail: str, rankdir: str
) -> set[str]:
    """The stages block_graph_dot expands (``_expanded``), after checking its
    arguments.

    Raises:
        ValueError: unknown detail, rankdir or stage name in ``expand``.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)} (got {detail!r})")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}")
    names = [s.name for s in trace.stages if s.n_blocks]
    unknown = {expand} if isinstance(expand, str) else set(expand)
    unknown -= {"all", *names}
    if unknown:
        raise ValueError(
            f"cannot expand {', '.join(sorted(unknown))}; stages are "
            f"{', '.join(names)} (or 'all')"
        )
    return _expanded(trace, expand)


def block_graph_dot(
    trace: TraceResult,
    expand: Collection[str] = (),
    detail: str = "block",
    *,
    rankdir: str = "TB",
    fold: bool = False,
    lang: str = DEFAULT_LANG,
) -> str:
    """The network as a DOT digraph: stem, stages, head, with shapes on every edge.

    Stages are one node each unless named in ``expand``; an expanded stage is a
    cluster of blocks (or of layers) with each block's shortcut drawn as an edge from
    the block's input to its output, styled by kind (identity solid grey, projection
    dashed, zero-pad dotted; plain nets have none). Node ids are module paths made
    DOT-safe, and the same trace always gives the same string.

    Args:
        trace: the traced network.
        expand: stage names to expand (("layer2",) or just "layer2"), or ("all",)
            for every stage.
        detail: "block" (one node per block) or "layer" (conv + BN + ReLU units and
            an add node per block) for expanded stages.
        rankdir: graphviz's rankdir, "TB" (top to bottom) by default.
        fold: in expanded stages, draw each run of identical blocks once, labelled
            with the blocks it stands for ("layer3.1 … layer3.35 (×35)"); see
            figures/folding.py and GRAPH_NODE_LIMIT.
        lang: the language of the words in labels ("en" or "zh"); node ids and
            module paths are the same in every language.

    Returns:
        DOT source text.

    Raises:
        ValueError: unknown detail, rankdir or stage name in ``expand``.
    """
    expanded = _stages_to_expand(trace, expand, detail, rankdir)
    stage_names = [s.name for s in trace.stages if s.n_blocks]
    # Shortcut arcs leave and enter on the side, like the skip arcs in the papers.
    side = "e" if rankdir in ("TB", "BT") else "s"

    dot = Dot()
    folded = fold_repeats(trace) if fold and expanded else Folded(trace, {}, {})
    by_block = rows_by_block(folded.trace)
    colours = {
        n: STAGE_COLOURS[i % len(STAGE_COLOURS)] for i, n in enumerate(stage_names)
    }
    end_fill, end_border = END_COLOURS

    dot.end_node("input", t("stage.input", lang), trace.input_shape)
    prev = "input"

    def chain(ident: str, in_shape: Shape) -> None:
        """Draw the main-path edge into ``ident`` and make it the new tail."""
        nonlocal prev
        dot.edge(prev, ident, tensor_text(in_shape))
        prev = ident

    for stage in trace.stages:
        rows = [r for r in trace.layers if r.stage == stage.name]
        blocks = [b for b in trace.blocks if b.stage == stage.name]
        if not blocks:  # stem and head: a few small units, always drawn in full
            for unit in _units(rows):
                ident = node_id(unit[0].path)
                label = _unit_label(unit, lang)
                dot.node(ident, label, fillcolor=end_fill, color=end_border)
                chain(ident, unit[0].in_shape)
            continue
        fill, border = colours[stage.name]
        if stage.name not in expanded:
            label = "\n".join(
                [
                    stage.name,
                    stage_bracket(trace, stage.name),
                    tensor_text(stage.out_shape),
                    _shortcut_note(blocks, lang),
                ]
            )
            dot.node(node_id(stage.name), label, fillcolor=fill, color=border)
            chain(node_id(stage.name), stage.in_shape)
            continue
        # The cluster is labelled by name only: a long label there collides with
        # the first block's shortcut arc; the block nodes spell out the convs.
        dot.open_cluster(node_id(stage.name), stage.name, fill, border)
        if folded.is_folded:
            blocks = [b for b in folded.trace.blocks if b.stage == stage.name]
        for block in blocks:
            block_rows = by_block[block.path]
            block_in = prev
            name = block.path
            if block.path in folded.repeats:
                name = t(
                    "gf.folded",
                    lang,
                    first=block.path,
                    last=folded.last[block.path],
                    n=f"{folded.repeats[block.path]:,}",
                )
            if detail == "block":
                convs = " → ".join(
                    conv_text(c, show_stride=True) for c in main_convs(block_rows)
                )
                out_id = node_id(block.path)
                dot.node(out_id, f"{name}\n{convs}", fillcolor="#ffffff", color=border)
                chain(out_id, block.in_shape)
            else:
                out_id = _layer_units(
                    dot, block, block_rows, chain, border, lang, name=name
                )
            if block.shortcut in SHORTCUT_STYLES:
                # An xlabel on one line: a plain label on a side arc gets a rank of
                # its own and the neighbouring arcs are routed through it.
                dot.edge(
                    block_in,
                    out_id,
                    "",
                    xlabel=f"{shortcut_label(block, block_rows, lang)} · "
                    f"{tensor_text(block.out_shape)}",
                    tailport=side,
                    headport=side,
                    **SHORTCUT_STYLES[block.shortcut],
                )
        dot.close_cluster()

    dot.end_node("output", t("stage.output", lang), trace.output_shape)
    chain("output", trace.output_shape)

    title = t(
        "gf.title",
        lang,
        arch=trace.arch,
        shape=tensor_text(trace.input_shape),  # H×W×C, as on every edge
        params=human(trace.total_params),
        macs=human(trace.total_macs),
    )
    return dot_document(
        dot_quote(trace.arch),
        {
            "rankdir": rankdir,
            "label": title,
            "labelloc": "t",
            "fontname": FONT,
            "fontsize": 14,
            "nodesep": 0.35,
            "ranksep": 0.3,
            # White, not transparent: the grey edges must stay readable when
            # the app runs with a dark theme.
            "bgcolor": "#ffffff",
            "forcelabels": "true",  # draw every shortcut's xlabel, even if tight
        },
        dot,
        node_margin="0.15,0.05",
    )


def _layer_units(
    dot: Dot,
    block: BlockRecord,
    rows: Sequence[LayerRecord],
    chain: Callable[[str, Shape], None],
    border: str,
    lang: str = DEFAULT_LANG,
    name: str | None = None,
) -> str:
    """Draw one block at layer detail inside its own cluster; return the output node.

    In a residual block the last ReLU runs after the add, so it becomes the add node
    ("add + ReLU") that the shortcut edge points at. ``name`` replaces the block's
    path in the cluster label (a folded block names the run it stands for).
    """
    main = [r for r in rows if r.role == "main"]
    # A pre-activation block starts with BN and has nothing after its add: the add
    # node is the block's own (id "<block>.add"), not a ReLU row.
    preact = bool(main) and main[0].kind == "BatchNorm2d"
    add_row = main.pop() if block.shortcut != "none" and not preact else None
    label = t(
        "gf.block",
        lang,
        path=name or block.path,
        kind=shortcut_word(block.shortcut, lang),
    )
    dot.open_cluster(node_id(block.path), label, "#ffffff", border)
    ident = ""
    for unit in _units(main, preact):
        ident = node_id(unit[0].path)
        dot.node(ident, _unit_label(unit, lang), fillcolor="#ffffff", color=border)
        chain(ident, unit[0].in_shape)
    if add_row is not None:
        ident = node_id(add_row.path)
        dot.node(
            ident,
            t("gf.add", lang, kind=add_row.kind),
            shape="box",
            style="rounded,filled",
            fillcolor="#f3f3f3",
            color=border,
        )
        chain(ident, add_row.in_shape)
    elif preact and block.shortcut != "none":
        ident = node_id(block.path + ".add")
        dot.node(
            ident,
            t("gf.add_only", lang),
            shape="box",
            style="rounded,filled",
            fillcolor="#f3f3f3",
            color=border,
        )
        chain(ident, block.out_shape)
    dot.close_cluster()
    return ident
