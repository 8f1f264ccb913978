"""Cache misses do their CPU-bound work one at a time per lane (resnet_viz.ui.work),
a figure miss, which needs a trace first, does not wait on itself, and a very deep
network's work goes to the heavy lane so it never holds up an ordinary page."""

from __future__ import annotations

import threading
import time

import pytest

import resnet_viz.ui.cache as cache
import resnet_viz.ui.work as work
from resnet_viz.budget import checkpoint
from resnet_viz.viewconfig import ViewConfig


def gate_is_held() -> bool:
    return work.LIGHT.busy()


def test_traces_and_figures_run_inside_the_light_lane(monkeypatch):
    cache.clear_caches()
    held: list[tuple[str, bool]] = []

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
    cache.clear_caches()
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


def test_a_deep_network_does_not_hold_up_an_ordinary_page(monkeypatch):
    """While a trace of 8,000 blocks holds the heavy lane, resnet18's trace and
    figure are computed at once in the light lane."""
    cache.clear_caches()
    deep = ViewConfig.from_values({"arch": "resnet18", "layers": "1000," * 7 + "1000"})
    assert cache.view_lane(deep) is work.HEAVY
    assert cache.view_lane(ViewConfig()) is work.LIGHT
    release = threading.Event()
    entered = threading.Event()
    real_trace = cache.trace

    def trace(*args, **kwargs):
        if kwargs.get("layers"):
            entered.set()
            release.wait(30)  # a slow deep trace, held until the light work is done
        return real_trace(*args, **kwargs)

    monkeypatch.setattr(cache, "trace", trace)
    th = threading.Thread(target=cache._view_trace, args=(deep,))
    th.start()
    try:
        assert entered.wait(30)
        assert work.HEAVY.busy()
        start = time.perf_counter()
        spec = cache._figure_json(("volume", ViewConfig(), (("lang", "en"),)))
        assert time.perf_counter() - start < 20  # did not wait for the 30 s hold
        assert "56×56×64" in spec
        assert work.HEAVY.busy()  # the deep trace is still running
    finally:
        release.set()
        th.join(60)
    assert not th.is_alive()


def test_a_waiter_that_is_told_to_stop_leaves_the_queue():
    lane = work.Lane("test")
    with lane.hold():
        stop = threading.Event()
        outcome: list[str] = []

        def wait() -> None:
            try:
                with lane.hold(should_stop=stop.is_set):
                    outcome.append("ran")
            except work.Abandoned:
                outcome.append("abandoned")

        th = threading.Thread(target=wait)
        th.start()
        deadline = time.monotonic() + 10
        while lane.waiting == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert lane.waiting == 1
        stop.set()
        th.join(10)
    assert outcome == ["abandoned"]
    assert lane.waiting == 0


def _wait_until(condition, timeout_s: float = 10) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert condition()


def test_waiters_are_served_in_the_order_they_came():
    """A plain lock lets a newcomer overtake a job that has waited long: the load
    test's p95 was that tail. The lane serves its queue in order."""
    lane = work.Lane("test")
    order: list[int] = []
    threads = []
    with lane.hold():
        for n in range(6):

            def wait(n: int = n) -> None:
                with lane.hold():
                    order.append(n)

            th = threading.Thread(target=wait)
            th.start()
            threads.append(th)
            _wait_until(lambda n=n: lane.waiting == n + 1)
    for th in threads:
        th.join(10)
    assert order == list(range(6))
    assert lane.waiting == 0
    assert not lane.busy()


def test_a_waiter_that_stops_lets_the_next_one_in():
    lane = work.Lane("test")
    stop = threading.Event()
    outcome: list[str] = []

    def first() -> None:
        try:
            with lane.hold(should_stop=stop.is_set):
                outcome.append("first ran")
        except work.Abandoned:
            outcome.append("first abandoned")

    def second() -> None:
        with lane.hold():
            outcome.append("second ran")

    with lane.hold():
        a = threading.Thread(target=first)
        a.start()
        _wait_until(lambda: lane.waiting == 1)
        b = threading.Thread(target=second)
        b.start()
        _wait_until(lambda: lane.waiting == 2)
        stop.set()
        a.join(10)
    b.join(10)
    assert outcome == ["first abandoned", "second ran"]


def test_heavy_work_pauses_at_its_checkpoints_while_light_work_runs(monkeypatch):
    """Both lanes share the interpreter lock: the heavy lane's checkpoints sleep
    while the light lane has a job, and never while it is idle."""
    sleeps: list[float] = []
    real_sleep = time.sleep
    monkeypatch.setattr(work.time, "sleep", lambda s: (sleeps.append(s), real_sleep(s)))
    monkeypatch.setattr(work, "YIELD_EVERY_S", 0.0)
    light, heavy = work.LIGHT, work.HEAVY
    with heavy.work():
        checkpoint()  # light idle: straight on
        assert sleeps == []
        with light.hold():
            checkpoint()  # light busy: pauses, up to YIELD_FOR_S
        assert sleeps, "the heavy job did not give way"
        n = len(sleeps)
        checkpoint()
        assert len(sleeps) == n  # light idle again
    # Outside the heavy lane (and in the light lane) a checkpoint never pauses.
    with light.work():
        checkpoint()
    assert len(sleeps) == n


def test_a_heavy_pause_still_stops_for_a_visitor_who_left(monkeypatch):
    monkeypatch.setattr(work, "YIELD_EVERY_S", 0.0)
    monkeypatch.setattr(work, "YIELD_FOR_S", 30.0)
    gone = threading.Event()
    with work.LIGHT.hold(), work.HEAVY.work(gone.is_set):
        threading.Timer(0.05, gone.set).start()
        start = time.monotonic()
        with pytest.raises(work.Abandoned):
            checkpoint()
        assert time.monotonic() - start < 20  # did not sit out the 30 s pause
