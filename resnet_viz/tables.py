"""Plain-data tables of a TraceResult (the paper's Table 1, layers, blocks, stages,
tool conventions) and their CSV, Markdown and LaTeX exports. No torch, no UI imports.

Every table is a list of dicts whose values are str or int, one type per column, so
pandas and st.dataframe (Arrow) take them as they are. Everything is derived from the
trace's rows, never from the config, so a table always shows what actually ran.
Builders take ``lang``: headers and fixed words come from the i18n catalogue; numbers,
shapes, module paths and layer kinds are the same in every language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from .conventions import conventions_rows
from .formats import csv_text, human, markdown_lines, shape_text
from .i18n import DEFAULT_LANG, stage_label, t, word
from .records import LayerRecord, TraceResult
from .stats import (
    MAC_KINDS,
    macs_with_stride_on,
    output_size,
    output_size_ceil,
    strided_blocks,
)
from .text import (
    MINUS,
    TIMES,
    conv_text,
    hw_text,
    pair_text,
    stage_bracket,
    tensor_text,
)

Row = dict[str, str | int]


# Rows a page shows of one table at a time (issue 12: an 8-stage net of 1,000 blocks
# a stage sent 7 MB of per-layer rows per rerun, 25 MB with every stage picked). A
# per-layer row is ~230 bytes on the wire, so a page stays near 0.25 MB; downloads
# still hold every row. Ask first with layer_row_count / block_row_count.
TABLE_PAGE_ROWS = 1000


def layer_row_count(trace: TraceResult, stages: Iterable[str] | None = None) -> int:
    """How many rows layer_rows(trace) has, in ``stages`` only when given, counted
    without building any (compare it with TABLE_PAGE_ROWS)."""
    if stages is None:
        return len(trace.layers)
    picked = set(stages)
    return sum(r.stage in picked for r in trace.layers)


def block_row_count(trace: TraceResult) -> int:
    """How many rows block_rows(trace) has: one per block."""
    return len(trace.blocks)


# Kinds that move a window over the map, so the output-size formula applies.
WINDOW_KINDS = ("Conv2d", "MaxPool2d", "AvgPool2d", "ZeroPadShortcut")

# Each column header and its catalogue key ("word.<key>"); rows are built with these
# English headers and renamed at the end, so every language has the same columns.
HEADERS = {
    "stage": "stage",
    "layer name": "layer_name",
    "output size": "output_size",
    "layers": "layers",
    "blocks": "blocks",
    "params": "params",
    "MACs": "macs",
    "path": "path",
    "type": "type",
    "shape": "shape",
    "kernel": "kernel",
    "stride": "stride",
    "padding": "padding",
    "groups": "groups",
    "formula": "formula",
    "FLOPs": "flops",
    "activations": "activations",
    "receptive field": "receptive_field",
    "input": "input",
    "output": "output",
    "params %": "params_pct",
    "MACs %": "macs_pct",
    "block": "block",
    "shortcut": "shortcut",
    "add ops": "add_ops",
    "tool": "tool",
    "total": "total",
    "images": "images",
    "vs MACs": "vs_macs",
    "difference": "difference",
    "rule": "rule",
}


def header(name: str, lang: str = DEFAULT_LANG) -> str:
    """A column header of these tables in ``lang`` ("params" -> "参数量").

    Args:
        name: the English header, a key of ``HEADERS``.
        lang: "en" or "zh".

    Returns:
        The header; English returns ``name`` itself.
    """
    return t("word." + HEADERS[name], lang)


def _headed(rows: list[Row], lang: str) -> list[Row]:
    """The rows with their headers in ``lang`` (English: the rows themselves)."""
    if lang == DEFAULT_LANG:
        return rows
    return [{header(k, lang): v for k, v in r.items()} for r in rows]


# --- small text helpers shared with figures/graph.py --------------------------------
def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


# --- Table 1 ------------------------------------------------------------------------
def _paper_op_text(row: LayerRecord, lang: str = DEFAULT_LANG) -> str:
    """A non-block layer in Table 1's words: "7x7, 64, stride 2", "3x3 max pool..."."""
    stride = ""
    if row.stride not in (None, (1, 1)):
        stride = t("gf.comma_stride", lang, s=pair_text(row.stride))
    if row.kind == "Conv2d":
        return conv_text(row) + stride
    if row.kind == "MaxPool2d":
        assert row.kernel_size is not None
        kernel = shape_text(row.kernel_size, TIMES)
        return t("op.max_pool", lang, kernel=kernel) + stride
    if row.kind == "AdaptiveAvgPool2d":
        return t("tbl.avg_pool", lang)
    if row.kind == "Linear":
        return f"fc-{row.out_shape[-1]}"
    return row.kind


