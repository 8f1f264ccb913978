"""Fuzzing the whole configuration space: every input traces correctly or is refused
with a one-line message naming its field. Zero unhandled exceptions."""

from __future__ import annotations

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.registry import OVERRIDE_FIELDS

junk = st.one_of(
    st.text(max_size=12),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.lists(st.integers(-3, 9), max_size=5),
)
plausible = {
    "block": st.sampled_from(["basic", "bottleneck", "Bottleneck", "dense"]),
    "layers": st.lists(st.integers(0, 4), min_size=0, max_size=5).map(
        lambda v: ",".join(map(str, v))
    ),
    "widths": st.lists(st.integers(-2, 96), min_size=1, max_size=5).map(tuple),
    "groups": st.integers(-1, 70),
    "width_per_group": st.integers(0, 200),
    "stem": st.sampled_from(["imagenet", "cifar", "tiny"]),
    "shortcut": st.sampled_from(["A", "B", "C", "b", "Z"]),
    "stride_on": st.sampled_from(["3x3", "1x1", "2x2"]),
    "plain": st.sampled_from([True, False, "true", "maybe"]),
    "classes": st.integers(-5, 2000),
    "in_channels": st.integers(0, 5),
}


@st.composite
def configs(draw: st.DrawFn) -> dict:
    overrides = {}
    for name in draw(
        st.lists(st.sampled_from(OVERRIDE_FIELDS), unique=True, max_size=6)
    ):
        overrides[name] = draw(st.one_of(plausible.get(name, junk), junk))
    side = st.integers(-3, 4096)
    size = draw(
        st.one_of(
            side,
            st.tuples(side, side).map(lambda t: f"{t[0]}x{t[1]}"),
            st.text(max_size=10),
        )
    )
    return {
        "arch": draw(st.sampled_from([*rv.list_archs(), "custom", None, "resnet9"])),
        "input": size,
        "batch": draw(st.one_of(st.integers(-1, 64), st.text(max_size=4))),
        "device": draw(st.sampled_from(["meta", "meta", "cpu", "cuda", "tpu"])),
        **overrides,
    }


def attempt(cfg: dict) -> tuple[rv.TraceResult | None, rv.ConfigError | None]:
    """The trace, or the ConfigError it was refused with (anything else propagates)."""
    try:
        return rv.trace(**cfg), None
    except rv.ConfigError as err:
        return None, err


@settings(max_examples=120)
@given(cfg=configs())
def test_every_config_traces_or_is_refused_clearly(cfg):
    result, err = attempt(cfg)
    if err is not None:
        text = str(err)
        assert "\n" not in text
        assert text.startswith(f"{err.field}: ")
        assert err.field in {*OVERRIDE_FIELDS, "arch", "input", "batch", "device"}
        return
    assert result is not None
    n, c, h, w = result.input_shape
    assert result.output_shape == (n, result.config.classes)
    small = n * c * h * w <= 3 * 96 * 96 and result.total_params < 3e7
    if result.device == "meta" and small:
        model = build(result.config).eval()
        with torch.no_grad():
            out = model(torch.randn(result.input_shape))
        assert tuple(out.shape) == result.output_shape
    last = result.stages[-2]
    assert all(v >= 1 for v in last.out_shape)
    assert math.isfinite(result.total_macs)


RESNETS = [n for n in rv.list_archs() if rv.ARCHS[n].block in ("basic", "bottleneck")]


@settings(max_examples=60)
@given(
    arch=st.sampled_from(RESNETS),
    h=st.integers(1, 4096),
    w=st.integers(1, 4096),
    batch=st.integers(1, 64),
)
def test_every_preset_traces_at_any_size_on_meta(arch, h, w, batch):
    # Every ResNet pads its convs and pools, so any size from 1 up is accepted.
    result = rv.trace(arch, f"{h}x{w}", batch=batch)
    spec = rv.ARCHS[arch]  # the deep stems stride by 4 like the ImageNet one
    stride = 2 ** (len(spec.layers) - 1) * (1 if spec.stem == "cifar" else 4)
    last = result.stages[-2]
    assert last.out_shape[2:] == (math.ceil(h / stride), math.ceil(w / stride))
    assert result.output_shape == (batch, rv.ARCHS[arch].classes)
