"""Per-stage forward latency on a real device, measured with torch.utils.benchmark.

Imports torch and the core; never streamlit. The app shows the result next to the
MACs of each stage, so a user sees where time goes and how fast each stage runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils import benchmark

from .budget import Abandoned, Budget, check_forward, library_budget
from .builder import build
from .registry import ConfigError
from .trace import parse_device, trace


@dataclass(frozen=True, slots=True)
class StageTiming:
    """Median forward time of one stage (stem, layerK or head) on one device."""

    name: str
    median_s: float
    iqr_s: float  # interquartile range of the timed blocks: the noise to read it by
    runs: int  # forward calls timed (after warm-up)
    macs: int

    @property
    def gmacs_per_s(self) -> float:
        """Achieved throughput: this stage's MACs over its median time."""
        return self.macs / self.median_s / 1e9 if self.median_s > 0 else 0.0


def network_pieces(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The network cut into stem, stages and head, each a callable module; chained
    they compute the whole forward pass (tests check it for every stem and order).

    Args:
        model: a network from ``resnet_viz.builder.build``.

    Returns:
        ("stem", module), ("layer1", module), ..., ("head", module).
    """
    # The builder's own lists: a deep stem is one conv1 Sequential, a pre-activation
    # stem has no BN-ReLU, and its head starts with the final BN-ReLU.
    stem = list(getattr(model, "stem_names", ()))
    head = nn.Sequential(
        *(getattr(model, n) for n in getattr(model, "head_names", ("avgpool",))),
        nn.Flatten(1),
        model.fc,
    )
    return [
        ("stem", nn.Sequential(*(getattr(model, n) for n in stem))),
        *((name, getattr(model, name)) for name in model.stage_names),
        ("head", head),
    ]


def stage_latency(
    arch: str | None = "resnet18",
    input: int | str | tuple[int, ...] = 224,
    *,
    batch: int = 1,
    device: str = "cpu",
    min_run_time_s: float = 0.2,
    memory_budget_bytes: int | None = None,
    budget: Budget | None = None,
    should_stop: Callable[[], bool] | None = None,
    **overrides: object,
) -> list[StageTiming]:
    """Time each stage's forward pass: warm-up, then repeated blocks, median.

    ``torch.utils.benchmark.Timer`` synchronises CUDA around each measurement, so GPU
    times are real kernel times, not launch times.

    Args:
        arch, input, batch, overrides: as for ``resnet_viz.trace``.
        device: "cpu" or "cuda" (meta has no time to measure).
        min_run_time_s: how long to keep timing each stage.
        memory_budget_bytes: refuse when input, weights and activations would
            exceed this (the library's 2 GiB by default).
        budget: the full limits (resnet_viz.budget), checked on a meta trace first;
            a server passes its own (memory and MACs per forward pass).
        should_stop: asked between stages; when it answers True the timing ends
            early with ``Abandoned`` (the visitor left or moved on).

    Raises:
        ConfigError: meta device, cuda missing, or the activations over budget.
    """
    dev = parse_device(device)
    if dev.type == "meta":
        raise ConfigError("device", key="err.latency_meta")
    # The budget check and the MACs come from a meta trace: it allocates nothing.
    shapes = trace(arch, input, batch=batch, device="meta", **overrides)
    limits = budget or library_budget()
    if memory_budget_bytes:
        limits = dataclasses.replace(limits, memory_bytes=memory_budget_bytes)
    check_forward(shapes, dev.type, limits, key="err.memory_timing", full_model=True)
    model = build(shapes.config, device=dev).eval()
    macs = {s.name: s.macs for s in shapes.stages}
    x = torch.randn(shapes.input_shape, device=dev)
    timings = []
    with torch.inference_mode():
        for name, piece in network_pieces(model):
            if should_stop is not None and should_stop():
                raise Abandoned
            piece(x)  # warm-up: first calls pick kernels and allocate
            timer = benchmark.Timer(stmt="piece(x)", globals={"piece": piece, "x": x})
            m = timer.blocked_autorange(min_run_time=min_run_time_s)
            timings.append(
                StageTiming(
                    name=name,
                    median_s=m.median,
                    iqr_s=m.iqr,
                    runs=m.number_per_run * len(m.times),
                    macs=macs[name],
                )
            )
            x = piece(x)
    return timings