def table1_rows(trace: TraceResult, lang: str = DEFAULT_LANG) -> list[Row]:
    """He et al. 2016's Table 1 for this trace: one row per stage, then a total.

    As in the paper, the stem's conv row shows the conv's output size (112x112 at
    224 px) and the stem's max pool is listed on the first stage's row, whose output
    size it sets. The pool has no params or MACs, so each row's numbers are still
    exactly its stage's (StageRecord). BN and ReLU are left out, as in the paper.

    Args:
        trace: the traced network.
        lang: the language of the headers and words ("conv2_x" and the brackets
            are the paper's notation in every language).

    Returns:
        Rows with keys stage, layer name (the paper's conv1, conv2_x, ...), output
        size, layers (non-block ops), blocks (the bracket), params, MACs.
    """
    out: list[Row] = []
    carried: list[str] = []  # stem layers after its first conv, shown one row later
    stage_no = 1
    for s in trace.stages:
        rows = [r for r in trace.layers if r.stage == s.name]
        ops = [r for r in rows if r.kind not in ("BatchNorm2d", "ReLU")]
        if s.name == "stem":
            # The stem row ends after its convs (+ BN + ReLU), as in the paper; a
            # deep stem's three 3x3 convs (He et al. 2019, Fig. 2b) share the row.
            n_convs = next(
                (i for i, r in enumerate(ops) if r.kind != "Conv2d"), len(ops)
            )
            first, rest = ops[: max(n_convs, 1)], ops[max(n_convs, 1) :]
            conv_out = first[-1].out_shape if first else rows[0].out_shape
            carried = [_paper_op_text(r, lang) for r in rest]
            row: Row = {
                "stage": stage_label(s.name, lang),
                "layer name": "conv1",
                "output size": hw_text(conv_out),
                "layers": "; ".join(_paper_op_text(r, lang) for r in first),
                "blocks": "",
            }
        elif s.name == "head":
            # The global pool's map: the head's last 4-d row (a pre-activation
            # head's BN-ReLU runs before it, on the full map).
            pooled = next((r for r in reversed(rows) if len(r.out_shape) == 4), None)
            layers = [_paper_op_text(r, lang) for r in ops]
            if rows and rows[0].kind == "BatchNorm2d":  # pre-activation's final BN-ReLU
                layers.insert(0, t("tbl.final_bn_relu", lang))
            row = {
                "stage": stage_label(s.name, lang),
                "layer name": "",
                "output size": hw_text(pooled.out_shape) if pooled else "",
                "layers": ", ".join(layers),
                "blocks": "",
            }
        else:
            stage_no += 1
            row = {
                "stage": s.name,
                "layer name": f"conv{stage_no}_x",
                "output size": hw_text(s.out_shape),
                "layers": "; ".join(carried),
                "blocks": stage_bracket(trace, s.name),
            }
            carried = []
        row.update(params=s.params, MACs=s.macs)
        out.append(row)
    out.append(
        {
            "stage": stage_label("total", lang),
            "layer name": "",
            "output size": "",
            "layers": "",
            "blocks": "",
            "params": trace.total_params,
            "MACs": trace.total_macs,
        }
    )
    return _headed(out, lang)


