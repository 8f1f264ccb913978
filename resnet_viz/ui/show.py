"""Display helpers shared by the pages: tables with thousands separators, download
buttons whose files are made only when clicked, and the volume scale's switch.

Streamlit-only; the rows themselves come from resnet_viz.tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from resnet_viz.i18n import word

SCALES = ("sqrt", "log", "linear")  # the volume figures' scales; the first is default


def int_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Columns whose values are all whole numbers."""
    if not rows:
        return []
    return [k for k in rows[0] if all(isinstance(r.get(k), int) for r in rows)]


def number_width(rows: Sequence[dict[str, Any]], column: str) -> int:
    """Pixels a whole-number column needs for its widest value with separators (the
    grid sizes columns from a sample of rows and clipped e.g. 118,013,952)."""
    widest = max([len(column)] + [len(f"{r[column]:,}") for r in rows])
    return 8 * widest + 24


def dataframe(rows: Sequence[dict[str, Any]], **kwargs: Any) -> None:
    """st.dataframe with localized thousands separators on whole-number columns,
    each wide enough for its widest number."""
    config = {
        c: st.column_config.NumberColumn(
            format="localized", width=number_width(rows, c)
        )
        for c in int_columns(rows)
    }
    st.dataframe(
        list(rows), hide_index=True, width="stretch", column_config=config, **kwargs
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


def scale_radio(
    where: DeltaGenerator, label: str, help_text: str, key: str, lang: str
) -> str:
    """The volume figures' scale as a horizontal radio in ``where`` (a column).

    Returns:
        "sqrt", "log" or "linear".
    """
    return where.radio(
        label,
        SCALES,
        horizontal=True,
        key=key,
        format_func={s: word("vf.scale_", s, lang) for s in SCALES}.get,
        help=help_text,
    )
