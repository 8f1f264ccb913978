"""AppTest over every page: no exception, and the numbers shown are the core's."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import resnet_viz as rv
from resnet_viz.formats import human

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "views/1_overview.py",
    "views/2_volumes.py",
    "views/3_graph.py",
    "views/4_tables.py",
    "views/5_costs.py",
]


def start(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize(
    ("query", "trace_args"),
    [
        ({}, ("resnet18", 224)),
        ({"arch": "resnet20", "input": "32"}, ("resnet20", 32)),
        ({"arch": "resnext50_32x4d", "input": "96"}, ("resnext50_32x4d", 96)),
        (
            {"arch": "resnet34", "input": "32", "stem": "cifar", "shortcut": "A"},
            ("resnet34", 32),
        ),
        ({"arch": "plain34", "input": "64x48"}, ("plain34", "64x48")),
    ],
)
def test_every_page_renders_with_the_core_numbers(query, trace_args):
    at = start(**query)
    extra = {k: v for k, v in query.items() if k not in ("arch", "input")}
    expected = rv.trace(*trace_args, **extra)
    assert metric(at, "Parameters") == human(expected.total_params)
    assert metric(at, "MACs") == human(expected.total_macs)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if page.endswith("tables.py"):
            # The config persisted across pages: Table 1's total row is the core's.
            table1 = at.dataframe[0].value
            assert int(table1["params"].iloc[-1]) == expected.total_params
            assert int(table1["MACs"].iloc[-1]) == expected.total_macs


def test_changing_a_control_updates_the_view_and_the_url():
    at = start()
    at.sidebar.selectbox(key="w_arch").set_value("resnet50").run()
    assert metric(at, "Parameters") == human(25_557_032)
    assert (
        at.query_params["arch"] == ["resnet50"] or at.query_params["arch"] == "resnet50"
    )
    at.sidebar.text_input(key="w_input").input("32").run()
    assert metric(at, "Last feature map") == "1×1×2048"
    # Picking a CIFAR preset switches the input to its natural 32x32.
    at.sidebar.selectbox(key="w_arch").set_value("resnet20").run()
    assert at.sidebar.text_input(key="w_input").value == "32"
    assert metric(at, "Parameters") == human(269_722)


def test_custom_controls_build_a_custom_network():
    at = start()
    at.sidebar.radio(key="w_block").set_value("bottleneck").run()
    at.sidebar.text_input(key="w_layers").input("1,1,1").run()
    # Three stages now: the widths followed (64,128,256).
    assert at.sidebar.text_input(key="w_widths").value == "64,128,256"
    expected = rv.trace("resnet18", 224, block="bottleneck", layers=(1, 1, 1))
    assert metric(at, "Parameters") == human(expected.total_params)
    assert metric(at, "Last feature map") == "14×14×1024"


def test_invalid_widget_value_names_the_field_and_keeps_the_text():
    at = start()
    at.sidebar.text_input(key="w_layers").input("2,x,2,2").run()
    assert not at.exception
    assert any("layers" in e.value for e in at.error)
    assert at.sidebar.text_input(key="w_layers").value == "2,x,2,2"
    at.sidebar.text_input(key="w_layers").input("2,2,2,2").run()
    assert not at.error
    assert metric(at, "Parameters") == human(11_689_512)


@pytest.mark.parametrize(
    "query",
    [
        {"arch": "resnet9999"},
        {"input": "-4"},
        {"groups": "abc"},
        {"arch": "resnet18", "input": "<script>alert(1)</script>"},
    ],
)
def test_tampered_url_warns_and_falls_back(query):
    at = start(**query)
    assert at.warning, "a tampered link should say what it ignored"
    assert metric(at, "Parameters") == human(11_689_512)


def test_latency_page_measures_on_cpu():
    at = start(arch="resnet20", input="32")
    at.switch_page("views/9_latency.py").run()
    assert not at.exception
    assert any("Measure" in i.value for i in at.info)
    at.button(key="lat_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table["stage"]) == ["stem", "layer1", "layer2", "layer3", "head"]
    assert int(table["MACs"].sum()) == rv.trace("resnet20", 32).total_macs


def test_real_device_over_the_memory_budget_is_refused_in_the_page():
    at = start(arch="resnet152", input="4096", device="cpu", batch="8")
    assert not at.exception
    assert any("device" in e.value and "MiB" in e.value for e in at.error)
    # Nothing the user entered is lost: the sidebar still holds the request.
    assert at.sidebar.text_input(key="w_input").value == "4096"


@pytest.mark.parametrize("page", ["views/3_graph.py", "views/4_tables.py"])
def test_downloads_are_made_on_click_not_per_rerun(page):
    """Every download button hands the browser a deferred file (built on click), so
    no rerun builds files or stores their bytes in the session's media store."""
    at = start(arch="resnet50", input="224")
    at.switch_page(page).run()
    assert not at.exception
    buttons = at.get("download_button")
    # The graph page's SVG is saved by the graph viewer, in the browser.
    assert len(buttons) == (13 if page.endswith("tables.py") else 1)
    for b in buttons:
        assert b.proto.url == "", b.proto.label
        assert b.proto.deferred_file_id, b.proto.label


