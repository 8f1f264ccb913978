"""scene.scene_figure builds a 3D figure without plotly checking it again: what it
builds must still pass plotly's full validation, for every figure that uses it."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

import resnet_viz as rv
from resnet_viz.figures.scene import merged
from resnet_viz.figures.volumes import block_figure, volume_figure
from resnet_viz.figures.walkthrough import walkthrough_figure
from resnet_viz.figures.zoo import zoo_volume_figure
from resnet_viz.walkthrough import walkthrough_steps
from resnet_viz.zoo import trace_block


def _strictly(fig: go.Figure) -> go.Figure:
    """The figure rebuilt from its dict with every property validated: plotly
    raises ValueError on an unknown property or a bad value."""
    return go.Figure(fig.to_dict())


@pytest.mark.parametrize("arch", ["resnet18", "resnet50d", "resnext50_32x4d"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_scene_figure_passes_plotlys_validation(arch, lang):
    trace = rv.trace(arch, 160)
    figures = [
        volume_figure(trace, lang=lang),
        volume_figure(trace, detail="layer", lang=lang),
        block_figure(trace, trace.blocks[-1].path, lang=lang),
        walkthrough_figure(trace, walkthrough_steps(trace)[3], lang=lang, text_px=20),
    ]
    for fig in figures:
        again = _strictly(fig)
        assert again.to_dict() == fig.to_dict()
        assert fig.layout.scene.camera.projection.type == "orthographic"


def test_the_zoo_figure_passes_plotlys_validation():
    fig = zoo_volume_figure(trace_block("inception", "64x56x56"))
    assert _strictly(fig).to_dict() == fig.to_dict()
    assert fig.layout.showlegend is False  # the caller's layout over the scene's


def test_a_bad_layout_property_is_still_caught_by_the_check():
    fig = volume_figure(rv.trace("resnet18", 64))
    bad = fig.to_dict()
    bad["layout"]["scene"]["camera"]["projection"]["type"] = "fisheye"
    with pytest.raises(ValueError, match="fisheye"):
        go.Figure(bad)


def test_merged_writes_nested_keys_over_and_keeps_the_rest():
    base = {"margin": {"l": 0, "t": 40}, "height": 520, "title": {"text": "a"}}
    extra = {"margin": {"t": 64}, "title": {"font": {"size": 23}}, "meta": {"x": 1}}
    assert merged(base, extra) == {
        "margin": {"l": 0, "t": 64},
        "height": 520,
        "title": {"text": "a", "font": {"size": 23}},
        "meta": {"x": 1},
    }
    assert base["margin"] == {"l": 0, "t": 40}  # not changed in place
