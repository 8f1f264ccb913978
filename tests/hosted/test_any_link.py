"""Property: any URL query string (any keys, any values up to 10,000 characters) on
any page either renders or shows one warning line per bad field. No exception, and
no work over the server's cost budget is ever done."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import resnet_viz.ui.cache as cache
from resnet_viz.budget import forward_bytes, server_budget
from resnet_viz.registry import SPEC_FIELDS

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py"))
KEYS = [*SPEC_FIELDS, "arch", "input", "device", "batch", "lang", "step", "cmp"]
KEYS += ["c0.arch", "c0.input", "c1.layers", "c2.groups", "scenario", "kind"]

digits = st.text(alphabet="0123456789", min_size=1, max_size=10_000)
odd_digits = st.text(alphabet="²³¹٣०߂𝟘", min_size=1, max_size=20)
small = st.integers(-3, 300).map(str)
values = st.one_of(
    small,
    digits,
    odd_digits,
    st.text(max_size=10_000),
    st.lists(st.integers(0, 70), min_size=1, max_size=9).map(
        lambda v: ",".join(map(str, v))
    ),
    st.sampled_from(["cpu", "meta", "cuda", "resnet50", "zh", "64x48", "3x32x32"]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=30))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    page=st.sampled_from(PAGES),
    query=st.dictionaries(keys, values, max_size=6),
)
def test_any_query_on_any_page_renders_or_warns(page, query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, (page, query, [e.value[:300] for e in at.exception])
    for element in (*at.warning, *at.error):
        assert "\n" not in element.value.strip()
        assert len(element.value) < 600, element.value[:300]
    budget = server_budget()
    for view in list(cache.TRACES._entries):
        if view.device != "meta":
            result = cache.TRACES._entries[view].value
            assert forward_bytes(result) <= budget.memory_bytes
            assert result.total_macs <= (budget.macs or 0)
