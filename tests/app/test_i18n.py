"""The Block zoo and Gradient flow pages in both languages: Chinese text, no raw
catalogue keys, and English output unchanged by going through the catalogue."""

from __future__ import annotations

import json
import re

import pytest

import resnet_viz as rv
from resnet_viz.compare import compare_sentences
from resnet_viz.gradients import gradient_pair, gradient_sentences
from resnet_viz.i18n import CATALOGUE, t
from resnet_viz.scenarios import (
    DEFAULT_SCENARIO,
    SCENARIOS,
    overrides_text,
    scenario_name,
    short_label,
)
from resnet_viz.tables import header
from resnet_viz.ui import plot
from resnet_viz.zoo import KINDS
from tests.app.test_walkthrough import KEY_PATTERN, open_page
from tests.i18n_check import english_words

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_zoo_block_has_a_title_in_both_languages():
    for name, kind in KINDS.items():
        assert CATALOGUE["en"][f"zoo.k_{name}"] == kind.title
        assert HAN.search(CATALOGUE["zh"][f"zoo.k_{name}"]), name


def _columns(at) -> list[str]:
    return [str(c) for df in at.dataframe for c in df.value.columns]


def test_zoo_in_chinese():
    at = open_page("views/7_zoo.py", lang="zh")
    assert at.title[0].value == t("page.zoo", "zh")
    assert at.selectbox(key="zoo_kind").label == t("zoo.block", "zh")
    assert at.selectbox(key="zoo_kind").format_func("resnext") == "ResNeXt 块"
    assert [m.label for m in at.metric][:2] == [t("zoo.output", "zh"), "参数量"]
    assert HAN.search(at.markdown[0].value)  # the three forms' result sentence
    columns = _columns(at)
    assert t("zoo.col_diff", "zh") in columns
    assert t("zoo.col_block", "zh") in columns
    for text in columns + [s.value for s in at.subheader]:
        assert not KEY_PATTERN.search(text), text


def test_gradients_in_chinese():
    at = open_page("views/8_gradients.py", lang="zh", arch="resnet56")
    assert at.title[0].value == t("gd.title", "zh")
    assert at.selectbox(key="grad_residual").label == t("gd.residual", "zh")
    text = at.markdown[0].value
    assert text.startswith("在这批数据上的实测结果：")
    assert "plain56" in text
    assert not KEY_PATTERN.search(text)
    assert t("gd.col_first", "zh") in _columns(at)
    assert HAN.search(at.caption[-1].value)


def test_gradients_english_text_is_the_library_sentences():
    at = open_page("views/8_gradients.py", arch="resnet56")
    plain, residual = gradient_pair("plain56", "resnet56", 32, batch=8, seed=0)
    expected = "Measured on this batch: " + " ".join(
        gradient_sentences(plain, residual)
    )
    assert at.markdown[0].value == expected
    assert at.title[0].value == "Why shortcuts matter, measured"


def test_gradients_follow_the_sidebar_and_say_which_pair():
    """The sidebar's resnet20 draws plain20 beside resnet20, and says so; a network
    with no plain twin (resnet152) keeps the page's own pair and says why."""
    at = open_page("views/8_gradients.py", arch="resnet20")
    assert at.selectbox(key="grad_residual").value == "resnet20"
    captions = [c.value for c in at.caption]
    pair = t("gd.pair", "en", first="plain20", second="resnet20", arch="resnet20")
    assert pair in captions
    assert any("plain20" in m.value for m in at.markdown)
    at = open_page("views/8_gradients.py", arch="resnet152", lang="zh")
    assert at.selectbox(key="grad_residual").value == "resnet56"
    captions = [c.value for c in at.caption]
    kind = t("gd.twin_plain", "zh")
    assert t("gd.no_pair", "zh", arch="resnet152", kind=kind) in captions
    assert "plain56" in at.markdown[0].value
    assert "stem" not in at.markdown[0].value  # 主干, not the English word


