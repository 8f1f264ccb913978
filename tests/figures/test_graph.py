"""The block graph's DOT text: golden snapshots plus structural facts checked on their
own, so a snapshot refreshed by mistake cannot hide a wrong graph."""

# expected texts use the multiplication and minus signs on purpose

from __future__ import annotations

import ast
import dataclasses
import re
import time
from functools import cache
from pathlib import Path

import pytest

import resnet_viz as rv
from resnet_viz.figures.graph import block_graph_dot, dot_quote, node_id

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
QUOTED = re.compile(r'"(?:\\.|[^"\\])*"')
NODE = re.compile(r"^\s*([A-Za-z_]\w*) \[", re.MULTILINE)
EDGE = re.compile(r"^\s*([A-Za-z_]\w*) -> ([A-Za-z_]\w*) \[(.*)\];$", re.MULTILINE)
SHAPE = re.compile(r"^\d+(×\d+)*$")


@cache
def traced(arch: str, size: int, **overrides: str) -> rv.TraceResult:
    return rv.trace(arch, size, **overrides)


def nodes(dot: str) -> list[str]:
    return [n for n in NODE.findall(dot) if n not in ("graph", "node", "edge")]


def edges(dot: str) -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for tail, head, attrs in EDGE.findall(dot):
        pairs = re.findall(r'(\w+)="((?:\\.|[^"\\])*)"', attrs)
        out.append((tail, head, dict(pairs)))
    return out


def shortcut_edges(dot: str) -> list[dict[str, str]]:
    return [a for _, _, a in edges(dot) if "tailport" in a]


def assert_valid_dot(dot: str) -> None:
    """Balanced braces and brackets outside strings; every edge end is a node."""
    bare = QUOTED.sub('""', dot)
    assert bare.count("{") == bare.count("}")
    assert bare.count("[") == bare.count("]")
    assert bare.count('"') % 2 == 0
    assert bare.startswith("digraph ")
    assert bare.rstrip().endswith("}")
    declared = set(nodes(dot))
    assert len(declared) == len(nodes(dot)), "a node is declared twice"
    for tail, head, _ in edges(dot):
        assert tail in declared
        assert head in declared


GOLDEN_CASES = [
    ("resnet34_collapsed", ("resnet34", 224), {}, {}),
    ("resnet20_expanded", ("resnet20", 32), {}, {"expand": ("all",)}),
    (
        "resnet50_layer2_layers",
        ("resnet50", 224),
        {},
        {"expand": ("layer2",), "detail": "layer"},
    ),
]


