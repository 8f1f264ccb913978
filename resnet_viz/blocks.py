"""Residual blocks and their parts: BasicBlock, Bottleneck, their pre-activation
twins, ZeroPadShortcut, the avg-down and pre-activation projections, SqueezeExcite,
and VGG's conv + ReLU unit.

Imports torch and registry's pure helpers only. Attribute names follow torchvision
(conv1, bn1, ..., downsample) so every module path lines up with torchvision's ResNet;
the pre-activation blocks follow timm's resnetv2 (norm1, conv1, ..., downsample.conv).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .registry import se_channels


def conv3x3(
    in_ch: int, out_ch: int, stride: int = 1, groups: int = 1, device: str | None = None
) -> nn.Conv2d:
    """3x3 convolution with padding 1 and no bias (the BN after it has one)."""
    return nn.Conv2d(
        in_ch, out_ch, 3, stride, padding=1, groups=groups, bias=False, device=device
    )


def conv1x1(
    in_ch: int, out_ch: int, stride: int = 1, device: str | None = None
) -> nn.Conv2d:
    """1x1 convolution with no bias."""
    return nn.Conv2d(in_ch, out_ch, 1, stride, bias=False, device=device)


class ZeroPadShortcut(nn.Module):
    """He et al. 2016's option A: a parameter-free shortcut.

    Subsamples by taking every ``stride``-th pixel and appends zero channels up to
    ``out_ch``. With stride 2 it keeps ceil(H / 2) rows, the same as the 3x3 stride-2
    conv (padding 1) on the main path, so the add always lines up.
    """

    def __init__(self, in_ch: int, out_ch: int, stride: int) -> None:
        super().__init__()
        self.in_ch, self.out_ch, self.stride = in_ch, out_ch, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride != 1:
            x = x[:, :, :: self.stride, :: self.stride]  # (N, C, ceil(H/s), ceil(W/s))
        return F.pad(x, (0, 0, 0, 0, 0, self.out_ch - self.in_ch))  # (N, out_ch, ...)

    def extra_repr(self) -> str:
        return f"{self.in_ch}, {self.out_ch}, stride={self.stride}"


def avg_down_pool(stride: int) -> nn.Module:
    """ResNet-D's pool (He et al. 2019, Fig. 2c): a 2x2 average pool with the block's
    stride, so the 1x1 after it sees every pixel instead of one in four.

    timm's downsample_avg exactly: ``AvgPool2d(2, stride, ceil_mode=True,
    count_include_pad=False)``; ceil_mode keeps ceil(H / 2) rows, the same as the
    main path's 3x3 stride-2 conv on an odd map. At stride 1 there is nothing to pool
    and timm puts an ``nn.Identity`` there, which keeps the conv at index 1.
    """
    if stride == 1:
        return nn.Identity()
    return nn.AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False)


class PreActProjection(nn.Module):
    """A pre-activation block's projection shortcut: a 1x1 conv with no BN after it,
    as in He et al. 2016 ("Identity Mappings", the authors' resnet-pre-act.lua),
    Zagoruyko & Komodakis' WRN code (``convdim``) and timm's resnetv2
    (``downsample.conv``, its ``norm`` an Identity). With ``avg_down`` (option D) a
    ``pool`` runs first, timm's DownsampleAvg: ``downsample.pool``, ``downsample.conv``.
    """

    def __init__(
        self,
        in_ch: int,
        out_ch: int,
        stride: int,
        avg_down: bool = False,
        device: str | None = None,
    ) -> None:
        super().__init__()
        self.pool = avg_down_pool(stride) if avg_down else None
        self.conv = conv1x1(in_ch, out_ch, 1 if avg_down else stride, device=device)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.pool is not None:
            x = self.pool(x)  # (N, C, ceil(H/s), ceil(W/s))
        return self.conv(x)  # (N, out_ch, ceil(H/s), ceil(W/s))


def make_shortcut(
    option: str,
    in_ch: int,
    out_ch: int,
    stride: int,
    device: str | None = None,
    preact: bool = False,
) -> nn.Module | None:
    """The shortcut branch of one block, or None for an identity.

    Options follow He et al. 2016, Sec. 3.3: A zero-pads where the shape changes,
    B projects (1x1 conv + BN) only there, C projects on every block; D is He et al.
    2019's ResNet-D: where the shape changes, a 2x2 average pool then a stride-1 1x1
    conv + BN (timm's downsample_avg, paths downsample.0 .. downsample.2). A
    pre-activation block's projections have no BN (``PreActProjection``).
    """
    shape_changes = stride != 1 or in_ch != out_ch
    if option == "A":
        return ZeroPadShortcut(in_ch, out_ch, stride) if shape_changes else None
    if option in ("B", "D") and not shape_changes:
        return None
    if preact:
        return PreActProjection(in_ch, out_ch, stride, option == "D", device)
    if option == "D":
        return nn.Sequential(
            avg_down_pool(stride),
            conv1x1(in_ch, out_ch, device=device),
            nn.BatchNorm2d(out_ch, device=device),
        )
    return nn.Sequential(
        conv1x1(in_ch, out_ch, stride, device=device),
        nn.BatchNorm2d(out_ch, device=device),
    )


class ChannelScale(nn.Module):
    """``x * gate``: SE's "scale" step as a leaf module, so traces show it as a row."""

    def forward(self, x: torch.Tensor, gate: torch.Tensor) -> torch.Tensor:
        return x * gate  # (N, C, H, W) * (N, C, 1, 1)


class SqueezeExcite(nn.Module):
    """Squeeze-and-excitation (Hu et al. 2018, Fig. 2): global average pool -> FC
    reduce -> ReLU -> FC expand -> sigmoid -> scale each channel of the input.

    The two FC layers are 1x1 convs with bias on the 1x1 pooled map, as in timm's and
    torchvision's SE modules: the same weights and MACs as nn.Linear, without reshapes.
    """

    def __init__(
        self,
        channels: int,
        se_ratio: float = 1 / 16,
        device: str | None = None,
        rounding: str = "timm",
    ) -> None:
        super().__init__()
        squeezed = se_channels(channels, se_ratio, rounding)  # registry: timm's rule
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeezed, 1, device=device)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(squeezed, channels, 1, device=device)
        self.gate = nn.Sigmoid()
        self.scale = ChannelScale()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = self.relu(self.fc1(self.pool(x)))  # (N, C * se_ratio, 1, 1)
        s = self.gate(self.fc2(s))  # (N, C, 1, 1), each in (0, 1)
        return self.scale(x, s)  # (N, C, H, W)


class BasicBlock(nn.Module):
    """Two 3x3 convs (ResNet-18/34 and the CIFAR nets); the first one strides.

    torchvision reuses one ``relu`` module for both activations; we give each call
    its own module (relu1, relu2) so every row of a trace has its own path. ReLU has
    no parameters, so the state_dict is identical to torchvision's.
    """

    expansion = 1

    def __init__(
        self,
        in_ch: int,
        planes: int,
        stride: int = 1,
        *,
        groups: int = 1,
        width_per_group: int = 64,
        shortcut: str = "B",
        stride_on: str = "3x3",
        plain: bool = False,
        se_ratio: float = 0.0,
        se_rounding: str = "timm",
        device: str | None = None,
    ) -> None:
        super().__init__()
        del width_per_group, stride_on  # meaningful for bottlenecks only
        out_ch = planes * self.expansion
        self.conv1 = conv3x3(in_ch, planes, stride, groups, device)
        self.bn1 = nn.BatchNorm2d(planes, device=device)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, out_ch, 1, groups, device)
        self.bn2 = nn.BatchNorm2d(out_ch, device=device)
        self.se = (
            SqueezeExcite(out_ch, se_ratio, device, se_rounding) if se_ratio else None
        )
        self.downsample = (
            None if plain else make_shortcut(shortcut, in_ch, out_ch, stride, device)
        )
        self.has_shortcut = not plain
        self.relu2 = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu1(self.bn1(self.conv1(x)))  # (N, planes, H/s, W/s)
        out = self.bn2(self.conv2(out))
        if self.se is not None:  # on the residual branch, before the add (Hu et al.)
            out = self.se(out)
        if self.has_shortcut:
            identity = x if self.downsample is None else self.downsample(x)
            out = out + identity
        return self.relu2(out)


