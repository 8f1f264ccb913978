"""DOM measurements of a drawn page: sideways overflow, the smallest text, overlapping
labels inside 2D plotly charts, chart titles under the modebar, walkthrough sizes.

Each function runs one script in the page and returns plain data (numbers, lists of
strings), so a test asserts on it and a failure message says what was measured.
The 3D scenes' labels are measured elsewhere: plotly internals are skipped here.
"""

from __future__ import annotations

from typing import Any

_OVERFLOW = """() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    wide: [...document.querySelectorAll('[data-testid="stMain"] *')]
        .filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth + 1
                && getComputedStyle(e).position !== 'fixed';
        })
        .slice(0, 5)
        .map(e => (e.getAttribute('data-testid') || e.tagName) + ':'
            + Math.round(e.getBoundingClientRect().right)),
})"""

# Visible HTML text nodes of the main area and the sidebar, outside plotly charts and
# SVG drawings (block graphs, icons), with their computed font size.
_SMALL_TEXT = """(limit) => {
    const roots = [...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stSidebar"]')];
    const out = [];
    for (const root of roots) {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walk.nextNode())) {
            const text = node.textContent.trim();
            if (!text) continue;
            const el = node.parentElement;
            if (!el || el.closest('.js-plotly-plot, svg, [aria-hidden="true"]'))
                continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none') continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            if (el.closest('[data-testid="stTooltipContent"], [role="tooltip"]'))
                continue;
            const px = parseFloat(style.fontSize);
            out.push([px, text.slice(0, 40)]);
        }
    }
    out.sort((a, b) => a[0] - b[0]);
    return out.slice(0, limit);
}"""

# Text boxes of every 2D chart (3D scenes are skipped), pairwise overlaps, and titles
# that run under the modebar.
_CHART_TEXT = """() => {
    const sel = '.xtick text, .ytick text, .g-gtitle text, .gtitle, '
        + '.annotation-text-g text, .g-xtitle text, .g-ytitle text';
    const charts = [...document.querySelectorAll('.js-plotly-plot')]
        .filter(g => !g.querySelector('.gl-container canvas')
            && !(g._fullLayout && g._fullLayout._has && g._fullLayout._has('gl3d')));
    const overlaps = [], underBar = [], sizes = [];
    const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
        && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    charts.forEach((g, i) => {
        const els = [...new Set(g.querySelectorAll(sel))].filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && e.textContent.trim()
                && getComputedStyle(e).opacity !== '0';
        });
        const boxes = els.map(e => [e.getBoundingClientRect(), e.textContent.trim()]);
        els.forEach(e => sizes.push(parseFloat(getComputedStyle(e).fontSize)));
        for (let a = 0; a < boxes.length; a++)
            for (let b = a + 1; b < boxes.length; b++)
                if (hit(boxes[a][0], boxes[b][0]))
                    overlaps.push(`chart ${i}: "${boxes[a][1]}" × "${boxes[b][1]}"`);
        const bar = g.querySelector('.modebar');
        const title = g.querySelector('.g-gtitle text, .gtitle');
        if (bar && title && title.textContent.trim()) {
            const rb = bar.getBoundingClientRect();
            if (rb.width > 0 && hit(rb, title.getBoundingClientRect()))
                underBar.push(`chart ${i}: "${title.textContent.trim()}"`);
        }
    });
    return {charts: charts.length, overlaps, underBar,
            smallest: sizes.length ? Math.min(...sizes) : null};
}"""

_CUT = """() => {
    // An element of the main area that cuts its own overflowing text (an ellipsis,
    // or overflow hidden on one line), or whose one line of text spills past its box
    // into its neighbours. plotly charts are measured apart.
    const main = document.querySelector('[data-testid="stMain"]');
    return [...main.querySelectorAll('*')].filter(e => {
        // SVG drawings (block graphs) pan and zoom in their frames.
        if (!e.textContent.trim() || e.closest('.js-plotly-plot')
            || e instanceof SVGElement) return false;
        const s = getComputedStyle(e);
        const oneLine = s.textOverflow === 'ellipsis' || s.whiteSpace === 'nowrap';
        const r = e.getBoundingClientRect();
        if (!oneLine || r.width <= 0) return false;
        // An inline element has no scroll width: it spills when it reaches past
        // the box that holds it.
        if (s.display === 'inline')
            return r.right > e.parentElement.getBoundingClientRect().right + 1;
        return e.scrollWidth > e.clientWidth + 1;
    }).map(e => e.textContent.trim().slice(0, 40));
}"""

_WALKTHROUGH = """() => {
    // Font size of the element that holds each text node under root.
    const textPx = root => {
        const out = [];
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walk.nextNode()))
            if (node.textContent.trim() && node.parentElement)
                out.push(parseFloat(getComputedStyle(node.parentElement).fontSize));
        return out;
    };
    const main = document.querySelector('[data-testid="stMain"]');
    const values = [...main.querySelectorAll('[data-testid="stMetricValue"]')];
    const shapes = values.slice(0, 2).flatMap(textPx);
    const labels = [...main.querySelectorAll('[data-testid="stMetricLabel"]')]
        .flatMap(textPx);
    const ticks = [...main.querySelectorAll('.js-plotly-plot text')]
        .filter(e => e.textContent.trim() && e.getBoundingClientRect().width > 0)
        .map(e => parseFloat(getComputedStyle(e).fontSize));
    return {shape_px: shapes.length ? Math.min(...shapes) : null,
            metric_label_px: labels.length ? Math.min(...labels) : null,
            chart_text_px: ticks.length ? Math.min(...ticks) : null};
}"""


def overflow(page: Any) -> dict[str, Any]:
    """The document's scroll width, the window's width and a few elements of the
    main area that reach past the window's right edge."""
    return page.evaluate(_OVERFLOW)


def smallest_text(page: Any, limit: int = 5) -> list[tuple[float, str]]:
    """The ``limit`` smallest visible HTML texts of the page as (px, text), smallest
    first; plotly charts and SVG drawings are left out."""
    return [(float(px), str(text)) for px, text in page.evaluate(_SMALL_TEXT, limit)]


def chart_text(page: Any) -> dict[str, Any]:
    """For every 2D plotly chart: overlapping tick, title and annotation boxes, titles
    under the modebar, and the smallest of those texts (px)."""
    return page.evaluate(_CHART_TEXT)


def walkthrough_sizes(page: Any) -> dict[str, Any]:
    """The walkthrough's key shapes (the input/output metrics, px), its metric labels,
    truncated texts (cut_texts) and the smallest chart text (px)."""
    return {**page.evaluate(_WALKTHROUGH), "truncated": cut_texts(page)}


def cut_texts(page: Any) -> list[str]:
    """The first 40 characters of every visible text of the main area that its own
    element cuts off (an ellipsis, or a one-line clip) or lets spill past its box on
    one line; plotly charts excepted."""
    return [str(text) for text in page.evaluate(_CUT)]
