"""Gradient-flow chart: the gradient norm of every main-path conv of a plain net and its
residual twin at initialisation. Imports plotly, the standard library and the i18n
catalogue only (the profiles are plain data from resnet_viz.gradients); never torch or
streamlit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from resnet_viz.i18n import DEFAULT_LANG, t

if TYPE_CHECKING:
    from resnet_viz.gradients import GradientProfile

PLAIN_COLOR = "#ef553b"
RESIDUAL_COLOR = "#636efa"


def log_ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 tick values from ``lo`` to ``hi`` (positive), a few per decade.

    Plotly labels a short log axis with small digits between the powers of ten
    (9 px at its 12 px font); explicit ticks get the axis's full font size.
    """
    out = []
    for k in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        out += [m * 10.0**k for m in (1, 2, 5) if lo <= m * 10.0**k <= hi]
    return out if len(out) >= 2 else [lo, hi]


def _line(profile: GradientProfile, color: str, lang: str) -> go.Scatter:
    main = [
        (d, n, p)
        for d, n, p in zip(profile.depths, profile.norms, profile.paths, strict=True)
        if d
    ]
    return go.Scatter(
        x=[d for d, _, _ in main],
        y=[n for _, n, _ in main],
        mode="lines+markers",
        name=profile.arch,
        line={"color": color, "width": 2},
        marker={"size": 5},
        text=[p for _, _, p in main],
        hovertemplate="%{text}<br>"
        + t("gd.fig_hover", lang)
        + "<extra>"
        + profile.arch
        + "</extra>",
    )


def gradient_figure(
    plain: GradientProfile, residual: GradientProfile, *, lang: str = DEFAULT_LANG
) -> go.Figure:
    """Gradient norm of each main-path conv weight against its depth, log scale.

    Projection-shortcut convs (residual nets with option B) are left out so both lines
    have one point per main-path conv, stem conv first.

    Args:
        plain: the plain net's profile.
        residual: its residual twin's, from the same batch and seed.
        lang: the language of the title, axis titles and hover.

    Returns:
        A plotly figure with two line traces, named after the two nets.

    Raises:
        ValueError: the profiles come from different batches.
    """
    if plain.input_shape != residual.input_shape or plain.seed != residual.seed:
        raise ValueError("the two profiles must share the input shape and the seed")
    n, c, h, w = plain.input_shape
    fig = go.Figure(
        data=[_line(plain, PLAIN_COLOR, lang), _line(residual, RESIDUAL_COLOR, lang)],
    )
    norms = plain.main_norms + residual.main_norms
    ticks = log_ticks(min(norms), max(norms))
    # The title starts below plotly's modebar (top right, ~30 px tall) and stays
    # left-aligned, so a long title on a phone never runs under the toolbar; the
    # legend sits between it and the plot.
    fig.update_layout(
        title={
            "text": t("gd.fig_title", lang, plain=plain.arch, residual=residual.arch),
            "subtitle": {
                "text": t(
                    "gd.fig_subtitle", lang, n=n, shape=f"{c}×{h}×{w}", seed=plain.seed
                ),
                # Plotly sizes a subtitle from the title's font, 10 px under the
                # 14 px title a phone gets: never below the 12 px the page allows.
                "font": {"size": 12},
            },
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 36},
        },
        xaxis_title=t("gd.fig_x", lang),
        yaxis_title=t("gd.fig_y", lang),
        yaxis_type="log",
        yaxis_tickvals=ticks,
        yaxis_ticktext=[f"{v:.3g}" for v in ticks],
        height=500,
        margin={"l": 70, "r": 20, "t": 120, "b": 50},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "xanchor": "left",
        },
        hovermode="closest",
        paper_bgcolor="white",
    )
    return fig
