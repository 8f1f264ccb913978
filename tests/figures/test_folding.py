"""Folded repeated blocks (issue 12): what fold_repeats keeps, the size functions the
cost model calls before building (layer_box_count, graph_node_count), and the folded
layer view and block graph. Meta traces only."""

from __future__ import annotations

import re
from functools import cache

import pytest

import resnet_viz as rv
from resnet_viz.figures.folding import block_signature, fold_repeats, rows_by_block
from resnet_viz.figures.graph import (
    GRAPH_NODE_LIMIT,
    block_graph_dot,
    graph_node_count,
    plan_graph,
)
from resnet_viz.figures.volumes import (
    SHORTCUT_GROUP,
    VOLUME_BOX_LIMIT,
    VOLUME_FOLD_ABOVE,
    layer_box_count,
    volume_figure,
)

NODE = re.compile(r"^\s*([A-Za-z_]\w*) \[", re.MULTILINE)


@cache
def traced(arch: str, size: int = 224, **overrides) -> rv.TraceResult:
    return rv.trace(arch, size, **overrides)


def nodes(dot: str) -> list[str]:
    return [n for n in NODE.findall(dot) if n not in ("graph", "node", "edge")]


def boxes(fig) -> int:
    return sum(
        len(d.x) // 8
        for d in fig.data
        if d.type == "mesh3d" and d.legendgroup != SHORTCUT_GROUP  # tensors only
    )


# --- fold_repeats --------------------------------------------------------------------
def test_resnet152_folds_to_two_blocks_a_stage():
    t = traced("resnet152")
    folded = fold_repeats(t)
    assert folded.is_folded
    kept = [b.path for b in folded.trace.blocks]
    assert kept == [f"layer{k}.{i}" for k in (1, 2, 3, 4) for i in (0, 1)]
    depths = {s.name: s.n_blocks for s in t.stages if s.n_blocks}
    assert folded.repeats == {f"{s}.1": n - 1 for s, n in depths.items()}
    assert folded.last == {f"{s}.1": f"{s}.{n - 1}" for s, n in depths.items()}
    # Stem, head and the stage records are untouched; dropped blocks' rows are gone.
    assert folded.trace.stages == t.stages
    kept_rows = {r.path for r in folded.trace.layers}
    assert "fc" in kept_rows
    assert "conv1" in kept_rows
    assert "layer3.2.conv1" not in kept_rows
    assert set(kept_rows) <= {r.path for r in t.layers}


def test_a_net_without_repeats_comes_back_unchanged():
    t = traced("resnet18", 64, layers="1,1,1,1")
    folded = fold_repeats(t)
    assert not folded.is_folded
    assert folded.trace is t


def test_only_identical_blocks_fold():
    t = traced("resnet50")
    rows = rows_by_block(t)
    sig = {b.path: block_signature(b, rows[b.path]) for b in t.blocks}
    assert sig["layer2.0"] != sig["layer2.1"]  # the projection block differs
    assert sig["layer2.1"] == sig["layer2.2"] == sig["layer2.3"]
    assert sig["layer2.1"] != sig["layer3.1"]  # other widths
    assert fold_repeats(t).repeats["layer2.1"] == 3


# --- layer view ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("arch", "size"), [("resnet18", 224), ("resnet50", 224), ("resnet20", 32)]
)
@pytest.mark.parametrize("fold", [False, True])
def test_layer_box_count_is_what_the_figure_draws(arch, size, fold):
    t = traced(arch, size)
    fig = volume_figure(t, "layer", fold=fold)
    assert layer_box_count(t, fold=fold) == boxes(fig)


def test_small_nets_stay_unfolded_by_default():
    for arch in ("resnet18", "resnet34", "resnet50"):
        assert layer_box_count(traced(arch)) <= VOLUME_FOLD_ABOVE, arch
    assert layer_box_count(traced("resnet152")) > VOLUME_FOLD_ABOVE
    # The default (fold=None) only folds above the hard limit.
    t = traced("resnet152")
    assert boxes(volume_figure(t, "layer")) == layer_box_count(t) <= VOLUME_BOX_LIMIT


