"""The server's caches (resnet_viz.ui.memo): bounded by bytes and idle time, each key
computed once however many sessions ask at the same moment."""

from __future__ import annotations

import gc
import importlib
import threading
import time

import pytest

from resnet_viz.budget import Abandoned
from resnet_viz.ui import memo as memo_mod
from resnet_viz.ui.memo import IDLE_S, Memo


def test_evicts_least_recently_used_past_its_byte_budget():
    m: Memo[str] = Memo("t1", max_bytes=10, size=len)
    m.get("a", lambda: "aaaa")
    m.get("b", lambda: "bbbb")
    m.get("a", lambda: "never")  # a is now the most recent
    m.get("c", lambda: "cccc")  # 12 bytes > 10: b goes
    assert "a" in m
    assert "c" in m
    assert "b" not in m
    assert m.bytes == 8


def test_an_entry_larger_than_the_budget_is_served_but_not_kept():
    m: Memo[str] = Memo("t2", max_bytes=10, size=len)
    assert m.get("big", lambda: "x" * 11) == "x" * 11
    assert "big" not in m
    assert m.bytes == 0


class _Big:
    """A value that can be weakly referenced, as a TraceResult can."""

    __slots__ = ("__weakref__", "n")

    def __init__(self, n: int) -> None:
        self.n = n


def test_a_value_over_the_budget_is_found_while_something_holds_it():
    m: Memo[_Big] = Memo("t2b", max_bytes=10, size=lambda v: v.n)
    calls = []

    def compute() -> _Big:
        calls.append(1)
        return _Big(11)

    held = m.get("big", compute)
    assert m.bytes == 0  # not kept: over the budget
    assert "big" in m  # but found, and at once
    assert m.get("big", compute) is held
    assert len(calls) == 1
    del held
    gc.collect()
    assert "big" not in m  # let go by its last holder: computed again
    m.get("big", compute)
    assert len(calls) == 2


def test_an_evicted_value_is_found_while_something_holds_it():
    m: Memo[_Big] = Memo("t2c", max_bytes=10, size=lambda v: v.n)
    first = m.get("a", lambda: _Big(6))
    m.get("b", lambda: _Big(6))  # 12 bytes > 10: a goes
    assert "a" not in m._entries
    assert m.get("a", lambda: _Big(99)) is first
    m.clear()
    assert "a" not in m  # clear forgets the weak references too


def test_entries_expire_after_idle_time():
    m: Memo[str] = Memo("t3", max_bytes=100, size=len)
    m.get("old", lambda: "1234")
    m.get("new", lambda: "5678")
    now = time.monotonic()
    m._entries["old"].used = now - IDLE_S - 1
    assert m.sweep(now) == 4
    assert "old" not in m
    assert "new" in m
    assert m.bytes == 4


def test_concurrent_misses_compute_once():
    m: Memo[int] = Memo("t4", max_bytes=100, size=lambda v: 1)
    calls = 0
    gate = threading.Event()

    def compute() -> int:
        nonlocal calls
        calls += 1
        gate.wait(5)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(m.get("k", compute)))
        for _ in range(8)
    ]
    for th in threads:
        th.start()
    time.sleep(0.2)
    gate.set()
    for th in threads:
        th.join(10)
    assert results == [42] * 8
    assert calls == 1


def test_errors_are_not_cached_and_reach_every_waiter():
    m: Memo[int] = Memo("t5", max_bytes=100, size=lambda v: 1)

    def boom() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        m.get("k", boom)
    assert "k" not in m
    assert m.get("k", lambda: 3) == 3


def test_a_waiter_retries_when_the_owner_abandons():
    m: Memo[int] = Memo("t6", max_bytes=100, size=lambda v: 1)
    started = threading.Event()
    release = threading.Event()

    def owner() -> int:
        started.set()
        release.wait(5)
        raise Abandoned

    got: list[object] = []

    def run_owner() -> None:
        try:
            m.get("k", owner)
        except Abandoned:
            got.append("owner left")

    t1 = threading.Thread(target=run_owner)
    t1.start()
    assert started.wait(5)
    t2 = threading.Thread(target=lambda: got.append(m.get("k", lambda: 7)))
    t2.start()
    time.sleep(0.1)
    release.set()
    t1.join(10)
    t2.join(10)
    assert sorted(map(str, got)) == ["7", "owner left"]
    assert m.get("k", lambda: 0) == 7


def test_the_sweeper_runs_in_the_background():
    assert memo_mod._SWEEPER is not None
    assert memo_mod._SWEEPER.is_alive()
    assert memo_mod._SWEEPER.daemon


def test_idle_hooks_run_once_every_memo_has_let_go(monkeypatch):
    """The sweeper's idle hooks (what else a load left alive: kept models, ended
    sessions) run on the pass that empties the last Memo, not while one still
    holds an entry, and a failing hook stops neither the others nor the sweep."""
    a: Memo[str] = Memo("idle_a", max_bytes=100, size=len)
    b: Memo[str] = Memo("idle_b", max_bytes=100, size=len)
    monkeypatch.setattr(memo_mod, "_MEMOS", [a, b])
    monkeypatch.setattr(memo_mod, "_IDLE_HOOKS", [])
    calls: list[str] = []

    def broken():
        raise RuntimeError("a hook that fails")

    memo_mod.when_idle(broken)
    memo_mod.when_idle(lambda: calls.append("idle"))
    a.get("x", lambda: "1234")
    b.get("y", lambda: "56")
    a._entries["x"].used -= IDLE_S + 1
    assert memo_mod.sweep_once() == 4
    assert calls == []  # b still holds "y"
    b._entries["y"].used -= IDLE_S + 1
    assert memo_mod.sweep_once() == 2
    assert calls == ["idle"]
    assert memo_mod.sweep_once() == 0  # nothing freed: nothing to report idle again
    assert calls == ["idle"]


def test_kept_models_and_ended_sessions_are_let_go():
    import inspect

    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    import resnet_viz as rv
    from resnet_viz.ui import cache

    trace_module = importlib.import_module("resnet_viz.trace")  # not rv.trace()
    rv.trace("resnet18")
    assert trace_module._MODELS
    assert trace_module.forget_kept_models() >= 1
    assert not trace_module._MODELS

    # Streamlit keeps ended sessions where forget_ended_sessions looks for them.
    assert "self._session_storage = session_storage" in inspect.getsource(
        WebsocketSessionManager.__init__
    )

    class Session:
        id = "s1"

    class Info:
        session = Session()

    storage = MemorySessionStorage(ttl_seconds=1)
    storage.save(Info())
    assert list(storage._cache._data) == ["s1"]
    time.sleep(1.2)
    assert list(storage._cache._data) == ["s1"]  # expired, still held
    cache.forget_ended_sessions(storage)
    assert list(storage._cache._data) == []
