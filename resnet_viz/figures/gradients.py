"""Gradient-flow chart: the gradient norm of every main-path conv of a plain net and its
residual twin at initialisation. Imports plotly, the standard library and the i18n
catalogue only (the profiles are plain data from resnet_viz.gradients); never torch or
streamlit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from resnet_viz.i18n import DEFAULT_LANG, t

if TYPE_CHECKING:
    from resnet_viz.gradients import GradientProfile

PLAIN_COLOR = "#ef553b"
RESIDUAL_COLOR = "#636efa"


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
    # The title starts below plotly's modebar (top right, ~30 px tall) and stays
    # left-aligned, so a long title on a phone never runs under the toolbar; the
    # legend sits between it and the plot.
    fig.update_layout(
        title={
            "text": t("gd.fig_title", lang, plain=plain.arch, residual=residual.arch),
            "subtitle": {
                "text": t(
                    "gd.fig_subtitle", lang, n=n, shape=f"{c}×{h}×{w}", seed=plain.seed
                )
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
