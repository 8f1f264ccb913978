"""Property tests over random small configurations and input sizes."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from resnet_viz.builder import build
from resnet_viz.stats import output_field
from resnet_viz.trace import trace_spec

from .strategies import small_specs

sizes = st.integers(1, 70)


def _run(spec, n, h, w, device):
    return trace_spec(spec, (n, spec.in_channels, h, w), torch.device(device), "custom")


@given(spec=small_specs(), h=sizes, w=sizes, n=st.integers(1, 3))
def test_meta_equals_cpu_equals_plain_forward(spec, h, w, n):
    meta = _run(spec, n, h, w, "meta")
    cpu = _run(spec, n, h, w, "cpu")
    assert dataclasses.replace(meta, device="cpu") == cpu
    model = build(spec).eval()
    with torch.no_grad():
        out = model(torch.randn(n, spec.in_channels, h, w))
    assert meta.output_shape == tuple(out.shape)


@given(spec=small_specs(), h=sizes, w=sizes)
def test_rows_sum_to_totals(spec, h, w):
    result = _run(spec, 1, h, w, "meta")
    assert sum(r.params for r in result.layers) == result.total_params
    assert sum(s.params for s in result.stages) == result.total_params
    assert sum(s.macs for s in result.stages) == result.total_macs
    assert sum(b.macs for b in result.blocks) == sum(
        s.macs for s in result.stages if s.name.startswith("layer")
    )
    model = build(spec, "meta")
    assert result.total_params == sum(p.numel() for p in model.parameters())
    assert [b.shortcut == "none" for b in result.blocks] == [spec.plain] * sum(
        spec.layers
    )


@given(spec=small_specs(), h=sizes, n=st.integers(2, 5))
def test_macs_scale_linearly_with_batch(spec, h, n):
    one = _run(spec, 1, h, h, "meta")
    many = _run(spec, n, h, h, "meta")
    assert many.total_macs == n * one.total_macs
    assert many.total_activation_bytes == n * one.total_activation_bytes
    assert many.total_params == one.total_params


@given(spec=small_specs(), h=sizes, w=sizes)
def test_last_stage_size_is_ceil_of_total_stride(spec, h, w):
    # Every striding op here rounds up (k3 p1 s2, k1 p0 s2, k7 p3 s2), so the last
    # stage is ceil(H / total stride) per side.
    stride = 2 ** (len(spec.layers) - 1) * (1 if spec.stem == "cifar" else 4)
    last = _run(spec, 1, h, w, "meta").stages[-2]
    assert last.out_shape[2:] == (math.ceil(h / stride), math.ceil(w / stride))


@given(spec=small_specs(), h=st.integers(1, 40))
def test_flop_counter_agrees_with_two_times_macs(spec, h):
    result = _run(spec, 2, h, h, "meta")
    model = build(spec, "meta").eval()
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        model(torch.randn(2, spec.in_channels, h, h, device="meta"))
    assert counter.get_total_flops() == result.total_flops == 2 * result.total_macs


@given(spec=small_specs(), h=st.integers(4, 48))
def test_torchinfo_agrees_per_layer(spec, h):
    torchinfo = pytest.importorskip("torchinfo")
    model = build(spec).eval()
    stats = torchinfo.summary(
        model,
        input_size=(1, spec.in_channels, h, h),
        verbose=0,
        device="cpu",
        mode="eval",
    )
    theirs = [
        (info.class_name, tuple(info.output_size), info.num_params)
        for info in stats.summary_list
        if info.is_leaf_layer
    ]
    result = _run(spec, 1, h, h, "meta")
    ours = [(r.kind, r.out_shape, r.params) for r in result.layers]
    assert ours == theirs
    assert stats.total_params == result.total_params


@given(
    spec=small_specs(stem="cifar"),
    data=st.data(),
)
def test_receptive_field_equals_gradient_support(spec, data):
    # With positive weights, identity BN and a positive input nothing cancels and no
    # ReLU blocks, so the input pixels that influence one output pixel of the last stage
    # are exactly its receptive field (when it fits inside the image). The CIFAR stem
    # is used because a max-pool routes the gradient to one pixel per window.
    result = _run(spec, 1, 8, 8, "meta")
    # After the last add: a pre-activation block may end on its shortcut's row.
    field, jumps = output_field(
        [r for r in result.layers if r.stage.startswith("layer")]
    )
    rf, jump = field[0], jumps[0]
    size = data.draw(st.integers(rf + 2 * jump, rf + 4 * jump + 8))
    model = build(spec).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d):
                m.weight.fill_(1.0 / m.weight[0].numel())
    x = torch.rand(1, spec.in_channels, size, size) + 0.5
    x.requires_grad_(True)
    features = {}
    stage = getattr(model, model.stage_names[-1])
    handle = stage.register_forward_hook(lambda m, a, o: features.setdefault("y", o))
    model(x)
    handle.remove()
    y = features["y"]
    cy = y.shape[2] // 2
    y[0, :, cy, cy].sum().backward()
    rows = (x.grad[0].abs().sum(dim=(0, 2)) > 0).nonzero().flatten()
    cols = (x.grad[0].abs().sum(dim=(0, 1)) > 0).nonzero().flatten()
    # The centre pixel's window starts at cy * jump - (rf - 1) / 2 (padding centres it).
    lo = cy * jump - (rf - 1) // 2
    if lo >= 0 and lo + rf <= size:
        assert int(rows[-1] - rows[0]) + 1 == rf
        assert int(cols[-1] - cols[0]) + 1 == rf
