"""Display helpers shared by the pages: tables with thousands separators, download
buttons whose files are made only when clicked, the volume scale's switch, and a
block graph with the server's SVG.

Streamlit-only; the rows themselves come from resnet_viz.tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from resnet_viz.i18n import word
from resnet_viz.ui.cache import COST_PANELS, cached_figure, cached_svg
from resnet_viz.ui.graph_view import show_graph
from resnet_viz.ui.plot import show_figure
from resnet_viz.viewconfig import ViewConfig

SCALES = ("sqrt", "log", "linear")  # the volume figures' scales; the first is default


def int_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Columns whose values are all whole numbers."""
    if not rows:
        return []
    return [k for k in rows[0] if all(isinstance(r.get(k), int) for r in rows)]


# Glide's grid draws 14 px Source Sans. Estimated advance widths (px) of its
# characters, on the wide side: a column a few pixels too wide costs nothing, one
# too narrow cuts "layer1.0.downsample.0" (issue 13). Measured in Chromium with
# canvas measureText: digits 7.1, lower case 6.0-7.4, upper case up to 10.7 (M, W),
# "⌊⌋·−→" 7-14, CJK 14.
_NARROW = set("il.,:;'|!·()[]{} ")
CELL_PADDING = 20  # 8 px either side and a little air
HEADER_PADDING = 36  # the header's sort arrow and menu beside its name
# A column wider than this wraps nowhere but scrolls with the grid; prose does not
# belong in a grid column (the costs page writes its rules as a list).
MAX_COLUMN = 640


def text_width(text: str) -> int:
    """Estimated pixels of ``text`` in the grid's 14 px font, never below the real
    width (tests/browser/test_graphs_tables_viewports.py measures it in the browser).
    """
    width = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80:  # CJK, full-width forms
            width += 14.5
        elif ch in _NARROW:
            width += 4.5
        elif ch.isupper() or ch in "mwMW⌊⌋→−×":
            width += 11.0
        else:
            width += 7.8
    return int(width + 0.999)


def column_width(rows: Sequence[dict[str, Any]], column: str) -> int:
    """Pixels the grid's ``column`` needs: its header (with the sort and menu icons)
    or its widest value as shown (whole numbers with separators), whichever is wider.

    The grid sizes columns from a sample of rows and cut e.g. 118,013,952 and the
    per-layer formula ⌊(224 + 2·3 − 7)/2⌋ + 1 = 112, so every width is given.
    """

    def shown(value: Any) -> str:
        return f"{value:,}" if isinstance(value, int) else str(value)

    widest = max([0] + [text_width(shown(r.get(column, ""))) for r in rows])
    return min(
        max(text_width(column) + HEADER_PADDING, widest + CELL_PADDING), MAX_COLUMN
    )


def number_width(rows: Sequence[dict[str, Any]], column: str) -> int:
    """Pixels a whole-number column needs for its widest value with separators."""
    return column_width(rows, column)


def column_config(
    rows: Sequence[dict[str, Any]], hidden: Sequence[str] = ()
) -> dict[str, Any]:
    """Every column of ``rows`` at its column_width, whole numbers as 1,234, the
    first column pinned (on a phone the grid scrolls sideways under it) and the
    columns named in ``hidden`` hidden until shown from the grid's column menu."""
    if not rows:
        return {}
    numbers = set(int_columns(rows))
    config: dict[str, Any] = {}
    for i, c in enumerate(rows[0]):
        width = column_width(rows, c)
        pinned = True if i == 0 else None
        config[c] = (
            st.column_config.NumberColumn(
                format="localized", width=width, pinned=pinned
            )
            if c in numbers
            else st.column_config.Column(width=width, pinned=pinned)
        )
        if c in hidden:  # the builders take no hidden=; the config dict does
            config[c] = {**config[c], "hidden": True}
    return config


def dataframe(
    rows: Sequence[dict[str, Any]], hidden: Sequence[str] = (), **kwargs: Any
) -> None:
    """st.dataframe with every column wide enough for its widest cell (no clipped
    text), the first column pinned, localized thousands separators on whole-number
    columns, the columns named in ``hidden`` hidden until the reader shows them and,
    unless ``height`` is given, every row shown (the default height stops at ten:
    the zoo's table of eleven blocks hid its last)."""
    kwargs.setdefault("height", "content")
    st.dataframe(
        list(rows),
        hide_index=True,
        width="stretch",
        column_config=column_config(rows, hidden),
        **kwargs,
    )


