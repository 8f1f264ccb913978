"""Each link of the hosting issue (#12), through the whole app (AppTest): it is
refused in one line, degraded, or served within its budget. The same links drive
bench/loadtest.py's hostile visitors and tests/hosted/test_server.py."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from bench.hostile import BIG, DIGIT_FIELDS, LINKS

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = {
    "": "views/1_overview.py",
    "volumes": "views/2_volumes.py",
    "graph": "views/3_graph.py",
    "tables": "views/4_tables.py",
    "costs": "views/5_costs.py",
    "compare": "views/6_compare.py",
    "latency": "views/9_latency.py",
}


def open_link(page: str, query: str) -> AppTest:
    """The app as a fresh tab opening ``/page?query``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in parse_qsl(query, keep_blank_values=True):
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(PAGE_FILES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def one_liners(elements) -> list[str]:
    """The elements' texts without Markdown escapes, each checked to be one line."""
    lines = [e.value.replace("\\", "") for e in elements]
    assert all("\n" not in line and len(line) < 400 for line in lines), lines
    return lines


@pytest.mark.parametrize("name", ["input_tensor", "compute"])
def test_an_over_budget_cpu_trace_is_refused_in_one_line(name):
    at = open_link(*LINKS[name])
    errors = one_liners(at.error)
    assert any("device" in e and ("MiB" in e or "GMACs" in e) for e in errors)
    # Nothing the visitor entered is lost: the sidebar still holds the request.
    assert at.sidebar.selectbox(key="w_device").value == "cpu"


def test_the_latency_page_accepts_the_sidebars_batch():
    at = open_link(*LINKS["latency_batch"])
    assert at.number_input(key="lat_batch").value == 257


def test_a_careful_timing_over_the_compute_budget_is_refused_at_once():
    at = open_link(
        "latency",
        "arch=resnet18&input=64&stem=cifar&widths=2048,2048&layers=1,1&batch=4",
    )
    at.radio(key="lat_effort").set_value("careful").run()
    at.button(key="lat_go").click().run()
    assert not at.exception
    assert any("GMACs" in e or "MiB" in e for e in one_liners(at.error))
    assert not at.dataframe  # nothing was timed


@pytest.mark.parametrize("field", [*DIGIT_FIELDS, "input"])
def test_a_5000_digit_number_warns_and_falls_back(field):
    at = open_link("", f"arch=resnet18&{field}={BIG}")
    warnings = one_liners(at.warning)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Link ignored in part — {field}: ")
    assert "must be" in warnings[0]
    # A single number says how long it was; a list entry or a size quotes its start.
    assert "5,000 digits" in warnings[0] or "999…" in warnings[0]
    assert at.title[0].value == "resnet18 · 224×224"


@pytest.mark.parametrize("name", ["digits_batch", "digits_compare"])
def test_a_unicode_digit_warns(name):
    at = open_link(*LINKS[name])
    assert any("²" in w for w in one_liners(at.warning))


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [("wide_wpg", "width_per_group", 8192), ("wide_groups", "groups", 2048)],
)
def test_a_value_within_the_registry_is_never_silently_changed(name, field, value):
    at = open_link(*LINKS[name])
    assert at.sidebar.number_input(key=f"w_{field}").value == value
    assert at.query_params[field] == [str(value)] or at.query_params[field] == str(
        value
    )
    assert not at.warning
