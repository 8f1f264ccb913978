"""The 3D scene toolkit: cuboids in scene units, their meshes, outlines and labels,
and the camera and axes that every volume figure shares.

Imports plotly, the standard library and the palette only: never torch or streamlit.
volumes.py, zoo.py and walkthrough.py build their figures from these pieces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from resnet_viz.figures.palette import EDGE_COLOR
from resnet_viz.i18n import DEFAULT_LANG, t
from resnet_viz.records import Shape

# --- sizes ---------------------------------------------------------------------------
SCALES: dict[str, Callable[[float], float]] = {
    "linear": float,
    "sqrt": math.sqrt,
    "log": lambda v: 1.0 + math.log2(v),
}
TARGET = 10.0  # scene units of the largest side of any tensor in the trace
# Linear scale would shrink 3 input channels next to 2048 to a sliver you cannot see or
# hover; clamp every side to this fraction of the largest (log and sqrt never need it).
MIN_FRACTION = 0.02
# Plotly's orthographic zoom is the aspect ratio's size, and it fits the scene to the
# frame's *height*: at 3.2 the scene's longest side spans ~1.5x the plot height, so it
# fits any frame at least that much wider than tall. MAX_Z keeps scenes that are tall
# for their length (block views, wrapped layer views) inside the frame too.
ZOOM = 3.2
MAX_Z = 1.6
HEIGHT = 520  # px; pages may override with update_layout(height=...)
# What a scene's longest side may span at HEIGHT, in px (measured in Chromium
# screenshots): the layer view wraps its rows to fill it.
X_PX = 1.5 * (HEIGHT - 68)
LABEL_PX = 72  # about the width of "112×112×64" at 12 px
LINE_PX = 16
LABEL_LEVELS = 3
# Marks a 3D figure for the app's chart helper (ui/plot.py) to fit to its column:
# frame height and zoom from the column's width, labels measured and laid out in the
# browser (moved a line, or left to hover, where they would overlap). Also makes room
# for the title's second line (the scale rule).
FIT_TO_COLUMN = {"meta": {"rv_fit": True}, "margin": {"t": 64}}


def hwc(shape: Shape) -> tuple[int, int, int]:
    """(H, W, C) of an (N, C, H, W) tensor; an (N, F) vector is a 1 x 1 x F column."""
    if len(shape) >= 4:
        return shape[2], shape[3], shape[1]
    return 1, 1, shape[-1]


def check_scale(scale: str) -> Callable[[float], float]:
    """The function of a scale name in SCALES; a ValueError names the choices."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)} (got {scale!r})")
    return SCALES[scale]


@dataclass(frozen=True, slots=True)
class Box:
    """One cuboid to draw; sizes are already in scene units."""

    group: str  # legend group: "input", a stage name, "main path", "shortcut", ...
    color: str
    x0: float
    depth: float  # along x, from C
    width: float  # along y, from W
    height: float  # along z, from H
    z: float  # centre height
    label: str
    hover: str

    @property
    def x1(self) -> float:
        return self.x0 + self.depth

    @property
    def xmid(self) -> float:
        return self.x0 + self.depth / 2

    @property
    def top(self) -> float:
        return self.z + self.height / 2

    @property
    def bottom(self) -> float:
        return self.z - self.height / 2


class Sizer:
    """Scaled sides in scene units: f(v) / normaliser * TARGET, clamped below."""

    def __init__(self, scale: str, norm: float) -> None:
        self.f = check_scale(scale)
        if not norm > 0:
            raise ValueError(f"shared_scale must be positive (got {norm!r})")
        self.k = TARGET / norm

    def __call__(self, v: int) -> float:
        return max(self.f(v) * self.k, MIN_FRACTION * TARGET)

    def dims(self, shape: Shape) -> tuple[float, float, float]:
        """(depth from C, width from W, height from H)."""
        h, w, c = hwc(shape)
        return self(c), self(w), self(h)


# The volume figures' rule (issue 13): H and W linear, so "the map halves" reads off
# the picture (32 -> 16 -> 8 is 4:2:1), and C on the chosen scale, so 3 and 2048
# channels both stay visible. The deepest box is DEPTH x TARGET long, the tallest
# TARGET tall.
DEPTH = 0.6


