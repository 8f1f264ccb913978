"""The block zoo's PyTorch modules and how each one splits into branches.

Imports torch and resnet_viz.blocks (BasicBlock, Bottleneck and SqueezeExcite are
reused, never copied). Every block's top-level children are its branches and merges,
so a module path such as ``branch3x3.conv`` names its branch first; merges are leaf
modules (Add, Concat) so the tracer sees them as rows with shapes.

Where we depart from the seed's simplified Keras code (003, "a tour of conv blocks"),
we follow the cited paper and a real implementation:

* every conv is followed by BN (conv bias off), as in BN-Inception, ResNet, DenseNet,
  NASNet and MobileNetV2; the seed's ``conv`` has a bias, a ReLU and no BN;
* the residual blocks put the last ReLU after the add and none before it (He et al.);
  the seed's ``residual_block`` adds after a ReLU'd conv;
* the inception module reduces the 3x3 and 5x5 branches by the same ``reduction``;
  the seed reduces the 3x3 branch by 3 (``f//3``), which reads like a typo for r;
* ResNeXt's split form sums the paths *before* one BN, so the three forms are exactly
  equal (Xie et al. 2017, Sec. 3.3); the seed adds after per-path ReLU'd convs;
* the dense block is DenseNet-BC's pre-activation layer BN-ReLU-1x1-BN-ReLU-3x3
  (``bn_size`` 0 gives DenseNet's BN-ReLU-3x3); the seed's is conv-ReLU;
* the NASNet-A cell first maps both inputs to ``filters`` channels (ReLU-1x1-BN),
  applies each separable op twice (ReLU-sep-BN x2) and also concatenates the adapted
  h[i-1], as timm's NormalCell; the seed applies each op once to the raw inputs;
* the inverted residual uses ReLU6 and MobileNetV2's expansion 6 (the seed's r = 4 is
  a setting), and adds only when stride is 1 and the width is kept.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import nn

from resnet_viz.blocks import (
    BasicBlock,
    Bottleneck,
    PreActBasicBlock,
    PreActBottleneck,
    SqueezeExcite,
)

from .spec import BlockSpec

Device = str | torch.device | None


@dataclass(frozen=True, slots=True)
class Branch:
    """One branch or merge of a block: the stage of its trace rows.

    ``members`` are the top-level module names whose rows belong to it; none for a
    merge that has no module (the functional add of torchvision's blocks).
    """

    name: str
    inputs: tuple[str, ...]  # other branches, or "input" / "input2" (the block's)
    members: tuple[str, ...]
    role: str = "main"  # "shortcut" for a residual block's shortcut branch


# --- merges as leaf modules -----------------------------------------------------------
class Add(nn.Module):
    """Element-wise sum of any number of tensors of one shape."""

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class Concat(nn.Module):
    """Concatenation along the channels."""

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return torch.cat(xs, 1)  # (N, sum of C, H, W)


def conv_bn_relu(
    in_ch: int,
    out_ch: int,
    kernel: int,
    stride: int = 1,
    groups: int = 1,
    act: type[nn.Module] | None = nn.ReLU,
    device: Device = None,
) -> nn.Sequential:
    """conv (no bias, "same" padding) -> BN -> activation, named conv/bn/relu."""
    layers: OrderedDict[str, nn.Module] = OrderedDict(
        conv=nn.Conv2d(
            in_ch,
            out_ch,
            kernel,
            stride,
            kernel // 2,
            groups=groups,
            bias=False,
            device=device,
        ),
        bn=nn.BatchNorm2d(out_ch, device=device),
    )
    if act is not None:
        layers["relu"] = act(inplace=True)
    return nn.Sequential(layers)


# --- torchvision's residual blocks, reused --------------------------------------------
def residual_branches(
    block: BasicBlock | Bottleneck | PreActBasicBlock | PreActBottleneck,
) -> tuple[Branch, ...]:
    """The branches of blocks.BasicBlock / Bottleneck: the residual branch (convs, BNs,
    SE), the shortcut (if it has a module), the add (functional: no rows) and the
    final ReLU."""
    names = [n for n, _ in block.named_children()]
    if isinstance(block, PreActBasicBlock | PreActBottleneck):
        # Pre-activation (He et al. 2016, "Identity Mappings"): nothing after the add.
        residual = tuple(n for n in names if n != "downsample")
        out = [Branch("residual", ("input",), residual)]
        if block.downsample is not None:
            out.append(Branch("shortcut", ("input",), ("downsample",), "shortcut"))
            out.append(Branch("add", ("residual", "shortcut"), ()))
        else:
            out.append(Branch("add", ("residual", "input"), ()))
        return tuple(out)
    last_relu = names[-1]  # relu2 (basic) or relu3 (bottleneck), after the add
    residual = tuple(n for n in names if n not in ("downsample", last_relu))
    out = [Branch("residual", ("input",), residual)]
    if block.downsample is not None:
        out.append(Branch("shortcut", ("input",), ("downsample",), "shortcut"))
        out.append(Branch("add", ("residual", "shortcut"), ()))
    else:
        out.append(Branch("add", ("residual", "input"), ()))
    out.append(Branch("relu", ("add",), (last_relu,)))
    return tuple(out)


# --- the seed's blocks, as real implementations build them ----------------------------
class PlainBottleneck(nn.Module):
    """1x1 reduce -> 3x3 -> 1x1 expand, each conv + BN + ReLU, no shortcut."""

    def __init__(
        self, in_ch: int, filters: int, reduction: int, device: Device = None
    ) -> None:
        super().__init__()
        width = filters // reduction
        self.main = nn.Sequential(
            OrderedDict(
                reduce=conv_bn_relu(in_ch, width, 1, device=device),
                conv3x3=conv_bn_relu(width, width, 3, device=device),
                expand=conv_bn_relu(width, filters, 1, device=device),
            )
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.main(x)  # (N, filters, H, W)

    def branches(self) -> tuple[Branch, ...]:
        """One branch."""
        return (Branch("main", ("input",), ("main",)),)


class NaiveInception(nn.Module):
    """1x1, 3x3 and 5x5 convs and a 3x3 max-pool side by side, concatenated."""

    def __init__(self, in_ch: int, filters: int, device: Device = None) -> None:
        super().__init__()
        self.branch1x1 = conv_bn_relu(in_ch, filters, 1, device=device)
        self.branch3x3 = conv_bn_relu(in_ch, filters, 3, device=device)
        self.branch5x5 = conv_bn_relu(in_ch, filters, 5, device=device)
        self.branch_pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.concat = Concat()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parts = [self.branch1x1(x), self.branch3x3(x), self.branch5x5(x)]
        return self.concat(*parts, self.branch_pool(x))  # (N, 3 f + C, H, W)

    def branches(self) -> tuple[Branch, ...]:
        """Four branches from the input, one concatenation."""
        names = ("branch1x1", "branch3x3", "branch5x5", "branch_pool")
        return (
            *(Branch(n, ("input",), (n,)) for n in names),
            Branch("concat", names, ("concat",)),
        )


class Inception(nn.Module):
    """GoogLeNet's module: 1x1 reductions before the 3x3 and 5x5, a 1x1 after the
    pool, so the expensive convs see few channels."""

    def __init__(
        self, in_ch: int, filters: int, reduction: int, device: Device = None
    ) -> None:
        super().__init__()
        r = filters // reduction
        self.branch1x1 = conv_bn_relu(in_ch, filters, 1, device=device)
        self.branch3x3 = nn.Sequential(
            OrderedDict(
                reduce=conv_bn_relu(in_ch, r, 1, device=device),
                conv=conv_bn_relu(r, filters, 3, device=device),
            )
        )
        self.branch5x5 = nn.Sequential(
            OrderedDict(
                reduce=conv_bn_relu(in_ch, r, 1, device=device),
                conv=conv_bn_relu(r, filters, 5, device=device),
            )
        )
        self.branch_pool = nn.Sequential(
            OrderedDict(
                pool=nn.MaxPool2d(3, stride=1, padding=1),
                proj=conv_bn_relu(in_ch, filters, 1, device=device),
            )
        )
        self.concat = Concat()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parts = [self.branch1x1(x), self.branch3x3(x), self.branch5x5(x)]
        return self.concat(*parts, self.branch_pool(x))  # (N, 4 f, H, W)

    def branches(self) -> tuple[Branch, ...]:
        """Four branches from the input, one concatenation."""
        return NaiveInception.branches(self)  # type: ignore[arg-type]


# --- ResNeXt's three equivalent forms (Xie et al. 2017, Fig. 3) -----------------------
class _PathSum(nn.Module):
    """Form (a)'s merge: the sum of the C paths' 1x1 outputs, then the one BN."""

    def __init__(self, out_ch: int, device: Device = None) -> None:
        super().__init__()
        self.sum = Add()
        self.bn3 = nn.BatchNorm2d(out_ch, device=device)

    def forward(self, *paths: torch.Tensor) -> torch.Tensor:
        return self.bn3(self.sum(*paths))


class _ConcatProject(nn.Module):
    """Form (b)'s merge: concatenate the C paths, then one 1x1 conv + BN."""

    def __init__(self, inner: int, out_ch: int, device: Device = None) -> None:
        super().__init__()
        self.cat = Concat()
        self.conv3 = nn.Conv2d(inner, out_ch, 1, bias=False, device=device)
        self.bn3 = nn.BatchNorm2d(out_ch, device=device)

    def forward(self, *paths: torch.Tensor) -> torch.Tensor:
        return self.bn3(self.conv3(self.cat(*paths)))


def _path(in_ch: int, d: int, out_ch: int | None, device: Device) -> nn.Sequential:
    """One of the C paths: 1x1 (in -> d) + BN + ReLU, 3x3 (d -> d) + BN + ReLU, and
    in form (a) a 1x1 (d -> out) with no BN of its own (the BN follows the sum)."""
    layers: OrderedDict[str, nn.Module] = OrderedDict(
        conv1=nn.Conv2d(in_ch, d, 1, bias=False, device=device),
        bn1=nn.BatchNorm2d(d, device=device),
        relu1=nn.ReLU(inplace=True),
        conv2=nn.Conv2d(d, d, 3, padding=1, bias=False, device=device),
        bn2=nn.BatchNorm2d(d, device=device),
        relu2=nn.ReLU(inplace=True),
    )
    if out_ch is not None:
        layers["conv3"] = nn.Conv2d(d, out_ch, 1, bias=False, device=device)
    return nn.Sequential(layers)


class ResNeXtBlock(nn.Module):
    """A ResNeXt block in one of its three equivalent forms, identity shortcut.

    ``groups`` (C) paths of width d = channels / (groups x reduction):

    * "split" (Fig. 3a): C paths 1x1 -> 3x3 -> 1x1, summed, then BN;
    * "concat" (Fig. 3b): C paths 1x1 -> 3x3, concatenated, one 1x1 + BN;
    * "grouped" (Fig. 3c): 1x1 to C*d, a 3x3 with C groups, 1x1 + BN; the layout of
      torchvision's Bottleneck (resnext50_32x4d's first block is 256, 32, reduction 2).

    All three then add the input and apply ReLU. Module paths line up so that
    ``copy_resnext_weights`` can move one form's weights into another.
    """

    def __init__(
        self,
        in_ch: int,
        groups: int,
        reduction: int,
        form: str = "grouped",
        device: Device = None,
    ) -> None:
        super().__init__()
        self.form, self.groups = form, groups
        self.width = in_ch // (groups * reduction)  # d, channels of one path
        inner = groups * self.width
        if form == "grouped":
            self.residual = nn.Sequential(
                OrderedDict(
                    conv1=nn.Conv2d(in_ch, inner, 1, bias=False, device=device),
                    bn1=nn.BatchNorm2d(inner, device=device),
                    relu1=nn.ReLU(inplace=True),
                    conv2=nn.Conv2d(
                        inner,
                        inner,
                        3,
                        padding=1,
                        groups=groups,
                        bias=False,
                        device=device,
                    ),
                    bn2=nn.BatchNorm2d(inner, device=device),
                    relu2=nn.ReLU(inplace=True),
                    conv3=nn.Conv2d(inner, in_ch, 1, bias=False, device=device),
                    bn3=nn.BatchNorm2d(in_ch, device=device),
                )
            )
        else:
            out = in_ch if form == "split" else None
            for i in range(groups):
                self.add_module(f"path{i}", _path(in_ch, self.width, out, device))
            self.aggregate = (
                _PathSum(in_ch, device)
                if form == "split"
                else _ConcatProject(inner, in_ch, device)
            )
        self.add = Add()
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.form == "grouped":
            out = self.residual(x)
        else:
            paths = [getattr(self, f"path{i}")(x) for i in range(self.groups)]
            out = self.aggregate(*paths)  # (N, C, H, W)
        return self.relu(self.add(out, x))

    def branches(self) -> tuple[Branch, ...]:
        """The residual branch (or C paths and their merge), the add, the ReLU."""
        if self.form == "grouped":
            body: tuple[Branch, ...] = (Branch("residual", ("input",), ("residual",)),)
            last = "residual"
        else:
            paths = tuple(f"path{i}" for i in range(self.groups))
            body = (
                *(Branch(p, ("input",), (p,)) for p in paths),
                Branch("aggregate", paths, ("aggregate",)),
            )
            last = "aggregate"
        return (
            *body,
            Branch("add", (last, "input"), ("add",)),
            Branch("relu", ("add",), ("relu",)),
        )


# --- DenseNet -------------------------------------------------------------------------
class DenseLayer(nn.Module):
    """Concatenate every earlier output, then BN-ReLU-1x1-BN-ReLU-3x3 (DenseNet-BC),
    or BN-ReLU-3x3 with ``bn_size`` 0. Names follow torchvision's _DenseLayer."""

    def __init__(
        self,
        in_ch: int,
        growth_rate: int,
        bn_size: int,
        n_inputs: int,
        device: Device = None,
    ) -> None:
        super().__init__()
        if n_inputs > 1:
            self.cat = Concat()
        self.norm1 = nn.BatchNorm2d(in_ch, device=device)
        self.relu1 = nn.ReLU(inplace=True)
        if bn_size:
            inner = bn_size * growth_rate
            self.conv1 = nn.Conv2d(in_ch, inner, 1, bias=False, device=device)
            self.norm2 = nn.BatchNorm2d(inner, device=device)
            self.relu2 = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(
                inner, growth_rate, 3, padding=1, bias=False, device=device
            )
        else:
            self.conv1 = nn.Conv2d(
                in_ch, growth_rate, 3, padding=1, bias=False, device=device
            )

    def forward(self, *features: torch.Tensor) -> torch.Tensor:
        x = self.cat(*features) if len(features) > 1 else features[0]
        x = self.conv1(self.relu1(self.norm1(x)))
        if hasattr(self, "conv2"):
            x = self.conv2(self.relu2(self.norm2(x)))
        return x  # (N, growth_rate, H, W)


class DenseBlock(nn.Module):
    """``depth`` dense layers; layer i sees the input and layers 1..i-1 concatenated,
    and the block returns all of them concatenated: C + depth x growth_rate."""

    def __init__(
        self,
        in_ch: int,
        growth_rate: int,
        depth: int,
        bn_size: int,
        device: Device = None,
    ) -> None:
        super().__init__()
        self.depth = depth
        for i in range(depth):
            layer = DenseLayer(
                in_ch + i * growth_rate, growth_rate, bn_size, i + 1, device
            )
            self.add_module(f"denselayer{i + 1}", layer)
        self.concat = Concat()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = [x]
        for i in range(self.depth):
            features.append(getattr(self, f"denselayer{i + 1}")(*features))
        return self.concat(*features)  # (N, C + depth * k, H, W)

    def branches(self) -> tuple[Branch, ...]:
        """One branch per layer, each reading every earlier one; the final concat."""
        names = [f"denselayer{i + 1}" for i in range(self.depth)]
        return (
            *(Branch(n, ("input", *names[:i]), (n,)) for i, n in enumerate(names)),
            Branch("concat", ("input", *names), ("concat",)),
        )


# --- NASNet-A (Zoph et al. 2018; names and layout of timm's NormalCell) ---------------
class ActConvBn(nn.Module):
    """ReLU -> 1x1 conv -> BN: how a NASNet cell adapts an input to its width."""

    def __init__(self, in_ch: int, out_ch: int, device: Device = None) -> None:
        super().__init__()
        self.act = nn.ReLU()
        self.conv = nn.Conv2d(in_ch, out_ch, 1, bias=False, device=device)
        self.bn = nn.BatchNorm2d(out_ch, eps=0.001, device=device)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.bn(self.conv(self.act(x)))


class SeparableConv2d(nn.Module):
    """Depthwise k x k conv (one filter per channel) then pointwise 1x1."""

    def __init__(self, in_ch: int, out_ch: int, k: int, device: Device = None) -> None:
        super().__init__()
        self.depthwise_conv2d = nn.Conv2d(
            in_ch, in_ch, k, padding=k // 2, groups=in_ch, bias=False, device=device
        )
        self.pointwise_conv2d = nn.Conv2d(in_ch, out_ch, 1, bias=False, device=device)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise_conv2d(self.depthwise_conv2d(x))


class BranchSeparables(nn.Module):
    """NASNet's "sep k x k": ReLU-sep-BN applied twice (Zoph et al., Appendix A.4)."""

    def __init__(self, ch: int, k: int, device: Device = None) -> None:
        super().__init__()
        self.act_1 = nn.ReLU()
        self.separable_1 = SeparableConv2d(ch, ch, k, device)
        self.bn_sep_1 = nn.BatchNorm2d(ch, eps=0.001, device=device)
        self.act_2 = nn.ReLU(inplace=True)
        self.separable_2 = SeparableConv2d(ch, ch, k, device)
        self.bn_sep_2 = nn.BatchNorm2d(ch, eps=0.001, device=device)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.bn_sep_1(self.separable_1(self.act_1(x)))
        return self.bn_sep_2(self.separable_2(self.act_2(x)))


def _avg3() -> nn.AvgPool2d:
    return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)