class Bottleneck(nn.Module):
    """1x1 reduce -> 3x3 (grouped for ResNeXt) -> 1x1 expand by 4.

    ``stride_on="3x3"`` strides in the 3x3 conv, torchvision's "ResNet v1.5" layout;
    ``"1x1"`` strides in the first 1x1 conv as in He et al. 2016, which costs fewer
    MACs because the 3x3 then runs on the smaller map. The inner width is
    ``int(planes * width_per_group / 64) * groups``, torchvision's rule, which covers
    ResNet (64, 1), ResNeXt (4, 32) and Wide ResNet (128, 1).
    """

    expansion = 4

    def __init__(
        self,
        in_ch: int,
        planes: int,
        stride: int = 1,
        *,
        groups: int = 1,
        width_per_group: int = 64,
        shortcut: str = "B",
        stride_on: str = "3x3",
        plain: bool = False,
        se_ratio: float = 0.0,
        se_rounding: str = "timm",
        device: str | None = None,
    ) -> None:
        super().__init__()
        width = int(planes * (width_per_group / 64.0)) * groups
        out_ch = planes * self.expansion
        s1, s3 = (stride, 1) if stride_on == "1x1" else (1, stride)
        self.conv1 = conv1x1(in_ch, width, s1, device)
        self.bn1 = nn.BatchNorm2d(width, device=device)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(width, width, s3, groups, device)
        self.bn2 = nn.BatchNorm2d(width, device=device)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv3 = conv1x1(width, out_ch, device=device)
        self.bn3 = nn.BatchNorm2d(out_ch, device=device)
        self.se = (
            SqueezeExcite(out_ch, se_ratio, device, se_rounding) if se_ratio else None
        )
        self.downsample = (
            None if plain else make_shortcut(shortcut, in_ch, out_ch, stride, device)
        )
        self.has_shortcut = not plain
        self.relu3 = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu1(self.bn1(self.conv1(x)))  # (N, width, H/s1, W/s1)
        out = self.relu2(self.bn2(self.conv2(out)))  # (N, width, H/s, W/s)
        out = self.bn3(self.conv3(out))  # (N, 4 * planes, H/s, W/s)
        if self.se is not None:  # on the residual branch, before the add (Hu et al.)
            out = self.se(out)
        if self.has_shortcut:
            identity = x if self.downsample is None else self.downsample(x)
            out = out + identity
        return self.relu3(out)


