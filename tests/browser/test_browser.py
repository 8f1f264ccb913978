"""The app in a real browser: widgets change every view, pages draw, links work."""

from __future__ import annotations

import pytest

from .conftest import OUTPUT
from .helpers import exceptions, wait_idle, wait_plotly_text, wait_svg_text

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def table_text(page) -> str:
    return page.locator('[data-testid="stTable"]').first.inner_text()


def set_text(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")


def test_controls_update_every_view(page, app_url):
    page.goto(f"{app_url}/?arch=resnet18&input=224")
    wait_idle(page)
    wait_plotly_text(page, "7×7×512")
    wait_svg_text(page, "7×7×512")
    assert "7×7" in table_text(page)
    assert exceptions(page) == []
    page.screenshot(path=OUTPUT / "overview-resnet18-224.png", full_page=True)

    # 32x32 through the ImageNet stem: the last stage works on 1x1 maps.
    set_text(page, "Input size", "32")
    page.wait_for_function("() => location.search.includes('input=32')")
    wait_idle(page)
    wait_plotly_text(page, "1×1×512")
    wait_svg_text(page, "1×1×512")
    assert "1×1" in table_text(page).split("layer4")[1]

    # Depth and block type through the custom controls.
    page.get_by_text("Customise the network").click()
    page.get_by_text("bottleneck", exact=True).click()
    page.wait_for_function("() => location.search.includes('block=bottleneck')")
    wait_idle(page)
    set_text(page, "Blocks per stage", "1,1,1,1")
    page.wait_for_function("() => location.search.includes('layers=1%2C1%2C1%2C1')")
    wait_idle(page)
    wait_plotly_text(page, "1×1×2048")
    wait_svg_text(page, "1×1×2048")
    assert "[1×1, 512; 3×3, 512; 1×1, 2048] × 1" in table_text(page)
    assert exceptions(page) == []
    page.screenshot(path=OUTPUT / "overview-custom-32.png", full_page=True)


def test_charts_update_in_place(page, app_url):
    """A new network redraws the same chart (Plotly.react), not a new one: the
    element, its WebGL canvas and the camera the user chose all stay."""
    page.goto(f"{app_url}/?arch=resnet18&input=224")
    wait_idle(page)
    wait_plotly_text(page, "7×7×512")
    charts = "document.querySelectorAll('.js-plotly-plot, .js-plotly-plot canvas')"
    page.evaluate(f"() => {charts}.forEach(e => {{ e.dataset.rvMark = 'before'; }})")
    for arch, last in (("resnet50", "7×7×2048"), ("resnet20", "8×8×64")):
        box = page.get_by_role("combobox", name="Network")
        box.click()
        box.fill(arch)
        page.get_by_role("option", name=arch, exact=True).click()
        page.wait_for_function(f"() => location.search.includes('arch={arch}')")
        wait_idle(page)
        wait_plotly_text(page, last)
    # The chart elements stay (Plotly.react); the 3D scene's WebGL canvas may be
    # replaced when the fitted frame's height changes step (issue 13: the frame
    # follows the network's shape), which is why only the charts are checked.
    plots = "document.querySelectorAll('.js-plotly-plot')"
    marks = page.evaluate(f"() => [...{plots}].map(e => e.dataset.rvMark || 'new')")
    assert len(marks) >= 2, marks  # the volumes and the cost panels
    assert set(marks) == {"before"}, marks
    assert exceptions(page) == []


_SCENE_TRACES = """() => {
    const d = document.querySelector('.rv-plot.js-plotly-plot');
    const scene = d && d._fullLayout.scene && d._fullLayout.scene._scene;
    return scene ? Object.values(scene.traces) : [];
}"""


def test_a_new_input_size_updates_the_3d_scene_in_place(page, app_url):
    """The figure's traces keep their ids from one view to the next, so Plotly.react
    updates the scene's WebGL objects instead of building new ones (their shaders
    were most of a control change's drawing time)."""
    page.goto(f"{app_url}/?arch=resnet18&input=224")
    wait_idle(page)
    wait_plotly_text(page, "7×7×512")
    marked = page.evaluate(
        f"() => ({_SCENE_TRACES})().map((t, i) => {{ t.__rvMark = i; return i; }})"
    )
    assert len(marked) >= 5, marked  # a mesh per stage, outlines, shortcuts
    box = page.get_by_label("Input size", exact=True)
    box.fill("96")
    box.press("Enter")
    wait_plotly_text(page, "3×3×512")
    wait_idle(page)
    kept = page.evaluate(
        f"() => ({_SCENE_TRACES})().filter(t => t.__rvMark !== undefined).length"
    )
    assert kept == len(marked), (kept, len(marked))
    # The PNG export still takes the new view's name (set after the update).
    name = page.evaluate(
        "() => document.querySelector('.rv-plot')._context"
        ".toImageButtonOptions.filename"
    )
    assert "96" in name, name
    assert "224" not in name, name


def test_every_page_draws(page, app_url):
    page.goto(f"{app_url}/?arch=resnet34&input=224")
    wait_idle(page)
    page.screenshot(path=OUTPUT / "page-overview.png")
    for title, slug in [
        ("3D volumes", "volumes"),
        ("Block graph", "graph"),
        ("Tables", "tables"),
        ("Costs", "costs"),
    ]:
        page.get_by_role("link", name=title).click()
        page.wait_for_url(f"**/{slug}?**")
        page.wait_for_function(
            f"() => [...document.querySelectorAll('h1')].some(h => h.innerText == "
            f"'{title}')"
        )
        wait_idle(page)
        assert exceptions(page) == [], title
        if slug == "volumes":
            wait_plotly_text(page, "7×7×512")
        if slug in ("volumes", "costs"):  # each chart is drawn when its data arrives
            charts = 2 if slug == "volumes" else 4  # costs: three panels and one
            page.wait_for_function(
                f"() => document.querySelectorAll('.js-plotly-plot').length == {charts}"
            )
        if slug == "tables":  # Table 1's cells are drawn once its rows arrive
            page.wait_for_function(
                """() => document.querySelectorAll(
                    '[data-testid="stDataFrame"] [role=gridcell]').length > 0"""
            )
        if slug == "graph":
            wait_svg_text(page, "7×7×512")
        page.screenshot(path=OUTPUT / f"page-{slug}.png")
        # The configuration survives the page switch and stays in the URL.
        assert "arch=resnet34" in page.url
        expect(page.get_by_label("Input size", exact=True)).to_have_value("224")


def _plotly_requests(page) -> list[str]:
    """URLs of plotly.js the page asks for, recorded from now on."""
    urls: list[str] = []
    page.on(
        "request",
        lambda r: urls.append(r.url) if "/plotly-" in r.url else None,
    )
    return urls


def test_the_page_asks_for_plotly_once_in_its_head(page, app_url):
    """serve.py's page names plotly.js in its <head>; the charts wait for that copy
    instead of loading and running the bundle a second time."""
    page.goto(f"{app_url}/?arch=resnet18&input=224")  # the bundle is copied by now
    wait_idle(page)
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = fresh.new_page()
        urls = _plotly_requests(tab)
        tab.goto(f"{app_url}/?arch=resnet18&input=224")
        wait_idle(tab)
        wait_plotly_text(tab, "7×7×512")
        assert tab.locator("head script[data-rv-plotly]").count() == 1
        assert tab.locator('script[src*="/plotly-"]').count() == 1
        assert len(urls) == 1
        assert exceptions(tab) == []
    finally:
        fresh.close()


def test_charts_draw_when_the_early_plotly_fails(page, app_url):
    """The head's copy fails after the charts' loader began to wait for it: the
    loader asks for plotly.js again, and the charts draw."""
    page.goto(f"{app_url}/?arch=resnet18&input=224")
    wait_idle(page)
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = fresh.new_page()
        held = []

        def hold_first(route) -> None:
            if held:
                route.continue_()
            else:
                held.append(route)  # answered below, once the page is drawn

        tab.route("**/plotly-*.min.js", hold_first)
        urls = _plotly_requests(tab)
        # Not until "load": the held script keeps the load event from firing.
        tab.goto(f"{app_url}/?arch=resnet18&input=224", wait_until="commit")
        wait_idle(tab)
        # The page is drawn and its loader waits on the head's copy: fail it now.
        assert tab.evaluate("() => !window.Plotly && !!window.__rvPlotly")
        held[0].abort()
        wait_plotly_text(tab, "7×7×512")
        assert len(urls) == 2  # the failed one, then the loader's own
        assert tab.locator("script[data-rv-plotly]").count() == 0
        assert exceptions(tab) == []
    finally:
        fresh.close()


def test_link_reproduces_view_and_back_restores(page, app_url):
    page.goto(f"{app_url}/?arch=resnet50&input=32&shortcut=C")
    wait_idle(page)
    expect(page.get_by_label("Input size", exact=True)).to_have_value("32")
    wait_plotly_text(page, "1×1×2048")
    set_text(page, "Input size", "64")
    page.wait_for_function("() => location.search.includes('input=64')")
    wait_idle(page)
    wait_plotly_text(page, "2×2×2048")
    page.go_back()
    page.wait_for_function("() => location.search.includes('input=32')")
    wait_idle(page)
    wait_plotly_text(page, "1×1×2048")
    expect(page.get_by_label("Input size", exact=True)).to_have_value("32")


def test_tampered_link_shows_a_warning(page, app_url):
    page.goto(f"{app_url}/?arch=resnet18&input=%3Cscript%3Ealert(1)%3C/script%3E")
    wait_idle(page)
    warning = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "input" in warning
    assert exceptions(page) == []
    expect(page.get_by_label("Input size", exact=True)).to_have_value("224")
    page.screenshot(path=OUTPUT / "tampered-link.png")


@pytest.mark.parametrize("slug", ["zoo", "gradients", "latency"])
def test_other_pages_open_without_errors(page, app_url, slug):
    page.goto(f"{app_url}/{slug}?arch=resnet34&input=224")
    wait_idle(page, 60_000)
    page.wait_for_timeout(500)
    wait_idle(page, 60_000)
    assert exceptions(page) == [], slug
    if slug in ("zoo", "gradients"):
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot').length >= 1",
            timeout=120_000,
        )
        wait_idle(page, 60_000)
        assert exceptions(page) == [], slug
    page.screenshot(path=OUTPUT / f"page-{slug}.png")
    assert "arch=resnet34" in page.url


