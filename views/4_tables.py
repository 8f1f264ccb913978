"""Tables: Table 1, per layer (with the output-size arithmetic), per stage, per block;
each downloadable as CSV, Markdown or LaTeX, and the whole trace as JSON."""

from collections.abc import Callable

import streamlit as st

from resnet_viz.i18n import stage_label, t
from resnet_viz.tables import (
    TABLE_PAGE_ROWS,
    block_row_count,
    block_rows,
    layer_hidden_headers,
    layer_rows,
    paper_flops_rows,
    paper_flops_views,
    rows_to_csv,
    rows_to_latex,
    rows_to_markdown,
    stage_rows,
    table1_rows,
)
from resnet_viz.ui.cache import (
    block_rows_as,
    cached_trace,
    layer_rows_as,
    trace_json,
)
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.show import dataframe, download, page_bounds
from resnet_viz.viewconfig import ViewConfig

view = current_view()
lang = current_lang()
trace = cached_trace(view)
name = trace.arch if not view.overrides else f"{trace.arch}-modified"
label = view.label_in(lang)

st.title(t("page.tables", lang))
download(
    st,
    t("tb.json", lang),
    trace_json,
    view,
    file_name=f"{name}.json",
    mime="application/json",
)


def downloads(
    stem: str,
    caption: str,
    rows: list[dict] | None = None,
    rows_as: Callable[..., str] = layer_rows_as,
) -> None:
    """CSV, Markdown and LaTeX download buttons for one table: ``rows``, or when
    None the table ``rows_as`` writes (the per-layer one by default), bound to the
    view, not to its thousands of rows."""
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
            else (rows_as, (fmt, view, lang, *extra))
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
    stages = [s.name for s in trace.stages]
    pick = st.multiselect(
        t("tb.stages", lang),
        stages,
        default=stages[: min(3, len(stages))],
        key="tables_stages",
        format_func={s: stage_label(s, lang) for s in stages}.get,
        help=t("tb.stages_help", lang),
    )
    picked = set(pick)
    shown = [rec for rec in trace.layers if rec.stage in picked]
    # A page at a time: tens of thousands of rows would be megabytes every rerun.
    start, stop = page_bounds(
        len(shown),
        TABLE_PAGE_ROWS,
        "tables_layer_page",
        t("label.page_of", lang, pages=f"{-(-len(shown) // TABLE_PAGE_ROWS):,}"),
    )
    dataframe(
        layer_rows(trace, lang, only=shown[start:stop]),
        hidden=layer_hidden_headers(lang),
        height=480,
    )
    total = f"{len(trace.layers):,}"
    if stop - start < len(shown):
        st.caption(
            t(
                "tb.rows_paged",
                lang,
                first=f"{start + 1:,}",
                last=f"{stop:,}",
                shown=f"{len(shown):,}",
                total=total,
            )
        )
    else:
        st.caption(t("tb.rows_shown", lang, shown=f"{len(shown):,}", total=total))
    downloads("layers", t("tb.cap_layers", lang, label=label))
with t3:
    rows = stage_rows(trace, lang)
    dataframe(rows)
    downloads("stages", t("tb.cap_stages", lang, label=label), rows)
with t4:
    n_blocks = block_row_count(trace)
    start, stop = page_bounds(
        n_blocks,
        TABLE_PAGE_ROWS,
        "tables_block_page",
        t("label.page_of", lang, pages=f"{-(-n_blocks // TABLE_PAGE_ROWS):,}"),
    )
    rows = block_rows(trace, lang)[start:stop]
    dataframe(rows)
    if stop - start < n_blocks:
        st.caption(
            t(
                "tb.blocks_paged",
                lang,
                first=f"{start + 1:,}",
                last=f"{stop:,}",
                total=f"{n_blocks:,}",
            )
        )
    downloads("blocks", t("tb.cap_blocks", lang, label=label), rows_as=block_rows_as)
