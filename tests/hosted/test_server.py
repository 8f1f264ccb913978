"""The hosting issue's links against a real server (`streamlit run serve.py` on
127.0.0.1), at the websocket level as a browser tab talks to it: no exception, no
rerun that ships more than a few MB, and the server's memory stays under 1 GB."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.hostile import LINKS
from bench.loadtest import Visit, connect, rerun
from bench.server import Server

MAX_RERUN_BYTES = 5 * 10**6
MAX_RSS = 1024**3


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server() as s:
        yield s


def run_async(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coro`` on a loop of its own thread: Playwright's sync API, used by the
    browser tests of the same run, leaves an event loop set on the main thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def stream(server: Server) -> str:
    return server.url.replace("http://", "ws://") + "/_stcore/stream"


def visit(server: Server, page: str, query: str) -> Visit:
    async def go() -> Visit:
        async with connect(stream(server)) as ws:
            return await rerun(ws, query, page, timeout_s=180)

    return run_async(go())


@pytest.mark.parametrize("name", sorted(LINKS))
def test_each_link_is_served_small_and_safely(server, name):
    page, query = LINKS[name]
    seen = visit(server, page, query)
    assert seen.errors == []
    assert seen.bytes < MAX_RERUN_BYTES, f"{name}: {seen.bytes:,} bytes"
    assert server.rss_bytes() < MAX_RSS


def test_refused_links_say_so(server):
    for name in ("input_tensor", "compute", "digits_batch", "digits_input"):
        page, query = LINKS[name]
        assert visit(server, page, query).warnings >= 1, name


def test_an_ordinary_visitor_is_served_while_a_deep_network_is_traced(server):
    """Both reruns finish, the light one without exceptions; the times are printed
    for the record (speed is measured in bench/, not asserted here)."""

    async def both() -> tuple[Visit, Visit]:
        async with (
            connect(stream(server)) as heavy_ws,
            connect(stream(server)) as light_ws,
        ):
            heavy = asyncio.create_task(
                rerun(heavy_ws, "arch=resnet34&layers=1000,1000,1000,999", "", 180)
            )
            await asyncio.sleep(0.3)
            light = await rerun(light_ws, "arch=resnet50&input=160", "", 180)
            return await heavy, light

    heavy, light = run_async(both())
    print(f"heavy {heavy.seconds:.2f} s, light {light.seconds:.2f} s meanwhile")
    assert heavy.errors == []
    assert light.errors == []
    assert server.rss_bytes() < MAX_RSS


def test_the_server_runs_on_jemalloc_where_it_is_installed(server):
    """serve.py starts itself again on jemalloc when the library is there (CI
    installs it, as packages.txt asks a host to): same pid, the library mapped, and
    every allocation handed to it."""
    import serve

    pid = server.proc.pid
    installed = any(Path(p).is_file() for p in serve.JEMALLOC_PATHS)
    maps = Path(f"/proc/{pid}/maps").read_text()
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    assert ("libjemalloc" in maps) == installed
    assert (b"PYTHONMALLOC=malloc" in environ) == installed
    assert (b"RV_ALLOCATOR=jemalloc" in environ) == installed


def test_plotly_js_goes_out_compressed_once_and_cached(server):
    """The live server sends plotly.js from the copy its warm-up compressed (no
    gzip per visitor), marked immutable, and answers a revalidation with 304; the
    bytes are the static copy's. The warm-up writes the copy last, seconds after
    the server is healthy, so this waits for it."""
    import gzip
    import time
    import urllib.request

    import serve

    url = f"{server.url}/{serve.PLOTLY_SRC}"
    ask = {"Accept-Encoding": "gzip"}
    deadline = time.monotonic() + 60
    while True:
        with urllib.request.urlopen(urllib.request.Request(url, headers=ask)) as r:
            head, body = r.headers, r.read()
        if "immutable" in head.get("Cache-Control", "") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert head["Content-Encoding"] == "gzip"
    assert "immutable" in head["Cache-Control"]
    assert body == serve._PLOTLY_GZ.read_bytes()
    assert gzip.decompress(body) == serve._PLOTLY_FILE.read_bytes()
    again = urllib.request.Request(url, headers={**ask, "If-None-Match": head["ETag"]})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(again)
    assert not_modified.value.code == 304
