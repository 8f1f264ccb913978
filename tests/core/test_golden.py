"""Exact numbers against published references (never against our own output)."""

from __future__ import annotations

import pytest

import resnet_viz as rv

# torchvision's published weight metadata: "num_params" and "_ops" (GFLOPS in
# torchvision's wording, which counts one multiply-accumulate as one op) at 224x224.
TORCHVISION = [
    ("resnet18", 11_689_512, 1.814),
    ("resnet34", 21_797_672, 3.664),
    ("resnet50", 25_557_032, 4.089),
    ("resnet101", 44_549_160, 7.801),
    ("resnet152", 60_192_808, 11.514),
    ("resnext50_32x4d", 25_028_904, 4.230),
    ("resnext101_32x8d", 88_791_336, 16.414),
    ("resnext101_64x4d", 83_455_272, 15.460),
    ("wide_resnet50_2", 68_883_240, 11.398),
    ("wide_resnet101_2", 126_886_696, 22.753),
]


@pytest.mark.parametrize(("arch", "params", "gmacs"), TORCHVISION)
def test_torchvision_presets_match_published_metadata(arch, params, gmacs):
    result = rv.trace(arch, 224)
    assert result.total_params == params
    assert round(result.total_macs / 1e9, 3) == gmacs
    assert result.output_shape == (1, 1000)


def test_resnet50_macs_exact():
    # The acceptance number (conv + linear MACs, 1x3x224x224).
    assert rv.trace("resnet50", 224).total_macs == 4_089_184_256


# He et al. 2016, Table 6: parameters of the CIFAR-10 nets, as printed in the paper.
CIFAR_PAPER = [
    ("resnet20", 0.27, 2),
    ("resnet32", 0.46, 2),
    ("resnet44", 0.66, 2),
    ("resnet56", 0.85, 2),
    ("resnet110", 1.7, 1),
    ("resnet1202", 19.4, 1),
]


@pytest.mark.parametrize(("arch", "millions", "digits"), CIFAR_PAPER)
def test_cifar_family_matches_paper_table(arch, millions, digits):
    result = rv.trace(arch, 32)
    assert round(result.total_params / 1e6, digits) == millions
    assert result.output_shape == (1, 10)
    assert [s.out_shape[1:] for s in result.stages] == [
        (16, 32, 32),
        (16, 32, 32),
        (32, 16, 16),
        (64, 8, 8),
        (10,),
    ]


# He et al. 2016, Table 1 "FLOPs" (multiply-adds), with the stride on the first 1x1 of
# each bottleneck as in the paper. The paper prints one decimal and its rounding is not
# uniform (3.664 -> 3.6 is cut down, 7.570 -> 7.6 rounded; test_tables.py pins each),
# so this only checks the figure is within 2.5%.
PAPER_FLOPS = [
    ("resnet18", 1.8),
    ("resnet34", 3.6),
    ("resnet50", 3.8),
    ("resnet101", 7.6),
    ("resnet152", 11.3),
]


@pytest.mark.parametrize(("arch", "gmacs"), PAPER_FLOPS)
def test_paper_table1_flops_with_paper_stride_layout(arch, gmacs):
    overrides = {"stride_on": "1x1"} if arch not in ("resnet18", "resnet34") else {}
    result = rv.trace(arch, 224, **overrides)
    assert result.total_macs / 1e9 == pytest.approx(gmacs, rel=0.025)


def test_stride_placement_explains_paper_vs_torchvision():
    paper = rv.trace("resnet50", 224, stride_on="1x1").total_macs
    tv = rv.trace("resnet50", 224).total_macs
    assert paper < tv
    assert rv.trace("resnet50", 224, stride_on="1x1").total_params == 25_557_032


# Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks",
# Distill 2019, Table 1: ResNet v1 (stride on the first 1x1), last conv feature map.
DISTILL_RF = [("resnet50", 483), ("resnet101", 1027), ("resnet152", 1507)]


