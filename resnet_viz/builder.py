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
    first block (He et al. 2016, Table 1).
    """

    def __init__(
        self, spec: ArchSpec, device: str | torch.device | None = None
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
            stage, in_ch = make_stage(
                spec, in_ch, planes, n_blocks, 1 if i == 0 else 2, device
            )
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
    block_cls = BLOCKS[spec.block]
    blocks = []
    for i in range(n_blocks):
        blocks.append(
            block_cls(
                in_ch,
                planes,
                stride if i == 0 else 1,
                groups=spec.groups,
                width_per_group=spec.width_per_group,
                shortcut=spec.shortcut,
                stride_on=spec.stride_on,
                plain=spec.plain,
                device=device,
            )
        )
        in_ch = planes * block_cls.expansion
    return nn.Sequential(*blocks), in_ch


def build(spec: ArchSpec, device: str | torch.device | None = None) -> ResNet:
    """A fresh, untrained network for ``spec`` with its weights on ``device``.

    On ``"meta"`` no memory is allocated: only shapes exist, which is all a trace needs.
    """
    return ResNet(spec, device=device)
