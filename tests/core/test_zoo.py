"""The block zoo: golden parameters worked out by hand from each block's formulas,
ResNeXt's three forms, meta vs CPU traces, the contract, and one-line errors."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest

from resnet_viz.registry import ConfigError
from resnet_viz.zoo import (
    KINDS,
    branch_rows,
    compare_blocks,
    list_blocks,
    resnext_equivalence,
    trace_block,
)

IN = "64x32x32"  # every golden below is for one 64-channel 32x32 input

# (kind, settings, params, output C x H x W, shortcut). Conv params are
# k*k*c_in*c_out/groups (no bias), BN adds 2 per channel.
GOLDEN = [
    # basic, planes 64: two 3x3 64->64 (36,864 each) + two BN (128 each).
    ("basic", {}, 2 * 36_864 + 2 * 128, (64, 32, 32), "identity"),
    # basic, planes 128, stride 2: 3x3 64->128 (73,728) + BN 256, 3x3 128->128
    # (147,456) + BN 256, projection 1x1 64->128 (8,192) + BN 256.
    ("basic", {"planes": 128, "stride": 2}, 230_144, (128, 16, 16), "projection"),
    # the same with option A: no projection weights.
    (
        "basic",
        {"planes": 128, "stride": 2, "shortcut": "A"},
        221_696,
        (128, 16, 16),
        "zero_pad",
    ),
    # bottleneck, planes 16: 1x1 64->16 (1,024) + 32, 3x3 16->16 (2,304) + 32,
    # 1x1 16->64 (1,024) + 128.
    ("bottleneck", {}, 4_544, (64, 32, 32), "identity"),
    # planes 32, stride 2: 2,048 + 64, 9,216 + 64, 4,096 + 256, projection 8,192 + 256.
    ("bottleneck", {"planes": 32, "stride": 2}, 24_192, (128, 16, 16), "projection"),
    # plain bottleneck f 64, r 4: the same convs and BNs as the bottleneck above.
    ("plain_bottleneck", {"reduction": 4}, 4_544, (64, 32, 32), "none"),
    # naive inception f 16: 1x1 64*16 + 32, 3x3 9*64*16 + 32, 5x5 25*64*16 + 32;
    # output 3*16 + 64 (the max-pool passes the input's 64 channels).
    ("naive_inception", {"filters": 16}, 1_056 + 9_248 + 25_632, (112, 32, 32), "none"),
    # inception f 16, r 4 (reduce to 4): 1x1 1,056; 1x1 64*4 + 8 then 3x3 9*4*16 + 32;
    # 1x1 264 then 5x5 25*4*16 + 32; pool then 1x1 1,056. Output 4*16.
    (
        "inception",
        {"filters": 16, "reduction": 4},
        1_056 + (264 + 608) + (264 + 1_632) + 1_056,
        (64, 32, 32),
        "none",
    ),
    # residual bottleneck r 2 (inner 32): 64*32 + 64, 9*32*32 + 64, 32*64 + 128.
    ("residual_bottleneck", {"reduction": 2}, 13_568, (64, 32, 32), "identity"),
    # ResNeXt C 4, r 2: d = 64 / (4*2) = 8, inner 32: 1x1 64*32 + 64, grouped 3x3
    # 9*8*32 + 64, 1x1 32*64 + 128.
    ("resnext", {"groups": 4, "reduction": 2}, 6_656, (64, 32, 32), "identity"),
    # dense k 8, depth 3, bn_size 4: layer i on c = 64 + 8(i-1) channels has BN 2c,
    # 1x1 c*32, BN 64, 3x3 9*32*8 = 2,304: 4,544 + 4,816 + 5,088. Output 64 + 3*8.
    (
        "dense",
        {"growth_rate": 8, "depth": 3, "bn_size": 4},
        14_448,
        (88, 32, 32),
        "none",
    ),
    # dense without the 1x1 (bn_size 0): BN 2c + 3x3 9*c*8 for c = 64, 72.
    (
        "dense",
        {"growth_rate": 8, "depth": 2, "bn_size": 0},
        (128 + 4_608) + (144 + 5_184),
        (80, 32, 32),
        "none",
    ),
    # SE 1/16: squeeze to 4; fc1 64*4 + 4 bias, fc2 4*64 + 64 bias.
    # timm's rounding (the default): 64 / 16 = 4 -> 8; fc1 64*8 + 8, fc2 8*64 + 64.
    ("se", {"se_ratio": "1/16"}, 520 + 576, (64, 32, 32), "none"),
    # The paper's: C / 16 = 4; fc1 64*4 + 4, fc2 4*64 + 64.
    (
        "se",
        {"se_ratio": "1/16", "se_rounding": "paper"},
        260 + 320,
        (64, 32, 32),
        "none",
    ),
    # NASNet-A normal cell, f 16, h[i-1] with 32 channels: adapters 32*16 + 32 and
    # 64*16 + 32; "sep k" is ReLU-sep-BN twice: 2 * (16 k^2 + 16*16 + 32) = 1,376
    # (k 5) or 864 (k 3); two sep5 and three sep3. Output 6 * 16.
    (
        "nasnet_normal",
        {"filters": 16, "input2": "32x32x32"},
        544 + 1_056 + 2 * 1_376 + 3 * 864,
        (96, 32, 32),
        "none",
    ),
    # inverted residual t 6 (hidden 384): 1x1 64*384 + 768, depthwise 9*384 + 768,
    # linear 1x1 384*64 + 128; stride 1 and 64 -> 64 channels, so it adds.
    ("inverted_residual", {}, 25_344 + 4_224 + 24_704, (64, 32, 32), "identity"),
    # stride 2 to 96: no add; the projection is 384*96 + 192.
    (
        "inverted_residual",
        {"filters": 96, "stride": 2},
        25_344 + 4_224 + 37_056,
        (96, 16, 16),
        "none",
    ),
]


@pytest.mark.parametrize(("kind", "settings", "params", "out", "shortcut"), GOLDEN)
def test_golden_params_and_shapes(kind, settings, params, out, shortcut):
    t = trace_block(kind, IN, **settings)
    assert t.total_params == params
    assert t.output_shape == (1, *out)
    assert t.blocks[0].shortcut == shortcut
    assert sum(r.params for r in t.layers) == params  # every weight is in a leaf


def test_every_kind_has_a_golden_case():
    assert {g[0] for g in GOLDEN} == set(list_blocks())


def test_golden_macs_by_hand():
    # Two 3x3 64->64 convs on 32x32: 2 * (32*32*64 outputs * 9*64).
    assert trace_block("basic", IN).total_macs == 2 * 32 * 32 * 64 * 9 * 64
    # SE on a 1x1 pooled map: 64*8 + 8*64 (timm's width 8); the paper's 64*4 + 4*64.
    assert trace_block("se", IN).total_macs == 1024
    assert trace_block("se", IN, se_rounding="paper").total_macs == 512
    # Depthwise 3x3: one 3x3 window per output element, no sum over channels.
    t = trace_block("inverted_residual", IN)
    dw = next(r for r in t.layers if r.path == "residual.depthwise.conv")
    assert dw.macs == 32 * 32 * 384 * 9


@pytest.mark.parametrize(
    "settings",
    [
        {"input": "64x8x8", "groups": 4, "reduction": 2, "batch": 2, "seed": 3},
        {"input": "256x14x14", "groups": 32, "reduction": 2, "seed": 0},
        {"input": "128x7x9", "groups": 8, "reduction": 1, "seed": 5},
    ],
)
def test_resnext_three_forms_are_equal(settings):
    check = resnext_equivalence(**settings)
    params = dict(check.params)
    assert params["split"] == params["concat"] == params["grouped"]
    assert len(set(dict(check.macs).values())) == 1
    diffs = dict(check.max_abs_diff)
    assert diffs["grouped"] == 0.0
    assert diffs["split"] < 1e-5
    assert diffs["concat"] < 1e-5
    # Same weights, same MACs, but the split form keeps C full-width outputs.
    mem = dict(check.activation_bytes)
    assert mem["split"] > mem["concat"] > mem["grouped"]


def test_resnext_256_channels_is_resnext50s_first_block():
    # 256 in, 32 paths of 4 (reduction 2): the inner 128 of resnext50_32x4d's layer1,
    # 1x1 256*128 + 256, 3x3 9*4*128 + 256, 1x1 128*256 + 512.
    t = trace_block("resnext", "256x56x56")
    assert t.total_params == 32_768 + 256 + 4_608 + 256 + 32_768 + 512
    split = trace_block("resnext", "256x56x56", form="split")
    assert [s.name for s in split.stages][:2] == ["path0", "path1"]
    assert len([s for s in split.stages if s.name.startswith("path")]) == 32


CPU_CASES = [
    (kind, s) for kind, s, *_ in GOLDEN if kind not in ("dense",) or s["depth"] == 2
]


@pytest.mark.parametrize(("kind", "settings"), CPU_CASES)
def test_meta_trace_equals_a_cpu_forward(kind, settings):
    small = "64x9x10"
    if kind == "nasnet_normal":
        settings = {**settings, "input2": "32x9x10"}
    meta = trace_block(kind, small, batch=2, **settings)
    cpu = trace_block(kind, small, batch=2, device="cpu", **settings)
    assert cpu == dataclasses.replace(meta, device="cpu")


@pytest.mark.parametrize("kind", list(KINDS))
def test_contract_every_kind(kind):
    t = trace_block(kind, "64x12x12")
    names = [s.name for s in t.stages]
    seen = {"input", "input2"}
    for s in t.stages:  # every branch reads the input or an earlier branch
        assert set(s.inputs) <= seen, (s.name, s.inputs)
        seen.add(s.name)
    assert {r.stage for r in t.layers} <= set(names)
    assert all(r.block is None for r in t.layers)
    # Rows come in execution order: each branch's rows are contiguous.
    runs = [
        r.stage
        for i, r in enumerate(t.layers)
        if i == 0 or t.layers[i - 1].stage != r.stage
    ]
    assert len(runs) == len(set(runs))
    assert sum(s.params for s in t.stages) == t.total_params
    assert t.blocks[0].params == t.total_params
    assert t.arch == kind
    assert t.config.to_dict()["kind"] == kind
    data = json.loads(json.dumps(t.to_dict()))
    assert data["stages"][-1]["inputs"] == list(t.stages[-1].inputs)
    assert pickle.loads(pickle.dumps(t)) == t
    rows = branch_rows(t)
    assert rows[-1]["params"] == t.total_params
    assert sum(r["params"] for r in rows[:-1]) == t.total_params


def test_roles_and_receptive_fields():
    t = trace_block("basic", IN, planes=128, stride=2)
    short = [r for r in t.layers if r.stage == "shortcut"]
    assert [r.path for r in short] == ["downsample.0", "downsample.1"]
    assert {r.role for r in short} == {"shortcut"}
    assert {r.role for r in t.layers if r.stage != "shortcut"} == {"main"}
    inc = trace_block("inception", IN, filters=16)
    last = {
        s.name: [r for r in inc.layers if r.stage == s.name][-1] for s in inc.stages
    }
    assert last["branch5x5"].receptive_field == (5, 5)
    assert last["branch_pool"].receptive_field == (3, 3)
    # Dense layer 3 reads layer 2 (RF 5: 3x3 after layer 1's 3x3), then adds its own.
    dense = trace_block("dense", IN, growth_rate=8, depth=3)
    conv = next(r for r in dense.layers if r.path == "denselayer3.conv2")
    assert conv.receptive_field == (7, 7)
    cell = trace_block("nasnet_normal", IN, filters=16)
    assert cell.stages[0].inputs == ("input2",)
    assert cell.stages[-1].inputs[0] == "conv_prev_1x1"


BAD = [
    ("resnext", "64x8x8", {"groups": 3}, "groups"),
    ("resnext", "64x8x8", {"groups": 8, "reduction": 3}, "reduction"),
    ("plain_bottleneck", "64x8x8", {"reduction": 128}, "reduction"),
    ("inception", "64x8x8", {"filters": 4, "reduction": 8}, "reduction"),
    ("residual_bottleneck", "64x8x8", {"reduction": 3}, "reduction"),
    ("residual_bottleneck", "66x8x8", {}, "input"),
    ("nasnet_normal", "64x8x8", {"input2": "32x16x16"}, "input2"),
    ("nasnet_normal", "64x8x8", {"input2": "banana"}, "input2"),
    ("se", "64x8x8", {"se_ratio": 0}, "se_ratio"),
    # the paper's 4/16 rounds to 0 (timm's rule never goes below 8)
    ("se", "4x8x8", {"se_ratio": "1/16", "se_rounding": "paper"}, "se_ratio"),
    ("se", "64x8x8", {"se_rounding": "half"}, "se_rounding"),
    ("bottleneck", "64x8x8", {"planes": 4, "width_per_group": 8}, "width_per_group"),
    ("basic", "64x8x8", {"planes": 32, "shortcut": "A"}, "shortcut"),
    ("basic", "64x8x8", {"stride": 3}, "stride"),
    ("dense", "64x8x8", {"depth": 0}, "depth"),
    ("inverted_residual", "64x8x8", {"expansion": "six"}, "expansion"),
    ("inverted_residual", "64x8x8", {"depth": 2}, "depth"),
    ("octave", "64x8x8", {}, "kind"),
    ("basic", "64xx8", {}, "input"),
    ("naive_inception", "64x2x2", {"batch": 0}, "batch"),
    ("basic", "8x8x8", {"device": "tpu"}, "device"),
]


@pytest.mark.parametrize(("kind", "input", "settings", "field"), BAD)
def test_bad_settings_name_the_parameter(kind, input, settings, field):
    with pytest.raises(ConfigError) as info:
        trace_block(kind, input, **settings)
    assert info.value.field == field
    assert "\n" not in str(info.value)


def test_compare_all_blocks_on_one_input():
    rows = compare_blocks("256x56x56")
    assert [r["block"] for r in rows] == list_blocks()
    assert all(r["error"] == "" for r in rows)
    by = {r["block"]: r for r in rows}
    assert by["resnext"]["params"] == 71_168
    assert by["naive_inception"]["output"] == "56×56×448"  # 3 * 64 + 256
    bad = {r["block"]: r["error"] for r in compare_blocks("3x32x32")}
    assert bad["resnext"].startswith("groups: ")
