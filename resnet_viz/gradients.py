"""Gradient norms at initialisation: one random batch back-propagated through a fresh
network on the CPU, and the norm of every conv weight's gradient. Imports torch and the
builder; never streamlit. The records it returns are plain, picklable data.

This is the measured side of He et al. 2016's argument for shortcuts (Sec. 4.1): they
found plain nets with BN hard to optimise although "the forward propagated signals have
non-zero variances" and the backward gradients "exhibit healthy norms". The profiles
let anyone look at those norms layer by layer, for a plain net and its residual twin
with the same weights, the same batch and the same seed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .budget import Abandoned, Budget, check_gradients
from .builder import build
from .registry import ARCHS, ConfigError, parse_input, resolve_config
from .trace import trace

MAX_BATCH = 64
# A gradient run holds weights, their gradients and every activation for backward;
# refuse one whose need (resnet_viz.budget.gradient_bytes) passes this.
MEMORY_BUDGET_BYTES = 1024**3
_LIBRARY = Budget(memory_bytes=MEMORY_BUDGET_BYTES)


@dataclass(frozen=True, slots=True)
class GradientProfile:
    """The gradient norm of every conv weight after one backward pass."""

    arch: str
    input_shape: tuple[int, int, int, int]  # (N, C, H, W) of the random batch
    seed: int  # seeds the weights (torch.manual_seed) and the batch and labels
    paths: tuple[str, ...]  # conv module paths, in forward order
    depths: tuple[int, ...]  # 1-based index among main-path convs; 0 for shortcuts
    norms: tuple[float, ...]  # Frobenius norm of d(loss)/d(weight) per conv
    loss: float  # mean cross-entropy against random labels
    seconds: float  # wall time of the forward and backward pass

    @property
    def main_norms(self) -> tuple[float, ...]:
        """Norms of the main-path convs only, stem first (shortcut convs left out)."""
        return tuple(n for n, d in zip(self.norms, self.depths, strict=True) if d)

    @property
    def spread(self) -> float:
        """Largest over smallest main-path norm: how unevenly depth shares the
        gradient (1 would be perfectly even)."""
        return max(self.main_norms) / min(self.main_norms)


def twin_of(arch: str) -> str:
    """The other half of a plain/residual pair: "plain56" <-> "resnet56".

    Raises:
        ConfigError: on the field ``arch`` when the preset has no registered twin.
    """
    twin = (
        "resnet" + arch.removeprefix("plain")
        if arch.startswith("plain")
        else "plain" + arch.removeprefix("resnet")
    )
    if arch not in ARCHS or twin not in ARCHS or arch == twin:
        raise ConfigError("arch", key="err.no_twin", values={"arch": repr(arch)})
    return twin


def _check(
    arch: str, input: int | str, batch: int, budget: Budget
) -> tuple[tuple[int, int, int, int], int]:
    """The batch's (N, C, H, W) and the bytes the run will hold, or a refusal."""
    spec = resolve_config(arch)
    c, h, w = parse_input(input, spec.in_channels)
    if (
        isinstance(batch, bool)
        or not isinstance(batch, int)
        or not 1 <= batch <= MAX_BATCH
    ):
        raise ConfigError("batch", key="err.int", values={"lo": 1, "hi": MAX_BATCH})
    estimate = trace(arch, (c, h, w), batch=batch)
    need = check_gradients(estimate, budget, hw=f"{h}x{w}")
    return (batch, c, h, w), need


def gradient_cost(
    residual: str,
    input: int | str = 32,
    *,
    batch: int = 8,
    budget: Budget | None = None,
) -> int:
    """The bytes ``gradient_pair`` of ``residual`` and its twin will hold, checked
    against ``budget`` (the library's 1 GiB by default) before anything runs.

    Raises:
        ConfigError: naming ``input`` or ``batch`` when the run is over budget.
    """
    return _check(residual, input, batch, budget or _LIBRARY)[1]


