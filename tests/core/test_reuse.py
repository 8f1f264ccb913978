"""The block-reuse shortcut is still a real trace: it equals a full trace exactly."""

from __future__ import annotations

import dataclasses

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.registry import ARCHS
from resnet_viz.trace import trace_spec

from .strategies import small_specs

META = torch.device("meta")


@pytest.mark.parametrize("arch", rv.list_archs())
def test_every_preset_equals_the_full_trace(arch):
    spec = ARCHS[arch]
    shape = (1, 3, 32, 32) if spec.stem == "cifar" else (1, 3, 224, 224)
    fast = trace_spec(spec, shape, META, arch)
    full = trace_spec(spec, shape, META, arch, reuse_blocks=False)
    assert fast == full
    assert len(fast.blocks) == sum(spec.layers)


@given(
    spec=small_specs(),
    deep=st.lists(st.integers(1, 5), min_size=1, max_size=4),
    h=st.integers(1, 48),
    n=st.integers(1, 2),
)
def test_random_configs_equal_the_full_trace(spec, deep, h, n):
    layers = tuple(deep[: len(spec.layers)]) + spec.layers[len(deep) :]
    spec = dataclasses.replace(spec, layers=layers)
    shape = (n, spec.in_channels, h, h)
    assert trace_spec(spec, shape, META, "x") == trace_spec(
        spec, shape, META, "x", reuse_blocks=False
    )


def test_cpu_reuse_equals_cpu_full():
    spec = ARCHS["resnet56"]
    fast = trace_spec(spec, (2, 3, 20, 24), torch.device("cpu"), "resnet56")
    full = trace_spec(
        spec, (2, 3, 20, 24), torch.device("cpu"), "resnet56", reuse_blocks=False
    )
    assert fast == full
