"""Views of the later ResNet family (issue 16): every figure, graph, table and
walkthrough step shows the pre-activation order, the deep stem's three convs and
ResNet-D's pool-then-1x1 shortcut, labelled, in both languages."""

from __future__ import annotations

import pytest

import resnet_viz as rv
from resnet_viz.compare import family_sentences
from resnet_viz.figures import block_figure, block_graph_dot
from resnet_viz.tables import layer_rows, table1_rows
from resnet_viz.walkthrough import step_explanation, step_title, walkthrough_steps


def _texts(fig) -> list[str]:
    out = []
    for tr in fig.data:
        if tr.type == "scatter3d" and tr.text is not None:
            out += list(tr.text)
    return out


def test_resnet50d_block_shows_pool_then_1x1():
    fig = block_figure(rv.trace("resnet50d", 224), "layer2.0")
    names = {tr.name for tr in fig.data}
    assert "pooled input" in names  # the pool's own box, then the 1x1's
    assert "2×2 avg-pool, stride 2 → 1×1 conv + BN" in fig.layout.title.text
    label = next(x for x in _texts(fig) if x.startswith("shortcut:"))
    assert label.startswith("shortcut: 2×2 avg-pool, stride 2 → 1×1 conv")
    zh = block_figure(rv.trace("resnet50d", 224), "layer2.0", lang="zh")
    assert "平均池化" in zh.layout.title.text


def test_preact_block_shows_bn_relu_before_each_conv_and_no_relu_after_add():
    fig = block_figure(rv.trace("resnetv2_50", 224), "layer2.0")
    texts = _texts(fig)
    ops = [x for x in texts if x.startswith("op ")]
    assert len(ops) == 3
    assert all("BN → ReLU →<br>" in x for x in ops)
    assert any(x.startswith("sum (no ReLU: pre-activation)") for x in texts)
    assert "on BN-ReLU(x)" in fig.layout.title.text
    # The post-activation twin keeps its old labels.
    post = _texts(block_figure(rv.trace("resnet50", 224), "layer2.0"))
    assert not any("BN → ReLU" in x for x in post)
    assert any(x.startswith("sum + ReLU") for x in post)


def test_graph_labels_deep_stem_avg_down_and_preact_units():
    dot = block_graph_dot(
        rv.trace("resnet50d", 224), expand=("layer2",), detail="layer"
    )
    for conv in ("conv1.0 3×3/2, 32", "conv1.3 3×3, 32", "conv1.6 3×3, 64"):
        assert conv in dot
    assert 'xlabel="2×2 avg-pool, stride 2 → 1×1 conv + BN · 28×28×512"' in dot
    assert 'color="#7d3c98"' in dot  # avg-projection arcs have their own colour
    pre = block_graph_dot(
        rv.trace("resnetv2_18", 224), expand=("layer2",), detail="layer"
    )
    assert 'layer2_0_norm1 [label="BN + ReLU + conv1 3×3/2, 128"' in pre
    assert 'layer2_0_add [label="add (nothing after it)"' in pre
    assert 'norm [label="norm BN + ReLU"' in pre


def test_tables_show_the_new_rows():
    rows = table1_rows(rv.trace("resnet50d", 224))
    assert rows[0]["layers"] == "3×3, 32, stride 2; 3×3, 32; 3×3, 64"
    assert rows[0]["output size"] == "112×112"
    head = table1_rows(rv.trace("resnetv2_50", 224))[-2]
    assert head["layers"] == "BN + ReLU, average pool, fc-1000"
    assert head["output size"] == "1×1"
    # Per-layer: ResNet-D's pool rounds up on an odd map (ceil_mode, as in timm).
    by_path = {r["path"]: r for r in layer_rows(rv.trace("resnet50d", 200))}
    assert by_path["layer4.0.downsample.0"]["formula"] == "⌈(13 + 2·0 − 2)/2⌉ + 1 = 7"
    assert by_path["layer1.0.downsample.0"]["type"] == "Identity"  # stride 1: no pool


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_walkthrough_explains_the_new_steps(lang):
    steps = walkthrough_steps(rv.trace("resnet50d", 224))
    by_id = {s.id: s for s in steps}
    assert "ResNet-C" in step_explanation(by_id["conv1.0"], lang)
    assert "ResNet-D" in step_title(by_id["layer2.0.shortcut"], lang)
    pre = {s.id: s for s in walkthrough_steps(rv.trace("resnetv2_50", 224))}
    assert "BN → ReLU → 1×1" in step_title(pre["layer2.0.norm1"], lang)
    assert "x + F(x)" in step_explanation(pre["layer2.0.add"], lang)
    assert "BN + ReLU" in step_explanation(pre["norm"], lang)
    for s in pre.values():  # every key exists in both languages
        assert "wt." not in step_title(s, lang) + step_explanation(s, lang)


def test_family_sentences_state_the_costs():
    a, c, d = (rv.trace(n, 224) for n in ("resnet50", "resnet50c", "resnet50d"))
    stem = family_sentences(a, c, "①", "②")
    assert len(stem) == 1
    # 7x7 conv: 112*112*64 * 3*49 MACs; deep stem: 112*112 * (32*27 + 32*288 + 64*288)
    deep = 112 * 112 * (32 * 27 + 32 * 288 + 64 * 288)
    assert f"{deep:,} MACs against {112 * 112 * 64 * 147:,}" in stem[0]
    pool = family_sentences(c, d, "②", "③")
    assert len(pool) == 1
    assert "3 downsampling" in pool[0]
    assert "3,136 positions" in pool[0]  # layer2.0's 56x56 input
    v2 = family_sentences(a, rv.trace("resnetv2_50", 224), "①", "②")
    assert v2[0].startswith("② is pre-activation: each of its 16 blocks")
    assert "2048 channels" in v2[0]


def test_long_block_titles_keep_only_the_shortcut_kind():
    """A title that would run under plotly's toolbar (the 1440x900 screenshot of
    resnetv2_50d in Chinese did) keeps the kind; the branch label keeps the detail."""
    trace = rv.trace("resnetv2_50d", 224)
    for lang, kind in (("en", "avg-down"), ("zh", "平均池化下采样")):
        fig = block_figure(trace, "layer2.0", lang=lang)
        # The title's first line; the second states the scaling rule (issue 13).
        assert fig.layout.title.text.split("<br>")[0].endswith(kind)
        assert any("BN-ReLU(x)" in x for x in _texts(fig))
    short = block_figure(rv.trace("resnet18", 224), "layer2.0").layout.title.text
    short = short.split("<br>")[0]
    assert (
        short
        == "resnet18 · block layer2.0 · shortcut: projection (1×1 conv, stride 2 + BN)"
    )
