"""3D volumes: every stage or every layer as a box, and one block taken apart."""

import streamlit as st

from resnet_viz.narrative import hwc
from resnet_viz.ui.cache import cached_figure, cached_trace
from resnet_viz.ui.controls import current_view

view = current_view()
trace = cached_trace(view)

st.title("3D volumes")
st.caption(
    "A convolution network is a pipeline of 3D tensors. Here each box's height and "
    "width follow the feature map and its depth the channels; watch the maps shrink "
    "while the "
    "channels grow."
)
c1, c2, c3 = st.columns(3)
detail = c1.radio(
    "Boxes",
    ["stage", "layer"],
    horizontal=True,
    key="vol_detail",
    format_func={"stage": "after every stage", "layer": "after every layer"}.get,
)
scale = c2.radio(
    "Scale",
    ["sqrt", "log", "linear"],
    horizontal=True,
    key="vol_scale",
    help="Square-root and log keep 3 and 2048 channels both visible.",
)
arcs = c3.checkbox("Show shortcuts", value=True, key="vol_arcs")
st.plotly_chart(
    cached_figure("volume", view, detail=detail, scale=scale, show_shortcuts=arcs),
    width="stretch",
    key="volumes_main",
)

st.subheader("Take one block apart")
paths = [b.path for b in trace.blocks]
default = next(
    (b.path for b in trace.blocks if b.shortcut in ("projection", "zero_pad")), paths[0]
)
if st.session_state.get("vol_block") not in paths:
    st.session_state["vol_block"] = default
path = st.selectbox(
    "Block",
    paths,
    key="vol_block",
    format_func=lambda p: (
        f"{p} (stage {p.split('.')[0]}, block {int(p.split('.')[1]) + 1})"
    ),
)
block = next(b for b in trace.blocks if b.path == path)
rows = [r for r in trace.layers if r.path.startswith(path + ".")]
main = [r for r in rows if r.role == "main" and r.kind == "Conv2d"]
short = [r for r in rows if r.role == "shortcut"]
ops = "; ".join(
    f"op {i + 1}: {r.kernel_size[0]}×{r.kernel_size[1]} conv, stride {r.stride[0]}"
    f"{f', {r.groups} groups' if r.groups and r.groups > 1 else ''}"
    f" → {hwc(r.out_shape)}"
    for i, r in enumerate(main)
)
st.markdown(f"**Main path** {hwc(block.in_shape)} → {ops}.")
if block.shortcut == "projection":
    conv = short[0]
    st.markdown(
        f"**Shortcut**: 1×1 conv, stride {conv.stride[0]}, + BN → "
        f"{hwc(conv.out_shape)} — "
        "it must project because the main path changed the shape."
    )
elif block.shortcut == "zero_pad":
    st.markdown(
        f"**Shortcut**: take every {short[0].stride[0]}th pixel and pad the missing "
        f"channels with zeros → {hwc(short[0].out_shape)} (option A: no parameters)."
    )
elif block.shortcut == "identity":
    st.markdown("**Shortcut**: identity — the input already has the output's shape.")
else:
    st.markdown("**No shortcut**: a plain block; nothing is added.")
st.plotly_chart(
    cached_figure("block", view, block_path=path, scale=scale),
    width="stretch",
    key="volumes_block",
)
