"""Who may work when: the server's lanes for CPU-bound work, its memory pool for
real-device runs, and whether the visitor a script runs for still wants the result.

Imports streamlit only to read the running script's context; the lanes and the pool
are plain threading objects shared by every session of the server process.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from streamlit.runtime.scriptrunner import get_script_run_ctx

from resnet_viz.budget import Abandoned, server_budget
from resnet_viz.registry import ConfigError

# A request whose network has more blocks than this goes to the heavy lane: resnet152
# has 50 and resnet1202 600, and a meta trace of 1,000 blocks takes about a second.
HEAVY_BLOCKS = 400


class Lane:
    """One CPU-bound job at a time, with a count of those waiting (for the page's
    "waiting for N requests" line) and a wait that gives up when the visitor does.

    Tracing and figure building are pure Python and share one interpreter lock: with
    dozens of threads trading it every 5 ms the event loop that delivers every page
    starves (the load test saw whole-server stalls). One job per lane finishes each
    sooner. Two lanes, light and heavy, keep one visitor's deep network from making
    everyone's ordinary page wait for it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._count = threading.Lock()
        self._waiting = 0

    @property
    def waiting(self) -> int:
        """Jobs queued for this lane right now (not counting the running one)."""
        return self._waiting

    def busy(self) -> bool:
        """True while a job holds the lane."""
        return self._lock.locked()

    @contextlib.contextmanager
    def hold(self, should_stop: Callable[[], bool] | None = None) -> Iterator[None]:
        """Run the body alone in this lane.

        Raises:
            Abandoned: ``should_stop`` turned True while waiting.
        """
        with self._count:
            self._waiting += 1
        try:
            while not self._lock.acquire(timeout=0.1):
                if should_stop is not None and should_stop():
                    raise Abandoned
        finally:
            with self._count:
                self._waiting -= 1
        try:
            yield
        finally:
            self._lock.release()


LIGHT = Lane("light")
HEAVY = Lane("heavy")


def lane_for(blocks: int) -> Lane:
    """The lane for work on a network of ``blocks`` blocks."""
    return HEAVY if blocks > HEAVY_BLOCKS else LIGHT


class MemoryPool:
    """Bytes lent to real-device runs (cpu traces, latency, gradients) across all
    sessions, so that many modest runs at once cannot add up past the host's memory
    when each alone is within its budget."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._held = 0
        self._cond = threading.Condition()

    @property
    def held(self) -> int:
        """Bytes lent out right now."""
        return self._held

    @contextlib.contextmanager
    def lend(
        self,
        need: int,
        *,
        timeout_s: float = 20.0,
        should_stop: Callable[[], bool] | None = None,
    ) -> Iterator[None]:
        """Hold ``need`` bytes for the body, waiting up to ``timeout_s`` for others
        to give theirs back.

        Raises:
            ConfigError: on ``device`` when the bytes do not come free in time.
            Abandoned: ``should_stop`` turned True while waiting.
        """
        need = min(need, self.capacity)  # within budget by the time it gets here
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while self._held + need > self.capacity:
                if should_stop is not None and should_stop():
                    raise Abandoned
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ConfigError(
                        "device",
                        key="err.pool_busy",
                        values={
                            "held": f"{self._held / 2**20:,.0f}",
                            "pool": f"{self.capacity / 2**20:,.0f}",
                        },
                    )
                self._cond.wait(min(left, 0.1))
            self._held += need
        try:
            yield
        finally:
            with self._cond:
                self._held -= need
                self._cond.notify_all()


_POOL: MemoryPool | None = None
_POOL_LOCK = threading.Lock()


def memory_pool() -> MemoryPool:
    """The server's one pool, sized by ``server_budget().pool_bytes``."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = MemoryPool(server_budget().pool_bytes or 384 * 2**20)
        return _POOL


def interrupted() -> bool:
    """True when the script running in this thread has been asked to stop or rerun:
    its tab closed, or its visitor changed a widget and wants a new result.

    Streamlit raises the stop at the script's next call into it; long work that
    makes no such call asks this instead. It reads ScriptRequests' state, which is
    internal: where the attribute is missing, nothing is ever abandoned.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    requests = getattr(ctx, "script_requests", None)
    state = getattr(requests, "_state", None)
    return state is not None and getattr(state, "name", "CONTINUE") != "CONTINUE"


def yield_to_streamlit() -> None:
    """Let Streamlit act on a pending stop or rerun after ``Abandoned``: any element
    call is one of its yield points; st.stop() ends the run if none was pending."""
    import streamlit as st

    st.empty()
    st.stop()
