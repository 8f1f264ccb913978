"""Tables from a trace: the paper's Table 1, layer formulas, summaries, exports, and
the tool-convention totals, checked against the paper and against real traces."""

# expected texts use the multiplication and minus signs on purpose

from __future__ import annotations

import ast
import csv
import dataclasses
import io
from functools import cache
from pathlib import Path

import pytest

import resnet_viz as rv
from resnet_viz import conventions as C
from resnet_viz import tables as T
from resnet_viz.i18n import t


@cache
def traced(arch: str, size: int | str, **overrides: str) -> rv.TraceResult:
    return rv.trace(arch, size, **overrides)


def by_stage(rows: list[T.Row]) -> dict[str, T.Row]:
    return {str(r["stage"]): r for r in rows}


# --- Table 1 ------------------------------------------------------------------------
def test_resnet34_table1_matches_paper():
    # He et al. 2016, Table 1, the 34-layer column.
    rows = T.table1_rows(traced("resnet34", 224))
    stages = [r for r in rows if r["stage"] not in ("head", "total")]
    assert [r["layer name"] for r in stages] == [
        "conv1",
        "conv2_x",
        "conv3_x",
        "conv4_x",
        "conv5_x",
    ]
    assert [r["output size"] for r in stages] == [
        "112×112",
        "56×56",
        "28×28",
        "14×14",
        "7×7",
    ]
    assert [r["blocks"] for r in stages] == [
        "",
        "[3×3, 64; 3×3, 64] × 3",
        "[3×3, 128; 3×3, 128] × 4",
        "[3×3, 256; 3×3, 256] × 6",
        "[3×3, 512; 3×3, 512] × 3",
    ]
    named = by_stage(rows)
    assert named["stem"]["layers"] == "7×7, 64, stride 2"
    assert named["layer1"]["layers"] == "3×3 max pool, stride 2"
    assert named["head"]["layers"] == "average pool, fc-1000"
    assert named["head"]["output size"] == "1×1"


def test_resnet50_and_resnext_brackets():
    brackets = [
        r["blocks"] for r in T.table1_rows(traced("resnet50", 224)) if r["blocks"]
    ]
    assert brackets == [
        "[1×1, 64; 3×3, 64; 1×1, 256] × 3",
        "[1×1, 128; 3×3, 128; 1×1, 512] × 4",
        "[1×1, 256; 3×3, 256; 1×1, 1024] × 6",
        "[1×1, 512; 3×3, 512; 1×1, 2048] × 3",
    ]
    # Xie et al. 2017, Table 1 (ResNeXt-50 32x4d).
    rx = by_stage(T.table1_rows(traced("resnext50_32x4d", 224)))
    assert rx["layer1"]["blocks"] == "[1×1, 128; 3×3, 128, C=32; 1×1, 256] × 3"
    assert rx["layer4"]["blocks"] == "[1×1, 1024; 3×3, 1024, C=32; 1×1, 2048] × 3"


def test_table1_numbers_are_the_stages():
    trace = traced("resnet50", 224)
    rows = T.table1_rows(trace)
    total = by_stage(rows)["total"]
    assert total["params"] == trace.total_params == 25_557_032
    assert total["MACs"] == trace.total_macs == 4_089_184_256
    body = rows[:-1]
    assert sum(int(r["MACs"]) for r in body) == trace.total_macs
    assert sum(int(r["params"]) for r in body) == trace.total_params


def test_cifar_table1_has_no_pool():
    rows = by_stage(T.table1_rows(traced("resnet20", 32)))
    assert rows["stem"]["layers"] == "3×3, 16"
    assert rows["stem"]["output size"] == "32×32"
    assert rows["layer1"]["layers"] == ""
    assert rows["layer3"]["blocks"] == "[3×3, 64; 3×3, 64] × 3"
    assert rows["head"]["layers"] == "average pool, fc-10"


