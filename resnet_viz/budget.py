"""What a request costs, known before the work starts, and the budgets it must fit.

Owns the cost model shared by the command line, the API and the app: bytes and MACs
of each kind of real-device work, estimated from a meta trace (which allocates
nothing), and the budgets read from the environment. Imports the registry and the
records only: never torch, never streamlit.

Two sets of budgets exist. The library's (``library_budget``) are generous: a person
on their own machine may trace a 2 GiB network if they ask for it. The server's
(``server_budget``) are sized so that a 1 GB host survives any single link: one
real-device job stays far under the host's memory, and its forward pass stays short
enough that other visitors are not kept waiting.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .records import TraceResult
from .registry import ArchSpec, ConfigError

MIB = 2**20
FLOAT_BYTES = 4  # every real-device tensor here is float32

__all__ = [
    "Abandoned",
    "Budget",
    "abandon_when",
    "built_param_bytes",
    "check_forward",
    "check_gradients",
    "checkpoint",
    "env_int",
    "forward_bytes",
    "gradient_bytes",
    "input_bytes",
    "library_budget",
    "peak_activation_bytes",
    "server_budget",
    "spec_blocks",
]


class Abandoned(Exception):  # noqa: N818  (not an error: the visitor left)
    """Long work ends early with this when its ``should_stop`` callback says the
    result is no longer wanted (the tab closed, or the visitor moved on)."""


_STOP = threading.local()


@contextlib.contextmanager
def abandon_when(should_stop: Callable[[], bool] | None) -> Iterator[None]:
    """Within the body, ``checkpoint()`` in this thread raises ``Abandoned`` once
    ``should_stop()`` answers True. A server wraps a visitor's work in it, so the long
    loops of a deep network's trace stop when the visitor leaves, without passing a
    callback through every layer of the code."""
    before = getattr(_STOP, "check", None)
    _STOP.check = should_stop
    try:
        yield
    finally:
        _STOP.check = before


def checkpoint() -> None:
    """Raise ``Abandoned`` if the work this thread does is no longer wanted (see
    ``abandon_when``); costs one attribute lookup otherwise."""
    check = getattr(_STOP, "check", None)
    if check is not None and check():
        raise Abandoned


@dataclass(frozen=True, slots=True)
class Budget:
    """The limits one request must fit.

    ``memory_bytes`` caps what one real-device job holds (input, weights, every
    activation, and for gradients the weight gradients); ``macs`` caps one forward
    pass with its batch (None: no limit, as for the library); ``pool_bytes`` is what
    all real-device jobs of a server may hold at once (None outside a server).
    """

    memory_bytes: int
    macs: int | None = None
    pool_bytes: int | None = None


def env_int(name: str, default: int, *, scale: int = 1) -> int:
    """A positive whole number from the environment times ``scale``, else
    ``default``. Only ASCII digits count, so "²" or 5,000 digits fall back too."""
    text = os.environ.get(name, "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 12 and int(text) > 0:
        return int(text) * scale
    return default


def library_budget() -> Budget:
    """The CLI's and the API's budget: 2 GiB per real-device job, no compute limit
    (``RESNET_VIZ_MEMORY_BUDGET_MB`` changes the memory)."""
    return Budget(
        memory_bytes=env_int("RESNET_VIZ_MEMORY_BUDGET_MB", 2048 * MIB, scale=MIB)
    )


def server_budget() -> Budget:
    """The hosted app's budget: 384 MiB and 20 GMACs per real-device job, 384 MiB
    for all of them at once (so one job as large as resnet34's gradient pair, whose
    two nets' weights and weight gradients alone are 349 MB, runs at a time).

    20 GMACs is resnet152 at 224 with batch 1 (11.5 G) with room to spare, and about
    two seconds of one core of the 2-core host it was sized on; 384 MiB on top of the
    idle server's ~500 MiB keeps a 1 GB host alive. Each is set by an environment
    variable: ``RESNET_VIZ_SERVER_MEMORY_MB``, ``RESNET_VIZ_SERVER_GMACS`` and
    ``RESNET_VIZ_SERVER_POOL_MB``.
    """
    return Budget(
        memory_bytes=env_int("RESNET_VIZ_SERVER_MEMORY_MB", 384 * MIB, scale=MIB),
        macs=env_int("RESNET_VIZ_SERVER_GMACS", 20 * 10**9, scale=10**9),
        pool_bytes=env_int("RESNET_VIZ_SERVER_POOL_MB", 384 * MIB, scale=MIB),
    )


def input_bytes(result: TraceResult) -> int:
    """Bytes of the random input batch a real-device run allocates first."""
    return math.prod(result.input_shape) * FLOAT_BYTES


def built_param_bytes(result: TraceResult) -> int:
    """At most the weight bytes a real-device trace builds: resnet_viz.trace builds
    each stage with at most two blocks (the second stands for every later one), so
    the blocks from the third on are never allocated. Their buffers stay counted."""
    if not isinstance(result.config, ArchSpec):
        return result.param_bytes
    unbuilt = sum(b.params for b in result.blocks if b.index >= 2)
    return result.param_bytes - FLOAT_BYTES * unbuilt


def peak_activation_bytes(result: TraceResult) -> int:
    """At most the activation bytes alive at once in a no-grad forward pass.

    A network's stem, blocks and head run one after another, and once a block has
    returned nothing inside it is referenced any more. So the peak is bounded by the
    largest group (the stem, one block, or the head) counted as: its input (a block
    keeps it for the shortcut), every leaf layer's output inside it, and twice its
    output (the residual add's sum, and a squeeze-excitation's product before it).
    A lone block of the zoo may keep every branch until its merge: all its outputs.
    """
    if not isinstance(result.config, ArchSpec) or not result.layers:
        return result.total_activation_bytes
    element = result.layers[0].activation_bytes // max(
        1, math.prod(result.layers[0].out_shape)
    )
    groups: dict[tuple[str, int | None], int] = {}
    for layer in result.layers:
        key = (layer.stage, layer.block)
        if key not in groups:
            groups[key] = math.prod(layer.in_shape) * element
        groups[key] += layer.activation_bytes
    for block in result.blocks:
        key = (block.stage, block.index)
        if key in groups:
            groups[key] += 2 * math.prod(block.out_shape) * element
    return max(groups.values())


def forward_bytes(result: TraceResult, *, full_model: bool = False) -> int:
    """At most what a real-device forward pass of ``result`` holds: the input, the
    weights it builds (every block's with ``full_model``, as the latency page runs
    the whole net; else resnet_viz.trace's two blocks a stage) and the activations
    alive at its peak (``peak_activation_bytes``).

    Measured against glibc's allocated bytes sampled at every module call
    (tests/core/test_budget.py): resnet152 at 224, batch 1 peaked at 73 MiB where
    the old sum of all weights and all outputs said 483 MiB.
    """
    weights = result.param_bytes if full_model else built_param_bytes(result)
    return input_bytes(result) + weights + peak_activation_bytes(result)


def gradient_bytes(result: TraceResult) -> int:
    """A gradient run (resnet_viz.gradients) of ``result`` and its twin: the input,
    the weights and their gradients for both nets (4x the weights), and every
    activation once (what autograd keeps for backward is a subset of the outputs
    counted here). Measured on CPU: resnet110 at 32x32, batch 8 grew the peak RSS by
    37 MiB against this estimate's 125 MiB, so it errs on the safe side."""
    return input_bytes(result) + 4 * result.param_bytes + result.total_activation_bytes


def spec_blocks(spec: ArchSpec) -> int:
    """How many blocks ``spec`` has: what a meta trace's time and size grow with
    (resnet18: 8, resnet1202: 600, eight stages of 1,000: 8,000)."""
    return sum(spec.layers)


def _mib(n: int) -> str:
    return f"{n / MIB:,.0f}"


def check_forward(
    result: TraceResult,
    device: str,
    budget: Budget,
    *,
    key: str = "err.memory",
    full_model: bool = False,
) -> None:
    """Refuse a real-device forward pass of ``result`` that is over ``budget``.

    Args:
        result: the meta trace of the request (shapes, params, MACs with the batch).
        device: "cpu" or "cuda", for the message.
        budget: the limits to fit.
        key: the catalogue line for the memory refusal (the trace's by default; the
            latency page has its own).
        full_model: the work builds every block (``forward_bytes``).

    Raises:
        ConfigError: on ``device``, saying what is needed, what is allowed, and what
            to make smaller.
    """
    need = forward_bytes(result, full_model=full_model)
    if need > budget.memory_bytes:
        raise ConfigError(
            "device",
            key=key,
            values={
                "device": device,
                "need": _mib(need),
                "budget": _mib(budget.memory_bytes),
            },
        )
    if budget.macs is not None and result.total_macs > budget.macs:
        raise ConfigError(
            "device",
            key="err.compute",
            values={
                "device": device,
                "need": f"{result.total_macs / 1e9:,.1f}",
                "budget": f"{budget.macs / 1e9:,.0f}",
            },
        )


def check_gradients(result: TraceResult, budget: Budget, *, hw: str) -> int:
    """Refuse a gradient run of ``result`` (and its twin) that is over ``budget``.

    Returns:
        The bytes it will hold, for a server's pool.

    Raises:
        ConfigError: on ``input``, naming the net, the size and the batch.
    """
    need = gradient_bytes(result)
    values = {
        "arch": result.arch,
        "hw": hw,
        "batch": result.input_shape[0],
        "need": _mib(need),
        "budget": _mib(budget.memory_bytes),
    }
    if need > budget.memory_bytes:
        raise ConfigError("input", key="err.memory_gradient", values=values)
    # Forward and backward together are about three forward passes, per net.
    if budget.macs is not None and 6 * result.total_macs > budget.macs:
        raise ConfigError(
            "input",
            key="err.compute_gradient",
            values={
                **values,
                "need": f"{6 * result.total_macs / 1e9:,.1f}",
                "budget": f"{budget.macs / 1e9:,.0f}",
            },
        )
    return need
