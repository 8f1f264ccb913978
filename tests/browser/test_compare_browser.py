"""The Compare page in a real browser: all four columns drawn, a bad column fails
alone, and the address bar holds the comparison."""

from __future__ import annotations

import time

import pytest

from .conftest import OUTPUT
from .helpers import exceptions, plotly_texts, wait_idle, wait_plotly_text

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

VOLUME_LABELS = ("7×7×512", "1×1×512", "4×4×512", "8×8×64")


def test_compare_draws_all_four_columns(page, app_url):
    start = time.perf_counter()
    page.goto(f"{app_url}/compare")
    wait_idle(page)
    for label in VOLUME_LABELS:
        wait_plotly_text(page, label)
    seconds = time.perf_counter() - start
    assert exceptions(page) == []
    # Four volume rows and the totals chart.
    assert page.locator(".js-plotly-plot").count() >= 5
    texts = plotly_texts(page)
    assert {"32×32×16", "56×56×64", "8×8×64"} <= set(texts)
    for mark in "①②③④":
        expect(page.get_by_text(mark, exact=False).first).to_be_visible()
    # The comparison is in the address bar, next to the sidebar's own settings.
    page.wait_for_function("() => location.search.includes('c2.stem=cifar')")
    assert "scenario=imagenet-vs-cifar" in page.url
    assert "arch=resnet18" in page.url
    # Tall enough for the whole page: Streamlit scrolls its main area, not the page.
    page.set_viewport_size({"width": 1400, "height": 5600})
    page.wait_for_timeout(1000)
    page.screenshot(path=OUTPUT / "compare.png", full_page=True)
    print(f"compare page drawn in {seconds:.1f} s (first load, 4 columns)")


def test_bad_column_fails_alone_in_the_browser(page, app_url):
    page.goto(
        f"{app_url}/compare?cmp=2&c0.arch=resnet50&c0.input=32&c1.arch=resnet20"
        "&c1.input=32"
    )
    wait_idle(page)
    wait_plotly_text(page, "1×1×2048")
    # The sidebar's input comes first, then column ① and column ②.
    box = page.get_by_label("Input size", exact=True).nth(2)
    expect(box).to_have_value("32")
    box.fill("oops")
    box.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stAlert\"]')]"
        ".some(a => a.innerText.includes('input'))"
    )
    wait_idle(page)
    assert exceptions(page) == []
    expect(box).to_have_value("oops")
    # Column ① still draws; the link keeps column ②'s last valid value.
    wait_plotly_text(page, "1×1×2048")
    assert "c1.input=32" in page.url
    page.screenshot(path=OUTPUT / "compare-bad-column.png")