# --- layer rows ---------------------------------------------------------------------
def test_output_size_formulas():
    rows = {r["path"]: r for r in T.layer_rows(traced("resnet34", 224))}
    assert rows["layer2.0.conv1"]["formula"] == "⌊(56 + 2·1 − 3)/2⌋ + 1 = 28"
    assert rows["conv1"]["formula"] == "⌊(224 + 2·3 − 7)/2⌋ + 1 = 112"
    assert rows["maxpool"]["formula"] == "⌊(112 + 2·1 − 3)/2⌋ + 1 = 56"
    assert rows["layer2.0.downsample.0"]["formula"] == "⌊(56 + 2·0 − 1)/2⌋ + 1 = 28"
    assert rows["layer2.0.bn1"]["formula"] == ""
    assert rows["avgpool"]["formula"] == "adaptive: output fixed at 1×1"
    conv = rows["layer2.0.conv1"]
    # H×W×C, as the paper and every figure write it; the JSON keeps N×C×H×W.
    assert conv["shape"] == "56×56×64 → 28×28×128"
    assert (conv["kernel"], conv["stride"], conv["padding"], conv["groups"]) == (
        "3×3",
        "2",
        "1",
        "1",
    )
    assert conv["FLOPs"] == 2 * int(conv["MACs"])


def test_zero_pad_and_non_square_formulas():
    rows = {r["path"]: r for r in T.layer_rows(traced("resnet20", 32))}
    assert rows["layer2.0.downsample"]["formula"] == "⌊(32 + 2·0 − 1)/2⌋ + 1 = 16"
    wide = {r["path"]: r for r in T.layer_rows(traced("resnet18", "64x48"))}
    assert wide["conv1"]["formula"] == (
        "H: ⌊(64 + 2·3 − 7)/2⌋ + 1 = 32; W: ⌊(48 + 2·3 − 7)/2⌋ + 1 = 24"
    )


def test_formula_checks_the_traced_size():
    row = next(r for r in traced("resnet34", 224).layers if r.path == "layer2.0.conv1")
    broken = dataclasses.replace(row, out_shape=(1, 128, 27, 27))
    with pytest.raises(ValueError, match=r"layer2\.0\.conv1"):
        T.output_size_formula(broken)


@pytest.mark.parametrize(
    "make",
    [T.table1_rows, T.layer_rows, T.stage_rows, T.block_rows, T.tool_conventions],
)
def test_every_column_has_one_type(make):
    # Arrow (st.dataframe) refuses columns that mix ints and strings.
    rows = make(traced("resnet50", 224))
    for column in rows[0]:
        kinds = {type(r[column]) for r in rows}
        assert len(kinds) == 1
        assert kinds <= {str, int}


def test_stage_and_block_summaries():
    trace = traced("resnet34", 224)
    stages = by_stage(T.stage_rows(trace))
    assert stages["layer3"]["blocks"] == 6
    assert stages["layer3"]["output"] == "14×14×256"
    assert stages["layer4"]["params %"] == "60.2%"
    blocks = T.block_rows(trace)
    assert len(blocks) == 16
    first = {r["block"]: r for r in blocks}["layer2.0"]
    assert first["shortcut"] == "projection"
    assert first["add ops"] == 128 * 28 * 28
    assert str(first["MACs %"]).endswith("%")


# --- exports ------------------------------------------------------------------------
ROWS: list[T.Row] = [
    {"name": "layer2_0", "share": "50%", "MACs": 1234567},
    {"name": "a|b & c", "share": "7.5%", "MACs": 8},
]


def test_csv_round_trips():
    text = T.rows_to_csv(ROWS)
    back = list(csv.DictReader(io.StringIO(text)))
    assert back == [{k: str(v) for k, v in r.items()} for r in ROWS]
    assert T.rows_to_csv(T.layer_rows(traced("resnet20", 32))).count("\n") == 1 + len(
        traced("resnet20", 32).layers
    )


