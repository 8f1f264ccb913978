"""Block graphs, tables and cost charts at 1920x1080, 1440x900 and 390x844 (issue
13), measured from the DOM on a server that has no Graphviz `dot` on its PATH, as
after the README's two set-up commands: graphs laid out in the browser fit their
column at default zoom with text of at least 12 px on a laptop, the SVG download
holds the network's nodes, no table cell is cut, a phone never scrolls sideways and
the cost charts' titles overlap neither each other nor plotly's toolbar.

Screenshots go to test-output/viewport-*.png.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import Server
from resnet_viz.ui.show import CELL_PADDING, HEADER_PADDING, text_width
from resnet_viz.ui.zoo import kind_title
from resnet_viz.zoo import KINDS

from .conftest import OUTPUT
from .helpers import exceptions, pick_zoo_block, wait_idle
from .measure_2d import (
    chart_titles,
    clipped_cells,
    graphs,
    grids,
    overlaps,
    page_overflow_px,
    wait_graphs,
)

VIEWPORTS = {"1920": (1920, 1080), "1440": (1440, 900), "390": (390, 844)}
MIN_GRAPH_TEXT_PX = 12  # on a laptop (1440x900), at the default (fitted) zoom
GLIDE_PADDING = 16  # glide-data-grid's cell padding, 8 px either side


@pytest.fixture(scope="module")
def nodot_url() -> Iterator[str]:
    """The app on a server whose PATH holds only Python's own folder: no `dot`."""
    saved = os.environ["PATH"]
    os.environ["PATH"] = str(Path(sys.executable).parent)
    try:
        server = Server(log=OUTPUT / "streamlit-nodot.log").start()
    finally:
        os.environ["PATH"] = saved
    try:
        server.wait_healthy(timeout_s=90)
    except TimeoutError:
        server.stop()
        pytest.fail("streamlit did not start; see test-output/streamlit-nodot.log")
    yield server.url
    server.stop()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def tab(request, browser, nodot_url):
    """One tab per viewport, kept for the module (fonts and Viz.js load once)."""
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.rv_size = request.param
    pg.rv_url = nodot_url
    yield pg
    context.close()


def open_page(tab, path: str) -> None:
    tab.goto(f"{tab.rv_url}/{path}")
    wait_idle(tab, 90_000)
    assert exceptions(tab) == [], path


def shot(tab, name: str, target: str | None = None) -> None:
    """A screenshot of the viewport, scrolled to ``target`` (a CSS selector) first."""
    if target:
        tab.locator(target).first.scroll_into_view_if_needed()
    tab.wait_for_timeout(300)
    tab.screenshot(path=OUTPUT / f"viewport-{name}-{tab.rv_size}.png")


def check_graphs(tab, texts: tuple[str, ...]) -> list[dict]:
    """Every graph on the page drawn in the browser, inside its frame and the
    viewport at default zoom, showing ``texts``; on a laptop no text under 12 px.
    A graph too wide for its frame at 12 px is drawn at 12 px from the frame's left
    edge, and the rest is a pan away (the frame never widens the page)."""
    drawn = graphs(tab)
    assert drawn
    for g in drawn:
        assert g["ready"] == "true"
        assert g["renderer"] == "browser"  # no dot on this server
        assert g["svgLeft"] >= g["frameLeft"] - 1
        if g["svgRight"] > g["frameRight"] + 1:  # only at the text floor
            assert tab.rv_size != "390", (g["svgWidth"], g["frameWidth"])
            assert g["minTextPx"] <= MIN_GRAPH_TEXT_PX + 0.5, g["minTextPx"]
            assert g["svgLeft"] <= g["frameLeft"] + 1
        assert g["frameRight"] <= g["viewport"] + 1
        for text in texts:
            assert text in g["text"]
        assert g["clusterSpill"] <= 0.5, g["clusterSpill"]  # titles inside boxes
        if tab.rv_size == "1440":
            assert g["minTextPx"] >= MIN_GRAPH_TEXT_PX, g["minTextPx"]
    return drawn


