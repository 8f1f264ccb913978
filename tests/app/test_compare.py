"""AppTest of the Compare page: every scenario renders with the core's numbers, a bad
column fails alone, and the comparison round-trips through the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import resnet_viz as rv
from resnet_viz.formats import human
from resnet_viz.scenarios import DEFAULT_SCENARIO, SCENARIOS, column_label
from resnet_viz.viewconfig import ViewConfig

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/6_compare.py"


def open_compare(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def column(at: AppTest, i: int):
    """The bordered column block holding column ``i``'s controls."""
    return next(
        c for c in at.columns if any(t.key == f"cmp{i}_input" for t in c.text_input)
    )


def metrics(block) -> dict[str, str]:
    return {m.label: m.value for m in block.metric}


def param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def core(view: ViewConfig) -> rv.TraceResult:
    return rv.trace(**view.trace_kwargs())


def assert_columns_match_core(at: AppTest, views) -> None:
    for i, view in enumerate(views):
        expected = core(view)
        shown = metrics(column(at, i))
        assert shown["Parameters"] == human(expected.total_params), (i, view)
        assert shown["MACs"] == human(expected.total_macs), (i, view)
        assert shown["Activation memory"] == human(expected.total_activation_bytes, "B")


def test_default_scenario_shows_the_core_numbers():
    at = open_compare()
    views = SCENARIOS[DEFAULT_SCENARIO].views
    assert at.selectbox(key="cmp_scenario").value == DEFAULT_SCENARIO
    assert_columns_match_core(at, views)
    assert [metrics(column(at, i))["Last map (layer4)"] for i in range(3)] == [
        "7×7×512",
        "1×1×512",
        "4×4×512",
    ]
    assert metrics(column(at, 3))["Last map (layer3)"] == "8×8×64"
    labels = [column_label(i, v) for i, v in enumerate(views)]
    stages = at.dataframe[0].value
    layer4 = stages[(stages["stage"] == "layer4") & (stages["quantity"] == "output")]
    assert [layer4[la].iloc[0] for la in labels] == [
        "7×7×512",
        "1×1×512",
        "4×4×512",
        "—",
    ]
    macs = stages[(stages["stage"] == "stem") & (stages["quantity"] == "MACs")]
    assert macs[labels[1]].iloc[0] == f"{core(views[1]).stages[0].macs:,}"
    totals = at.dataframe[1].value.set_index("total")
    assert totals.loc["MACs", labels[0]] == f"{core(views[0]).total_macs:,}"
    assert totals.loc["MACs", labels[1]].startswith(f"{core(views[1]).total_macs:,} (")
    text = " ".join(m.value for m in at.markdown)
    assert "leaves 8×8 after the max-pool" in text
    assert "layer4 works on 1×1 maps" in text
    assert any("32×32 CIFAR image" in i.value for i in at.info)
    # The URL holds the comparison next to the sidebar's own parameters.
    assert param(at, "cmp") == "4"
    assert param(at, "c2.stem") == "cifar"
    assert param(at, "scenario") == "imagenet-vs-cifar"
    assert param(at, "arch") == "resnet18"


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != DEFAULT_SCENARIO])
def test_each_preset_renders_with_the_core_numbers(name):
    at = open_compare()
    at.selectbox(key="cmp_scenario").set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    scenario = SCENARIOS[name]
    assert at.segmented_control(key="cmp_n").value == len(scenario.views)
    assert_columns_match_core(at, scenario.views)
    assert param(at, "scenario") == scenario.slug
    assert param(at, "cmp") == str(len(scenario.views))
    assert not at.error


def test_stride_scenario_shows_both_mac_counts():
    at = open_compare(scenario="stride-on")
    totals = at.dataframe[1].value.set_index("total")
    row = " ".join(str(v) for v in totals.loc["MACs"])
    assert "4,089,184,256" in row
    assert "3,857,973,248" in row


def test_invalid_column_fails_alone_and_keeps_the_text():
    at = open_compare()
    at.text_input(key="cmp1_input").input("abc").run()
    assert not at.exception
    bad = column(at, 1)
    assert any("input" in e.value for e in bad.error)
    assert not metrics(bad)
    assert at.text_input(key="cmp1_input").value == "abc"
    for i in (0, 2, 3):
        assert not column(at, i).error
        assert "Parameters" in metrics(column(at, i))
    # The link keeps the column's last valid setting.
    assert param(at, "c1.input") == "32"
    # Three valid columns still get the sections below.
    assert len(at.dataframe[0].value.columns) == 2 + 3
    at.text_input(key="cmp1_input").input("64").run()
    assert not column(at, 1).error
    assert param(at, "c1.input") == "64"
    assert param(at, "scenario") is None  # no longer a preset