class NASNetNormalCell(nn.Module):
    """NASNet-A's normal cell: two inputs, five pairwise combinations, concatenated.

    ``x`` is h[i] (the previous cell's output), ``x_prev`` h[i-1]. After both are
    adapted to ``filters`` channels (``conv_1x1``, ``conv_prev_1x1``):

        comb 0 = sep5(h[i]) + sep3(h[i-1])     comb 3 = avg3(h[i-1]) + avg3(h[i-1])
        comb 1 = sep5(h[i-1]) + sep3(h[i-1])   comb 4 = sep3(h[i]) + h[i]
        comb 2 = avg3(h[i]) + h[i-1]
        out = concat(h[i-1], comb 0 .. comb 4): 6 x filters channels
    """

    def __init__(
        self, in_ch: int, prev_ch: int, filters: int, device: Device = None
    ) -> None:
        super().__init__()
        f = filters
        self.conv_prev_1x1 = ActConvBn(prev_ch, f, device)
        self.conv_1x1 = ActConvBn(in_ch, f, device)
        self.comb_iter_0_left = BranchSeparables(f, 5, device)
        self.comb_iter_0_right = BranchSeparables(f, 3, device)
        self.comb_iter_0 = Add()
        self.comb_iter_1_left = BranchSeparables(f, 5, device)
        self.comb_iter_1_right = BranchSeparables(f, 3, device)
        self.comb_iter_1 = Add()
        self.comb_iter_2_left = _avg3()
        self.comb_iter_2 = Add()
        self.comb_iter_3_left = _avg3()
        self.comb_iter_3_right = _avg3()
        self.comb_iter_3 = Add()
        self.comb_iter_4_left = BranchSeparables(f, 3, device)
        self.comb_iter_4 = Add()
        self.cat = Concat()

    def forward(self, x: torch.Tensor, x_prev: torch.Tensor) -> torch.Tensor:
        left = self.conv_prev_1x1(x_prev)  # h[i-1] -> (N, f, H, W)
        right = self.conv_1x1(x)  # h[i] -> (N, f, H, W)
        c0 = self.comb_iter_0(
            self.comb_iter_0_left(right), self.comb_iter_0_right(left)
        )
        c1 = self.comb_iter_1(self.comb_iter_1_left(left), self.comb_iter_1_right(left))
        c2 = self.comb_iter_2(self.comb_iter_2_left(right), left)
        c3 = self.comb_iter_3(self.comb_iter_3_left(left), self.comb_iter_3_right(left))
        c4 = self.comb_iter_4(self.comb_iter_4_left(right), right)
        return self.cat(left, c0, c1, c2, c3, c4)  # (N, 6 f, H, W)

    def branches(self) -> tuple[Branch, ...]:
        """The two adapters, each combination's ops and add, the concatenation."""
        prev, cur = "conv_prev_1x1", "conv_1x1"
        ops = {  # op -> the adapted input it reads
            "comb_iter_0_left": cur,
            "comb_iter_0_right": prev,
            "comb_iter_1_left": prev,
            "comb_iter_1_right": prev,
            "comb_iter_2_left": cur,
            "comb_iter_3_left": prev,
            "comb_iter_3_right": prev,
            "comb_iter_4_left": cur,
        }
        adds = {
            "comb_iter_0": ("comb_iter_0_left", "comb_iter_0_right"),
            "comb_iter_1": ("comb_iter_1_left", "comb_iter_1_right"),
            "comb_iter_2": ("comb_iter_2_left", prev),
            "comb_iter_3": ("comb_iter_3_left", "comb_iter_3_right"),
            "comb_iter_4": ("comb_iter_4_left", cur),
        }
        out = [Branch(prev, ("input2",), (prev,)), Branch(cur, ("input",), (cur,))]
        for i in range(5):
            add = f"comb_iter_{i}"
            for side in ("left", "right"):
                op = f"{add}_{side}"
                if op in ops:
                    out.append(Branch(op, (ops[op],), (op,)))
            out.append(Branch(add, adds[add], (add,)))
        out.append(Branch("cat", (prev, *adds), ("cat",)))
        return tuple(out)


