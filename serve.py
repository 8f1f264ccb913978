"""`streamlit run serve.py`: the app of app.py, warmed up while the server starts.

Streamlit runs app.py only when the first visitor connects, so that visitor used to
wait for torch to load (~1 s), for PyTorch's first meta-device convolution to import
torch._dynamo (~1 s), and for the default view to be traced and drawn. Here st.App's
lifespan hook starts a thread that does all of that (resnet_viz.ui.cache.warm_up)
while the server starts and the first browser downloads the page. The app itself is
unchanged: `streamlit run app.py` serves the same pages, only colder.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st


def _warm_up() -> None:
    # Imported here, in the thread: importing resnet_viz.ui.cache loads torch.
    from resnet_viz.ui.cache import warm_up

    warm_up()


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Start the warm-up and serve at once (a daemon thread: it never delays a
    request or a shutdown)."""
    threading.Thread(target=_warm_up, name="resnet-viz-warm-up", daemon=True).start()
    yield


app = st.App("app.py", lifespan=lifespan)
