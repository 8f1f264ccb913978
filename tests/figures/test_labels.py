"""3D text moves into scene annotations: the same words at the same points, nothing
else touched."""

from __future__ import annotations

import copy

import pytest

import resnet_viz as rv
from resnet_viz.figures import block_figure, cost_overview_figure, volume_figure
from resnet_viz.figures.labels import text_to_annotations


def _texts_by_point(fig: dict) -> list[tuple]:
    """(scene, x, y, z, text) of every 3D text in the figure's traces."""
    out = []
    for t in fig["data"]:
        if t.get("type") == "scatter3d" and "text" in (t.get("mode") or ""):
            for i, text in enumerate(t["text"]):
                out.append(
                    (t.get("scene", "scene"), t["x"][i], t["y"][i], t["z"][i], text)
                )
    return out


def _notes_by_point(fig: dict) -> list[tuple]:
    out = []
    for key, scene in fig["layout"].items():
        if key.startswith("scene"):
            for a in scene.get("annotations", []):
                out.append((key, a["x"], a["y"], a["z"], a["text"]))
    return out


@pytest.mark.parametrize(
    "make",
    [
        lambda: volume_figure(rv.trace("resnet34", 224)),
        lambda: volume_figure(rv.trace("resnet20", 32), detail="layer"),
        lambda: block_figure(rv.trace("resnet50", 224), "layer2.0"),
    ],
    ids=["stages", "layers", "block"],
)
def test_every_text_becomes_one_annotation_at_its_point(make):
    before = make().to_dict()
    snapshot = copy.deepcopy(before)
    after = text_to_annotations(before)
    assert before == snapshot  # the input is not modified
    texts = _texts_by_point(before)
    assert texts  # these figures do label their boxes
    assert sorted(_notes_by_point(after), key=str) == sorted(texts, key=str)
    assert _texts_by_point(after) == []
    # Every other trace is kept as it was, in order.
    others = [
        t
        for t in before["data"]
        if not (t.get("type") == "scatter3d" and "text" in (t.get("mode") or ""))
    ]
    assert [t for t in after["data"] if t in others] == others


def test_markers_stay_when_the_text_goes():
    fig = block_figure(rv.trace("resnet18", 224), "layer2.0").to_dict()
    add = next(t for t in fig["data"] if t.get("name") == "add")
    assert add["mode"] == "markers+text"
    after = text_to_annotations(fig)
    kept = next(t for t in after["data"] if t.get("name") == "add")
    assert kept["mode"] == "markers"
    note = next(a for a in after["layout"]["scene"]["annotations"] if a["text"] == "+")
    assert (note["xanchor"], note["yanchor"]) == ("center", "middle")


@pytest.mark.parametrize(
    ("position", "anchors"),
    [
        ("bottom center", ("center", "top")),  # text under the point
        ("top center", ("center", "bottom")),
        ("middle left", ("right", "middle")),
        ("top right", ("left", "bottom")),
    ],
)
def test_text_position_becomes_anchors(position, anchors):
    fig = {
        "data": [
            {
                "type": "scatter3d",
                "mode": "text",
                "x": [1.0],
                "y": [2.0],
                "z": [3.0],
                "text": ["a"],
                "textposition": position,
                "textfont": {"size": 11, "color": "#222222"},
            }
        ],
        "layout": {"scene": {"aspectmode": "data"}},
    }
    after = text_to_annotations(fig)
    assert after["data"] == []
    (note,) = after["layout"]["scene"]["annotations"]
    assert (note["xanchor"], note["yanchor"]) == anchors
    assert note["font"] == {"size": 11, "color": "#222222"}
    assert after["layout"]["scene"]["aspectmode"] == "data"


def test_2d_figures_are_returned_as_they_are():
    fig = cost_overview_figure(rv.trace("resnet18", 224)).to_dict()
    assert text_to_annotations(fig) is fig
