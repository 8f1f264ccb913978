"""The 3D volume diagrams at a projector's, a laptop's and a phone's size (issue 13):
measured from the DOM (the PNG export alone is compared pixel by pixel with the
screen).

For each viewport and hard case (the volumes page's stage and layer views, the
Overview's stage volumes, Compare with four columns and shortcut A/B/C, and every
Block zoo block's 3D view) it asserts:
no two labels overlap, no label is cut by its chart's edge, the smallest label is at
least 12 px at 1440 and 14 px at 1920, the chart fills its column and the drawing
reaches across most of the chart (MIN_DRAWING), the title clears plotly's toolbar,
every label is drawn (beside its box, or away from it at the end of a leader line
that joins it to a box, passes through no label and crosses no other line) but for
the few counted in MAX_HIDDEN, and on the phone the page never scrolls sideways.
Screenshots go to test-output/volumes-*.png.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from resnet_viz.ui.zoo import kind_title
from resnet_viz.zoo import KINDS

from .conftest import OUTPUT
from .helpers import exceptions, pick_zoo_block, wait_idle
from .measure_3d import Chart, charts_3d, page_overflow, wait_laid_out

pytestmark = pytest.mark.browser

VIEWPORTS = {"1920": (1920, 1080), "1440": (1440, 900), "390": (390, 844)}
# On the phone a label with no free place is drawn smaller before it is left to hover,
# never under 10 px (ui/plot.py, RV_PHONE_MIN_PX).
MIN_FONT = {"1920": 14, "1440": 12, "390": 10}
# How far the drawing reaches across its frame (Chart.drawing_fill), at least. Fitted
# to the boxes' own extents the wrapped layer views reach 76-87% (they reached 53-66%
# when the box that holds the drawing was fitted instead); on a phone the frame fits
# that box, and a flat row of stages reaches 46% of it.
MIN_DRAWING = {"1920": 0.72, "1440": 0.72, "390": 0.4}
# Labels left to hover (no free place, near or along a leader line), by case, view and
# viewport; every other one must draw all of its labels. Before leader lines the phone
# hid 3 (the stage views), 4 (resnet50's layer view), 8 (resnet152's), 4 (resnext-C),
# 7 (the dense block) and 17 (the NASNet cell, now 0).
MAX_HIDDEN = {
    ("overview-resnet18-stage", "390"): 1,
    ("resnet18-stage", "390"): 1,
    ("resnet50-layer", "390"): 1,
    ("resnet152-layer", "390"): 1,
    ("resnext-C-stage", "390"): 1,
    ("compare-4-stage", "390"): 1,
    ("compare-shortcuts-stage", "390"): 1,
    ("zoo-dense-zoo3d", "390"): 3,
}
# (name, page path and query, views): each page is loaded once, at 1920x1080, and
# then resized to each viewport (the charts refit themselves); "layer" clicks the
# volumes page's layer view.
CASES = [
    ("overview-resnet18", "/?arch=resnet18&input=224", ("stage",)),
    ("resnet18", "/volumes?arch=resnet18&input=224", ("stage", "layer")),
    ("resnet20", "/volumes?arch=resnet20&input=32", ("stage",)),
    ("resnet50", "/volumes?arch=resnet50&input=224", ("layer",)),
    ("resnet152", "/volumes?arch=resnet152&input=224", ("layer",)),
    ("resnet1202", "/volumes?arch=resnet1202&input=32", ("layer",)),
    (
        "resnext-C",
        "/volumes?arch=resnext50_32x4d&input=3x160x128&shortcut=C",
        ("stage",),
    ),
    ("compare-4", "/compare", ("stage",)),
    ("compare-shortcuts", "/compare?scenario=shortcuts", ("stage",)),
    # Every Block zoo block's 3D tab ("zoo3d" picks the block and opens the tab). Its
    # labels were placed and hoped for: Inception's "56×56×16" ran into "56×56×64".
    *((f"zoo-{kind}", "/zoo", ("zoo3d",)) for kind in KINDS),
]
LAYER_VIEW_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .some(d => ((d.layout.title || {}).text || '').includes("every layer's output"))"""
PNG_NAME = """() => document.querySelector('.js-plotly-plot')
    ._context.toImageButtonOptions.filename"""


def open_zoo_3d(page, kind: str) -> None:
    """Pick ``kind`` in the Block zoo's selectbox (the page opens on Inception) and
    open the 3D volumes tab."""
    if kind != "inception":
        pick_zoo_block(page, kind_title(kind, "en"))
    page.get_by_role("tab", name="3D volumes").click()
    wait_idle(page)


