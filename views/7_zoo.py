"""Block zoo: every convolution block of the source material, traced alone and drawn."""

import streamlit as st

from resnet_viz.figures.zoo import zoo_graph_dot, zoo_volume_figure
from resnet_viz.formats import human
from resnet_viz.i18n import t
from resnet_viz.registry import ConfigError, parse_input
from resnet_viz.text import tensor_text
from resnet_viz.ui.controls import current_lang, error_markdown, md_escape
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import dataframe, graph_panel
from resnet_viz.ui.zoo import (
    block_comparison,
    block_trace,
    branch_table,
    kind_title,
    resnext_forms,
    setting_widget,
)
from resnet_viz.zoo import KINDS

lang = current_lang()
st.title(t("page.zoo", lang))
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
m[0].metric(t("zoo.output", lang), tensor_text(trace.output_shape))
m[1].metric(
    t("cm.m_params", lang), human(trace.total_params), help=f"{trace.total_params:,}"
)
m[2].metric(t("cf.macs", lang), human(trace.total_macs), help=f"{trace.total_macs:,}")
m[3].metric(
    t("cm.m_activation_bytes", lang),
    human(trace.total_activation_bytes, "B"),
    help=t("zoo.act_help", lang),
)

graph_tab, volume_tab, table_tab = st.tabs(
    [t(f"zoo.tab_{k}", lang) for k in ("graph", "volumes", "branches")]
)
with graph_tab:
    dot = zoo_graph_dot(trace, lang=lang)
    graph_panel(dot, "zoo_graph", file_name=f"{kind_name}.svg", lang=lang)
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
        check = resnext_forms(input_text, int(groups), int(reduction))
except ConfigError as err:
    st.error(error_markdown(err, lang), icon=":material/block:")
else:
    params, macs = dict(check.params), dict(check.macs)
    mem, diff = dict(check.activation_bytes), dict(check.max_abs_diff)
    dataframe(
        [
            {
                t("zoo.col_form", lang): t(f"zoo.form_{f}", lang, default=f),
                t("word.params", lang): params[f],
                t("label.macs_count", lang): macs[f],
                t("word.activation_memory", lang): human(mem[f], "B"),
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
rows = block_comparison(input_text, lang)
dataframe(
    [
        {
            t("zoo.col_block", lang): kind_title(r["block"], lang),
            t("word.output", lang): r["output"],
            t("word.params", lang): r["params"],
            t("label.macs_count", lang): r["MACs"],
            t("word.activation_memory", lang): human(r["activation_bytes"], "B"),
            t("zoo.col_error", lang): r["error"],
        }
        for r in rows
    ]
)