def test_compare_in_chinese():
    at = open_page("views/6_compare.py", lang="zh")
    assert at.selectbox(key="cmp_scenario").label == t("cm.scenario", "zh")
    assert at.expander[0].label == t("cm.settings", "zh")
    note = [i.value for i in at.info if i.value == t("scn.imagenet-vs-cifar", "zh")]
    assert note
    assert HAN.search(note[0])
    sentences = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert HAN.search(sentences)
    columns = _columns(at)
    assert t("word.stage", "zh") in columns
    assert t("cm.col_total", "zh") in columns
    texts = columns + [s.value for s in at.subheader] + [m.value for m in at.markdown]
    texts += [i.value for i in at.info] + [e.label for e in at.expander]
    for text in texts:
        assert not KEY_PATTERN.search(text), text


def test_compare_sentences_in_chinese_for_the_default_scenario():
    views = SCENARIOS[DEFAULT_SCENARIO].views
    traces = [rv.trace(**v.trace_kwargs()) for v in views]
    labels = [short_label(i, v) for i, v in enumerate(views)]
    zh = compare_sentences(traces, labels, lang="zh")
    en = compare_sentences(traces, labels)
    assert len(zh) == len(en)
    assert zh != en
    for sentence in zh:
        assert HAN.search(sentence), sentence
        assert not KEY_PATTERN.search(sentence), sentence
        # Fields and stages in Chinese words; no space between two Chinese characters.
        for name in ("input", "classes", " stem", "head"):
            assert name not in sentence, sentence
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", sentence), sentence
    assert any("输入尺寸（224×224 → 32×32）" in s for s in zh)
    # The columns' captions too: the fields that differ, by their Chinese names.
    cifar = next(v for v in views if dict(v.overrides).get("stem") == "cifar")
    assert overrides_text(cifar, "zh").startswith("主干=cifar")
    assert overrides_text(cifar).startswith("stem=cifar")
    assert compare_sentences(traces, labels, lang="en") == en
    assert scenario_name(DEFAULT_SCENARIO) == DEFAULT_SCENARIO
    assert HAN.search(scenario_name(DEFAULT_SCENARIO, "zh"))


def test_zoo_settings_forms_and_branches_in_chinese():
    at = open_page("views/7_zoo.py", lang="zh")
    at.selectbox(key="zoo_kind").set_value("resnext").run()
    assert not at.exception
    labels = [w.label for w in at.number_input] + [w.label for w in at.selectbox]
    assert t("zoo.p_groups", "zh") in labels
    assert t("zoo.p_form", "zh") in labels
    form = next(w for w in at.selectbox if w.label == t("zoo.p_form", "zh"))
    assert form.format_func("split") == t("zoo.form_split", "zh")
    assert HAN.search(form.help)
    columns = _columns(at)
    assert t("zoo.b_branch", "zh") in columns
    assert t("zoo.b_reads", "zh") in columns
    cells = [str(v) for df in at.dataframe for v in df.value.iloc[:, 0]]
    assert t("zoo.form_grouped", "zh") in cells
    for text in labels + columns + [w.help or "" for w in at.number_input]:
        assert not KEY_PATTERN.search(text), text
    for name, kind in KINDS.items():
        for p in kind.params:
            assert HAN.search(CATALOGUE["zh"][p.help_key]), (name, p.name)
            assert CATALOGUE["en"][p.help_key] == p.help
            assert CATALOGUE["en"][f"zoo.p_{p.name}"] == p.name
            assert HAN.search(CATALOGUE["zh"][f"zoo.p_{p.name}"])


def test_zoo_english_settings_keep_the_spec_names():
    at = open_page("views/7_zoo.py")
    at.selectbox(key="zoo_kind").set_value("resnext").run()
    assert [w.label for w in at.number_input][:2] == ["groups", "reduction"]
    assert "branch" in _columns(at)


# --- figures, tables and errors in the app --------------------------------------------
def _chart_texts(at) -> str:
    """The JSON of every plotly chart on the page (titles, legend, hover), as
    show_figure hands it to the browser."""
    return " ".join(
        json.loads(c.proto.json)["spec"]
        for c in at.get("bidi_component")
        if c.proto.component_name == plot._NAME  # not the plotly.js preload
    ) + " ".join(c.proto.spec for c in at.get("plotly_chart"))


def test_volume_figures_follow_the_language():
    at = open_page("views/2_volumes.py", lang="zh")
    zh = _chart_texts(at)
    assert "各阶段的输出" in zh
    assert "块的输入" in zh  # the block taken apart
    assert "stage outputs" not in zh
    at.sidebar.radio(key="w_lang").set_value("en").run()
    en = _chart_texts(at)  # the figure cache keeps the languages apart
    assert "stage outputs" in en
    assert "各阶段的输出" not in en


