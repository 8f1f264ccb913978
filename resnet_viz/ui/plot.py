"""show_figure(): a plotly chart the browser updates in place instead of rebuilding.

Why not st.plotly_chart: its element id hashes the figure, so every change of the
network or the input mounts a new chart: a new WebGL context, new shaders and a full
first draw. In headless Chromium (software WebGL) that costs 0.5–1 s per 3D chart,
while plotly's own Plotly.react on the existing chart takes 40–100 ms and keeps the
camera where the user turned it. This helper mounts a small Streamlit component
(st.components.v2, no iframe) under a fixed key and calls Plotly.react with each new
figure.

Plotly.js is the copy the installed ``plotly`` package bundles (the same one
``plotly.offline.get_plotlyjs()`` returns), served as a static file: Streamlit's
``server.enableStaticServing`` (.streamlit/config.toml) serves the app's ``static/``
folder at ``app/static/``, and plotly_js_file() copies the bundle there once per
server, under a name with plotly's version. The browser loads it once per page with
a script tag (gzipped, ~1.5 MB), never again on a rerun; between visits it keeps it
as long as its heuristic cache allows (the static route sends Last-Modified, kept at
the bundle's own time, but no Cache-Control, and answers a revalidation in full).
Where static serving is off or the folder cannot be written, the page falls back to
st.plotly_chart, which draws the same figure.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from resnet_viz.figures.labels import text_to_annotations
from resnet_viz.ui.controls import current_lang

_NAME = "resnet_viz_plotly"

# The app's static folder: beside app.py and serve.py (Streamlit serves the folder
# next to the main script).
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

# Shared by both components: load plotly.js once per page with a classic script tag
# (the bundle is a UMD file that sets window.Plotly). URLs are relative to the
# server's root, found from Streamlit's main bundle, whatever path the app is
# served under.
_LOAD_PLOTLY = r"""
function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve();
  if (!window.__rvPlotly) {
    const main = document.querySelector(
      'script[type="module"][src*="/static/js/index."]'
    );
    const base = main
      ? main.src.replace(/static\/js\/index\.[^/]*\.js(\?.*)?$/, "")
      : "./";
    window.__rvPlotly = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = base + src;
      tag.async = true;
      tag.onload = () =>
        window.Plotly ? resolve() : reject(new Error("plotly.js did not load"));
      tag.onerror = () => {
        window.__rvPlotly = undefined;  // a later chart may try again
        reject(new Error("plotly.js did not load"));
      };
      document.head.appendChild(tag);
    });
  }
  return window.__rvPlotly;
}
"""

# plotly.js's own Chinese locale (the npm package plotly.js-locales, vendored): the
# modebar's tooltips and plotly's messages in Chinese when the page is. Its module
# object goes into the component's code once; a chart registers it before its first
# draw in Chinese and names it in its config.
_VENDOR = Path(__file__).parent / "vendor"
_LOCALE_FILES = {"zh": ("zh-CN", _VENDOR / "plotly-locale-zh-cn.js")}


def _locale_modules() -> str:
    """JS source of ``const RV_LOCALES = {name: module, ...}`` and registerLocale()."""
    parts = []
    for name, path in _LOCALE_FILES.values():
        text = path.read_text(encoding="utf-8")
        body = text[text.index("module.exports =") + len("module.exports =") :]
        parts.append(f"{json.dumps(name)}: {body.strip().removesuffix(';')}")
    return (
        "const RV_LOCALES = {" + ",\n".join(parts) + "};\n"
        "function registerLocale(name) {\n"
        "  const done = (window.__rvLocales = window.__rvLocales || {});\n"
        "  if (name && RV_LOCALES[name] && !done[name]) {\n"
        "    window.Plotly.register(RV_LOCALES[name]);\n"
        "    done[name] = true;\n"
        "  }\n"
        "}\n"
    )


# Runs in the page. The first call creates the chart's div; later calls (new data,
# same key) hand the new figure to Plotly.react, one update at a time.
_JS = (
    _LOAD_PLOTLY
    + _locale_modules()
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
  if (data.locale) config.locale = data.locale;
  div.__rvQueue = (div.__rvQueue || Promise.resolve())
    .then(() => loadPlotly(data.src))
    .then(() => registerLocale(data.locale))
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
  loadPlotly(component.data.src).catch(() => {});
}
"""
)


def plotly_bundle() -> Path:
    """The plotly.min.js that the installed plotly package ships (the text of
    ``plotly.offline.get_plotlyjs()``)."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@cache
def plotly_js_file() -> str | None:
    """URL path, relative to the server's root, of plotly.js in the app's static
    folder (e.g. "app/static/plotly-7.1.0.min.js"), copying the bundle there the
    first time; None when static serving is off or the copy cannot be made."""
    if not st.get_option("server.enableStaticServing"):
        return None
    name = f"plotly-{plotly.__version__}.min.js"
    target = STATIC_DIR / name
    bundle = plotly_bundle()
    try:
        if not target.exists() or target.stat().st_size != bundle.stat().st_size:
            STATIC_DIR.mkdir(exist_ok=True)
            # Copied beside the target, then renamed: another server starting at
            # the same time never serves half a file.
            fd, tmp = tempfile.mkstemp(dir=STATIC_DIR, suffix=".part")
            os.close(fd)
            shutil.copy2(bundle, tmp)  # keeps the bundle's time: a longer cache
            os.replace(tmp, target)
    except OSError:
        return None
    return f"app/static/{name}"


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly JSON with 3D text as scene annotations (see
    resnet_viz.figures.labels), not validated again: plotly validated every property
    when the figure was built."""
    return pio.to_json(text_to_annotations(fig.to_dict()), validate=False)


def show_figure(fig: go.Figure | str, key: str) -> None:
    """Draw ``fig`` (a figure, or its JSON from figure_json) full width under ``key``.

    The key must be the same on every run for the chart to be updated in place.
    """
    src = plotly_js_file()
    if src is None:
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
    data = {"spec": spec, "src": src, "key": key}
    locale = _LOCALE_FILES.get(current_lang())
    if locale is not None:
        data["locale"] = locale[0]
    mount(key=key, data=data)


def preload_plotly() -> None:
    """Start loading plotly.js in the browser now, while the server still traces.

    Parsing plotly.js takes the browser ~0.8 s; on a first visit it
    would otherwise start only when the first chart arrives. Call it at the top of
    the app on every run (the element must keep its place, or everything after it
    would be mounted anew); it draws nothing.
    """
    src = plotly_js_file()
    if src is None:
        return
    mount = st.components.v2.component(
        _NAME + "_preload", js=_PRELOAD_JS, isolate_styles=False
    )
    mount(key="rv_preload", data={"src": src})
