"""`streamlit run serve.py`: the app of app.py, warmed up while the server starts.

Streamlit runs app.py only when the first visitor connects, so that visitor used to
wait for torch to load (~1 s), for PyTorch's meta shape functions to import sympy
(~0.3 s), and for the default view to be traced and drawn. Here st.App's lifespan
hook starts a thread that does all of that (resnet_viz.ui.cache.warm_up) while the
server starts and the first browser downloads the page. Later, once the first
visitors have been served and no work is waiting, it imports what the other pages
import on first use (resnet_viz.ui.cache.warm_imports: torch._dynamo, ~0.6 s, which
some networks' traces need, torch.utils.benchmark, pandas' Styler, ...), so that no
later visitor waits for it and none of it lands among a class's short-lived
objects, where each long-lived object would keep a 1 MiB arena of memory from going
back. The app itself is unchanged: `streamlit run app.py` serves the same pages,
only colder.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st

# The imports wait this long after the start, then for both lanes to be idle this
# long: at 5 s they ran during the first visitor's page (9.3 s to a complete page
# in bench/run.py, 6.6 s without them).
_IMPORTS_AFTER_S = 15.0
_QUIET_S = 1.0


def _wait_until_quiet(start: float) -> None:
    from resnet_viz.ui.work import HEAVY, LIGHT

    time.sleep(max(0.0, start + _IMPORTS_AFTER_S - time.monotonic()))
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < _QUIET_S:
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


app = st.App("app.py", lifespan=lifespan)
