"""A real `streamlit run app.py` on localhost, and Debian's Chromium driven by
Playwright.

Skips when the system Chromium or Playwright is missing (scripts/test.sh installs both;
no browser is ever downloaded). Screenshots go to test-output/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import Server

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# WebGL through SwiftShader so plotly's 3D scenes draw without a GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Start the app once for the whole browser session; stop it afterwards."""
    server = Server(log=OUTPUT / "streamlit.log").start()
    try:
        server.wait_healthy(timeout_s=60)
    except TimeoutError:
        server.stop()
        pytest.fail(
            "streamlit did not start within 60 s; see test-output/streamlit.log"
        )
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Debian's chromium is not installed (bash scripts/test.sh installs it)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh tab at a laptop-sized viewport."""
    context = browser.new_context(viewport={"width": 1400, "height": 1900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
