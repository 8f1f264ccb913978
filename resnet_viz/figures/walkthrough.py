"""The walkthrough's 3D picture: the tensor before a step, in grey, beside its output.

Imports plotly, the 3D scene toolkit, the palette, volumes' scale and the walkthrough's
Step only: never torch or streamlit. The title comes in as an argument; the legend's
words default to the catalogue's in ``lang``. An add step also draws the shortcut that
the main path's output is added to, in its kind's colour and line (the block graph's).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from resnet_viz.figures.palette import SHORTCUT_STYLES, stage_color
from resnet_viz.figures.scene import (
    TARGET,
    Box,
    SplitSizer,
    box_traces,
    scene_figure,
    text_trace,
)
from resnet_viz.figures.volumes import (
    scale_rule,
    spatial_scale,
    volume_scale,
    volume_text,
)
from resnet_viz.i18n import DEFAULT_LANG, t
from resnet_viz.records import TraceResult
from resnet_viz.walkthrough import Step

_BEFORE_COLOR = "#d9d9d9"
_HEIGHT = 380
_DASH = {"dashed": "dash", "dotted": "dot", "solid": "solid"}


def _shortcut_kind(trace: TraceResult, step: Step) -> str | None:
    """The shortcut kind of an add step's block ("identity", "projection", ...), or
    None for any other step (or a block without a shortcut)."""
    if step.kind != "add":
        return None
    path = step.id.removesuffix(".add")
    kind = next((b.shortcut for b in trace.blocks if b.path == path), None)
    return kind if kind in SHORTCUT_STYLES else None


def _shortcut_arc(
    start: Box, end: Box, kind: str, label: str, text_px: int
) -> list[go.Scatter3d]:
    """A curved line over the row from ``start``'s top to ``end``'s top, dashed or
    dotted as the block graph draws ``kind``, with ``label`` at its apex."""
    style = SHORTCUT_STYLES[kind]
    lift = 0.25 * TARGET + max(start.top, end.top)
    n = 24
    xs, zs = [], []
    for i in range(n + 1):
        f = i / n
        xs.append(start.xmid + f * (end.xmid - start.xmid))
        # A half ellipse: from each top up to the lift and back down.
        top = start.top + f * (end.top - start.top)
        zs.append(top + (lift - top) * math.sin(math.pi * f))
    line = go.Scatter3d(
        x=xs,
        y=[0.0] * len(xs),
        z=zs,
        mode="lines",
        line={"color": style["color"], "width": 6, "dash": _DASH[style["style"]]},
        hoverinfo="skip",
        showlegend=False,
        name=label,
    )
    mid = n // 2
    text = text_trace([(xs[mid], 0.0, zs[mid], label)], "top center", label, text_px)
    return [line, text]


def walkthrough_figure(
    trace: TraceResult,
    step: Step,
    *,
    scale: str = "sqrt",
    before: str | None = None,
    after: str | None = None,
    title: str = "",
    lang: str = DEFAULT_LANG,
    text_px: int | None = None,
    height_px: int = _HEIGHT,
) -> go.Figure:
    """Two cuboids: the step's input tensor (grey) and its output (stage colour).

    Both are sized by the volume figures' rule on the whole trace's normalisers
    (``volume_scale`` for C, ``spatial_scale`` for H and W, which are linear), so a
    box keeps its size from one step to the next, a map that halves is drawn half as
    tall, and the title's second line states the rule.

    Args:
        trace: the traced network the step belongs to.
        step: the step to draw; the input step draws the image alone.
        scale: "linear", "sqrt" or "log": the channel scale (H and W are linear).
        before: legend name of the input tensor ("before" in ``lang`` if None).
        after: legend name of the output tensor, the highlighted one ("after" in
            ``lang`` if None).
        title: the figure's title.
        lang: the language of the default legend names and the hover.
        text_px: the size of every text of the figure (labels, title, legend), for
            a projector; None keeps the scene toolkit's sizes.
        height_px: the figure's height.

    Returns:
        A plotly figure with one Mesh3d per box, one outline trace and one label
        trace; an add step adds a box for the tensor its shortcut brings and the
        shortcut's arc (a line and its label).
    """
    size = SplitSizer(scale, volume_scale(trace, scale), spatial_scale(trace))
    before = t("word.before", lang) if before is None else before
    after = t("wf.after", lang) if after is None else after
    kind = _shortcut_kind(trace, step)
    if kind is not None:  # an add's input is the main path's output, F(x)
        before = t("wf.main", lang)
    shapes = [(before, _BEFORE_COLOR, step.in_shape)] if step.kind != "input" else []
    if kind is not None:
        # What the add sums: the main path's output (grey) and what the shortcut
        # brings, of the same shape (an identity's input, or a projection's output).
        shortcut_name = t("wf.shortcut", lang, kind=t(f"sc.{kind}", lang))
        shapes.append((shortcut_name, SHORTCUT_STYLES[kind]["color"], step.out_shape))
    shapes.append((after, stage_color(step.stage), step.out_shape))
    boxes = []
    x = 0.0
    for name, color, shape in shapes:
        depth, width, height = size.dims(shape)
        text = volume_text(shape)
        boxes.append(
            Box(
                group=name,
                color=color,
                x0=x,
                depth=depth,
                width=width,
                height=height,
                z=0.0,
                label=text,
                hover=t("wf.hover", lang, name=name, shape=text),
            )
        )
        x += depth + 0.3 * TARGET
    traces = box_traces(boxes, labels="below", lang=lang)
    top_pad = 0.0
    if kind is not None:
        traces += _shortcut_arc(
            boxes[1], boxes[2], kind, t("wf.plus", lang), text_px or 14
        )
        top_pad = 0.1 * TARGET
    rule = f"<span style='font-size:0.8em'>{scale_rule(scale, lang)}</span>"
    title = f"{title}<br>{rule}" if title else rule
    layout: dict = {"height": height_px}
    if text_px is not None:
        for drawn in traces:
            if getattr(drawn, "mode", None) == "text":
                drawn.textfont.size = text_px
        layout |= {
            "font": {"size": text_px},
            "title": {"font": {"size": round(text_px * 1.15)}},
            "margin": {"t": round(text_px * 3.6)},
            "legend": {"font": {"size": text_px}},
        }
    return scene_figure(traces, title, top_pad, 0.08 * TARGET, layout)
