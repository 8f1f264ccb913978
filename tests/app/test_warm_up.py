"""serve.py's warm-up fills exactly the caches the first page reads."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

import resnet_viz.ui.cache as cache

ROOT = Path(__file__).resolve().parents[2]


def test_first_page_after_warm_up_computes_nothing(monkeypatch):
    st.cache_resource.clear()
    st.cache_data.clear()
    cache.clear_caches()
    cache.warm_up()

    calls: list[str] = []

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls.append(name)
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(cache, "trace", counted("trace", cache.trace))
    monkeypatch.setattr(cache, "dot_to_svg", counted("svg", cache.dot_to_svg))
    for kind, fn in list(cache._FIGURES.items()):
        monkeypatch.setitem(cache._FIGURES, kind, counted(kind, fn))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "resnet18 · 224×224"
    assert calls == []  # trace, both figures and the graph's SVG came from the cache

    # A view the warm-up did not cover is computed as usual (the counters work).
    at.query_params["input"] = "96"
    at.run()
    assert "trace" in calls


def test_serve_py_is_an_app_streamlit_runs():
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app
    assert found.import_string is not None
    assert found.import_string.endswith(":app")
