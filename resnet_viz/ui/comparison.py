"""The comparison page's widgets (scenario picker, column count, per-column controls),
their two-way sync with the URL's cmp/scenario/c<i>.<field> parameters, and styling.

Keys are "cmp<i>_<field>" so the sidebar's "w_" widgets and URL fields stay untouched.
Validation is ViewConfig's (the command line's); the URL encoding is scenarios.py's.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from resnet_viz.compare import MISSING
from resnet_viz.figures.compare import compare_volume_figures
from resnet_viz.i18n import stage_label, t, word
from resnet_viz.records import TraceResult
from resnet_viz.registry import ConfigError, list_archs
from resnet_viz.scenarios import (
    COLUMN_FIELDS,
    DEFAULT_SCENARIO,
    MAX_COLUMNS,
    MIN_COLUMNS,
    SCENARIOS,
    compare_query,
    is_compare_key,
    scenario_for,
    scenario_name,
    views_from_query,
)
from resnet_viz.tables import header
from resnet_viz.ui.cache import cached_trace, view_lane
from resnet_viz.ui.config_form import arch_change_view, spec_form
from resnet_viz.ui.controls import current_lang, error_markdown, md_escape
from resnet_viz.ui.memo import Memo, budget_mb
from resnet_viz.ui.url_sync import Part, UrlSync
from resnet_viz.ui.work import interrupted
from resnet_viz.viewconfig import ViewConfig

N_KEY = "cmp_n"
SCENARIO_KEY = "cmp_scenario"
# The comparison part of the URL, remembered as this session last wrote it.
_URL = UrlSync("_cmp_url", is_compare_key)
_WARNINGS = "_cmp_warnings"  # URL warnings for the whole comparison, shown once
_COLUMN_WARNINGS = "_cmp_column_warnings"  # per column, shown once in that column


def key(column: int, name: str) -> str:
    """The session-state key of one column's widget, e.g. key(2, "arch") -> "cmp2_arch".

    Args:
        column: 0 to MAX_COLUMNS - 1.
        name: a field of scenarios.COLUMN_FIELDS.

    Returns:
        The widget key.
    """
    return f"cmp{column}_{name}"


def _apply(column: int, view: ViewConfig) -> None:
    """Put ``view`` into one column's widgets (only before they are drawn this run)."""
    for name, value in view.widget_values().items():
        if name in COLUMN_FIELDS:
            st.session_state[key(column, name)] = value


def _load(views: Sequence[ViewConfig]) -> None:
    st.session_state[N_KEY] = len(views)
    for i, view in enumerate(views):
        _apply(i, view)


def _load_link(url: Part) -> Part | None:
    """Put a link's comparison into the widgets; its warnings are shown once.

    Returns:
        The corrected comparison part when the link warned, else None.
    """
    ss = st.session_state
    parsed = views_from_query(url, current_lang())
    _load(parsed.views)
    ss[_WARNINGS] = list(parsed.warnings)
    ss[_COLUMN_WARNINGS] = [list(w) for w in parsed.column_warnings]
    return compare_query(parsed.views) if parsed.has_warnings else None


def sync_from_url() -> None:
    """Load the URL into the widgets on a first visit, a shared link or Back/Forward;
    after a page switch (Streamlit dropped this page's widget state while another
    page ran, and cleared the URL) restore the comparison this session last showed.
    """
    ss = st.session_state
    if not _URL.read(_load_link) and N_KEY not in ss:
        _load(views_from_query(_URL.last() or {}).views)
    for i in range(ss[N_KEY]):
        if key(i, "arch") not in ss:  # a column added since, or dropped by Streamlit
            _apply(i, _default_view(i))


def _default_view(column: int) -> ViewConfig:
    """A new column: the default scenario's view at that position, else resnet18."""
    views = SCENARIOS[DEFAULT_SCENARIO].views
    return views[column] if column < len(views) else ViewConfig()


def _on_scenario_change() -> None:
    name = st.session_state.get(SCENARIO_KEY)
    if name in SCENARIOS:
        _load(SCENARIOS[name].views)


def _on_arch_change(column: int) -> None:
    """A preset loads all its settings (config_form.arch_change_view), as in the
    sidebar."""
    _apply(column, arch_change_view(functools.partial(key, column)))


