"""The two stems a network can start with: "imagenet" and "cifar".

Imports torch only. Each stem is a list of (name, module) pairs that the builder sets
as top-level attributes, so paths read conv1, bn1, relu, maxpool as in torchvision.
"""

from __future__ import annotations

from torch import nn


def imagenet_stem(
    in_ch: int, out_ch: int, device: str | None = None
) -> list[tuple[str, nn.Module]]:
    """7x7 stride-2 conv + BN + ReLU + 3x3 stride-2 max-pool: 224 -> 112 -> 56."""
    return [
        ("conv1", nn.Conv2d(in_ch, out_ch, 7, 2, padding=3, bias=False, device=device)),
        ("bn1", nn.BatchNorm2d(out_ch, device=device)),
        ("relu", nn.ReLU(inplace=True)),
        ("maxpool", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
    ]


def cifar_stem(
    in_ch: int, out_ch: int, device: str | None = None
) -> list[tuple[str, nn.Module]]:
    """3x3 stride-1 conv + BN + ReLU, no pool (He et al. 2016, Sec. 4.2): 32 -> 32."""
    return [
        ("conv1", nn.Conv2d(in_ch, out_ch, 3, 1, padding=1, bias=False, device=device)),
        ("bn1", nn.BatchNorm2d(out_ch, device=device)),
        ("relu", nn.ReLU(inplace=True)),
    ]


STEMS = {"imagenet": imagenet_stem, "cifar": cifar_stem}