def test_editing_a_column_updates_the_url_and_the_numbers():
    at = open_compare()
    at.selectbox(key="cmp3_arch").set_value("resnet56").run()
    assert param(at, "c3.arch") == "resnet56"
    assert param(at, "c3.input") == "32"
    assert param(at, "scenario") is None
    assert at.selectbox(key="cmp_scenario").value is None
    resnet56 = core(ViewConfig("resnet56", "32"))
    assert metrics(column(at, 3))["Parameters"] == human(resnet56.total_params)
    # A custom column: the expander's override reaches the trace and the URL.
    at.radio(key="cmp0_stem").set_value("cifar").run()
    assert param(at, "c0.stem") == "cifar"
    expected = rv.trace("resnet18", 224, stem="cifar")
    assert metrics(column(at, 0))["MACs"] == human(expected.total_macs)
    # Fewer columns: the URL follows.
    at.segmented_control(key="cmp_n").set_value(2).run()
    assert param(at, "cmp") == "2"
    assert param(at, "c3.arch") is None


def test_shared_link_reproduces_the_comparison():
    at = open_compare(
        **{
            "cmp": "2",
            "c0.arch": "resnet50",
            "c0.input": "64x48",
            "c1.arch": "resnet20",
            "c1.input": "32",
        }
    )
    assert not at.warning
    assert at.text_input(key="cmp0_input").value == "64x48"
    assert_columns_match_core(at, [ViewConfig("resnet50", "64x48")])
    assert metrics(column(at, 1))["Parameters"] == human(269_722)


@pytest.mark.parametrize(
    ("query", "column_index", "field"),
    [
        ({"cmp": "2", "c0.arch": "resnet50", "c1.arch": "resnet9999"}, 1, "arch"),
        ({"c0.arch": "resnet18", "c0.input": "<script>alert(1)</script>"}, 0, "input"),
        ({"cmp": "3", "c2.arch": "resnet18", "c2.groups": "abc"}, 2, "groups"),
        ({"c0.arch": "resnet18", "c0.colour": "red"}, 0, "colour"),
    ],
)
def test_tampered_compare_link_warns_in_the_column_and_falls_back(
    query, column_index, field
):
    at = open_compare(**query)
    warnings = [w.value for w in column(at, column_index).warning]
    assert any(field in w for w in warnings), warnings
    assert "Parameters" in metrics(column(at, column_index))
    assert not at.error
    # The link is rewritten to what is shown: the bad value is gone.
    key = f"c{column_index}.{field}"
    assert param(at, key) != query[key]


def test_bad_column_count_warns_for_the_whole_comparison():
    at = open_compare(cmp="9", **{"c0.arch": "resnet34", "c1.arch": "resnet20"})
    assert any("cmp" in w.value for w in at.warning)
    assert at.segmented_control(key="cmp_n").value == 2
    assert metrics(column(at, 0))["Parameters"] == human(21_797_672)


def test_compare_survives_a_page_switch():
    at = open_compare()
    at.selectbox(key="cmp1_arch").set_value("resnet34").run()
    at.switch_page("views/1_overview.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="cmp1_arch").value == "resnet34"
    # The sidebar still drives its own pages: its parameters were never touched.
    assert param(at, "arch") == "resnet18"


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", "[x](javascript:alert(1))"]
)
def test_payload_in_compare_parameters_is_escaped(payload):
    query = {"cmp": payload, "scenario": payload, "c0.arch": "resnet18"}
    query |= {f"c1.{field}": payload for field in ("arch", "input", "layers", "stem")}
    query[f"c1.{payload}"] = "1"
    at = open_compare(**query)
    assert at.warning
    for element in [*at.warning, *at.error, *at.markdown, *at.caption]:
        text = element.value
        assert not re.search(r"(?<!\\)<script", text), text
        assert not re.search(r"(?<!\\)\]\(javascript", text), text
    assert metrics(column(at, 1))["Parameters"] == human(11_689_512)


def test_change_arrows_speak_st_metric():
    from resnet_viz.ui.comparison import change_arrow

    assert (change_arrow(2, 1), change_arrow(1, 2), change_arrow(1, 1)) == (
        "up",
        "down",
        "off",
    )
