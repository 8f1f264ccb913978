"""Overview: the headline numbers, the stage volumes, Table 1 and the block graph."""

import streamlit as st

from resnet_viz.figures import block_graph_dot
from resnet_viz.formats import human, shape_text
from resnet_viz.i18n import t
from resnet_viz.narrative import overview_sentences
from resnet_viz.tables import table1_rows
from resnet_viz.ui.cache import cached_figure, cached_trace
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import cost_panels, graph_panel, static_table

view = current_view()
lang = current_lang()
trace = cached_trace(view)
last = trace.body_stages[-1]

st.title(view.label_in(lang))
cols = st.columns(5)
cols[0].metric(
    t("cm.m_params", lang), human(trace.total_params), help=f"{trace.total_params:,}"
)
cols[1].metric(
    t("cf.macs", lang),
    human(trace.total_macs),
    help=t("ov.macs_help", lang, n=f"{trace.total_macs:,}"),
)
cols[2].metric(
    t("cm.m_flops", lang), human(trace.total_flops), help=f"{trace.total_flops:,}"
)
cols[3].metric(
    t("ov.last_map", lang), "×".join(map(str, (*last.out_shape[2:], last.out_shape[1])))
)
cols[4].metric(t("label.output", lang), shape_text(trace.output_shape, "×"))

st.markdown(t("sep.sentence", lang).join(overview_sentences(trace, lang)))

st.subheader(t("ov.stage_by_stage", lang))
st.caption(t("ov.volumes_caption", lang))
show_figure(
    cached_figure("volume", view, network=view.name_in(lang), lang=lang),
    key="overview_volumes",
)

# One under the other, each the page's width: beside Table 1 the graph had ~400 px
# and its text came out at ~9 px (issue 13); the table kept its columns on a phone.
st.subheader(t("ov.table1", lang))
st.caption(t("ov.table1_caption", lang))
static_table(table1_rows(trace, lang))
st.subheader(t("page.graph", lang))
st.caption(t("ov.graph_caption", lang))
dot = block_graph_dot(trace, lang=lang)
graph_panel(dot, "overview_graph", file_name=f"{trace.arch}.svg", lang=lang)

st.subheader(t("ov.costs", lang))
cost_panels(view, "overview_costs", lang)
