"""The tables in Simplified Chinese: headers and fixed words from the catalogue, the
same rows, columns and numbers as in English, and English unchanged by ``lang``."""

from __future__ import annotations

from functools import cache

import pytest

import resnet_viz as rv
from resnet_viz import conventions as C
from resnet_viz import tables as T
from tests.i18n_check import HAN, assert_translated, identifiers

BUILDERS = [T.table1_rows, T.layer_rows, T.stage_rows, T.block_rows, T.tool_conventions]
CASES = [("resnet18", 224), ("resnet20", 32), ("resnet50", 64), ("vgg16", 32)]
# Cells that are notation in every language: the paper's layer names, fc-1000,
# torch's flop counter, "FLOPs = 2 × MACs".
NOTATION = {"conv1", "conv2_x", "fc", "torch.utils.flop_counter", "Conv2d", "Linear"}
NOTATION |= set(C.NOTATION)  # the counting tools and what their rules name


@cache
def traced(arch: str, size: int) -> rv.TraceResult:
    return rv.trace(arch, size)


@pytest.mark.parametrize("build", BUILDERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("arch", "size"), CASES)
def test_tables_in_chinese(build, arch, size):
    trace = traced(arch, size)
    en, zh = build(trace), build(trace, "zh")
    assert len(en) == len(zh)
    assert list(zh[0]) == [T.header(c, "zh") for c in en[0]]
    for column in zh[0]:
        assert HAN.search(column) or column in ("MACs", "FLOPs"), column
    for a, b in zip(en, zh, strict=True):
        # numbers are the same; text cells are the same or translated
        assert [v for v in a.values() if isinstance(v, int)] == [
            v for v in b.values() if isinstance(v, int)
        ]
    texts = list(zh[0]) + [v for r in zh for v in r.values() if isinstance(v, str)]
    assert_translated([s for s in texts if s], identifiers(trace) | NOTATION)


def test_table1_words_in_chinese():
    rows = T.table1_rows(traced("resnet18", 224), "zh")
    stage, layers = T.header("stage", "zh"), T.header("layers", "zh")
    assert [r[stage] for r in rows] == [
        "主干", "layer1", "layer2", "layer3", "layer4", "头部", "合计"
    ]  # fmt: skip
    assert rows[1][layers] == "3×3 最大池化，步幅 2"
    assert rows[-2][layers] == "平均池化, fc-1000"
    assert rows[1][T.header("layer name", "zh")] == "conv2_x"  # the paper's name


def test_block_rows_name_the_shortcut_in_chinese():
    rows = T.block_rows(traced("resnet20", 32), "zh")
    kinds = {r[T.header("shortcut", "zh")] for r in rows}
    assert kinds == {"恒等映射", "补零"}
    assert {r["shortcut"] for r in T.block_rows(traced("resnet20", 32))} == {
        "identity",
        "zero_pad",
    }


def test_cost_conventions_in_chinese():
    trace = traced("resnet50", 64)
    rows = T.tool_conventions(trace, "zh")
    tool, rule = T.header("tool", "zh"), T.header("rule", "zh")
    names = [r[tool] for r in rows]
    assert names[:3] == [
        "本应用的 MACs",
        "torch.utils.flop_counter",
        "torchinfo 的乘加数",
    ]
    assert "ptflops（pytorch 后端）" in names
    assert all(HAN.search(r[rule]) for r in rows)
    # The numbers are the same in both languages.
    total = T.header("total", "zh")
    assert [r[total] for r in rows] == [r["total"] for r in T.tool_conventions(trace)]
    assert T.header("vs MACs", "zh") in rows[0]


def test_stride_note_in_chinese():
    trace = traced("resnet50", 64)
    en, zh = T.stride_placement_note(trace), T.stride_placement_note(trace, "zh")
    assert en is not None
    assert zh is not None
    assert HAN.search(zh)
    assert zh.startswith("这个网络把步幅放在3×3卷积上。")
    for number in ("layer2.0.conv1", f"{T.macs_with_stride_on(trace, '1x1'):,}"):
        assert number in en
        assert number in zh
    assert T.stride_placement_note(traced("resnet18", 224), "zh") is None


def test_english_is_the_default():
    trace = traced("resnet20", 32)
    for build in BUILDERS:
        assert build(trace, "en") == build(trace)
    assert T.header("params %") == "params %"
    assert T.ELEMENTWISE_RULES["ReLU"] == "1 per output element"