def _profile_pair(
    nets: tuple[tuple[str, nn.Module], tuple[str, nn.Module]],
    x: torch.Tensor,
    y: torch.Tensor,
    seed: int,
    should_stop: Callable[[], bool] | None,
) -> tuple[GradientProfile, GradientProfile]:
    """Both nets' profiles on the same batch, asking ``should_stop`` before each
    (``Abandoned`` ends the run: the visitor left)."""
    out = []
    for arch, model in nets:
        if should_stop is not None and should_stop():
            raise Abandoned
        out.append(_profile(arch, model, x, y, seed))
    return out[0], out[1]


def _profile(
    arch: str, model: nn.Module, x: torch.Tensor, y: torch.Tensor, seed: int
) -> GradientProfile:
    model.train()  # BN normalises with the batch's statistics, as in training
    start = time.perf_counter()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    seconds = time.perf_counter() - start
    paths, depths, norms = [], [], []
    depth = 0
    for path, m in model.named_modules():
        if isinstance(m, nn.Conv2d):
            assert m.weight.grad is not None
            is_shortcut = "downsample" in path.split(".")
            depth += not is_shortcut
            paths.append(path)
            depths.append(0 if is_shortcut else depth)
            norms.append(float(m.weight.grad.norm()))
    return GradientProfile(
        arch=arch,
        input_shape=tuple(x.shape),  # type: ignore[arg-type]
        seed=seed,
        paths=tuple(paths),
        depths=tuple(depths),
        norms=tuple(norms),
        loss=float(loss.detach()),
        seconds=seconds,
    )


def largest_batch(
    residual: str, input: int | str, budget: Budget, most: int = 8
) -> int:
    """The largest batch up to ``most`` (halving from it) whose gradient run of
    ``residual`` fits ``budget``; 1 when none does (the run then says why). A page
    offers it as its default, so following a bigger network never opens on a
    refusal."""
    batch = most
    while batch > 1:
        try:
            gradient_cost(residual, input, batch=batch, budget=budget)
            return batch
        except ConfigError:
            batch //= 2
    return 1


def gradient_pair(
    plain: str,
    residual: str,
    input: int | str = 32,
    *,
    batch: int = 8,
    seed: int = 0,
    budget: Budget | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[GradientProfile, GradientProfile]:
    """Back-propagate one random batch through a plain net and its residual twin.

    Both start from the same weights: the residual net is built under
    ``torch.manual_seed(seed)`` and the plain net takes a copy of every tensor they
    share (all but projection shortcuts), so the only difference is the shortcuts.
    Both see the same batch (standard normal pixels) and the same random labels.

    Args:
        plain: a plain preset, e.g. "plain56".
        residual: its residual twin, e.g. "resnet56".
        input: image size, e.g. 32, "64" or "3x64x64".
        batch: images in the batch, 1 to MAX_BATCH.
        seed: seeds the weights, the batch and the labels.
        budget: the limits the run must fit (resnet_viz.budget); 1 GiB by default.
        should_stop: asked before each net's pass; True ends the run with
            ``resnet_viz.budget.Abandoned``.

    Returns:
        (plain profile, residual profile).

    Raises:
        ConfigError: naming ``arch``, ``input`` or ``batch``.
    """
    if twin_of(plain) != residual or not ARCHS[plain].plain:
        raise ConfigError(
            "arch",
            key="err.not_twins",
            values={"plain": repr(plain), "residual": repr(residual)},
        )
    (n, c, h, w), _ = _check(residual, input, batch, budget or _LIBRARY)
    torch.manual_seed(seed)
    res_model = build(ARCHS[residual], device="cpu")
    plain_model = build(ARCHS[plain], device="cpu")
    shared = {
        k: v for k, v in res_model.state_dict().items() if k in plain_model.state_dict()
    }
    plain_model.load_state_dict(shared, strict=True)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, c, h, w, generator=g)
    y = torch.randint(ARCHS[residual].classes, (n,), generator=g)
    nets = ((plain, plain_model), (residual, res_model))
    return _profile_pair(nets, x, y, seed, should_stop)