# --- MobileNetV2 ----------------------------------------------------------------------
class InvertedResidual(nn.Module):
    """1x1 expand + BN + ReLU6 -> 3x3 depthwise + BN + ReLU6 -> 1x1 linear + BN, and the
    add when the shape is kept (Sandler et al. 2018, Table 1; torchvision's layout).
    With expansion 1 the expand conv is left out, as in torchvision."""

    def __init__(
        self,
        in_ch: int,
        filters: int,
        expansion: int,
        stride: int,
        device: Device = None,
    ) -> None:
        super().__init__()
        hidden = in_ch * expansion
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        if expansion != 1:
            layers["expand"] = conv_bn_relu(
                in_ch, hidden, 1, act=nn.ReLU6, device=device
            )
        layers["depthwise"] = conv_bn_relu(
            hidden, hidden, 3, stride, groups=hidden, act=nn.ReLU6, device=device
        )
        # Linear bottleneck: no activation after the projection (Sandler et al. 3.2)
        layers["project"] = conv_bn_relu(hidden, filters, 1, act=None, device=device)
        self.residual = nn.Sequential(layers)
        self.use_add = stride == 1 and in_ch == filters
        if self.use_add:
            self.add = Add()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.residual(x)  # (N, filters, H / stride, W / stride)
        return self.add(out, x) if self.use_add else out

    def branches(self) -> tuple[Branch, ...]:
        """The expand/depthwise/project branch, and the add when there is one."""
        body = Branch("residual", ("input",), ("residual",))
        if not self.use_add:
            return (body,)
        return body, Branch("add", ("residual", "input"), ("add",))


