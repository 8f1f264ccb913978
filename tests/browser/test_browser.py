"""The app in a real browser: widgets change every view, pages draw, links work."""

from __future__ import annotations

import pytest

from .conftest import OUTPUT
from .helpers import exceptions, plotly_texts, wait_idle

pytestmark = pytest.mark.browser


def svg_text(page) -> str:
    """All text drawn in graphviz charts (rendered as SVG in the DOM)."""
    return " ".join(
        page.locator('[data-testid="stGraphVizChart"] svg').all_inner_texts()
    )


def set_text(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    wait_idle(page)


def test_controls_update_every_view(page, app_url):
    page.goto(f"{app_url}/?arch=resnet18&input=224")
    wait_idle(page)
    assert exceptions(page) == []
    assert "7×7×512" in plotly_texts(page)
    assert "7×7×512" in svg_text(page)
    assert "7×7" in page.locator('[data-testid="stTable"]').inner_text()
    page.screenshot(path=OUTPUT / "overview-resnet18-224.png", full_page=True)

    # 32x32 through the ImageNet stem: the last stage works on 1x1 maps.
    set_text(page, "Input size", "32")
    page.wait_for_function("() => location.search.includes('input=32')")
    assert "1×1×512" in plotly_texts(page)
    assert "1×1×512" in svg_text(page)
    assert "1×1" in page.locator('[data-testid="stTable"]').inner_text()

    # Depth and block type through the custom controls.
    page.get_by_text("Customise the network").click()
    page.get_by_text("bottleneck", exact=True).click()
    wait_idle(page)
    set_text(page, "Blocks per stage", "1,1,1,1")
    texts = plotly_texts(page)
    assert "1×1×2048" in texts
    assert "1×1×2048" in svg_text(page)
    assert exceptions(page) == []
    page.screenshot(path=OUTPUT / "overview-custom-32.png", full_page=True)


def test_every_page_draws(page, app_url):
    page.goto(f"{app_url}/?arch=resnet34&input=224")
    wait_idle(page)
    for title, slug in [
        ("3D volumes", "volumes"),
        ("Block graph", "graph"),
        ("Tables", "tables"),
        ("Costs", "costs"),
    ]:
        page.get_by_role("link", name=title).click()
        page.wait_for_url(f"**/{slug}**")
        wait_idle(page)
        assert exceptions(page) == [], title
        assert page.locator("h1").first.inner_text().startswith(title)
        if slug in ("volumes", "costs"):
            assert page.locator(".js-plotly-plot").count() >= 2
        page.screenshot(path=OUTPUT / f"page-{slug}.png", full_page=True)
        # The configuration survives the page switch and is in the URL.
        assert "arch=resnet34" in page.url


def test_link_reproduces_view_and_back_restores(page, app_url):
    page.goto(f"{app_url}/?arch=resnet50&input=32&shortcut=C")
    wait_idle(page)
    assert page.get_by_label("Input size", exact=True).input_value() == "32"
    assert "1×1×2048" in plotly_texts(page)
    set_text(page, "Input size", "64")
    page.wait_for_function("() => location.search.includes('input=64')")
    page.go_back()
    page.wait_for_function("() => location.search.includes('input=32')")
    wait_idle(page)
    assert page.get_by_label("Input size", exact=True).input_value() == "32"


def test_tampered_link_shows_a_warning(page, app_url):
    page.goto(f"{app_url}/?arch=resnet18&input=%3Cscript%3Ealert(1)%3C/script%3E")
    wait_idle(page)
    warning = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "input" in warning
    assert exceptions(page) == []
    assert page.get_by_label("Input size", exact=True).input_value() == "224"
    page.screenshot(path=OUTPUT / "tampered-link.png")
