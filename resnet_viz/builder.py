"""build(spec) -> nn.Module: one ResNet class for every ResNet-family config, and a
VGG class for spec.block == "vgg", chosen through the NETWORKS dict.

Imports torch, blocks, stems and registry. No hooks, no global state: the tracer adds
and removes its own hooks on the fresh model it is handed.
"""

from __future__ import annotations

import torch
from torch import nn

from .blocks import BLOCKS, PREACT_BLOCKS
from .registry import ArchSpec, validate_spec
from .stems import STEMS


class ResNet(nn.Module):
    """Stem -> stages layer1..layerK -> global average pool -> fc.

    The first stage keeps the stem's resolution; every later stage halves it in its
    first block (He et al. 2016, Table 1). A pre-activation net (``order="pre"``)
    has no BN-ReLU in its stem and a final BN-ReLU (``norm``, ``relu``) before the
    pool instead (He et al. 2016, "Identity Mappings"; timm's resnetv2 ``norm``).
    Its top-level paths stay ours (conv1, layerK.i, fc), not timm's resnetv2
    (stem.conv, stages.K.blocks.i, head.fc): every page reads stages from ``layerK``.

    ``max_blocks_per_stage`` builds a shortened copy: the tracer uses 2, because
    every block after a stage's first is identical and sees the same input shape, so
    one of them tells the shapes and costs of all.
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
        preact = spec.order == "pre"
        stem = STEMS[spec.stem](spec.in_channels, spec.stem_widths, device, preact)
        self.stem_names = [name for name, _ in stem]
        for name, module in stem:
            self.add_module(name, module)
        self.stage_names: list[str] = []
        in_ch = spec.stem_width
        for i, (n_blocks, planes) in enumerate(_stage_plan(spec, max_blocks_per_stage)):
            stride = 1 if i == 0 else 2
            stage, in_ch = make_stage(spec, in_ch, planes, n_blocks, stride, device)
            self.stage_names.append(_add_stage(self, i, stage))
        self.head_names = ["avgpool"]
        if preact:
            self.norm = nn.BatchNorm2d(in_ch, device=device)
            self.relu = nn.ReLU(inplace=True)
            self.head_names = ["norm", "relu", "avgpool"]
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(in_ch, spec.classes, device=device)
        self._init_weights()

    def _init_weights(self) -> None:
        # torchvision's initialisation, so CPU traces and gradient studies start alike.
        if _on_meta(self):
            return
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for name in self.stem_names:  # conv1 [bn1 relu] [maxpool]
            x = getattr(self, name)(x)  # (N, C0, H/4, W/4) with the ImageNet stem
        for name in self.stage_names:
            x = getattr(self, name)(x)
        for name in self.head_names:  # [norm relu] avgpool
            x = getattr(self, name)(x)  # (N, C, 1, 1)
        x = torch.flatten(x, 1)  # (N, C)
        return self.fc(x)  # (N, classes)


def _stage_plan(
    spec: ArchSpec, max_blocks_per_stage: int | None = None
) -> list[tuple[int, int]]:
    """(blocks, planes) of each of ``spec``'s stages, in order.

    Args:
        spec: the network.
        max_blocks_per_stage: a cap on the blocks of every stage (a shortened copy),
            or None for the spec's own depths.

    Returns:
        One (blocks, planes) pair per stage.
    """
    cap = max_blocks_per_stage
    return [
        (n_blocks if cap is None else min(n_blocks, cap), planes)
        for n_blocks, planes in zip(spec.layers, spec.stage_widths, strict=True)
    ]


def _add_stage(net: nn.Module, index: int, stage: nn.Module) -> str:
    """Set ``stage`` as ``net``'s top-level ``layer{index + 1}`` (torchvision's name).

    Returns:
        The stage's name.
    """
    name = f"layer{index + 1}"
    net.add_module(name, stage)
    return name


def make_block(
    spec: ArchSpec,
    in_ch: int,
    planes: int,
    stride: int,
    device: str | torch.device | None = None,
) -> nn.Module:
    """One block of ``spec``'s type and order with its shortcut option, stride
    placement and groups, taking ``in_ch`` channels to ``planes * expansion``."""
    kinds = PREACT_BLOCKS if spec.order == "pre" else BLOCKS
    return kinds[spec.block](
        in_ch,
        planes,
        stride,
        groups=spec.groups,
        width_per_group=spec.width_per_group,
        shortcut=spec.shortcut,
        stride_on=spec.stride_on,
        plain=spec.plain,
        se_ratio=spec.se_ratio,
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


VGG_HIDDEN = 4096  # width of VGG's two hidden fc layers (Simonyan & Zisserman, Table 1)
VGG_POOL = 7  # torchvision's adaptive pool before the classifier: 512 x 7 x 7 at 224


class VGG(nn.Module):
    """VGG (Simonyan & Zisserman 2015): conv groups layer1..layerK, each a stack of
    3x3 conv + ReLU units ("blocks" layerK.i) ending in a 2x2 max-pool (layerK.pool),
    then a 7x7 adaptive average pool and the classifier fc-ReLU-dropout x2, fc.

    Paths follow the ResNet's (layerK.i.conv) rather than torchvision's flat
    ``features.N``, so the stage logic of stats.py and the tracer's block reuse work
    unchanged; ``classifier.0..6`` and ``avgpool`` equal torchvision's. The dropout
    modules are kept (identity in eval mode, as every trace runs) so the head reads as
    in the paper and in torchvision. No BN: these are configurations D and E, not the
    later ``vgg*_bn``.
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
        self.stage_names: list[str] = []
        in_ch = spec.in_channels
        for i, (n_blocks, planes) in enumerate(_stage_plan(spec, max_blocks_per_stage)):
            stage, in_ch = make_stage(spec, in_ch, planes, n_blocks, 1, device)
            stage.add_module("pool", nn.MaxPool2d(kernel_size=2, stride=2))
            self.stage_names.append(_add_stage(self, i, stage))
        self.avgpool = nn.AdaptiveAvgPool2d((VGG_POOL, VGG_POOL))
        self.classifier = nn.Sequential(
            nn.Linear(in_ch * VGG_POOL**2, VGG_HIDDEN, device=device),
            nn.ReLU(inplace=True),
            nn.Dropout(p=0.5),
            nn.Linear(VGG_HIDDEN, VGG_HIDDEN, device=device),
            nn.ReLU(inplace=True),
            nn.Dropout(p=0.5),
            nn.Linear(VGG_HIDDEN, spec.classes, device=device),
        )
        self._init_weights()

    def _init_weights(self) -> None:
        # torchvision's VGG initialisation.
        if _on_meta(self):
            return
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for name in self.stage_names:
            x = getattr(self, name)(x)  # each group halves H and W
        x = self.avgpool(x)  # (N, 512, 7, 7)
        x = torch.flatten(x, 1)  # (N, 25088)
        return self.classifier(x)  # (N, classes)


def _on_meta(model: nn.Module) -> bool:
    """True when the weights live on the meta device: they hold no values, so there
    is nothing to initialise (and skipping it makes a shape trace ~20% cheaper)."""
    return any(p.is_meta for p in model.parameters())


# Network class per block kind: a dict, so a new family is one line, not a branch.
NETWORKS: dict[str, type[ResNet] | type[VGG]] = {
    "basic": ResNet,
    "bottleneck": ResNet,
    "vgg": VGG,
}


def build(
    spec: ArchSpec,
    device: str | torch.device | None = None,
    max_blocks_per_stage: int | None = None,
) -> ResNet | VGG:
    """A fresh, untrained network for ``spec`` with its weights on ``device``.

    On ``"meta"`` no memory is allocated: only shapes exist, which is all a trace needs.
    """
    return NETWORKS[spec.block](
        spec, device=device, max_blocks_per_stage=max_blocks_per_stage
    )
