"""serve.py's PlotlyFirst middleware: the HTML page asks for plotly.js in its head,
and the bundle goes out from its copy gzipped once; and the allocator restart."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import os
from pathlib import Path
from typing import Any

import pytest

import serve
from resnet_viz.ui import plot, static

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
    path: str = "/volumes",
    headers: tuple[tuple[bytes, bytes], ...] = ((b"accept-encoding", b"gzip, br"),),
    wrapped: serve.PlotlyFirst | None = None,
) -> tuple[list[dict[str, Any]], list[tuple[bytes, bytes]]]:
    """Run one request through PlotlyFirst in front of ``page``: the messages sent
    back and the request headers ``page`` saw (none if it was not asked)."""
    seen: list[tuple[bytes, bytes]] = []
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(b"accept", accept), *headers],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def inner(scope, receive, send) -> None:
        seen.extend(scope["headers"])
        await page.inner(scope, receive, send)

    if wrapped is None:
        wrapped = serve.PlotlyFirst(inner)
    else:
        wrapped.app = inner
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


# --- the bundle, gzipped once ---------------------------------------------------------
BUNDLE_PATH = "/" + serve.PLOTLY_SRC
GZIP = ((b"accept-encoding", b"gzip, deflate, br"),)


@pytest.fixture
def gzipped(tmp_path, monkeypatch) -> bytes:
    """serve.py's view of the compressed copy, pointed at one that exists."""
    body = gzip.compress(b"/* plotly */" * 50)
    path = tmp_path / "plotly.min.js.gz"
    path.write_bytes(body)
    monkeypatch.setattr(serve, "_PLOTLY_GZ", path)
    return body


def test_serve_and_plot_agree_where_the_compressed_copy_lies():
    assert static.gzipped_path(serve._PLOTLY_FILE) == serve._PLOTLY_GZ


def test_the_bundle_goes_out_as_compressed_once_and_immutable(gzipped):
    sent, seen = call(Page(b"not this"), accept=b"*/*", path=BUNDLE_PATH, headers=GZIP)
    assert seen == []  # Streamlit's route was never asked
    head = headers_of(sent)
    assert sent[0]["status"] == 200
    assert body_of(sent) == gzipped
    assert head[b"content-encoding"] == b"gzip"
    assert int(head[b"content-length"]) == len(gzipped)
    assert head[b"content-type"] == b"application/javascript"
    assert head[b"vary"] == b"Accept-Encoding"
    assert b"immutable" in head[b"cache-control"]


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [
        (b"gzip", True),
        (b"gzip, deflate, br, zstd", True),
        (b"br;q=1.0, gzip;q=0.8", True),
        (b"*", True),
        (b"GZIP", True),
        (b"gzip;q=0", False),
        (b"gzip;q=0.0, br", False),
        (b"br", False),
        (b"", False),
        (b"gzip;q=x", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, gzip_ok):
    assert serve._accepts_gzip(header) is gzip_ok


def test_a_revalidation_with_its_etag_gets_304_and_no_body(gzipped):
    first, _ = call(Page(), accept=b"*/*", path=BUNDLE_PATH, headers=GZIP)
    etag = headers_of(first)[b"etag"]
    again = (*GZIP, (b"if-none-match", etag))
    sent, seen = call(Page(), accept=b"*/*", path=BUNDLE_PATH, headers=again)
    assert seen == []
    assert sent[0]["status"] == 304
    assert body_of(sent) == b""
    other = (*GZIP, (b"if-none-match", b'"something-else"'))
    sent, _ = call(Page(), accept=b"*/*", path=BUNDLE_PATH, headers=other)
    assert sent[0]["status"] == 200
    assert body_of(sent) == gzipped


def test_a_rewritten_copy_is_read_again(gzipped, tmp_path):
    middleware = serve.PlotlyFirst(Page().inner)
    call(Page(), accept=b"*/*", path=BUNDLE_PATH, headers=GZIP, wrapped=middleware)
    newer = gzip.compress(b"/* plotly, newer */")
    serve._PLOTLY_GZ.write_bytes(newer)
    os.utime(serve._PLOTLY_GZ, (1, 1))  # another time than the first copy's
    sent, _ = call(
        Page(), accept=b"*/*", path=BUNDLE_PATH, headers=GZIP, wrapped=middleware
    )
    assert body_of(sent) == newer


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", BUNDLE_PATH, ()),  # no gzip accepted: Streamlit sends it plain
        ("GET", BUNDLE_PATH, ((b"accept-encoding", b"br"),)),
        ("GET", BUNDLE_PATH, ((b"accept-encoding", b"gzip;q=0, br"),)),
        ("GET", BUNDLE_PATH, (*GZIP, (b"range", b"bytes=0-99"))),
        ("POST", BUNDLE_PATH, GZIP),
        ("GET", "/app/static/other.js", GZIP),
    ],
)
def test_other_requests_go_to_streamlits_route(gzipped, method, path, headers):
    page = Page(b"from streamlit", content_type=b"application/javascript")
    sent, seen = call(page, method=method, accept=b"*/*", path=path, headers=headers)
    assert body_of(sent) == b"from streamlit"
    assert seen  # the inner app answered


def test_no_compressed_copy_yet_goes_to_streamlits_route(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "_PLOTLY_GZ", tmp_path / "missing.js.gz")
    page = Page(b"from streamlit", content_type=b"application/javascript")
    sent, seen = call(page, accept=b"*/*", path=BUNDLE_PATH, headers=GZIP)
    assert body_of(sent) == b"from streamlit"
    assert seen


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
