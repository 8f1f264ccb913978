"""serve.py's warm-up fills exactly the caches the first page reads."""

from __future__ import annotations

import sys
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


def test_after_warm_imports_no_page_imports_a_module():
    """Once warm_imports() ran (serve.py does, before gc.freeze), visiting every
    page, in both languages and with a comparison, imports nothing new: a module
    imported during a class's load would leave long-lived objects among its
    short-lived ones (see warm_imports)."""
    cache.warm_up()  # as serve.py: the first page's caches, then the imports
    cache.warm_imports()
    AppTest.from_string("import streamlit as st\nst.write(1)").run()  # AppTest's own
    before = set(sys.modules)
    pages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py"))
    queries = (
        {},
        {"lang": "zh", "arch": "resnet50"},
        {"cmp": "2", "c0.arch": "resnet18", "c1.arch": "resnet34"},
    )
    for query in queries:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        for page in pages:
            at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
    new = sorted(m for m in set(sys.modules) - before if "testing" not in m)
    assert new == [], f"import these in warm_imports: {new}"
