"""The 3D volume diagrams at a projector's, a laptop's and a phone's size (issue 13):
measured from the DOM, never from pixels.

For each viewport and hard case (the volumes page's stage and layer views, the
Overview's stage volumes, Compare with four columns and shortcut A/B/C) it asserts:
no two labels overlap, no label is cut by its chart's edge, the smallest label is at
least 12 px at 1440 and 14 px at 1920, the chart fills its column, the title clears
plotly's toolbar, and on the phone the page never scrolls sideways. Screenshots go
to test-output/volumes-*.png.
"""

from __future__ import annotations

import pytest

from .conftest import OUTPUT
from .helpers import exceptions, wait_idle
from .measure_3d import Chart, charts_3d, page_overflow, wait_laid_out

pytestmark = pytest.mark.browser

VIEWPORTS = {"1920": (1920, 1080), "1440": (1440, 900), "390": (390, 844)}
MIN_FONT = {"1920": 14, "1440": 12, "390": 0}
# (name, page path and query, view): "layer" clicks the volumes page's layer view.
CASES = [
    ("overview-resnet18", "/?arch=resnet18&input=224", "stage"),
    ("resnet18", "/volumes?arch=resnet18&input=224", "layer"),
    ("resnet20", "/volumes?arch=resnet20&input=32", "stage"),
    ("resnet50", "/volumes?arch=resnet50&input=224", "layer"),
    ("resnet152", "/volumes?arch=resnet152&input=224", "layer"),
    ("resnet1202", "/volumes?arch=resnet1202&input=32", "layer"),
    (
        "resnext-C",
        "/volumes?arch=resnext50_32x4d&input=3x160x128&shortcut=C",
        "stage",
    ),
    ("compare-4", "/compare", "stage"),
    ("compare-shortcuts", "/compare?scenario=shortcuts", "stage"),
]
# The phone draws the cases where the lay-out is hardest; the others are alike.
PHONE = {"overview-resnet18", "resnet50", "resnet1202", "compare-4"}


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
        if c.title_under_toolbar():
            problems.append(f"{where}: title under plotly's toolbar")
    return problems


def show(page, view: str) -> None:
    """Switch the volumes page to the layer view (its radio), then wait."""
    if view == "layer":
        page.get_by_text("after every layer", exact=True).click()
        wait_idle(page)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_volume_figures_fit_every_viewport(browser, app_url, size):
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    report = []
    try:
        for name, path, view in CASES:
            if size == "390" and name not in PHONE:
                continue
            page.goto(app_url + path)
            wait_idle(page)
            show(page, view)
            wait_laid_out(page)
            charts = charts_3d(page)
            assert charts, f"{name}@{size}: no 3D chart drawn"
            assert exceptions(page) == []
            if name == "compare-4":
                assert len(charts) == 4
            problems += check(charts, size, name)
            if size == "390" and page_overflow(page) > 0:
                problems.append(f"{name}@390: page {page_overflow(page)} px too wide")
            first = charts[0]
            report.append(
                f"{name}@{size}: {len(charts)} charts, {len(first.labels)} labels, "
                f"min {first.smallest_font:g} px, fill {first.fill:.0%}, labels span "
                f"{first.label_span:.0%}, hidden {first.hidden}, "
                f"overlaps {sum(len(c.overlaps()) for c in charts)}"
            )
            top = page.locator(".js-plotly-plot").first
            top.scroll_into_view_if_needed()
            page.screenshot(path=OUTPUT / f"volumes-{name}-{size}.png")
    finally:
        context.close()
        print("\n".join(report))
    assert problems == [], "\n".join(problems)
