"""Gradient-flow chart: the gradient norm of every main-path conv of a plain net and its
residual twin at initialisation. Imports plotly and the standard library only (the
profiles are plain data from resnet_viz.gradients); never torch or streamlit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from resnet_viz.gradients import GradientProfile

PLAIN_COLOR = "#ef553b"
RESIDUAL_COLOR = "#636efa"


def _line(profile: GradientProfile, color: str) -> go.Scatter:
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
        hovertemplate="%{text}<br>conv %{x}<br>‖∂L/∂W‖ = %{y:.3g}<extra>"
        + profile.arch
        + "</extra>",
    )


def gradient_figure(plain: GradientProfile, residual: GradientProfile) -> go.Figure:
    """Gradient norm of each main-path conv weight against its depth, log scale.

    Projection-shortcut convs (residual nets with option B) are left out so both lines
    have one point per main-path conv, stem conv first.

    Args:
        plain: the plain net's profile.
        residual: its residual twin's, from the same batch and seed.

    Returns:
        A plotly figure with two line traces, named after the two nets.

    Raises:
        ValueError: the profiles come from different batches.
    """
    if plain.input_shape != residual.input_shape or plain.seed != residual.seed:
        raise ValueError("the two profiles must share the input shape and the seed")
    n, c, h, w = plain.input_shape
    fig = go.Figure(
        data=[_line(plain, PLAIN_COLOR), _line(residual, RESIDUAL_COLOR)],
    )
    fig.update_layout(
        title=(
            f"{plain.arch} vs {residual.arch} at initialisation · one random batch "
            f"of {n} × {c}×{h}×{w} · seed {plain.seed}"
        ),
        xaxis_title="main-path conv (1 = stem conv, input side)",
        yaxis_title="‖∂loss/∂weight‖ (log scale)",
        yaxis_type="log",
        height=460,
        margin={"l": 70, "r": 20, "t": 60, "b": 50},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 1.0,
            "xanchor": "right",
        },
        hovermode="closest",
        paper_bgcolor="white",
    )
    return fig