def comparison_header() -> int:
    """Draw the scenario picker and the column count; return the number of columns.

    The picker shows the scenario the columns currently equal, or "custom" once any
    column is edited.
    """
    sync_from_url()
    ss = st.session_state
    views = []
    for i in range(ss[N_KEY]):
        try:
            views.append(ViewConfig.from_values(_values(i)))
        except ConfigError:
            views.append(None)
    match = scenario_for([v for v in views if v is not None]) if all(views) else None
    ss[SCENARIO_KEY] = match.name if match else None
    lang = current_lang()
    c1, c2 = st.columns([3, 1])
    c1.selectbox(
        t("cm.scenario", lang),
        list(SCENARIOS),
        key=SCENARIO_KEY,
        on_change=_on_scenario_change,
        format_func=lambda name: scenario_name(name, lang),
        placeholder=t("cm.scenario_placeholder", lang),
        help=t("cm.scenario_help", lang),
    )
    c2.segmented_control(
        t("cm.columns", lang),
        list(range(MIN_COLUMNS, MAX_COLUMNS + 1)),
        key=N_KEY,
        required=True,
        help=t("cm.columns_help", lang),
    )
    for line in ss.pop(_WARNINGS, []):
        st.warning(
            t("sb.link_ignored", lang, detail=md_escape(line)),
            icon=":material/warning:",
        )
    return int(ss[N_KEY])


def _values(column: int) -> dict[str, Any]:
    return {n: st.session_state.get(key(column, n)) for n in COLUMN_FIELDS}


@dataclass(frozen=True, slots=True)
class Column:
    """One drawn column: its config and trace, or the message that replaced them."""

    index: int
    view: ViewConfig | None
    trace: TraceResult | None
    error: str | None
    numbers: Any  # a container above the settings, for the column's headline numbers


def column_controls(column: int) -> Column:
    """Draw one column's compact controls, its URL warnings, and its error if any.

    Returns:
        The column's valid view and trace (via cached_trace), or the error shown in
        the column (the user's text stays in the widgets either way), and an empty
        container between the input and the settings for the page to fill.
    """
    ss = st.session_state
    lang = current_lang()
    st.selectbox(
        t("sb.network", lang),
        list_archs(),
        key=key(column, "arch"),
        on_change=_on_arch_change,
        args=(column,),
    )
    st.text_input(
        t("sb.input", lang),
        key=key(column, "input"),
        help=t("cm.input_help", lang),
    )
    # The page fills this with the column's numbers: above the expander, so they stay
    # aligned across columns whether or not a column's settings are open.
    numbers = st.container()
    with st.expander(t("cm.settings", lang), expanded=False):
        spec_form(
            functools.partial(key, column),
            lang,
            helps={"shortcut": "cm.shortcut_help", "layers": "cm.layers_help"},
            pair_groups=False,
        )
    warnings = ss.get(_COLUMN_WARNINGS) or []
    if column < len(warnings):
        for line in warnings[column]:
            numbers.warning(
                t("sb.link_ignored", lang, detail=md_escape(line)),
                icon=":material/warning:",
            )
        warnings[column] = []
    try:
        view = ViewConfig.from_values(_values(column))
        trace = cached_trace(view)
    except ConfigError as err:
        numbers.error(error_markdown(err, lang), icon=":material/block:")
        return Column(column, None, None, err.text(lang), numbers)
    return Column(column, view, trace, None, numbers)


def write_url(columns: Sequence[Column]) -> None:
    """Write the comparison into the URL; an invalid column keeps the config it last
    had there, so the link always reproduces a valid comparison."""
    last = views_from_query(_URL.last() or {}).views
    views = []
    for col in columns:
        if col.view is not None:
            views.append(col.view)
        else:
            views.append(last[col.index] if col.index < len(last) else ViewConfig())
    _URL.write(compare_query(views))


# --- display helpers ----------------------------------------------------------------
# Four stage-level 3D figures of the columns, ~0.25 MB as objects (a box and label
# traces per stage, at most 8 stages each): 32 sets fit the 8 MiB budget.
_COMPARE_FIGURES: Memo[tuple[go.Figure, ...]] = Memo(
    "compare_figures", budget_mb("compare_figures", 8), size=lambda f: 256 * 1024
)


def _volume_figures(
    views: tuple[ViewConfig, ...],
    titles: tuple[str, ...],
    scale: str,
    show_shortcuts: bool,
    height: int,
    widen: float,
    lang: str,
    traces: tuple[TraceResult, ...],  # follows from views; not part of the key
) -> tuple[go.Figure, ...]:
    def build() -> tuple[go.Figure, ...]:
        with view_lane(*views).hold(interrupted):
            return tuple(
                compare_volume_figures(
                    traces,
                    titles,
                    scale,
                    show_shortcuts,
                    height=height,
                    widen=widen,
                    lang=lang,
                )
            )

    key = (views, titles, scale, show_shortcuts, height, widen, lang)
    return _COMPARE_FIGURES.get(key, build)