# He et al. 2016, Table 1, the "FLOPs" row (x 10^9), and the stride placement that
# reproduces each: the 18/34-layer nets have basic blocks (nothing to place), the
# deeper ones stride on the first 1x1 of each bottleneck (Sec. 3.3, "performed by
# conv3_1, conv4_1, and conv5_1 with a stride of 2"; torchvision moved it to the 3x3).
PAPER_FLOPS: dict[str, tuple[float, str]] = {
    "resnet18": (1.8, "3x3"),
    "resnet34": (3.6, "3x3"),
    "resnet50": (3.8, "1x1"),
    "resnet101": (7.6, "1x1"),
    "resnet152": (11.3, "1x1"),
}


def paper_flops_views() -> list[tuple[str, dict[str, str]]]:
    """(preset, overrides) of the five nets in the paper's convention, to trace at
    224 x 224 for ``paper_flops_rows``."""
    return [
        (arch, {"stride_on": "1x1"} if place == "1x1" else {})
        for arch, (_, place) in PAPER_FLOPS.items()
    ]


def paper_rounding(macs: int, printed: float) -> str:
    """How the paper's one-decimal figure relates to ``macs``: "down" (truncated),
    "nearest", "both" (the two agree) or "neither"."""
    tenths = macs / 1e8
    down = math.floor(tenths) / 10 == printed
    nearest = math.floor(tenths + 0.5) / 10 == printed
    return {(True, True): "both", (True, False): "down", (False, True): "nearest"}.get(
        (down, nearest), "neither"
    )


def paper_flops_rows(
    traces: Sequence[TraceResult], lang: str = DEFAULT_LANG
) -> list[Row]:
    """Table 1's FLOPs row as the paper prints it, beside our MACs in its convention.

    Args:
        traces: the five nets of ``paper_flops_views`` at 224 x 224, in that order.
        lang: the language of the words.

    Returns:
        Three rows (the paper's figure, our MACs, how the figure rounds ours), one
        column per depth after the row's name.
    """
    name = header("FLOPs", lang)
    rows: list[Row] = [
        {name: t("tb.paper_flops", lang)},
        {name: t("tb.our_macs", lang)},
        {name: t("tb.paper_how", lang)},
    ]
    for tr in traces:
        printed, place = PAPER_FLOPS[tr.arch]
        macs = tr.total_macs // tr.input_shape[0]
        col = t(f"tb.depth_{tr.arch.removeprefix('resnet')}", lang)
        rows[0][col] = f"{printed}{TIMES}10⁹"
        rows[1][col] = f"{macs / 1e9:.3f}{TIMES}10⁹"
        rows[2][col] = t(f"tb.paper_{paper_rounding(macs, printed)}", lang) + t(
            "tb.paper_on_1x1" if place == "1x1" else "tb.paper_basic", lang
        )
    return rows


# --- per-layer rows -----------------------------------------------------------------
def _axis_formula(
    size: int, kernel: int, stride: int, pad: int, dil: int, ceil: bool = False
) -> str:
    out = (output_size_ceil if ceil else output_size)(size, kernel, stride, pad, dil)
    span = dil * (kernel - 1) + 1  # effective kernel; equals kernel when dilation is 1
    lo, hi = ("⌈", "⌉") if ceil else ("⌊", "⌋")
    return f"{lo}({size} + 2·{pad} {MINUS} {span})/{stride}{hi} + 1 = {out}"


