"""Comparison figures: volumes share one scale and one frame; totals are grouped bars.
Checked through fig.to_dict()-level properties, never pixels."""

from __future__ import annotations

import pytest

import resnet_viz as rv
from resnet_viz.compare import TOTAL_METRICS, metric_name, totals_delta
from resnet_viz.figures.compare import (
    compare_volume_figures,
    shortcuts_differ,
    totals_figure,
)
from resnet_viz.figures.volumes import spatial_scale, volume_figure, volume_scale


@pytest.fixture(scope="module")
def traces():
    return [
        rv.trace("resnet18", 224),
        rv.trace("resnet18", 32),
        rv.trace("resnet20", 32),
    ]


def box_sizes(fig, name: str) -> tuple[float, float, float]:
    """(x, y, z) extents of the first box of the mesh ``name``."""
    mesh = next(t for t in fig.data if t.name == name)
    return tuple(max(v[:8]) - min(v[:8]) for v in (mesh.x, mesh.y, mesh.z))


def test_volumes_share_scale_ranges_and_proportions(traces):
    figs = compare_volume_figures(traces, ["a", "b", "c"], height=300)
    # The column's title, then the scaling rule every volume figure states.
    titles = [f.layout.title.text.split("<br>") for f in figs]
    assert [t[0] for t in titles] == ["a", "b", "c"]
    assert all("box height ∝ H, width ∝ W, depth ∝ √C" in t[1] for t in titles)
    assert all(f.layout.height == 300 for f in figs)
    scenes = [f.layout.scene for f in figs]
    for axis in ("xaxis", "yaxis", "zaxis"):
        assert len({tuple(getattr(s, axis).range) for s in scenes}) == 1
    assert (
        len({(s.aspectratio.x, s.aspectratio.y, s.aspectratio.z) for s in scenes}) == 1
    )
    # The stem of resnet18 at 32 is drawn with resnet18-at-224's units: the same
    # 64 channels give the same depth, and 8 px vs 56 px follow the scale.
    a, b = box_sizes(figs[0], "stem"), box_sizes(figs[1], "stem")
    assert a[0] == pytest.approx(b[0])
    assert a[2] / b[2] == pytest.approx(56 / 8)  # H is linear on the shared scale
    shared = max(volume_scale(t, "sqrt") for t in traces)
    spatial = max(spatial_scale(t) for t in traces)
    alone = volume_figure(traces[2], shared_scale=shared, shared_spatial=spatial)
    assert box_sizes(figs[2], "layer3") == pytest.approx(box_sizes(alone, "layer3"))
    texts = [t for f in figs for d in f.data if d.name == "labels" for t in d.text]
    assert "1×1×512" in texts
    assert "7×7×512" in texts


def test_totals_figure_groups_one_bar_per_config(traces):
    rows = totals_delta(traces, ["a", "b", "c"])
    fig = totals_figure(rows)
    assert [t.name for t in fig.data] == ["a", "b", "c"]
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.type == "log"
    assert list(fig.data[0].x) == [metric_name(m) for m in TOTAL_METRICS]
    assert list(fig.data[0].y) == [1.0, 1.0, 1.0, 1.0]
    assert fig.data[2].y[0] == pytest.approx(269_722 / 11_689_512)
    assert fig.data[1].text[0] == "11.7 M"


def test_shortcuts_are_the_point_when_they_differ():
    same = [rv.trace("resnet18", 224), rv.trace("resnet18", 32)]
    assert not shortcuts_differ(same)
    abc = [rv.trace("resnet34", 64, shortcut=s) for s in "ABC"]
    assert shortcuts_differ(abc)
    assert shortcuts_differ([rv.trace("resnet18", 64), rv.trace("plain18", 64)])
