"""The zoo's blocks and the SE presets against the reference implementations they
follow: torchvision's InvertedResidual, _DenseLayer/_DenseBlock and grouped
Bottleneck, timm's NASNet NormalCell, SEModule and seresnet18..152.

Blocks get the reference's weights copied in and must give the same output; the SE
presets must have timm's parameters and MACs to the unit, the expected numbers
computed from timm's models here, never from ours. Nothing skips.
"""

from __future__ import annotations

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.registry import ARCHS, se_channels
from resnet_viz.zoo import trace_block
from resnet_viz.zoo.modules import build_block
from resnet_viz.zoo.spec import resolve_block
from tests.references import timm_module, torchvision_models

tvm = torchvision_models()
timm = timm_module()


def zoo_module(kind: str, input: str, **settings) -> torch.nn.Module:
    spec, _ = resolve_block(kind, input, **settings)
    return build_block(spec)[0].eval()


def copy_weights(ours: torch.nn.Module, theirs: torch.nn.Module) -> None:
    """Load the reference's state into ours, key by key where the names agree,
    else tensor by tensor in order (shapes must agree either way)."""
    a, b = ours.state_dict(), theirs.state_dict()
    if a.keys() != b.keys():
        assert len(a) == len(b)
        b = dict(zip(a, b.values(), strict=True))
    assert {k: v.shape for k, v in a.items()} == {k: v.shape for k, v in b.items()}
    ours.load_state_dict(b)


def randomise_bn(model: torch.nn.Module) -> None:
    """Non-trivial BN statistics, so that a misplaced BN changes the output."""
    g = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=g) * 0.1)


def same_output(ours, theirs, *xs: torch.Tensor) -> None:
    randomise_bn(theirs)
    copy_weights(ours, theirs)
    ours.eval(), theirs.eval()
    with torch.no_grad():
        a, b = ours(*xs), theirs(*xs)
    assert a.shape == b.shape
    torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)


# --- torchvision ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("c", "filters", "expansion", "stride"),
    [(16, 16, 6, 1), (16, 24, 6, 2), (32, 16, 1, 1)],
)
def test_inverted_residual_equals_torchvision(c, filters, expansion, stride):
    from torchvision.models.mobilenetv2 import InvertedResidual

    theirs = InvertedResidual(c, filters, stride, expansion)
    ours = zoo_module(
        "inverted_residual",
        f"{c}x9x9",
        filters=filters,
        expansion=expansion,
        stride=stride,
    )
    same_output(ours, theirs, torch.randn(2, c, 9, 9))


@pytest.mark.parametrize(("c", "k", "depth", "bn_size"), [(16, 8, 3, 4), (8, 4, 2, 2)])
def test_dense_block_equals_torchvision(c, k, depth, bn_size):
    from torchvision.models.densenet import _DenseBlock, _DenseLayer

    theirs = _DenseBlock(depth, c, bn_size, k, drop_rate=0.0)
    ours = zoo_module("dense", f"{c}x6x6", growth_rate=k, depth=depth, bn_size=bn_size)
    assert ours.state_dict().keys() == theirs.state_dict().keys()  # same names
    same_output(ours, theirs, torch.randn(2, c, 6, 6))
    # One layer alone: _DenseLayer takes the list of earlier features.
    layer = _DenseLayer(c, k, bn_size, drop_rate=0.0)
    mine = ours.denselayer1
    randomise_bn(layer)
    copy_weights(mine, layer)
    x = torch.randn(1, c, 6, 6)
    with torch.no_grad():
        torch.testing.assert_close(mine(x), layer.eval()([x]), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("groups", "wpg", "stride"), [(32, 4, 1), (8, 8, 2)])
def test_grouped_bottleneck_equals_torchvision(groups, wpg, stride):
    from torchvision.models.resnet import Bottleneck, conv1x1

    c, planes = 256, 64
    down = torch.nn.Sequential(
        conv1x1(c, planes * 4, stride), torch.nn.BatchNorm2d(planes * 4)
    )
    theirs = Bottleneck(c, planes, stride, down if stride > 1 else None, groups, wpg)
    ours = zoo_module(
        "bottleneck",
        f"{c}x8x8",
        planes=planes,
        stride=stride,
        groups=groups,
        width_per_group=wpg,
    )
    same_output(ours, theirs, torch.randn(2, c, 8, 8))


# --- timm ----------------------------------------------------------------------------
def test_nasnet_normal_cell_equals_timm():
    from timm.models.nasnet import NormalCell

    c, prev, f = 24, 16, 8
    theirs = NormalCell(prev, f, c, f)
    ours = zoo_module("nasnet_normal", f"{c}x7x7", filters=f, input2=f"{prev}x7x7")
    assert ours.state_dict().keys() == theirs.state_dict().keys()
    same_output(ours, theirs, torch.randn(2, c, 7, 7), torch.randn(2, prev, 7, 7))


@pytest.mark.parametrize("c", [16, 64, 96, 200, 256, 2048])
def test_se_block_equals_timm_semodule(c):
    from timm.layers import SEModule

    theirs = SEModule(c)  # rd_ratio 1/16, make_divisible(..., 8, round_limit=0)
    ours = zoo_module("se", f"{c}x5x5")
    assert ours.fc1.out_channels == theirs.fc1.out_channels
    same_output(ours, theirs, torch.randn(2, c, 5, 5))
    n = sum(p.numel() for p in theirs.parameters())
    assert trace_block("se", f"{c}x5x5").total_params == n


@pytest.mark.parametrize(
    ("c", "paper"), [(64, 4), (96, 6), (200, 13), (256, 16), (24, 2)]
)
def test_se_rounding_paper_is_the_alternative(c, paper):
    # Hu et al.: C / r rounded; 200 / 16 = 12.5 rounds half up to 13.
    ours = zoo_module("se", f"{c}x5x5", se_rounding="paper")
    assert ours.fc1.out_channels == paper == se_channels(c, 1 / 16, "paper")
    assert trace_block("se", f"{c}x5x5", se_rounding="paper").config.to_dict()[
        "se_rounding"
    ] == ("paper")


def test_se_rounding_is_validated():
    with pytest.raises(rv.ConfigError) as err:
        trace_block("se", "64x5x5", se_rounding="floor")
    assert str(err.value) == "se_rounding: must be one of timm, paper (got 'floor')"
    with pytest.raises(rv.ConfigError, match="se_rounding"):
        trace_block("basic", "64x5x5", se_ratio="1/16", se_rounding="")


SE_PRESETS = ["seresnet18", "seresnet34", "seresnet50", "seresnet101", "seresnet152"]


@pytest.mark.parametrize("arch", SE_PRESETS)
def test_se_presets_equal_timm(arch):
    theirs = timm.create_model(arch, pretrained=False, device="meta").eval()
    x = torch.randn(1, 3, 224, 224, device="meta")
    with FlopCounterMode(display=False) as counter:
        theirs(x)
    params = sum(p.numel() for p in theirs.parameters())
    result = rv.trace(arch, 224)
    assert result.total_params == params
    assert 2 * result.total_macs == counter.get_total_flops()
    ours = build(ARCHS[arch], "meta")
    assert {k: v.shape for k, v in ours.state_dict().items()} == {
        k: v.shape for k, v in theirs.state_dict().items()
    }


def test_seresnet18_equals_timm_with_copied_weights():
    theirs = timm.create_model("seresnet18", pretrained=False).eval()
    ours = build(ARCHS["seresnet18"]).eval()
    same_output(ours, theirs, torch.randn(1, 3, 64, 64))
