"""Every page at a projector's, a laptop's and a phone's size, measured from the DOM.

One browser, one context per viewport; each page is loaded once per viewport,
screenshotted to test-output/viewports/ and measured (measure_page.py). The tests then
assert on the measurements: no sideways overflow on the phone, no HTML text under
12 px at 1440, no overlapping text boxes in a 2D chart, no chart title under the
modebar, no text cut off by an ellipsis, and the walkthrough's presentation mode at
1920 (key shapes ≥ 40 px, chart text ≥ 20 px, nothing cut).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from . import measure_page
from .conftest import OUTPUT
from .helpers import exceptions, wait_idle

pytestmark = pytest.mark.browser

SHOTS = OUTPUT / "viewports"
VIEWPORTS = {"1920": (1920, 1080), "1440": (1440, 900), "390": (390, 844)}
PAGES = (
    "",
    "volumes",
    "graph",
    "tables",
    "costs",
    "compare",
    "zoo",
    "gradients",
    "latency",
    "walkthrough",
)
# resnet18 at 224: a conv, the add of an identity block, a projection shortcut and
# the add of a projection block.
PRESENT_STEPS = (2, 8, 12, 13)
_SETTLE_MS = 1000  # charts draw (and WebGL 3D scenes render) after the run ends


def _name(path: str) -> str:
    return path or "overview"


def _screenshot(page: Any, name: str) -> None:
    """A picture of the whole main area: Streamlit scrolls its main area, not the
    document, so the viewport is made as tall as the content for the shot."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    tall = page.evaluate(
        """() => {
        const m = document.querySelector('[data-testid="stMain"]');
        return m ? m.scrollHeight : document.body.scrollHeight; }"""
    )
    page.set_viewport_size({"width": width, "height": min(max(tall, height), 9000)})
    page.wait_for_timeout(400)
    page.screenshot(path=SHOTS / f"{name}.png")
    page.set_viewport_size({"width": width, "height": height})


def _wait_drawn(page: Any) -> None:
    """wait_idle, then until no spinner is left (gradient flow and latency run real
    work under one) and the charts have had time to draw."""
    wait_idle(page, timeout_ms=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSpinner\"]')",
        timeout=120_000,
    )
    page.wait_for_timeout(_SETTLE_MS)


def _measure(page: Any) -> dict[str, Any]:
    return {
        "overflow": measure_page.overflow(page),
        "small": measure_page.smallest_text(page),
        "charts": measure_page.chart_text(page),
        "cut": measure_page.cut_texts(page),
        "errors": exceptions(page),
    }


@pytest.fixture(scope="module")
def measured(browser, app_url) -> dict[tuple[str, str], dict[str, Any]]:
    """Measurements keyed by (viewport, page); walkthrough presentation steps are
    keyed ("1920", "present-<step>")."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for vp, (width, height) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(45_000)
        for path in PAGES:
            page.goto(f"{app_url}/{path}")
            _wait_drawn(page)
            out[vp, path] = _measure(page)
            _screenshot(page, f"{vp}-{_name(path)}")
        if vp == "1920":
            _presentation(page, app_url, out)
        context.close()
    # The numbers behind the assertions, for a look and for before/after notes.
    (SHOTS / "measurements.json").write_text(
        json.dumps(
            {f"{vp} {p or 'overview'}": m for (vp, p), m in out.items()}, indent=1
        )
    )
    return out


def _presentation(page: Any, app_url: str, out: dict) -> None:
    """Turn presentation mode on once, then step forward with the Next button to
    each of PRESENT_STEPS in the same session."""
    page.goto(f"{app_url}/walkthrough?step={PRESENT_STEPS[0]}")
    wait_idle(page, timeout_ms=60_000)
    page.get_by_text("Presentation mode", exact=True).click()
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden")
    at = PRESENT_STEPS[0]
    for step in PRESENT_STEPS:
        while at < step:
            at += 1
            page.get_by_role("button", name="Next", exact=True).click()
            page.wait_for_function(
                "(s) => location.search.includes('step=' + s)", arg=str(at)
            )
        page.wait_for_function(
            "(s) => document.querySelector('[data-testid=\"stMain\"]')"
            ".innerText.includes('Step ' + s + ' of')",
            arg=str(step),
        )
        page.wait_for_timeout(_SETTLE_MS)
        data = _measure(page)
        data["present"] = measure_page.walkthrough_sizes(page)
        data["scene_labels"] = page.evaluate(_SCENE_LABELS)
        out["1920", f"present-{step}"] = data
        _screenshot(page, f"1920-walkthrough-present-{step}")


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_without_errors(measured, path):
    for vp in VIEWPORTS:
        assert measured[vp, path]["errors"] == [], (vp, path)


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_overflow_on_a_phone(measured, path):
    o = measured["390", path]["overflow"]
    assert o["scroll"] <= o["inner"] + 1, o


@pytest.mark.parametrize("path", PAGES)
def test_no_text_under_12px_at_1440(measured, path):
    small = measured["1440", path]["small"]
    assert not small or small[0][0] >= 12, small


def _cases() -> list:
    return [
        pytest.param(path, vp, id=f"{_name(path)}-{vp}")
        for path in PAGES
        for vp in VIEWPORTS
    ]


@pytest.mark.parametrize(("path", "vp"), _cases())
def test_2d_chart_texts_do_not_overlap(measured, vp, path):
    charts = measured[vp, path]["charts"]
    assert charts["overlaps"] == [], charts["overlaps"][:5]


@pytest.mark.parametrize(("path", "vp"), _cases())
def test_chart_titles_clear_the_modebar(measured, vp, path):
    assert measured[vp, path]["charts"]["underBar"] == []


@pytest.mark.parametrize(("path", "vp"), _cases())
def test_no_text_ends_in_an_ellipsis(measured, vp, path):
    """No HTML text of the page is cut by its own box (the walkthrough's metric labels
    read "Parameters of…" at 1440 px before they were allowed to wrap)."""
    assert measured[vp, path]["cut"] == []


def test_gradient_chart_is_measured(measured):
    """The gradient flow chart (2D, drawn after a real backward pass) is on the page
    at every size, so the two tests above measured it, and no text of it is under
    12 px."""
    for vp in VIEWPORTS:
        charts = measured[vp, "gradients"]["charts"]
        assert charts["charts"] == 1, vp
        assert charts["smallest"] >= 12, (vp, charts)


def test_toolbar_speaks_chinese(browser, app_url):
    """plotly's modebar tooltips in Chinese on a Chinese page (plotly.js's zh-CN)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/costs?lang=zh")
        page.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached")
        titles = page.eval_on_selector_all(
            ".js-plotly-plot .modebar-btn", "bs => bs.map(b => b.dataset.title)"
        )
        assert {"自动缩放", "重置轴", "平移"} <= set(titles), titles
        assert not {"Autoscale", "Reset axes", "Pan"} & set(titles), titles
        # A 3D chart's camera button is the app's own (it draws the laid-out
        # labels), in the same words as plotly's.
        page.goto(f"{app_url}/volumes?lang=zh")
        page.wait_for_selector("div.rv-plot .modebar-btn", state="attached")
        titles = page.eval_on_selector_all(
            "div.rv-plot .modebar-btn", "bs => bs.map(b => b.dataset.title)"
        )
        assert "下载图表为PNG格式" in titles, titles
        assert "Download plot as a PNG" not in titles, titles
    finally:
        context.close()


