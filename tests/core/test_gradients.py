"""Gradient norms at initialisation: real tensors on the CPU, one norm per conv."""

from __future__ import annotations

import math
import time

import pytest
from torch import nn

from resnet_viz.builder import build
from resnet_viz.gradients import (
    PREACT_TWINS,
    gradient_pair,
    gradient_sentences,
    residual_for,
    twin_of,
)
from resnet_viz.registry import ARCHS, ConfigError


def n_convs(arch: str) -> int:
    return sum(isinstance(m, nn.Conv2d) for m in build(ARCHS[arch], "meta").modules())


def test_one_finite_norm_per_conv_layer():
    plain, res = gradient_pair("plain20", "resnet20", 32, batch=2, seed=0)
    for profile, arch in ((plain, "plain20"), (res, "resnet20")):
        assert len(profile.norms) == n_convs(arch) == 19
        assert all(math.isfinite(v) and v > 0 for v in profile.norms)
        assert profile.depths == tuple(range(1, 20))  # option A: no shortcut convs
        assert profile.input_shape == (2, 3, 32, 32)
    assert plain.paths == res.paths


def test_projection_shortcuts_are_counted_but_not_on_the_main_path():
    plain, res = gradient_pair("plain18", "resnet18", 32, batch=2, seed=1)
    assert len(res.norms) == n_convs("resnet18") == 20  # 17 main + 3 projections
    assert len(res.main_norms) == len(plain.main_norms) == 17
    assert sum(d == 0 for d in res.depths) == 3


def test_same_seed_same_numbers():
    a = gradient_pair("plain20", "resnet20", 32, batch=2, seed=7)
    b = gradient_pair("plain20", "resnet20", 32, batch=2, seed=7)
    assert [p.norms for p in a] == [p.norms for p in b]
    c = gradient_pair("plain20", "resnet20", 32, batch=2, seed=8)
    assert c[0].norms != a[0].norms


@pytest.mark.slow
def test_plain56_vs_resnet56_as_measured():
    # What we measured (batch 8 at 32x32, seeds 0-2): at initialisation the plain
    # net's stem conv gets a far LARGER gradient than the residual net's (about 1,300
    # to 2,400 vs 5 to 6), i.e. the plain net's gradient grows, rather than vanishes,
    # towards the input. The residual net's first-layer gradient is therefore not the
    # larger one; this test pins the measured direction, with a wide margin.
    start = time.perf_counter()
    plain, res = gradient_pair("plain56", "resnet56", 32, batch=8, seed=0)
    elapsed = time.perf_counter() - start
    assert len(plain.norms) == len(res.norms) == 55
    assert plain.main_norms[0] > 10 * res.main_norms[0]
    assert plain.spread > 10 * res.spread
    assert elapsed < 60  # a few seconds on a loaded 2-core CPU
    text = " ".join(gradient_sentences(plain, res))
    assert "plain56" in text
    assert "resnet56" in text


def test_twins_and_bad_settings():
    assert twin_of("plain56") == "resnet56"
    assert twin_of("resnet34") == "plain34"
    with pytest.raises(ConfigError) as info:
        twin_of("resnext50_32x4d")
    assert info.value.field == "arch"
    with pytest.raises(ConfigError) as info:
        gradient_pair("plain20", "resnet56")
    assert info.value.field == "arch"
    with pytest.raises(ConfigError) as info:
        gradient_pair("plain20", "resnet20", 32, batch=0)
    assert info.value.field == "batch"
    with pytest.raises(ConfigError) as info:
        gradient_pair("plain34", "resnet34", 512, batch=64)
    assert info.value.field == "input"


def test_residual_for_follows_either_half_of_a_pair():
    offered = ["resnet20", "resnet56", "resnet18"]
    assert residual_for("resnet56", "plain", offered) == "resnet56"
    assert residual_for("plain56", "plain", offered) == "resnet56"
    assert residual_for("resnet152", "plain", offered) is None  # not offered
    assert residual_for("wide_resnet50_2", "plain", offered) is None
    preact = list(PREACT_TWINS)
    assert residual_for("resnetv2_50", "preact", preact) == "resnet50"
    assert residual_for("resnet50", "preact", preact) == "resnet50"
    assert residual_for("resnet56", "preact", preact) is None
