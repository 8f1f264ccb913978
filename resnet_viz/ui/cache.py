"""Traces cached by plain config values (st.cache_data), one fresh model per miss.

Never cache a model with st.cache_resource and hook it: every session would share it.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from resnet_viz.records import TraceResult
from resnet_viz.trace import trace
from resnet_viz.viewconfig import ViewConfig


@st.cache_data(max_entries=256, show_spinner=False)
def _trace(
    arch: str,
    input_text: str,
    device: str,
    batch: int,
    overrides: tuple[tuple[str, Any], ...],
) -> TraceResult:
    return trace(arch, input_text, device=device, batch=batch, **dict(overrides))


def cached_trace(view: ViewConfig) -> TraceResult:
    """The trace for ``view``, computed once per distinct config for all sessions.

    Raises:
        ConfigError: when the config cannot be traced (errors are not cached).
    """
    with st.spinner(f"Tracing {view.label} on {view.device}…", show_time=True):
        return _trace(view.arch, view.input, view.device, view.batch, view.overrides)


@st.cache_resource
def device_lock() -> threading.Lock:
    """One lock for the whole server: timings taken while another session times
    would measure the contention, not the network."""
    return threading.Lock()