def check_grids(tab) -> int:
    """No grid cell cut: the widths the page gives (resnet_viz.ui.show) hold every
    text in view as the browser measures it, and the grid's columns together are
    as wide as those texts need. Returns the number of grids checked."""
    found = grids(tab)
    for grid in found:
        need = 0.0
        for col in grid["columns"]:
            header = col["header"]
            assert text_width(header) + HEADER_PADDING >= col["headerPx"] + 28, header
            widest = col["headerPx"] + 28
            for text, px in col["cells"]:
                assert text_width(text) + CELL_PADDING >= px + GLIDE_PADDING, text
                widest = max(widest, px + GLIDE_PADDING)
            need += widest
        assert grid["contentWidth"] >= need - 2, (grid["contentWidth"], need)
    return len(found)


def check_page(tab) -> None:
    """Nothing in an HTML table is cut, and the page never scrolls sideways."""
    assert clipped_cells(tab) == []
    assert page_overflow_px(tab) <= 1


def check_cost_titles(tab, charts: int) -> None:
    """The 2D charts' titles overlap neither each other nor any toolbar, and stay
    inside their chart."""
    found = [c for c in chart_titles(tab) if not c["is3d"]]
    assert len(found) >= charts
    boxes = [(text, box) for c in found for text, box in c["titles"]]
    for c in found:
        for text, box in c["titles"]:
            assert box[0] >= c["chart"][0] - 1, text
            assert box[2] <= c["chart"][2] + 1, text
            if c["toolbar"]:
                assert not overlaps(box, c["toolbar"]), text
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not overlaps(box_a, box_b), (a, b)


def test_overview(tab):
    open_page(tab, "?arch=resnet18&input=224")
    wait_graphs(tab)
    tab.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length >= 4"
    )
    check_graphs(tab, ("7×7×512",))
    check_page(tab)
    check_cost_titles(tab, 3)
    shot(tab, "overview")
    shot(tab, "overview-graph", ".rv-graph")
    shot(tab, "overview-costs", ".js-plotly-plot >> nth=1")


def test_graph_resnet18_and_svg_download(tab):
    open_page(tab, "graph?arch=resnet18&input=224")
    wait_graphs(tab)
    check_graphs(tab, ("7×7×512", "layer4"))
    check_page(tab)
    shot(tab, "graph-resnet18", ".rv-graph")
    with tab.expect_download() as info:
        tab.get_by_role("button", name="Download SVG").click()
    assert info.value.suggested_filename == "resnet18.svg"
    svg = info.value.path().read_text()
    assert svg.startswith("<?xml")
    assert "<svg" in svg
    assert svg.rstrip().endswith("</svg>")
    for node in ("conv1", "layer1", "layer4", "fc", "7×7×512"):
        assert node in svg


def pick_all(tab, label: str, options: list[str]) -> None:
    """Choose ``options`` one by one in the multiselect ``label``."""
    for option in options:
        tab.get_by_label(label, exact=True).click()
        tab.get_by_role("option", name=option, exact=True).click()
        wait_idle(tab, 90_000)


# The hard cases are checked at 1440 and on the phone.
@pytest.mark.parametrize("tab", ["1440", "390"], indirect=True)
@pytest.mark.parametrize(
    ("query", "texts"),
    [
        ("arch=resnet152&input=224", ("layer3.35", "7×7×2048")),
        ("arch=resnext50_32x4d&input=3x160x128&shortcut=C", ("5×4×2048",)),
    ],
)
def test_graph_expanded(tab, query, texts):
    open_page(tab, f"graph?{query}")
    pick_all(tab, "Expand stages", ["layer1", "layer2", "layer3", "layer4"])
    wait_graphs(tab)
    tab.wait_for_function(
        f"""() => [...document.querySelectorAll('.rv-graph svg')]
            .some(s => s.textContent.includes({texts[0]!r}))"""
    )
    check_graphs(tab, texts)
    check_page(tab)
    shot(tab, "graph-" + query.split("&")[0].removeprefix("arch="), ".rv-graph")


