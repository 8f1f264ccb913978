"""VGG and SE-ResNet presets: golden numbers from published references, worked out by
hand below, and the same trace contract as every ResNet."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch

import resnet_viz as rv
from resnet_viz.registry import ARCHS, ArchSpec, ConfigError, resolve_config
from resnet_viz.trace import trace_spec

# --- VGG (Simonyan & Zisserman 2015) --------------------------------------------------
# Convs are 3x3 with bias: params = 9 * c_in * c_out + c_out.
#   group 1: 3->64 (1,792), 64->64 (36,928)                           =    38,720
#   group 2: 64->128 (73,856), 128->128 (147,584)                     =   221,440
#   group 3 (VGG-19, 4 convs): 256->.. 295,168 + 3 x 590,080          = 2,065,408
#   group 4: 256->512 1,180,160 + 3 x 512->512 2,359,808              = 8,259,584
#   group 5: 4 x 2,359,808                                            = 9,439,232
#   fc: 25,088 x 4,096 + 4,096 = 102,764,544; 4,096 x 4,096 + 4,096 = 16,781,312;
#       4,096 x 1,000 + 1,000 = 4,097,000                             = 123,642,856
#   VGG-19 = 20,024,384 conv + 123,642,856 fc                         = 143,667,240
#   VGG-16 drops one 256->256 (590,080) and two 512->512 (2 x 2,359,808) convs, i.e.
#   5,309,696 fewer                                                   = 138,357,544
# These are torchvision's published num_params for vgg19 and vgg16; its "GFLOPS"
# (multiply-accumulates, as for the ResNets) are 19.632 and 15.470.
VGG = [("vgg16", 138_357_544, 15.470), ("vgg19", 143_667_240, 19.632)]


@pytest.mark.parametrize(("arch", "params", "gmacs"), VGG)
def test_vgg_matches_torchvision_metadata(arch, params, gmacs):
    result = rv.trace(arch, 224)
    assert result.total_params == params
    assert round(result.total_macs / 1e9, 3) == gmacs
    assert result.output_shape == (1, 1000)


def test_paper_flops_come_out_of_the_tracer():
    # He et al. 2016, Sec. 4.1 / Fig. 3: "VGG-19 (19.6 billion FLOPs)" and "3.6 billion
    # FLOPs" for the 34-layer nets, where a FLOP is one multiply-add, i.e. our MAC.
    # Each printed figure is one of the two one-decimal values either side of ours
    # (19.632 -> 19.6; 3.664 -> 3.6 is cut down, not rounded: the paper does not round
    # uniformly, see test_tables.py's Table 1 FLOPs row).
    def near(arch: str, printed: float) -> bool:
        g = rv.trace(arch, 224).total_macs / 1e9
        return math.floor(g * 10) / 10 <= printed <= math.ceil(g * 10) / 10

    assert near("vgg19", 19.6)
    assert near("resnet34", 3.6)
    assert near("plain34", 3.6)
    assert not near("resnet34", 3.5)  # the check can fail


def test_identity_shortcuts_add_no_parameters():
    # ResNet-34 minus its plain twin is exactly its three projection shortcuts
    # (1x1 conv + BN): 64*128 + 2*128, 128*256 + 2*256, 256*512 + 2*512.
    projections = (8_192 + 256) + (32_768 + 512) + (131_072 + 1_024)
    assert projections == 173_824
    diff = rv.trace("resnet34", 224).total_params - rv.trace("plain34").total_params
    assert diff == projections


def test_vgg19_follows_the_trace_contract():
    result = rv.trace("vgg19", 224)
    assert [s.name for s in result.stages] == [
        "layer1",
        "layer2",
        "layer3",
        "layer4",
        "layer5",
        "head",
    ]
    assert [s.n_blocks for s in result.stages] == [2, 2, 4, 4, 4, 0]
    assert {b.shortcut for b in result.blocks} == {"none"}
    assert [s.out_shape[1:] for s in result.stages[:5]] == [
        (64, 112, 112),
        (128, 56, 56),
        (256, 28, 28),
        (512, 14, 14),
        (512, 7, 7),
    ]
    paths = [r.path for r in result.layers]
    assert paths[:5] == [
        "layer1.0.conv",
        "layer1.0.relu",
        "layer1.1.conv",
        "layer1.1.relu",
        "layer1.pool",
    ]
    # The head is torchvision's: avgpool, then classifier.0..6 (fc, ReLU, dropout x2).
    head = [r for r in result.layers if r.stage == "head"]
    assert [r.path for r in head] == ["avgpool"] + [f"classifier.{i}" for i in range(7)]
    assert [r.kind for r in head].count("Dropout") == 2
    assert sum(r.params for r in result.layers) == result.total_params


def test_vgg_too_small_input_names_the_input():
    with pytest.raises(ConfigError) as info:
        rv.trace("vgg16", 16)  # five 2x2 pools need at least 32 pixels
    assert info.value.field == "input"


# --- SE-ResNets (Hu et al. 2018) -----------------------------------------------------
# Each SE module on C channels adds two 1x1 convs with bias, squeezing to d channels:
#   C * d + d + d * C + C = 2 C d + d + C parameters.
# d is timm's make_divisible(C / 16, 8, round_limit=0) = max(8, int(C/16 + 4) // 8 * 8)
# (tests/core/test_reference_blocks.py checks every preset against timm's model):
#   C = 256, d = 16: 8,192 + 16 + 256 = 8,464      x 3 blocks =    25,392
#   C = 512, d = 32: 32,768 + 32 + 512 = 33,312    x 4        =   133,248
#   C = 1024, d = 64: 131,072 + 64 + 1,024 = 132,160 x 6      =   792,960
#   C = 2048, d = 128: 524,288 + 128 + 2,048 = 526,464 x 3    = 1,579,392
#   SE total 2,530,992 + ResNet-50's 25,557,032       = 28,088,024
# timm lists seresnet50 at 28.09 M parameters (model card of seresnet50.a1_in1k:
# "Params (M): 28.1"); Hu et al. 2018, Table 2, print 28.1 M for SE-ResNet-50.
# SE-ResNet-18: ResNet-18's 11,689,512 plus, with d = 8 for both C = 64 (64/16 = 4
# rounds up to timm's minimum of 8) and C = 128,
#   2 x (2*64*8 + 8 + 64) + 2 x (2*128*8 + 8 + 128) + 2 x (2*256*16 + 16 + 256)
#   + 2 x (2*512*32 + 32 + 512) = 2,192 + 4,368 + 16,928 + 66,624 = 90,112,
# i.e. 11,779,624: timm's seresnet18 (the paper's C/16 would give 11,778,592).
SE = [("seresnet50", 28_088_024), ("seresnet18", 11_689_512 + 90_112)]


@pytest.mark.parametrize(("arch", "params"), SE)
def test_se_resnet_parameters(arch, params):
    assert rv.trace(arch, 224).total_params == params


def test_se_resnet50_macs_add_the_two_fcs_per_block():
    # On the 1x1 pooled map each FC costs C * C/16 MACs: 2 C^2 / 16 per block.
    extra = 3 * 8_192 + 4 * 32_768 + 6 * 131_072 + 3 * 524_288
    assert extra == 2_514_944
    se = rv.trace("seresnet50", 224).total_macs
    assert se - rv.trace("resnet50", 224).total_macs == extra


def test_se_sits_on_the_residual_branch_before_the_add():
    result = rv.trace("seresnet50", 224)
    paths = [r.path for r in result.layers if r.path.startswith("layer2.0.")]
    assert paths[paths.index("layer2.0.bn3") + 1 :] == [
        "layer2.0.se.pool",
        "layer2.0.se.fc1",
        "layer2.0.se.relu",
        "layer2.0.se.fc2",
        "layer2.0.se.gate",
        "layer2.0.se.scale",
        "layer2.0.downsample.0",
        "layer2.0.downsample.1",
        "layer2.0.relu3",
    ]
    gate = next(r for r in result.layers if r.path == "layer2.0.se.fc1")
    assert gate.out_shape == (1, 32, 1, 1)  # 512 / 16
    # The gate's global pool sees the whole map, but the main path keeps its jump.
    scale = next(r for r in result.layers if r.path == "layer2.0.se.scale")
    assert scale.jump == (8, 8)
    assert scale.receptive_field[0] > 224


@pytest.mark.parametrize(
    "spec",
    [
        ArchSpec("bottleneck", (3, 3), widths=(8, 16), se_ratio=0.25, stem="cifar"),
        ArchSpec("basic", (4, 3), widths=(16, 32), se_ratio=1 / 16, shortcut="A"),
        ArchSpec("basic", (3,), widths=(8,), se_ratio=0.5, plain=True),
        ArchSpec(
            "bottleneck",
            (3, 4),
            widths=(16, 32),
            groups=4,
            width_per_group=16,
            se_ratio=0.125,
        ),
    ],
)
def test_se_block_reuse_equals_the_full_trace(spec):
    meta = torch.device("meta")
    shape = (2, 3, 40, 36)
    fast = trace_spec(spec, shape, meta, "x")
    assert fast == trace_spec(spec, shape, meta, "x", reuse_blocks=False)
    cpu = trace_spec(spec, shape, torch.device("cpu"), "x")
    assert cpu == dataclasses.replace(fast, device="cpu")


def test_se_ratio_parses_fractions_and_text():
    assert resolve_config("resnet50", se_ratio="1/16") == ARCHS["seresnet50"]
    assert resolve_config("resnet50", se_ratio="0.0625").se_ratio == 1 / 16
    assert resolve_config("seresnet50", se_ratio=0).se_ratio == 0.0
    assert ARCHS["seresnet50"].to_dict()["se_ratio"] == 0.0625


@pytest.mark.parametrize(
    ("arch", "overrides", "field"),
    [
        ("resnet50", {"se_ratio": "2"}, "se_ratio"),
        ("resnet50", {"se_ratio": "-0.1"}, "se_ratio"),
        ("resnet50", {"se_ratio": "1/0"}, "se_ratio"),
        ("resnet50", {"se_ratio": "lots"}, "se_ratio"),
        ("resnet50", {"se_ratio": True}, "se_ratio"),
        ("resnet18", {"stem": "none"}, "stem"),
        ("vgg19", {"stem": "imagenet"}, "stem"),
        ("vgg19", {"plain": False}, "plain"),
        ("vgg19", {"groups": 2}, "groups"),
        ("vgg19", {"se_ratio": 0.25}, "se_ratio"),
        ("resnet18", {"block": "vgg"}, "stem"),
    ],
)
def test_bad_vgg_and_se_settings_name_their_field(arch, overrides, field):
    with pytest.raises(ConfigError) as info:
        resolve_config(arch, **overrides)
    assert info.value.field == field
    assert "\n" not in str(info.value)


def test_a_tiny_se_ratio_gets_timms_minimum_width():
    # timm's make_divisible never goes below its divisor: 16 x 0.01 = 0.16 -> 8.
    result = rv.trace("resnet20", 32, se_ratio=0.01)
    fc1 = next(r for r in result.layers if r.path == "layer1.0.se.fc1")
    assert fc1.out_shape == (1, 8, 1, 1)


def test_se_ratio_round_trips_through_the_url_and_the_cli(capsys):
    import json

    from resnet_viz.__main__ import main
    from resnet_viz.viewconfig import ViewConfig

    view = ViewConfig.from_values({"arch": "resnet50", "se_ratio": "1/16"})
    assert view.overrides == (("se_ratio", 0.0625),)
    again, warnings = ViewConfig.from_query(view.to_query())
    assert (again, warnings) == (view, [])
    assert rv.trace(**view.trace_kwargs()).total_params == 28_088_024
    assert (
        main(
            ["summary", "--arch", "resnet50", "--se-ratio", "1/16", "--format", "json"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["total_params"] == 28_088_024
    assert main(["summary", "--arch", "resnet50", "--se-ratio", "2"]) == 2
    assert capsys.readouterr().err.startswith("resnet_viz: error: se_ratio: ")
