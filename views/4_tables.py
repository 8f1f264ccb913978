"""Tables: Table 1, per layer (with the output-size arithmetic), per stage, per block;
each downloadable as CSV, Markdown or LaTeX, and the whole trace as JSON."""

import streamlit as st

from resnet_viz.i18n import stage_label, t
from resnet_viz.tables import (
    block_rows,
    paper_flops_rows,
    paper_flops_views,
    rows_to_csv,
    rows_to_latex,
    rows_to_markdown,
    stage_rows,
    table1_rows,
)
from resnet_viz.ui.cache import (
    cached_layer_rows,
    cached_trace,
    layer_rows_as,
    trace_json,
)
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.show import dataframe, download
from resnet_viz.viewconfig import ViewConfig

view = current_view()
lang = current_lang()
trace = cached_trace(view)
name = trace.arch if not view.overrides else f"{trace.arch}-modified"
label = view.label_in(lang)

st.title(t("tb.title", lang))
download(
    st,
    t("tb.json", lang),
    trace_json,
    view,
    file_name=f"{name}.json",
    mime="application/json",
)


def downloads(stem: str, caption: str, rows: list[dict] | None = None) -> None:
    """CSV, Markdown and LaTeX download buttons for one table: ``rows``, or the
    per-layer table when None (bound to the view, not to its thousands of rows)."""
    c1, c2, c3 = st.columns(3)
    file = f"{name}-{stem}"
    for column, key, fmt, ext, mime, extra in (
        (c1, "tb.csv", rows_to_csv, "csv", "text/csv", ()),
        (c2, "tb.markdown", rows_to_markdown, "md", "text/markdown", ()),
        (c3, "tb.latex", rows_to_latex, "tex", "application/x-tex", (caption,)),
    ):
        make, args = (
            (fmt, (rows, *extra))
            if rows is not None
            else (layer_rows_as, (fmt, view, lang, *extra))
        )
        download(
            column,
            t(key, lang),
            make,
            *args,
            file_name=f"{file}.{ext}",
            mime=mime,
            key=f"{ext}_{stem}",
        )


t1, t2, t3, t4 = st.tabs(
    [
        t("tb.tab_table1", lang),
        t("tb.tab_layer", lang),
        t("tb.tab_stage", lang),
        t("tb.tab_block", lang),
    ]
)
with t1:
    st.caption(t("tb.table1_caption", lang))
    rows = table1_rows(trace, lang)
    dataframe(rows)
    downloads("table1", t("tb.cap_layout", lang, label=label), rows)
    if st.toggle(t("tb.paper_show", lang), key="tb_paper_flops"):
        st.caption(t("tb.paper_caption", lang))
        paper = [
            cached_trace(ViewConfig(arch=a, input="224", overrides=tuple(o.items())))
            for a, o in paper_flops_views()
        ]
        dataframe(paper_flops_rows(paper, lang))
with t2:
    st.caption(t("tb.layer_caption", lang))
    all_rows = cached_layer_rows(view, lang)
    stages = [s.name for s in trace.stages]
    pick = st.multiselect(
        t("tb.stages", lang),
        stages,
        default=stages[: min(3, len(stages))],
        key="tables_stages",
        format_func={s: stage_label(s, lang) for s in stages}.get,
        help=t("tb.stages_help", lang),
    )
    shown = [
        r for r, rec in zip(all_rows, trace.layers, strict=True) if rec.stage in pick
    ]
    dataframe(shown, height=480)
    st.caption(
        t("tb.rows_shown", lang, shown=f"{len(shown):,}", total=f"{len(all_rows):,}")
    )
    downloads("layers", t("tb.cap_layers", lang, label=label))
with t3:
    rows = stage_rows(trace, lang)
    dataframe(rows)
    downloads("stages", t("tb.cap_stages", lang, label=label), rows)
with t4:
    rows = block_rows(trace, lang)
    dataframe(rows)
    downloads("blocks", t("tb.cap_blocks", lang, label=label), rows)
