"""show_figure(): a plotly chart the browser updates in place instead of rebuilding.

Why not st.plotly_chart: its element id hashes the figure, so every change of the
network or the input mounts a new chart: a new WebGL context, new shaders and a full
first draw. In headless Chromium (software WebGL) that costs 0.5–1 s per 3D chart,
while plotly's own Plotly.react on the existing chart takes 40–100 ms and keeps the
camera where the user turned it. This helper mounts a small Streamlit component
(st.components.v2, no iframe) under a fixed key and calls Plotly.react with each new
figure.

Plotly.js itself is the copy Streamlit ships (its PlotlyChart chunk defines
window.Plotly when loaded); the component imports that chunk the first time a page
needs it. Where the chunk cannot be found (another Streamlit build), the page falls
back to st.plotly_chart, which draws the same figure.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from resnet_viz.figures.labels import text_to_annotations

_NAME = "resnet_viz_plotly"

# Shared by both components: import Streamlit's plotly chunk once per page. Chunks
# sit beside the main bundle, whatever path the app is served under.
_LOAD_PLOTLY = """
async function loadPlotly(chunk) {
  if (!window.Plotly) {
    const main = document.querySelector(
      'script[type="module"][src*="/static/js/index."]'
    );
    const base = main
      ? main.src.replace(/index\\.[^/]*\\.js(\\?.*)?$/, "")
      : "./static/js/";
    await import(base + chunk);
  }
  if (!window.Plotly) throw new Error("plotly.js did not load");
}
"""

# Runs in the page. The first call creates the chart's div; later calls (new data,
# same key) hand the new figure to Plotly.react, one update at a time.
_JS = (
    _LOAD_PLOTLY
    + """
export default function (component) {
  const { data, parentElement } = component;
  let div = parentElement.querySelector("div.rv-plot");
  if (!div) {
    div = document.createElement("div");
    div.className = "rv-plot";
    div.style.width = "100%";
    parentElement.appendChild(div);
  }
  const fig = JSON.parse(data.spec);
  const layout = Object.assign({}, fig.layout || {});
  delete layout.width;
  layout.autosize = true;
  layout.height = layout.height || 450;
  if (layout.uirevision === undefined) layout.uirevision = data.key;
  div.style.height = layout.height + "px";
  const config = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"],
  };
  div.__rvQueue = (div.__rvQueue || Promise.resolve())
    .then(() => loadPlotly(data.chunk))
    .then(() => window.Plotly.react(div, fig.data || [], layout, config))
    .catch((err) => {
      div.textContent = "The chart could not be drawn: " + err;
    });
  return () => {
    // Called when the element goes away (and perhaps before an update): free the
    // WebGL context only if the chart has really left the page.
    setTimeout(() => {
      if (!div.isConnected && window.Plotly) window.Plotly.purge(div);
    }, 0);
  };
}
"""
)

# Only starts loading plotly.js; draws nothing. A failure is reported by the chart.
_PRELOAD_JS = (
    _LOAD_PLOTLY
    + """
export default function (component) {
  loadPlotly(component.data.chunk).catch(() => {});
}
"""
)


@cache
def plotly_chunk() -> str | None:
    """File name of the JS chunk of the installed Streamlit that carries plotly.js
    (e.g. "PlotlyChart.D9Z0_fxz.js"), or None when this build has none."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(folder.glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly JSON with 3D text as scene annotations (see
    resnet_viz.figures.labels), not validated again: plotly validated every property
    when the figure was built."""
    return pio.to_json(text_to_annotations(fig.to_dict()), validate=False)


def show_figure(fig: go.Figure | str, key: str) -> None:
    """Draw ``fig`` (a figure, or its JSON from figure_json) full width under ``key``.

    The key must be the same on every run for the chart to be updated in place.
    """
    chunk = plotly_chunk()
    if chunk is None:
        st.plotly_chart(
            pio.from_json(fig) if isinstance(fig, str) else fig,
            width="stretch",
            key=key,
        )
        return
    spec = fig if isinstance(fig, str) else figure_json(fig)
    # Registering is idempotent (same definition, no warning) and cheap; doing it
    # here, not at import, puts it in whichever Streamlit runtime runs this script.
    mount = st.components.v2.component(_NAME, js=_JS, isolate_styles=False)
    mount(key=key, data={"spec": spec, "chunk": chunk, "key": key})


def preload_plotly() -> None:
    """Start loading plotly.js in the browser now, while the server still traces.

    Parsing Streamlit's plotly chunk takes the browser ~0.8 s; on a first visit it
    would otherwise start only when the first chart arrives. Call it at the top of
    the app on every run (the element must keep its place, or everything after it
    would be mounted anew); it draws nothing.
    """
    chunk = plotly_chunk()
    if chunk is None:
        return
    mount = st.components.v2.component(
        _NAME + "_preload", js=_PRELOAD_JS, isolate_styles=False
    )
    mount(key="rv_preload", data={"chunk": chunk})