# Post-activation presets and their pre-activation twins (He et al. 2016, "Identity
# Mappings"): the same spec with only ArchSpec.order changed (tests check it).
PREACT_TWINS = {
    "resnet110": "preact_resnet110",
    "resnet18": "resnetv2_18",
    "resnet34": "resnetv2_34",
    "resnet50": "resnetv2_50",
}


def residual_for(arch: str, twin: str, choices: Sequence[str]) -> str | None:
    """The residual net of ``choices`` that the sidebar's network ``arch`` is half of.

    ``twin`` is "plain" (pairs are ``twin_of``'s: resnet56 <-> plain56) or "preact"
    (``PREACT_TWINS``: resnet50 <-> resnetv2_50); either half of a pair selects the
    pair's residual (post-activation) net. None when the pair is not on offer.

    Args:
        arch: a preset name.
        twin: "plain" or "preact".
        choices: the residual nets the page offers.

    Returns:
        A name from ``choices``, or None.
    """
    if twin == "preact":
        pre = {v: k for k, v in PREACT_TWINS.items()}
        found = pre.get(arch, arch)
    else:
        found = (
            "resnet" + arch.removeprefix("plain") if arch.startswith("plain") else arch
        )
    return found if found in choices else None


def order_pair(
    post: str,
    pre: str,
    input: int | str = 32,
    *,
    batch: int = 8,
    seed: int = 0,
    budget: Budget | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[GradientProfile, GradientProfile]:
    """Back-propagate one random batch through a post-activation net and its
    pre-activation twin (``PREACT_TWINS``).

    Their BN layers sit in different places and have different widths, so no weights
    are shared: both are built under the same ``torch.manual_seed(seed)`` and see the
    same batch and labels.

    Args:
        post: a post-activation preset, e.g. "resnet110".
        pre: its twin, e.g. "preact_resnet110".
        input: image size, e.g. 32, "64" or "3x64x64".
        batch: images in the batch, 1 to MAX_BATCH.
        seed: seeds the weights, the batch and the labels.
        budget: the limits each net's run must fit (resnet_viz.budget); 1 GiB by
            default.
        should_stop: asked before each net's pass; True ends the run with
            ``resnet_viz.budget.Abandoned``.

    Returns:
        (post-activation profile, pre-activation profile).

    Raises:
        ConfigError: naming ``arch``, ``input`` or ``batch``.
    """
    if PREACT_TWINS.get(post) != pre:
        raise ConfigError(
            "arch",
            key="err.not_order_twins",
            values={"post": repr(post), "pre": repr(pre)},
        )
    (n, c, h, w), _ = _check(post, input, batch, budget or _LIBRARY)
    _check(pre, input, batch, budget or _LIBRARY)
    torch.manual_seed(seed)
    post_model = build(ARCHS[post], device="cpu")
    torch.manual_seed(seed)
    pre_model = build(ARCHS[pre], device="cpu")
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, c, h, w, generator=g)
    y = torch.randint(ARCHS[post].classes, (n,), generator=g)
    nets = ((post, post_model), (pre, pre_model))
    return _profile_pair(nets, x, y, seed, should_stop)


def gradient_sentences(plain: GradientProfile, residual: GradientProfile) -> list[str]:
    """What the two profiles show, in numbers: the first conv, the last, the spread.

    Args:
        plain: the plain net's profile.
        residual: its residual twin's, from the same batch.

    Returns:
        Two sentences, every number computed from the profiles.
    """
    first = plain.main_norms[0] / residual.main_norms[0]
    last = plain.main_norms[-1] / residual.main_norms[-1]
    return [
        f"The stem conv of {plain.arch} gets a gradient norm of "
        f"{plain.main_norms[0]:.3g}, {first:,.3g}× that of {residual.arch} "
        f"({residual.main_norms[0]:.3g}); at the last conv the ratio is {last:.3g}.",
        f"Over depth, the largest main-path norm is {plain.spread:,.3g}× the smallest "
        f"in {plain.arch} and {residual.spread:,.3g}× in {residual.arch}.",
    ]
