"""Cache misses do their CPU-bound work one at a time (resnet_viz.ui.cache.heavy_work),
and a figure miss, which needs a trace first, does not wait on itself."""

from __future__ import annotations

import threading
import time

import streamlit as st

import resnet_viz.ui.cache as cache
from resnet_viz.viewconfig import ViewConfig


def test_traces_and_figures_run_inside_the_gate(monkeypatch):
    st.cache_resource.clear()
    held: list[tuple[str, bool]] = []

    def gate_is_held() -> bool:
        if cache.heavy_work().acquire(blocking=False):
            cache.heavy_work().release()
            return False
        return True

    real_trace = cache.trace
    real_volume = cache._FIGURES["volume"]

    def trace(*args, **kwargs):
        held.append(("trace", gate_is_held()))
        return real_trace(*args, **kwargs)

    def volume(*args, **kwargs):
        held.append(("volume", gate_is_held()))
        return real_volume(*args, **kwargs)

    monkeypatch.setattr(cache, "trace", trace)
    monkeypatch.setitem(cache._FIGURES, "volume", volume)
    spec = cache.cached_figure("volume", ViewConfig(arch="resnet20", input="32"))
    assert "8×8×64" in spec
    assert held == [("trace", True), ("volume", True)]
    assert not gate_is_held()  # released afterwards


def test_misses_from_many_threads_do_not_overlap(monkeypatch):
    st.cache_resource.clear()
    inside = 0
    most = 0
    lock = threading.Lock()
    real_trace = cache.trace

    def trace(*args, **kwargs):
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.02)  # a slow miss: others arrive meanwhile
        try:
            return real_trace(*args, **kwargs)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(cache, "trace", trace)
    sizes = [str(s) for s in range(33, 41)]  # eight distinct configs: eight misses
    threads = [
        threading.Thread(
            target=cache.cached_figure,
            args=("cost_overview", ViewConfig(arch="resnet18", input=s)),
        )
        for s in sizes
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not any(th.is_alive() for th in threads)
    assert most == 1
