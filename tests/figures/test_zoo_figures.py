"""The block zoo's figures: DOT snapshots plus structure, and the volume rows; checked
through text and fig.to_dict(), never pixels. One trace is built by hand (no torch)."""

# expected texts use the multiplication sign on purpose

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import resnet_viz as rv
from resnet_viz.figures.zoo import unit_label, units, zoo_graph_dot, zoo_volume_figure
from resnet_viz.records import BlockRecord, LayerRecord, StageRecord, TraceResult
from resnet_viz.zoo import BlockSpec, list_blocks, trace_block

from .test_graph import GOLDEN, assert_valid_dot, edges, nodes

SHAPE = re.compile(r"^(\d+ × )?\d+×\d+×\d+$")


def row(path, kind, stage, in_shape, out_shape, **kw) -> LayerRecord:
    base = dict(
        path=path, kind=kind, stage=stage, block=None, role="main",
        in_shape=in_shape, out_shape=out_shape, kernel_size=None, stride=None,
        padding=None, dilation=None, groups=None, params=0, macs=0,
        elementwise_ops=0, activation_bytes=0, receptive_field=(1, 1), jump=(1, 1),
    )  # fmt: skip
    return LayerRecord(**{**base, **kw})


def hand_built() -> TraceResult:
    """Input 8x4x4 -> a 1x1 conv branch (+ BN) and a max-pool branch -> concat."""
    conv = dict(kernel_size=(1, 1), stride=(1, 1), padding=(0, 0), dilation=(1, 1))
    layers = (
        row("a.conv", "Conv2d", "a", (1, 8, 4, 4), (1, 4, 4, 4), groups=1,
            params=32, macs=512, **conv),
        row("a.bn", "BatchNorm2d", "a", (1, 4, 4, 4), (1, 4, 4, 4), params=8),
        row("pool", "MaxPool2d", "pool", (1, 8, 4, 4), (1, 8, 4, 4),
            kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), dilation=(1, 1)),
        row("cat", "Concat", "cat", (1, 4, 4, 4), (1, 12, 4, 4)),
    )  # fmt: skip

    def stage(name, rows, inputs):
        return StageRecord(
            name, rows[0].in_shape, rows[-1].out_shape, 0,
            sum(r.params for r in rows), sum(r.macs for r in rows), 0, inputs,
        )  # fmt: skip

    stages = (
        stage("a", layers[:2], ("input",)),
        stage("pool", layers[2:3], ("input",)),
        stage("cat", layers[3:], ("a", "pool")),
    )
    return TraceResult(
        arch="toy", config=BlockSpec("toy", 8), device="meta",
        input_shape=(1, 8, 4, 4), output_shape=(1, 12, 4, 4), layers=layers,
        blocks=(BlockRecord("block", 0, "toy", (1, 8, 4, 4), (1, 12, 4, 4), "none",
                            40, 512, 0),),
        stages=stages, total_params=40, total_macs=512, total_elementwise_ops=0,
        total_activation_bytes=0, param_bytes=160,
    )  # fmt: skip


def test_hand_built_trace_graph():
    dot = zoo_graph_dot(hand_built())
    assert_valid_dot(dot)
    assert set(nodes(dot)) == {"input", "a_conv", "pool", "cat", "output"}
    wiring = {(t, h): a["label"] for t, h, a in edges(dot)}
    assert wiring == {
        ("input", "a_conv"): "4×4×8",
        ("input", "pool"): "4×4×8",
        ("a_conv", "cat"): "4×4×4",
        ("pool", "cat"): "4×4×8",
        ("cat", "output"): "4×4×12",
    }
    assert 'label="a\\nconv 1×1, 4 + BN"' in dot  # a one-op branch: a node


def test_hand_built_trace_volumes():
    fig = zoo_volume_figure(hand_built()).to_dict()
    meshes = [d for d in fig["data"] if d["type"] == "mesh3d"]
    assert [m["name"] for m in meshes] == ["input", "a", "pool", "cat"]
    (names,) = [d for d in fig["data"] if d.get("name") == "branch names"]
    assert list(names["text"]) == ["input", "a", "pool", "cat"]
    assert fig["layout"]["title"]["text"].startswith("toy · input 4×4×8 → 4×4×12")


GOLDEN_CASES = [
    ("zoo_inception", "inception", "256x28x28", {"filters": 64, "reduction": 4}),
    ("zoo_resnext_split", "resnext", "256x14x14", {"form": "split"}),
    ("zoo_basic_projection", "basic", "64x56x56", {"planes": 128, "stride": 2}),
]


@pytest.mark.parametrize(
    ("name", "kind", "input", "settings"),
    GOLDEN_CASES,
    ids=[c[0] for c in GOLDEN_CASES],
)
def test_golden_snapshots(name, kind, input, settings, update_golden):
    dot = zoo_graph_dot(trace_block(kind, input, **settings))
    path = GOLDEN / f"{name}.dot"
    if update_golden:
        path.write_text(dot, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run pytest --update-golden"
    assert dot == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list_blocks())
