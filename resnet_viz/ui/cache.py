"""Traces cached by plain config values, one fresh model per miss.

Traces are kept as shared objects (st.cache_resource): a TraceResult is frozen all the
way down (tuples of frozen records), so sessions can share one without copies, where
st.cache_data would unpickle a copy on every read (~9% of a warm rerun's time).
Never cache a model and hook it: every session would share it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import streamlit as st

from resnet_viz.compare import LayerDiffIndex, layer_diff_index
from resnet_viz.figures import (
    block_figure,
    block_graph_dot,
    cost_figure,
    cost_overview_figure,
    volume_figure,
)
from resnet_viz.figures.folding import fold_repeats
from resnet_viz.figures.graph import GraphPlan, plan_graph
from resnet_viz.figures.render import dot_to_svg
from resnet_viz.figures.volumes import layer_box_count
from resnet_viz.formats import to_json
from resnet_viz.i18n import t
from resnet_viz.records import TraceResult
from resnet_viz.registry import ConfigError
from resnet_viz.tables import block_rows, layer_rows
from resnet_viz.trace import trace
from resnet_viz.ui.controls import current_lang, error_markdown
from resnet_viz.ui.plot import figure_json
from resnet_viz.viewconfig import ViewConfig

# Tracing and figure building are pure Python, so they share one interpreter lock.
# With a class of sessions missing the cache at once, dozens of threads would take
# turns on it every 5 ms, starving the event loop that delivers every page (the load
# test saw whole-server stalls of ~5 s). One heavy job at a time finishes each sooner
# and leaves the loop its share; waiting threads sleep without the lock.
_HEAVY = threading.BoundedSemaphore(1)


def heavy_work() -> threading.BoundedSemaphore:
    """The server-wide gate for CPU-bound cache misses (use as ``with heavy_work():``;
    never nest it)."""
    return _HEAVY


# 64 traces: as objects they take ~5x their pickled size (resnet1202: 1.7 MB), and a
# class explores far fewer configs at once than that.
@st.cache_resource(max_entries=64, show_spinner=False)
def _trace(
    arch: str,
    input_text: str,
    device: str,
    batch: int,
    overrides: tuple[tuple[str, Any], ...],
) -> TraceResult:
    with heavy_work():
        return trace(arch, input_text, device=device, batch=batch, **dict(overrides))


def _view_trace(view: ViewConfig) -> TraceResult:
    return _trace(view.arch, view.input, view.device, view.batch, view.overrides)


def cached_trace(view: ViewConfig) -> TraceResult:
    """The trace for ``view``, computed once per distinct config for all sessions.

    A config that cannot be traced (errors are never cached) shows its one-line
    message and stops the page.
    """
    lang = current_lang()
    spinner = t("sb.tracing", lang, label=view.label_in(lang), device=view.device)
    try:
        with st.spinner(spinner, show_time=True):
            return _view_trace(view)
    except ConfigError as err:
        # E.g. a cpu trace whose activations would not fit the memory budget: say so
        # where the view would be and stop the page (meta always works).
        st.error(error_markdown(err, lang), icon=":material/block:")
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_resource
def device_lock() -> threading.Lock:
    """One lock for the whole server: timings taken while another session times
    would measure the contention, not the network."""
    return threading.Lock()


_FIGURES: dict[str, Callable[..., Any]] = {
    "volume": volume_figure,
    "block": block_figure,
    "cost": cost_figure,
    "cost_overview": cost_overview_figure,
}


@st.cache_resource(max_entries=128, show_spinner=False)
def _figure(
    kind: str,
    arch: str,
    input_text: str,
    device: str,
    batch: int,
    overrides: tuple[tuple[str, Any], ...],
    options: tuple[tuple[str, Any], ...],
) -> str:
    result = _trace(arch, input_text, device, batch, overrides)
    with heavy_work():
        return figure_json(_FIGURES[kind](result, **dict(options)))


def cached_figure(kind: str, view: ViewConfig, **options: Any) -> str:
    """A plotly figure for ``view`` as JSON for show_figure(), built and serialised
    once per server and shared by every session (a str: nobody can mutate it).

    Building a plotly figure validates every property and costs tens of
    milliseconds; serialising a 3D figure a few more.

    Args:
        kind: "volume", "block", "cost" or "cost_overview".
        view: the network and input.
        **options: keyword arguments of that figure builder, plain values only.
    """
    key = tuple(sorted(options.items()))
    return _figure(
        kind, view.arch, view.input, view.device, view.batch, view.overrides, key
    )


@st.cache_data(max_entries=128, show_spinner=False)
def cached_svg(dot: str) -> bytes | None:
    """Graphviz's SVG for a DOT text, rendered once per distinct graph (a `dot`
    process per rerun would cost tens of milliseconds under load)."""
    return dot_to_svg(dot)


@st.cache_data(max_entries=64, show_spinner=False)
def _layer_rows(
    arch: str, input_text: str, device: str, batch: int, overrides: tuple, lang: str
) -> list[dict[str, Any]]:
    result = _trace(arch, input_text, device, batch, overrides)
    with heavy_work():
        return layer_rows(result, lang)


def cached_layer_rows(view: ViewConfig, lang: str = "en") -> list[dict[str, Any]]:
    """The per-layer table of ``view`` (thousands of formatted rows for deep nets),
    computed once per config and language (the headers and some cells are words)."""
    return _layer_rows(
        view.arch, view.input, view.device, view.batch, view.overrides, lang
    )


def trace_json(view: ViewConfig) -> str:
    """The trace of ``view`` as the CLI's JSON, for a download made on click.

    Download buttons bind this to the view (a few plain values), not to the trace:
    Streamlit keeps a session's last buttons until two minutes after its tab
    closes, and a bound trace would stay alive with them after the cache let go.
    """
    return to_json(_view_trace(view))


def layer_rows_as(
    fmt: Callable[..., str], view: ViewConfig, lang: str, *extra: Any
) -> str:
    """The per-layer table of ``view`` written by ``fmt`` (rows_to_csv, ...), for a
    download made on click; bound to the view for the reason trace_json gives
    (resnet1202's rows are thousands of dicts)."""
    return fmt(cached_layer_rows(view, lang), *extra)


def block_rows_as(
    fmt: Callable[..., str], view: ViewConfig, lang: str, *extra: Any
) -> str:
    """The per-block table of ``view`` written by ``fmt``, for a download made on
    click (every block, while the page shows one page of them)."""
    return fmt(block_rows(_view_trace(view), lang), *extra)


def graph_file(
    view: ViewConfig, expand: tuple[str, ...], detail: str, lang: str, svg: bool
) -> str | bytes:
    """The block graph of ``view`` as DOT text, or as Graphviz's SVG when ``svg``,
    for a download made on click (bound to the view, as trace_json explains); the
    graph the page draws (cached_block_graph), folded where it is."""
    dot, _ = cached_block_graph(view, expand, detail, lang)
    return (cached_svg(dot) or b"") if svg else dot


def warm_up(view: ViewConfig | None = None, lang: str = "en") -> None:
    """Fill the caches the Overview page of ``view`` (default: the app's default
    view) reads, exactly as that page asks for them, and with them import torch,
    PyTorch's meta shape functions (sympy), plotly and Graphviz's path.

    serve.py runs this in a thread while the server starts, so the first visitor
    of a fresh server does not wait for any of it. Safe to call outside a script
    run and more than once.
    """
    view = view or ViewConfig()
    for kind in ("volume", "cost_overview"):
        cached_figure(kind, view, lang=lang)
    result = _view_trace(view)
    cached_svg(block_graph_dot(result, lang=lang))


# --- views that scale (issue 12): sizes and diffs computed once per config ----------
@st.cache_data(max_entries=64, show_spinner=False)
def _fold_summary(
    arch: str, input_text: str, device: str, batch: int, overrides: tuple
) -> tuple[int, int, tuple[str, ...], dict[str, int]]:
    result = _trace(arch, input_text, device, batch, overrides)
    with heavy_work():
        folded = fold_repeats(result)
        return (
            layer_box_count(result),
            layer_box_count(folded.trace),
            tuple(b.path for b in folded.trace.blocks),
            folded.repeats,
        )


def fold_summary(view: ViewConfig) -> tuple[int, int, tuple[str, ...], dict[str, int]]:
    """The layer view's size for ``view`` before anything is drawn: (boxes in full,
    boxes folded, the block paths the folded view keeps, block path -> ×N).

    A pass over every row (~0.2 s for 136k rows), so cached: pages ask on every
    rerun.
    """
    return _fold_summary(view.arch, view.input, view.device, view.batch, view.overrides)


@st.cache_data(max_entries=32, show_spinner=False)
def _layer_diff(a_key: tuple, b_key: tuple) -> LayerDiffIndex:
    a, b = _trace(*a_key), _trace(*b_key)
    with heavy_work():
        return layer_diff_index(a, b)


def cached_layer_diff(a: ViewConfig, b: ViewConfig) -> LayerDiffIndex:
    """The layer diff of two views, computed once per pair (linear, but 0.7 s for
    two 8-stage nets of 1,000 blocks: not on every rerun) and kept compactly (~9
    bytes a path); build the rows shown with compare.layer_diff_rows."""

    def key(v: ViewConfig) -> tuple:
        return (v.arch, v.input, v.device, v.batch, v.overrides)

    return _layer_diff(key(a), key(b))


@st.cache_data(max_entries=64, show_spinner=False)
def _block_graph(
    key: tuple, expand: tuple[str, ...], detail: str, lang: str
) -> tuple[str, GraphPlan]:
    result = _trace(*key)
    with heavy_work():
        plan = plan_graph(result, expand, detail)
        dot = block_graph_dot(
            result, expand=plan.expand, detail=detail, fold=plan.fold, lang=lang
        )
        return dot, plan


def cached_block_graph(
    view: ViewConfig, expand: tuple[str, ...], detail: str, lang: str
) -> tuple[str, GraphPlan]:
    """The block graph of ``view`` within GRAPH_NODE_LIMIT nodes (figures.graph's
    plan_graph: as asked, folded, or collapsed) and the plan that says which, built
    once per request (counting and folding 136k rows takes ~1 s)."""
    key = (view.arch, view.input, view.device, view.batch, view.overrides)
    return _block_graph(key, tuple(expand), detail, lang)