class SplitSizer:
    """Spatial sides linear in H and W, channels on ``scale``: each scaled by its own
    normaliser, so the two rules never distort each other."""

    def __init__(self, scale: str, norm: float, spatial_norm: float) -> None:
        self.f = check_scale(scale)
        if not norm > 0:
            raise ValueError(f"shared_scale must be positive (got {norm!r})")
        if not spatial_norm > 0:
            raise ValueError(f"shared_spatial must be positive (got {spatial_norm!r})")
        self.k = DEPTH * TARGET / norm
        self.ks = TARGET / spatial_norm

    def channels(self, c: int) -> float:
        """Depth of ``c`` channels in scene units."""
        return max(self.f(c) * self.k, MIN_FRACTION * TARGET)

    def spatial(self, v: int) -> float:
        """Width or height of ``v`` pixels in scene units."""
        return max(v * self.ks, MIN_FRACTION * TARGET)

    def dims(self, shape: Shape) -> tuple[float, float, float]:
        """(depth from C, width from W, height from H)."""
        h, w, c = hwc(shape)
        return self.channels(c), self.spatial(w), self.spatial(h)


# --- cuboid geometry -----------------------------------------------------------------
# Vertex v of a unit cube sits at bits (x, y, z) = (v & 1, v >> 1 & 1, v >> 2 & 1).
CORNERS = [(v & 1, v >> 1 & 1, v >> 2 & 1) for v in range(8)]
# Two triangles per face; each face is a 4-cycle of the corners sharing one bit.
FACES = (
    (0, 1, 3, 2),  # z = 0
    (4, 5, 7, 6),  # z = 1
    (0, 1, 5, 4),  # y = 0
    (2, 3, 7, 6),  # y = 1
    (0, 2, 6, 4),  # x = 0
    (1, 3, 7, 5),  # x = 1
)
TRIANGLES = [t for a, b, c, d in FACES for t in ((a, b, c), (a, c, d))]
EDGES = [
    (a, b) for a in range(8) for b in range(a + 1, 8) if bin(a ^ b).count("1") == 1
]


def _corners(box: Box) -> list[tuple[float, float, float]]:
    xs = (box.x0, box.x1)
    ys = (-box.width / 2, box.width / 2)
    zs = (box.bottom, box.top)
    return [(xs[bx], ys[by], zs[bz]) for bx, by, bz in CORNERS]


def _mesh(boxes: Sequence[Box], name: str, showlegend: bool) -> go.Mesh3d:
    """One Mesh3d for many boxes of one colour: a trace per box would make a
    resnet152 layer view hundreds of traces and far slower to build and draw."""
    x: list[float] = []
    y: list[float] = []
    z: list[float] = []
    i: list[int] = []
    j: list[int] = []
    k: list[int] = []
    hover: list[str] = []
    for n, box in enumerate(boxes):
        for cx, cy, cz in _corners(box):
            x.append(cx)
            y.append(cy)
            z.append(cz)
        hover += [box.hover] * 8
        for a, b, c in TRIANGLES:
            i.append(8 * n + a)
            j.append(8 * n + b)
            k.append(8 * n + c)
    return go.Mesh3d(
        x=x,
        y=y,
        z=z,
        i=i,
        j=j,
        k=k,
        color=boxes[0].color,
        opacity=1.0,
        flatshading=True,
        # High ambient light keeps dark palette colours recognisable on shaded faces.
        lighting={"ambient": 0.75, "diffuse": 0.5, "specular": 0.05},
        lightposition={"x": -1000, "y": -2000, "z": 3000},
        hovertext=hover,
        hoverinfo="text",
        name=name,
        legendgroup=name,
        showlegend=showlegend,
    )


def _wireframe(boxes: Sequence[Box], lang: str = DEFAULT_LANG) -> go.Scatter3d:
    """All box outlines as one line trace (None breaks the line between edges)."""
    x: list[float | None] = []
    y: list[float | None] = []
    z: list[float | None] = []
    for box in boxes:
        pts = _corners(box)
        for a, b in EDGES:
            x += [pts[a][0], pts[b][0], None]
            y += [pts[a][1], pts[b][1], None]
            z += [pts[a][2], pts[b][2], None]
    return go.Scatter3d(
        x=x,
        y=y,
        z=z,
        mode="lines",
        line={"color": EDGE_COLOR, "width": 2},
        hoverinfo="skip",
        showlegend=False,
        name=t("vf.outlines", lang),
    )


