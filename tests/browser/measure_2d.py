"""Measuring 2D figures in the page: block-graph viewers, grids and HTML tables,
plotly chart titles and the page's own width. Each function returns plain numbers
read from the DOM; the tests decide what is too small, cut or overlapping.
"""

from __future__ import annotations

from typing import Any

# Per graph viewer (resnet_viz.ui.graph_view): the frame's and the drawn SVG's
# horizontal extent, and the smallest text in CSS pixels, from the SVG's font sizes
# (user units = Graphviz points) times the drawn pixels per user unit, and how far
# any cluster's title runs past its cluster's box (px; negative: inside).
_GRAPHS = """() => [...document.querySelectorAll('.rv-graph')].map(root => {
    const frame = root.querySelector('.rv-graph-frame').getBoundingClientRect();
    const svg = root.querySelector('.rv-graph-canvas svg');
    if (!svg) return {ready: root.dataset.ready, renderer: root.dataset.renderer};
    const box = svg.getBoundingClientRect();
    const perUnit = box.width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t =>
        parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize));
    return {
        ready: root.dataset.ready, renderer: root.dataset.renderer,
        frameLeft: frame.left, frameRight: frame.right, frameWidth: frame.width,
        svgLeft: box.left, svgRight: box.right, svgWidth: box.width,
        viewport: document.documentElement.clientWidth,
        minTextPx: Math.min(...sizes) * perUnit, texts: sizes.length,
        text: svg.textContent,
        clusterSpill: Math.max(-Infinity, ...[...svg.querySelectorAll('g.cluster')]
            .flatMap(c => {
                const shape = c.querySelector('path, polygon');
                if (!shape) return [];
                const b = shape.getBoundingClientRect();
                return [...c.querySelectorAll(':scope > text')].map(t => {
                    const r = t.getBoundingClientRect();
                    return Math.max(r.right - b.right, b.left - r.left);
                });
            })),
    };
})"""

# Per st.dataframe (glide-data-grid draws on a canvas; its accessible table holds
# the texts of the rows in view): each column's header and cell texts, measured
# with canvas measureText in the grid's font, and the width of all its columns.
_GRIDS = """() => {
    const ctx = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .filter(el => el.getBoundingClientRect().width > 0).map(el => {
        const family = getComputedStyle(el).fontFamily;
        const measure = (text, weight) => {
            ctx.font = `${weight} 14px ${family}`;
            return ctx.measureText(text).width;
        };
        const columns = {};
        el.querySelectorAll('th[role=columnheader]').forEach(th => {
            columns[th.getAttribute('aria-colindex')] = {
                header: th.textContent, headerPx: measure(th.textContent, 600),
                cells: [],
            };
        });
        el.querySelectorAll('td[role=gridcell]').forEach(td => {
            const c = columns[td.getAttribute('aria-colindex')];
            if (c) c.cells.push([td.textContent, measure(td.textContent, 400)]);
        });
        const scroller = el.querySelector('.dvn-scroller');
        return {
            columns: Object.values(columns),
            contentWidth: scroller ? scroller.scrollWidth : 0,
            frameWidth: el.getBoundingClientRect().width,
            rows: Number(el.querySelector('table[role=grid]')
                ?.getAttribute('aria-rowcount') || 0) - 1,
        };
    });
}"""

# HTML tables (st.table): cells whose text is wider than the cell.
_CLIPPED_CELLS = """() => [...document.querySelectorAll(
        '[data-testid="stTable"] td, [data-testid="stTable"] th')]
    .filter(c => c.getBoundingClientRect().width > 0
                 && c.scrollWidth > c.clientWidth + 1)
    .map(c => c.textContent)"""

# The page's sideways overflow: the document's and the main area's.
_OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const doc = document.scrollingElement;
    return Math.max(doc.scrollWidth - doc.clientWidth,
                    main ? main.scrollWidth - main.clientWidth : 0);
}"""

# Every plotly chart's title and subplot titles, and its toolbar, as boxes.
_CHART_TITLES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(g => g.getBoundingClientRect().width > 0).map(g => {
    const r = e => { const b = e.getBoundingClientRect();
                     return [b.left, b.top, b.right, b.bottom]; };
    const bar = g.querySelector('.modebar');
    return {
        chart: r(g),
        titles: [...g.querySelectorAll('.gtitle, .annotation-text')]
            .filter(e => (e.textContent || '').trim()).map(e => [e.textContent, r(e)]),
        toolbar: bar ? r(bar) : null,
        is3d: Object.keys(g._fullLayout || {}).some(k => k.startsWith('scene')),
    };
})"""


def graphs(page: Any) -> list[dict[str, Any]]:
    """Every graph viewer on the page, with its extent, its smallest text and how far
    a cluster title runs past its box (px; -Infinity without clusters)."""
    return page.evaluate(_GRAPHS)


def wait_graphs(page: Any, count: int = 1, timeout_ms: int = 60_000) -> None:
    """Wait until ``count`` graph viewers have drawn their SVG."""
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.rv-graph')]
            .filter(r => r.dataset.ready === 'true').length >= {count}""",
        timeout=timeout_ms,
    )


def grids(page: Any) -> list[dict[str, Any]]:
    """Every visible st.dataframe: columns (header and cell texts with their
    measured widths), the width of all columns together and the frame's width."""
    return page.evaluate(_GRIDS)


def clipped_cells(page: Any) -> list[str]:
    """Texts of HTML table cells narrower than their text."""
    return page.evaluate(_CLIPPED_CELLS)


def page_overflow_px(page: Any) -> float:
    """How far the page scrolls sideways (0 when it fits its viewport)."""
    return page.evaluate(_OVERFLOW)


def chart_titles(page: Any) -> list[dict[str, Any]]:
    """Every visible plotly chart: its box, its title boxes and its toolbar box."""
    return page.evaluate(_CHART_TITLES)


def overlaps(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    """Whether two [left, top, right, bottom] boxes overlap by more than ``slack``."""
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > slack
        and min(a[3], b[3]) - max(a[1], b[1]) > slack
    )