def test_number_columns_are_wide_enough_for_their_widest_value():
    from resnet_viz.ui.show import HEADER_PADDING, number_width, text_width

    rows = [{"MACs": 118_013_952, "params": 9_408}, {"MACs": 0, "params": 128}]
    # "118,013,952" is wider than its header; "params" is wider than 9,408.
    assert number_width(rows, "MACs") > text_width("118,013,952")
    assert number_width(rows, "params") == text_width("params") + HEADER_PADDING
    assert number_width(rows, "MACs") > number_width(rows, "params")


def graph_views(at: AppTest) -> list[dict]:
    """The data each block-graph viewer (resnet_viz.ui.graph_view) was sent."""
    import json

    return [
        json.loads(e.proto.json)
        for e in at.get("bidi_component")
        if e.proto.component_name == "resnet_viz_graph"
    ]


@pytest.mark.parametrize(
    ("page", "text"),
    [("views/1_overview.py", "7×7×512"), ("views/3_graph.py", "7×7×512")],
)
@pytest.mark.parametrize("has_dot", [True, False])
def test_block_graphs_draw_with_or_without_graphviz(monkeypatch, page, text, has_dot):
    """With `dot` on the server the viewer gets Graphviz's SVG; without it (the
    README's two set-up commands install none) it gets the DOT text and the
    vendored Viz.js to lay it out in the browser, where the SVG download is made."""
    import shutil

    from resnet_viz.figures import render
    from resnet_viz.ui import cache
    from resnet_viz.ui.graph_view import VIZ_BUNDLE, viz_js_file

    if has_dot and shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed here")
    if not has_dot:
        monkeypatch.setattr(render.shutil, "which", lambda name: None)
    cache.clear_caches()
    at = start(arch="resnet18", input="224")
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    (data,) = graph_views(at)
    assert not at.get("graphviz_chart")
    if has_dot:
        assert data["svg"].startswith("<svg")
        assert text in data["svg"]
        assert data["dot"] == ""
    else:
        assert data["svg"] == ""
        assert data["dot"].startswith("digraph")
        assert text in data["dot"]
    assert data["file"] == "resnet18.svg"
    assert data["src"] == viz_js_file() == "app/static/viz-3.31.0.js"
    served = Path(APP).parent / data["src"].removeprefix("app/")
    assert served.read_bytes() == VIZ_BUNDLE.read_bytes()
    cache.clear_caches()


def test_vendored_viz_js_is_the_npm_release_with_its_license():
    from resnet_viz.ui.graph_view import VIZ_BUNDLE, VIZ_VERSION

    head = VIZ_BUNDLE.read_text()[:400]
    assert f"Viz.js {VIZ_VERSION}" in head
    assert "Graphviz" in head
    assert "Expat" in head
    assert 1_000_000 < VIZ_BUNDLE.stat().st_size < 2_000_000
    notes = (VIZ_BUNDLE.parent / "README.md").read_text()
    assert "MIT" in notes
    assert "Eclipse Public License" in notes


@pytest.mark.parametrize("page", ["views/4_tables.py", "views/7_zoo.py"])
def test_tables_pin_their_first_column_and_size_every_column(page):
    """Every grid column has a width from its widest text (no clipped cell) and
    the first is pinned, so a phone scrolls the rest sideways under it."""
    import json

    at = start(arch="resnet18", input="224")
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    frames = at.dataframe
    assert frames
    for frame in frames:
        config = json.loads(frame.proto.columns)
        columns = list(frame.value.columns)
        assert config[columns[0]]["pinned"] is True
        for name in columns:
            assert config[name]["width"] >= 40, name