def mesh_trace(
    boxes: Sequence[Box], name: str, showlegend: bool, legendgroup: str | None = None
) -> go.Mesh3d:
    """One Mesh3d of ``boxes`` (all drawn in the first box's colour), in the legend
    group ``legendgroup`` (default: its name)."""
    mesh = _mesh(boxes, name, showlegend)
    if legendgroup is not None:
        mesh.legendgroup = legendgroup
    return mesh


def outline_trace(boxes: Sequence[Box], lang: str = DEFAULT_LANG) -> go.Scatter3d:
    """The outlines of ``boxes`` as one line trace."""
    return _wireframe(boxes, lang)


def text_trace(
    points: Sequence[tuple[float, float, float, str]],
    position: str,
    name: str,
    size: int = 12,
) -> go.Scatter3d:
    """One text trace of labels at (x, y, z, text) points, in the scene's ink."""
    return go.Scatter3d(
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        z=[p[2] for p in points],
        text=[p[3] for p in points],
        mode="text",
        textposition=position,
        textfont={"size": size, "color": "#222222"},
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def box_traces(
    boxes: Sequence[Box],
    labels: str,
    unit_px: float = math.inf,
    row_baseline: bool = False,
    lang: str = DEFAULT_LANG,
) -> list[go.BaseTraceType]:
    """Meshes (one per legend group, in first-seen order), outlines and labels.

    ``labels`` is "below", "above" or "none". ``unit_px`` estimates screen pixels per
    scene unit, to stagger labels below that would overlap (infinite: none overlap);
    ``row_baseline`` puts all labels of a row under its tallest box.
    """
    groups: dict[str, list[Box]] = {}
    for box in boxes:
        groups.setdefault(box.group, []).append(box)
    traces: list[go.BaseTraceType] = [
        _mesh(members, name, showlegend=True) for name, members in groups.items()
    ]
    traces.append(_wireframe(boxes, lang))
    pad = 0.02 * TARGET
    labelled = [b for b in boxes if b.label]
    if labels == "below":
        pts = []
        baseline: dict[float, float] = {}
        for b in boxes:
            baseline[b.z] = min(baseline.get(b.z, b.bottom), b.bottom)
        # Up to LABEL_LEVELS lines per row: each label takes the highest line whose
        # previous label is a label's width away; a label with no free line is left
        # to hover, as overlapping text helps nobody.
        ends: dict[float, list[float]] = {}  # row -> right end of each line, in px
        for b in labelled:
            base = baseline.get(b.z, b.bottom) if row_baseline else b.bottom
            lines = ends.setdefault(b.z, [-math.inf] * LABEL_LEVELS)
            left = b.xmid * unit_px - LABEL_PX / 2
            level = next((n for n, end in enumerate(lines) if end <= left), None)
            if level is None:
                continue
            lines[level] = left + LABEL_PX
            z = base - pad - level * LINE_PX / unit_px
            pts.append((b.xmid, -b.width / 2, z, b.label))
        traces.append(text_trace(pts, "bottom center", t("vf.labels", lang)))
    elif labels == "above":
        # The back top edge: seen from above, the top face lies above the front one.
        pts = [(b.xmid, b.width / 2, b.top + pad, b.label) for b in labelled]
        traces.append(text_trace(pts, "top center", t("vf.labels", lang)))
    return traces


def _bounds(
    traces: Sequence[go.BaseTraceType], top_pad: float, bottom_pad: float
) -> list[tuple[float, float]]:
    """(min, max) of x, y and z over every trace, padded a little, and z by the given
    pads more, for text drawn away from its anchor (plotly does not count its size)."""
    out = []
    for axis in "xyz":
        vals = [v for t in traces for v in (getattr(t, axis) or ()) if v is not None]
        lo, hi = min(vals), max(vals)
        pad = 0.02 * (hi - lo) + 0.01 * TARGET
        if axis == "z":
            lo, hi = lo - bottom_pad, hi + top_pad
        out.append((lo - pad, hi + pad))
    return out


def merged(base: dict, extra: dict) -> dict:
    """``base`` with ``extra`` written over it, nested dicts merged key by key: what
    plotly's update_layout does to a layout, done on plain dicts."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def scene_figure(
    traces: Sequence[go.BaseTraceType],
    title: str,
    top_pad: float = 0.0,
    bottom_pad: float = 0.0,
    layout: dict | None = None,
) -> go.Figure:
    """The figure of ``traces`` with the shared scene (``scene_layout``) and the
    caller's ``layout`` over it, built in one go.

    Plotly's constructor takes a whole layout at once; ``update_layout`` on a built
    figure walks its property tree key by key and cost about half of a volume
    figure's build time (resnet101 at 227: 75 ms, ~40 of them in update_layout),
    which a class's cache misses pay on every new network or input. The traces were
    validated when they were made, and the layout is this module's own: plotly does
    not check them a second time (tests/figures/test_scene.py validates the result).
    """
    scene = scene_layout(traces, title, top_pad, bottom_pad)
    layout = merged(scene, layout or {})
    return go.Figure(data=list(traces), layout=layout, _validate=False)


def scene_layout(
    traces: Sequence[go.BaseTraceType],
    title: str,
    top_pad: float = 0.0,
    bottom_pad: float = 0.0,
) -> dict:
    """Axes that draw nothing, true proportions, and a camera in front of the row, a
    little to its left and above, so the row reads left to right and the H x W faces
    show.

    Proportions are "manual" ratios equal to the data's own extents, i.e. what
    aspectmode "data" draws, with explicit ranges; plotly's "data" mode normalises the
    ratios to a geometric mean of 1, which puts a long row outside the camera's view.
    """
    # Axes that draw nothing, set as visible axes with no ticks and no title rather
    # than visible=False: plotly's 3D axes vectorise their tick labels and titles
    # into triangles (in JavaScript, on the CPU) even when hidden, and for a hidden
    # axis it ignores the tick settings and falls back to "x", "y", "z" and its
    # automatic ticks. That was 18 strings, ~190 ms of the first 3D figure's
    # Plotly.newPlot in headless Chromium (520 -> 340 ms alone; on a cold server's
    # first page 434-535 -> 276-408 ms). The pictures are pixel-identical, hover
    # included (checked by a screenshot diff).
    hidden = {
        "visible": True,
        "showgrid": False,
        "showbackground": False,
        "showline": False,
        "zeroline": False,
        "showticklabels": False,
        "ticks": "",
        "tickmode": "array",
        "tickvals": [],
        "ticktext": [],
        "showspikes": False,
        "title": {"text": ""},
    }
    bounds = _bounds(traces, top_pad, bottom_pad)
    spans = [hi - lo for lo, hi in bounds]
    zoom = min(ZOOM, MAX_Z * max(spans) / spans[2])
    ratio = {a: zoom * s / max(spans) for a, s in zip("xyz", spans, strict=True)}
    axes = {
        f"{a}axis": {**hidden, "range": list(b), "autorange": False}
        for a, b in zip("xyz", bounds, strict=True)
    }
    return {
        "title": {"text": title, "x": 0.01, "xanchor": "left"},
        "height": HEIGHT,
        "margin": {"l": 0, "r": 0, "t": 40, "b": 28},
        "showlegend": True,
        # In the bottom margin: the top of the frame holds the shortcut captions.
        "legend": {"orientation": "h", "yanchor": "top", "y": 0.0, "x": 0.01},
        "scene": {
            **axes,
            "aspectmode": "manual",
            "aspectratio": ratio,
            "bgcolor": "rgba(0,0,0,0)",
            "camera": {
                "eye": {"x": -0.15, "y": -0.9, "z": 0.4},
                "up": {"x": 0, "y": 0, "z": 1},
                "center": {"x": 0, "y": 0, "z": 0},
                "projection": {"type": "orthographic"},
            },
        },
        "paper_bgcolor": "white",
        "hoverlabel": {"align": "left"},
    }