@pytest.mark.parametrize(
    ("name", "trace_args", "overrides", "kwargs"),
    GOLDEN_CASES,
    ids=[c[0] for c in GOLDEN_CASES],
)
def test_golden_snapshots(name, trace_args, overrides, kwargs, update_golden):
    dot = block_graph_dot(traced(*trace_args, **overrides), **kwargs)
    path = GOLDEN / f"{name}.dot"
    if update_golden:
        path.write_text(dot, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run pytest --update-golden"
    assert dot == path.read_text(encoding="utf-8")
    assert_valid_dot(dot)


def test_collapsed_resnet34_structure():
    dot = block_graph_dot(traced("resnet34", 224))
    assert_valid_dot(dot)
    assert nodes(dot) == [
        "input",
        "conv1",
        "maxpool",
        "layer1",
        "layer2",
        "layer3",
        "layer4",
        "avgpool",
        "fc",
        "output",
    ]
    assert "28×28×128" in dot
    assert "[3×3, 128; 3×3, 128] × 4" in dot
    assert "1 projection, 3 identity" in dot
    assert shortcut_edges(dot) == []
    assert "subgraph" not in dot


def test_every_main_edge_carries_its_shape():
    trace = traced("resnet50", 224)
    dot = block_graph_dot(trace, expand=("all",), detail="layer")
    main = [(t, h, a) for t, h, a in edges(dot) if "tailport" not in a]
    assert all(SHAPE.match(a["label"]) for _, _, a in main)
    labels = {(t, h): a["label"] for t, h, a in main}
    assert labels["input", "conv1"] == "224×224×3"
    assert labels["avgpool", "fc"] == "2048"  # the fc edges show the vector length
    assert labels["fc", "output"] == "1000"
    for attrs in shortcut_edges(dot):
        assert re.search(r" · \d+×\d+×\d+$", attrs["xlabel"])


@pytest.mark.parametrize(
    ("arch", "size", "overrides", "expand", "detail"),
    [
        ("resnet34", 224, {}, ("layer2",), "block"),
        ("resnet50", 224, {}, ("layer2",), "layer"),
        ("resnet18", 64, {"shortcut": "C"}, ("all",), "block"),
        ("resnet18", 64, {"shortcut": "C"}, ("layer1", "layer3"), "layer"),
        ("resnext50_32x4d", 224, {}, ("all",), "block"),
    ],
)
def test_one_dashed_edge_per_projection(arch, size, overrides, expand, detail):
    trace = traced(arch, size, **overrides)
    dot = block_graph_dot(trace, expand=expand, detail=detail)
    assert_valid_dot(dot)
    stages = {s.name for s in trace.stages} if "all" in expand else set(expand)
    shown = [b for b in trace.blocks if b.stage in stages]
    projections = [b for b in shown if b.shortcut == "projection"]
    dashed = [a for a in shortcut_edges(dot) if a["style"] == "dashed"]
    assert len(dashed) == len(projections) > 0
    assert len(shortcut_edges(dot)) == len(shown)  # one shortcut edge per block


def test_projection_label_uses_the_real_stride():
    dot = block_graph_dot(traced("resnet18", 64, shortcut="C"), expand=("layer2",))
    labels = [a["xlabel"] for a in shortcut_edges(dot)]
    assert labels == ["1×1 conv, stride 2 + BN · 8×8×128", "1×1 conv + BN · 8×8×128"]


def test_resnet20_zero_pad_edges():
    dot = block_graph_dot(traced("resnet20", 32), expand=("all",))
    assert_valid_dot(dot)
    dotted = [a for a in shortcut_edges(dot) if a["style"] == "dotted"]
    assert [a["xlabel"] for a in dotted] == [
        "zero-pad (stride 2, +16 channels) · 16×16×32",
        "zero-pad (stride 2, +32 channels) · 8×8×64",
    ]
    solid = [a for a in shortcut_edges(dot) if a["style"] == "solid"]
    assert len(solid) == 7
    assert all(a["xlabel"].startswith("identity · ") for a in solid)
    assert 'color="#8c8c8c"' in dot  # identity edges are grey


def test_plain_net_has_no_residual_edges():
    trace = traced("plain34", 224)
    for detail in ("block", "layer"):
        dot = block_graph_dot(trace, expand=("all",), detail=detail)
        assert_valid_dot(dot)
        assert shortcut_edges(dot) == []
        assert "add + ReLU" not in dot
    assert "no shortcuts (plain)" in block_graph_dot(trace)


def test_layer_detail_nodes_and_ids():
    dot = block_graph_dot(traced("resnet50", 224), expand=("layer2",), detail="layer")
    assert_valid_dot(dot)
    ids = nodes(dot)
    assert ids[ids.index("layer2_0_conv1") : ids.index("layer2_0_relu3") + 1] == [
        "layer2_0_conv1",
        "layer2_0_conv2",
        "layer2_0_conv3",
        "layer2_0_relu3",
    ]
    assert 'label="conv1 1×1, 128 + BN + ReLU"' in dot
    assert 'label="conv2 3×3/2, 128 + BN + ReLU"' in dot
    assert 'label="conv3 1×1, 512 + BN"' in dot
    assert 'label="add + ReLU"' in dot
    assert "subgraph cluster_layer2 {" in dot
    assert "subgraph cluster_layer2_0 {" in dot
    # The shortcut ends at the add node and starts at the block's input.
    starts = {(t, h) for t, h, a in edges(dot) if "tailport" in a}
    assert ("layer1", "layer2_0_relu3") in starts
    assert ("layer2_0_relu3", "layer2_1_relu3") in starts


def test_graph_sizes_stay_small():
    trace = traced("resnet152", 224)
    assert len(nodes(block_graph_dot(trace))) == 10
    started = time.perf_counter()
    dot = block_graph_dot(trace, expand=("all",))
    elapsed = time.perf_counter() - started
    assert_valid_dot(dot)
    assert len(nodes(dot)) == 6 + sum(s.n_blocks for s in trace.stages) == 56
    assert elapsed < 0.5  # about 1 ms on a laptop; the bound only catches blow-ups


def test_output_is_deterministic():
    a = block_graph_dot(rv.trace("resnet34", 224), expand=("layer3",))
    b = block_graph_dot(rv.trace("resnet34", 224), expand=("layer3",))
    assert a == b
    assert "0x" not in a  # no id() or repr of objects leaked into ids


def test_rankdir_and_argument_errors():
    trace = traced("resnet34", 224)
    assert 'rankdir="LR"' in block_graph_dot(trace, rankdir="LR")
    assert 'rankdir="TB"' in block_graph_dot(trace)
    with pytest.raises(ValueError, match="detail"):
        block_graph_dot(trace, detail="pixel")
    assert block_graph_dot(trace, expand="layer2") == block_graph_dot(
        trace, expand=("layer2",)
    )
    with pytest.raises(ValueError, match="layer9"):
        block_graph_dot(trace, expand=("layer9",))
    with pytest.raises(ValueError, match="rankdir"):
        block_graph_dot(trace, rankdir="up")


def test_labels_are_escaped():
    assert dot_quote('say "hi"\\ now\nnext') == '"say \\"hi\\"\\\\ now\\nnext"'
    odd = dataclasses.replace(traced("resnet20", 32), arch='my "net" \\ v2')
    dot = block_graph_dot(odd)
    assert dot.startswith('digraph "my \\"net\\" \\\\ v2" {')
    assert_valid_dot(dot)


def test_node_ids_are_dot_safe():
    assert node_id("layer2.0.downsample.0") == "layer2_0_downsample_0"
    assert node_id("0.conv") == "n_0_conv"
    assert node_id("node") == "n_node"
    assert re.fullmatch(r"[A-Za-z_]\w*", node_id("a-b c.d"))


def test_graph_module_imports_no_torch_or_ui():
    source = Path(rv.__file__).parent / "figures" / "graph.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    banned = {"torch", "streamlit", "graphviz", "plotly"}
    assert not {m for m in imported if m.split(".")[0] in banned}
