"""Every speed and memory budget of the project, measured side by side in one run.

Run by hand (not in CI; it takes a few minutes): `python bench/run.py`.
Prints each measured figure next to its budget; comparisons with torchinfo (and
torchview or fvcore where installed) are timed in the same process, interleaved.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

import resnet_viz as rv  # noqa: E402
from bench.loadtest import drive, summary  # noqa: E402
from bench.server import Server  # noqa: E402
from resnet_viz.builder import build  # noqa: E402
from resnet_viz.registry import ARCHS  # noqa: E402

ROWS: list[tuple[str, str, str, bool]] = []


def row(what: str, measured: str, budget: str, ok: bool) -> None:
    """Record and print one line of the report."""
    ROWS.append((what, measured, budget, ok))
    print(
        f"{'ok  ' if ok else 'MISS'} {what}: {measured} (budget {budget})", flush=True
    )


def medians(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds per call of each function, interleaved so that load on the
    machine hits all of them alike; one untimed warm-up call each first."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def bench_trace() -> None:
    """Uncached traces against torchinfo (and torchview / fvcore if present)."""
    import torchinfo

    model = build(ARCHS["resnet152"], "cpu").eval()
    fns: dict[str, Callable[[], object]] = {
        "resnet_viz.trace": lambda: rv.trace("resnet152", 224),
        "torchinfo.summary": lambda: torchinfo.summary(
            model, input_size=(1, 3, 224, 224), verbose=0, device="cpu", mode="eval"
        ),
        "plain CPU forward": lambda: model(torch.randn(1, 3, 224, 224)),
    }
    try:
        import torchview

        fns["torchview.draw_graph"] = lambda: torchview.draw_graph(
            model, input_size=(1, 3, 224, 224), device="meta"
        )
    except ImportError:
        print("     (torchview not installed: not compared)")
    try:
        from fvcore.nn import FlopCountAnalysis

        fns["fvcore FlopCountAnalysis"] = lambda: FlopCountAnalysis(
            model, torch.randn(1, 3, 224, 224)
        ).total()
    except ImportError:
        print("     (fvcore not installed: not compared)")
    with torch.no_grad():
        m = medians(fns, repeat=7)
    ours = m["resnet_viz.trace"]
    for name, t in m.items():
        print(f"     {name}: {t * 1e3:.1f} ms")
    ratio = m["torchinfo.summary"] / ours
    row(
        "uncached trace of resnet152 at 224 vs torchinfo.summary",
        f"{ours * 1e3:.0f} ms vs {m['torchinfo.summary'] * 1e3:.0f} ms = {ratio:.1f}x",
        ">= 2x faster",
        ratio >= 2,
    )
    t1202 = medians({"1202": lambda: rv.trace("resnet1202", 32)}, repeat=5)["1202"]
    row(
        "uncached trace of resnet1202 at 32",
        f"{t1202 * 1e3:.0f} ms",
        "<= 1 s",
        t1202 <= 1,
    )


def bench_apptest() -> None:
    """Script run time after one control change, via Streamlit's AppTest (which adds
    its own overhead, so these are upper bounds of the script's time)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["arch"] = "resnet152"
    at.query_params["input"] = "224"
    at.run()
    box = at.sidebar.text_input(key="w_input")
    box.input("225").run()  # both sizes are now cached

    def change(value: str) -> float:
        t0 = time.perf_counter()
        at.sidebar.text_input(key="w_input").input(value).run()
        assert not at.exception, at.exception
        return time.perf_counter() - t0

    cached = statistics.median(change(v) for v in ["224", "225"] * 5)
    row(
        "app script run after a control change, trace cached, resnet152 (AppTest)",
        f"{cached * 1e3:.0f} ms",
        "<= 100 ms",
        cached <= 0.1,
    )
    fresh = statistics.median(change(str(v)) for v in range(190, 200))
    row(
        "same, trace not cached (AppTest)",
        f"{fresh * 1e3:.0f} ms",
        "<= 500 ms",
        fresh <= 0.5,
    )


