"""Cost bar charts: params, MACs and activation memory per stage or per block.

Imports plotly, the standard library and resnet_viz.records / formats / i18n /
figures.volumes (for the stage palette) only: never torch or streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.figures.palette import stage_color
from resnet_viz.formats import human
from resnet_viz.i18n import DEFAULT_LANG, stage_label, t
from resnet_viz.records import TraceResult

# metric -> (title, unit for `human`); the title in other languages is "cf.<metric>".
METRICS: dict[str, tuple[str, str]] = {
    "params": ("Parameters", ""),
    "macs": ("MACs", ""),
    "activation_bytes": ("Activation memory", "B"),
}
BYS = ("stage", "block")
# Above this many bars the value captions overlap; hover still shows every value.
_MAX_FULL_CAPTIONS = 10
_MAX_CAPTIONED_BARS = 20


def _check(by: str, metric: str) -> None:
    if by not in BYS:
        raise ValueError(f"by must be one of {', '.join(BYS)} (got {by!r})")
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)} (got {metric!r})")


def cost_rows(trace: TraceResult, by: str, metric: str) -> list[tuple[str, str, int]]:
    """(label, stage, value) per bar, in network order; the values sum to the total.

    By block, the stem and the head get a bar each as well, so nothing is left out:
    every layer row belongs to exactly one bar.

    Args:
        trace: the traced network.
        by: "stage" or "block".
        metric: "params", "macs" or "activation_bytes".

    Returns:
        One tuple per bar.

    Raises:
        ValueError: an unknown ``by`` or ``metric``.
    """
    _check(by, metric)
    if by == "stage":
        return [(s.name, s.name, getattr(s, metric)) for s in trace.stages]
    # BlockRecord carries params and MACs but not activation bytes: sum rows instead,
    # in one pass, for every metric alike (the records' own sums are the same rows).
    sums: dict[str, int] = {}
    order: list[tuple[str, str]] = []
    for row in trace.layers:
        key = row.stage if row.block is None else f"{row.stage}.{row.block}"
        if key not in sums:
            sums[key] = 0
            order.append((key, row.stage))
        sums[key] += getattr(row, metric)
    return [(key, stage, sums[key]) for key, stage in order]


def _share(part: int, total: int) -> str:
    """12.345 % -> "12.3%"; a non-zero share that would round to 0 reads "<0.1%"."""
    pct = 100 * part / total if total else 0.0
    return "<0.1%" if 0 < pct < 0.05 else f"{pct:.1f}%"


def _title(metric: str, lang: str) -> str:
    return t(f"cf.{metric}", lang)


# plotly's toolbar sits in the top 30 px of the figure, right-aligned; a title
# anchored at the top of the container ran under it on a phone (issue 13). Anchored
# by its bottom to the plot area's top instead, in a top margin taller than the
# toolbar, it clears the toolbar at any width.
TOOLBAR_PX = 30


def title_below_toolbar(text: str) -> dict[str, object]:
    """A plotly title dict placing ``text`` at the left, just above the plot area
    and below the toolbar (give the figure a top margin of at least 64 px)."""
    return {
        "text": text,
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "pad": {"b": 10},
    }


def _label(key: str, lang: str) -> str:
    """A bar's label: "stem", "layer2.0", "head", with stem and head translated."""
    return key if "." in key else stage_label(key, lang)


def _bar(
    rows: Sequence[tuple[str, str, int]],
    metric: str,
    captions: str | None,
    lang: str = DEFAULT_LANG,
) -> go.Bar:
    """One Bar trace; ``captions`` is "full" (value and share), "value", or None."""
    _, unit = METRICS[metric]
    title = _title(metric, lang)
    total = sum(v for _, _, v in rows)
    shares = [_share(v, total) for _, _, v in rows]
    text = [
        f"{human(v, unit)} ({p})" if captions == "full" else human(v, unit)
        for (_, _, v), p in zip(rows, shares, strict=True)
    ]
    hover = [
        t(
            "cf.hover",
            lang,
            label=_label(label, lang),
            metric=title,
            value=human(v, unit),
            exact=f"{v:,}",
            share=p,
        )
        for (label, _, v), p in zip(rows, shares, strict=True)
    ]
    return go.Bar(
        x=[_label(label, lang) for label, _, _ in rows],
        y=[v for _, _, v in rows],
        marker={"color": [stage_color(stage) for _, stage, _ in rows]},
        text=text if captions else None,
        textposition="outside" if captions else "none",
        textfont={"size": 12 if captions == "full" else 10},
        cliponaxis=False,
        hovertext=hover,
        hoverinfo="text",
        name=title,
        showlegend=False,
    )


