"""The walkthrough's 3D picture: the tensor before a step, in grey, beside its output.

Imports plotly, the 3D scene toolkit, the palette, volumes' scale and the walkthrough's
Step only: never torch or streamlit. The title comes in as an argument; the legend's
words default to the catalogue's in ``lang``.
"""

from __future__ import annotations

import plotly.graph_objects as go

from resnet_viz.figures.palette import stage_color
from resnet_viz.figures.scene import TARGET, Box, Sizer, box_traces, scene_layout
from resnet_viz.figures.volumes import volume_scale, volume_text
from resnet_viz.i18n import DEFAULT_LANG, t
from resnet_viz.records import TraceResult
from resnet_viz.walkthrough import Step

_BEFORE_COLOR = "#d9d9d9"
_HEIGHT = 380


def walkthrough_figure(
    trace: TraceResult,
    step: Step,
    *,
    scale: str = "sqrt",
    before: str | None = None,
    after: str | None = None,
    title: str = "",
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """Two cuboids: the step's input tensor (grey) and its output (stage colour).

    Both are sized on the whole trace's scale (``volume_scale``), so a box keeps its
    size from one step to the next and a shrinking map is visible as such.

    Args:
        trace: the traced network the step belongs to.
        step: the step to draw; the input step draws the image alone.
        scale: "linear", "sqrt" or "log".
        before: legend name of the input tensor ("before" in ``lang`` if None).
        after: legend name of the output tensor, the highlighted one ("after" in
            ``lang`` if None).
        title: the figure's title.
        lang: the language of the default legend names and the hover.

    Returns:
        A plotly figure with one Mesh3d per box, one outline trace and one label trace.
    """
    size = Sizer(scale, volume_scale(trace, scale))
    before = t("wf.before", lang) if before is None else before
    after = t("wf.after", lang) if after is None else after
    shapes = [(before, _BEFORE_COLOR, step.in_shape)] if step.kind != "input" else []
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
    fig = go.Figure(box_traces(boxes, labels="below", lang=lang))
    scene_layout(fig, title, bottom_pad=0.08 * TARGET)
    fig.update_layout(height=_HEIGHT)
    return fig