class PreActBasicBlock(nn.Module):
    """Pre-activation basic block (He et al. 2016, "Identity Mappings", Fig. 4e):
    BN -> ReLU -> 3x3 -> BN -> ReLU -> 3x3, then the add, and nothing after it, so
    the shortcut carries x to the next block untouched.

    Layout of Zagoruyko & Komodakis' WRN code and timm's PreActBasic: a projection
    (or avg-down) shortcut reads the pre-activated input relu1(norm1(x)); identity and
    zero-pad shortcuts read x itself. Names follow timm's resnetv2 (norm1, conv1,
    norm2, conv2, downsample), with each ReLU its own module (relu1, relu2) where timm
    folds it into BatchNormAct2d; neither has parameters, so the keys are timm's.
    The shortcut runs after the main path here (timm runs it first): the sum is the
    same, and the trace's rows then end each block on its shortcut, where the
    receptive-field bookkeeping merges it.
    """

    expansion = 1

    def __init__(
        self,
        in_ch: int,
        planes: int,
        stride: int = 1,
        *,
        groups: int = 1,
        width_per_group: int = 64,
        shortcut: str = "B",
        stride_on: str = "3x3",
        plain: bool = False,
        se_ratio: float = 0.0,
        device: str | None = None,
        se_rounding: str = "timm",
    ) -> None:
        super().__init__()
        del width_per_group, stride_on  # meaningful for bottlenecks only
        out_ch = planes * self.expansion
        self.norm1 = nn.BatchNorm2d(in_ch, device=device)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = conv3x3(in_ch, planes, stride, groups, device)
        self.norm2 = nn.BatchNorm2d(planes, device=device)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, out_ch, 1, groups, device)
        self.se = (
            SqueezeExcite(out_ch, se_ratio, device, se_rounding) if se_ratio else None
        )
        self.downsample = (
            None
            if plain
            else make_shortcut(shortcut, in_ch, out_ch, stride, device, preact=True)
        )
        self.has_shortcut = not plain

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pre = self.relu1(self.norm1(x))  # (N, C_in, H, W), the pre-activation
        out = self.conv1(pre)  # (N, planes, H/s, W/s)
        out = self.conv2(self.relu2(self.norm2(out)))
        if self.se is not None:  # on the residual branch, before the add (Hu et al.)
            out = self.se(out)
        if self.has_shortcut:
            out = out + _preact_shortcut(self.downsample, x, pre)
        return out  # no ReLU after the add: the identity path stays clean


