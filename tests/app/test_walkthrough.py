"""AppTest of the walkthrough page and of the language switch on every page."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import resnet_viz as rv
from resnet_viz.i18n import CATALOGUE, t
from resnet_viz.narrative import hwc
from resnet_viz.walkthrough import walkthrough_steps

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/10_walkthrough.py"
ALL_PAGES = [
    "views/1_overview.py",
    "views/2_volumes.py",
    "views/3_graph.py",
    "views/4_tables.py",
    "views/5_costs.py",
    "views/6_compare.py",
    "views/7_zoo.py",
    "views/8_gradients.py",
    "views/9_latency.py",
    PAGE,
]
# A catalogue key that reached the page untranslated: any section of the catalogue.
_SECTIONS = sorted({key.split(".")[0] for key in CATALOGUE["en"]})
KEY_PATTERN = re.compile(rf"\b(?:{'|'.join(_SECTIONS)})\.[a-z_]+(?:\.[a-z_]+)?\b")


def open_page(page: str = PAGE, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shapes(at: AppTest, lang: str = "en") -> tuple[str, str]:
    values = {m.label: m.value for m in at.metric}
    return values[t("wp.in_shape", lang)], values[t("label.output", lang)]


def url_step(at: AppTest) -> str:
    value = at.query_params["step"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize(("arch", "size"), [("resnet18", 224), ("resnet20", 32)])
def test_walk_every_step_with_the_trace_shapes(arch, size):
    trace = rv.trace(arch, size)
    steps = walkthrough_steps(trace)
    rows = {r.path: r for r in trace.layers}
    at = open_page(arch=arch, input=str(size))
    for i, step in enumerate(steps):
        assert url_step(at) == str(i + 1)
        shown_in, shown_out = shapes(at)
        assert shown_out == hwc(step.out_shape)
        assert shown_in == hwc(step.in_shape)
        if step.paths:  # the trace's own row, not only the step's copy of it
            assert shown_out == hwc(rows[step.paths[-1]].out_shape)
        if step.formula:
            assert any(step.formula in m.value for m in at.markdown)
        if i < len(steps) - 1:
            at.button(key="wt_next").click().run()
            assert not at.exception, (i, [e.value for e in at.exception])
    assert at.button(key="wt_next").disabled
    # And back again one step.
    at.button(key="wt_prev").click().run()
    assert url_step(at) == str(len(steps) - 1)


@pytest.mark.parametrize(
    ("raw", "expected"), [("12", 12), ("999", None), ("0", 1), ("-3", 1), ("abc", 1)]
)
def test_step_in_the_url_lands_on_the_nearest_valid_step(raw, expected):
    steps = walkthrough_steps(rv.trace("resnet18", 224))
    at = open_page(step=raw)
    want = expected or len(steps)
    assert url_step(at) == str(want)
    assert shapes(at)[1] == hwc(steps[want - 1].out_shape)
    if raw == "abc":
        assert any("abc" in c.value for c in at.caption)


def test_next_stage_slider_and_jump():
    steps = walkthrough_steps(rv.trace("resnet18", 224))
    at = open_page(step="6")  # layer1.0, op 1
    at.button(key="wt_next_stage").click().run()
    assert steps[int(url_step(at)) - 1].stage == "layer2"
    at.slider(key="wt_slider").set_value(3).run()
    assert url_step(at) == "3"
    at.selectbox(key="wt_jump").set_value("head").run()
    assert steps[int(url_step(at)) - 1].kind == "avgpool"


def test_lang_zh_in_the_url_and_unknown_falls_back():
    at = open_page(step="2", lang="zh")
    assert at.title[0].value == t("page.walkthrough", "zh")
    assert at.sidebar.radio(key="w_lang").value == "zh"
    assert "卷积" in at.subheader[0].value
    at = open_page(lang="xx")
    assert at.title[0].value == "Walkthrough"
    assert any("xx" in c.value for c in at.sidebar.caption)
    at.sidebar.radio(key="w_lang").set_value("zh").run()
    assert at.title[0].value == "逐步讲解"
    lang = at.query_params["lang"]
    assert (lang[0] if isinstance(lang, list) else lang) == "zh"


def test_practice_right_wrong_and_not_numeric():
    at = open_page(step="2")  # conv1: 112×112×64
    at.toggle(key="wt_practice").set_value(True).run()
    assert shapes(at)[1] == "?"
    at.text_input(key="wt_guess").input("fifty-six")
    at.button(key="wt_check").click().run()
    assert at.info[0].value == t("wp.not_numeric", "en")
    at.text_input(key="wt_guess").input("56x56x64")
    at.button(key="wt_check").click().run()
    # The hint is the arithmetic with the answer left blank, never the answer.
    assert "⌊(224 + 2·3 − 7)/2⌋ + 1 = ?" in at.error[0].value
    assert "112" not in at.error[0].value
    assert shapes(at)[1] == "?"
    at.text_input(key="wt_guess").input("112×112×64")
    at.button(key="wt_check").click().run()
    assert at.success[0].value == t("wp.right", "en", shape="112×112×64")
    assert shapes(at)[1] == "112×112×64"
    assert t("wp.score", "en", right=1, tried=2) in [c.value for c in at.caption]


def test_presentation_mode_renders():
    at = open_page(step="5")
    at.toggle(key="wt_present").set_value(True).run()
    assert not at.exception


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_key_in_both_languages_with_the_same_placeholders():
    en, zh = CATALOGUE["en"], CATALOGUE["zh"]
    assert set(en) == set(zh)
    for key in en:
        assert _placeholders(en[key]) == _placeholders(zh[key]), key
        # a separator may be empty: Chinese runs sentences together (sep.sentence)
        assert zh[key].strip() or key.startswith("sep."), key


def _texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info"):
        out += [e.value for e in getattr(at, kind)]
    for kind in ("warning", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [m.value for m in at.metric]
    for kind in (
        "button",
        "radio",
        "selectbox",
        "text_input",
        "slider",
        "toggle",
        "checkbox",
        "number_input",
        "multiselect",
        "expander",
        "tabs",
    ):
        out += [str(e.label) for e in getattr(at, kind)]
    return out


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_page_shows_a_raw_catalogue_key_in_chinese(page):
    at = open_page(page, lang="zh")
    texts = _texts(at)
    keys = set(CATALOGUE["en"])
    for text in texts:
        assert not KEY_PATTERN.search(text), (page, text)
        assert not any(k in text for k in keys), (page, text)
    main = [m.value for m in at.main.markdown] + [s.value for s in at.main.subheader]
    main += [t.value for t in at.main.title] + [c.value for c in at.main.caption]
    assert re.search(r"[\u4e00-\u9fff]", " ".join(main)), page  # it is Chinese
