"""Hypothesis strategies for small, valid network configurations."""

from __future__ import annotations

from hypothesis import strategies as st

from resnet_viz.registry import ArchSpec, ConfigError, validate_spec


@st.composite
def small_specs(draw: st.DrawFn, stem: str | None = None) -> ArchSpec:
    """A random ArchSpec small enough to run on the CPU in milliseconds."""
    block = draw(st.sampled_from(["basic", "bottleneck"]))
    n_stages = draw(st.integers(1, 4))
    layers = tuple(
        draw(st.lists(st.integers(1, 2), min_size=n_stages, max_size=n_stages))
    )
    groups = draw(st.sampled_from([1, 2, 4]))
    base = draw(st.sampled_from([4, 8]))
    widths = tuple(base * groups * 2**i for i in range(n_stages))
    spec = ArchSpec(
        block=block,
        layers=layers,
        widths=widths,
        groups=groups,
        width_per_group=64
        if block == "basic"
        else draw(st.sampled_from([16, 64, 128])),
        stem=stem
        or draw(st.sampled_from(["imagenet", "cifar", "deep", "deep-wide", "tiered"])),
        shortcut=draw(st.sampled_from(["A", "B", "C", "D"])),
        stride_on="3x3" if block == "basic" else draw(st.sampled_from(["3x3", "1x1"])),
        plain=draw(st.booleans()),
        classes=draw(st.integers(1, 12)),
        in_channels=draw(st.integers(1, 4)),
        order=draw(st.sampled_from(["post", "pre"])),
        width_factor=draw(st.sampled_from([1, 1, 2])),
    )
    try:
        return validate_spec(spec)
    except ConfigError:
        from hypothesis import assume

        assume(False)
        raise