def output_size_formula(row: LayerRecord, lang: str = DEFAULT_LANG) -> str:
    """ "⌊(56 + 2·1 - 3)/2⌋ + 1 = 28" for a conv or pool row, "" for other kinds.

    The numbers come from the row; the result is computed with stats.output_size and
    checked against the traced output size.

    Raises:
        ValueError: the formula disagrees with the traced shape (a tracer bug).
    """
    if row.kind == "AdaptiveAvgPool2d":
        return t("tbl.adaptive", lang, hw=hw_text(row.out_shape))
    if row.kind not in WINDOW_KINDS or row.kernel_size is None:
        return ""
    assert row.stride is not None
    assert row.padding is not None
    dilation = row.dilation or (1, 1)
    axes = []
    for axis in (0, 1):
        args = (
            row.in_shape[2 + axis],
            row.kernel_size[axis],
            row.stride[axis],
            row.padding[axis],
            dilation[axis],
        )
        got = row.out_shape[2 + axis]
        # An average pool may round up: ResNet-D's avg-down pool has ceil_mode=True
        # (timm), so an odd 13x13 map pools to 7x7, as the strided 3x3 beside it.
        ceil = (
            row.kind == "AvgPool2d"
            and output_size(*args) != got
            and output_size_ceil(*args) == got
        )
        if not ceil and output_size(*args) != got:
            raise ValueError(
                f"{row.path}: output-size formula gives {output_size(*args)}, "
                f"trace has {got}"
            )
        axes.append(_axis_formula(*args, ceil=ceil))
    if axes[0] == axes[1]:
        return axes[0]
    return f"H: {axes[0]}; W: {axes[1]}"


def layer_rows(
    trace: TraceResult,
    lang: str = DEFAULT_LANG,
    *,
    only: Sequence[LayerRecord] | None = None,
) -> list[Row]:
    """One row per layer call, with the output-size formula filled in.

    Args:
        trace: the traced network.
        lang: the language of the headers and words.
        only: rows for these layer records alone (a page of the table), in their
            order; every layer of ``trace`` when None.

    Returns:
        Rows with keys path, type, shape (NxCxHxW in → out), kernel, stride,
        padding, groups, formula, params, MACs, FLOPs (2 x MACs), activations
        (output bytes, human-readable), receptive field.
    """
    rows: list[Row] = [
        {
            "path": r.path,
            "type": r.kind,
            # H×W×C as the paper and the figures write it (the JSON keeps N×C×H×W).
            "shape": tensor_text(r.in_shape) + " → " + tensor_text(r.out_shape),
            "kernel": shape_text(r.kernel_size, TIMES),
            "stride": pair_text(r.stride) if r.stride else "",
            "padding": pair_text(r.padding) if r.padding else "",
            "groups": "" if r.groups is None else str(r.groups),
            "formula": output_size_formula(r, lang),
            "params": r.params,
            "MACs": r.macs,
            "FLOPs": r.flops,
            "activations": human(r.activation_bytes, "B"),
            "receptive field": shape_text(r.receptive_field, TIMES),
        }
        for r in (trace.layers if only is None else only)
    ]
    return _headed(rows, lang)


# Per-layer columns the page's grid hides until asked (its column menu shows them):
# all thirteen need ~1,600 px, a laptop's column (1440x900) is ~980 px, and 14 px
# text neither shrinks nor wraps in the grid. Kernel, stride and padding are spelt
# out in the formula and FLOPs are 2 x MACs; the downloads keep every column.
LAYER_GRID_HIDDEN = (
    "kernel",
    "stride",
    "padding",
    "groups",
    "FLOPs",
    "activations",
    "receptive field",
)