# --- spec -> module -------------------------------------------------------------------
def _basic(spec: BlockSpec, device: Device) -> nn.Module:
    block = PreActBasicBlock if spec["order"] == "pre" else BasicBlock
    return block(
        spec.in_channels,
        spec["planes"],
        spec["stride"],
        shortcut=spec["shortcut"],
        se_ratio=spec["se_ratio"],
        se_rounding=spec["se_rounding"],
        device=device,
    )


def _bottleneck(spec: BlockSpec, device: Device) -> nn.Module:
    block = PreActBottleneck if spec["order"] == "pre" else Bottleneck
    return block(
        spec.in_channels,
        spec["planes"],
        spec["stride"],
        groups=spec["groups"],
        width_per_group=spec["width_per_group"],
        shortcut=spec["shortcut"],
        stride_on=spec["stride_on"],
        se_ratio=spec["se_ratio"],
        se_rounding=spec["se_rounding"],
        device=device,
    )


def _residual_bottleneck(spec: BlockSpec, device: Device) -> nn.Module:
    # The seed's residual_block(f = C, r) is torchvision's Bottleneck with
    # planes = C / 4 (out = 4 x planes = C) and width_per_group = 256 / r, so that
    # its inner width int(planes * wpg / 64) is C / r.
    c = spec.in_channels
    return Bottleneck(
        c, c // 4, 1, width_per_group=256 // spec["reduction"], device=device
    )