def check(charts: list[Chart], size: str, name: str) -> list[str]:
    """Every failed criterion of the charts, in words (empty: all pass)."""
    problems = []
    for c in charts:
        where = f"{name}@{size} {c.title[:40]!r}"
        if c.overlaps():
            problems.append(f"{where}: overlapping labels {c.overlaps()[:3]}")
        if c.cut():
            problems.append(f"{where}: labels cut by the edge {c.cut()[:3]}")
        if c.labels and c.smallest_font < MIN_FONT[size]:
            problems.append(f"{where}: smallest label {c.smallest_font} px")
        if c.fill < 0.97:
            problems.append(f"{where}: frame fills {c.fill:.0%} of its column")
        # Compare's columns share one scale, so only the largest network, the first
        # column, is drawn to its frame; the others are smaller on purpose.
        shared = name.startswith("compare") and c is not charts[0]
        if c.drawing_fill < MIN_DRAWING[size] and not shared:
            problems.append(f"{where}: the drawing reaches {c.drawing_fill:.0%}")
        if c.title_under_toolbar():
            problems.append(f"{where}: title under plotly's toolbar")
        faults = c.leader_faults()
        if faults:
            problems.append(f"{where}: leader lines {faults[:3]}")
        if c.hidden > MAX_HIDDEN.get((name.removesuffix("-hover"), size), 0):
            problems.append(f"{where}: {c.hidden} labels left to hover")
    return problems


def case_checks(page, name: str, charts: list[Chart]) -> None:
    """What one case is there for, besides the lay-out."""
    assert exceptions(page) == []
    if name == "compare-4":
        assert len(charts) == 4
    if name == "compare-shortcuts":  # shortcuts are the point: drawn at once
        legend = page.locator(".legend").first.text_content()
        assert "zero-pad (option A)" in legend, legend
    if name == "resnext-C":  # a customised network says so, and its PNG too
        assert charts[0].title.startswith("resnext50_32x4d (modified)")
        png = page.evaluate(PNG_NAME)
        assert png.startswith("resnext50_32x4d_modified_"), png


@pytest.mark.parametrize(("name", "path", "views"), CASES, ids=[c[0] for c in CASES])
def test_volume_figures_fit_every_viewport(browser, app_url, name, path, views):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    report = []
    try:
        page.goto(app_url + path)
        wait_idle(page)
        for view in views:
            if view == "zoo3d":
                open_zoo_3d(page, name.removeprefix("zoo-"))
            if view == "layer":
                page.set_viewport_size({"width": 1920, "height": 1080})
                page.get_by_text("after every layer", exact=True).click()
                wait_idle(page)
                page.wait_for_function(LAYER_VIEW_DRAWN)
            for size, (width, height) in VIEWPORTS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(300)  # the charts' resize observer fires
                wait_laid_out(page)
                charts = charts_3d(page)
                assert charts, f"{name}@{size}: no 3D chart drawn"
                case_checks(page, name, charts)
                problems += check(charts, size, f"{name}-{view}")
                if size == "1440":
                    # The scene draws its labels again on every render, a hover's
                    # included: they must keep the places the lay-out gave them.
                    box = page.locator(".js-plotly-plot").first.bounding_box()
                    page.mouse.move(
                        box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                    )
                    page.wait_for_timeout(300)
                    problems += check(charts_3d(page), size, f"{name}-{view}-hover")
                if size == "390" and page_overflow(page) > 0:
                    problems.append(f"{name}@390: {page_overflow(page)} px too wide")
                first = charts[0]
                report.append(
                    f"{name}-{view}@{size}: {len(charts)} charts, "
                    f"{len(first.labels)} labels, min {first.smallest_font:g} px, "
                    f"fill {first.fill:.0%}, labels span {first.label_span:.0%}, "
                    f"drawing {first.drawing_fill:.0%}, "
                    f"hidden {first.hidden}, leaders {len(first.leaders)}, "
                    f"overlaps {sum(len(c.overlaps()) for c in charts)}, "
                    f"{len(first.boxes)} boxes, "
                    f"labels over boxes {len(first.on_boxes())}"
                )
                page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
                page.screenshot(path=OUTPUT / f"volumes-{name}-{view}-{size}.png")
    finally:
        context.close()
        print("\n".join(report))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "path"),
    [(c[0], c[1]) for c in CASES if "layer" in c[2]],
    ids=[c[0] for c in CASES if "layer" in c[2]],
)
def test_phone_layer_view_labels_clear_the_boxes(browser, app_url, name, path):
    """On a 390x844 phone no label of the layer view overlaps a box's projected
    bounding rectangle."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(app_url + path)
        wait_idle(page)
        page.get_by_text("after every layer", exact=True).click()
        wait_idle(page)
        page.wait_for_function(LAYER_VIEW_DRAWN)
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        wait_laid_out(page)
        over = {c.title[:40]: c.on_boxes() for c in charts_3d(page)}
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        page.screenshot(path=OUTPUT / f"volumes-{name}-layer-boxes-390.png")
    finally:
        context.close()
    print({k: len(v) for k, v in over.items()})
    assert all(not v for v in over.values()), {k: v[:3] for k, v in over.items()}


TURN_CAMERA = """() => {
  const d = document.querySelector('div.rv-plot');
  return window.Plotly.relayout(d, {'scene.camera.eye': {x: 0.9, y: -0.6, z: 0.5}});
}"""


@contextlib.contextmanager
def nasnet_on_a_phone(browser, app_url: str) -> Iterator[Any]:
    """A 390 px tab on the Block zoo's NASNet cell in 3D, laid out: the case with the
    most leader lines (17 of its 36 labels)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(app_url + "/zoo")
        wait_idle(page)
        open_zoo_3d(page, "nasnet_normal")
        wait_laid_out(page)
        yield page
    finally:
        context.close()


