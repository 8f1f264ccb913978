"""Compare: 2 to 4 configurations side by side (stage diff, volumes on one scale,
totals, generated sentences, a layer-by-layer diff); the comparison lives in the URL."""

import streamlit as st

from resnet_viz.compare import (
    LAYER_DIFF_PAGE_ROWS,
    TOTAL_METRICS,
    change_text,
    compare_sentences,
    layer_diff_rows,
    metric_name,
    stage_diff_rows,
    total_value,
    totals_delta,
    totals_table,
)
from resnet_viz.figures.compare import shortcuts_differ, totals_figure
from resnet_viz.formats import human
from resnet_viz.i18n import t
from resnet_viz.scenarios import (
    MARKS,
    column_label,
    column_title,
    overrides_text,
    scenario_for,
    scenario_note,
    short_label,
)
from resnet_viz.text import tensor_text
from resnet_viz.ui.cache import cached_layer_diff
from resnet_viz.ui.comparison import (
    cached_volume_figures,
    change_arrow,
    column_controls,
    comparison_header,
    layer_diff_styler,
    stage_diff_styler,
    write_url,
)
from resnet_viz.ui.controls import current_lang, md_escape
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import page_bounds, scale_radio

lang = current_lang()
st.title(t("page.compare", lang))
st.caption(t("cm.caption", lang))
n = comparison_header()

preset = t("cm.preset_settings", lang)
cols = st.columns(n, border=True)
columns = []
for i, col in enumerate(cols):
    with col:
        title = st.empty()
        columns.append(column_controls(i))
        c = columns[-1]
        # One line of title and one of overrides in every column keeps them aligned.
        title.markdown(
            f"**{md_escape(column_title(i, c.view))}**  \n"
            f":small[:gray[{md_escape(overrides_text(c.view, lang)) or preset}]]"
            if c.view
            else f"**{t('cm.invalid', lang, mark=MARKS[i])}**  \n"
            f":small[:gray[{t('cm.see_below', lang)}]]"
        )
write_url(columns)

shown = [c for c in columns if c.trace is not None]
traces = [c.trace for c in shown]
labels = [column_label(c.index, c.view) for c in shown]
names = [short_label(c.index, c.view) for c in shown]
match = scenario_for([c.view for c in shown]) if len(shown) == n else None
if not shown:
    st.info(t("cm.fix", lang), icon=":material/info:")
    st.stop()

# Headline numbers in each column, against the first column that traced.
for c, trace in zip(shown, traces, strict=True):
    with c.numbers:
        for metric in TOTAL_METRICS:
            if metric == "flops":
                continue  # 2 × MACs: in the totals table and chart below
            value = total_value(trace, metric)
            base = total_value(traces[0], metric)
            st.metric(
                metric_name(metric, lang),
                human(value, "B" if metric == "activation_bytes" else ""),
                # The first column says "reference", so every column's rows align.
                delta=t("cm.reference", lang)
                if c is shown[0]
                else change_text(value, base, lang),
                delta_color="off",
                delta_arrow=change_arrow(value, base),
                help=f"{value:,}",
            )
        last = trace.body_stages[-1]
        st.metric(t("cm.last_map", lang, stage=last.name), tensor_text(last.out_shape))

if match is not None:
    st.info(scenario_note(match, lang), icon=":material/lightbulb:")
st.subheader(t("cm.what_changed", lang))
st.markdown("\n".join(f"- {s}" for s in compare_sentences(traces, names, lang)))

st.subheader(t("cm.one_scale", lang))
v1, v2 = st.columns([2, 1])
scale = scale_radio(
    v1, t("label.scale", lang), t("cm.scale_help", lang), "cmp_scale", lang
)
# Shortcuts are drawn by default where they are what differs (shortcut A/B/C, plain
# vs residual); the visitor's own choice holds until that changes.
point = shortcuts_differ(traces)
if st.session_state.get("cmp_arcs_point") != point:
    st.session_state["cmp_arcs_point"] = point
    st.session_state["cmp_arcs"] = point
arcs = v2.checkbox(t("label.show_shortcuts", lang), key="cmp_arcs")
st.caption(t("cm.rows_caption", lang))
figs = cached_volume_figures(
    [c.view for c in shown],
    traces,
    labels,
    scale,
    arcs,
    height=420 if arcs else 280,
    widen=2.4,
    lang=lang,
)
for c, fig in zip(shown, figs, strict=True):
    show_figure(fig, key=f"cmp_volumes_{c.index}")

st.subheader(t("cm.stage_by_stage", lang))
st.caption(t("cm.stage_caption", lang))
rows = stage_diff_rows(traces, labels, lang)
st.dataframe(
    stage_diff_styler(rows, labels, lang),
    hide_index=True,
    width="stretch",
    height=35 * (len(rows) + 1) + 3,
    key="cmp_stage_table",
)

st.subheader(t("cm.totals", lang))
deltas = totals_delta(traces, labels)
show_figure(totals_figure(deltas, lang=lang), key="cmp_totals")
st.dataframe(totals_table(deltas, lang), hide_index=True, width="stretch")

st.subheader(t("cm.layer_by_layer", lang))
st.caption(t("cm.layer_caption", lang))
options = list(range(len(shown)))
for k, default in (("cmp_diff_a", 0), ("cmp_diff_b", min(1, len(shown) - 1))):
    if st.session_state.get(k) not in options:
        st.session_state[k] = default
d1, d2, d3 = st.columns([2, 2, 1])
a = d1.selectbox(
    t("cm.from", lang), options, key="cmp_diff_a", format_func=labels.__getitem__
)
b = d2.selectbox(
    t("cm.to", lang), options, key="cmp_diff_b", format_func=labels.__getitem__
)
st.session_state.setdefault("cmp_diff_only", True)
changed_only = d3.toggle(t("cm.diff_only", lang), key="cmp_diff_only")
# Diffed once per pair (cached) and shown a page at a time: two deep nets have
# hundreds of thousands of rows, more than the table (or pandas' Styler) can take.
index = cached_layer_diff(shown[a].view, shown[b].view)
st.caption(t("cm.counts", lang, **{k: f"{n:,}" for k, n in index.counts().items()}))
positions = index.positions(changed_only)
if positions:
    pages = -(-len(positions) // LAYER_DIFF_PAGE_ROWS)
    start, stop = page_bounds(
        len(positions),
        LAYER_DIFF_PAGE_ROWS,
        "cmp_diff_page",
        t("label.page_of", lang, pages=f"{pages:,}"),
    )
    shown_rows = layer_diff_rows(index, traces[a], traces[b], positions[start:stop])
    if pages > 1:
        st.caption(
            t(
                "cm.diff_paged",
                lang,
                first=f"{start + 1:,}",
                last=f"{stop:,}",
                total=f"{len(positions):,}",
            )
        )
    st.dataframe(
        layer_diff_styler(
            shown_rows, (MARKS[shown[a].index], MARKS[shown[b].index]), lang
        ),
        hide_index=True,
        width="stretch",
        height=min(35 * (len(shown_rows) + 1) + 3, 600),
        key="cmp_layer_table",
    )
else:
    st.success(t("cm.no_diff", lang))
