"""Server-wide caches bounded by bytes and by idle time, computing each key once.

st.cache_resource bounds a cache by entry count only: 64 traces are 3 MB for
resnet18-sized nets but 5 GB for eight stages of 1,000 bottlenecks (86 MiB each).
A Memo counts the bytes of what it keeps, evicts the least recently used entry past
its byte budget, and lets every entry go after 45 s unused, so nothing it holds
outlives a class's load by more than a minute (rebuilding the default view then
costs ~0.1 s once; what Python's allocator keeps is bench/README.md's). No streamlit
import: the app's caches (resnet_viz.ui.cache) are Memos.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from resnet_viz.budget import MIB, env_int

V = TypeVar("V")

# Entries expire IDLE_S after their last use; the sweeper looks every SWEEP_S.
IDLE_S = 45.0
SWEEP_S = 10.0


@dataclass(slots=True)
class _Entry:
    value: Any
    size: int
    used: float


class _Flight:
    """A computation under way, which other threads asking for the same key wait on."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class Memo(Generic[V]):
    """A cache of ``max_bytes`` at most; ``size(value)`` says what an entry costs.

    ``get(key, compute)`` returns the cached value or runs ``compute`` once for all
    threads that ask at the same time (the others wait for it). Errors are never
    cached: every waiter sees the error, the next call tries again.

    A value that can be weakly referenced is also found after it left the cache (or
    was never kept, being over the budget) for as long as something else holds it:
    the compare page asked twice for an 8,000-block network's 109 MB trace, which the
    96 MB trace cache cannot keep, and traced it twice in one rerun. That costs no
    memory: the value is alive anyway.
    """

    def __init__(self, name: str, max_bytes: int, size: Callable[[V], int]) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self._size = size
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._alive: weakref.WeakValueDictionary[Hashable, Any] = (
            weakref.WeakValueDictionary()
        )
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        _MEMOS.append(self)
        _start_sweeper()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        """Whether ``get(key, ...)`` would answer at once, without computing."""
        with self._lock:
            return key in self._entries or key in self._alive

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for ``key``, computed by ``compute`` on a miss."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                entry.used = time.monotonic()
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.value
            alive = self._alive.get(key)
            if alive is not None:
                self.hits += 1
                return alive
            flight = self._flights.get(key)
            owner = flight is None
            if owner:
                flight = self._flights[key] = _Flight()
                self.misses += 1
        assert flight is not None
        if not owner:
            flight.done.wait()
            if flight.error is not None:
                if _is_abandonment(flight.error):
                    return self.get(key, compute)  # its owner left; try ourselves
                raise flight.error
            return flight.value
        try:
            value = compute()
        except BaseException as err:
            flight.error = err
            raise
        else:
            flight.value = value
            self._put(key, value)
            return value
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()

    def _put(self, key: Hashable, value: V) -> None:
        with self._lock, contextlib.suppress(TypeError):  # str, list: no weakref
            self._alive[key] = value
        size = self._size(value)
        if size > self.max_bytes:
            return  # served, never kept: it alone would empty the cache
        with self._lock:
            self._entries[key] = _Entry(value, size, time.monotonic())
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self.bytes -= old.size

    def sweep(self, now: float | None = None) -> int:
        """Drop entries unused for IDLE_S; returns the bytes freed."""
        now = time.monotonic() if now is None else now
        freed = 0
        with self._lock:
            for key in [k for k, e in self._entries.items() if now - e.used > IDLE_S]:
                freed += self._entries.pop(key).size
            self.bytes -= freed
        return freed

    def clear(self) -> None:
        """Forget every entry (tests, and a fresh start)."""
        with self._lock:
            self._entries.clear()
            self._alive.clear()
            self.bytes = 0


def _is_abandonment(err: BaseException) -> bool:
    from resnet_viz.budget import Abandoned

    return isinstance(err, Abandoned) or type(err).__name__ in (
        "StopException",
        "RerunException",
    )


_MEMOS: list[Memo[Any]] = []
_SWEEPER: threading.Thread | None = None
_SWEEPER_LOCK = threading.Lock()


def clear_all() -> None:
    """Empty every Memo of the process."""
    for memo in _MEMOS:
        memo.clear()


def cached_bytes() -> int:
    """Bytes held by every Memo of the process."""
    return sum(m.bytes for m in _MEMOS)


def _trim() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise, and the
    server's RSS would stay at its peak after a load)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


_IDLE_HOOKS: list[Callable[[], None]] = []


def when_idle(hook: Callable[[], None]) -> None:
    """Call ``hook`` each time the sweeper finds every Memo empty (the server has
    been idle for IDLE_S), before handing memory back: for what else the load left
    alive (kept models, line caches, ended sessions). Each object that outlives a
    load keeps the 1 MiB arena of Python's allocator it was made in from going
    back, among the load's freed short-lived objects."""
    if hook not in _IDLE_HOOKS:
        _IDLE_HOOKS.append(hook)


def sweep_once() -> int:
    """One pass of the sweeper: drop idle entries; once every Memo is empty, run
    the idle hooks; hand freed memory back. Returns the bytes the Memos freed."""
    freed = sum(m.sweep() for m in list(_MEMOS))
    if freed > 0 and not any(len(m) for m in list(_MEMOS)):
        for hook in list(_IDLE_HOOKS):
            with contextlib.suppress(Exception):  # a hook must never stop the sweeper
                hook()
    if freed > 0:
        _trim()
    return freed


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_S)
        sweep_once()


def _start_sweeper() -> None:
    global _SWEEPER
    with _SWEEPER_LOCK:
        if _SWEEPER is None:
            _SWEEPER = threading.Thread(
                target=_sweep_forever, name="memo-sweeper", daemon=True
            )
            _SWEEPER.start()


def budget_mb(name: str, default_mb: int) -> int:
    """A cache's byte budget: ``RESNET_VIZ_CACHE_<NAME>_MB`` or ``default_mb``."""
    return env_int(f"RESNET_VIZ_CACHE_{name.upper()}_MB", default_mb * MIB, scale=MIB)
