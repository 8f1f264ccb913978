"""`streamlit run serve.py`: the app of app.py, warmed up while the server starts.

Streamlit runs app.py only when the first visitor connects, so that visitor used to
wait for torch to load (~1 s) and for the default view to be traced and drawn. Here
st.App's lifespan hook starts a thread that does all of that
(resnet_viz.ui.cache.warm_up) while the server starts and the first browser
downloads the page. Later, once the first visitors have been served and no work is
waiting, it imports what the other pages import on first use
(resnet_viz.ui.cache.warm_imports: torch._dynamo, ~0.6 s, and sympy, ~0.3 s, which
some networks' traces need, torch.utils.benchmark, pandas' Styler, ...), so that no
later visitor waits for it and none of it lands among a class's short-lived objects,
where each long-lived object would keep a 1 MiB arena of memory from going back. Its
page also asks for plotly.js in its <head> (PlotlyFirst, below), so the browser runs
the bundle while the server still warms up. Where jemalloc is installed, the process
first starts itself again on it (jemalloc_restart, below), which gives a class's
memory back to the system. The app itself is unchanged: `streamlit run app.py`
serves the same pages, only colder.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

# --- allocator: jemalloc where it is installed (issue 12) ---------------------------
# Under a class's load, Python's own allocator keeps the 1 MiB arenas that a few
# long-lived small objects pin (bench/README.md, "where the memory stays"). With every
# allocation handed to jemalloc (PYTHONMALLOC=malloc), which gives unused pages back
# within a second (dirty_decay_ms), the hostile load test (bench/loadtest.py
# --sessions 50 --hostile 3) ended 60 s later at +54 to +56 MiB over the server's idle
# level (read after this module's warm-up), against +182 MiB on Python's allocator,
# with peaks of ~700 MiB both (bench/README.md; median and p95 within their run-to-run
# spread). glibc's malloc gave back less and ran the scripts at half the speed, and
# mimalloc 2.0 gave back nothing. The cost is a second start of the
# process: 0.3-1.7 s more to a cold start's first page, with how busy the machine is
# (bench/README.md). The library is an apt package (libjemalloc2, in packages.txt);
# without it the server runs on Python's own allocator, as before.
JEMALLOC_PATHS = (
    "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
    "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
    "/usr/lib/libjemalloc.so.2",
    "/usr/local/lib/libjemalloc.so.2",
)
# No background purging thread: a server that still runs its sweeps gives pages back
# on its own allocations (+105 MiB 60 s after the load test without the thread, p95
# 1.91 s), and the thread cost the cold start's first page in bench/run.py.
MALLOC_CONF = "dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:2"


def jemalloc_restart(
    argv: list[str], env: dict[str, str], libraries: tuple[str, ...] = JEMALLOC_PATHS
) -> tuple[list[str], dict[str, str]] | None:
    """The command line and environment that start this server again on jemalloc,
    or None: when the allocator was chosen already (RV_ALLOCATOR set: by this
    restart, or by hand, e.g. RV_ALLOCATOR=pymalloc to keep Python's own), when no
    library is installed, or when ``argv`` is not `streamlit run` (a test that
    imports this module must not be replaced)."""
    if env.get("RV_ALLOCATOR"):
        return None
    lib = next((p for p in libraries if os.path.isfile(p)), None)
    if lib is None or "run" not in argv[1:4]:
        return None
    if not any(os.path.basename(a) == "streamlit" for a in argv[:3]):
        return None
    preload = " ".join(x for x in (lib, env.get("LD_PRELOAD", "")) if x)
    return argv, {
        **env,
        "RV_ALLOCATOR": "jemalloc",
        "LD_PRELOAD": preload,
        "PYTHONMALLOC": "malloc",
        "MALLOC_CONF": env.get("MALLOC_CONF", MALLOC_CONF),
    }


def _restart_on_jemalloc() -> None:
    """Replace this process (same pid, same command) with one on jemalloc, before
    the server listens; the dynamic loader and the interpreter read LD_PRELOAD and
    PYTHONMALLOC only at a process's start."""
    try:
        raw = Path("/proc/self/cmdline").read_bytes()
    except OSError:
        return
    argv = [os.fsdecode(a) for a in raw.split(b"\0") if a]
    found = jemalloc_restart(argv, dict(os.environ))
    if found is None:
        return
    args, env = found
    sys.stdout.flush()
    sys.stderr.flush()
    # Streamlit has bound its port by now, on a socket that outlives exec (uvicorn
    # makes it inheritable); the new process binds its own.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.execve(sys.executable, [sys.executable, *args[1:]], env)


_restart_on_jemalloc()

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

# The imports wait this long after the start, then for both lanes to be idle this
# long: at 5 s they ran during the first visitor's page (9.3 s to a complete page
# in bench/run.py, 6.6 s without them).
IMPORTS_AFTER_S = 15.0
QUIET_S = 1.0


def _wait_until_quiet(start: float) -> None:
    from resnet_viz.ui.work import HEAVY, LIGHT

    time.sleep(max(0.0, start + IMPORTS_AFTER_S - time.monotonic()))
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < QUIET_S:
        time.sleep(0.1)
        if any(lane.busy() or lane.waiting for lane in (LIGHT, HEAVY)):
            quiet_since = time.monotonic()


def _warm_up() -> None:
    start = time.monotonic()
    # Imported here, in the thread: importing resnet_viz.ui.cache loads torch.
    from resnet_viz.ui.cache import warm_imports, warm_up

    warm_up()
    _wait_until_quiet(start)
    warm_imports()

    # Everything alive now (torch, plotly, pandas, Streamlit: ~300k objects) lives as
    # long as the server: out of the cyclic collector's sight, each later collection
    # scans only what visitors' reruns made. A trace plus a volume figure measured
    # 10-15% faster in process.
    gc.freeze()


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Start the warm-up and serve at once (a daemon thread: it never delays a
    request or a shutdown)."""
    threading.Thread(target=_warm_up, name="resnet-viz-warm-up", daemon=True).start()
    yield


# Where resnet_viz.ui.plot.plotly_js_file() puts plotly.js (its one home: that module
# imports torch, which serve.py must not wait for; tests/app/test_serve.py checks
# that the two agree).
PLOTLY_SRC = f"app/static/plotly-{importlib.metadata.version('plotly')}.min.js"
_PLOTLY_FILE = Path(__file__).resolve().parent / PLOTLY_SRC.removeprefix("app/")
# Its gzipped copy, which plotly_js_file() writes beside it (ui/static.py).
_PLOTLY_GZ = _PLOTLY_FILE.with_name(_PLOTLY_FILE.name + ".gz")
# A year, and never revalidated: the file's name carries plotly's version.
_IMMUTABLE = b"public, max-age=31536000, immutable"


def _accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether an Accept-Encoding header allows gzip (named, or "*", and not at
    q=0)."""
    for part in accept_encoding.lower().split(b","):
        name, _, params = part.strip().partition(b";")
        if name.strip() in (b"gzip", b"*"):
            q = params.strip().removeprefix(b"q=").strip() if params else b"1"
            try:
                return float(q or b"1") > 0
            except ValueError:
                return False
    return False


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class PlotlyFirst:
    """ASGI middleware: the app's HTML page asks for plotly.js in its <head>.

    Why (issue 13, first page <= 5 s): the app's own preload element
    (resnet_viz.ui.plot.preload_plotly) reaches the browser with the first script
    run, which on a fresh server waits for torch to import; the browser then parsed
    plotly.js (~0.5 s of its main thread) only when the charts had already arrived.
    Asked for by the page itself, the bundle loads and runs while the server is
    still warming up: server start to first complete page (bench/run.py's
    measure) went from a median of 5.19 s to 4.86 s, in eight pairs of runs taken
    in turns. The tag is marked data-rv-plotly, so the charts' loader waits for it
    instead of running the bundle a second time; one that fails removes itself and
    the loader asks again.

    Only page navigations are touched (their request accepts text/html), and they
    are asked for uncompressed so the body can be edited: the page is ~2 kB. No tag
    is added before the bundle has been copied to the static folder (a fresh
    checkout's first script run does that).

    It also sends the bundle itself, to a browser that accepts gzip, from the copy
    plotly_js_file() compressed once: Streamlit's static route gzips the 4.8 MB
    anew for every visitor, ~0.1 s of the event loop that every session's messages
    wait behind (0.16 s of it busy during a cold server's first page), and answers
    a revalidation in full. Here it is marked immutable, with an ETag for a browser
    that asks again anyway. Anything else about the request (a range, no gzip, no
    compressed copy yet) goes to Streamlit's route.
    """

    TAG = (
        f'<script async data-rv-plotly src="./{PLOTLY_SRC}" '
        'onerror="this.remove()"></script>'
    ).encode()

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._gzipped: tuple[float, bytes, bytes] | None = None  # mtime, body, etag

    def _bundle_gz(self) -> tuple[bytes, bytes] | None:
        """The compressed bundle and its ETag, read once (again if the copy is
        rewritten); None while there is no copy."""
        try:
            mtime = _PLOTLY_GZ.stat().st_mtime
            if self._gzipped is None or self._gzipped[0] != mtime:
                body = _PLOTLY_GZ.read_bytes()
                etag = f'"{hashlib.sha1(body).hexdigest()[:20]}-gz"'.encode()
                self._gzipped = (mtime, body, etag)
        except OSError:
            return None
        return self._gzipped[1], self._gzipped[2]

    async def _send_bundle(self, scope: Scope, send: Send) -> bool:
        """Answer a GET of plotly.js with the compressed copy; False to leave it."""
        headers = dict(scope.get("headers") or ())
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not scope.get("path", "").endswith("/" + PLOTLY_SRC)
            or not _accepts_gzip(headers.get(b"accept-encoding", b""))
            or b"range" in headers
        ):
            return False
        found = self._bundle_gz()
        if found is None:
            return False
        body, etag = found
        fresh = etag in headers.get(b"if-none-match", b"")
        out = [
            (b"content-type", b"application/javascript"),
            (b"vary", b"Accept-Encoding"),
            (b"etag", etag),
            (b"cache-control", _IMMUTABLE),
            (b"x-content-type-options", b"nosniff"),
        ]
        if fresh:
            await send({"type": "http.response.start", "status": 304, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return True
        out += [
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": body})
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if await self._send_bundle(scope, send):
            return
        headers = dict(scope.get("headers") or ())
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or b"text/html" not in headers.get(b"accept", b"")
            or not _PLOTLY_FILE.is_file()
        ):
            await self.app(scope, receive, send)
            return
        scope = {
            **scope,
            "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"],
        }
        held: dict[str, Any] = {}

        async def send_with_tag(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = {k.lower(): v for k, v in message.get("headers", ())}
                html = out.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in out:
                    held["start"], held["body"] = message, b""
                    return
            elif message["type"] == "http.response.body" and "start" in held:
                held["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                body = held["body"].replace(b"</head>", self.TAG + b"</head>", 1)
                start = held.pop("start")
                start_headers = [
                    (k, v)
                    for k, v in start.get("headers", ())
                    if k.lower() != b"content-length"
                ]
                start_headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": start_headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, send_with_tag)


app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(PlotlyFirst)])