def test_every_kind_every_edge_has_a_shape(kind):
    t = trace_block(kind, "64x8x8")
    dot = zoo_graph_dot(t)
    assert_valid_dot(dot)
    common = re.search(r"every tensor inside the cell is (\S+)\"", dot)
    for _, _, attrs in edges(dot):
        if attrs.get("style") == "invis":  # ranks a stacked cell's merges
            continue
        if "label" not in attrs:  # a stacked cell says its one inner shape once
            assert common, (kind, attrs)
            assert SHAPE.match(common[1]), (kind, common[1])
            continue
        label = attrs["label"].removeprefix("identity\\n")
        assert SHAPE.match(label), (kind, label)
    fig = zoo_volume_figure(t)
    assert fig.to_dict()["data"]


def test_parallel_paths_collapse_and_expand():
    t = trace_block("resnext", "256x14x14", form="split")
    dot = zoo_graph_dot(t)
    assert "⋯ path3 … path30" in dot
    assert (
        sum(n.startswith("cluster_path") for n in re.findall(r"cluster_\w+", dot)) == 4
    )
    assert "28 × 14×14×256" in dot
    full = zoo_graph_dot(t, max_parallel=64)
    assert len(re.findall(r"subgraph cluster_path", full)) == 32
    meshes = [
        d for d in zoo_volume_figure(t).to_dict()["data"] if d["type"] == "mesh3d"
    ]
    assert len(meshes) < 12


def test_shortcut_styles():
    proj = zoo_graph_dot(trace_block("basic", "64x8x8", planes=128, stride=2))
    dashed = [a for _, _, a in edges(proj) if a.get("style") == "dashed"]
    assert len(dashed) == 2  # input -> projection -> add
    ident = zoo_graph_dot(trace_block("basic", "64x8x8"))
    assert 'label="identity\\n8×8×64"' in ident


def test_units_group_bn_and_activations():
    t = trace_block("nasnet_normal", "32x8x8", filters=8)
    rows = [r for r in t.layers if r.stage == "conv_1x1"]
    assert [unit_label(u) for u in units(rows)] == ["ReLU + conv 1×1, 8 + BN"]
    dense = trace_block("dense", "32x8x8", depth=2, growth_rate=4)
    rows = [r for r in dense.layers if r.stage == "denselayer2"]
    assert [unit_label(u) for u in units(rows)] == [
        "concat",
        "BN + ReLU + conv1 1×1, 16 + BN + ReLU",
        "conv2 3×3, 4",
    ]


def test_zoo_figures_import_no_torch_or_ui():
    source = Path(rv.__file__).parent / "figures" / "zoo.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not {m for m in imported if m.split(".")[0] in {"torch", "streamlit"}}


def test_nasnet_cell_stacks_its_merges_and_names_the_inner_shape():
    """NASNet-A's five comb iterations are ranked one under the other (side by
    side the cell was ~2,900 px wide, ~4 px text fitted to a laptop), and the one
    inner shape is in the title instead of on every edge; other blocks keep every
    edge labelled."""
    t = trace_block("nasnet_normal", "256x56x56")
    dot = zoo_graph_dot(t)
    assert_valid_dot(dot)
    assert "every tensor inside the cell is 56×56×42" in dot
    invisible = [(a, b) for a, b, attrs in edges(dot) if attrs.get("style") == "invis"]
    assert len(invisible) >= 4
    assert ("comb_iter_0", "comb_iter_1_left_act_1") in invisible
    assert "comb_iter_0_left\\n" in dot  # the cluster's name on its own line
    assert "every tensor inside" not in zoo_graph_dot(
        trace_block("inception", "64x8x8")
    )


def test_volumes_draw_h_and_w_linearly():
    """A stride-2 basic block's rows are half as tall and wide as its 56×56 input
    (H and W linear, C on the scale), and the title states the rule."""
    fig = zoo_volume_figure(trace_block("basic", "64x56x56", planes=128, stride=2))
    meshes = [d for d in fig.data if d.type == "mesh3d"]

    def extent(mesh, axis):
        return max(getattr(mesh, axis)) - min(getattr(mesh, axis))

    first, rest = meshes[0], meshes[1:]
    assert rest
    for mesh in rest:
        assert extent(first, "z") / extent(mesh, "z") == pytest.approx(2)
    assert "box height ∝ H, width ∝ W, depth ∝ √C" in fig.layout.title.text


def test_volumes_are_fitted_and_names_are_laid_out_first():
    """The app fits the 3D view to its column and lays its labels out in the browser
    (ui/plot.py reads layout.meta), one label at a time in trace order: the row
    names come before the shape labels, so a name keeps its place by its row, and a
    label moves at most one line."""
    fig = zoo_volume_figure(hand_built())
    assert fig.layout.meta == {"rv_fit": True, "rv_moves": [0, 1, -1]}
    texts = [d.name for d in fig.data if d.type == "scatter3d" and "text" in d.mode]
    assert texts == ["branch names", "labels"]
