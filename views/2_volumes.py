"""3D volumes: every stage or every layer as a box, and one block taken apart."""

import streamlit as st

from resnet_viz.i18n import t, word
from resnet_viz.narrative import hwc
from resnet_viz.ui.cache import cached_figure, cached_trace
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.plot import show_figure

SCALES = ("sqrt", "log", "linear")  # the first is the default

view = current_view()
lang = current_lang()
trace = cached_trace(view)

st.title(t("vol.title", lang))
st.caption(t("vol.caption", lang))
c1, c2, c3 = st.columns(3)
detail = c1.radio(
    t("vol.boxes", lang),
    ["stage", "layer"],
    horizontal=True,
    key="vol_detail",
    format_func={
        "stage": t("vol.after_stage", lang),
        "layer": t("vol.after_layer", lang),
    }.get,
)
scale = c2.radio(
    t("vol.scale", lang),
    SCALES,
    horizontal=True,
    key="vol_scale",
    format_func={s: word("vf.scale_", s, lang) for s in SCALES}.get,
    help=t("vol.scale_help", lang),
)
arcs = c3.checkbox(t("vol.arcs", lang), value=True, key="vol_arcs")
show_figure(
    cached_figure(
        "volume", view, detail=detail, scale=scale, show_shortcuts=arcs, lang=lang
    ),
    key="volumes_main",
)

st.subheader(t("vol.take_apart", lang))
paths = [b.path for b in trace.blocks]
default = next(
    (b.path for b in trace.blocks if b.shortcut not in ("identity", "none")), paths[0]
)
if st.session_state.get("vol_block") not in paths:
    st.session_state["vol_block"] = default
path = st.selectbox(
    t("vol.block", lang),
    paths,
    key="vol_block",
    format_func={
        p: t(
            "vol.block_option",
            lang,
            path=p,
            stage=p.split(".")[0],
            n=int(p.split(".")[1]) + 1,
        )
        for p in paths
    }.get,
)
block = next(b for b in trace.blocks if b.path == path)
rows = [r for r in trace.layers if r.path.startswith(path + ".")]
main = [r for r in rows if r.role == "main" and r.kind == "Conv2d"]
short = [r for r in rows if r.role == "shortcut"]
ops = "; ".join(
    t(
        "vol.op",
        lang,
        n=i + 1,
        kernel=f"{r.kernel_size[0]}×{r.kernel_size[1]}",
        stride=r.stride[0],
        groups=t("vol.op_groups", lang, g=r.groups)
        if r.groups and r.groups > 1
        else "",
        out=hwc(r.out_shape),
    )
    for i, r in enumerate(main)
)
st.markdown(t("vol.main_path", lang, inp=hwc(block.in_shape), ops=ops))
convs = [r for r in short if r.kind == "Conv2d"]
if block.shortcut == "projection":
    conv = convs[0]
    has_bn = any(r.kind == "BatchNorm2d" for r in short)  # no BN: pre-activation
    st.markdown(
        t(
            "vol.sc_projection" if has_bn else "vol.sc_projection_preact",
            lang,
            stride=conv.stride[0],
            out=hwc(conv.out_shape),
        )
    )
elif block.shortcut == "avg_projection":
    st.markdown(
        t(
            "vol.sc_avg",
            lang,
            stride=short[0].stride[0],
            pooled=hwc(short[0].out_shape),
            out=hwc(convs[0].out_shape),
        )
    )
elif block.shortcut == "zero_pad":
    st.markdown(
        t(
            "vol.sc_zero_pad",
            lang,
            stride=short[0].stride[0],
            out=hwc(short[0].out_shape),
        )
    )
elif block.shortcut == "identity":
    st.markdown(t("vol.sc_identity", lang))
else:
    st.markdown(t("vol.sc_none", lang))
if rows and rows[0].kind == "BatchNorm2d":  # a pre-activation block starts with BN
    st.markdown(t("vol.preact", lang))
show_figure(
    cached_figure("block", view, block_path=path, scale=scale, lang=lang),
    key="volumes_block",
)
