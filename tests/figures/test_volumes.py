"""Volume figures: box counts, labels, proportions and shortcut captions, read from
fig.to_dict() (never pixels). Traces use the meta device; one is built by hand."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

import resnet_viz as rv
from resnet_viz.figures import scene, volumes
from resnet_viz.figures.volumes import (
    block_figure,
    stage_color,
    volume_figure,
    volume_scale,
)
from resnet_viz.records import TraceResult
from resnet_viz.registry import ArchSpec
from resnet_viz.stats import LayerCall, block_records, layer_records, stage_records


# --- fixtures ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def r34() -> TraceResult:
    return rv.trace("resnet34", 224)


@pytest.fixture(scope="module")
def r50() -> TraceResult:
    return rv.trace("resnet50", 224)


@pytest.fixture(scope="module")
def r20() -> TraceResult:
    return rv.trace("resnet20", 32)


def tiny_trace() -> TraceResult:
    """A two-stage CIFAR-style net at 16x16, built from plain records, no forward pass:
    stem 3->8, layer1 one identity block, layer2 one projection block (8->16, stride 2),
    head avgpool + fc to 10 classes."""

    def conv(path, c_in, c_out, side_in, stride=1, k=3):
        side_out = side_in // stride
        return LayerCall(
            path,
            "Conv2d",
            (1, c_in, side_in, side_in),
            (1, c_out, side_out, side_out),
            kernel_size=(k, k),
            stride=(stride, stride),
            padding=(k // 2, k // 2),
            dilation=(1, 1),
            groups=1,
            params=c_in * c_out * k * k,
        )

    def same(path, kind, c, side):
        shape = (1, c, side, side)
        return LayerCall(
            path, kind, shape, shape, params=2 * c if "Batch" in kind else 0
        )

    calls = [
        conv("conv1", 3, 8, 16),
        same("bn1", "BatchNorm2d", 8, 16),
        same("relu", "ReLU", 8, 16),
        conv("layer1.0.conv1", 8, 8, 16),
        same("layer1.0.bn1", "BatchNorm2d", 8, 16),
        same("layer1.0.relu1", "ReLU", 8, 16),
        conv("layer1.0.conv2", 8, 8, 16),
        same("layer1.0.bn2", "BatchNorm2d", 8, 16),
        same("layer1.0.relu2", "ReLU", 8, 16),
        conv("layer2.0.conv1", 8, 16, 16, stride=2),
        same("layer2.0.bn1", "BatchNorm2d", 16, 8),
        same("layer2.0.relu1", "ReLU", 16, 8),
        conv("layer2.0.conv2", 16, 16, 8),
        same("layer2.0.bn2", "BatchNorm2d", 16, 8),
        conv("layer2.0.downsample.0", 8, 16, 16, stride=2, k=1),
        same("layer2.0.downsample.1", "BatchNorm2d", 16, 8),
        same("layer2.0.relu2", "ReLU", 16, 8),
        LayerCall("avgpool", "AdaptiveAvgPool2d", (1, 16, 8, 8), (1, 16, 1, 1)),
        LayerCall("fc", "Linear", (1, 16), (1, 10), params=170, has_bias=True),
    ]
    layers = layer_records(calls, itemsize=4)
    blocks = block_records(layers, {"layer1.0": "identity", "layer2.0": "projection"})
    stages = stage_records(layers)
    return TraceResult(
        arch="tiny",
        config=ArchSpec(layers=(1, 1), widths=(8, 16), stem="cifar", classes=10),
        device="none",
        input_shape=(1, 3, 16, 16),
        output_shape=(1, 10),
        layers=layers,
        blocks=blocks,
        stages=stages,
        total_params=sum(r.params for r in layers),
        total_macs=sum(r.macs for r in layers),
        total_elementwise_ops=0,
        total_activation_bytes=sum(r.activation_bytes for r in layers),
        param_bytes=4 * sum(r.params for r in layers),
    )


# --- helpers -------------------------------------------------------------------------
def meshes(fig) -> list[dict]:
    """The tensors' meshes (a projection shortcut's small box is not a tensor box)."""
    return [
        d
        for d in fig.to_dict()["data"]
        if d["type"] == "mesh3d" and d.get("legendgroup") != volumes.SHORTCUT_GROUP
    ]


def shortcut_meshes(fig) -> list[dict]:
    return [
        d
        for d in fig.to_dict()["data"]
        if d["type"] == "mesh3d" and d.get("legendgroup") == volumes.SHORTCUT_GROUP
    ]


def trace_named(fig, name: str) -> dict:
    (found,) = [d for d in fig.to_dict()["data"] if d.get("name") == name]
    return found


def labels(fig, name: str = "labels") -> list[str]:
    return list(trace_named(fig, name)["text"])


def boxes(mesh: dict) -> list[tuple[float, float, float]]:
    """(x extent, y extent, z extent) of each 8-vertex box of a mesh trace."""
    out = []
    for n in range(0, len(mesh["x"]), 8):
        ext = [max(mesh[a][n : n + 8]) - min(mesh[a][n : n + 8]) for a in "xyz"]
        out.append(tuple(ext))
    return out


def all_boxes(fig) -> list[tuple[float, float, float]]:
    return [b for m in meshes(fig) for b in boxes(m)]


def arcs(fig) -> list[dict]:
    """The shortcut arcs: one line trace per shortcut kind."""
    return [
        d
        for d in fig.to_dict()["data"]
        if d["type"] == "scatter3d"
        and d.get("legendgroup") == volumes.SHORTCUT_GROUP
        and d.get("mode") == "lines"
    ]


def arc_hovers(fig) -> list[str]:
    """One hover text per arc (each arc's points share it), in drawing order."""
    out = []
    for a in arcs(fig):
        prev = None
        for x, h in zip(a["x"], a["hovertext"], strict=True):
            if x is not None and prev is None:
                out.append(h)
            prev = x
    return out


# --- stage view ----------------------------------------------------------------------
def test_stage_view_has_one_mesh_per_stage_plus_input(r34):
    fig = volume_figure(r34)
    found = meshes(fig)
    assert len(found) == 1 + len(r34.stages) == 7
    assert [m["name"] for m in found] == ["input", *(s.name for s in r34.stages)]
    # one box of 8 vertices and 12 triangles each
    assert all(len(m["x"]) == 8 and len(m["i"]) == 12 for m in found)


def test_cuboid_triangles_cover_each_face_twice():
    faces = {}
    for tri in scene.TRIANGLES:
        # a triangle lies on one face: its 3 corners share one coordinate bit
        shared = [
            (axis, scene.CORNERS[tri[0]][axis])
            for axis in range(3)
            if len({scene.CORNERS[v][axis] for v in tri}) == 1
        ]
        assert len(shared) == 1
        faces.setdefault(shared[0], set()).update(tri)
        faces.setdefault(("count", *shared[0]), []).append(tri)
    face_keys = [k for k in faces if k[0] != "count"]
    assert len(face_keys) == 6
    assert all(len(faces[k]) == 4 for k in face_keys)  # both triangles span 4 corners
    assert len(scene.EDGES) == 12


def test_stage_labels_are_hwc_without_batch(r34):
    text = labels(volume_figure(r34))
    for want in ("224×224×3", "56×56×64", "28×28×128", "14×14×256", "7×7×512"):
        assert want in text
    assert "1000 logits" in text
    assert not any(t.startswith("1×") and t.endswith("×224") for t in text)


def test_resnet18_at_32_ends_in_a_1x1x512_volume():
    fig = volume_figure(rv.trace("resnet18", 32))
    assert "1×1×512" in labels(fig)


def test_sides_follow_c_w_h_on_x_y_z(r34):
    """layer2's output is 28x28x128: x from C (sqrt scale), y from W and z from H,
    both linear (issue 13: spatial size and channels scaled separately)."""
    layer2 = trace_named(volume_figure(r34), "layer2")
    ((dx, dy, dz),) = boxes(layer2)
    assert dy == pytest.approx(dz)
    assert dz == pytest.approx(scene.TARGET * 28 / 224)  # the input's 224 is TARGET
    norm = volume_scale(r34, "sqrt")
    assert dx == pytest.approx(scene.DEPTH * scene.TARGET * math.sqrt(128) / norm)


@pytest.mark.parametrize(
    ("arch", "size", "first", "last"),
    [("resnet20", 32, "layer1", "layer3"), ("resnet50", 224, "stem", "layer4")],
)
def test_halving_reads_off_the_picture(arch, size, first, last):
    """resnet20's 32 -> 8 and resnet50's 56 -> 7 maps are drawn 4:1 and 8:1 tall,
    whatever the channel scale, while the channels double on their own scale."""
    t = rv.trace(arch, size)
    sides = {s.name: s.out_shape[2] for s in t.stages if len(s.out_shape) == 4}
    for scale in ("sqrt", "log", "linear"):
        fig = volume_figure(t, scale=scale)
        (a,) = boxes(trace_named(fig, first))
        (b,) = boxes(trace_named(fig, last))
        assert a[2] / b[2] == pytest.approx(sides[first] / sides[last])
        assert b[0] > a[0]  # more channels, deeper


@pytest.mark.parametrize(
    ("scale", "rule"),
    [("sqrt", "depth ∝ √C"), ("log", "depth ∝ 1 + log₂C"), ("linear", "depth ∝ C")],
)
def test_the_title_states_the_scaling_rule(r34, scale, rule):
    title = volume_figure(r34, scale=scale).layout.title.text
    assert "box height ∝ H, width ∝ W, " + rule in title
    assert rule in block_figure(r34, "layer2.0", scale).layout.title.text


def test_non_square_input_keeps_w_and_h_apart():
    t = rv.trace("resnet18", "32x64")  # H=32, W=64
    ((_, dy, dz),) = boxes(trace_named(volume_figure(t, scale="linear"), "input"))
    assert dy == pytest.approx(2 * dz)


def test_log_scale_keeps_small_sides_visible(r50):
    # Depths (channels): 1 + log2(3) next to 1 + log2(2048) = 12.
    depths = [b[0] for b in all_boxes(volume_figure(r50, scale="log"))]
    assert min(depths) / max(depths) >= (1 + math.log2(3)) / 12 - 1e-9
    lin = [s for b in all_boxes(volume_figure(r50, scale="linear")) for s in b]
    assert min(lin) >= scene.MIN_FRACTION * scene.TARGET - 1e-9
    lin_depths = [b[0] for b in all_boxes(volume_figure(r50, scale="linear"))]
    assert min(lin_depths) / max(lin_depths) < min(depths) / max(depths)


def test_volume_scale_is_the_largest_scaled_side(r34, r50):
    assert volume_scale(r34, "sqrt") == pytest.approx(math.sqrt(1000))  # fc logits
    assert volume_scale(r50, "log") == pytest.approx(1 + math.log2(2048))
    assert volume_scale(r50, "linear") == 2048


def test_shared_scale_shrinks_every_box(r34):
    norm = volume_scale(r34, "sqrt")
    own = trace_named(volume_figure(r34), "layer3")
    shared = trace_named(volume_figure(r34, shared_scale=2 * norm), "layer3")
    assert boxes(shared)[0][0] == pytest.approx(boxes(own)[0][0] / 2)


def test_stage_view_draws_one_arc_per_block(r34, r20):
    """Issue 13: one arc per block, not per stage (a run of more than three
    identical shortcuts is one arc marked ×N)."""
    hovers = arc_hovers(volume_figure(r20))
    assert len(hovers) == len(r20.blocks) == 9
    assert "layer2.0: zero-pad (stride 2, 16→32 channels)" in hovers
    hovers = arc_hovers(volume_figure(r34))
    assert "layer2.0: projection (1×1 conv, stride 2 + BN)" in hovers
    assert "layer3.1–layer3.5: 5 identity" in hovers  # 5 > 3: one arc, ×5
    assert "<b>×5</b>" in labels(volume_figure(r34), "shortcut labels")
    assert len(hovers) == 3 + 4 + 2 + 3  # layer1 3, layer2 1+3, layer3 1+×5, layer4 1+2


@pytest.mark.parametrize(
    ("overrides", "kinds"),
    [
        ({}, ["identity", "1×1 projection (box: its output)"]),
        ({"shortcut": "A"}, ["identity", "zero-pad (option A)"]),
        ({"shortcut": "C"}, ["1×1 projection (box: its output)"]),
        ({"shortcut": "D"}, ["identity", "avg-pool + 1×1 (ResNet-D)"]),
        ({"plain": True}, ["none (plain)"]),
    ],
)
def test_one_legend_entry_per_shortcut_kind(overrides, kinds):
    t = rv.trace("resnet18", 64, **overrides)
    for detail in ("stage", "layer"):
        fig = volume_figure(t, detail)
        found = arcs(fig)
        assert [a["name"] for a in found] == kinds
        assert all(a["showlegend"] for a in found)
        styles = {(a["line"]["color"], a["line"]["dash"]) for a in found}
        assert len(styles) == len(found)  # each kind its own colour and dash


def test_projections_are_boxes_with_their_shape(r34):
    """A projection shortcut is its own small box (its output, half size) on its
    arc, labelled with its shape where it changes the shape."""
    for detail in ("stage", "layer"):
        fig = volume_figure(r34, detail)
        (mesh,) = shortcut_meshes(fig)
        assert len(boxes(mesh)) == 3  # layer2.0, layer3.0, layer4.0
        text = labels(fig, "shortcut labels")
        assert {"28×28×128", "14×14×256", "7×7×512"} <= set(text)
        (layer4,) = boxes(trace_named(volume_figure(r34), "layer4"))
        assert min(b[2] for b in boxes(mesh)) == pytest.approx(layer4[2] / 2)
    plain = volume_figure(rv.trace("resnet18", 64, shortcut="A"))
    assert shortcut_meshes(plain) == []


def test_plain_nets_say_so():
    fig = volume_figure(rv.trace("plain18", 64))
    assert arc_hovers(fig)
    assert all("none (plain)" in h for h in arc_hovers(fig))


def test_a_modified_network_says_so(r34):
    title = volume_figure(r34, network="resnet34 (modified)").layout.title.text
    assert title.startswith("resnet34 (modified) · 224×224 input")
    block = block_figure(r34, "layer2.0", network="resnet34 (modified)")
    assert block.layout.title.text.startswith("resnet34 (modified) · block layer2.0")
    assert volume_figure(r34).layout.title.text.startswith("resnet34 · ")


def test_show_shortcuts_false_draws_no_arcs(r34):
    fig = volume_figure(r34, show_shortcuts=False)
    assert arcs(fig) == []
    assert not [d for d in fig.to_dict()["data"] if d.get("name") == "shortcut labels"]


def test_one_legend_entry_per_stage(r34):
    data = volume_figure(r34, "layer").to_dict()["data"]
    shown = [d["name"] for d in data if d.get("showlegend", True)]
    kinds = ["identity", "1×1 projection (box: its output)"]
    assert shown == ["input", *(s.name for s in r34.stages), *kinds]
    assert all(stage_color(m["name"]) == m["color"] for m in meshes(volume_figure(r34)))


def test_layout_is_clean_and_true_to_proportion(r34):
    layout = volume_figure(r34).to_dict()["layout"]
    scene = layout["scene"]
    assert "resnet34 · 224×224 input" in layout["title"]["text"]
    for axis in ("xaxis", "yaxis", "zaxis"):
        # Nothing of the axes is drawn, and nothing is left for plotly.js to turn
        # into text meshes: no tick, no title (a hidden axis would fall back to "x").
        ax = scene[axis]
        assert not any(ax[k] for k in ("showgrid", "showbackground", "showline"))
        assert not any(ax[k] for k in ("zeroline", "showticklabels", "showspikes"))
        assert (ax["tickvals"], ax["ticktext"], ax["ticks"]) == ([], [], "")
        assert ax["title"]["text"] == ""
    spans = [scene[a]["range"][1] - scene[a]["range"][0] for a in ("xaxis", "zaxis")]
    ratio = scene["aspectratio"]
    assert ratio["x"] / ratio["z"] == pytest.approx(spans[0] / spans[1])


@pytest.mark.parametrize(
    "kwargs", [{"detail": "block"}, {"scale": "cubic"}, {"shared_scale": 0.0}]
)
def test_bad_arguments_raise(r34, kwargs):
    with pytest.raises(ValueError, match="must be"):
        volume_figure(r34, **kwargs)


# --- layer view ----------------------------------------------------------------------
COMPUTING = ("Conv2d", "MaxPool2d", "AdaptiveAvgPool2d", "Linear")


@pytest.mark.parametrize("arch", ["resnet34", "resnet50"])
def test_layer_view_has_a_box_per_computing_main_layer(arch):
    t = rv.trace(arch, 224)
    want = 1 + sum(r.role == "main" and r.kind in COMPUTING for r in t.layers)
    assert len(all_boxes(volume_figure(t, "layer"))) == want


def test_layer_view_labels_each_shape_once_per_stage(r34):
    text = [t for t in labels(volume_figure(r34, "layer")) if t]
    assert "112×112×64" in text  # conv1's output, which the stage view skips
    assert "28×28×128" in text
    assert len(text) < 20  # 37 boxes, far fewer labels


def test_layer_view_has_an_arc_per_block(r34, r20):
    for t in (r34, r20):
        found = arcs(volume_figure(t, "layer"))
        segments = sum(a["x"].count(None) for a in found)
        assert segments == len(t.blocks)
        assert len(arc_hovers(volume_figure(t, "layer"))) == len(t.blocks)
    hover = {h for a in arcs(volume_figure(r20, "layer")) for h in a["hovertext"]}
    assert "layer3.0: zero-pad (stride 2, 32→64 channels)" in hover


def test_deep_layer_view_wraps_into_rows():
    t = rv.trace("resnet152", 224)
    fig = volume_figure(t, "layer")
    centres = {
        round((min(m["z"][n : n + 8]) + max(m["z"][n : n + 8])) / 2, 6)
        for m in meshes(fig)
        for n in range(0, len(m["z"]), 8)
    }
    assert 2 <= len(centres) <= 12


# --- block drill-down ----------------------------------------------------------------
def test_projection_block_shows_both_paths(r34):
    fig = block_figure(r34, "layer2.0")
    main = labels(fig)
    assert main[0] == "input<br>56×56×64"
    assert main[1] == "op 1: 3×3 conv, stride 2<br>→ 28×28×128"
    assert main[2] == "op 2: 3×3 conv, stride 1<br>→ 28×28×128"
    assert "28×28×128" in main[-1]
    (side,) = labels(fig, "shortcut label")
    assert side == "shortcut: 1×1 conv, stride 2 + BN<br>→ 28×28×128"
    assert [m["name"] for m in meshes(fig)] == [
        "block input",
        "main path",
        "block output",
        "shortcut",
    ]


def test_bottleneck_block_has_three_ops(r50):
    main = labels(block_figure(r50, "layer2.0"))
    assert main[3] == "op 3: 1×1 conv, stride 1<br>→ 28×28×512"


def test_zero_pad_block_splits_real_and_zero_channels(r20):
    fig = block_figure(r20, "layer2.0")
    (real,) = boxes(trace_named(fig, "shortcut"))
    (zeros,) = boxes(trace_named(fig, "zero channels"))
    (out,) = boxes(trace_named(fig, "block output"))
    assert real[0] + zeros[0] == pytest.approx(out[0])
    assert real[0] == pytest.approx(zeros[0])  # 16 real + 16 zero channels
    assert "zero-pad" in labels(fig, "shortcut label")[0]


def test_identity_block_draws_a_line_only(r34):
    fig = block_figure(r34, "layer1.1")
    assert "shortcut" not in [m["name"] for m in meshes(fig)]
    assert labels(fig, "shortcut label") == ["shortcut: identity"]
    assert trace_named(fig, "add")["text"] == ["+"]


def test_plain_block_has_no_add():
    fig = block_figure(rv.trace("plain18", 64), "layer2.0")
    names = [d.get("name") for d in fig.to_dict()["data"]]
    assert "add" not in names
    assert "shortcut label" not in names


def test_unknown_block_raises(r34):
    with pytest.raises(ValueError, match=r"no block 'layer9\.0' in resnet34"):
        block_figure(r34, "layer9.0")


# --- a hand-built trace --------------------------------------------------------------
def test_hand_built_trace_draws_without_a_forward_pass():
    t = tiny_trace()
    fig = volume_figure(t)
    assert len(meshes(fig)) == 1 + len(t.stages) == 5
    assert labels(fig) == ["16×16×3", "16×16×8", "16×16×8", "8×8×16", "10 logits"]
    assert arc_hovers(fig) == [
        "layer1.0: identity",
        "layer2.0: projection (1×1 conv, stride 2 + BN)",
    ]
    assert len(all_boxes(volume_figure(t, "layer"))) == 1 + 1 + 4 + 2
    side = labels(block_figure(t, "layer2.0"), "shortcut label")
    assert side == ["shortcut: 1×1 conv, stride 2 + BN<br>→ 8×8×16"]


# --- hygiene -------------------------------------------------------------------------
ALLOWED = {"__future__", "itertools", "math", "collections", "dataclasses", "plotly"}
ALLOWED_OWN = {
    "resnet_viz.records",
    "resnet_viz.formats",
    "resnet_viz.stats",
    "resnet_viz.i18n",  # plain data and the standard library only
    "resnet_viz.figures.volumes",
    "resnet_viz.figures.folding",  # records only: repeated blocks folded (issue 12)
    "resnet_viz.figures.scene",
    "resnet_viz.figures.palette",
    "resnet_viz.text",
}


@pytest.mark.parametrize(
    "module", ["volumes.py", "charts.py", "scene.py", "palette.py", "folding.py"]
)
def test_figures_import_no_torch_or_streamlit(module):
    path = Path(volumes.__file__).with_name(module)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "use absolute imports"
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in ALLOWED or name in ALLOWED_OWN, name


def test_volume_figures_ask_to_be_fitted_to_their_column(r34):
    """ui/plot.py fits (frame height, zoom, label lay-out) only figures that ask."""
    for fig in (volume_figure(r34), volume_figure(r34, "layer")):
        assert fig.layout.meta == {"rv_fit": True}
        assert fig.layout.margin.t >= 60  # the title's second line: the rule
    assert block_figure(r34, "layer2.0").layout.meta == {"rv_fit": True}


def test_view_names_a_modified_network():
    from resnet_viz.viewconfig import ViewConfig

    plain = ViewConfig("resnet18", "224")
    changed = ViewConfig("resnet18", "224", overrides=(("shortcut", "C"),))
    assert plain.name_in("en") == "resnet18"
    assert changed.name_in("en") == "resnet18 (modified)"
    assert changed.name_in("zh") == "resnet18（已修改）"
    assert changed.label_in("en").startswith(changed.name_in("en") + " · ")