def cost_figure(
    trace: TraceResult,
    by: str = "stage",
    metric: str = "macs",
    *,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """One bar per stage (stem, layer1..K, head) or per block, for one cost.

    Bars are captioned with their value and share of the network's total (by block,
    the stem and head keep a bar each so the shares add up to 100%); above 10 bars
    the caption is the value alone, above 20 there is none, as captions would
    overlap. Hover always shows the value, the exact count and the share.

    Args:
        trace: the traced network.
        by: "stage" or "block" (x labels like "layer2.0").
        metric: "params", "macs" or "activation_bytes" (bytes of every layer's output).
        lang: the language of the title, axis titles, stem/head labels and hover.

    Returns:
        A plotly figure with one Bar trace, coloured by stage.

    Raises:
        ValueError: an unknown ``by`` or ``metric``.
    """
    rows = cost_rows(trace, by, metric)
    _, unit = METRICS[metric]
    title = _title(metric, lang)
    total = sum(v for _, _, v in rows)
    # Stage bars are wide enough for "1.34 G (36.5%)"; block bars only for "1.34 G".
    captions = "full" if len(rows) <= _MAX_FULL_CAPTIONS else "value"
    if len(rows) > _MAX_CAPTIONED_BARS:
        captions = None
    per = t(f"cf.by_{by}", lang)
    text = t(
        "cf.title",
        lang,
        metric=title,
        by=per,
        arch=trace.arch,
        total=human(total, unit),
    )
    # Two lines, the metric first: on one line the title ran past a phone's chart.
    text = text.replace(" · ", "<br>", 1)
    layout = {
        "title": title_below_toolbar(text),
        "xaxis": {"title": {"text": per}, "type": "category"},
        "yaxis": {"title": {"text": title}, "ticksuffix": unit, **_VALUE_AXIS},
        "margin": {"l": 60, "r": 20, "t": 90, "b": 60},
        "plot_bgcolor": "white",
        "bargap": 0.25,
        "height": 420,
    }
    # Built in one go: update_layout on a built figure costs several times more.
    return go.Figure(_bar(rows, metric, captions, lang), layout)


# "~s" writes SI prefixes (1.5G), as `human` does; plotly's default says "1.5B".
_VALUE_AXIS = {"gridcolor": "#e5e5e5", "rangemode": "tozero", "tickformat": "~s"}


def cost_overview_figure(trace: TraceResult, *, lang: str = DEFAULT_LANG) -> go.Figure:
    """Params, MACs and activation memory per stage, as three bar charts side by side.

    Args:
        trace: the traced network.
        lang: the language of the titles, stem/head labels and hover.

    Returns:
        A plotly figure with three subplots (one Bar trace each), in the order params,
        MACs, activation memory.
    """
    per_metric = {m: cost_rows(trace, "stage", m) for m in METRICS}
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=[
            f"{_title(m, lang)} · {human(sum(v for *_, v in rows), METRICS[m][1])}"
            for m, rows in per_metric.items()
        ],
        horizontal_spacing=0.07,
    )
    for col, (metric, rows) in enumerate(per_metric.items(), 1):
        fig.add_trace(_bar(rows, metric, None, lang), 1, col)
        fig.update_xaxes(type="category", row=1, col=col)
        fig.update_yaxes(ticksuffix=METRICS[metric][1], row=1, col=col)
    fig.update_layout(
        title={
            "text": t("cf.overview_title", lang, arch=trace.arch),
            "x": 0.01,
            "xanchor": "left",
        },
        margin={"l": 50, "r": 20, "t": 80, "b": 50},
        plot_bgcolor="white",
        showlegend=False,
        height=380,
    )
    fig.update_yaxes(**_VALUE_AXIS)
    return fig


def cost_panel_figure(
    trace: TraceResult, metric: str = "macs", *, lang: str = DEFAULT_LANG
) -> go.Figure:
    """One cost per stage as a small bar chart titled with the metric and its total,
    one of three that pages put in st.columns: side by side on a laptop, stacked on
    a phone (where cost_overview_figure's three subplot titles ran into each other).

    Args:
        trace: the traced network.
        metric: "params", "macs" or "activation_bytes".
        lang: the language of the title, stem/head labels and hover.

    Returns:
        A plotly figure with one Bar trace, coloured by stage.

    Raises:
        ValueError: an unknown ``metric``.
    """
    rows = cost_rows(trace, "stage", metric)
    _, unit = METRICS[metric]
    total = human(sum(v for *_, v in rows), unit)
    layout = {
        "title": title_below_toolbar(f"{_title(metric, lang)} · {total}"),
        "xaxis": {"type": "category"},
        "yaxis": {"ticksuffix": unit, **_VALUE_AXIS},
        "margin": {"l": 50, "r": 10, "t": 70, "b": 50},
        "plot_bgcolor": "white",
        "showlegend": False,
        "height": 320,
    }
    return go.Figure(_bar(rows, metric, None, lang), layout)