def test_chart_toolbar_follows_the_language():
    """In Chinese every chart asks plotly.js for its zh-CN locale (vendored from
    plotly.js-locales, modebar tooltips included); in English none is named."""

    def locales(at) -> set:
        return {
            json.loads(c.proto.json).get("locale")
            for c in at.get("bidi_component")
            if c.proto.component_name == plot._NAME
        }

    at = open_page("views/8_gradients.py", lang="zh", arch="resnet20")
    assert locales(at) == {"zh-CN"}
    assert "'Zoom': '缩放'" in plot._JS  # the dictionary travels with the component
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert locales(at) == {None}


def test_bad_link_warning_in_chinese():
    at = open_page("views/1_overview.py", lang="zh", layers="x", arch="nope")
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2
    for text in warnings:
        assert HAN.search(text), text
        assert "must be" not in text
    assert "每个阶段的块数（layers）" in warnings[1]
    assert "网络（arch）" in warnings[0]


def test_invalid_setting_error_in_chinese():
    at = open_page("views/1_overview.py", lang="zh")
    at.sidebar.number_input(key="w_groups").set_value(3).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [
        "**分组数（groups）** — 必须能整除每个阶段的宽度（收到的是 3 和 64）"
    ]
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert [e.value for e in at.error] == [
        "**groups** — must divide every stage width \\(got 3 and 64\\)"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_costs_intro_speaks_of_the_network_shown(lang):
    at = open_page("views/5_costs.py", lang=lang, arch="resnet34")
    intro = next(m.value for m in at.markdown if "3.66 G" in m.value)
    assert "resnet34" in intro
    assert "7.33 G" in intro  # FLOPs = 2 × MACs
    assert "ResNet-50" not in intro


def test_costs_page_conventions_in_chinese():
    at = open_page("views/5_costs.py", lang="zh")
    table = at.table[0].value
    assert header("tool", "zh") in table.columns
    assert header("vs MACs", "zh") in table.columns
    names = list(table[header("tool", "zh")])
    assert names[0] == "本应用的 MACs"
    assert "torchvision 公布的 GFLOPS" in names
    rules = at.expander[0].markdown[0].value
    assert "规则：" in rules
    assert "torchinfo 的乘加数" in rules
    assert "Rule:" not in rules
    assert "各阶段的开销" in " ".join(h.value for h in at.subheader)
    charts = _chart_texts(at)
    for title in ("参数量", "乘加次数（MACs）", "激活内存"):  # the three cost panels
        assert json.dumps(title)[1:-1] in charts or title in charts
    assert "Activation memory" not in charts


def test_tables_page_headers_in_chinese():
    at = open_page("views/4_tables.py", lang="zh")
    columns = [str(c) for df in at.dataframe for c in df.value.columns]
    for name in ("stage", "layer name", "output size", "path", "formula", "shortcut"):
        assert header(name, "zh") in columns, name
    for column in columns:
        assert not english_words(column, {"MACs", "FLOPs"}), column


def test_compare_stage_table_names_stem_and_head_in_chinese():
    at = open_page("views/6_compare.py", lang="zh")
    table = at.dataframe[0].value
    stages = list(table[t("word.stage", "zh")])
    assert "主干" in stages
    assert "头部" in stages
    assert "stem" not in stages
    cells = [str(v) for v in table.iloc[:, 2]]
    assert any("（图像 224×224）" in c for c in cells)


def test_tables_page_shows_the_papers_flops_row_in_both_languages():
    cases = (("en", "He et al. 2016, Table 1"), ("zh", "He 等人 2016，表 1"))
    for lang, paper in cases:
        at = open_page("views/4_tables.py", lang=lang)
        assert not [d for d in at.dataframe if d.value.columns[0] == "FLOPs"]
        at.toggle(key="tb_paper_flops").set_value(True).run()
        assert not at.exception
        (table,) = [d.value for d in at.dataframe if d.value.columns[0] == "FLOPs"]
        first = list(table.iloc[0])
        assert first == [paper, "1.8×10⁹", "3.6×10⁹", "3.8×10⁹", "7.6×10⁹", "11.3×10⁹"]
        assert list(table.iloc[1])[3] == "3.858×10⁹"  # 50-layer, stride on the 1x1
