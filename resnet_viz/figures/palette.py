"""The app's colours, each written once: stages in the 3D figures, charts and DOT
graphs, shortcuts, and the block zoo's branch rows.

Plain data and one lookup; imports only records, so every figure module may use it.
"""

from __future__ import annotations

from resnet_viz.records import body_stage_index

# --- plotly figures (3D volumes, charts, the zoo's rows) ------------------------------
# plotly's qualitative set, fixed so "layer3" has one colour on every page and in every
# comparison, whatever the depth of the net (registry.MAX_STAGES is 8): the stem takes
# the first colour and layer1..layer8 the rest; the zoo colours its branches in order.
QUALITATIVE = (
    "#636efa",
    "#ef553b",
    "#00cc96",
    "#ab63fa",
    "#ffa15a",
    "#19d3f3",
    "#ff6692",
    "#b6e880",
    "#fecb52",
)
INPUT_COLOR = "#c7c7c7"
STEM_COLOR = QUALITATIVE[0]
LAYER_COLORS = QUALITATIVE[1:]
HEAD_COLOR = "#7f7f7f"
SHORTCUT_COLOR = "#8c8c8c"
ZERO_COLOR = "#f2f2f2"  # the zero channels a type-A shortcut pads with
EDGE_COLOR = "#333333"  # cuboid outlines
MERGE_COLOR = "#9a9a9a"  # the zoo's adds and concats
# Compare's totals chart: one colour per configuration (①..④), not per stage, in
# tableau hues apart from the stage colours so a bar never reads as a stage.
COLUMN_COLORS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2")

# --- DOT graphs (the block graph, the zoo's branch graph) -----------------------------
INK = "#4a5563"  # borders, main-path edges and their labels


def tint(colour: str, amount: float) -> str:
    """``colour`` (#rrggbb) mixed with white: 0 keeps it, 1 gives white.

    The DOT graphs fill a stage's nodes with a pale tint of its colour, so black
    text stays readable, and draw the border in the colour itself.
    """
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


# (fill, border) per stage, in order layer1, layer2, ...: the same hue as the stage's
# colour in the 3D views and charts (LAYER_COLORS), so "layer3" is one colour in every
# figure, graph and chart (issue 13); the fill is a pale tint, the border the colour.
STAGE_COLOURS = tuple((tint(c, 0.8), c) for c in LAYER_COLORS)
END_COLOURS = ("#eeeeee", "#777777")  # stem, head, input and output
# DOT attributes of each shortcut kind's edge; "none" (plain nets) draws no edge.
SHORTCUT_STYLES = {
    "identity": {"style": "solid", "color": "#8c8c8c", "fontcolor": "#6b6b6b"},
    "projection": {"style": "dashed", "color": "#c0392b", "fontcolor": "#a5281b"},
    "zero_pad": {"style": "dotted", "color": "#2e6da4", "fontcolor": "#24598a"},
    # ResNet-D (He et al. 2019): a projection too, dashed, in its own colour.
    "avg_projection": {"style": "dashed", "color": "#7d3c98", "fontcolor": "#6c3483"},
}


def stage_color(name: str) -> str:
    """The fixed colour of a stage: "input", "stem", "layer1".."layer8" or "head".

    Args:
        name: a StageRecord name, or "input" for the network's input tensor.

    Returns:
        A CSS hex colour; unknown names get the head's grey.
    """
    if name == "input":
        return INPUT_COLOR
    if name == "stem":
        return STEM_COLOR
    index = body_stage_index(name)
    if index is not None:
        return LAYER_COLORS[(index - 1) % len(LAYER_COLORS)]
    return HEAD_COLOR
