"""The layer diff at scale (issue 12, finding 3): the linear merge gives exactly what
difflib's did on every preset pair and on random configs, its index is compact, and
its size is known before diffing."""

from __future__ import annotations

import difflib
import itertools
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.compare import (
    LAYER_DIFF_PAGE_ROWS,
    LAYER_STATUSES,
    STYLER_CELL_LIMIT,
    _convs_whose_macs_differ,
    _diff_row,
    _merged_order,
    layer_diff,
    layer_diff_counts,
    layer_diff_index,
    layer_diff_rows,
    layer_diff_size,
)
from resnet_viz.records import TraceResult

from .strategies import small_specs


def difflib_layer_diff(a: TraceResult, b: TraceResult) -> list[dict]:
    """The layer diff as it was before issue 12 (difflib over the paths), kept here
    as the reference the linear merge must reproduce."""
    a_paths = [r.path for r in a.layers]
    b_paths = [r.path for r in b.layers]
    a_rows = {r.path: r for r in a.layers}
    b_rows = {r.path: r for r in b.layers}
    order: list[str] = []
    matcher = difflib.SequenceMatcher(None, a_paths, b_paths, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        order += a_paths[i1:i2]
        order += [p for p in b_paths[j1:j2] if p not in a_rows]
    seen: set[str] = set()
    rows = []
    for path in order:
        if path in seen:
            continue
        seen.add(path)
        rows.append(_diff_row(path, a_rows.get(path), b_rows.get(path)))
    return rows


@cache
def traced(arch: str, **overrides) -> TraceResult:
    return rv.trace(arch, 32, **overrides)


ARCHS = rv.list_archs()
# Every preset against its neighbour in the list and against resnet18, plus the
# compare page's scenarios' kinds of change on one net.
PAIRS = sorted(
    set(itertools.pairwise(ARCHS)) | {(a, "resnet18") for a in ARCHS if a != "resnet18"}
)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_linear_merge_equals_difflib_on_preset_pairs(a, b):
    ta, tb = traced(a), traced(b)
    assert layer_diff(ta, tb) == difflib_layer_diff(ta, tb)
    assert layer_diff(tb, ta) == difflib_layer_diff(tb, ta)


@pytest.mark.parametrize(
    "overrides",
    [
        {"shortcut": "A"},
        {"shortcut": "C"},
        {"stride_on": "1x1"},
        {"plain": True},
        {"se_ratio": 0.25},
        {"layers": "1,2"},
        {"layers": "3,4,6,3,2"},
        {"stem": "cifar", "classes": 10},
    ],
)
def test_linear_merge_equals_difflib_on_one_change(overrides):
    ta, tb = traced("resnet50"), traced("resnet50", **overrides)
    rows = layer_diff(ta, tb)
    assert rows == difflib_layer_diff(ta, tb)
    assert {r["status"] for r in rows} - {"same"}  # the change shows


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(a=small_specs(), b=small_specs(), size=st.integers(16, 48))
def test_linear_merge_equals_difflib_on_random_configs(a, b, size):
    ta = rv.trace(None, size, **a.to_dict())
    tb = rv.trace(None, size, **b.to_dict())
    assert layer_diff(ta, tb) == difflib_layer_diff(ta, tb)


def test_shared_paths_out_of_order_fall_back_to_difflib():
    # No traced pair does this; hand-made path lists check the fall-back keeps
    # difflib's answer when shared paths change order.
    a = ["x", "p", "q", "y"]
    b = ["q", "z", "p"]
    order = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        order += a[i1:i2] + [p for p in b[j1:j2] if p not in a]
    assert _merged_order(a, b) == order
    assert set(_merged_order(a, b)) == {"x", "p", "q", "y", "z"}


def test_index_pages_give_the_full_diff():
    ta, tb = traced("resnet34"), traced("resnet34", shortcut="A")
    index = layer_diff_index(ta, tb)
    full = layer_diff(ta, tb)
    assert len(index) == len(full) == layer_diff_size(ta, tb)
    assert index.counts() == layer_diff_counts(full)
    changed = index.positions(changed_only=True)
    assert len(changed) == sum(r["status"] != "same" for r in full) > 0
    pages = [changed[i : i + 5] for i in range(0, len(changed), 5)]
    rebuilt = [r for page in pages for r in layer_diff_rows(index, ta, tb, page)]
    assert rebuilt == [r for r in full if r["status"] != "same"]
    assert set(index.status) <= set(range(len(LAYER_STATUSES)))


def test_a_diff_page_stays_under_the_styler_limit():
    # The page's table has 7 columns; one page of rows is far below the limit.
    assert LAYER_DIFF_PAGE_ROWS * 7 <= STYLER_CELL_LIMIT
    assert LAYER_DIFF_PAGE_ROWS >= 100  # a page still shows a deep stage's worth


@pytest.mark.parametrize(
    "arch", ["resnet50", "resnext50_32x4d", "seresnet50", "wide_resnet50_2"]
)
def test_stride_sentence_names_the_convs_the_full_diff_names(arch):
    a, b = traced(arch), traced(arch, stride_on="1x1")
    rows = [r for r in difflib_layer_diff(a, b) if r["a_macs"] != r["b_macs"]]
    expected = [r["path"] for r in rows if r["kind"] == "Conv2d"]
    assert expected  # the 1x1 that now strides and the 3x3 that no longer does
    assert _convs_whose_macs_differ(a, b) == expected
