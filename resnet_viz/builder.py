"""build(spec) -> nn.Module: one ResNet class for every preset and custom config.

Imports torch, blocks, stems and registry. No hooks, no global state: the tracer adds
and removes its own hooks on the fresh model it is handed.
"""

from __future__ import annotations

import torch
from torch import nn

from .blocks import BLOCKS
from .registry import ArchSpec, validate_spec
from .stems import STEMS


class ResNet(nn.Module):
    """Stem -> stages layer1..layerK -> global average pool -> fc.

    The first stage keeps the stem's resolution; every later stage halves it in its
    first block (He et al. 2016, Table 1). ``max_blocks_per_stage`` builds a shortened
    copy: the tracer uses 2, because every block after a stage's first is identical
    and sees the same input shape, so one of them tells the shapes and costs of all.
    """

    def __init__(
        self,
        spec: ArchSpec,
        device: str | torch.device | None = None,
        max_blocks_per_stage: int | None = None,
    ) -> None:
        super().__init__()
        validate_spec(spec)
        self.spec = spec
        for name, module in STEMS[spec.stem](spec.in_channels, spec.stem_width, device):
            self.add_module(name, module)
        self.stage_names: list[str] = []
        in_ch = spec.stem_width
        for i, (n_blocks, planes) in enumerate(
            zip(spec.layers, spec.widths, strict=True)
        ):
            if max_blocks_per_stage is not None:
                n_blocks = min(n_blocks, max_blocks_per_stage)
            stride = 1 if i == 0 else 2
            stage, in_ch = make_stage(spec, in_ch, planes, n_blocks, stride, device)
            self.add_module(f"layer{i + 1}", stage)
            self.stage_names.append(f"layer{i + 1}")
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(in_ch, spec.classes, device=device)
        self._init_weights()

    def _init_weights(self) -> None:
        # torchvision's initialisation, so CPU traces and gradient studies start alike.
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(
            self.bn1(self.conv1(x))
        )  # (N, C0, H/2, W/2) with the ImageNet stem
        if hasattr(self, "maxpool"):
            x = self.maxpool(x)  # (N, C0, H/4, W/4)
        for name in self.stage_names:
            x = getattr(self, name)(x)
        x = self.avgpool(x)  # (N, C, 1, 1)
        x = torch.flatten(x, 1)  # (N, C)
        return self.fc(x)  # (N, classes)


def make_block(
    spec: ArchSpec,
    in_ch: int,
    planes: int,
    stride: int,
    device: str | torch.device | None = None,
) -> nn.Module:
    """One block of ``spec``'s type with its shortcut option, stride placement and
    groups, taking ``in_ch`` channels to ``planes * expansion``."""
    return BLOCKS[spec.block](
        in_ch,
        planes,
        stride,
        groups=spec.groups,
        width_per_group=spec.width_per_group,
        shortcut=spec.shortcut,
        stride_on=spec.stride_on,
        plain=spec.plain,
        device=device,
    )


def make_stage(
    spec: ArchSpec,
    in_ch: int,
    planes: int,
    n_blocks: int,
    stride: int,
    device: str | torch.device | None = None,
) -> tuple[nn.Sequential, int]:
    """One stage: the first block strides and may change width; the rest keep shape.

    Returns:
        The stage and its output channel count.
    """
    out_ch = planes * BLOCKS[spec.block].expansion
    blocks = [make_block(spec, in_ch, planes, stride, device)]
    blocks += [make_block(spec, out_ch, planes, 1, device) for _ in range(n_blocks - 1)]
    return nn.Sequential(*blocks), out_ch


def build(
    spec: ArchSpec,
    device: str | torch.device | None = None,
    max_blocks_per_stage: int | None = None,
) -> ResNet:
    """A fresh, untrained network for ``spec`` with its weights on ``device``.

    On ``"meta"`` no memory is allocated: only shapes exist, which is all a trace needs.
    """
    return ResNet(spec, device=device, max_blocks_per_stage=max_blocks_per_stage)
