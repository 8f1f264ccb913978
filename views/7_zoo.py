"""Block zoo: every convolution block of the source material, traced alone and drawn."""

from fractions import Fraction
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from resnet_viz.figures.zoo import zoo_graph_dot, zoo_volume_figure
from resnet_viz.formats import human
from resnet_viz.i18n import stage_label, t
from resnet_viz.records import TraceResult
from resnet_viz.registry import ConfigError, parse_input
from resnet_viz.ui.controls import current_lang, error_markdown, md_escape
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import dataframe
from resnet_viz.zoo import (
    KINDS,
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
def comparison(input_text: str, lang: str) -> list[dict]:
    """Every block at its defaults on this input (errors in ``lang``)."""
    return compare_blocks(input_text, lang=lang)


@st.cache_data(max_entries=16, show_spinner=False)
def forms(input_text: str, groups: int, reduction: int) -> FormsCheck:
    """ResNeXt's three forms on the CPU, weights copied from the grouped form."""
    return resnext_equivalence(input_text, groups, reduction)


def kind_title(name: str, lang: str) -> str:
    """The block's title in ``lang``; a kind the catalogue lacks keeps its own."""
    key = f"zoo.k_{name}"
    text = t(key, lang)
    return KINDS[name].title if text == key else text


def _text(key: str, lang: str, fallback: str) -> str:
    text = t(key, lang)
    return fallback if text == key else text


def setting_widget(
    column: DeltaGenerator, kind: str, param: Param, channels: int, lang: str
) -> Any:
    """One hyper-parameter's widget; its key carries the input's channels when its
    default follows them, so a new input starts from the new default. The label and
    help come from the catalogue (the command line keeps the spec's English)."""
    default = param.default(channels)
    key = f"zoo_{kind}_{param.name}_{channels}"
    label = _text(f"zoo.p_{param.name}", lang, param.name)
    help_ = _text(f"zoo.h_{kind}.{param.name}", lang, param.help)
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
                c: _text(f"zoo.form_{c}", lang, str(c))
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
        return _text("zoo.b_total", lang, value)
    if column == "reads" and isinstance(value, str):
        return ", ".join(stage_label(v, lang) for v in value.split(", ") if v)
    return value


def branch_table(trace: TraceResult, lang: str) -> list[dict]:
    """branch_rows with its headers and fixed words in ``lang``."""
    return [
        {_text(f"zoo.b_{k}", lang, k): _branch_cell(k, v, lang) for k, v in row.items()}
        for row in branch_rows(trace)
    ]


lang = current_lang()
st.title(t("zoo.title", lang))
st.caption(t("zoo.caption", lang))
names = list(KINDS)
st.session_state.setdefault("zoo_kind", "inception")
c1, c2 = st.columns([2, 1])
kind_name = c1.selectbox(
    t("zoo.block", lang),
    names,
    key="zoo_kind",
    format_func={n: kind_title(n, lang) for n in names}.get,
)
st.session_state.setdefault("zoo_input", "256x56x56")
input_text = c2.text_input(t("zoo.input", lang), key="zoo_input")
kind = KINDS[kind_name]
try:
    channels = parse_input(input_text)[0]
except ConfigError as err:
    st.error(error_markdown(err, lang), icon=":material/block:")
    st.stop()

cols = st.columns(max(len(kind.params), 1))
settings = {
    p.name: setting_widget(cols[i], kind_name, p, channels, lang)
    for i, p in enumerate(kind.params)
}
st.caption(t("zoo.follows", lang, source=kind.source))
try:
    trace = block_trace(kind_name, input_text, tuple(settings.items()))
except ConfigError as err:
    st.error(error_markdown(err, lang), icon=":material/block:")
    st.stop()

m = st.columns(4)
m[0].metric(t("zoo.output", lang), "×".join(map(str, trace.output_shape[1:])))
m[1].metric(
    t("zoo.params", lang), human(trace.total_params), help=f"{trace.total_params:,}"
)
m[2].metric(t("zoo.macs", lang), human(trace.total_macs), help=f"{trace.total_macs:,}")
m[3].metric(
    t("zoo.act", lang),
    human(trace.total_activation_bytes, "B"),
    help=t("zoo.act_help", lang),
)

graph_tab, volume_tab, table_tab = st.tabs(
    [t(f"zoo.tab_{k}", lang) for k in ("graph", "volumes", "branches")]
)
with graph_tab:
    st.graphviz_chart(zoo_graph_dot(trace, lang=lang), width="stretch")
with volume_tab:
    show_figure(zoo_volume_figure(trace, lang=lang), key="zoo_volumes")
with table_tab:
    dataframe(branch_table(trace, lang))

st.subheader(t("zoo.forms", lang))
st.caption(t("zoo.forms_caption", lang))
r1, r2 = st.columns(2)
is_resnext = kind_name == "resnext"
groups = r1.number_input(
    t("zoo.groups", lang),
    1,
    1024,
    int(settings["groups"]) if is_resnext else 32,
    key=f"zoo_forms_groups_{is_resnext}",
)
reduction = r2.number_input(
    t("zoo.reduction", lang),
    1,
    1024,
    int(settings["reduction"]) if is_resnext else 2,
    key=f"zoo_forms_reduction_{is_resnext}",
)
try:
    with st.spinner(t("zoo.running", lang)):
        check = forms(input_text, int(groups), int(reduction))
except ConfigError as err:
    st.error(error_markdown(err, lang), icon=":material/block:")
else:
    params, macs = dict(check.params), dict(check.macs)
    mem, diff = dict(check.activation_bytes), dict(check.max_abs_diff)
    dataframe(
        [
            {
                t("zoo.col_form", lang): _text(f"zoo.form_{f}", lang, f),
                t("zoo.col_params", lang): params[f],
                t("zoo.col_macs", lang): macs[f],
                t("zoo.col_act", lang): human(mem[f], "B"),
                t("zoo.col_diff", lang): f"{diff[f]:.2e}",
            }
            for f in ("split", "concat", "grouped")
        ]
    )
    worst = max(diff.values())
    same = len(set(params.values())) == 1
    st.markdown(
        t(
            "zoo.forms_result",
            lang,
            groups=check.groups,
            width=check.width,
            same=t("zoo.equal" if same else "zoo.not_equal", lang),
            params=f"{params['grouped']:,}",
            worst=f"{worst:.1e}",
        )
    )

# The input is typed text: "256*56*56" must not turn into Markdown emphasis.
st.subheader(t("zoo.every", lang, input=md_escape(input_text)))
st.caption(t("zoo.every_caption", lang))
rows = comparison(input_text, lang)
dataframe(
    [
        {
            t("zoo.col_block", lang): kind_title(r["block"], lang),
            t("zoo.col_output", lang): r["output"],
            t("zoo.col_params", lang): r["params"],
            t("zoo.col_macs", lang): r["MACs"],
            t("zoo.col_act", lang): human(r["activation_bytes"], "B"),
            t("zoo.col_error", lang): r["error"],
        }
        for r in rows
    ]
)