def test_downloads_are_built_on_click(page, app_url):
    """A download button's file is made on the server when clicked (deferred) and
    holds the core's rows, in the formatter's exact bytes."""
    from resnet_viz.formats import to_json
    from resnet_viz.tables import layer_rows, rows_to_csv
    from resnet_viz.trace import trace

    page.goto(f"{app_url}/tables?arch=resnet18&input=32")
    wait_idle(page)
    result = trace("resnet18", 32)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the whole trace").click()
    assert info.value.suggested_filename == "resnet18.json"
    assert info.value.path().read_text() == to_json(result)

    page.get_by_role("tab", name="Per layer").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV", exact=True).filter(visible=True).click()
    assert info.value.suggested_filename == "resnet18-layers.csv"
    assert info.value.path().read_text() == rows_to_csv(layer_rows(result))
    assert exceptions(page) == []


def test_graph_downloads_match_the_page(page, app_url):
    """The graph page's DOT download is the graph shown (block detail, no stage
    expanded), made from the view on click."""
    from resnet_viz.figures import block_graph_dot
    from resnet_viz.trace import trace

    page.goto(f"{app_url}/graph?arch=resnet20&input=32")
    wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download DOT").click()
    assert info.value.suggested_filename == "resnet20.dot"
    want = block_graph_dot(trace("resnet20", 32), expand=(), detail="block", lang="en")
    assert info.value.path().read_text() == want
    with page.expect_download() as info:
        page.get_by_role("button", name="Download SVG").click()
    svg = info.value.path().read_text()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]
    assert "8×8×64" in svg
    assert exceptions(page) == []
