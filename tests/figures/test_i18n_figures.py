"""Every figure and DOT builder in Simplified Chinese: titles, axis titles, legend
names, labels and hover carry Chinese, no raw catalogue key and no English word
beyond identifiers and units. English output is covered by the golden snapshots and
the existing figure tests (lang defaults to "en")."""

from __future__ import annotations

import re

import pytest

import resnet_viz as rv
from resnet_viz.compare import totals_delta
from resnet_viz.figures import (
    block_figure,
    block_graph_dot,
    cost_figure,
    cost_overview_figure,
    volume_figure,
)
from resnet_viz.figures.compare import compare_volume_figures, totals_figure
from resnet_viz.figures.gradients import gradient_figure
from resnet_viz.figures.graph import node_id
from resnet_viz.figures.walkthrough import walkthrough_figure
from resnet_viz.figures.zoo import zoo_graph_dot, zoo_volume_figure
from resnet_viz.records import TraceResult
from resnet_viz.walkthrough import walkthrough_steps
from resnet_viz.zoo import list_blocks, trace_block
from tests.figures.test_gradients_figure import profile
from tests.i18n_check import (
    HAN,
    assert_translated,
    dot_texts,
    figure_texts,
    identifiers,
)

ARCHS = [("resnet18", 224, {}), ("resnet20", 32, {}), ("plain18", 64, {})]
ARCHS += [("resnet50", 64, {"shortcut": "C"}), ("vgg16", 32, {})]


@pytest.fixture(scope="module", params=ARCHS, ids=lambda a: a[0])
def traced(request) -> TraceResult:
    arch, size, overrides = request.param
    return rv.trace(arch, size, **overrides)


@pytest.mark.parametrize("detail", ["stage", "layer"])
def test_volume_figure_in_chinese(traced, detail):
    fig = volume_figure(traced, detail, lang="zh")
    assert_translated(figure_texts(fig), identifiers(traced))
    layout = fig.to_dict()["layout"]
    assert HAN.search(layout["title"]["text"])
    legend = [d["name"] for d in fig.to_dict()["data"] if d.get("showlegend")]
    assert "输入" in legend
    if traced.config.stem != "none":
        assert "主干" in legend
    assert "头部" in legend
    assert not {"input", "stem", "head"} & set(legend)


def test_volume_figure_keeps_its_structure_in_chinese(traced):
    en = volume_figure(traced).to_dict()
    zh = volume_figure(traced, lang="zh").to_dict()
    assert [d["type"] for d in en["data"]] == [d["type"] for d in zh["data"]]
    assert en["layout"]["scene"] == zh["layout"]["scene"]


def test_stage_captions_in_chinese():
    # Issue 13: one arc per block, named by kind in the legend (no stage caption).
    fig = volume_figure(rv.trace("resnet20", 32), lang="zh")
    texts = figure_texts(fig)
    assert "layer2.0：补零（步幅 2，16→32 通道）" in texts
    assert {"补零", "恒等映射"} <= set(texts)
    assert "方块的高和宽 ∝ 特征图的高和宽，深 ∝ √通道数" in fig.layout.title.text


def test_block_figure_in_chinese(traced):
    for block in traced.blocks[:2]:
        fig = block_figure(traced, block.path, lang="zh")
        assert_translated(figure_texts(fig), identifiers(traced))
        assert fig.layout.title.text.startswith(f"{traced.arch} · 块 {block.path}")


def test_block_figure_names_a_projection_in_chinese():
    trace = rv.trace("resnet18", 224)
    fig = block_figure(trace, "layer2.0", lang="zh")
    texts = figure_texts(fig)
    assert "捷径：1×1 卷积，步幅 2 + BN<br>→ 28×28×128" in texts
    legend = {d.name for d in fig.data if d.showlegend}
    assert {"块的输入", "主路径", "捷径", "块的输出"} <= legend


@pytest.mark.parametrize("by", ["stage", "block"])
@pytest.mark.parametrize("metric", ["params", "macs", "activation_bytes"])
def test_cost_figure_in_chinese(traced, by, metric):
    fig = cost_figure(traced, by, metric, lang="zh")
    assert_translated(figure_texts(fig), identifiers(traced))
    d = fig.to_dict()
    assert HAN.search(d["layout"]["xaxis"]["title"]["text"])
    assert HAN.search(d["layout"]["yaxis"]["title"]["text"])
    assert "头部" in list(d["data"][0]["x"])


def test_cost_figure_values_do_not_depend_on_the_language(traced):
    en = cost_figure(traced, "block").to_dict()["data"][0]
    zh = cost_figure(traced, "block", lang="zh").to_dict()["data"][0]
    assert list(en["y"]) == list(zh["y"])
    assert en["text"] == zh["text"]


