"""Figures for comparing traces: stage volumes on one shared scale and frame, and the
totals as grouped bars. Imports plotly and resnet_viz records/compare/formats/i18n only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from resnet_viz.compare import TOTAL_METRICS, metric_name
from resnet_viz.figures.palette import COLUMN_COLORS
from resnet_viz.figures.volumes import (
    scale_rule,
    spatial_scale,
    volume_figure,
    volume_scale,
)
from resnet_viz.formats import human
from resnet_viz.i18n import DEFAULT_LANG, t
from resnet_viz.records import TraceResult

_UNITS = {"activation_bytes": "B"}
# Plotly fits an orthographic scene to the frame's height: an aspect ratio of 1 spans
# about 0.47 x (plot height - margins) px (volumes.py measured 3.2 -> 1.5 x height).
# A height ratio above ~2 would leave the frame; 1.6 keeps a margin, as volumes.py does.
_MAX_Z_RATIO = 1.6


def _scene_ranges(fig: go.Figure) -> list[tuple[float, float]]:
    scene = fig.layout.scene
    return [tuple(getattr(scene, f"{a}axis").range) for a in "xyz"]


def align_scenes(figs: Sequence[go.Figure], widen: float = 1.0) -> None:
    """Give 3D figures the same axis ranges and proportions, in place.

    volume_figure fits each scene to its own frame, so a short row (three stages)
    would be drawn larger than a long one. With equal ranges and aspect ratios,
    one scene unit is the same number of pixels in every figure of equal size, and
    boxes can be compared across figures by eye.

    Args:
        figs: figures made by volume_figure (any detail), each with a 3D scene.
        widen: multiply the figures' zoom by this (> 1 draws the row wider than
            volume_figure's default, for frames much wider than tall), as far as
            the scene's height still fits the frame.
    """
    if not figs:
        return
    ranges = [_scene_ranges(f) for f in figs]
    union = [
        (min(r[k][0] for r in ranges), max(r[k][1] for r in ranges)) for k in range(3)
    ]
    spans = [hi - lo for lo, hi in union]
    longest = max(spans)
    # The zoom each figure chose is its largest ratio; the tightest one fits them all.
    # Widening stops where the scene's height would leave the frame.
    ratios = [f.layout.scene.aspectratio for f in figs]
    zoom = min(
        min(max(r.x, r.y, r.z) for r in ratios) * widen,
        _MAX_Z_RATIO * longest / spans[2],
    )
    for fig in figs:
        fig.update_layout(
            scene={
                **{
                    f"{a}axis": {"range": list(b), "autorange": False}
                    for a, b in zip("xyz", union, strict=True)
                },
                "aspectratio": {
                    a: zoom * s / longest for a, s in zip("xyz", spans, strict=True)
                },
            }
        )


def shortcuts_differ(traces: Sequence[TraceResult]) -> bool:
    """Whether the traces differ in their blocks' shortcut kinds (shortcut A vs B vs
    C, plain vs residual): then the shortcuts are the point and are drawn by default.

    Args:
        traces: the traces compared.

    Returns:
        True when two traces have different shortcut kinds, block by block.
    """
    return len({tuple(b.shortcut for b in t.blocks) for t in traces}) > 1


def compare_volume_figures(
    traces: Sequence[TraceResult],
    titles: Sequence[str],
    scale: str = "sqrt",
    show_shortcuts: bool = True,
    *,
    height: int | None = None,
    widen: float = 1.0,
    lang: str = DEFAULT_LANG,
) -> list[go.Figure]:
    """One stage-volume figure per trace, all on one scale and in one frame.

    The scale is the largest ``volume_scale`` of the traces, so a 7×7×512 box in one
    figure and a 1×1×512 box in another are drawn with the same units; the scenes
    share ranges and proportions (``align_scenes``), so the same box has the same
    size in pixels in every figure.

    Args:
        traces: the traces compared.
        titles: one title per figure (e.g. the column labels).
        scale: "linear", "sqrt" or "log".
        show_shortcuts: draw the shortcut arcs over each stage.
        height: pixels per figure; volume_figure's default when None.
        widen: passed to ``align_scenes``.
        lang: the language of the legend, labels and hover (titles come as given).

    Returns:
        One plotly figure per trace, in order.

    Raises:
        ValueError: an unknown scale, or titles that do not match the traces.
    """
    if len(titles) != len(traces):
        raise ValueError(f"{len(traces)} traces but {len(titles)} titles")
    if not traces:
        return []
    shared = max(volume_scale(trace, scale) for trace in traces)
    spatial = max(spatial_scale(trace) for trace in traces)
    figs = [
        volume_figure(
            trace,
            "stage",
            scale,
            show_shortcuts,
            shared_scale=shared,
            shared_spatial=spatial,
            lang=lang,
        )
        for trace in traces
    ]
    align_scenes(figs, widen)
    for fig, title in zip(figs, titles, strict=True):
        rule = f"<br><span style='font-size:0.8em'>{scale_rule(scale, lang)}</span>"
        fig.update_layout(title={"text": title + rule})
        if height is not None:
            fig.update_layout(height=height)
    return figs


def _two_lines(name: str) -> str:
    """``name`` broken at its first space when it is longer than ten characters."""
    return name.replace(" ", "<br>", 1) if len(name) > 10 else name


def totals_figure(
    rows: Sequence[dict[str, Any]], *, lang: str = DEFAULT_LANG
) -> go.Figure:
    """Grouped bars of the totals, relative to the first configuration.

    One group per metric (params, MACs, FLOPs, activation memory), one bar per
    configuration. The height is the ratio to the first configuration on a log axis,
    so "40 times fewer" and "2 times more" read alike; captions and hover give the
    absolute values.

    Args:
        rows: the output of resnet_viz.compare.totals_delta.
        lang: the language of the metric names, title, axis title and hover.

    Returns:
        A plotly figure with one Bar trace per configuration.
    """
    names = [metric_name(m, lang) for m in TOTAL_METRICS]
    fig = go.Figure()
    for i, row in enumerate(rows):
        ratios = [row[f"{m}_ratio"] for m in TOTAL_METRICS]
        values = [row[m] for m in TOTAL_METRICS]
        units = [_UNITS.get(m, "") for m in TOTAL_METRICS]
        fig.add_trace(
            go.Bar(
                x=names,
                y=ratios,
                name=row["config"],
                marker={"color": COLUMN_COLORS[i % len(COLUMN_COLORS)]},
                text=[human(v, u) for v, u in zip(values, units, strict=True)],
                textposition="outside",
                cliponaxis=False,
                hovertext=[
                    t(
                        "cf.totals_hover",
                        lang,
                        config=row["config"],
                        metric=name,
                        value=human(v, u),
                        exact=f"{v:,}",
                        ratio=f"{r:.3g}",
                    )
                    if r is not None
                    else ""
                    for name, v, u, r in zip(names, values, units, ratios, strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        barmode="group",
        title={
            "text": t("cf.totals_title", lang),
            "x": 0.01,
            "xanchor": "left",
        },
        # One tick per decade ("×0.01", "×0.1", "×1"): plotly's default log ticks
        # also label 2..9 in every decade, which crowds a short axis.
        yaxis={
            "title": {"text": t("cf.totals_axis", lang)},
            "type": "log",
            "dtick": 1,
            "tickprefix": "×",
        },
        # A long metric name on two lines: on a phone's 350 px "FLOPs (2 × MACs)"
        # ran into "Activation memory" beside it.
        xaxis={
            "tickmode": "array",
            "tickvals": names,
            "ticktext": [_two_lines(n) for n in names],
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.16, "x": 0.0},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        plot_bgcolor="white",
        height=440,
    )
    fig.update_yaxes(gridcolor="#e5e5e5")
    ratios = [
        row[f"{m}_ratio"] for row in rows for m in TOTAL_METRICS if row[f"{m}_ratio"]
    ]
    if ratios:
        # Log axes take their range in decades; leave room for the captions on top.
        lo, hi = math.log10(min(ratios)), math.log10(max(ratios))
        fig.update_yaxes(range=[lo - 0.3, hi + 0.3])
    return fig