@pytest.mark.parametrize(("arch", "rf"), DISTILL_RF)
def test_receptive_field_matches_distill(arch, rf):
    result = rv.trace(arch, 224, stride_on="1x1")
    last = [r for r in result.layers if r.stage.startswith("layer")][-1]
    assert last.receptive_field == (rf, rf)
    assert last.jump == (32, 32)


def test_resnet20_receptive_field_by_hand():
    # 3x3 stem: 3. layer1: six 3x3 convs at jump 1: +12 -> 15. layer2: first conv at
    # jump 1 (+2 -> 17, jump 2), five more at jump 2 (+20 -> 37). layer3: +4 -> 41,
    # jump 4, five more (+40 -> 81). The pool then sees the whole 8x8 map: +7*4 -> 109.
    result = rv.trace("resnet20", 32)
    last = [r for r in result.layers if r.stage == "layer3"][-1]
    assert last.receptive_field == (81, 81)
    pool = next(r for r in result.layers if r.kind == "AdaptiveAvgPool2d")
    assert pool.receptive_field == (109, 109)


def test_resnet34_walkthrough_shapes():
    # The seed article's walk through ResNet-34 at 224x224 (H, W, C per step).
    result = rv.trace("resnet34", 224)
    rows = {r.path: r for r in result.layers}
    assert rows["conv1"].out_shape == (1, 64, 112, 112)
    assert rows["maxpool"].out_shape == (1, 64, 56, 56)
    assert rows["layer1.0.conv1"].out_shape == (1, 64, 56, 56)
    assert rows["layer2.0.conv1"].out_shape == (1, 128, 28, 28)
    assert rows["layer2.0.conv1"].stride == (2, 2)
    assert rows["layer2.0.downsample.0"].kernel_size == (1, 1)
    assert rows["layer2.0.downsample.0"].out_shape == (1, 128, 28, 28)
    assert rows["layer3.0.conv1"].out_shape == (1, 256, 14, 14)
    assert rows["layer4.2.relu2"].out_shape == (1, 512, 7, 7)
    assert [s.n_blocks for s in result.stages] == [0, 3, 4, 6, 3, 0]


def test_shortcut_kinds_follow_options():
    kinds = [b.shortcut for b in rv.trace("resnet34", 224).blocks]
    projections = [i for i, k in enumerate(kinds) if k == "projection"]
    assert projections == [3, 7, 13]  # first block of layer2, layer3, layer4
    assert set(kinds) == {"identity", "projection"}
    cifar = rv.trace("resnet20", 32).blocks
    assert [b.path for b in cifar if b.shortcut == "zero_pad"] == [
        "layer2.0",
        "layer3.0",
    ]
    assert all(
        b.shortcut == "projection"
        for b in rv.trace("resnet18", 64, shortcut="C").blocks
    )
    assert all(b.shortcut == "none" for b in rv.trace("plain34", 64).blocks)


def test_option_a_and_plain_add_no_parameters():
    # Option A shortcuts are parameter-free (He et al. 2016, Sec. 4.1), so a plain net
    # and its option-A residual twin have identical parameter counts.
    assert rv.trace("plain20", 32).total_params == rv.trace("resnet20", 32).total_params
    assert (
        rv.trace("plain34", 224, shortcut="A").total_params
        == rv.trace("resnet34", 224, shortcut="A").total_params
        == 21_797_672
        - sum(
            r.params for r in rv.trace("resnet34", 224).layers if r.role == "shortcut"
        )
    )


@pytest.mark.parametrize(("stem", "last_hw"), [("imagenet", (1, 1)), ("cifar", (4, 4))])
def test_cifar_input_on_resnet18(stem, last_hw):
    # 32x32 through the ImageNet stem shrinks by 4 at once and ends 1x1 in layer4.
    result = rv.trace("resnet18", 32, stem=stem, classes=10)
    layer4 = next(s for s in result.stages if s.name == "layer4")
    assert layer4.out_shape[2:] == last_hw
    assert result.output_shape == (1, 10)
