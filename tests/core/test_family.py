"""The rest of the ResNet family (issue 16) against its references.

* timm's ResNet-C/D/S/T and resnetv2 (pre-activation) presets: parameters, MACs at
  224 and 160, stage output shapes and state_dict keys against
  ``timm.create_model(name, pretrained=False)``; MACs are counted on timm's model with
  hooks written here, not with stats.py.
* The CIFAR pre-activation nets and the Wide ResNets: the papers' parameter columns
  and a closed-form count written in this file.
* Copying timm's weights into ours gives timm's output, so the block order, the
  shortcut's input and the avg-down pool's arguments are the same, not only the shapes.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.figures.zoo import zoo_graph_dot
from resnet_viz.gradients import PREACT_TWINS, order_pair
from resnet_viz.latency import network_pieces
from resnet_viz.registry import ARCHS, ConfigError
from resnet_viz.viewconfig import ViewConfig
from resnet_viz.zoo import trace_block
from tests.references import timm_module

timm = timm_module()

TIMM_V1 = rv.list_archs("timm")
TIMM_V2 = rv.list_archs("timm-v2")


def test_every_preset_of_the_issue_is_registered():
    wanted = [
        "resnet18d",
        "resnet26",
        "resnet26d",
        "resnet34d",
        "resnet50c",
        "resnet50d",
        "resnet50s",
        "resnet50t",
        "resnet101d",
        "resnet152d",
        "resnet200",
        "resnet200d",
        "resnet10t",
        "resnet14t",
        "resnetv2_18",
        "resnetv2_18d",
        "resnetv2_34",
        "resnetv2_34d",
        "resnetv2_50",
        "resnetv2_50d",
        "resnetv2_101",
        "resnetv2_101d",
        "resnetv2_152",
        "resnetv2_152d",
        "preact_resnet110",
        "preact_resnet164",
        "preact_resnet1001",
        "wrn16_8",
        "wrn28_10",
        "wrn40_4",
        "wrn22_8",
    ]
    assert set(wanted) <= set(rv.list_archs())


def _timm_model(name: str) -> nn.Module:
    """timm's network with its weights on the meta device (no memory, no init cost)."""
    with torch.device("meta"):
        return timm.create_model(name, pretrained=False).eval()


def _v2_key(key: str) -> str:
    """A timm resnetv2 state_dict key in our layout. Inside a block the names are
    timm's; outside, ours follow torchvision (every page reads ``layerK``):
    stem.conv -> conv1; the deep stem's stem.conv1/norm1/conv2/norm2/conv3 ->
    conv1.0/.1/.3/.4/.6 (timm's resnet.py layout); stages.K.blocks.i -> layer{K+1}.i;
    head.fc -> fc (timm's fc is a 1x1 conv, ours a Linear: same numbers)."""
    key = re.sub(r"^stages\.(\d+)\.blocks\.", lambda m: f"layer{int(m[1]) + 1}.", key)
    stem = {
        "stem.conv.": "conv1.",
        "stem.conv1.": "conv1.0.",
        "stem.norm1.": "conv1.1.",
        "stem.conv2.": "conv1.3.",
        "stem.norm2.": "conv1.4.",
        "stem.conv3.": "conv1.6.",
        "head.fc.": "fc.",
    }
    for a, b in stem.items():
        if key.startswith(a):
            return b + key[len(a) :]
    return key


def _their_state(name: str, model: nn.Module) -> dict[str, tuple[int, ...]]:
    mapped = _v2_key if name.startswith("resnetv2") else (lambda k: k)
    out = {}
    for k, v in model.state_dict().items():
        shape = tuple(v.shape)
        if name.startswith("resnetv2") and k == "head.fc.weight":
            shape = shape[:2]  # (1000, C, 1, 1) conv -> (1000, C) Linear
        out[mapped(k)] = shape
    return out


