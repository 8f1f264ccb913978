"""Waiting for Streamlit and reading what it drew."""

from __future__ import annotations

import json
from typing import Any

_PLOTLY_TEXTS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
    g => [
        ...(g.data || []).flatMap(t => [].concat(t.text || [], t.name || [])),
        ...Object.entries(g.layout || {}).filter(([k]) => k.startsWith('scene'))
            .flatMap(([, s]) => (s.annotations || []).map(a => a.text)),
    ]).filter(x => typeof x === 'string')"""
_SVG_TEXT = """() => [
    ...[...document.querySelectorAll(
        '[data-testid="stGraphVizChart"] svg, .rv-graph .rv-graph-canvas svg')]
        .map(s => s.textContent),
    ...[...document.querySelectorAll('img')]
        .filter(i => i.src.startsWith('data:image/svg+xml;base64,'))
        .map(i => new TextDecoder().decode(
            Uint8Array.from(atob(i.src.split(',')[1]), c => c.charCodeAt(0)))),
].join(' ')"""


def wait_idle(page: Any, timeout_ms: int = 30_000) -> None:
    """Wait until a page title and the sidebar are drawn and no run is in progress.

    Every page starts with st.title, so an h1 in the main area means the script has
    drawn; the status widget says "Running" while a rerun is under way.
    """
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    # The sidebar mounts a moment after the main area on a fresh load.
    page.wait_for_selector(
        '[data-testid="stSidebar"] input[aria-label="Input size"]', timeout=timeout_ms
    )
    page.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            return !(s && /Running|Connecting/i.test(s.innerText || ''))
                && !document.querySelector('[data-stale="true"]');
        }""",
        timeout=timeout_ms,
    )


def plotly_texts(page: Any) -> list[str]:
    """Every text label of every plotly figure on the page, read from the figures'
    data: trace texts and names, and the annotations of 3D scenes."""
    return page.evaluate(_PLOTLY_TEXTS)


def wait_plotly_text(page: Any, text: str, timeout_ms: int = 30_000) -> None:
    """Wait until some plotly figure on the page carries ``text`` as a label."""
    page.wait_for_function(
        f"() => ({_PLOTLY_TEXTS})().includes({json.dumps(text)})", timeout=timeout_ms
    )


def wait_svg_text(page: Any, text: str, timeout_ms: int = 30_000) -> None:
    """Wait until a block graph on the page shows ``text``: a graph viewer's SVG
    (resnet_viz.ui.graph_view), a graphviz chart or an SVG image."""
    page.wait_for_function(
        f"() => ({_SVG_TEXT})().includes({json.dumps(text)})", timeout=timeout_ms
    )


def exceptions(page: Any) -> list[str]:
    """Texts of Streamlit exception boxes on the page (should be none)."""
    return page.locator('[data-testid="stException"]').all_inner_texts()


def pick_zoo_block(page: Any, title: str, timeout_ms: int = 90_000) -> None:
    """Choose the block titled ``title`` in the Block zoo's selectbox (the first of
    the main area) and wait for the page to run again."""
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=title, exact=True).click()
    wait_idle(page, timeout_ms)