def cached_volume_figures(
    views: Sequence[ViewConfig],
    traces: Sequence[TraceResult],
    titles: Sequence[str],
    scale: str,
    show_shortcuts: bool,
    *,
    height: int,
    widen: float,
    lang: str = "en",
) -> tuple[go.Figure, ...]:
    """compare_volume_figures, built once per server for each set of columns.

    Four 3D figures take ~0.2 s to build (plotly validates every property), which
    would otherwise be paid on every rerun of the page, e.g. for a table toggle.
    show_figure only reads a figure (it serialises it), so sharing is safe as
    long as nobody mutates the returned figures.

    Args:
        views: the columns' configs, which key the cache.
        traces: their traces, in the same order (cached_trace of each view).
        titles: one title per figure.
        scale: "linear", "sqrt" or "log".
        show_shortcuts: draw the shortcut arcs.
        height: pixels per figure.
        widen: see resnet_viz.figures.compare.align_scenes.
        lang: the figures' language (part of the cache key).

    Returns:
        One figure per view.
    """
    return _volume_figures(
        tuple(views),
        tuple(titles),
        scale,
        show_shortcuts,
        height,
        widen,
        lang,
        tuple(traces),
    )


CHANGED_CSS = "background-color: #fff1b8"  # a cell that differs from the first column
TINY_CSS = "color: #c0392b; font-weight: 700"  # a map that has shrunk to 1x1
MISSING_CSS = "color: #9a9a9a"
STATUS_CSS = {
    "added": "background-color: #d9f2d9",
    "removed": "background-color: #f9d6d5",
    "changed": "background-color: #fff1b8",
    "same": "",
}


def stage_diff_styler(
    rows: Sequence[dict[str, Any]], labels: Sequence[str], lang: str = "en"
) -> Styler:
    """The per-stage diff as a pandas Styler: changed cells shaded, 1×1 maps in bold
    red, missing stages grey (st.dataframe draws these styles).

    Args:
        rows: resnet_viz.compare.stage_diff_rows output.
        labels: the column labels used to build the rows.
        lang: the language of the two first headers and the quantity names.

    Returns:
        A Styler over columns stage, quantity and one per label.
    """
    stage, quantity = t("word.stage", lang), t("cm.col_quantity", lang)
    columns = [stage, quantity, *labels]
    df = pd.DataFrame(
        [
            {
                stage: stage_label(r["stage"], lang),
                quantity: header(r["quantity"], lang),
                **{c: r[c] for c in labels},
            }
            for r in rows
        ],
        columns=columns,
    )
    css = pd.DataFrame("", index=df.index, columns=columns)
    for i, r in enumerate(rows):
        for label in labels:
            parts = []
            if label in r["changed"]:
                parts.append(CHANGED_CSS)
            if label in r["is_1x1"]:
                parts.append(TINY_CSS)
            if r[label] == MISSING:
                parts.append(MISSING_CSS)
            css.loc[i, label] = "; ".join(parts)
    return df.style.apply(lambda _: css, axis=None)


def layer_diff_styler(
    rows: Sequence[dict[str, Any]], names: Sequence[str], lang: str = "en"
) -> Styler:
    """The layer-by-layer diff as a Styler, each row shaded by its status.

    Args:
        rows: resnet_viz.compare.layer_diff output (possibly filtered).
        names: short titles of the two columns compared, for the headers.
        lang: the language of the headers, statuses and changed-field names.

    Returns:
        A Styler over path, status, changes, the two shapes and the two params.
    """
    a, b = names
    columns = [
        t("word.path", lang),
        t("cm.col_status", lang),
        t("cm.col_what", lang),
        t("cm.col_output", lang, name=a),
        t("cm.col_output", lang, name=b),
        t("cm.col_params", lang, name=a),
        t("cm.col_params", lang, name=b),
    ]
    sep = t("sep.list", lang)
    df = pd.DataFrame(
        [
            dict(
                zip(
                    columns,
                    (
                        r["path"],
                        word("cm.st_", r["status"], lang),
                        sep.join(
                            word("cm.ch_", c, lang)
                            for c in r["changes"].split(", ")
                            if c
                        ),
                        r["a_shape"],
                        r["b_shape"],
                        MISSING if r["a_params"] is None else f"{r['a_params']:,}",
                        MISSING if r["b_params"] is None else f"{r['b_params']:,}",
                    ),
                    strict=True,
                )
            )
            for r in rows
        ],
        columns=columns,
    )
    css = [STATUS_CSS.get(r["status"], "") for r in rows]
    return df.style.apply(lambda _: _row_css(df, css), axis=None)


def _row_css(df: pd.DataFrame, css: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {c: list(css) for c in df.columns}, index=df.index, columns=df.columns
    )


def change_arrow(value: int, base: int) -> str:
    """ "up", "down" or "off" (equal): the direction of ``value`` against ``base``,
    as st.metric's delta_arrow takes it."""
    if value == base:
        return "off"
    return "up" if value > base else "down"