def _their_macs_and_stages(
    model: nn.Module, size: int
) -> tuple[int, list[tuple[int, ...]]]:
    """Conv2d and Linear MACs of one forward of ``model`` (independent of stats.py)
    and the output shape of each stage, from hooks."""
    macs = 0
    stage_shapes: list[tuple[int, ...]] = []

    def count(m: nn.Module, args: tuple, out: torch.Tensor) -> None:
        nonlocal macs
        if isinstance(m, nn.Conv2d):
            kh, kw = m.kernel_size
            macs += out.numel() * (m.in_channels // m.groups) * kh * kw
        else:
            macs += out.numel() * m.in_features

    def stage(_m: nn.Module, _args: tuple, out: torch.Tensor) -> None:
        stage_shapes.append(tuple(out.shape))

    handles = [
        m.register_forward_hook(count)
        for m in model.modules()
        if isinstance(m, nn.Conv2d | nn.Linear)
    ]
    stages = (
        list(model.stages)
        if hasattr(model, "stages")
        else [getattr(model, f"layer{i}") for i in range(1, 5)]
    )
    handles += [s.register_forward_hook(stage) for s in stages]
    try:
        with torch.no_grad():
            model(torch.empty(1, 3, size, size, device="meta"))
    finally:
        for h in handles:
            h.remove()
    return macs, stage_shapes


@pytest.mark.slow
@pytest.mark.parametrize("arch", TIMM_V1 + TIMM_V2)
def test_params_macs_and_stages_equal_timm(arch):
    theirs = _timm_model(arch)
    for size in (224, 160):
        macs, stage_shapes = _their_macs_and_stages(theirs, size)
        ours = rv.trace(arch, size)
        assert ours.total_params == sum(p.numel() for p in theirs.parameters())
        assert ours.total_macs == macs, size
        assert [s.out_shape for s in ours.stages if s.name.startswith("layer")] == (
            stage_shapes
        )


@pytest.mark.parametrize("arch", TIMM_V1 + TIMM_V2)
def test_state_dict_keys_and_shapes_equal_timm(arch):
    ours = {
        k: tuple(v.shape) for k, v in build(ARCHS[arch], "meta").state_dict().items()
    }
    assert ours == _their_state(arch, _timm_model(arch))


@pytest.mark.slow
@pytest.mark.parametrize(
    "arch", ["resnet10t", "resnet14t", "resnet18d", "resnetv2_18d", "resnetv2_50t"]
)
def test_timm_weights_give_timm_output(arch):
    """Same weights, same numbers: catches a shortcut that reads the wrong tensor
    (x vs the pre-activation) or a pool with other arguments, which shapes cannot."""
    torch.manual_seed(0)
    theirs = timm.create_model(arch, pretrained=False).eval()
    for m in theirs.modules():  # non-trivial BN statistics, so every BN matters
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)
    state = theirs.state_dict()
    if arch.startswith("resnetv2"):
        state = {_v2_key(k): v for k, v in state.items()}
        state["fc.weight"] = state["fc.weight"].flatten(1)
    ours = build(ARCHS[arch]).eval()
    ours.load_state_dict(state)
    x = torch.randn(2, 3, 35, 35)  # odd sizes: the avg-down pool's ceil_mode matters
    with torch.no_grad():
        torch.testing.assert_close(ours(x), theirs(x), rtol=1e-4, atol=1e-4)


# --- CIFAR: the papers' parameter columns and a closed form written here -------------
def _bn(c: int) -> int:
    return 2 * c  # weight and bias (running statistics are buffers)


def preact_cifar_params(block: str, n: int, widths: tuple[int, ...], k: int, sc: str):
    """Parameters of a pre-activation CIFAR net, counted by hand from the papers:
    3x3 stem conv (3 -> w0, no BN), three stages of n blocks, final BN, fc to 10.
    Basic: BN(in) 3x3(in->c) BN(c) 3x3(c->c). Bottleneck: BN(in) 1x1(in->c/4)
    BN(c/4) 3x3 BN(c/4) 1x1(c/4->c), c = 4 x planes. Projection: a 1x1 conv without BN
    where the shape changes (option B); option A has none."""
    total = 3 * widths[0] * 9
    c_in = widths[0]
    for w in widths:
        planes = w * k
        for i in range(n):
            src = c_in if i == 0 else (planes if block == "basic" else 4 * planes)
            if block == "basic":
                c = planes
                total += _bn(src) + src * c * 9 + _bn(c) + c * c * 9
            else:
                c = 4 * planes
                total += _bn(src) + src * planes + _bn(planes) + planes * planes * 9
                total += _bn(planes) + planes * c
            if i == 0 and src != c and sc == "B":
                total += src * c
        c_in = c
    return total + _bn(c_in) + c_in * 10 + 10


CIFAR_PAPER = [
    # (preset, block, n, k, shortcut, the paper's parameters in millions)
    ("preact_resnet164", "bottleneck", 18, 1, "B", 1.7),  # Identity Mappings, Table 3
    ("wrn16_8", "basic", 2, 8, "B", 11.0),  # Zagoruyko & Komodakis, Table 2
    ("wrn28_10", "basic", 4, 10, "B", 36.5),
    ("wrn40_4", "basic", 6, 4, "B", 8.9),
    ("wrn22_8", "basic", 3, 8, "B", 17.2),
]


