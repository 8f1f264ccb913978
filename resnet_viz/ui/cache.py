"""Traces cached by plain config values, one fresh model per miss.

Traces are kept as shared objects: a TraceResult is frozen all the way down (tuples of
frozen records), so sessions share one without copies, where st.cache_data would
unpickle a copy on every read (~9% of a warm rerun's time). The caches are Memos
(resnet_viz.ui.memo), bounded by bytes and idle time; the work of a miss runs in a
lane (resnet_viz.ui.work) and a real-device run borrows its bytes from the server's
pool after the cost model (resnet_viz.budget) has let it through. Never cache a model
and hook it: every session would share it.
"""

from __future__ import annotations

import functools
import importlib
import linecache
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from typing import Any, NoReturn

import plotly.graph_objects as go
import streamlit as st

import resnet_viz
from resnet_viz.budget import (
    Abandoned,
    check_forward,
    forward_bytes,
    server_budget,
    spec_blocks,
)
from resnet_viz.compare import LayerDiffIndex, layer_diff_index
from resnet_viz.figures import (
    block_figure,
    block_graph_dot,
    cost_figure,
    cost_overview_figure,
    cost_panel_figure,
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
from resnet_viz.trace import forget_kept_models, trace
from resnet_viz.ui.controls import current_lang, error_markdown
from resnet_viz.ui.memo import Memo, budget_mb, clear_all, when_idle
from resnet_viz.ui.plot import figure_json, plotly_js_file
from resnet_viz.ui.work import (
    Lane,
    interrupted,
    lane_for,
    memory_pool,
    yield_to_streamlit,
)
from resnet_viz.viewconfig import ViewConfig

# The server's caches, bounded by bytes and idle time (resnet_viz.ui.memo). A trace
# row costs ~750 bytes as objects (measured with tracemalloc: 86 MiB for 120,022
# rows), a per-layer table row ~850.
TRACES: Memo[TraceResult] = Memo(
    "traces", budget_mb("traces", 96), size=lambda r: 800 * len(r.layers) + 8192
)
FIGURES: Memo[str] = Memo("figures", budget_mb("figures", 64), size=len)
SVGS: Memo[bytes | None] = Memo(
    "svgs", budget_mb("svgs", 16), size=lambda b: len(b or b"") + 64
)
ROWS: Memo[list[dict[str, Any]]] = Memo(
    "rows", budget_mb("rows", 48), size=lambda rows: 900 * len(rows) + 1024
)


@functools.lru_cache(maxsize=1024)
def _blocks(view: ViewConfig) -> int:
    """Blocks of ``view``'s network: what picks its lane."""
    try:
        return spec_blocks(view.spec)
    except ConfigError:
        return 0


def view_lane(*views: ViewConfig) -> Lane:
    """The lane work on ``views`` runs in: heavy when any network is very deep."""
    return lane_for(max((_blocks(v) for v in views), default=0))


def clear_caches() -> None:
    """Forget every cached trace, figure, table and SVG (tests; a fresh start)."""
    clear_all()
    _blocks.cache_clear()


def _compute_trace(view: ViewConfig) -> TraceResult:
    kwargs = view.trace_kwargs()
    if view.device == "meta":
        with view_lane(view).work(interrupted):
            return trace(**kwargs)
    # A real-device run: the meta trace (cached) says what it costs; over the
    # server's budget it is refused before anything is allocated, and within it
    # the bytes are borrowed from the server's pool while it runs.
    estimate = _view_trace(replace(view, device="meta", batch=view.batch))
    budget = server_budget()
    check_forward(estimate, view.device, budget)
    with memory_pool().lend(forward_bytes(estimate), should_stop=interrupted):
        return trace(**kwargs, budget=budget)


def _view_trace(view: ViewConfig) -> TraceResult:
    return TRACES.get(view, lambda: _compute_trace(view))


def waiting_note(view: ViewConfig, lang: str) -> str:
    """ " (2 requests ahead)"-style words when ``view``'s lane is busy, else ""."""
    lane = view_lane(view)
    if not lane.busy():
        return ""
    return t("sb.queued", lang, n=lane.waiting + 1)


def _abandon_or_raise(err: Abandoned) -> NoReturn:
    yield_to_streamlit()
    raise err  # unreachable: yield_to_streamlit ends the run


def cached_trace(view: ViewConfig) -> TraceResult:
    """The trace for ``view``, computed once per distinct config for all sessions.

    A config that cannot be traced (errors are never cached) shows its one-line
    message and stops the page.
    """
    lang = current_lang()
    if view in TRACES:
        return _view_trace(view)
    spinner = t("sb.tracing", lang, label=view.label_in(lang), device=view.device)
    try:
        with st.spinner(spinner + waiting_note(view, lang), show_time=True):
            return _view_trace(view)
    except Abandoned as err:
        _abandon_or_raise(err)
    except ConfigError as err:
        # E.g. a cpu trace whose activations would not fit the memory budget: say so
        # where the view would be and stop the page (meta always works).
        st.error(error_markdown(err, lang), icon=":material/block:")
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_resource
def device_lock() -> Lane:
    """One lane for timing on the whole server: timings taken while another session
    times would measure the contention, not the network."""
    return Lane("device")


_FIGURES: dict[str, Callable[..., Any]] = {
    "volume": volume_figure,
    "block": block_figure,
    "cost": cost_figure,
    "cost_overview": cost_overview_figure,
    "cost_panel": cost_panel_figure,
}


def _compute_figure(kind: str, view: ViewConfig, options: tuple) -> str:
    result = _view_trace(view)
    with view_lane(view).hold(interrupted):
        return figure_json(_FIGURES[kind](result, **dict(options)))


def cached_figure(kind: str, view: ViewConfig, **options: Any) -> str:
    """A plotly figure for ``view`` as JSON for show_figure(), built and serialised
    once per server and shared by every session (a str: nobody can mutate it).

    Building a plotly figure validates every property and costs tens of
    milliseconds; serialising a 3D figure a few more. A miss shows a spinner.

    Args:
        kind: "volume", "block", "cost", "cost_overview" or "cost_panel".
        view: the network and input.
        **options: keyword arguments of that figure builder, plain values only.
    """
    key = (kind, view, tuple(sorted(options.items())))
    if key in FIGURES:
        return _figure_json(key)
    lang = current_lang()
    try:
        with st.spinner(t("sb.drawing", lang) + waiting_note(view, lang)):
            return _figure_json(key)
    except Abandoned as err:
        _abandon_or_raise(err)


def _figure_json(key: tuple[str, ViewConfig, tuple]) -> str:
    kind, view, options = key
    return FIGURES.get(key, lambda: _compute_figure(kind, view, options))


# The Overview's and Costs page's three cost charts, in this order.
COST_PANELS = ("params", "macs", "activation_bytes")


def cached_svg(dot: str) -> bytes | None:
    """Graphviz's SVG for a DOT text, rendered once per distinct graph (a `dot`
    process per rerun would cost tens of milliseconds under load); a miss shows a
    spinner."""
    if dot in SVGS:
        return SVGS.get(dot, lambda: dot_to_svg(dot))
    with st.spinner(t("sb.drawing", current_lang())):
        return SVGS.get(dot, lambda: dot_to_svg(dot))


def cached_layer_rows(view: ViewConfig, lang: str = "en") -> list[dict[str, Any]]:
    """The per-layer table of ``view`` (thousands of formatted rows for deep nets),
    computed once per config and language (the headers and some cells are words)."""

    def compute() -> list[dict[str, Any]]:
        result = _view_trace(view)
        with view_lane(view).hold(interrupted):
            return layer_rows(result, lang)

    if (view, lang) in ROWS:
        return ROWS.get((view, lang), compute)
    try:
        with st.spinner(t("sb.drawing", lang) + waiting_note(view, lang)):
            return ROWS.get((view, lang), compute)
    except Abandoned as err:
        _abandon_or_raise(err)


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
    plotly and Graphviz's path (not sympy: the default view's trace needs none of
    PyTorch's Python meta kernels, see resnet_viz.trace.MetaShapes); then put
    plotly.js and its gzipped copy in the static folder.

    serve.py runs this in a thread while the server starts, so the first visitor
    of a fresh server does not wait for any of it. Safe to call outside a script
    run and more than once.
    """
    view = view or ViewConfig()
    # The Overview's options exactly (sorted, as cached_figure keys them).
    volume = (("lang", lang), ("network", view.name_in(lang)))
    _figure_json(("volume", view, tuple(sorted(volume))))
    for metric in COST_PANELS:
        _figure_json(("cost_panel", view, (("lang", lang), ("metric", metric))))
    dot = block_graph_dot(_view_trace(view), lang=lang)
    SVGS.get(dot, lambda: dot_to_svg(dot))
    # Last: on a fresh checkout this copies plotly.js to the static folder and
    # compresses it (~0.2 s, once), which the first page can do without.
    plotly_js_file()


# Modules the pages import on first use, each named by the page work that needs it;
# warm_imports adds every module of the package (the pages' figures and helpers, the
# latency page's torch.utils.benchmark, which imports setuptools, the zoo, ...).
_PAGE_MODULES = (
    "torch._dynamo",  # an op's first Python decomposition (some networks' traces)
    # sympy: the first check in a Python meta kernel (e.g. squeeze-and-excitation's
    # sigmoid); the default view's trace imports none (resnet_viz.trace.MetaShapes)
    "torch.fx.experimental.symbolic_shapes",
    "pandas.io.formats.style",  # Streamlit checks each dataframe for a Styler (jinja2)
    "streamlit.emojis",  # icons of st.error, st.page_link and the navigation
    "streamlit.material_icon_names",
    "pyarrow.pandas_compat",  # the first dataframe sent
    "pyarrow.vendored.version",
)


def warm_imports() -> None:
    """Import now what the pages would import during a class's first visits, and
    build one figure with every plotly property they set (plotly loads a property's
    class on first use).

    Why (issue 12): objects that outlive a load but are made during it, as a lazily
    imported module's are, each pin the 1 MiB arena of Python's allocator they land
    in, among the load's short-lived objects. The hostile load test left 362 arenas
    where 143 sufficed at idle, 152 MB of them empty pools, for +15 MB of live
    objects. serve.py calls this once the first visitors are served and no work
    waits, before gc.freeze(). tests/app/test_warm_up.py checks that visiting every
    page after it imports nothing more.
    """
    package = (
        m.name
        for m in pkgutil.walk_packages(resnet_viz.__path__, "resnet_viz.")
        if not m.name.endswith("__main__")
    )
    for name in (*_PAGE_MODULES, *package):
        importlib.import_module(name)
    go.Figure(
        [
            go.Scatter3d(marker={"line": {"width": 1}}),
            go.Scatter(line={"width": 1}),
        ],
        layout={
            "scene": {
                "xaxis": {"visible": False},
                "yaxis": {"visible": False},
                "zaxis": {"visible": False},
                "aspectratio": {"x": 1},
            },
            "legend": {"font": {"size": 12}},
            "title": {"text": "", "subtitle": {"font": {"size": 12}}},
            "xaxis": {"title": {"text": ""}},
            "yaxis": {"title": {"text": ""}},
        },
    )


def _ended_sessions_storage() -> Any:
    """Streamlit's store of sessions whose tab closed (kept for a reconnect for
    server.disconnectedSessionTTL seconds), or None outside a server. Internal:
    tests/app/test_memo.py checks that Streamlit still keeps it there."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    manager = getattr(Runtime.instance(), "_session_mgr", None)
    return getattr(manager, "_session_storage", None)