def test_zoo_nasnet_cell_and_every_block(tab):
    open_page(tab, "zoo")
    pick_zoo_block(tab, "NASNet-A normal cell")
    wait_graphs(tab)
    tab.wait_for_function(
        """() => [...document.querySelectorAll('.rv-graph svg')]
            .some(s => s.textContent.includes('comb'))"""
    )
    check_graphs(tab, ())
    check_page(tab)
    shot(tab, "zoo-nasnet", ".rv-graph-frame")
    # The "every block" table shows all eleven kinds, none cut.
    last = tab.locator('[data-testid="stDataFrame"]').last
    last.scroll_into_view_if_needed()
    tab.wait_for_timeout(300)
    every = [g for g in grids(tab) if g["columns"]][-1]
    assert every["rows"] == 11
    rendered = {text for col in every["columns"][:1] for text, _ in col["cells"]}
    assert len(rendered) == 11
    assert check_grids(tab) >= 1
    shot(tab, "zoo-every-block")


# The text floor is the laptop's; 1920 has the wider column.
@pytest.mark.parametrize("tab", ["1440"], indirect=True)
@pytest.mark.parametrize("kind", list(KINDS))
def test_zoo_block_graph_text_at_fit(tab, kind):
    """Every zoo block's graph at fit on a laptop: no text under 12 px."""
    open_page(tab, "zoo")
    before = tab.evaluate("() => document.querySelector('.rv-graph')?.__rvShown || ''")
    pick_zoo_block(tab, kind_title(kind, "en"))
    if kind != "inception":  # the page opens on the Inception block
        tab.wait_for_function(
            "(b) => { const r = document.querySelector('.rv-graph');"
            " return r && r.__rvShown !== b && r.dataset.ready === 'true'; }",
            arg=before,
        )
    wait_graphs(tab)
    (g,) = check_graphs(tab, ())
    print(kind, round(g["minTextPx"], 2), round(g["svgWidth"]), g["frameWidth"])
    shot(tab, f"zoo-graph-{kind}", ".rv-graph-frame")
    hidden = g["svgRight"] - g["frameRight"]
    if hidden > 1:  # wider than the frame at 12 px: a sideways wheel shows the rest
        tab.locator(".rv-graph-frame").first.hover()
        tab.mouse.wheel(hidden, 0)
        tab.wait_for_timeout(200)
        (after,) = graphs(tab)
        assert abs(after["svgRight"] - g["frameRight"]) <= 2, after["svgRight"]
        shot(tab, f"zoo-graph-{kind}-panned", ".rv-graph-frame")


# A column that fits at 1440 fits at 1920.
@pytest.mark.parametrize("tab", ["1440", "390"], indirect=True)
def test_tables(tab):
    open_page(tab, "tables?arch=resnet18&input=224")
    for name in ("Table 1", "Per layer", "Per stage", "Per block"):
        tab.get_by_role("tab", name=name).click()
        tab.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                .some(e => e.getBoundingClientRect().width > 0
                           && e.querySelector('[role=gridcell]'))"""
        )
        tab.wait_for_timeout(300)
        assert check_grids(tab) >= 1, name
        check_page(tab)
        shot(tab, "tables-" + name.replace(" ", "").lower())
        if name == "Per layer" and tab.rv_size == "1440":
            # On a laptop the per-layer table needs no sideways scroll.
            (grid,) = grids(tab)
            print(
                [
                    (
                        c["header"],
                        round(c["headerPx"]),
                        max([round(px) for _, px in c["cells"]] or [0]),
                    )
                    for c in grid["columns"]
                ]
            )
            sideways = grid["contentWidth"] - grid["frameWidth"]
            assert sideways <= 2, (grid["contentWidth"], grid["frameWidth"])


def test_costs(tab):
    open_page(tab, "costs?arch=resnet18&input=224")
    tab.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length >= 4"
    )
    check_page(tab)
    check_cost_titles(tab, 4)
    shot(tab, "costs")