@pytest.mark.parametrize(("arch", "block", "n", "k", "sc", "paper_m"), CIFAR_PAPER)
def test_cifar_nets_match_the_paper_and_a_closed_form(arch, block, n, k, sc, paper_m):
    result = rv.trace(arch, 32)
    assert result.total_params == preact_cifar_params(block, n, (16, 32, 64), k, sc)
    assert round(result.total_params / 1e6, 1) == paper_m
    assert result.output_shape == (1, 10)


def test_preact_resnet1001_and_110():
    # Identity Mappings, Table 3 gives "10.2M" for ResNet-1001; the closed form (and
    # public re-implementations) give 10.33 M: the paper rounds down.
    p1001 = rv.trace("preact_resnet1001", 32).total_params
    assert p1001 == preact_cifar_params("bottleneck", 111, (16, 32, 64), 1, "B")
    assert abs(p1001 / 1e6 - 10.2) < 0.15
    # preact-110 is resnet110 with only the block order changed (option A): the
    # stem's BN moves to each block's first BN and a final BN over 64 channels.
    p110 = rv.trace("preact_resnet110", 32).total_params
    assert p110 == preact_cifar_params("basic", 18, (16, 32, 64), 1, "A")
    post = rv.trace("resnet110", 32).total_params
    # post: stem BN(16) + 2 BN(c) per block; pre: BN(in) + BN(c) per block + BN(64)
    shift = sum(2 * (c_in - c) for c_in, c in ((16, 32), (32, 64))) + 2 * 64 - 2 * 16
    assert p110 - post == shift


def test_wrn_layout_follows_the_authors_code():
    """Zagoruyko's resnet.py: stem conv 3->16 (no BN), stage widths 16k/32k/64k, 1x1
    projections without BN in the first block of each stage, final BN-ReLU."""
    result = rv.trace("wrn28_10", 32)
    rows = {r.path: r for r in result.layers}
    assert rows["conv1"].out_shape == (1, 16, 32, 32)
    assert "bn1" not in rows
    assert rows["norm"].in_shape == (1, 640, 8, 8)
    assert rows["layer1.0.downsample.conv"].in_shape == (1, 16, 32, 32)
    assert rows["layer1.0.downsample.conv"].out_shape == (1, 160, 32, 32)
    assert [b.shortcut for b in result.blocks if b.index == 0] == ["projection"] * 3
    assert not any(".downsample." in p and "norm" in p for p in rows)


def test_avg_down_pool_is_timms():
    """He et al. 2019, Fig. 2c as timm builds it: 2x2 average pool with the stride,
    ceil_mode, count_include_pad=False; nn.Identity at stride 1; then a 1x1 stride 1."""
    model = build(ARCHS["resnet50d"], "meta")
    pool, conv, _bn = model.layer2[0].downsample
    assert isinstance(pool, nn.AvgPool2d)
    assert (pool.kernel_size, pool.stride) == (2, 2)
    assert pool.ceil_mode
    assert not pool.count_include_pad
    assert conv.stride == (1, 1)
    assert conv.kernel_size == (1, 1)
    assert isinstance(model.layer1[0].downsample[0], nn.Identity)
    result = rv.trace("resnet50d", 224)
    kinds = {b.path: b.shortcut for b in result.blocks}
    assert kinds["layer1.0"] == "projection"  # stride 1: nothing to pool
    assert kinds["layer2.0"] == kinds["layer4.0"] == "avg_projection"
    # An odd map: the pool keeps ceil(7 / 2) = 4 rows, as the strided 3x3 does.
    odd = rv.trace("resnet50d", 200)  # layer4 input 13x13 -> 7x7
    pool_row = next(r for r in odd.layers if r.path == "layer4.0.downsample.0")
    assert pool_row.in_shape[2:] == (13, 13)
    assert pool_row.out_shape[2:] == (7, 7)


def test_deep_stems_have_timms_widths():
    for arch, widths in [
        ("resnet50d", (32, 32, 64)),
        ("resnet50s", (64, 64, 128)),
        ("resnet50t", (24, 32, 64)),
    ]:
        rows = {r.path: r for r in rv.trace(arch, 224).layers}
        got = tuple(rows[f"conv1.{i}"].out_shape[1] for i in (0, 3, 6))
        assert got == widths, arch
        assert rows["conv1.0"].stride == (2, 2)
        assert rows["conv1.3"].stride == (1, 1)
        assert rows["maxpool"].out_shape[2:] == (56, 56)