def forget_ended_sessions(storage: Any = None) -> None:
    """Let go of the ended sessions past their time to live now (in ``storage``,
    default the running server's). Streamlit drops them only when another session
    ends, so after a class's load the last fifty sat in memory until the next."""
    storage = storage or _ended_sessions_storage()
    entries = getattr(storage, "_cache", None)
    if entries is not None:
        len(entries)  # the TTL cache drops expired entries when asked its size


def _let_go_of_the_load() -> None:
    forget_ended_sessions()
    forget_kept_models()
    _blocks.cache_clear()
    linecache.clearcache()


when_idle(_let_go_of_the_load)


# --- views that scale (issue 12): sizes and diffs computed once per config ----------
FoldSummary = tuple[int, int, tuple[str, ...], dict[str, int]]
# A summary keeps one path per drawn block; a diff ~9 bytes a path; a graph its DOT.
FOLDS: Memo[FoldSummary] = Memo(
    "folds", budget_mb("folds", 8), size=lambda f: 64 * len(f[2]) + 1024
)
DIFFS: Memo[LayerDiffIndex] = Memo(
    "diffs", budget_mb("diffs", 16), size=lambda d: 9 * len(d) + 1024
)
GRAPHS: Memo[tuple[str, GraphPlan]] = Memo(
    "graphs", budget_mb("graphs", 16), size=lambda g: len(g[0]) + 1024
)


