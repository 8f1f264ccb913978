"""The walkthrough's steps: every layer row once, shapes equal to the trace's, texts
in both languages, for presets and random small configs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.figures.palette import SHORTCUT_STYLES
from resnet_viz.figures.walkthrough import walkthrough_figure
from resnet_viz.i18n import CATALOGUE
from resnet_viz.registry import list_archs
from resnet_viz.walkthrough import (
    clamp_step,
    is_right_answer,
    next_stage_index,
    parse_shape_answer,
    practice_hint,
    stage_starts,
    step_explanation,
    step_title,
    walkthrough_steps,
)

from .strategies import small_specs

SMALL = [
    a
    for a in list_archs()
    if not a.endswith(("101", "152", "1202", "110"))
    and not a.startswith(("resnext101", "wide_resnet101", "vgg19"))
]


def check(trace: rv.TraceResult) -> None:
    """The invariants every lesson keeps."""
    steps = walkthrough_steps(trace)
    by_path = {r.path: r for r in trace.layers}
    assert steps[0].kind == "input"
    assert steps[0].out_shape == trace.input_shape
    # Every layer row exactly once, in execution order.
    assert [p for s in steps for p in s.paths] == [r.path for r in trace.layers]
    for s in steps:
        assert s.index == steps.index(s)
        if s.paths:
            assert s.out_shape == by_path[s.paths[-1]].out_shape, s.id
            if s.kind != "add":
                assert s.in_shape == by_path[s.paths[0]].in_shape, s.id
        for lang in CATALOGUE:
            title, text = step_title(s, lang), step_explanation(s, lang)
            assert title
            assert text
            assert "wt." not in title + text  # no raw catalogue key
    assert steps[-1].out_shape == trace.output_shape
    assert steps[-1].total_params == sum(r.params for r in trace.layers)
    assert steps[-1].total_macs == trace.total_macs
    starts = stage_starts(steps)
    assert next(iter(starts)) == "input"


@pytest.mark.parametrize("arch", SMALL)
def test_every_preset_makes_a_lesson(arch):
    check(rv.trace(arch, 64))


@pytest.mark.parametrize("shortcut", ["A", "B", "C"])
def test_shortcut_options(shortcut):
    steps = walkthrough_steps(rv.trace("resnet20", 32, shortcut=shortcut))
    kinds = [s.kind for s in steps]
    assert "add" in kinds
    if shortcut == "A":
        zero = next(s for s in steps if s.id == "layer2.0.shortcut")
        assert zero.params == 0
        assert zero.out_shape[1:] == (32, 16, 16)
    else:
        assert any(s.kind == "shortcut" and s.params > 0 for s in steps)


def test_resnet18_lesson_follows_the_tutorial():
    steps = walkthrough_steps(rv.trace("resnet18", 224))
    conv1 = steps[1]
    assert conv1.id == "conv1"
    assert conv1.formula == "⌊(224 + 2·3 − 7)/2⌋ + 1 = 112"
    assert ("word.kernel", "7×7") in conv1.hyper
    assert [s.kind for s in steps[1:5]] == ["conv", "bn", "relu", "maxpool"]
    assert steps[2].out_shape == steps[2].in_shape  # BN keeps the shape
    layer2 = next(s for s in steps if s.id == "layer2.0.conv1")
    assert layer2.formula == "⌊(56 + 2·1 − 3)/2⌋ + 1 = 28"
    assert next_stage_index(steps, 1) == steps.index(
        next(s for s in steps if s.stage == "layer1")
    )
    assert [s.kind for s in steps[-2:]] == ["avgpool", "fc"]
    assert sum(s.is_repeat for s in steps) == 4


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=small_specs(), size=st.integers(8, 80))
def test_random_configs(spec, size):
    check(rv.trace(None, size, **spec.to_dict()))


def test_clamp_and_answers():
    assert clamp_step(-4, 10) == 0
    assert clamp_step(99, 10) == 9
    assert parse_shape_answer("56×56×64") == (56, 56, 64)
    assert parse_shape_answer(" 56 x 56 x 64 ") == (56, 56, 64)
    assert parse_shape_answer("1000") == (1000,)
    assert parse_shape_answer("abc") is None
    assert parse_shape_answer("56×56×") == (56, 56)
    assert is_right_answer((56, 56, 64), (1, 64, 56, 56))
    assert not is_right_answer((56, 56, 128), (1, 64, 56, 56))
    assert is_right_answer((1, 1, 1000), (1, 1000))


@pytest.mark.parametrize("arch", ["resnet18", "resnet50", "resnet20", "resnet50d"])
def test_practice_hint_never_gives_the_answer(arch):
    """A wrong prediction's hint is the arithmetic with the result blank ("= ?"):
    no step's output size follows an "=" in it, in either language."""
    steps = walkthrough_steps(rv.trace(arch))
    windows = [s for s in steps if s.formula.startswith(("⌊", "⌈"))]
    assert windows
    for step in steps:
        for lang in ("en", "zh"):
            hint = practice_hint(step, lang)
            assert f"= {step.out_shape[-1]}" not in hint, (step.id, hint)
            if step in windows:
                assert hint == step.formula.rsplit("=", 1)[0] + "= ?"
            elif not step.formula:
                assert hint == CATALOGUE[lang]["wp.hint_none"]


