"""Overview: the headline numbers, the stage volumes, Table 1 and the block graph."""

import streamlit as st

from resnet_viz.figures import block_graph_dot
from resnet_viz.formats import human, shape_text
from resnet_viz.narrative import overview_sentences
from resnet_viz.tables import table1_rows
from resnet_viz.ui.cache import cached_figure, cached_trace
from resnet_viz.ui.controls import current_view
from resnet_viz.ui.show import static_table

view = current_view()
trace = cached_trace(view)
last = next(s for s in reversed(trace.stages) if s.name.startswith("layer"))

st.title(view.label)
cols = st.columns(5)
cols[0].metric("Parameters", human(trace.total_params), help=f"{trace.total_params:,}")
cols[1].metric(
    "MACs",
    human(trace.total_macs),
    help=f"{trace.total_macs:,} multiply-accumulates of conv and linear layers",
)
cols[2].metric(
    "FLOPs (2 × MACs)", human(trace.total_flops), help=f"{trace.total_flops:,}"
)
cols[3].metric(
    "Last feature map", "×".join(map(str, (*last.out_shape[2:], last.out_shape[1])))
)
cols[4].metric("Output", shape_text(trace.output_shape, "×"))

st.markdown(" ".join(overview_sentences(trace)))

st.subheader("The tensor, stage by stage")
st.caption(
    "Each box is the tensor after a stage: height and width are the map's size, depth "
    "its channels (square-root scale so 2048 channels and 3 fit together). "
    "Arcs are the "
    "shortcuts. Drag to rotate; hover for shapes and costs."
)
st.plotly_chart(cached_figure("volume", view), width="stretch", key="overview_volumes")

left, right = st.columns([3, 2])
with left:
    st.subheader("Table 1, generated")
    st.caption("The layout table of He et al. (2016), built from the traced layers.")
    static_table(table1_rows(trace))
with right:
    st.subheader("Block graph")
    st.caption("Stages collapsed; open the Block graph page to expand them.")
    st.graphviz_chart(block_graph_dot(trace), width="stretch")

st.subheader("Where the parameters and MACs go")
st.plotly_chart(
    cached_figure("cost_overview", view), width="stretch", key="overview_costs"
)