def layer_hidden_headers(lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """The headers, in ``lang``, of the per-layer columns (LAYER_GRID_HIDDEN) that
    a grid on the page hides until the reader shows them."""
    return tuple(header(name, lang) for name in LAYER_GRID_HIDDEN)


# --- stage and block summaries ------------------------------------------------------
def stage_rows(trace: TraceResult, lang: str = DEFAULT_LANG) -> list[Row]:
    """Stem, each stage and the head, with their shares of the totals.

    Args:
        trace: the traced network.
        lang: the language of the headers and of the stem and head's names.

    Returns:
        Rows with keys stage, blocks, input, output, params, params %, MACs,
        MACs %, activations.
    """
    rows: list[Row] = [
        {
            "stage": stage_label(s.name, lang),
            "blocks": s.n_blocks,
            "input": tensor_text(s.in_shape),
            "output": tensor_text(s.out_shape),
            "params": s.params,
            "params %": _share(s.params, trace.total_params),
            "MACs": s.macs,
            "MACs %": _share(s.macs, trace.total_macs),
            "activations": human(s.activation_bytes, "B"),
        }
        for s in trace.stages
    ]
    return _headed(rows, lang)


def block_rows(trace: TraceResult, lang: str = DEFAULT_LANG) -> list[Row]:
    """One row per block, with its shortcut kind and shares of the totals.

    Args:
        trace: the traced network.
        lang: the language of the headers and shortcut kinds (English keeps the
            BlockRecord's own value, e.g. "zero_pad").

    Returns:
        Rows with keys block, stage, shortcut, input, output, params, params %,
        MACs, MACs %, add ops (elements summed by the residual add).
    """
    rows: list[Row] = [
        {
            "block": b.path,
            "stage": b.stage,
            "shortcut": b.shortcut
            if lang == DEFAULT_LANG
            else word("sc.", b.shortcut, lang),
            "input": tensor_text(b.in_shape),
            "output": tensor_text(b.out_shape),
            "params": b.params,
            "params %": _share(b.params, trace.total_params),
            "MACs": b.macs,
            "MACs %": _share(b.macs, trace.total_macs),
            "add ops": b.add_ops,
        }
        for b in trace.blocks
    ]
    return _headed(rows, lang)


# --- why do tools disagree? ---------------------------------------------------------
# Each elementwise kind and its catalogue suffix: "tbl.rule_<suffix>" is its counting
# rule as written in stats.py's docstring (our own elementwise_ops, not a tool's).
_ELEMENTWISE_KEYS = {
    "BatchNorm2d": "bn",
    "ReLU": "relu",
    "MaxPool2d": "maxpool",
    "AdaptiveAvgPool2d": "avgpool",
    "residual add": "add",
    "bias": "bias",
}
ELEMENTWISE_RULES = {k: t(f"tbl.rule_{v}") for k, v in _ELEMENTWISE_KEYS.items()}


def elementwise_breakdown(trace: TraceResult) -> dict[str, int]:
    """Elementwise ops of the trace by kind; the values sum to total_elementwise_ops.

    Conv and Linear rows carry only their bias work here, so they are filed as
    "bias"; the residual adds come from BlockRecord.add_ops.
    """
    out = dict.fromkeys(ELEMENTWISE_RULES, 0)
    for r in trace.layers:
        key = "bias" if r.kind in MAC_KINDS else r.kind
        out[key] = out.get(key, 0) + r.elementwise_ops
    out["residual add"] = sum(b.add_ops for b in trace.blocks)
    return {k: v for k, v in out.items() if v or k in ELEMENTWISE_RULES}


def tool_conventions(trace: TraceResult, lang: str = DEFAULT_LANG) -> list[Row]:
    """Why do tools disagree? What torchinfo, fvcore, ptflops, thop, calflops, torch's
    flop counter and torchvision report for this trace, each with its difference
    from our MACs broken into named terms and its rule (resnet_viz.conventions, which
    the tests check against the real tools).

    Args:
        trace: the traced network (a preset, a custom net or a zoo block).
        lang: the language of the headers and of the words in the cells.

    Returns:
        Rows with keys tool, total, images, vs MACs, difference, rule (all text).
    """
    return _headed(conventions_rows(trace, lang), lang)


# --- stride on the 3x3 or on the first 1x1 (bottleneck nets) ------------------------
def stride_placement_note(trace: TraceResult, lang: str = DEFAULT_LANG) -> str | None:
    """A sentence on what striding the 3x3 vs the first 1x1 costs in this net.

    Args:
        trace: the traced network.
        lang: the sentence's language.

    Returns:
        The sentence, or None for basic-block nets and for nets where no block
        strides (nothing to compare).
    """
    if trace.config.block != "bottleneck":
        return None
    strided = strided_blocks(trace)
    if not strided:
        return None
    on_3x3 = macs_with_stride_on(trace, "3x3")
    on_1x1 = macs_with_stride_on(trace, "1x1")
    conv1 = strided[0][0]
    saved = on_3x3 - on_1x1
    return t(
        "tbl.stride_note_one" if len(strided) == 1 else "tbl.stride_note_many",
        lang,
        current=t(f"tbl.on_{trace.config.stride_on}", lang),
        on_3x3=f"{on_3x3:,}",
        h3=human(on_3x3),
        on_1x1=f"{on_1x1:,}",
        h1=human(on_1x1),
        share=_share(saved, on_3x3),
        saved=f"{saved:,}",
        n=len(strided),
        path=conv1.path,
        hw=hw_text(conv1.in_shape),
    )


# --- exports ------------------------------------------------------------------------
def _columns(rows: Sequence[Row]) -> list[str]:
    """Every key of every row, in first-seen order."""
    return list(dict.fromkeys(k for r in rows for k in r))


def _is_numeric(rows: Sequence[Row], column: str) -> bool:
    values = [r[column] for r in rows if column in r]
    return bool(values) and all(isinstance(v, int) for v in values)


def rows_to_csv(rows: Sequence[Row]) -> str:
    """The rows as CSV with a header line; missing cells are empty."""
    columns = _columns(rows)
    return csv_text(columns, ([r.get(c, "") for c in columns] for r in rows))


def rows_to_markdown(rows: Sequence[Row]) -> str:
    """The rows as a GitHub Markdown table; numbers right-aligned with separators."""
    columns = _columns(rows)
    if not columns:
        return ""

    def cell(value: str | int) -> str:
        return f"{value:,}" if isinstance(value, int) else str(value)

    lines = markdown_lines(
        columns,
        ([cell(r.get(c, "")) for c in columns] for r in rows),
        right=[_is_numeric(rows, c) for c in columns],
    )
    return "\n".join(lines) + "\n"


_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # OT1 text fonts print < > | as other glyphs.
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # Unicode that pdflatex cannot typeset without extra packages.
    TIMES: r"$\times$",
    "⌊": r"$\lfloor$",
    "⌋": r"$\rfloor$",
    MINUS: r"$-$",
    "·": r"$\cdot$",
    "→": r"$\rightarrow$",
}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters, one character at a time (never twice)."""
    return "".join(_LATEX.get(ch, ch) for ch in text)


def rows_to_latex(rows: Sequence[Row], caption: str = "") -> str:
    """The rows as a booktabs tabular (needs \\usepackage{booktabs}).

    Args:
        rows: table rows.
        caption: when given, the tabular is wrapped in a table float with it.
    """
    columns = _columns(rows)
    spec = "".join("r" if _is_numeric(rows, c) else "l" for c in columns)

    def cell(value: str | int) -> str:
        return f"{value:,}" if isinstance(value, int) else latex_escape(str(value))

    lines = [
        f"\\begin{{tabular}}{{{spec}}}",
        r"\toprule",
        " & ".join(latex_escape(c) for c in columns) + r" \\",
        r"\midrule",
        *(" & ".join(cell(r.get(c, "")) for c in columns) + r" \\" for r in rows),
        r"\bottomrule",
        r"\end{tabular}",
    ]
    if caption:
        lines = [
            r"\begin{table}[ht]",
            r"\centering",
            f"\\caption{{{latex_escape(caption)}}}",
            *lines,
            r"\end{table}",
        ]
    return "\n".join(lines) + "\n"
