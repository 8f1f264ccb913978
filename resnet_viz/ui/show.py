"""Table display helpers shared by the pages: whole numbers with thousands separators.

Streamlit-only; the rows themselves come from resnet_viz.tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def int_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Columns whose values are all whole numbers."""
    if not rows:
        return []
    return [k for k in rows[0] if all(isinstance(r.get(k), int) for r in rows)]


def dataframe(rows: Sequence[dict[str, Any]], **kwargs: Any) -> None:
    """st.dataframe with localized thousands separators on whole-number columns."""
    config = {
        c: st.column_config.NumberColumn(format="localized") for c in int_columns(rows)
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