def test_leader_lines_follow_a_turn_of_the_camera(browser, app_url):
    """On a phone the NASNet cell's labels go to leader lines; after the camera turns,
    the labels are laid out again and every line still joins a label to its box."""
    with nasnet_on_a_phone(browser, app_url) as page:
        before = charts_3d(page)[0]
        page.evaluate(TURN_CAMERA)
        wait_laid_out(page)  # the chart is stale from the event to the new lay-out
        after = charts_3d(page)[0]
        page.screenshot(path=OUTPUT / "volumes-zoo-nasnet-turned-390.png")
    assert before.leaders
    assert after.leaders
    assert before.leaders != after.leaders  # drawn anew, not left where they were
    assert after.leader_faults() == [], after.leader_faults()
    assert after.overlaps() == []
    assert after.cut() == []


def test_the_png_is_the_chart_as_laid_out(browser, app_url):
    """The toolbar's camera button draws the chart as the screen shows it: its size,
    its labels where the lay-out put them and its leader lines. Plotly's own image
    drew the figure's layout at 700 px wide, where the lay-out's moves do not apply:
    the NASNet cell's labels came out on top of each other. Compared pixel by pixel
    with a screenshot of the chart (the image is at twice the scale)."""
    import io

    from PIL import Image, ImageChops, ImageDraw

    with nasnet_on_a_phone(browser, app_url) as page:
        chart = page.locator("div.rv-plot").first
        page.mouse.move(0, 0)  # no hover label, no toolbar
        page.wait_for_timeout(300)
        screen = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
        size = tuple(chart.evaluate("d => [d._fullLayout.width, d._fullLayout.height]"))
        drawn = charts_3d(page)[0]
        frame = drawn.frame
        # Each leader line in the chart's pixels.
        x, y = frame["left"], frame["top"]
        leaders = [
            (ln["x0"] - x, ln["y0"] - y, ln["x1"] - x, ln["y1"] - y)
            for ln in drawn.leaders
        ]
        chart.hover(position={"x": 5, "y": 5})
        button = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
        with page.expect_download() as info:
            button.click()
        png = Image.open(info.value.path()).convert("RGB")
        png.save(OUTPUT / "volumes-zoo-nasnet-png-390.png")
    assert leaders  # the case has leader lines to carry
    assert size[0] > 300
    assert png.size == (2 * size[0], 2 * size[1])  # the chart's own size, at scale 2
    small = png.resize(size, Image.Resampling.BOX)

    # The pixels along the leader lines: 1-2% of the chart, which a missing line
    # would not move enough over the whole image.
    lines = Image.new("1", size)
    for line in leaders:
        ImageDraw.Draw(lines).line(line, fill=1, width=3)

    def lit(image: Image.Image) -> int:
        """How many pixels of a 1-bit image are set."""
        return image.size[0] * image.size[1] - image.convert("L").histogram()[0]

    def differ(dx: int, dy: int, mask: Image.Image | None = None) -> float:
        """Share of pixels unlike (within ``mask``), the screenshot moved by (dx, dy):
        the element's box may start at a fraction of a pixel, which its screenshot
        rounds."""
        box = (1, 1, size[0] - 1, size[1] - 1)
        a = small.crop(box)
        b = screen.crop((box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy))
        diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 * (v > 64))
        within = mask.crop(box) if mask is not None else Image.new("1", a.size, 1)
        unlike = ImageChops.logical_and(diff.convert("1"), within)
        return lit(unlike) / max(1, lit(within))

    shifts = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    changed = min(differ(dx, dy) for dx, dy in shifts)
    along = min(differ(dx, dy, lines) for dx, dy in shifts)
    print(f"pixels that differ: {changed:.2%}, along the leader lines {along:.1%}")
    # Measured: 1.2% and 0%; without the labels' moves 3.2%, without the lines 16%.
    assert changed < 0.02, f"{changed:.1%} of the image differs from the screen"
    assert along < 0.05, f"{along:.0%} of the leader lines' pixels differ"
