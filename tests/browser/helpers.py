"""Waiting for Streamlit and reading what it drew."""

from __future__ import annotations

from typing import Any


def wait_idle(page: Any, timeout_ms: int = 30_000) -> None:
    """Wait until the script run has finished and every element has settled.

    Streamlit shows its status widget while a run is in progress; we wait for the app
    root, then for that widget to be gone, then for no element to be marked stale.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            const running = s && /Running|Connecting/i.test(s.innerText || '');
            const stale = document.querySelector('[data-stale="true"]');
            const app = document.querySelector('[data-testid="stAppViewContainer"]');
            return app && !running && !stale;
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)  # let plotly finish its first paint
    page.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            return !(s && /Running/i.test(s.innerText || ''));
        }""",
        timeout=timeout_ms,
    )


def plotly_texts(page: Any) -> list[str]:
    """Every text label of every plotly figure on the page (3D labels are WebGL, so
    we read the figure data rather than the DOM)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
            g => (g.data || []).flatMap(t => [].concat(t.text || [], t.name || [])))
            .filter(x => typeof x === 'string')"""
    )


def exceptions(page: Any) -> list[str]:
    """Texts of Streamlit exception boxes on the page (should be none)."""
    return page.locator('[data-testid="stException"]').all_inner_texts()