@pytest.mark.parametrize("step", PRESENT_STEPS)
def test_presentation_mode_is_big_and_uncut(measured, step):
    data = measured["1920", f"present-{step}"]
    sizes = data["present"]
    assert data["errors"] == []
    assert sizes["shape_px"] is not None, sizes
    assert sizes["shape_px"] >= 40, sizes
    assert sizes["chart_text_px"] is not None, sizes
    assert sizes["chart_text_px"] >= 20, sizes
    assert sizes["truncated"] == [], sizes


_ZH_PAGES = ("", "tables", "costs", "compare", "gradients", "walkthrough")
# Lines each one-word table header takes: the distinct tops of its text's boxes.
_HEADER_LINES = """() => [...document.querySelectorAll('[data-testid="stTable"] th')]
    .filter(th => th.textContent.trim() && !/\\s/.test(th.textContent.trim()))
    .map(th => {
        const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        const tops = new Set();
        let node;
        while ((node = walk.nextNode())) {
            const r = document.createRange();
            r.selectNodeContents(node);
            for (const b of r.getClientRects()) tops.add(Math.round(b.top));
        }
        return [th.textContent.trim(), tops.size];
    })"""


def test_chinese_pages_on_a_phone(browser, app_url):
    """On a 390 px phone in Chinese: no table header breaks inside a word, and no
    space sits between two Chinese characters anywhere in the page's text."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(45_000)
    stray = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")
    try:
        for path in _ZH_PAGES:
            page.goto(f"{app_url}/{path}?lang=zh")
            page.wait_for_selector('[data-testid="stMain"] h1')
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stSpinner\"]')"
                " && !document.querySelector('[data-stale=\"true\"]')",
                timeout=120_000,
            )
            page.wait_for_timeout(_SETTLE_MS)
            _screenshot(page, f"390-zh-{_name(path)}")
            broken = [(h, n) for h, n in page.evaluate(_HEADER_LINES) if n > 1]
            assert broken == [], (path, broken)
            text = page.locator('[data-testid="stMain"]').inner_text()
            found = [text[m.start() - 8 : m.end() + 8] for m in stray.finditer(text)]
            assert found == [], (path, found[:5])
    finally:
        context.close()


# The 3D scene's own labels (scene annotations, SVG text pinned to 3D points): every
# one the layout was given, its drawn font size, and how many the label layout hid.
_SCENE_LABELS = """() => {
    const g = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
    if (!g) return null;
    // The label layout hides a label in the scene's full layout (ui/plot.py).
    const notes = ((g._fullLayout || {}).scene || {}).annotations || [];
    const drawn = [...g.querySelectorAll('g.annotation-scene text')]
        .filter(e => e.textContent.trim() && e.getBoundingClientRect().width > 0)
        .map(e => [e.textContent, parseFloat(getComputedStyle(e).fontSize)]);
    return {notes: notes.length, drawn: drawn,
            hidden: notes.filter(a => a.visible === false).map(a => a.text)};
}"""


@pytest.mark.parametrize("step", PRESENT_STEPS)
def test_presentation_scene_labels_are_big(measured, step):
    """In presentation mode at 1920x1080 every label of the walkthrough's 3D scene
    (its boxes' shapes, the shortcut's "+") is drawn at 20 px or more, none hidden."""
    labels = measured["1920", f"present-{step}"]["scene_labels"]
    assert labels is not None
    assert labels["notes"] >= 2, labels
    assert labels["hidden"] == [], labels
    assert len(labels["drawn"]) == labels["notes"], labels
    assert min(px for _, px in labels["drawn"]) >= 20, labels
