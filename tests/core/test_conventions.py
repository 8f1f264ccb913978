"""Differential tests: each counting tool's real total equals resnet_viz.conventions'
table for the same network, to the unit.

The tools run for real (CPU, eval mode, small inputs) on torchvision's own models
where torchvision has the network, else on the module our builder or the zoo builds,
which is the network the table describes. Versions are pinned in
requirements-dev.txt; tests/references.py imports them. Nothing here skips.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.conventions import TOOLS, tool_counts
from resnet_viz.registry import ARCHS
from resnet_viz.zoo import trace_block
from resnet_viz.zoo.modules import build_block
from resnet_viz.zoo.spec import resolve_block
from resnet_viz.zoo.trace import input_shapes
from tests.references import tool_totals, torchvision_models

tvm = torchvision_models()


def ours(result: rv.TraceResult) -> dict[str, int]:
    return {tc.tool: tc.total for tc in tool_counts(result) if tc.tool in TOOLS[:-1]}


# Measured by running each tool on torchvision's resnet50 at 1x3x224x224 (issue 15).
RESNET50_MEASURED = {
    "flop_counter": 8_178_368_512,
    "torchinfo": 4_089_238_376,
    "fvcore": 4_111_512_576,
    "ptflops_pytorch": 4_132_436_968,
    "ptflops_aten": 4_089_185_256,
    "thop": 4_133_742_592,
    "calflops_macs": 4_089_184_256,
    "calflops_flops": 8_211_108_352,
}


@pytest.mark.slow
def test_resnet50_every_tool_to_the_unit():
    theirs = tool_totals(tvm.resnet50(weights=None), [(1, 3, 224, 224)])
    assert theirs == RESNET50_MEASURED
    assert ours(rv.trace("resnet50", 224)) == theirs


# (arch, input, batch, reference): torchvision's module where it has the network.
NETS = [
    ("resnet18", 97, 1, "torchvision"),  # a basic-block net, odd size
    ("vgg16", 32, 1, "torchvision"),  # VGG: biases, ReLU in the head, 1x1 -> 7x7 pool
    ("resnext50_32x4d", 32, 1, "torchvision"),  # grouped 3x3
    ("seresnet18", 64, 1, "ours"),  # SE: biased 1x1 convs, sigmoid, x * gate
    ("resnet20", 32, 2, "ours"),  # CIFAR: option-A zero-pad shortcuts, batch 2
]


@pytest.mark.parametrize(("arch", "size", "batch", "reference"), NETS)
def test_presets_every_tool_to_the_unit(arch, size, batch, reference):
    model = (
        getattr(tvm, arch)(weights=None)
        if reference == "torchvision"
        else build(ARCHS[arch])
    )
    theirs = tool_totals(model, [(batch, 3, size, size)])
    assert ours(rv.trace(arch, size, batch=batch)) == theirs


# Zoo blocks bring the kinds the presets lack: ReLU6 (inverted residual), average
# pools without padding in the count (NASNet), a stride-1 max pool (inception),
# concatenations and adds of several branches.
BLOCKS = [
    ("inverted_residual", "16x9x9", {}),
    ("nasnet_normal", "16x8x8", {}),
    ("inception", "32x10x10", {}),
    ("dense", "16x6x6", {}),
    ("se", "32x5x5", {}),
]


@pytest.mark.parametrize(("kind", "size", "settings_"), BLOCKS)
def test_zoo_blocks_every_tool_to_the_unit(kind, size, settings_):
    spec, (c, h, w) = resolve_block(kind, size, **settings_)
    model, _ = build_block(spec)
    theirs = tool_totals(model, input_shapes(spec, (1, c, h, w)))
    assert ours(trace_block(kind, size, **settings_)) == theirs


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    block=st.sampled_from(["basic", "bottleneck"]),
    layers=st.lists(st.integers(1, 2), min_size=1, max_size=3),
    width=st.sampled_from([8, 16]),
    stem=st.sampled_from(["imagenet", "cifar"]),
    shortcut=st.sampled_from(["A", "B", "C"]),
    se=st.sampled_from([0, 0.25]),
    size=st.integers(9, 40),
    batch=st.integers(1, 2),
)
def test_random_configs_every_tool_to_the_unit(
    block, layers, width, stem, shortcut, se, size, batch
):
    kw = dict(
        block=block,
        layers=tuple(layers),
        widths=tuple(width * 2**i for i in range(len(layers))),
        stem=stem,
        shortcut=shortcut,
        se_ratio=se,
        classes=7,
    )
    result = rv.trace(None, size, batch=batch, **kw)
    theirs = tool_totals(build(result.config), [(batch, 3, size, size)])
    assert ours(result) == theirs


@pytest.mark.parametrize("arch", [*rv.list_archs("torchvision"), "vgg16", "vgg19"])
def test_torchvision_published_gflops(arch):
    weights = tvm.get_model_weights(arch)
    published = {w.meta["_ops"] for w in weights}
    (row,) = [tc for tc in tool_counts(rv.trace(arch, 224)) if tc.tool == "torchvision"]
    assert row.published
    assert published == {row.total / 1e9}


def test_torchvision_row_is_marked_unpublished_elsewhere():
    for result in (rv.trace("resnet50", 160), rv.trace("resnet20", 32)):
        (row,) = [tc for tc in tool_counts(result) if tc.tool == "torchvision"]
        assert not row.published
    assert not [
        tc
        for tc in tool_counts(rv.trace("resnet50", 224, classes=10))
        if tc.tool == "torchvision" and tc.published
    ]


# --- the command line and the API ----------------------------------------------------
def test_cli_conventions_json_gives_each_tools_total(capsys):
    from resnet_viz.__main__ import main

    assert main(["conventions", "--arch", "resnet50", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["input_shape"] == [1, 3, 224, 224]
    totals = {row["tool"]: row["total"] for row in data["tools"]}
    assert {k: totals[k] for k in RESNET50_MEASURED} == RESNET50_MEASURED
    assert totals["torchvision"] == 4_089_000_000
    for row in data["tools"]:
        assert row["total"] == row["macs"] + sum(x["ops"] for x in row["terms"])
        assert row["rule"]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_cli_conventions_text_formats(capsys, fmt):
    from resnet_viz.__main__ import main

    assert main(["conventions", "--arch", "resnet56", "--format", fmt]) == 0
    out = capsys.readouterr().out
    expected = {tc.tool: tc.total for tc in rv.conventions_of("resnet56")}
    assert "1x3x32x32" in out or fmt == "csv"  # the CIFAR net's own input
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["tool"]: int(r["total"]) for r in rows} == expected
    else:
        assert f"{expected['thop']:,}" in out
        assert "ptflops, pytorch backend" in out


def test_cli_conventions_refuses_a_bad_value_in_one_line(capsys):
    from resnet_viz.__main__ import main

    assert main(["conventions", "--arch", "resnet18", "--groups", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("resnet_viz: error: groups:")


def test_api_works_on_custom_nets_zoo_blocks_and_batches():
    assert [tc.tool for tc in rv.conventions_of("resnet18", 64)] == list(TOOLS)
    one = rv.conventions_of("resnet18", 64)
    four = rv.conventions_of("resnet18", 64, batch=4)
    for a, b in zip(one, four, strict=True):
        # ptflops and torchvision count one image; the others the whole batch.
        assert b.total == (a.total if a.batch == 1 and b.batch == 1 else 4 * a.total)
    block = rv.tool_counts(trace_block("nasnet_normal", "16x8x8"))
    assert {tc.tool for tc in block} == set(TOOLS)


def test_conventions_module_imports_no_torch():
    import ast
    from pathlib import Path

    import resnet_viz.conventions as C

    tree = ast.parse(Path(C.__file__).read_text(encoding="utf-8"))
    top = {
        ("." * n.level) + (n.module or "")
        for n in tree.body
        if isinstance(n, ast.ImportFrom)
    } | {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    assert not any("torch" in m or "streamlit" in m for m in top)


def test_timms_seresnet_differs_by_exactly_its_squeeze():
    # timm's SEModule squeezes with x.mean((2, 3)), no module and no patched
    # function, so the tools that count our SE's AdaptiveAvgPool2d count nothing
    # there on timm's model; everything else is equal.
    from tests.references import timm_module

    theirs = tool_totals(
        timm_module().create_model("seresnet18", pretrained=False), [(1, 3, 64, 64)]
    )
    result = rv.trace("seresnet18", 64)
    pools = [r for r in result.layers if r.path.endswith(".se.pool")]
    pool_in = sum(math.prod(r.in_shape) for r in pools)
    pool_out = sum(math.prod(r.out_shape) for r in pools)
    expected = ours(result)
    for tool, less in {
        "fvcore": pool_in,
        "thop": pool_in + pool_out,
        "calflops_flops": pool_in,
        "ptflops_pytorch": 2 * pool_in,
    }.items():
        expected[tool] -= less
    assert theirs == expected


def test_cli_block_conventions(capsys):
    from resnet_viz.__main__ import main

    args = ["block", "inverted_residual", "--input", "16x9x9", "--conventions"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    want = {tc.tool: tc.total for tc in tool_counts(trace_block(*BLOCKS[0][:2]))}
    assert {row["tool"]: row["total"] for row in data["tools"]} == want
