"""ViewConfig: URL and widget round trips, and tampered links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.narrative import overview_sentences
from resnet_viz.viewconfig import ViewConfig


def test_defaults_are_resnet18_at_224():
    view, warnings = ViewConfig.from_query({})
    assert view == ViewConfig("resnet18", "224")
    assert warnings == []
    assert view.to_query() == {"arch": "resnet18", "input": "224"}


def test_only_changed_fields_go_into_the_url():
    view = ViewConfig.from_values(
        {"arch": "resnet50", "input": "32", "shortcut": "A", "layers": "3,4,6,3"}
    )
    assert view.overrides == (("shortcut", "A"),)
    assert view.to_query() == {"arch": "resnet50", "input": "32", "shortcut": "A"}


def test_preset_natural_input():
    assert ViewConfig.from_values({"arch": "resnet20"}).input == "32"
    assert ViewConfig.from_values({"arch": "resnet50"}).input == "224"


@given(
    arch=st.sampled_from(rv.list_archs()),
    side=st.integers(1, 512),
    shortcut=st.sampled_from(["A", "B", "C"]),
    classes=st.integers(1, 100),
    plain=st.booleans(),
)
def test_url_round_trip(arch, side, shortcut, classes, plain):
    values = {"arch": arch, "input": str(side), "classes": classes, "plain": plain}
    if not rv.ARCHS[arch].plain:
        values["shortcut"] = shortcut
    try:
        view = ViewConfig.from_values(values)
    except rv.ConfigError:
        return  # e.g. option A cannot shrink channels: rejected, not crashed
    again, warnings = ViewConfig.from_query(view.to_query())
    assert warnings == []
    assert again == view
    assert ViewConfig.from_values(view.widget_values()) == view


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"arch": "resnet9"}, "arch"),
        ({"input": "0"}, "input"),
        ({"input": "<script>alert(1)</script>"}, "input"),
        ({"layers": "1,x"}, "layers"),
        ({"groups": "-2"}, "groups"),
        ({"shortcut": "Z"}, "shortcut"),
        ({"device": "tpu"}, "device"),
        ({"batch": "1e9"}, "batch"),
        ({"widths": "64,32,16,8", "shortcut": "A"}, "shortcut"),
    ],
)
def test_tampered_links_warn_and_fall_back(query, field):
    view, warnings = ViewConfig.from_query({"arch": "resnet18", **query})
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{field}: ")
    rv.trace(**view.trace_kwargs())  # the fallback view is valid


def test_other_pages_parameters_are_ignored():
    view, warnings = ViewConfig.from_query(
        {"arch": "resnet34", "step": "12", "lang": "zh"}
    )
    assert view.arch == "resnet34"
    assert warnings == []


def test_overview_sentences_follow_the_numbers():
    text = " ".join(overview_sentences(rv.trace("resnet18", 32)))
    assert "32×32×3 input into a 8×8×64 volume" in text
    assert "From layer4 on the map is 1×1" in text
    cifar = " ".join(overview_sentences(rv.trace("resnet20", 32)))
    assert "2 zero-pad" in cifar
    assert "1×1" not in cifar.split("Shortcuts")[1].split(".")[0]
    assert "plain net" in " ".join(overview_sentences(rv.trace("plain34", 64)))


def test_viewconfig_and_devices_import_no_torch():
    """Parsing a URL's fields needs no torch: neither module imports it (or the
    tracer) at module level; devices.py asks about CUDA lazily."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "resnet_viz"
    for name in ("viewconfig.py", "devices.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            else:
                continue
            for imported in names:
                assert imported.split(".")[0] != "torch", (name, imported)
                assert imported not in (".trace", ".builder", ".blocks"), (
                    name,
                    imported,
                )
