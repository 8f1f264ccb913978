"""Load test: N concurrent sessions drive `streamlit run app.py` at the websocket level.

Run by hand, not in CI: `python bench/loadtest.py --sessions 50 --reruns 20`, and
with `--hostile 3` three more visitors replay bench/hostile.py's links meanwhile.
Each session connects like a browser tab (Streamlit's protobuf messages on
/_stcore/stream), opens the app's link (all at once, as a class does), then asks for
reruns with changing URLs — presets, custom configs, input sizes, pages — which the
app loads exactly as it loads a shared link. A warm-up visit first (timed and printed
apart) pays the fresh server's imports. Reports errors, median and p95 script time
(request -> script_finished) and server memory.
Traffic goes to 127.0.0.1 only, and the loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.hostile import LINKS
from bench.server import Server
from resnet_viz.registry import ARCHS
from serve import IMPORTS_AFTER_S, QUIET_S

PAGES = ["", "volumes", "graph", "tables", "costs"]


def preset_queries() -> list[str]:
    """One URL per preset at its natural input size."""
    return [
        urlencode({"arch": n, "input": "32" if s.stem == "cifar" else "224"})
        for n, s in ARCHS.items()
    ]


def random_query(rng: random.Random) -> str:
    """A preset, a custom config or an odd input size, like a curious student."""
    arch = rng.choice(list(ARCHS))
    q = {"arch": arch, "input": str(rng.choice([32, 64, 96, 160, 224, 227, 300]))}
    if rng.random() < 0.4:
        q["shortcut"] = rng.choice("ABC")
    if rng.random() < 0.3:
        q["stem"] = rng.choice(["imagenet", "cifar"])
    if rng.random() < 0.2:
        q["layers"] = ",".join(str(rng.randint(1, 4)) for _ in range(rng.randint(1, 4)))
    return urlencode(q)


@dataclass
class Stats:
    """What all sessions saw."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)  # per rerun (hostile visitors)


@dataclass
class Visit:
    """One rerun as a tab saw it."""

    seconds: float  # request -> script_finished
    bytes: int  # every forward message of the rerun, as sent over the websocket
    errors: list[str]  # exception elements the page showed
    warnings: int  # alert elements (errors and warnings): refusals and fallbacks


async def rerun(ws, query: str, page: str, timeout_s: float) -> Visit:
    """Ask for one rerun of ``page?query`` on an open session and wait for its end."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())
    size, errors, alerts = 0, [], 0
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout_s)
        size += len(raw)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            if element.WhichOneof("type") == "exception":
                errors.append(
                    f"{query}: {element.exception.type}: {element.exception.message}"
                )
            elif element.WhichOneof("type") == "alert":
                alerts += 1
        if kind == "script_finished":
            return Visit(time.perf_counter() - t0, size, errors, alerts)


def connect(ws_url: str):
    """A websocket session like a browser tab's."""
    return websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30
    )


async def run_session(
    ws_url: str,
    queries: list[str],
    pages: list[str],
    stats: Stats,
    timeout_s: float,
    think_s: float = 0.0,
    seed: int = 0,
) -> None:
    """One tab: connect, then one rerun per query, each waited for to the end."""
    rng = random.Random(seed)
    try:
        async with connect(ws_url) as ws:
            for query, page in zip(queries, pages, strict=True):
                visit = await rerun(ws, query, page, timeout_s)
                stats.errors += visit.errors
                stats.times.append(visit.seconds)
                if think_s:  # a person reads the page before the next change
                    await asyncio.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
    except Exception as err:  # a dropped connection is an error, not a crash
        stats.errors.append(f"session: {type(err).__name__}: {err}")


async def drive(
    url: str,
    sessions: int,
    reruns: int,
    seed: int = 0,
    presets_first: bool = False,
    timeout_s: float = 120,
    think_s: float = 0.0,
    open_link: str | None = None,
    hostile: int = 0,
    hostile_stats: Stats | None = None,
) -> Stats:
    """Run ``sessions`` tabs at once, each doing ``reruns`` reruns, pausing about
    ``think_s`` seconds between them (0: back to back, the harshest load).

    With ``open_link`` (a query string, "" for the app's default view) every tab
    first opens that same link, as a class does when the teacher shares one; then
    each explores on its own.
    """
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    stats = Stats()
    jobs = []
    for s in range(sessions):
        rng = random.Random(seed * 1000 + s)
        queries = [] if open_link is None else [open_link]
        queries += preset_queries() if presets_first else []
        queries += [random_query(rng) for _ in range(reruns)]
        pages = [PAGES[i % len(PAGES)] for i in range(len(queries))]
        jobs.append(
            run_session(
                ws_url, queries, pages, stats, timeout_s, think_s, seed * 1000 + s
            )
        )
    # Hostile visitors start with the class and leave when it is done (closing their
    # tabs mid-request if need be), and within 10 minutes in any case.
    deadline = time.perf_counter() + 600
    spoilers = [
        asyncio.create_task(
            hostile_session(ws_url, hostile_stats or Stats(), 3, deadline, timeout_s)
        )
        for _ in range(hostile)
    ]
    await asyncio.gather(*jobs)
    for task in spoilers:
        task.cancel()
    await asyncio.gather(*spoilers, return_exceptions=True)
    return stats


