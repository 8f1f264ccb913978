"""The latency page's figure: each stage's measured forward time beside its MACs.

Imports plotly, the palette and the i18n catalogue only: never torch (the timings
come in as plain records, resnet_viz.latency.StageTiming) or streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.figures.palette import stage_color
from resnet_viz.i18n import DEFAULT_LANG, stage_label, t


class StageTime(Protocol):
    """What the figure reads of a stage's timing (resnet_viz.latency.StageTiming)."""

    @property
    def name(self) -> str: ...
    @property
    def median_s(self) -> float: ...
    @property
    def macs(self) -> int: ...


def latency_figure(
    timings: Sequence[StageTime], *, title: str = "", lang: str = DEFAULT_LANG
) -> go.Figure:
    """Two bar charts side by side, in stage colours: the median forward time of
    each stage in ms (labelled on the bars) and its MACs.

    Args:
        timings: one timing per stage, in network order.
        title: the figure's title.
        lang: the language of the stage names and subplot titles.

    Returns:
        A plotly figure with two bar traces.
    """
    names = [stage_label(s.name, lang) for s in timings]
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=(t("la.median", lang), t("cf.macs", lang))
    )
    colors = [stage_color(s.name) for s in timings]
    fig.add_bar(
        x=names,
        y=[s.median_s * 1e3 for s in timings],
        marker_color=colors,
        text=[f"{s.median_s * 1e3:.2f}" for s in timings],
        row=1,
        col=1,
    )
    fig.add_bar(x=names, y=[s.macs for s in timings], marker_color=colors, row=1, col=2)
    fig.update_layout(
        showlegend=False,
        height=380,
        margin=dict(t=40, b=20, l=20, r=20),
        title=title,
    )
    return fig
