"""The block graph: a TraceResult as graphviz DOT text, stages collapsed or expanded.

Builds the DOT string by hand (the app renders it with st.graphviz_chart in the
browser); imports no torch, streamlit or graphviz, only the core's plain-data modules
and the i18n catalogue.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence

from resnet_viz.formats import human, shape_text
from resnet_viz.i18n import DEFAULT_LANG, t, word
from resnet_viz.records import BlockRecord, LayerRecord, Shape, TraceResult
from resnet_viz.tables import (
    TIMES,
    conv_text,
    main_convs,
    rows_by_block,
    stage_bracket,
    tensor_text,
)

DETAILS = ("block", "layer")
RANKDIRS = ("TB", "LR", "BT", "RL")
FONT = "Helvetica,Arial,sans-serif"
INK = "#4a5563"  # borders, main-path edges and their labels

# (fill, border) per stage, in order layer1, layer2, ...; pastel fills keep black
# text readable, and the border repeats the hue so clusters stay tellable in print.
STAGE_COLOURS = (
    ("#dbe9f6", "#4a7fb0"),
    ("#dcefd8", "#4f8f47"),
    ("#fdf0cf", "#b8901f"),
    ("#f9dfcf", "#bf6a33"),
    ("#eadcef", "#7f5a99"),
    ("#d5ecec", "#3f8c8c"),
    ("#f6d6d6", "#a84848"),
    ("#e3e3f3", "#5a5aa0"),
)
END_COLOURS = ("#eeeeee", "#777777")  # stem, head, input and output

# DOT attributes of each shortcut kind's edge; "none" (plain nets) draws no edge.
SHORTCUT_STYLES = {
    "identity": {"style": "solid", "color": "#8c8c8c", "fontcolor": "#6b6b6b"},
    "projection": {"style": "dashed", "color": "#c0392b", "fontcolor": "#a5281b"},
    "zero_pad": {"style": "dotted", "color": "#2e6da4", "fontcolor": "#24598a"},
    # ResNet-D (He et al. 2019): a projection too, dashed, in its own colour.
    "avg_projection": {"style": "dashed", "color": "#7d3c98", "fontcolor": "#6c3483"},
}
_DOT_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


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


class _Dot:
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
        detail = t("vf.list_sep", lang).join(parts)
        return t("vf.with_detail", lang, kind=kind, detail=detail)
    return ""


def _shortcut_note(blocks: Sequence[BlockRecord], lang: str = DEFAULT_LANG) -> str:
    """ "1 projection, 3 identity", in order of first appearance."""
    counts = Counter(b.shortcut for b in blocks)
    if set(counts) == {"none"}:
        plain = t("vf.plain", lang)
        return t("vf.with_detail", lang, kind=t("vf.no_shortcuts", lang), detail=plain)
    return t("vf.list_sep", lang).join(
        t("vf.count", lang, n=n, what=shortcut_word(k, lang)) for k, n in counts.items()
    )


# --- the graph ----------------------------------------------------------------------
def dot_document(
    name: str, graph: dict[str, str | int | float], dot: _Dot, node_margin: str
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


def block_graph_dot(
    trace: TraceResult,
    expand: Collection[str] = (),
    detail: str = "block",
    *,
    rankdir: str = "TB",
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
        lang: the language of the words in labels ("en" or "zh"); node ids and
            module paths are the same in every language.

    Returns:
        DOT source text.

    Raises:
        ValueError: unknown detail, rankdir or stage name in ``expand``.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)} (got {detail!r})")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}")
    if isinstance(expand, str):  # a lone "layer2" would otherwise become its letters
        expand = (expand,)
    stage_names = [s.name for s in trace.stages if s.n_blocks]
    unknown = set(expand) - {"all", *stage_names}
    if unknown:
        raise ValueError(
            f"cannot expand {', '.join(sorted(unknown))}; stages are "
            f"{', '.join(stage_names)} (or 'all')"
        )
    expanded = set(stage_names) if "all" in expand else set(expand)
    # Shortcut arcs leave and enter on the side, like the skip arcs in the papers.
    side = "e" if rankdir in ("TB", "BT") else "s"

    dot = _Dot()
    by_block = rows_by_block(trace)
    colours = {
        n: STAGE_COLOURS[i % len(STAGE_COLOURS)] for i, n in enumerate(stage_names)
    }
    end_fill, end_border = END_COLOURS

    dot.node(
        "input",
        t("stage.input", lang) + f"\n{tensor_text(trace.input_shape)}",
        shape="ellipse",
        fillcolor="#ffffff",
        color=end_border,
    )
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
        for block in blocks:
            block_rows = by_block[block.path]
            block_in = prev
            if detail == "block":
                convs = " → ".join(
                    conv_text(c, show_stride=True) for c in main_convs(block_rows)
                )
                out_id = node_id(block.path)
                dot.node(
                    out_id, f"{block.path}\n{convs}", fillcolor="#ffffff", color=border
                )
                chain(out_id, block.in_shape)
            else:
                out_id = _layer_units(dot, block, block_rows, chain, border, lang)
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

    dot.node(
        "output",
        t("stage.output", lang) + f"\n{tensor_text(trace.output_shape)}",
        shape="ellipse",
        fillcolor="#ffffff",
        color=end_border,
    )
    chain("output", trace.output_shape)

    title = t(
        "gf.title",
        lang,
        arch=trace.arch,
        shape=shape_text(trace.input_shape, TIMES),
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
    dot: _Dot,
    block: BlockRecord,
    rows: Sequence[LayerRecord],
    chain: Callable[[str, Shape], None],
    border: str,
    lang: str = DEFAULT_LANG,
) -> str:
    """Draw one block at layer detail inside its own cluster; return the output node.

    In a residual block the last ReLU runs after the add, so it becomes the add node
    ("add + ReLU") that the shortcut edge points at.
    """
    main = [r for r in rows if r.role == "main"]
    # A pre-activation block starts with BN and has nothing after its add: the add
    # node is the block's own (id "<block>.add"), not a ReLU row.
    preact = bool(main) and main[0].kind == "BatchNorm2d"
    add_row = main.pop() if block.shortcut != "none" and not preact else None
    label = t(
        "gf.block", lang, path=block.path, kind=shortcut_word(block.shortcut, lang)
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