def test_preact_block_order_and_clean_identity_path():
    """Identity Mappings, Fig. 4e: BN-ReLU-conv inside, nothing after the add."""
    result = rv.trace("resnetv2_50", 224)
    block = [r for r in result.layers if r.path.startswith("layer3.1.")]
    kinds = [r.kind for r in block]
    assert kinds == ["BatchNorm2d", "ReLU", "Conv2d"] * 3
    head = [r.path for r in result.layers if r.stage == "head"]
    assert head == ["norm", "relu", "avgpool", "fc"]
    stem = [r.path for r in result.layers if r.stage == "stem"]
    assert stem == ["conv1", "maxpool"]  # no BN-ReLU in a pre-activation stem


# --- every combination of the new fields traces or is refused in one line ------------
@settings(max_examples=30, deadline=None)
@given(
    block=st.sampled_from(["basic", "bottleneck", "vgg"]),
    order=st.sampled_from(["post", "pre", "PRE", "mid", ""]),
    stem=st.sampled_from(["imagenet", "cifar", "deep", "deep-wide", "tiered", "none"]),
    shortcut=st.sampled_from(["A", "B", "C", "D", "d", "E"]),
    width_factor=st.sampled_from(["1", "2", "3", "0", "-1", "x", "20000"]),
    w0=st.sampled_from([2, 4, 8, 16]),
    n_stages=st.integers(1, 3),
    plain=st.booleans(),
    size=st.integers(1, 40),
)
def test_new_fields_trace_like_a_cpu_forward_or_are_refused_in_one_line(
    block, order, stem, shortcut, width_factor, w0, n_stages, plain, size
):
    fields = {
        "block": block,
        "layers": ",".join(["1"] * n_stages),
        "widths": ",".join(str(w0 * 2**i) for i in range(n_stages)),
        "order": order,
        "stem": stem,
        "shortcut": shortcut,
        "width_factor": width_factor,
        "plain": plain,
        "classes": 3,
    }
    refused: ConfigError | None = None
    try:
        result = rv.trace(None, size, **fields)
    except ConfigError as err:
        refused = err
    if refused is not None:  # one line naming a field, in both languages
        for line in (str(refused), refused.text("zh")):
            assert "\n" not in line
        assert refused.field in {*fields, "input"}
        return
    spec = result.config
    assert spec.order == order.lower()
    shapes: dict[str, tuple[int, ...]] = {}
    model = build(spec).eval()

    def record(path: str):  # a hook that returns None leaves the output alone
        def hook(_m: nn.Module, _args: tuple, out: torch.Tensor) -> None:
            shapes[path] = tuple(out.shape)

        return hook

    handles = [
        m.register_forward_hook(record(path))
        for path, m in model.named_modules()
        if path and next(m.children(), None) is None
    ]
    with torch.no_grad():
        out = model(torch.randn(1, 3, size, size))
    for h in handles:
        h.remove()
    assert {r.path: r.out_shape for r in result.layers} == shapes
    assert result.output_shape == tuple(out.shape) == (1, 3)
    assert result.total_params == sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"width_factor": 2, "widths": "64,128,256,16384"}, "width_factor", "16384"),
        ({"stem": "deep-wide", "widths": "9000,9000,9000,9000"}, "stem", "8192"),
        ({"stem": "tiered", "widths": "4,8,16,32"}, "stem", "at least 8"),
        ({"stem": "deep", "widths": "1,2,4,8"}, "stem", "at least 2"),
        ({"order": "mid"}, "order", "post, pre"),
        ({"shortcut": "E"}, "shortcut", "A, B, C, D"),
        ({"width_factor": 0}, "width_factor", "1 to 16384"),
    ],
)
def test_new_fields_are_bounded_and_refused_in_one_line(overrides, field, text):
    with pytest.raises(ConfigError) as info:
        rv.trace("resnet18", 64, **overrides)
    assert info.value.field == field
    assert text in str(info.value)
    assert "\n" not in info.value.text("zh")
    assert info.value.text("zh") != str(info.value)  # the catalogue has the key


def test_vgg_refuses_the_residual_only_fields():
    for overrides in ({"order": "pre"}, {"width_factor": 2}, {"stem": "deep"}):
        with pytest.raises(ConfigError) as info:
            rv.trace("vgg16", 64, **overrides)
        assert info.value.field == next(iter(overrides))


