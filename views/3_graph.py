"""Block graph: stem -> stages -> head, stages expandable to blocks and layers."""

import streamlit as st

from resnet_viz.figures.graph import GRAPH_NODE_LIMIT
from resnet_viz.i18n import t
from resnet_viz.ui.cache import cached_block_graph, cached_trace, graph_file
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.show import download, graph_panel, option_radio

view = current_view()
lang = current_lang()
trace = cached_trace(view)
stage_names = [s.name for s in trace.body_stages]

st.title(t("page.graph", lang))
st.caption(t("gr.caption", lang))
c1, c2 = st.columns([3, 1])
if any(s not in stage_names for s in st.session_state.get("graph_expand", [])):
    st.session_state["graph_expand"] = []
expand = c1.multiselect(
    t("gr.expand", lang),
    stage_names,
    key="graph_expand",
    placeholder=t("gr.expand_none", lang),
)
detail = option_radio(
    c2, t("gr.detail", lang), ("block", "layer"), "graph_detail", "gr.d_", lang
)
# Deep expansions fold repeated blocks, or stay collapsed, within GRAPH_NODE_LIMIT
# nodes (issue 12): Graphviz and the browser both choke on tens of thousands.
dot, plan = cached_block_graph(view, tuple(expand), detail, lang)
if plan.fold or plan.is_refused:
    st.caption(
        t(
            "gr.refused" if plan.is_refused else "gr.folded",
            lang,
            shown=f"{plan.nodes:,}",
            full=f"{plan.requested_nodes:,}",
            limit=f"{GRAPH_NODE_LIMIT:,}",
        )
    )

# Fitted to the column, pan and zoom by mouse and touch; Graphviz's SVG where the
# server has `dot`, else the browser lays the DOT out (ui/graph_view.py).
graph_panel(dot, "graph_view", file_name=f"{trace.arch}.svg", lang=lang)

download(
    st,
    t("gr.dot", lang),
    graph_file,
    view,
    tuple(expand),
    detail,
    lang,
    False,
    file_name=f"{trace.arch}.dot",
    mime="text/vnd.graphviz",
)
