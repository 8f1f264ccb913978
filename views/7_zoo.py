"""Block zoo: every convolution block of the source material, traced alone and drawn."""

from fractions import Fraction
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from resnet_viz.figures.zoo import zoo_graph_dot, zoo_volume_figure
from resnet_viz.formats import human
from resnet_viz.records import TraceResult
from resnet_viz.registry import ConfigError, parse_input
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
def comparison(input_text: str) -> list[dict]:
    """Every block at its defaults on this input."""
    return compare_blocks(input_text)


@st.cache_data(max_entries=16, show_spinner=False)
def forms(input_text: str, groups: int, reduction: int) -> FormsCheck:
    """ResNeXt's three forms on the CPU, weights copied from the grouped form."""
    return resnext_equivalence(input_text, groups, reduction)


def setting_widget(
    column: DeltaGenerator, kind: str, param: Param, channels: int
) -> Any:
    """One hyper-parameter's widget; its key carries the input's channels when its
    default follows them, so a new input starts from the new default."""
    default = param.default(channels)
    key = f"zoo_{kind}_{param.name}_{channels}"
    if param.type == "int":
        return column.number_input(
            param.name, param.lo, param.hi, int(default), key=key, help=param.help
        )
    if param.type == "choice":
        return column.selectbox(
            param.name,
            param.choices,
            index=param.choices.index(default),
            key=key,
            help=param.help,
        )
    if param.type == "ratio":
        text = str(Fraction(default).limit_denominator(1000)) if default else "0"
        return column.text_input(param.name, text, key=key, help=param.help)
    value = column.text_input(
        param.name, "", key=key, placeholder="same as input", help=param.help
    )
    return value or None


st.title("Block zoo")
st.caption(
    "Each block of the source material as a real PyTorch module, traced alone with "
    "the same hooks as the whole networks: pick a block, an input volume and its "
    "settings. Edges and boxes show tensors as H×W×C."
)
names = list(KINDS)
st.session_state.setdefault("zoo_kind", "inception")
c1, c2 = st.columns([2, 1])
kind_name = c1.selectbox(
    "Block", names, key="zoo_kind", format_func=lambda n: KINDS[n].title
)
st.session_state.setdefault("zoo_input", "256x56x56")
input_text = c2.text_input("Input volume (C×H×W)", key="zoo_input")
kind = KINDS[kind_name]
try:
    channels = parse_input(input_text)[0]
except ConfigError as err:
    st.error(f"**{err.field}** — {err.message}", icon="🚫")
    st.stop()

cols = st.columns(max(len(kind.params), 1))
settings = {
    p.name: setting_widget(cols[i], kind_name, p, channels)
    for i, p in enumerate(kind.params)
}
st.caption(f"Follows {kind.source}.")
try:
    trace = block_trace(kind_name, input_text, tuple(settings.items()))
except ConfigError as err:
    st.error(f"**{err.field}** — {err.message}", icon="🚫")
    st.stop()

m = st.columns(4)
m[0].metric("Output (C×H×W)", "×".join(map(str, trace.output_shape[1:])))
m[1].metric("Parameters", human(trace.total_params), help=f"{trace.total_params:,}")
m[2].metric("MACs", human(trace.total_macs), help=f"{trace.total_macs:,}")
m[3].metric(
    "Activation memory",
    human(trace.total_activation_bytes, "B"),
    help="Every layer's output at batch 1, float32, as for the networks.",
)

graph_tab, volume_tab, table_tab = st.tabs(["Branch graph", "3D volumes", "Branches"])
with graph_tab:
    st.graphviz_chart(zoo_graph_dot(trace), width="stretch")
with volume_tab:
    st.plotly_chart(zoo_volume_figure(trace), width="stretch", key="zoo_volumes")
with table_tab:
    dataframe(branch_rows(trace))

st.subheader("ResNeXt: three forms, one function")
st.caption(
    "Xie et al. (2017, Fig. 3) draw the ResNeXt block three ways: C separate paths "
    "summed (split-transform-merge), the paths' 3×3 outputs concatenated before one "
    "1×1 (early concatenation), and one grouped 3×3. Below, all three are built on "
    "this input, the grouped block's weights (with random BN statistics) are copied "
    "into the other two, and one random input (seed 0) runs through each on the CPU."
)
r1, r2 = st.columns(2)
is_resnext = kind_name == "resnext"
groups = r1.number_input(
    "groups (C)",
    1,
    1024,
    int(settings["groups"]) if is_resnext else 32,
    key=f"zoo_forms_groups_{is_resnext}",
)
reduction = r2.number_input(
    "reduction",
    1,
    1024,
    int(settings["reduction"]) if is_resnext else 2,
    key=f"zoo_forms_reduction_{is_resnext}",
)
try:
    with st.spinner("Running the three forms on the CPU…"):
        check = forms(input_text, int(groups), int(reduction))
except ConfigError as err:
    st.error(f"**{err.field}** — {err.message}", icon="🚫")
else:
    params, macs = dict(check.params), dict(check.macs)
    mem, diff = dict(check.activation_bytes), dict(check.max_abs_diff)
    dataframe(
        [
            {
                "form": f,
                "params": params[f],
                "MACs": macs[f],
                "activation memory": human(mem[f], "B"),
                "max |output − grouped output|": f"{diff[f]:.2e}",
            }
            for f in ("split", "concat", "grouped")
        ]
    )
    worst = max(diff.values())
    same = len(set(params.values())) == 1
    st.markdown(
        f"{check.groups} paths of width {check.width}: the parameter counts are "
        f"{'equal' if same else 'NOT equal'} ({params['grouped']:,}), and the "
        f"outputs agree to {worst:.1e} (float32 rounding). Only the memory differs: "
        "the split form keeps every path's full-width output."
    )

st.subheader(f"Every block on {input_text}")
st.caption("Each block at its default settings for this input.")
rows = comparison(input_text)
dataframe(
    [
        {
            "block": r["title"],
            "output": r["output"],
            "params": r["params"],
            "MACs": r["MACs"],
            "activation memory": human(r["activation_bytes"], "B"),
            "error": r["error"],
        }
        for r in rows
    ]
)