BUILDERS = {
    "basic": _basic,
    "bottleneck": _bottleneck,
    "plain_bottleneck": lambda s, d: PlainBottleneck(
        s.in_channels, s["filters"], s["reduction"], d
    ),
    "naive_inception": lambda s, d: NaiveInception(s.in_channels, s["filters"], d),
    "inception": lambda s, d: Inception(s.in_channels, s["filters"], s["reduction"], d),
    "residual_bottleneck": _residual_bottleneck,
    "resnext": lambda s, d: ResNeXtBlock(
        s.in_channels, s["groups"], s["reduction"], s["form"], d
    ),
    "dense": lambda s, d: DenseBlock(
        s.in_channels, s["growth_rate"], s["depth"], s["bn_size"], d
    ),
    "se": lambda s, d: SqueezeExcite(s.in_channels, s["se_ratio"], d, s["se_rounding"]),
    "nasnet_normal": lambda s, d: NASNetNormalCell(
        s.in_channels, s["input2"][0], s["filters"], d
    ),
    "inverted_residual": lambda s, d: InvertedResidual(
        s.in_channels, s["filters"], s["expansion"], s["stride"], d
    ),
}

SE_BRANCHES = (
    Branch("squeeze_excite", ("input",), ("pool", "fc1", "relu", "fc2", "gate")),
    Branch("scale", ("input", "squeeze_excite"), ("scale",)),
)


def build_block(
    spec: BlockSpec, device: Device = None
) -> tuple[nn.Module, tuple[Branch, ...]]:
    """A fresh block for ``spec`` on ``device`` and its branches in execution order.

    Returns:
        The module (eval mode is the caller's choice) and its branches.
    """
    block = BUILDERS[spec.kind](spec, device)
    if isinstance(block, BasicBlock | Bottleneck | PreActBasicBlock | PreActBottleneck):
        return block, residual_branches(block)
    if isinstance(block, SqueezeExcite):
        return block, SE_BRANCHES
    return block, block.branches()
