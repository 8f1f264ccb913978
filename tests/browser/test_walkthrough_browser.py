"""The walkthrough in a real browser: a Chinese link opens at its step, Next moves the
step in the address bar, and the page is screenshotted for a look."""

from __future__ import annotations

import pytest

from .conftest import OUTPUT
from .helpers import exceptions

pytestmark = pytest.mark.browser


def wait_ready(page, timeout_ms: int = 30_000) -> None:
    """Like helpers.wait_idle, but the sidebar's labels may be in Chinese."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stSidebar"] input', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            return !(s && /Running|Connecting/i.test(s.innerText || ''))
                && !document.querySelector('[data-stale="true"]');
        }""",
        timeout=timeout_ms,
    )


def test_walkthrough_in_chinese_steps_forward(page, app_url):
    page.goto(f"{app_url}/walkthrough?step=3&lang=zh")
    wait_ready(page)
    page.wait_for_function("() => location.search.includes('step=3')")
    assert "逐步讲解" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert "第 3 步" in page.locator('[data-testid="stMain"]').inner_text()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_function("() => location.search.includes('step=4')")
    wait_ready(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]')"
        ".innerText.includes('第 4 步')"
    )
    assert "lang=zh" in page.url
    assert exceptions(page) == []
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(1500)  # let WebGL draw the boxes
    page.screenshot(path=OUTPUT / "walkthrough.png", full_page=True)
