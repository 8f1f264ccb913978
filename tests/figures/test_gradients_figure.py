"""The gradient-flow chart, from hand-built profiles (no torch, no backward pass)."""

from __future__ import annotations

import pytest

from resnet_viz.figures.gradients import gradient_figure
from resnet_viz.gradients import GradientProfile


def profile(arch: str, norms: tuple[float, ...], depths: tuple[int, ...], seed=0):
    return GradientProfile(
        arch=arch,
        input_shape=(8, 3, 32, 32),
        seed=seed,
        paths=tuple(f"c{i}" for i in range(len(norms))),
        depths=depths,
        norms=norms,
        loss=2.3,
        seconds=0.1,
    )


def test_two_lines_main_path_only_log_axis():
    plain = profile("plain8", (9.0, 3.0, 1.0), (1, 2, 3))
    res = profile("resnet8", (2.0, 1.5, 0.5, 1.0), (1, 2, 0, 3))
    fig = gradient_figure(plain, res).to_dict()
    lines = fig["data"]
    assert [t["name"] for t in lines] == ["plain8", "resnet8"]
    assert list(lines[1]["x"]) == [1, 2, 3]  # the shortcut conv (depth 0) left out
    assert list(lines[1]["y"]) == [2.0, 1.5, 1.0]
    layout = fig["layout"]
    assert layout["yaxis"]["type"] == "log"
    assert layout["title"]["text"] == "plain8 vs resnet8 at initialisation"
    assert "seed 0" in layout["title"]["subtitle"]["text"]
    assert "8 × 3×32×32" in layout["title"]["subtitle"]["text"]
    # Below plotly's modebar (top right, ~30 px), left-aligned: never under it.
    assert layout["title"]["yref"] == "container"
    assert layout["title"]["pad"]["t"] >= 32
    assert layout["title"]["xanchor"] == "left"
    # Explicit 1-2-5 ticks over the main-path norms (1 to 9): full-size labels, never
    # plotly's small in-between digits.
    assert layout["yaxis"]["tickvals"] == [1.0, 2.0, 5.0]
    assert layout["yaxis"]["ticktext"] == ["1", "2", "5"]


def test_profiles_from_different_batches_are_refused():
    plain = profile("plain8", (1.0,), (1,), seed=0)
    res = profile("resnet8", (1.0,), (1,), seed=1)
    with pytest.raises(ValueError, match="seed"):
        gradient_figure(plain, res)
