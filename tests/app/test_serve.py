"""serve.py's PlotlyFirst middleware: the HTML page asks for plotly.js in its head."""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path
from typing import Any

import pytest

import serve
from resnet_viz.ui import plot

PAGE = b"<html><head><title>x</title></head><body></body></html>"


class Page:
    """An inner app that sends ``body`` in two chunks with ``content_type``."""

    def __init__(self, body: bytes = PAGE, content_type: bytes = b"text/html") -> None:
        self.body, self.content_type = body, content_type

    async def inner(self, scope, receive, send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", self.content_type + b"; charset=utf-8"),
                    (b"content-length", str(len(self.body)).encode()),
                    (b"etag", b'"abc"'),
                ],
            }
        )
        half = len(self.body) // 2
        await send(
            {"type": "http.response.body", "body": self.body[:half], "more_body": True}
        )
        await send({"type": "http.response.body", "body": self.body[half:]})


def call(
    page: Page,
    *,
    method: str = "GET",
    accept: bytes = b"text/html,application/xhtml+xml",
) -> tuple[list[dict[str, Any]], list[tuple[bytes, bytes]]]:
    """Run one request through PlotlyFirst in front of ``page``: the messages sent
    back and the request headers ``page`` saw."""
    seen: list[tuple[bytes, bytes]] = []
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": method,
        "path": "/volumes",
        "headers": [(b"accept", accept), (b"accept-encoding", b"gzip, br")],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def inner(scope, receive, send) -> None:
        seen.extend(scope["headers"])
        await page.inner(scope, receive, send)

    wrapped = serve.PlotlyFirst(inner)
    # On a thread of its own: Playwright's sync API, in the browser tests of the same
    # run, leaves an event loop set on the main thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, wrapped(scope, receive, send)).result()
    return sent, seen


def body_of(sent: list[dict[str, Any]]) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"].endswith("body"))


def headers_of(sent: list[dict[str, Any]]) -> dict[bytes, bytes]:
    return dict(sent[0]["headers"])


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Path:
    """serve.py's view of the static copy, pointed at a file that exists."""
    path = tmp_path / "plotly.min.js"
    path.write_text("/* plotly */")
    monkeypatch.setattr(serve, "_PLOTLY_FILE", path)
    return path


def test_the_page_names_the_file_the_charts_load():
    # plotly_js_file() is the one home of the name and of the copy; serve.py
    # cannot import it early (torch), so it must agree with it.
    assert plot.plotly_js_file() == serve.PLOTLY_SRC
    assert plot.STATIC_DIR / Path(serve.PLOTLY_SRC).name == serve._PLOTLY_FILE
    assert serve._PLOTLY_FILE.is_file()


def test_a_page_gets_one_tag_in_its_head_and_a_true_length(bundle):
    sent, seen = call(Page())
    body = body_of(sent)
    tag = serve.PlotlyFirst.TAG
    assert body == PAGE.replace(b"</head>", tag + b"</head>")
    assert body.count(b"data-rv-plotly") == 1
    assert int(headers_of(sent)[b"content-length"]) == len(body)
    assert headers_of(sent)[b"etag"] == b'"abc"'  # other headers kept
    assert f'src="./{serve.PLOTLY_SRC}"'.encode() in tag
    # Asked for uncompressed, so the body can be edited.
    assert b"accept-encoding" not in dict(seen)


@pytest.mark.parametrize(
    ("method", "accept", "content_type"),
    [
        ("POST", b"text/html", b"text/html"),  # not a page view
        ("GET", b"*/*", b"text/html"),  # a script's fetch, not a navigation
        ("GET", b"text/html", b"application/json"),  # not a page
    ],
)
def test_anything_else_passes_unchanged(bundle, method, accept, content_type):
    page = Page(content_type=content_type)
    sent, seen = call(page, method=method, accept=accept)
    assert body_of(sent) == PAGE
    assert int(headers_of(sent)[b"content-length"]) == len(PAGE)
    if accept == b"*/*" or method == "POST":
        assert dict(seen)[b"accept-encoding"] == b"gzip, br"


def test_no_tag_before_the_bundle_is_copied(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "_PLOTLY_FILE", tmp_path / "missing.js")
    sent, seen = call(Page())
    assert body_of(sent) == PAGE
    assert dict(seen)[b"accept-encoding"] == b"gzip, br"


def test_a_compressed_page_is_sent_as_it_came(bundle):
    class Gzipped(Page):
        async def inner(self, scope, receive, send) -> None:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"text/html"),
                        (b"content-encoding", b"gzip"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b"\x1f\x8b..."})

    sent, _ = call(Gzipped())
    assert body_of(sent) == b"\x1f\x8b..."


# --- the allocator restart ------------------------------------------------------------
CLI = ["/usr/bin/python3", "/usr/local/bin/streamlit", "run", "serve.py"]


@pytest.fixture
def lib(tmp_path) -> tuple[str, ...]:
    path = tmp_path / "libjemalloc.so.2"
    path.write_bytes(b"")
    return (str(tmp_path / "missing.so"), str(path))


@pytest.mark.parametrize(
    "argv",
    [CLI, ["/usr/bin/python3", "-m", "streamlit", "run", "serve.py", "--x", "1"]],
)
def test_streamlit_run_starts_again_on_jemalloc(lib, argv):
    got = serve.jemalloc_restart(argv, {"PATH": "/bin", "LD_PRELOAD": "/x.so"}, lib)
    assert got is not None
    args, env = got
    assert args == argv  # the same command, flags included
    assert env["LD_PRELOAD"] == f"{lib[1]} /x.so"  # the first library found, first
    assert env["PYTHONMALLOC"] == "malloc"
    assert env["MALLOC_CONF"] == serve.MALLOC_CONF
    assert env["RV_ALLOCATOR"] == "jemalloc"  # so the new process does not restart
    assert env["PATH"] == "/bin"


def test_a_chosen_malloc_conf_is_kept(lib):
    _, env = serve.jemalloc_restart(CLI, {"MALLOC_CONF": "narenas:1"}, lib)
    assert env["MALLOC_CONF"] == "narenas:1"


@pytest.mark.parametrize(
    ("argv", "env", "found"),
    [
        (CLI, {"RV_ALLOCATOR": "jemalloc"}, True),  # this is the restarted process
        (CLI, {"RV_ALLOCATOR": "pymalloc"}, True),  # kept by hand
        (CLI, {}, False),  # no library installed
        (["/usr/bin/python3", "-m", "pytest", "tests"], {}, True),  # a test run
        (["/usr/bin/python3", "/usr/local/bin/streamlit", "hello"], {}, True),
    ],
)
def test_no_restart(lib, argv, env, found):
    libraries = lib if found else lib[:1]
    assert serve.jemalloc_restart(argv, env, libraries) is None