class PreActBottleneck(nn.Module):
    """Pre-activation bottleneck (He et al. 2016, "Identity Mappings"): BN -> ReLU ->
    1x1 -> BN -> ReLU -> 3x3 -> BN -> ReLU -> 1x1 (x4), then the add and nothing
    after it. ResNet-164/1001 on CIFAR and timm's resnetv2_50/101/152.

    ``stride_on`` as in Bottleneck: timm's PreActBottleneck strides on the 3x3; the
    authors' resnet-pre-act.lua strides on the first 1x1. Names follow timm's
    (norm1..norm3, conv1..conv3, downsample.conv); the shortcut order is
    PreActBasicBlock's.
    """

    expansion = 4

    def __init__(
        self,
        in_ch: int,
        planes: int,
        stride: int = 1,
        *,
        groups: int = 1,
        width_per_group: int = 64,
        shortcut: str = "B",
        stride_on: str = "3x3",
        plain: bool = False,
        se_ratio: float = 0.0,
        device: str | None = None,
        se_rounding: str = "timm",
    ) -> None:
        super().__init__()
        width = int(planes * (width_per_group / 64.0)) * groups
        out_ch = planes * self.expansion
        s1, s3 = (stride, 1) if stride_on == "1x1" else (1, stride)
        self.norm1 = nn.BatchNorm2d(in_ch, device=device)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = conv1x1(in_ch, width, s1, device)
        self.norm2 = nn.BatchNorm2d(width, device=device)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(width, width, s3, groups, device)
        self.norm3 = nn.BatchNorm2d(width, device=device)
        self.relu3 = nn.ReLU(inplace=True)
        self.conv3 = conv1x1(width, out_ch, device=device)
        self.se = (
            SqueezeExcite(out_ch, se_ratio, device, se_rounding) if se_ratio else None
        )
        self.downsample = (
            None
            if plain
            else make_shortcut(shortcut, in_ch, out_ch, stride, device, preact=True)
        )
        self.has_shortcut = not plain

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pre = self.relu1(self.norm1(x))  # (N, C_in, H, W), the pre-activation
        out = self.conv1(pre)  # (N, width, H/s1, W/s1)
        out = self.conv2(self.relu2(self.norm2(out)))  # (N, width, H/s, W/s)
        out = self.conv3(self.relu3(self.norm3(out)))  # (N, 4 * planes, H/s, W/s)
        if self.se is not None:  # on the residual branch, before the add (Hu et al.)
            out = self.se(out)
        if self.has_shortcut:
            out = out + _preact_shortcut(self.downsample, x, pre)
        return out  # no ReLU after the add: the identity path stays clean


def _preact_shortcut(
    downsample: nn.Module | None, x: torch.Tensor, pre: torch.Tensor
) -> torch.Tensor:
    """What a pre-activation block adds: x itself (identity), x zero-padded (option
    A, parameter-free like the identity), or a projection of the pre-activated input
    (timm's resnetv2, Zagoruyko's WRN, He et al.'s resnet-pre-act.lua)."""
    if downsample is None:
        return x
    if isinstance(downsample, ZeroPadShortcut):
        return downsample(x)
    return downsample(pre)


class VGGBlock(nn.Module):
    """One unit of a VGG conv group: 3x3 conv (with bias, no BN) + ReLU.

    Simonyan & Zisserman 2015 (Table 1) stack these; the group's max-pool is added by
    the VGG builder after the last unit. The keyword arguments every block accepts
    are ignored: a VGG conv has no groups, inner width, shortcut or SE.
    """

    expansion = 1
    has_shortcut = False
    downsample = None

    def __init__(
        self,
        in_ch: int,
        planes: int,
        stride: int = 1,
        *,
        groups: int = 1,
        width_per_group: int = 64,
        shortcut: str = "B",
        stride_on: str = "3x3",
        plain: bool = True,
        se_ratio: float = 0.0,
        device: str | None = None,
    ) -> None:
        super().__init__()
        del groups, width_per_group, shortcut, stride_on, plain, se_ratio
        self.conv = nn.Conv2d(in_ch, planes, 3, stride, padding=1, device=device)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.conv(x))  # (N, planes, H/s, W/s)


BLOCKS: dict[str, type[BasicBlock] | type[Bottleneck] | type[VGGBlock]] = {
    "basic": BasicBlock,
    "bottleneck": Bottleneck,
    "vgg": VGGBlock,
}
# The pre-activation twins (ArchSpec.order == "pre"); VGG has no residual block.
PREACT_BLOCKS: dict[str, type[PreActBasicBlock] | type[PreActBottleneck]] = {
    "basic": PreActBasicBlock,
    "bottleneck": PreActBottleneck,
}