def bench_browser() -> None:
    """Server start to first page, and control change to every chart drawn."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.helpers import wait_idle, wait_plotly_text, wait_svg_text

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A fresh server and a fresh tab each time; the run varies by ~1 s with what
        # the two cores are doing, so three starts and their median.
        firsts = []
        for _ in range(3):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            with Server() as server:
                page.goto(f"{server.url}/?arch=resnet18&input=224")
                wait_idle(page, 60_000)
                wait_plotly_text(page, "7×7×512", 60_000)
                wait_svg_text(page, "7×7×512", 60_000)
                firsts.append(time.perf_counter() - server.started_at)
            context.close()
        first = statistics.median(firsts)
        row(
            "server start -> first complete page",
            f"{first:.2f} s (median of {', '.join(f'{f:.2f}' for f in firsts)})",
            "<= 5 s",
            first <= 5,
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        server = Server().start()
        try:
            server.wait_healthy()
            for arch, budget in (("resnet18", 0.5), ("resnet152", 1.0)):
                page.goto(f"{server.url}/?arch={arch}&input=224")
                wait_idle(page)
                wait_plotly_text(page, "7×7×2048" if arch == "resnet152" else "7×7×512")
                spans = []
                for size in (64, 96, 128, 160, 192):
                    side = -(-size // 32)
                    last = f"{side}×{side}×{2048 if arch == 'resnet152' else 512}"
                    box = page.get_by_label("Input size", exact=True)
                    box.fill(str(size))
                    t0 = time.perf_counter()
                    box.press("Enter")
                    wait_plotly_text(page, last)
                    wait_svg_text(page, last)
                    wait_idle(page)
                    spans.append(time.perf_counter() - t0)
                med = statistics.median(spans)
                row(
                    f"browser: control change -> every chart drawn, {arch}",
                    f"{med:.2f} s (median of {len(spans)})",
                    f"<= {budget:g} s",
                    med <= budget,
                )
        finally:
            server.stop()
            browser.close()


def bench_memory() -> None:
    """Server memory after 20 sessions browsed every preset, then over 1,000 reruns."""
    with Server() as server:
        base = server.rss_bytes()
        s = summary(asyncio.run(drive(server.url, 20, 0, presets_first=True)))
        after_presets = server.rss_bytes()
        print(f"     20 sessions x {len(ARCHS)} presets: {s}")
        samples = []
        for r in range(5):  # 5 x 20 sessions x 10 reruns = 1,000 reruns
            s = summary(asyncio.run(drive(server.url, 20, 10, seed=100 + r)))
            samples.append(server.rss_bytes())
            print(f"     +200 reruns: {s}, RSS {samples[-1] / 2**20:.0f} MiB")
    row(
        "server memory after 20 sessions browsed every preset",
        f"{after_presets / 2**20:.0f} MiB (idle server {base / 2**20:.0f} MiB)",
        "<= 600 MB",
        after_presets <= 600e6,
    )
    growth = samples[-1] - samples[0]
    row(
        "memory over 1,000 further reruns",
        " -> ".join(f"{v / 2**20:.0f}" for v in samples) + " MiB",
        "flat (<= 600 MB, last 800 reruns grow < 10%)",
        max(samples) <= 600e6 and growth < 0.1 * samples[0],
    )


def main() -> int:
    print(
        f"ResNet Explorer benchmarks · {date.today()} · {platform.processor() or ''} "
        f"{torch.get_num_threads()} torch threads · torch {torch.__version__}"
    )
    parts = {
        "trace": bench_trace,
        "apptest": bench_apptest,
        "browser": bench_browser,
        "memory": bench_memory,
    }
    ap = argparse.ArgumentParser(description="Run every budget of the speed issue.")
    ap.add_argument("--only", nargs="+", choices=list(parts), help="a subset")
    for name in ap.parse_args().only or parts:
        parts[name]()
    print("\n| what | measured | budget | met |\n|---|---|---|---|")
    for what, measured, budget, ok in ROWS:
        print(f"| {what} | {measured} | {budget} | {'yes' if ok else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
