"""The stems a network can start with: "imagenet", "cifar" and the three deep stems
of He et al. 2019 ("deep", "deep-wide", "tiered").

Imports torch only. Each stem is a list of (name, module) pairs that the builder sets
as top-level attributes, so paths read conv1, bn1, relu, maxpool as in torchvision,
and a deep stem's three convs are conv1.0 .. conv1.6 as in timm's resnet.py.
"""

from __future__ import annotations

from torch import nn


def _post(out_ch: int, preact: bool, device: str | None) -> list[tuple[str, nn.Module]]:
    """BN + ReLU after the stem's last conv. A pre-activation net has none: its first
    block starts with BN-ReLU (He et al. 2016, "Identity Mappings", and timm's
    resnetv2 stem, which is conv + pool only)."""
    if preact:
        return []
    return [("bn1", nn.BatchNorm2d(out_ch, device=device)), ("relu", nn.ReLU(True))]


def imagenet_stem(
    in_ch: int,
    widths: tuple[int, ...],
    device: str | None = None,
    preact: bool = False,
) -> list[tuple[str, nn.Module]]:
    """7x7 stride-2 conv + BN + ReLU + 3x3 stride-2 max-pool: 224 -> 112 -> 56."""
    out_ch = widths[-1]
    return [
        ("conv1", nn.Conv2d(in_ch, out_ch, 7, 2, padding=3, bias=False, device=device)),
        *_post(out_ch, preact, device),
        ("maxpool", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
    ]


def cifar_stem(
    in_ch: int,
    widths: tuple[int, ...],
    device: str | None = None,
    preact: bool = False,
) -> list[tuple[str, nn.Module]]:
    """3x3 stride-1 conv + BN + ReLU, no pool (He et al. 2016, Sec. 4.2): 32 -> 32."""
    out_ch = widths[-1]
    return [
        ("conv1", nn.Conv2d(in_ch, out_ch, 3, 1, padding=1, bias=False, device=device)),
        *_post(out_ch, preact, device),
    ]


def deep_stem(
    in_ch: int,
    widths: tuple[int, ...],
    device: str | None = None,
    preact: bool = False,
) -> list[tuple[str, nn.Module]]:
    """Three 3x3 convs in place of the 7x7 (He et al. 2019, "Bag of Tricks", Fig. 2b,
    ResNet-C): stride 2, 1, 1, with BN + ReLU between them, then the stem's BN + ReLU
    and the 3x3 stride-2 max-pool, 224 -> 112 -> 56 as before.

    ``widths`` are the three convs' outputs (ArchSpec.stem_widths). The convs sit in
    one Sequential ``conv1`` (conv1.0, conv1.3, conv1.6 with BN at conv1.1 and
    conv1.4), exactly as timm's resnet.py builds them, so the state_dict keys match
    timm's resnet50d.
    """
    a, b, out_ch = widths
    convs = nn.Sequential(
        nn.Conv2d(in_ch, a, 3, 2, padding=1, bias=False, device=device),
        nn.BatchNorm2d(a, device=device),
        nn.ReLU(inplace=True),
        nn.Conv2d(a, b, 3, 1, padding=1, bias=False, device=device),
        nn.BatchNorm2d(b, device=device),
        nn.ReLU(inplace=True),
        nn.Conv2d(b, out_ch, 3, 1, padding=1, bias=False, device=device),
    )
    return [
        ("conv1", convs),
        *_post(out_ch, preact, device),
        ("maxpool", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
    ]


STEMS = {
    "imagenet": imagenet_stem,
    "cifar": cifar_stem,
    "deep": deep_stem,
    "deep-wide": deep_stem,
    "tiered": deep_stem,
}