def test_markdown_table():
    text = T.rows_to_markdown(ROWS)
    assert text.splitlines() == [
        "| name | share | MACs |",
        "|---|---|---:|",
        "| layer2_0 | 50% | 1,234,567 |",
        "| a\\|b & c | 7.5% | 8 |",
    ]
    assert T.rows_to_markdown([]) == ""


def test_latex_escapes_specials():
    assert T.latex_escape("layer2_0") == r"layer2\_0"
    assert T.latex_escape("50%") == r"50\%"
    assert T.latex_escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert T.latex_escape("⌊(56 + 2·1 − 3)/2⌋ × 2") == (
        r"$\lfloor$(56 + 2$\cdot$1 $-$ 3)/2$\rfloor$ $\times$ 2"
    )


def test_latex_table():
    text = T.rows_to_latex(ROWS, caption="Shares_of 100%")
    lines = text.splitlines()
    assert lines[:3] == [
        r"\begin{table}[ht]",
        r"\centering",
        r"\caption{Shares\_of 100\%}",
    ]
    assert r"\begin{tabular}{llr}" in lines
    assert lines[lines.index(r"\toprule") + 1] == r"name & share & MACs \\"
    assert r"layer2\_0 & 50\% & 1,234,567 \\" in lines
    assert r"a\textbar{}b \& c & 7.5\% & 8 \\" in lines
    assert lines[-3:] == [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    bare = T.rows_to_latex(ROWS)
    assert bare.startswith(r"\begin{tabular}")
    # Every table we ship exports without a raw special character left over.
    full = T.rows_to_latex(T.layer_rows(traced("resnet20", 32)))
    body = full.replace("\\&", "").replace("\\%", "").replace("\\_", "")
    assert "%" not in body
    assert "_" not in body
    assert "×" not in full


# --- why do tools disagree? ---------------------------------------------------------
@pytest.mark.parametrize("arch", ["resnet50", "resnet20", "plain34"])
def test_tool_conventions_rows_are_the_conventions_table(arch):
    trace = traced(arch, 32 if arch == "resnet20" else 224)
    rows = T.tool_conventions(trace)
    counts = C.tool_counts(trace)
    assert [r["tool"] for r in rows[1:]] == [t(f"cv.tool_{c.tool}") for c in counts]
    assert rows[0]["total"] == f"{trace.total_macs:,}"
    for row, c in zip(rows[1:], counts, strict=True):
        assert row["vs MACs"] == f"{c.difference:+,}"
        assert c.total == c.macs + sum(x.ops for x in c.terms)
    flop_counter = next(c for c in counts if c.tool == "flop_counter")
    assert flop_counter.total == trace.total_flops
    # No tool counts the residual add, so no row names it.
    assert not any("residual" in r["difference"] for r in rows)


def test_elementwise_breakdown_by_kind():
    trace = traced("resnet50", 224)
    parts = T.elementwise_breakdown(trace)
    assert list(parts) == [
        "BatchNorm2d",
        "ReLU",
        "MaxPool2d",
        "AdaptiveAvgPool2d",
        "residual add",
        "bias",
    ]
    assert parts["bias"] == 1000  # resnet50: only the fc layer has a bias
    assert parts["MaxPool2d"] == 64 * 56 * 56 * 8  # 3x3 window: 8 comparisons each
    assert parts["AdaptiveAvgPool2d"] == 2048 * 7 * 7
    assert T.elementwise_breakdown(traced("plain34", 224))["residual add"] == 0


# --- stride placement ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("arch", "size"),
    [("resnet50", 224), ("resnext50_32x4d", 224), ("resnet101", 100)],
)
def test_stride_placement_arithmetic_matches_a_real_trace(arch, size):
    on_3x3 = traced(arch, size)
    on_1x1 = traced(arch, size, stride_on="1x1")
    assert T.macs_with_stride_on(on_3x3, "1x1") == on_1x1.total_macs
    assert T.macs_with_stride_on(on_1x1, "3x3") == on_3x3.total_macs
    assert T.macs_with_stride_on(on_3x3, "3x3") == on_3x3.total_macs


