"""Tables at scale (issue 12, finding 12): the row counts a page can ask before
building any row, and a page of the per-layer table built on its own."""

from __future__ import annotations

import resnet_viz as rv
from resnet_viz.tables import (
    TABLE_PAGE_ROWS,
    block_row_count,
    block_rows,
    layer_row_count,
    layer_rows,
    stage_bracket,
)


def test_row_counts_match_the_tables():
    t = rv.trace("resnet50", 64)
    assert layer_row_count(t) == len(layer_rows(t)) == len(t.layers)
    assert block_row_count(t) == len(block_rows(t)) == 16
    picked = ("stem", "layer2")
    assert layer_row_count(t, picked) == sum(r.stage in picked for r in t.layers) > 0
    assert layer_row_count(t, ()) == 0


def test_a_page_of_layer_rows_equals_that_slice_of_the_full_table():
    t = rv.trace("resnet34", 64)
    full = layer_rows(t, "zh")
    page = layer_rows(t, "zh", only=t.layers[10:25])
    assert page == full[10:25]
    assert layer_rows(t, only=()) == []


def test_brackets_count_every_block_of_a_deep_stage():
    t = rv.trace("resnet18", 32, layers="1000,3")
    assert stage_bracket(t, "layer1").endswith("× 1000")
    assert stage_bracket(t, "layer2") == "[3×3, 128; 3×3, 128] × 3"


def test_a_page_is_a_few_hundred_kilobytes_at_most():
    # Pins the limit: ~230 bytes per per-layer row on the wire (measured), so a page
    # of TABLE_PAGE_ROWS stays well under a megabyte.
    assert 100 <= TABLE_PAGE_ROWS <= 2000