async def hostile_session(
    ws_url: str, stats: Stats, rounds: int, deadline: float, timeout_s: float
) -> None:
    """A careless or hostile visitor: replays bench/hostile.py's links, one after
    another, ``rounds`` times at most and until ``deadline`` (time.perf_counter)."""
    try:
        async with connect(ws_url) as ws:
            for _ in range(rounds):
                for page, query in LINKS.values():
                    if time.perf_counter() > deadline:
                        return
                    visit = await rerun(ws, query, page, timeout_s)
                    stats.times.append(visit.seconds)
                    stats.errors += visit.errors
                    stats.bytes.append(visit.bytes)
    except Exception as err:
        stats.errors.append(f"hostile session: {type(err).__name__}: {err}")


class RssSampler:
    """The server's RSS every ``every_s`` seconds in a thread: peak and last."""

    def __init__(self, server: Server, every_s: float = 0.5) -> None:
        self.server = server
        self.every_s = every_s
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss_bytes())
            self._stop.wait(self.every_s)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def summary(stats: Stats) -> dict[str, float]:
    """Median and p95 script time in seconds, and counts."""
    t = sorted(stats.times)
    return {
        "reruns": len(t),
        "errors": len(stats.errors),
        "median_s": statistics.median(t) if t else float("nan"),
        "p95_s": t[int(0.95 * (len(t) - 1))] if t else float("nan"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--reruns", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3, help="repeat to see memory trend")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds a person pauses between changes",
    )
    ap.add_argument(
        "--hostile",
        type=int,
        default=0,
        help="extra visitors replaying bench/hostile.py's links meanwhile",
    )
    ap.add_argument(
        "--settle",
        type=float,
        default=60.0,
        help="seconds to wait after the load before reading RSS again",
    )
    ap.add_argument("--url", help="an already running app (default: start one)")
    args = ap.parse_args()
    server = None if args.url else Server().start()
    url = args.url or server.url
    if server:
        server.wait_healthy()
    print(
        f"{args.sessions} sessions x (open the link + {args.reruns} changes) x "
        f"{args.rounds} rounds, think {args.think:g} s"
    )
    try:
        # Warm-up, timed apart: the first visitor of a fresh server pays for the
        # imports (torch, plotly, pandas) before anyone else is served.
        t0 = time.perf_counter()
        asyncio.run(drive(url, 1, 0, open_link=""))
        print(f"warm-up: first page of a fresh server {time.perf_counter() - t0:.2f} s")
        if server:
            # The idle level is where a server sits once its own warm-up is over:
            # serve.py imports the other pages' modules IMPORTS_AFTER_S after its
            # start (+43 MiB here). Measured earlier, that import landed in the
            # settling minute and was counted as the load's memory. The imports
            # themselves take 1-2 s: 5 s more is room for them.
            ready = server.started_at + IMPORTS_AFTER_S + QUIET_S + 5.0
            time.sleep(max(0.0, ready - time.perf_counter()))
        idle = server.rss_bytes() if server else 0
        if server:
            print(f"idle RSS after the warm-up: {idle / 2**20:.0f} MiB")
        for r in range(args.rounds):
            t0 = time.perf_counter()
            hostile = Stats()
            sampler = RssSampler(server) if server else contextlib.nullcontext()
            with sampler:
                stats = asyncio.run(
                    drive(
                        url,
                        args.sessions,
                        args.reruns,
                        seed=r,
                        think_s=args.think,
                        open_link="",
                        hostile=args.hostile,
                        hostile_stats=hostile,
                    )
                )
            s = summary(stats)
            rss = f"{server.rss_bytes() / 2**20:.0f} MiB" if server else "n/a"
            peak = f", peak {sampler.peak / 2**20:.0f} MiB" if server else ""
            print(
                f"round {r + 1}: {s['reruns']} reruns, {s['errors']} errors, median "
                f"{s['median_s']:.3f} s, p95 {s['p95_s']:.3f} s, wall "
                f"{time.perf_counter() - t0:.1f} s, server RSS {rss}{peak}"
            )
            if args.hostile:
                h = summary(hostile)
                most = max(hostile.bytes, default=0) / 2**20
                print(
                    f"  hostile: {h['reruns']} link visits, {h['errors']} errors, "
                    f"median {h['median_s']:.2f} s, p95 {h['p95_s']:.2f} s, largest "
                    f"rerun {most:.2f} MB"
                )
                for e in hostile.errors[:5]:
                    print("  hostile error:", e[:300])
            for e in stats.errors[:5]:
                print("  error:", e)
        if server and args.settle:
            # The settling curve: RSS every 15 s (caches let go after 45 s idle).
            waited = 0.0
            while waited < args.settle:
                step = min(15.0, args.settle - waited)
                time.sleep(step)
                waited += step
                rss = server.rss_bytes() / 2**20
                print(f"  {waited:.0f} s after: RSS {rss:.0f} MiB")
            after = server.rss_bytes()
            print(
                f"{args.settle:.0f} s after the load: RSS {after / 2**20:.0f} MiB "
                f"({(after - idle) / 2**20:+.0f} MiB from idle)"
            )
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