def test_cost_overview_in_chinese(traced):
    fig = cost_overview_figure(traced, lang="zh")
    assert_translated(figure_texts(fig), identifiers(traced))
    assert fig.layout.title.text == f"{traced.arch} · 各阶段的开销"


# --- DOT graphs ---------------------------------------------------------------------
def _ids(dot: str) -> list[str]:
    """Node ids and edge endpoints: the same in every language."""
    return re.findall(r"^\s*(\w+)(?: -> (\w+))? \[", dot, flags=re.M)


@pytest.mark.parametrize("expand", [(), ("all",)])
@pytest.mark.parametrize("detail", ["block", "layer"])
def test_block_graph_in_chinese(traced, expand, detail):
    dot = block_graph_dot(traced, expand, detail, lang="zh")
    texts = dot_texts(dot)
    assert_translated(texts, identifiers(traced))
    assert texts[0].startswith(f"{traced.arch} · 输入 ")  # the graph's title
    assert texts[1].startswith("输入\n")  # the input node
    assert any(x.startswith("输出\n") for x in texts)
    assert _ids(dot) == _ids(block_graph_dot(traced, expand, detail))


def test_block_graph_words_in_chinese():
    dot = block_graph_dot(rv.trace("resnet20", 32), ("layer2",), "layer", lang="zh")
    texts = dot_texts(dot)
    assert "layer2.0（补零）" in texts
    assert "相加 + ReLU" in texts
    assert "layer3\n[3×3, 64; 3×3, 64] × 3\n8×8×64\n1 个补零，2 个恒等映射" in texts
    dot = block_graph_dot(rv.trace("resnet18", 224), ("layer2",), lang="zh")
    assert 'xlabel="1×1 卷积，步幅 2 + BN · 28×28×128"' in dot
    assert 'xlabel="恒等映射 · 28×28×128"' in dot
    assert node_id("layer2.0") in dot


ZOO = [(kind, "64x16x16", {}) for kind in list_blocks()]
ZOO += [("resnext", "256x8x8", {"form": f}) for f in ("split", "concat", "grouped")]


@pytest.mark.parametrize(("kind", "inp", "settings"), ZOO, ids=lambda v: str(v))
def test_zoo_figures_in_chinese(kind, inp, settings):
    trace = trace_block(kind, inp, **settings)
    allowed = identifiers(trace) | {"h", "i"}  # h[i-1]: NASNet's previous cell
    dot = zoo_graph_dot(trace, lang="zh")
    assert_translated(dot_texts(dot), allowed)
    assert _ids(dot) == _ids(zoo_graph_dot(trace))
    fig = zoo_volume_figure(trace, lang="zh")
    assert_translated(figure_texts(fig), allowed)
    assert fig.layout.title.text.startswith(f"{trace.arch} · 输入 ")


# --- comparison, gradient flow, walkthrough ------------------------------------------
def test_compare_figures_in_chinese():
    traces = [rv.trace("resnet18", 224), rv.trace("resnet20", 32)]
    labels = ["① resnet18", "② resnet20"]
    figs = compare_volume_figures(traces, labels, lang="zh")
    for fig, trace in zip(figs, traces, strict=True):
        assert_translated(figure_texts(fig), identifiers(trace) | {"resnet"})
    fig = totals_figure(totals_delta(traces, labels), lang="zh")
    assert_translated(figure_texts(fig), {"resnet18", "resnet20"})
    assert list(fig.data[0].x) == ["参数量", "MACs", "FLOPs（2 × MACs）", "激活内存"]
    assert HAN.search(fig.layout.yaxis.title.text)


def test_gradient_figure_in_chinese():
    plain = profile("plain8", (9.0, 3.0, 1.0), (1, 2, 3))
    res = profile("resnet8", (2.0, 1.5, 0.5, 1.0), (1, 2, 0, 3))
    fig = gradient_figure(plain, res, lang="zh")
    assert_translated(figure_texts(fig))  # arch names and paths carry digits
    assert "随机种子 0" in fig.layout.title.subtitle.text
    assert HAN.search(fig.layout.title.text)
    assert HAN.search(fig.layout.xaxis.title.text)
    assert HAN.search(fig.layout.yaxis.title.text)


def test_walkthrough_figure_in_chinese():
    trace = rv.trace("resnet18", 224)
    steps = walkthrough_steps(trace)
    for step in (steps[0], steps[1], steps[-1]):
        fig = walkthrough_figure(trace, step, title="标题", lang="zh")
        assert_translated(figure_texts(fig), identifiers(trace))
        legend = [d.name for d in fig.data if d.showlegend]
        assert legend[-1] == "之后"
    english = walkthrough_figure(trace, steps[1])
    assert [d.name for d in english.data if d.showlegend] == ["before", "after"]