def static_table(rows: Sequence[dict[str, Any]]) -> None:
    """st.table (plain HTML, readable by screen readers and tests) with 1,234 style
    numbers."""
    st.table(
        [{k: f"{v:,}" if isinstance(v, int) else v for k, v in r.items()} for r in rows]
    )


def download(
    where: Any,
    label: str,
    make: Callable[..., str | bytes],
    *args: Any,
    file_name: str,
    mime: str,
    key: str | None = None,
) -> None:
    """A download button in ``where`` (st, a column, ...) whose file is
    ``make(*args)``, built on the server only when the button is clicked.

    Passing the bytes instead would build every file on every rerun (the tables page
    has 13, the trace's JSON among them) and keep a copy per session in Streamlit's
    media store, also for the 2 minutes a closed tab's session is kept. Bind small
    plain arguments (a view, not its trace or rows): Streamlit keeps the callable as
    long as the session. The arguments are bound now (functools.partial), so a later
    rerun cannot change what an earlier button downloads; a click does not rerun the
    page.
    """
    where.download_button(
        label,
        partial(make, *args),
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
    )


def page_bounds(total: int, page_rows: int, key: str, label: str) -> tuple[int, int]:
    """A page picker for a long table, and the (start, stop) of the rows to show.

    Draws a number input (1 to the number of pages) under ``key`` only when the rows
    fill more than one page; a page number left over from a longer table goes back
    to 1.

    Args:
        total: rows in the whole table.
        page_rows: rows a page holds.
        key: the widget's key.
        label: the widget's label, e.g. "Page (of 136)".

    Returns:
        The slice bounds of the page picked, within 0..total.
    """
    pages = -(-total // page_rows)
    if pages <= 1:
        return 0, total
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = 1
    narrow, _ = st.columns([1, 3])  # a page number needs no full-width field
    page = narrow.number_input(label, min_value=1, max_value=pages, key=key)
    start = (int(page) - 1) * page_rows
    return start, min(start + page_rows, total)


def option_radio(
    where: Any,
    label: str,
    options: Sequence[str],
    key: str,
    prefix: str,
    lang: str,
    **kwargs: Any,
) -> str:
    """A horizontal radio of ``options``, each labelled by the catalogue's
    ``prefix + option`` (i18n.word).

    Args:
        where: ``st``, a column or a container.
        label: the radio's label.
        options: the values, e.g. ("stage", "block").
        key: the widget key.
        prefix: the catalogue section of the option labels, e.g. "cf.by_".
        lang: the language of the option labels.
        **kwargs: more of st.radio's arguments (help).

    Returns:
        The chosen option.
    """
    return where.radio(
        label,
        list(options),
        horizontal=True,
        key=key,
        format_func={o: word(prefix, o, lang) for o in options}.get,
        **kwargs,
    )


def scale_radio(
    where: DeltaGenerator, label: str, help_text: str, key: str, lang: str
) -> str:
    """The volume figures' scale as a horizontal radio in ``where`` (a column).

    Returns:
        "sqrt", "log" or "linear".
    """
    return option_radio(where, label, SCALES, key, "vf.scale_", lang, help=help_text)


def cost_panels(view: ViewConfig, key: str, lang: str) -> None:
    """Params, MACs and activation memory per stage as three charts in three
    columns: side by side on a laptop, stacked on a phone (Streamlit stacks columns
    below 640 px), each with its own title clear of the others (issue 13)."""
    for column, metric in zip(st.columns(len(COST_PANELS)), COST_PANELS, strict=True):
        with column:
            show_figure(
                cached_figure("cost_panel", view, metric=metric, lang=lang),
                key=f"{key}_{metric}",
            )


def graph_panel(dot: str, key: str, *, file_name: str, lang: str) -> None:
    """Draw the graph ``dot`` (graph_view.show_graph) with Graphviz's SVG where the
    server has ``dot`` (rendered once per graph), else laid out in the browser.

    Args:
        dot: the graph as DOT text.
        key: the element's key, the same on every run.
        file_name: the SVG download's file name.
        lang: the language of the buttons.
    """
    show_graph(dot, key, svg=cached_svg(dot), file_name=file_name, lang=lang)
