"""ResNeXt's three equivalent forms (Xie et al. 2017, Fig. 3): build them, move one
form's weights into the others, and check that the outputs agree.

Imports torch and the zoo's modules; never streamlit. The result is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from resnet_viz.registry import ConfigError

from .modules import ResNeXtBlock
from .spec import resolve_block
from .trace import trace_block

FORMS = ("split", "concat", "grouped")
# Compare forms on the CPU only while the split form (the widest) fits in this.
MEMORY_BUDGET_BYTES = 512 * 1024**2


def resnext_forms(
    in_channels: int, groups: int, reduction: int, device: str | None = None
) -> dict[str, ResNeXtBlock]:
    """The same ResNeXt block in each form, freshly initialised (weights differ)."""
    return {
        form: ResNeXtBlock(in_channels, groups, reduction, form, device)
        for form in FORMS
    }


def _copy_bn(src: nn.BatchNorm2d, dst: nn.BatchNorm2d, sl: slice) -> None:
    for name in ("weight", "bias", "running_mean", "running_var"):
        getattr(dst, name).copy_(getattr(src, name)[sl])


@torch.no_grad()
def copy_resnext_weights(grouped: ResNeXtBlock, target: ResNeXtBlock) -> None:
    """Make ``target`` (split or concat form) compute exactly what ``grouped`` does.

    Path i of the split and concat forms gets rows i*d..(i+1)*d of the grouped
    block's first 1x1, of its grouped 3x3 (group i owns those rows and reads the same
    d channels) and of both BNs; in the split form, path i's last 1x1 gets columns
    i*d..(i+1)*d of the grouped block's last 1x1, so the sum over paths is that 1x1
    on the concatenation; the concat form takes the whole last 1x1.

    Raises:
        ValueError: the blocks do not have the same shape, or ``grouped`` is not the
            grouped form.
    """
    if grouped.form != "grouped" or target.form == "grouped":
        raise ValueError("copy from the grouped form into the split or concat form")
    if (grouped.groups, grouped.width) != (target.groups, target.width):
        raise ValueError("the two blocks differ in groups or path width")
    g = grouped.residual
    d = grouped.width
    for i in range(grouped.groups):
        sl = slice(i * d, (i + 1) * d)
        path = getattr(target, f"path{i}")
        path.conv1.weight.copy_(g.conv1.weight[sl])
        _copy_bn(g.bn1, path.bn1, sl)
        path.conv2.weight.copy_(g.conv2.weight[sl])
        _copy_bn(g.bn2, path.bn2, sl)
        if target.form == "split":
            path.conv3.weight.copy_(g.conv3.weight[:, sl])
    if target.form == "concat":
        target.aggregate.conv3.weight.copy_(g.conv3.weight)
    _copy_bn(g.bn3, target.aggregate.bn3, slice(None))


@dataclass(frozen=True, slots=True)
class FormsCheck:
    """The three forms on one random input, weights copied from the grouped form."""

    input_shape: tuple[int, int, int, int]
    groups: int
    width: int  # d, channels of one path
    seed: int
    params: tuple[tuple[str, int], ...]  # (form, parameters)
    macs: tuple[tuple[str, int], ...]  # (form, MACs), from the tracer
    activation_bytes: tuple[tuple[str, int], ...]  # (form, bytes of every output)
    max_abs_diff: tuple[tuple[str, float], ...]  # (form, max |out - grouped out|)


def resnext_equivalence(
    input: int | str | tuple[int, ...] = "256x56x56",
    groups: int = 32,
    reduction: int = 2,
    *,
    batch: int = 1,
    seed: int = 0,
) -> FormsCheck:
    """Build the three forms, copy the grouped form's weights into the other two, run
    one random input through each on the CPU (eval mode) and compare.

    The grouped block's BN weights, biases and running statistics are randomised
    first, so the copy is tested on more than BN's identity start.

    Args:
        input: the block's input volume, "CxHxW".
        groups: the paper's cardinality C.
        reduction: path width d = channels / (groups x reduction).
        batch: images in the random input.
        seed: seeds the weights and the input.

    Returns:
        Parameters, MACs and activation bytes per form, and each form's largest
        absolute difference from the grouped form's output.

    Raises:
        ConfigError: naming ``groups``, ``reduction`` or ``input``.
    """
    settings = {"groups": groups, "reduction": reduction}
    _, (c, h, w) = resolve_block("resnext", input, **settings)
    traces = {
        f: trace_block("resnext", input, batch=batch, form=f, **settings) for f in FORMS
    }
    split = traces["split"]
    if split.param_bytes + split.total_activation_bytes > MEMORY_BUDGET_BYTES:
        raise ConfigError("input", key="err.split_too_large")
    torch.manual_seed(seed)
    blocks = resnext_forms(c, groups, reduction)
    grouped = blocks["grouped"]
    gen = torch.Generator().manual_seed(seed)
    for bn in (m for m in grouped.modules() if isinstance(m, nn.BatchNorm2d)):
        with torch.no_grad():
            bn.weight.copy_(torch.rand(bn.num_features, generator=gen) + 0.5)
            bn.bias.copy_(torch.randn(bn.num_features, generator=gen) * 0.1)
            bn.running_mean.copy_(torch.randn(bn.num_features, generator=gen) * 0.1)
            bn.running_var.copy_(torch.rand(bn.num_features, generator=gen) + 0.5)
    for form in ("split", "concat"):
        copy_resnext_weights(grouped, blocks[form])
    x = torch.randn(batch, c, h, w, generator=gen)
    with torch.no_grad():
        outs = {f: b.eval()(x) for f, b in blocks.items()}
    return FormsCheck(
        input_shape=(batch, c, h, w),
        groups=groups,
        width=grouped.width,
        seed=seed,
        params=tuple(
            (f, sum(p.numel() for p in blocks[f].parameters())) for f in FORMS
        ),
        macs=tuple((f, traces[f].total_macs) for f in FORMS),
        activation_bytes=tuple((f, traces[f].total_activation_bytes) for f in FORMS),
        max_abs_diff=tuple(
            (f, float((outs[f] - outs["grouped"]).abs().max())) for f in FORMS
        ),
    )
