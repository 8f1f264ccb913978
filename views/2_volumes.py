"""3D volumes: every stage or every layer as a box, and one block taken apart."""

import streamlit as st

from resnet_viz.figures.volumes import VOLUME_BOX_LIMIT, VOLUME_FOLD_ABOVE
from resnet_viz.i18n import t
from resnet_viz.narrative import block_sentences
from resnet_viz.ui.cache import cached_figure, cached_trace, fold_summary
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import scale_radio

view = current_view()
lang = current_lang()
trace = cached_trace(view)

st.title(t("page.volumes", lang))
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
scale = scale_radio(
    c2, t("label.scale", lang), t("vol.scale_help", lang), "vol_scale", lang
)
arcs = c3.checkbox(t("label.show_shortcuts", lang), value=True, key="vol_arcs")
# Deep nets fold each stage's identical blocks into one drawn block marked ×N; a
# visitor may unfold them up to VOLUME_BOX_LIMIT boxes (issue 12).
full, folded, kept, repeats = fold_summary(view)
fold = False
if detail == "layer" and folded < full and full > VOLUME_FOLD_ABOVE:
    can_expand = full <= VOLUME_BOX_LIMIT
    expand = st.toggle(
        t("vol.expand", lang),
        key="vol_expand",
        disabled=not can_expand,
        help=t("vol.expand_help", lang, limit=f"{VOLUME_BOX_LIMIT:,}"),
    )
    fold = not (expand and can_expand)
    note = "vol.folded" if can_expand else "vol.folded_limit"
    if fold:
        st.caption(
            t(
                note,
                lang,
                shown=f"{folded:,}",
                full=f"{full:,}",
                limit=f"{VOLUME_BOX_LIMIT:,}",
            )
        )
show_figure(
    cached_figure(
        "volume",
        view,
        detail=detail,
        scale=scale,
        show_shortcuts=arcs,
        fold=fold,
        network=view.name_in(lang),
        lang=lang,
    ),
    key="volumes_main",
)

st.subheader(t("vol.take_apart", lang))
# Thousands of blocks would be thousands of options on every rerun: a deep net offers
# the blocks its folded view keeps (the others are copies of them).
paths = [b.path for b in trace.blocks] if len(trace.blocks) <= 200 else list(kept)
default = next(
    (b.path for b in trace.blocks if b.shortcut not in ("identity", "none")), paths[0]
)
default = default if default in paths else paths[0]
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
        + (t("vol.block_times", lang, n=f"{repeats[p]:,}") if p in repeats else "")
        for p in paths
    }.get,
)
for line in block_sentences(trace, path, lang):
    st.markdown(line)
show_figure(
    cached_figure(
        "block",
        view,
        block_path=path,
        scale=scale,
        network=view.name_in(lang),
        lang=lang,
    ),
    key="volumes_block",
)