def test_folded_view_marks_each_run_with_its_length():
    t = traced("resnet152")
    fig = volume_figure(t, "layer", fold=True)
    labels = next(d for d in fig.data if d.name == "labels").text
    runs = [text.split("</b>")[0][3:] for text in labels if text.startswith("<b>×")]
    assert runs == ["×2", "×7", "×35", "×2"]  # as labels, laid out with the others
    marks = [d for d in fig.data if d.name == "repeated blocks"]
    assert len(marks) == 1
    assert len(marks[0].x) == 4
    assert "layer3.1…layer3.35: 35 identical blocks, drawn once" in marks[0].hovertext
    # One shortcut arc per drawn block.
    arcs = [
        d for d in fig.data if d.legendgroup == SHORTCUT_GROUP and d.type == "scatter3d"
    ]
    arcs = [a for a in arcs if a.mode == "lines"]
    assert sum(list(a.x).count(None) for a in arcs) == 8


def test_over_the_limit_the_figure_folds_whatever_it_is_asked():
    t = traced("resnet1202", 32)
    assert layer_box_count(t) > VOLUME_BOX_LIMIT
    fig = volume_figure(t, "layer")
    assert boxes(fig) == layer_box_count(t, fold=True) < 20
    assert len(fig.to_json()) < 500_000


def test_folded_zh_marks_are_chinese():
    fig = volume_figure(traced("resnet152"), "layer", fold=True, lang="zh")
    marks = next(d for d in fig.data if d.name == "重复的块")
    assert "35 个相同的块" in " ".join(marks.hovertext)


# --- block graph ---------------------------------------------------------------------
GRAPH_CASES = [
    ("resnet152", 224, ("all",), "block"),
    ("resnet152", 224, ("all",), "layer"),
    ("resnet50", 224, ("layer2",), "layer"),
    ("resnet20", 32, ("all",), "layer"),
    ("plain34", 224, ("all",), "layer"),
    ("resnet34", 224, (), "block"),
]


@pytest.mark.parametrize(("arch", "size", "expand", "detail"), GRAPH_CASES)
@pytest.mark.parametrize("fold", [False, True])
def test_graph_node_count_is_what_the_dot_declares(arch, size, expand, detail, fold):
    t = traced(arch, size)
    dot = block_graph_dot(t, expand=expand, detail=detail, fold=fold)
    assert graph_node_count(t, expand, detail, fold=fold) == len(nodes(dot))


def test_folded_graph_names_the_runs():
    t = traced("resnet152")
    dot = block_graph_dot(t, expand=("all",), fold=True)
    assert "layer3.1 … layer3.35 (×35 identical)" in dot
    assert "layer3_2 " not in dot  # no node for a block folded away
    assert len(nodes(dot)) == 6 + 8
    zh = block_graph_dot(t, expand=("all",), fold=True, lang="zh")
    assert "layer3.1 … layer3.35（×35，相同的块）" in zh


def test_plan_graph_keeps_folds_or_refuses():
    t = traced("resnet152")
    asked = plan_graph(t, ("all",), "layer")
    assert (asked.fold, asked.is_refused) == (False, False)  # 260 nodes fit
    assert asked.nodes == asked.requested_nodes <= GRAPH_NODE_LIMIT
    folded = plan_graph(t, ("all",), "layer", limit=100)
    assert folded.fold
    assert folded.nodes < 100 < folded.requested_nodes
    refused = plan_graph(t, ("all",), "layer", limit=20)
    assert refused.is_refused
    assert refused.expand == ()
    assert refused.nodes == graph_node_count(t) == 10


def test_resnet1202_expanded_is_folded_under_the_limit():
    t = traced("resnet1202", 32)
    plan = plan_graph(t, ("all",), "layer")
    assert plan.fold
    assert plan.requested_nodes > GRAPH_NODE_LIMIT >= plan.nodes
