"""The Block zoo and Gradient flow pages in both languages: Chinese text, no raw
catalogue keys, and English output unchanged by going through the catalogue."""

from __future__ import annotations

import re

from resnet_viz.gradients import gradient_pair, gradient_sentences
from resnet_viz.i18n import CATALOGUE, t
from resnet_viz.zoo import KINDS
from tests.app.test_walkthrough import KEY_PATTERN, open_page

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_zoo_block_has_a_title_in_both_languages():
    for name, kind in KINDS.items():
        assert CATALOGUE["en"][f"zoo.k_{name}"] == kind.title
        assert HAN.search(CATALOGUE["zh"][f"zoo.k_{name}"]), name


def _columns(at) -> list[str]:
    return [str(c) for df in at.dataframe for c in df.value.columns]


def test_zoo_in_chinese():
    at = open_page("views/7_zoo.py", lang="zh")
    assert at.title[0].value == t("zoo.title", "zh")
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
    at = open_page("views/8_gradients.py", lang="zh")
    assert at.title[0].value == t("gd.title", "zh")
    assert at.selectbox(key="grad_residual").label == t("gd.residual", "zh")
    text = at.markdown[0].value
    assert text.startswith("在这批数据上的实测结果：")
    assert "plain56" in text
    assert not KEY_PATTERN.search(text)
    assert t("gd.col_first", "zh") in _columns(at)
    assert HAN.search(at.caption[-1].value)


def test_gradients_english_text_is_the_library_sentences():
    at = open_page("views/8_gradients.py")
    plain, residual = gradient_pair("plain56", "resnet56", 32, batch=8, seed=0)
    expected = "Measured on this batch: " + " ".join(
        gradient_sentences(plain, residual)
    )
    assert at.markdown[0].value == expected
    assert at.title[0].value == "Why shortcuts matter, measured"
