"""Comparisons: the diffs on hand-built traces (no forward pass), then the scenarios on
real traces, and the comparison URL's round trip and fall-backs."""

# expected texts use the multiplication sign on purpose

from __future__ import annotations

import dataclasses
import math
from functools import cache

import pytest

import resnet_viz as rv
from resnet_viz.compare import (
    MISSING,
    change_text,
    compare_sentences,
    layer_changes,
    layer_diff,
    layer_diff_counts,
    stage_diff_rows,
    stage_names,
    totals_delta,
)
from resnet_viz.records import LayerRecord, StageRecord, TraceResult
from resnet_viz.registry import ArchSpec
from resnet_viz.scenarios import (
    COLUMN_FIELDS,
    DEFAULT_SCENARIO,
    MAX_COLUMNS,
    MIN_COLUMNS,
    SCENARIOS,
    column_label,
    compare_query,
    is_compare_key,
    scenario_for,
    short_label,
    views_from_query,
)
from resnet_viz.viewconfig import ViewConfig


# --- hand-built traces ---------------------------------------------------------------
def rec(
    path: str,
    kind: str,
    in_chw: tuple[int, ...],
    out_chw: tuple[int, ...],
    *,
    params: int = 0,
    macs: int = 0,
    k: int | None = None,
    s: int | None = None,
    groups: int | None = None,
    role: str = "main",
    rf: int = 1,
) -> LayerRecord:
    """One layer row; stage and block follow from the path as the tracer's do."""
    top = path.split(".")
    if top[0].startswith("layer"):
        stage, block = top[0], int(top[1])
    else:
        stage = "head" if kind in ("Linear", "AdaptiveAvgPool2d") else "stem"
        block = None

    def pair(v: int | None) -> tuple[int, int] | None:
        return None if v is None else (v, v)

    return LayerRecord(
        path=path,
        kind=kind,
        stage=stage,
        block=block,
        role=role,
        in_shape=(1, *in_chw),
        out_shape=(1, *out_chw),
        kernel_size=pair(k),
        stride=pair(s),
        padding=pair(None if k is None else k // 2),
        dilation=pair(None if k is None else 1),
        groups=groups,
        params=params,
        macs=macs,
        elementwise_ops=0,
        activation_bytes=4 * math.prod(out_chw),
        receptive_field=(rf, rf),
        jump=(1, 1),
    )


def conv(
    path: str, c_in: int, c_out: int, side: int, k: int, s: int, rf: int, **kw
) -> LayerRecord:
    """A bias-free square conv on a side x side map, with its params and MACs."""
    out = side // s
    params = c_in * c_out * k * k
    return rec(
        path,
        "Conv2d",
        (c_in, side, side),
        (c_out, out, out),
        params=params,
        macs=params * out * out,
        k=k,
        s=s,
        groups=1,
        rf=rf,
        **kw,
    )


def make_trace(name: str, side: int, layers: list[LayerRecord]) -> TraceResult:
    """A TraceResult around hand-written rows: stages grouped by hand, no torch."""
    groups: dict[str, list[LayerRecord]] = {}
    for row in layers:
        groups.setdefault(row.stage, []).append(row)
    stages = tuple(
        StageRecord(
            name=stage,
            in_shape=rows[0].in_shape,
            out_shape=rows[-1].out_shape,
            n_blocks=len({r.block for r in rows if r.block is not None}),
            params=sum(r.params for r in rows),
            macs=sum(r.macs for r in rows),
            activation_bytes=sum(r.activation_bytes for r in rows),
        )
        for stage, rows in groups.items()
    )
    return TraceResult(
        arch=name,
        config=ArchSpec(),
        device="meta",
        input_shape=(1, 3, side, side),
        output_shape=layers[-1].out_shape,
        layers=tuple(layers),
        blocks=(),
        stages=stages,
        total_params=sum(r.params for r in layers),
        total_macs=sum(r.macs for r in layers),
        total_elementwise_ops=0,
        total_activation_bytes=sum(r.activation_bytes for r in layers),
        param_bytes=4 * sum(r.params for r in layers),
    )


def head(c: int) -> list[LayerRecord]:
    return [
        rec("avgpool", "AdaptiveAvgPool2d", (c, 1, 1), (c, 1, 1), rf=11),
        rec("fc", "Linear", (c,), (10,), params=10 * c + 10, macs=10 * c, rf=11),
    ]


def two_stage(side: int, shortcut: str = "pad", stride2: int = 2) -> TraceResult:
    """stem 3->8 (stride 2), layer1 8->8, layer2 8->16 (stride ``stride2``) with a
    zero-pad ("pad") or projection shortcut, then the head."""
    h1 = side // 2
    h2 = h1 // stride2
    rows = [
        conv("conv1", 3, 8, side, k=3, s=2, rf=3),
        conv("layer1.0.conv1", 8, 8, h1, k=3, s=1, rf=7),
        conv("layer2.0.conv1", 8, 16, h1, k=3, s=stride2, rf=11),
    ]
    if shortcut == "pad":
        rows.append(
            rec(
                "layer2.0.downsample",
                "ZeroPadShortcut",
                (8, h1, h1),
                (16, h2, h2),
                s=stride2,
                role="shortcut",
                rf=11,
            )
        )
    else:
        rows.append(
            conv(
                "layer2.0.downsample.0",
                8,
                16,
                h1,
                k=1,
                s=stride2,
                rf=11,
                role="shortcut",
            )
        )
        rows.append(
            rec(
                "layer2.0.downsample.1",
                "BatchNorm2d",
                (16, h2, h2),
                (16, h2, h2),
                params=32,
                role="shortcut",
                rf=11,
            )
        )
    pool = rec("avgpool", "AdaptiveAvgPool2d", (16, h2, h2), (16, 1, 1), rf=11)
    return make_trace("tiny", side, [*rows, pool, head(16)[1]])


def one_stage(side: int) -> TraceResult:
    """stem and layer1 only, then the head: no layer2 at all."""
    h1 = side // 2
    rows = [
        conv("conv1", 3, 8, side, k=3, s=2, rf=3),
        conv("layer1.0.conv1", 8, 8, h1, k=3, s=1, rf=7),
        rec("avgpool", "AdaptiveAvgPool2d", (8, h1, h1), (8, 1, 1), rf=7),
        head(8)[1],
    ]
    return make_trace("short", side, rows)


def cell(rows: list[dict], stage: str, quantity: str) -> dict:
    return next(r for r in rows if r["stage"] == stage and r["quantity"] == quantity)


# --- stage diff on hand-built traces -------------------------------------------------
def test_stage_diff_aligns_stages_by_name_and_marks_missing_and_changed():
    a, b, c = two_stage(16), two_stage(4), one_stage(16)
    labels = ["A", "B", "C"]
    rows = stage_diff_rows([a, b, c], labels)
    assert stage_names([a, b, c]) == ["stem", "layer1", "layer2", "head"]
    assert [r["stage"] for r in rows[::4]] == ["stem", "layer1", "layer2", "head"]
    out = cell(rows, "layer2", "output")
    assert (out["A"], out["B"], out["C"]) == ("4×4×16", "1×1×16", MISSING)
    assert out["changed"] == ["B", "C"]  # the missing stage counts as a change
    assert out["is_1x1"] == ["B"]
    params = cell(rows, "layer2", "params")
    assert (params["A"], params["B"]) == ("1,152", "1,152")
    assert params["changed"] == ["C"]  # same weights at any input size
    macs = cell(rows, "layer2", "MACs")
    assert (macs["A"], macs["B"]) == (f"{1152 * 16:,}", "1,152")
    rf = cell(rows, "layer2", "receptive field")
    assert rf["A"] == "11 (image 16×16)"
    assert rf["B"] == "11 (image 4×4)"
    assert rf["changed"] == ["C"]  # the RF is compared, not the image beside it
    head = cell(rows, "head", "output")
    assert head["A"] == "10"
    assert head["is_1x1"] == []  # logits are a vector, not a 1x1 map


def test_stage_diff_rejects_mismatched_or_repeated_labels():
    t = two_stage(16)
    with pytest.raises(ValueError, match="labels"):
        stage_diff_rows([t, t], ["A"])
    with pytest.raises(ValueError, match="distinct"):
        stage_diff_rows([t, t], ["A", "A"])


# --- layer diff on hand-built traces -------------------------------------------------
def test_layer_diff_statuses_and_merged_order():
    a, b = two_stage(16, "pad"), two_stage(16, "projection")
    rows = layer_diff(a, b)
    status = {r["path"]: r["status"] for r in rows}
    assert status == {
        "conv1": "same",
        "layer1.0.conv1": "same",
        "layer2.0.conv1": "same",
        "layer2.0.downsample": "removed",
        "layer2.0.downsample.0": "added",
        "layer2.0.downsample.1": "added",
        "avgpool": "same",
        "fc": "same",
    }
    paths = [r["path"] for r in rows]
    # The removed zero-pad sits right before the projection that replaces it.
    i = paths.index("layer2.0.downsample")
    assert paths[i + 1 : i + 3] == ["layer2.0.downsample.0", "layer2.0.downsample.1"]
    removed = next(r for r in rows if r["status"] == "removed")
    assert (removed["a_shape"], removed["b_shape"]) == ("4×4×16", MISSING)
    assert (removed["a_params"], removed["b_params"]) == (0, None)
    added = next(r for r in rows if r["path"] == "layer2.0.downsample.0")
    assert (added["a_shape"], added["b_shape"]) == (MISSING, "4×4×16")
    assert layer_diff_counts(rows) == {
        "added": 2,
        "removed": 1,
        "changed": 0,
        "same": 5,
    }


def test_layer_diff_names_what_changed():
    a, b = two_stage(16, stride2=2), two_stage(16, stride2=1)
    rows = {r["path"]: r for r in layer_diff(a, b)}
    conv = rows["layer2.0.conv1"]
    assert conv["status"] == "changed"
    assert conv["changes"] == "output shape, stride"
    assert (conv["a_shape"], conv["b_shape"]) == ("4×4×16", "8×8×16")
    assert rows["conv1"]["status"] == "same"
    assert rows["avgpool"]["changes"] == "input shape"
    # Params alone also count, and the batch size never does.
    r = a.layers[1]
    assert layer_changes(r, r) == []
    one = rec("x", "Conv2d", (8, 8, 8), (8, 8, 8), params=1)
    batched = dataclasses.replace(
        one, in_shape=(4, 8, 8, 8), out_shape=(4, 8, 8, 8), params=2
    )
    assert layer_changes(one, batched) == ["params"]


# --- totals and sentences on hand-built traces ---------------------------------------
def test_totals_delta_and_change_text():
    a, b = two_stage(16), two_stage(4)
    rows = totals_delta([a, b], ["A", "B"])
    assert rows[0]["params_delta"] == 0
    assert rows[0]["macs_ratio"] == 1.0
    assert rows[1]["params"] == a.total_params
    assert rows[1]["macs_delta"] == b.total_macs - a.total_macs
    assert rows[1]["flops"] == 2 * b.total_macs
    assert rows[1]["activation_bytes_ratio"] == pytest.approx(
        b.total_activation_bytes / a.total_activation_bytes
    )
    assert change_text(100, 100) == "same"
    assert change_text(104, 100) == "+4.0 %"
    assert change_text(96, 100) == "-4.0 %"
    assert change_text(250, 100) == "×2.5"
    assert change_text(2, 100) == "÷50"


def test_sentences_on_hand_built_traces_name_the_1x1_stage():
    a, b = two_stage(16), two_stage(4)
    text = " ".join(compare_sentences([a, b], ["A", "B"]))
    assert "layer2 works on 1×1 maps" in text
    assert "B differs from A in input (16×16 → 4×4)" in text
    assert f"it has exactly the same {a.total_params:,} parameters as A" in text
    assert "the input size changes the maps, not the weights" in text


# --- real traces: the scenarios -----------------------------------------------------
@cache
def traced(view: ViewConfig) -> TraceResult:
    return rv.trace(**view.trace_kwargs())


def scenario_traces(name: str) -> tuple[list[TraceResult], list[str], list[str]]:
    views = SCENARIOS[name].views
    traces = [traced(v) for v in views]
    labels = [column_label(i, v) for i, v in enumerate(views)]
    names = [short_label(i, v) for i, v in enumerate(views)]
    return traces, labels, names


def test_default_scenario_layer4_and_sentences():
    traces, labels, names = scenario_traces(DEFAULT_SCENARIO)
    rows = stage_diff_rows(traces, labels)
    layer4 = cell(rows, "layer4", "output")
    assert [layer4[la] for la in labels] == ["7×7×512", "1×1×512", "4×4×512", MISSING]
    assert layer4["is_1x1"] == [labels[1]]
    assert cell(rows, "stem", "output")[labels[1]] == "8×8×64"
    assert cell(rows, "layer3", "output")[labels[3]] == "8×8×64"
    sentences = compare_sentences(traces, names)
    second = next(s for s in sentences if s.startswith(f"{names[1]}: "))
    assert "leaves 8×8 after the max-pool" in second
    assert "layer4 works on 1×1 maps" in second
    text = " ".join(sentences)
    assert f"{names[1]} differs from {names[0]} in input (224×224 → 32×32)" in text
    assert "it has exactly the same 11,689,512 parameters" in text
    assert f"{names[3]} has no layer4" in text
    # resnet20 against resnet18: a factor, computed (11,689,512 / 269,722 = 43.3).
    assert "43 times fewer parameters" in text


def test_stride_placement_scenario_macs():
    traces, labels, names = scenario_traces("Stride on 3×3 vs 1×1 (ResNet-50)")
    assert [t.total_macs for t in traces] == [4_089_184_256, 3_857_973_248]
    assert traces[0].total_params == traces[1].total_params == 25_557_032
    totals = totals_delta(traces, labels)
    assert totals[1]["macs_delta"] == 3_857_973_248 - 4_089_184_256
    text = " ".join(compare_sentences(traces, names))
    assert "4,089,184,256 vs 3,857,973,248" in text
    assert "layer2.0.conv1, layer3.0.conv1 and layer4.0.conv1" in text
    assert "same stage shapes" in text


def test_shortcut_scenario_differs_exactly_by_projection_params():
    (a, b, c), _, names = scenario_traces("Shortcut A vs B vs C")

    def projection_params(t: TraceResult) -> int:
        return sum(r.params for r in t.layers if r.role == "shortcut")

    assert projection_params(a) == 0  # zero-pad shortcuts have no weights
    assert b.total_params - a.total_params == projection_params(b) > 0
    assert c.total_params - a.total_params == projection_params(c)
    assert c.total_params - b.total_params == projection_params(c) - projection_params(
        b
    )
    rows = {r["path"]: r["status"] for r in layer_diff(a, b)}
    for stage in ("layer2", "layer3", "layer4"):
        assert rows[f"{stage}.0.downsample"] == "removed"
        assert rows[f"{stage}.0.downsample.0"] == "added"
        assert rows[f"{stage}.0.downsample.1"] == "added"
    assert rows["layer1.0.conv1"] == "same"
    sentences = compare_sentences([a, b, c], names)
    assert any(
        f"{b.total_params - a.total_params:,} more parameters — exactly" in s
        for s in sentences
    )


def test_resnext_wide_and_plain_scenarios():
    traces, _, names = scenario_traces("ResNet-50 vs ResNeXt-50 vs Wide ResNet-50")
    assert [t.total_params for t in traces] == [25_557_032, 25_028_904, 68_883_240]
    text = " ".join(compare_sentences(traces, names))
    assert "All 3 configurations produce the same stage shapes" in text
    assert "in 1 → 32 groups" in text
    (plain, res), _, names = scenario_traces("Plain-34 vs ResNet-34")
    shortcut = sum(r.params for r in res.layers if r.role == "shortcut")
    assert res.total_params - plain.total_params == shortcut
    text = " ".join(compare_sentences([plain, res], names))
    assert "no shortcut in any of its 16 blocks" in text


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_scenario_builds_and_compares(name):
    views = SCENARIOS[name].views
    assert MIN_COLUMNS <= len(views) <= MAX_COLUMNS
    traces, labels, names = scenario_traces(name)
    assert len(set(labels)) == len(labels)
    rows = stage_diff_rows(traces, labels)
    assert {r["stage"] for r in rows} >= {"stem", "layer1", "head"}
    assert compare_sentences(traces, names)
    assert scenario_for(views) is SCENARIOS[name]


# --- the comparison URL -------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_url_round_trip(name):
    views = SCENARIOS[name].views
    query = compare_query(views)
    assert query["scenario"] == SCENARIOS[name].slug
    parsed = views_from_query(query)
    assert parsed.views == views
    assert not parsed.has_warnings


def test_url_keys_never_collide_with_the_sidebar():
    sidebar = ("arch", "input", "device", "batch", *COLUMN_FIELDS)
    assert not any(is_compare_key(k) for k in sidebar)
    assert all(is_compare_key(k) for k in ("cmp", "scenario", "c0.arch", "c3.layers"))
    custom = (ViewConfig("resnet50", "64x48"), ViewConfig("resnet20", "32"))
    query = compare_query(custom)
    assert query == {
        "cmp": "2",
        "c0.arch": "resnet50",
        "c0.input": "64x48",
        "c1.arch": "resnet20",
        "c1.input": "32",
    }
    assert views_from_query({**query, "arch": "resnet152"}).views == custom


def test_tampered_url_warns_per_column_and_falls_back():
    parsed = views_from_query(
        {
            "cmp": "9",
            "c0.arch": "resnet50",
            "c1.arch": "resnet9999",
            "c1.input": "32",
            "c2.input": "<script>",
            "c2.groups": "abc",
            "c2.colour": "red",
            "c7.arch": "resnet18",
        }
    )
    assert len(parsed.views) == 4  # cmp was bad: one more than the last real column
    assert parsed.views[0] == ViewConfig("resnet50", "224")
    assert parsed.views[1] == ViewConfig("resnet18", "32")
    assert parsed.views[2] == ViewConfig("resnet18", "224")
    assert parsed.column_warnings[0] == ()
    assert "arch" in parsed.column_warnings[1][0]
    assert len(parsed.column_warnings[2]) == 3
    assert any("c2.colour" in w for w in parsed.column_warnings[2])
    assert any("cmp" in w for w in parsed.warnings)
    assert any("c7" in w for w in parsed.warnings)
    # An unknown scenario slug warns and shows the default.
    bad = views_from_query({"scenario": "nope"})
    assert bad.views == SCENARIOS[DEFAULT_SCENARIO].views
    assert bad.warnings
    assert views_from_query({"scenario": "stride-on"}).views == (
        SCENARIOS["Stride on 3×3 vs 1×1 (ResNet-50)"].views
    )