def test_stride_placement_note():
    trace = traced("resnet50", 224)
    # torchvision's 4.089 G vs the 1x1 layout; He et al. 2016 print 3.8 G for it.
    assert T.macs_with_stride_on(trace, "1x1") == 3_857_973_248
    note = T.stride_placement_note(trace)
    assert note is not None
    assert "4,089,184,256" in note
    assert "3,857,973,248" in note
    assert "5.7% less" in note
    assert "3 strided blocks" in note
    assert T.stride_placement_note(traced("resnet34", 224)) is None
    with pytest.raises(ValueError, match="bottleneck"):
        T.macs_with_stride_on(traced("resnet34", 224), "1x1")
    with pytest.raises(ValueError, match="place"):
        T.macs_with_stride_on(trace, "5x5")


def test_tables_module_imports_no_torch_or_ui():
    source = Path(T.__file__)
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(("." * node.level) + node.module)
    assert imported <= {
        "__future__",
        "csv",
        "io",
        "math",
        "collections.abc",
        ".formats",
        ".i18n",  # the string catalogue: plain data and the standard library
        ".records",
        ".stats",
        ".text",
        ".conventions",  # pure Python on the records (tests/core/test_conventions.py)
    }


# --- He et al. 2016, Table 1's FLOPs row ---------------------------------------------
# The paper's figures (x 10^9) and, worked out from each, which one-decimal rounding
# of our MACs in the paper's layout gives it.
PAPER = {
    "resnet18": (1.8, "both"),
    "resnet34": (3.6, "down"),
    "resnet50": (3.8, "down"),
    "resnet101": (7.6, "nearest"),
    "resnet152": (11.3, "nearest"),
}


def test_paper_flops_row_beside_ours():
    traces = [traced(a, 224, **o) for a, o in T.paper_flops_views()]
    assert [tr.arch for tr in traces] == list(PAPER)
    rows = T.paper_flops_rows(traces)
    paper, ours, how = rows
    assert list(paper.values())[1:] == [f"{p}×10⁹" for p, _ in PAPER.values()]
    for tr, (printed, rounding) in zip(traces, PAPER.values(), strict=True):
        assert T.paper_rounding(tr.total_macs, printed) == rounding
        # What the caption says holds for all five: the printed figure is one of
        # the two one-decimal neighbours of ours.
        assert abs(tr.total_macs / 1e9 - printed) < 0.1
    assert "stride on the first 1×1" in how["50-layer"]
    assert ours["50-layer"] == "3.858×10⁹"
    # Neither rule alone reproduces all five.
    assert {r for _, r in PAPER.values()} >= {"down", "nearest"}
    zh = T.paper_flops_rows(traces, "zh")
    assert list(zh[0].values())[1:] == list(paper.values())[1:]


def test_the_whole_3x3_vs_1x1_saving_is_the_first_1x1():
    # 4.089 G (torchvision) vs 3.858 G (the paper's layout): the 3x3 of a strided
    # block gives the same output size either way, so its MACs are unchanged; the
    # saving is the first 1x1 of the three strided blocks, on the input map in one
    # layout and on the 4x smaller output map in the other.
    a, b = traced("resnet50", 224), traced("resnet50", 224, stride_on="1x1")
    rows_a = {r.path: r.macs for r in a.layers}
    rows_b = {r.path: r.macs for r in b.layers}
    changed = {p for p in rows_a if rows_a[p] != rows_b[p]}
    assert changed == {"layer2.0.conv1", "layer3.0.conv1", "layer4.0.conv1"}
    for p in changed:
        assert rows_a[p] == 4 * rows_b[p]
    assert a.total_macs - b.total_macs == sum(rows_a[p] - rows_b[p] for p in changed)
    # By hand: each of those 1x1s costs 56*56*256*128 = 28*28*512*256 = 14*14*1024*512
    # MACs on the input map and a quarter of that on the output map.
    assert a.total_macs - b.total_macs == 3 * (56 * 56 * 256 * 128) * 3 // 4