@pytest.mark.parametrize(
    ("arch", "kind", "dash"),
    [("resnet18", "identity", "solid"), ("resnet18", "projection", "dash"),
     ("resnet20", "zero_pad", "dot")],
)  # fmt: skip
def test_add_steps_draw_their_shortcut(arch, kind, dash):
    """An add step draws the tensor its shortcut brings, in the kind's colour, and
    an arc in the block graph's line style; other steps draw two boxes only."""
    trace = rv.trace(arch)
    steps = walkthrough_steps(trace)
    blocks = {b.path: b.shortcut for b in trace.blocks}
    step = next(
        s for s in steps if s.kind == "add" and blocks[s.id[: -len(".add")]] == kind
    )
    fig = walkthrough_figure(trace, step)
    meshes = [d for d in fig.data if d.type == "mesh3d"]
    assert len(meshes) == 3
    assert meshes[1].color == SHORTCUT_STYLES[kind]["color"]
    assert meshes[0].name == CATALOGUE["en"]["wf.main"]
    added = CATALOGUE["en"]["wf.plus"]
    arcs = [d for d in fig.data[3:] if d.mode == "lines" and d.name == added]
    assert [a.line.dash for a in arcs] == [dash]
    conv = walkthrough_figure(trace, steps[1])
    assert len([d for d in conv.data if d.type == "mesh3d"]) == 2


def test_presentation_figure_text_size():
    """text_px sizes every text of the walkthrough figure: labels, title, legend."""
    trace = rv.trace("resnet18")
    step = walkthrough_steps(trace)[12]
    fig = walkthrough_figure(trace, step, title="t", text_px=22, height_px=520)
    texts = [d for d in fig.data if d.type == "scatter3d" and d.mode == "text"]
    assert texts
    assert all(d.textfont.size == 22 for d in texts)
    assert fig.layout.legend.font.size == 22
    assert fig.layout.title.font.size >= 22
    assert fig.layout.height == 520
    plain = walkthrough_figure(trace, step, title="t")
    assert all(
        d.textfont.size < 20
        for d in plain.data
        if d.type == "scatter3d" and d.mode == "text"
    )


def _extent(mesh, axis: str) -> float:
    values = getattr(mesh, axis)
    return max(values) - min(values)


def test_boxes_follow_the_volume_rule():
    """The walkthrough draws H and W linearly and C on the chosen scale, on the
    whole trace's normalisers (the volume figures' rule), and its title says so:
    resnet20's 32×32 image is four times as tall as an 8×8 map of stage 3."""
    trace = rv.trace("resnet20")
    steps = walkthrough_steps(trace)
    image_fig = walkthrough_figure(trace, steps[0])
    step = next(s for s in steps if s.kind != "add" and s.out_shape[2:] == (8, 8))
    fig = walkthrough_figure(trace, step)
    image = [d for d in image_fig.data if d.type == "mesh3d"][-1]
    late = [d for d in fig.data if d.type == "mesh3d"][-1]
    assert _extent(image, "z") / _extent(late, "z") == pytest.approx(32 / 8)
    assert _extent(image, "y") / _extent(late, "y") == pytest.approx(32 / 8)
    channels = step.out_shape[1]
    assert _extent(late, "x") / _extent(image, "x") == pytest.approx(
        (channels / 3) ** 0.5
    )
    rule = CATALOGUE["en"]["vf.rule"].format(c="√C")
    assert rule in fig.layout.title.text
