"""Who may work when: the server's lanes for CPU-bound work, its memory pool for
real-device runs, and whether the visitor a script runs for still wants the result.

Imports streamlit only to read the running script's context; the lanes and the pool
are plain threading objects shared by every session of the server process.
"""

from __future__ import annotations

import collections
import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from streamlit.runtime.scriptrunner import get_script_run_ctx

from resnet_viz.budget import Abandoned, abandon_when, server_budget
from resnet_viz.registry import ConfigError

# A request whose network has more blocks than this goes to the heavy lane: resnet152
# has 50 and resnet1202 600, and a meta trace of 1,000 blocks takes about a second.
HEAVY_BLOCKS = 400


class Lane:
    """One CPU-bound job at a time, first come first served, with a count of those
    waiting (for the page's "waiting for N requests" line) and a wait that gives up
    when the visitor does.

    Tracing and figure building are pure Python and share one interpreter lock: with
    dozens of threads trading it every 5 ms the event loop that delivers every page
    starves (the load test saw whole-server stalls). One job per lane finishes each
    sooner, and taking jobs in arrival order keeps the slowest wait short (a plain
    lock lets a newcomer overtake a job that has waited seconds). Two lanes, light
    and heavy, keep one visitor's deep network from making everyone's ordinary page
    wait for it; and as both lanes share the interpreter lock, the heavy lane's work
    pauses at its checkpoints while the light lane has work (``work``).
    """

    def __init__(self, name: str, yields_to: Lane | None = None) -> None:
        self.name = name
        self.yields_to = yields_to
        self._cond = threading.Condition()
        self._queue: collections.deque[object] = collections.deque()
        self._running = False

    @property
    def waiting(self) -> int:
        """Jobs queued for this lane right now (not counting the running one)."""
        return len(self._queue)

    def busy(self) -> bool:
        """True while a job holds the lane."""
        return self._running

    @contextlib.contextmanager
    def hold(self, should_stop: Callable[[], bool] | None = None) -> Iterator[None]:
        """Run the body alone in this lane, after every job that asked before.

        Raises:
            Abandoned: ``should_stop`` turned True while waiting.
        """
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
            try:
                while self._running or self._queue[0] is not ticket:
                    self._cond.wait(0.1)
                    if should_stop is not None and should_stop():
                        raise Abandoned
            except BaseException:
                self._queue.remove(ticket)
                self._cond.notify_all()
                raise
            self._queue.popleft()
            self._running = True
        try:
            yield
        finally:
            with self._cond:
                self._running = False
                self._cond.notify_all()

    def courteous(
        self, should_stop: Callable[[], bool] | None
    ) -> Callable[[], bool] | None:
        """The check this lane's work makes at each ``budget.checkpoint()``: whether
        ``should_stop``; and in a lane that yields to another, first a pause of up
        to ``YIELD_FOR_S`` while that lane has work, at most once per ``YIELD_EVERY_S``
        of running. The load test's hostile links held half the interpreter lock
        for seconds at a time; now a class's ordinary pages keep most of it."""
        other = self.yields_to
        if other is None:
            return should_stop
        ran_since = [time.monotonic()]

        def check() -> bool:
            if should_stop is not None and should_stop():
                return True
            now = time.monotonic()
            if now - ran_since[0] >= YIELD_EVERY_S and (other.busy() or other.waiting):
                until = now + YIELD_FOR_S
                while (other.busy() or other.waiting) and time.monotonic() < until:
                    time.sleep(0.005)
                    if should_stop is not None and should_stop():
                        return True
                ran_since[0] = time.monotonic()
            return False

        return check

    @contextlib.contextmanager
    def work(self, should_stop: Callable[[], bool] | None = None) -> Iterator[None]:
        """``hold`` the lane, with ``courteous(should_stop)`` answering the body's
        checkpoints (``budget.abandon_when``)."""
        with self.hold(should_stop), abandon_when(self.courteous(should_stop)):
            yield


# A heavy job runs at least this long between pauses, and pauses at most this long.
YIELD_EVERY_S = 0.01
YIELD_FOR_S = 0.05

LIGHT = Lane("light")
HEAVY = Lane("heavy", yields_to=LIGHT)


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
