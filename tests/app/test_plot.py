"""Charts go through show_figure(): one component per chart, keyed so the browser
updates it in place, carrying the figure the core built and loading plotly.js from
the plotly package, served once from the app's static folder; st.plotly_chart where
static serving is off."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import plotly
import plotly.offline
from streamlit.testing.v1 import AppTest

import resnet_viz.ui.plot as plot
import resnet_viz.ui.static as static
from resnet_viz.figures import volume_figure
from resnet_viz.trace import trace

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> dict[str, dict]:
    """Key -> the data each chart component received."""
    out = {}
    for el in at.get("bidi_component"):
        if el.proto.component_name == plot._NAME:
            data = json.loads(el.proto.json)
            out[data["key"]] = data
    return out


def test_plotly_is_preloaded_first_on_every_page():
    """The preload is the sidebar's first element on every run, so it never moves
    what comes after it."""
    for page in ("", "tables"):
        at = AppTest.from_file(APP, default_timeout=60)
        if page:
            at.switch_page("views/4_tables.py")
        at.run()
        first = at.sidebar.children[0]
        assert first.proto.component_name == plot._NAME + "_preload"
        assert json.loads(first.proto.json) == {"src": plot.plotly_js_file()}


def test_plotly_js_is_the_plotly_packages_own_copy_in_the_static_folder():
    src = plot.plotly_js_file()
    assert src == f"app/static/plotly-{plotly.__version__}.min.js"
    served = plot.STATIC_DIR / src.removeprefix("app/static/")
    assert served.read_text(encoding="utf-8") == plotly.offline.get_plotlyjs()
    assert "window.Plotly = Plotly" in served.read_text(encoding="utf-8")[-200:]


def test_the_static_folder_has_a_gzipped_copy_of_the_bundle():
    src = plot.plotly_js_file()
    served = plot.STATIC_DIR / src.removeprefix("app/static/")
    gz = static.gzipped_path(served)
    assert gz == served.with_name(served.name + ".gz")
    assert gzip.decompress(gz.read_bytes()) == served.read_bytes()


def test_a_stale_gzipped_copy_is_written_again_and_a_current_one_kept(tmp_path):
    path = tmp_path / "bundle.js"
    path.write_bytes(b"new bundle " * 100)
    gz = static.gzipped_path(path)
    gz.write_bytes(gzip.compress(b"an older, shorter bundle"))
    static.write_gzipped(path)
    assert gzip.decompress(gz.read_bytes()) == path.read_bytes()
    kept = gz.stat().st_mtime_ns
    static.write_gzipped(path)  # the same length: nothing to do
    assert gz.stat().st_mtime_ns == kept
    assert not list(tmp_path.glob("*.part"))


def test_a_folder_that_cannot_be_written_gets_no_copy_and_no_error(
    tmp_path, monkeypatch
):
    path = tmp_path / "bundle.js"
    path.write_bytes(b"x" * 1000)
    real_replace = static.os.replace

    def full_disk(src, dst):  # the write went through; the rename does not
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(static.os, "replace", full_disk)
    static.write_gzipped(path)
    assert not static.gzipped_path(path).exists()
    assert not list(tmp_path.glob("*.part"))  # nothing left behind
    monkeypatch.setattr(static.os, "replace", real_replace)
    static.write_gzipped(path)
    assert gzip.decompress(static.gzipped_path(path).read_bytes()) == path.read_bytes()


def test_overview_charts_carry_the_cores_figures():
    at = run(arch="resnet50", input="96")
    got = charts(at)
    # The costs are three panels that stack on a phone (issue 13).
    panels = {f"overview_costs_{m}" for m in ("params", "macs", "activation_bytes")}
    assert set(got) == {"overview_volumes", *panels}
    assert at.get("plotly_chart") == []
    want = json.loads(plot.figure_json(volume_figure(trace("resnet50", 96))))
    assert json.loads(got["overview_volumes"]["spec"]) == want
    assert got["overview_volumes"]["src"] == plot.plotly_js_file()


def test_same_key_for_another_network():
    """The key (the chart's identity in the browser) does not depend on the
    figure; the figure does."""
    first = charts(run(arch="resnet18", input="224"))
    second = charts(run(arch="resnet20", input="32"))
    assert set(first) == set(second)
    assert first["overview_volumes"]["spec"] != second["overview_volumes"]["spec"]
    assert "8×8×64" in second["overview_volumes"]["spec"]


def test_falls_back_to_plotly_chart_without_static_serving(monkeypatch):
    monkeypatch.setattr(plot, "plotly_js_file", lambda: None)
    at = run(arch="resnet18", input="224")
    assert len(at.get("plotly_chart")) == 4  # the volumes and three cost panels
    # Only the block graph's viewer stays a component of ours.
    assert [c.key for c in at.get("bidi_component")] == ["overview_graph"]


def test_no_static_file_without_static_serving(monkeypatch):
    monkeypatch.setattr(plot.st, "get_option", lambda name: False)
    plot.plotly_js_file.cache_clear()
    try:
        assert plot.plotly_js_file() is None
    finally:
        plot.plotly_js_file.cache_clear()
