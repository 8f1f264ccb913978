"""The sidebar and every compare column draw one config form (ui/config_form.py):
the same fields, the same ranges, the same consistency rules."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from resnet_viz.registry import MAX_CLASSES, MAX_WIDTH, SPEC_FIELDS

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def compare_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/6_compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def widgets_by_key(at: AppTest, prefix: str) -> dict[str, object]:
    found = {}
    for kind in ("radio", "text_input", "number_input", "checkbox"):
        for w in getattr(at, kind):
            if w.key and w.key.startswith(prefix):
                found[w.key.removeprefix(prefix)] = (kind, getattr(w, "max", None))
    return found


def test_sidebar_and_compare_columns_draw_the_same_fields_and_ranges():
    at = compare_page()
    side = widgets_by_key(at, "w_")
    column = widgets_by_key(at, "cmp0_")
    # se_ratio comes from presets and links only (no widget in either form).
    for field in set(SPEC_FIELDS) - {"se_ratio"}:
        assert field in side, field
        assert column[field] == side[field], field
    assert side["groups"] == ("number_input", MAX_WIDTH)
    assert side["classes"] == ("number_input", MAX_CLASSES)


def test_a_compare_column_switched_to_vgg_stays_valid():
    # The compare form's own block rule ignored vgg and left the column invalid.
    at = compare_page()
    at.radio(key="cmp0_block").set_value("vgg").run()
    assert not at.exception
    assert at.radio(key="cmp0_stem").value == "none"
    assert at.checkbox(key="cmp0_plain").value is True
    assert at.number_input(key="cmp0_width_per_group").disabled


def test_changing_the_stage_count_doubles_widths_in_both_forms():
    at = compare_page()
    for prefix in ("w_", "cmp1_"):
        at.text_input(key=f"{prefix}widths").set_value("16,32").run()
        at.text_input(key=f"{prefix}layers").set_value("1,1,1,1").run()
        assert at.text_input(key=f"{prefix}widths").value == "16,32,64,128", prefix
