"""Costs: parameters, MACs and activation memory per stage and block, and why tools
report different totals for the same network."""

import streamlit as st

from resnet_viz.tables import stride_placement_note, tool_conventions
from resnet_viz.ui.cache import cached_figure, cached_trace
from resnet_viz.ui.controls import current_view
from resnet_viz.ui.show import dataframe

view = current_view()
trace = cached_trace(view)

st.title("Costs")
st.caption(
    "Parameters are weights to store; MACs are the multiply-accumulates of one forward "
    "pass; activation memory is what the layer outputs occupy. They peak in different "
    "places: early stages have big maps (MACs, memory), late stages many channels "
    "(parameters)."
)
st.plotly_chart(cached_figure("cost_overview", view), width="stretch", key="costs_all")
c1, c2 = st.columns(2)
by = c1.radio("Bars per", ["stage", "block"], horizontal=True, key="costs_by")
metric = c2.radio(
    "Metric",
    ["macs", "params", "activation_bytes"],
    horizontal=True,
    key="costs_metric",
    format_func={
        "macs": "MACs",
        "params": "parameters",
        "activation_bytes": "activation memory",
    }.get,
)
st.plotly_chart(
    cached_figure("cost", view, by=by, metric=metric),
    width="stretch",
    key="costs_one",
)

st.subheader("Why do tools disagree?")
st.markdown(
    "Two tools can report 4.1 G and 8.2 G for the same ResNet-50 and both be right: "
    "one counts multiply-accumulates (MACs), the other counts the multiply and the add "
    "separately (FLOPs = 2 × MACs), and some also count batch norm, ReLU, pooling and "
    "the residual adds. Here is each convention computed for this network:"
)
dataframe(
    tool_conventions(trace),
    column_order=[
        "convention",
        "total (human)",
        "vs MACs",
        "total",
        "used by",
        "counts",
    ],
)
note = stride_placement_note(trace)
if note:
    st.info(note, icon="📐")