def _in_lane(view: ViewConfig, memo: Memo, key: Any, work: Callable[[], Any]) -> Any:
    """``memo``'s value for ``key``, computed by ``work`` in ``view``'s lane and
    given up when the visitor leaves."""

    def compute() -> Any:
        with view_lane(view).work(interrupted):
            return work()

    try:
        if key in memo:
            return memo.get(key, compute)
        lang = current_lang()
        with st.spinner(t("sb.drawing", lang) + waiting_note(view, lang)):
            return memo.get(key, compute)
    except Abandoned as err:
        _abandon_or_raise(err)


def fold_summary(view: ViewConfig) -> FoldSummary:
    """The layer view's size for ``view`` before anything is drawn: (boxes in full,
    boxes folded, the block paths the folded view keeps, block path -> ×N).

    A pass over every row (~0.2 s for 136k rows), so cached: pages ask on every
    rerun.
    """
    result = _view_trace(view)

    def work() -> FoldSummary:
        folded = fold_repeats(result)
        return (
            layer_box_count(result),
            layer_box_count(folded.trace),
            tuple(b.path for b in folded.trace.blocks),
            folded.repeats,
        )

    return _in_lane(view, FOLDS, view, work)


def cached_layer_diff(a: ViewConfig, b: ViewConfig) -> LayerDiffIndex:
    """The layer diff of two views, computed once per pair (linear, but 0.7 s for
    two 8-stage nets of 1,000 blocks: not on every rerun) and kept compactly (~9
    bytes a path); build the rows shown with compare.layer_diff_rows."""
    ta, tb = _view_trace(a), _view_trace(b)
    return _in_lane(a, DIFFS, (a, b), lambda: layer_diff_index(ta, tb))


def cached_block_graph(
    view: ViewConfig, expand: tuple[str, ...], detail: str, lang: str
) -> tuple[str, GraphPlan]:
    """The block graph of ``view`` within GRAPH_NODE_LIMIT nodes (figures.graph's
    plan_graph: as asked, folded, or collapsed) and the plan that says which, built
    once per request (counting and folding 136k rows takes ~1 s)."""
    result = _view_trace(view)

    def work() -> tuple[str, GraphPlan]:
        plan = plan_graph(result, expand, detail)
        dot = block_graph_dot(
            result, expand=plan.expand, detail=detail, fold=plan.fold, lang=lang
        )
        return dot, plan

    return _in_lane(view, GRAPHS, (view, tuple(expand), detail, lang), work)
