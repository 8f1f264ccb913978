"""AppTest of the Block zoo and Gradient flow pages: every block selected, errors named,
ResNeXt's forms shown equal; and SE-ResNet reachable through the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from resnet_viz.formats import human
from resnet_viz.zoo import list_blocks, trace_block

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ZOO = "views/7_zoo.py"


def zoo_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(ZOO).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_every_block_renders_with_the_core_numbers():
    at = zoo_page()
    assert at.title[0].value == "Block zoo"
    for kind in list_blocks():
        at.selectbox(key="zoo_kind").set_value(kind).run()
        assert not at.exception, (kind, [e.value for e in at.exception])
        assert not at.error, (kind, [e.value for e in at.error])
        expected = trace_block(kind, "256x56x56")
        assert metric(at, "Parameters") == human(expected.total_params), kind
        assert metric(at, "MACs") == human(expected.total_macs), kind
        (graph,) = [
            e
            for e in at.get("bidi_component")
            if e.proto.component_name == "resnet_viz_graph"
        ]
        assert f'"file": "{kind}.svg"' in graph.proto.json, kind
        # The comparison table lists every block on the same input.
        table = at.dataframe[-1].value
        assert len(table) == len(list_blocks())


def test_settings_change_the_trace_and_bad_ones_are_named():
    at = zoo_page()
    at.selectbox(key="zoo_kind").set_value("resnext").run()
    at.number_input(key="zoo_resnext_groups_256").set_value(8).run()
    expected = trace_block("resnext", "256x56x56", groups=8)
    assert metric(at, "Parameters") == human(expected.total_params)
    at.number_input(key="zoo_resnext_groups_256").set_value(3).run()
    assert not at.exception
    assert any(e.value.startswith("**groups**") for e in at.error)
    at.text_input(key="zoo_input").input("64xx").run()
    assert any(e.value.startswith("**input**") for e in at.error)


def test_resnext_forms_are_shown_equal():
    at = zoo_page()
    at.text_input(key="zoo_input").input("128x14x14").run()
    assert not at.exception
    forms = at.dataframe[1].value
    assert list(forms["form"]) == ["split", "concat", "grouped"]
    assert forms["params"].nunique() == 1
    assert all(float(d) < 1e-5 for d in forms["max |output − grouped output|"])
    assert any("are equal" in m.value for m in at.markdown)


def test_gradient_page_shows_batch_and_seed():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state["grad_residual"] = "resnet20"
    at.switch_page("views/8_gradients.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("plain20" in m.value for m in at.markdown)
    assert any("Batch 8 of 3×32×32, seed 0" in c.value for c in at.caption)
    assert len(at.dataframe[0].value) == 2


@pytest.mark.parametrize(("arch", "params"), [("seresnet50", 28_088_024)])
def test_se_resnet_preset_through_the_url(arch, params):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["arch"] = arch
    at.run()
    assert not at.exception
    assert metric(at, "Parameters") == human(params)


def test_vgg19_preset_through_the_url():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["arch"] = "vgg19"
    at.run()
    assert not at.exception
    assert metric(at, "Parameters") == human(143_667_240)
    assert at.sidebar.radio(key="w_block").value == "vgg"
    assert at.sidebar.radio(key="w_stem").value == "none"
    # Switching the block back to a ResNet one restores a stem and the shortcuts.
    at.sidebar.radio(key="w_block").set_value("basic").run()
    assert not at.error
    assert at.sidebar.radio(key="w_stem").value == "imagenet"
    assert at.sidebar.checkbox(key="w_plain").value is False
