"""Per-stage latency: one real timing per stage, and polite refusals."""

from __future__ import annotations

import pytest

import resnet_viz as rv
from resnet_viz.latency import stage_latency


def test_one_positive_timing_per_stage_with_the_traced_macs():
    timings = stage_latency("resnet20", 32, device="cpu", min_run_time_s=0.01)
    expected = rv.trace("resnet20", 32)
    assert [t.name for t in timings] == [s.name for s in expected.stages]
    assert [t.macs for t in timings] == [s.macs for s in expected.stages]
    assert all(t.median_s > 0 and t.runs >= 1 for t in timings)
    assert all(t.gmacs_per_s > 0 for t in timings if t.macs)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"device": "meta"}, "device"),
        ({"device": "cpu", "batch": 4096, "input": 512}, "device"),
        ({"device": "cpu", "input": "0"}, "input"),
    ],
)
def test_refusals_name_the_field(kwargs, field):
    args = {"input": 224, **kwargs}
    with pytest.raises(rv.ConfigError) as info:
        stage_latency("resnet50", **args)
    assert info.value.field == field