# --- gradient flow: a post-activation net beside its pre-activation twin -------------
def test_preact_twins_differ_only_in_order():
    for post, pre in PREACT_TWINS.items():
        assert dataclasses.replace(ARCHS[post], order="pre") == ARCHS[pre]


@pytest.mark.slow
def test_order_pair_profiles_both_nets_on_one_batch():
    post, pre = order_pair("resnet110", "preact_resnet110", 32, batch=2, seed=3)
    assert (post.arch, pre.arch) == ("resnet110", "preact_resnet110")
    assert post.input_shape == pre.input_shape == (2, 3, 32, 32)
    # 109 main-path convs each: the stem conv and 2 x 54 in the blocks.
    assert len(post.main_norms) == len(pre.main_norms) == 109
    assert all(n > 0 for n in post.norms + pre.norms)
    with pytest.raises(ConfigError) as info:
        order_pair("resnet110", "resnetv2_50", 32)
    assert info.value.field == "arch"


# --- the fields flow through the URL and the command line ----------------------------
def test_new_fields_round_trip_through_the_url():
    query = {
        "arch": "resnet18",
        "input": "224",
        "order": "pre",
        "stem": "deep",
        "shortcut": "D",
        "width_factor": "2",
    }
    view, warnings = ViewConfig.from_query(query)
    assert warnings == []
    assert view.to_query() == query
    assert view.spec.stage_widths == (128, 256, 512, 1024)
    bad, warnings = ViewConfig.from_query({"arch": "resnet18", "order": "sideways"})
    assert bad.spec.order == "post"
    assert len(warnings) == 1
    assert warnings[0].count("\n") == 0
    assert "order" in warnings[0]


def test_new_flags_on_the_command_line():
    args = ["--arch", "resnet18", "--order", "pre", "--stem", "tiered"]
    args += ["--shortcut", "D", "--width-factor", "2", "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-m", "resnet_viz", "summary", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    config = json.loads(proc.stdout)["config"]
    assert (config["order"], config["stem"], config["shortcut"]) == (
        "pre",
        "tiered",
        "D",
    )
    assert config["width_factor"] == 2
    bad = subprocess.run(
        [sys.executable, "-m", "resnet_viz", "summary", "--width-factor", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0
    assert "width_factor" in bad.stderr


@pytest.mark.parametrize("arch", ["resnetv2_18d", "resnet10t", "preact_resnet110"])
def test_latency_pieces_compose_to_the_network(arch):
    """The latency page times stem, stages and head one by one: chained, they must
    be the whole network (a pre-activation head starts with its final BN-ReLU)."""
    model = build(ARCHS[arch]).eval()
    x = torch.randn(1, 3, 40, 40)
    with torch.no_grad():
        y = x
        for _name, piece in network_pieces(model):
            y = piece(y)
        torch.testing.assert_close(y, model(x))


def test_zoo_blocks_take_shortcut_d():
    """The block zoo's basic and bottleneck share the registry's shortcut options."""
    result = trace_block("basic", "64x56x56", planes=128, stride=2, shortcut="D")
    assert [b.shortcut for b in result.blocks] == ["avg_projection"]
    side = [(r.kind, r.out_shape) for r in result.layers if r.role == "shortcut"]
    assert side == [
        ("AvgPool2d", (1, 64, 28, 28)),
        ("Conv2d", (1, 128, 28, 28)),
        ("BatchNorm2d", (1, 128, 28, 28)),
    ]


def test_zoo_blocks_take_the_pre_activation_order():
    result = trace_block("basic", "64x56x56", planes=128, stride=2, order="pre")
    assert [s.name for s in result.stages] == ["residual", "shortcut", "add"]
    assert [r.kind for r in result.layers][:3] == ["BatchNorm2d", "ReLU", "Conv2d"]
    assert result.layers[-1].path == "downsample.conv"  # no ReLU after the add
    # The same parameters as the network's pre-activation block, counted by hand:
    # BN(64) + 3x3 64->128 + BN(128) + 3x3 128->128 + 1x1 64->128 (no BN).
    assert result.total_params == 128 + 64 * 128 * 9 + 256 + 128 * 128 * 9 + 64 * 128
    dot = zoo_graph_dot(result)
    assert 'norm1 [label="BN + ReLU + conv1 3×3/2, 128"' in dot
    with pytest.raises(ConfigError) as info:
        trace_block("basic", "64x56x56", order="mid")
    assert info.value.field == "order"
