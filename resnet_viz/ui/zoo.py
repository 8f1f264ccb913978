"""The block zoo page's caches and widgets: block traces, the all-blocks comparison
and ResNeXt's three forms cached by plain values, the settings' widgets, and the
zoo's words from the catalogue.

Imports streamlit, the zoo and the i18n catalogue; the page (views/7_zoo.py) only
lays them out.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from resnet_viz.i18n import stage_label, t
from resnet_viz.records import TraceResult
from resnet_viz.zoo import (
    FormsCheck,
    Param,
    branch_rows,
    compare_blocks,
    resnext_equivalence,
    trace_block,
)


@st.cache_data(max_entries=256, show_spinner=False)
def block_trace(kind: str, input_text: str, settings: tuple) -> TraceResult:
    """A meta trace, cached by plain values (errors are not cached)."""
    return trace_block(kind, input_text, **dict(settings))


@st.cache_data(max_entries=16, show_spinner=False)
def block_comparison(input_text: str, lang: str) -> list[dict]:
    """Every block at its defaults on this input (errors in ``lang``)."""
    return compare_blocks(input_text, lang=lang)


@st.cache_data(max_entries=16, show_spinner=False)
def resnext_forms(input_text: str, groups: int, reduction: int) -> FormsCheck:
    """ResNeXt's three forms on the CPU, weights copied from the grouped form."""
    return resnext_equivalence(input_text, groups, reduction)


def kind_title(name: str, lang: str) -> str:
    """The block's title in ``lang``."""
    return t(f"zoo.k_{name}", lang)


def setting_widget(
    column: DeltaGenerator, kind: str, param: Param, channels: int, lang: str
) -> Any:
    """One hyper-parameter's widget; its key carries the input's channels when its
    default follows them, so a new input starts from the new default. The label and
    help come from the catalogue (the command line keeps the spec's English)."""
    default = param.default(channels)
    key = f"zoo_{kind}_{param.name}_{channels}"
    label = t(f"zoo.p_{param.name}", lang, default=param.name)
    help_ = t(param.help_key, lang)
    if param.type == "int":
        return column.number_input(
            label, param.lo, param.hi, int(default), key=key, help=help_
        )
    if param.type == "choice":
        return column.selectbox(
            label,
            param.choices,
            index=param.choices.index(default),
            key=key,
            help=help_,
            format_func={
                c: t(f"zoo.form_{c}", lang, default=str(c))
                if param.name == "form"
                else str(c)
                for c in param.choices
            }.get,
        )
    if param.type == "ratio":
        text = str(Fraction(default).limit_denominator(1000)) if default else "0"
        return column.text_input(label, text, key=key, help=help_)
    value = column.text_input(
        label,
        "",
        key=key,
        placeholder=t("zoo.same_as_input", lang),
        help=help_,
    )
    return value or None


def _branch_cell(column: str, value: object, lang: str) -> object:
    """The "total" row's name and the block's "input" in ``lang``; branch names are
    module names and stay."""
    if column == "branch" and value == "total":
        return t("zoo.b_total", lang, default=value)
    if column == "reads" and isinstance(value, str):
        return ", ".join(stage_label(v, lang) for v in value.split(", ") if v)
    return value


def branch_table(trace: TraceResult, lang: str) -> list[dict]:
    """branch_rows with its headers and fixed words in ``lang``."""
    return [
        {
            t(f"zoo.b_{k}", lang, default=k): _branch_cell(k, v, lang)
            for k, v in row.items()
        }
        for row in branch_rows(trace)
    ]
