"""Costs: parameters, MACs and activation memory per stage and block, and why tools
report different totals for the same network."""

import streamlit as st

from resnet_viz.formats import human
from resnet_viz.i18n import t
from resnet_viz.tables import header, stride_placement_note, tool_conventions
from resnet_viz.ui.cache import cached_figure, cached_trace
from resnet_viz.ui.controls import current_lang, current_view, md_escape
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import cost_panels, option_radio, static_table

view = current_view()
lang = current_lang()
trace = cached_trace(view)

st.title(t("page.costs", lang))
st.caption(t("co.caption", lang))
st.subheader(t("cf.overview_title", lang, arch=trace.arch))
cost_panels(view, "costs_all", lang)
c1, c2 = st.columns(2)
by = option_radio(
    c1, t("co.bars_per", lang), ("stage", "block"), "costs_by", "cf.by_", lang
)
metric = c2.radio(
    t("co.metric", lang),
    ["macs", "params", "activation_bytes"],
    horizontal=True,
    key="costs_metric",
    format_func={
        "macs": t("label.macs_count", lang),
        "params": t("co.m_params", lang),
        "activation_bytes": t("word.activation_memory", lang),
    }.get,
)
show_figure(
    cached_figure("cost", view, by=by, metric=metric, lang=lang),
    key="costs_one",
)

st.subheader(t("co.why", lang))
# The network shown, with its own totals: MACs, and FLOPs counted as 2 × MACs.
st.markdown(
    t(
        "co.why_text",
        lang,
        name=md_escape(view.label_in(lang)),
        macs=human(trace.total_macs),
        flops=human(2 * trace.total_macs),
    )
)
# The totals as a table; the terms and rules, sentences, as a list that wraps at any
# width (a table with them grew rows a screen tall on a phone).
rows = tool_conventions(trace, lang)
tool, diff, rule, images = (
    header(c, lang) for c in ("tool", "difference", "rule", "images")
)
# The image count is in the rules ("one image"): without it the table fits a phone.
static_table(
    [{k: v for k, v in r.items() if k not in (diff, rule, images)} for r in rows]
)
with st.expander(t("co.rules", lang), expanded=True):
    st.markdown(
        "\n".join(
            t(
                "co.rule_line" if r[diff] else "co.rule_line_ours",
                lang,
                **{"tool": r[tool], "diff": r[diff], "rule": r[rule]},
            )
            for r in rows
        )
    )
note = stride_placement_note(trace, lang)
if note:
    st.info(note, icon=":material/straighten:")
