"""show_graph(): a block graph drawn in the page, fitted to its column, with pan and
zoom by mouse and touch and an SVG download made in the browser.

Why not st.graphviz_chart or st.image: the first stretches the graph to the column's
width whatever its height (resnet18's graph was 3,598 px tall), the second shows a
fixed-size picture; neither fits, pans or zooms, and without Graphviz's ``dot`` on the
server there was no SVG to download. Here the server sends Graphviz's SVG where
``dot`` is installed (rendered once per graph, cached) and otherwise only the DOT
text, which the browser lays out with Viz.js (Graphviz compiled to WebAssembly,
vendored in resnet_viz/ui/vendor/, MIT). Like plotly.js in ui/plot.py, Viz.js is
served as a static file from the app's ``static/`` folder, loaded at most once per
page and cached by the browser, never re-sent on a rerun.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from resnet_viz.i18n import t
from resnet_viz.ui.static import static_copy

VIZ_VERSION = "3.31.0"
VIZ_BUNDLE = Path(__file__).resolve().parent / "vendor" / f"viz-global-{VIZ_VERSION}.js"
# Largest enlargement of a graph narrower than its column: a 6-node graph is not
# blown up to a poster, and its 9 pt edge labels come out at 15 px.
MAX_FIT = 1.25
# No text under this many CSS pixels at fit on a laptop (a viewport at least
# FLOOR_FROM_PX wide): a graph too wide for its column at that size is drawn at it
# from the column's left edge, and the rest is a drag, Shift+wheel or swipe away.
# A phone keeps the whole graph in view (its text is a pinch away).
MIN_TEXT_PX = 12
FLOOR_FROM_PX = 1024

_NAME = "resnet_viz_graph"

# Runs in the page (components v2, no iframe). Builds a toolbar and a frame; the
# SVG sits in a canvas div moved and scaled by one CSS transform.
_JS = r"""
function loadViz(src) {
  if (window.Viz) return window.Viz.instance();
  if (!window.__rvViz) {
    const main = document.querySelector(
      'script[type="module"][src*="/static/js/index."]'
    );
    const base = main
      ? main.src.replace(/static\/js\/index\.[^/]*\.js(\?.*)?$/, "")
      : "./";
    window.__rvViz = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = base + src;
      tag.async = true;
      tag.onload = () =>
        window.Viz ? resolve() : reject(new Error("Viz.js did not load"));
      tag.onerror = () => {
        window.__rvViz = undefined;
        reject(new Error("Viz.js did not load"));
      };
      document.head.appendChild(tag);
    });
  }
  return window.__rvViz.then(() => window.Viz.instance());
}

function button(bar, text, title) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = title;
  b.setAttribute("aria-label", title);
  b.style.cssText =
    "font:14px sans-serif;padding:4px 10px;min-width:36px;min-height:32px;" +
    "border:1px solid #c8c8c8;border-radius:6px;background:#fff;cursor:pointer";
  bar.appendChild(b);
  return b;
}

function setUp(root, data) {
  root.innerHTML = "";
  const bar = document.createElement("div");
  bar.className = "rv-graph-bar";
  bar.style.cssText = "display:flex;gap:6px;flex-wrap:wrap;margin:0 0 6px 0";
  const frame = document.createElement("div");
  frame.className = "rv-graph-frame";
  frame.style.cssText =
    "position:relative;overflow:hidden;width:100%;border:1px solid #ddd;" +
    "border-radius:6px;background:#fff;touch-action:pan-y;cursor:grab";
  const canvas = document.createElement("div");
  canvas.className = "rv-graph-canvas";
  canvas.style.cssText = "position:absolute;left:0;top:0;transform-origin:0 0";
  frame.appendChild(canvas);
  // Over the graph (whose white background would hide a shadow on the frame).
  const shade = document.createElement("div");
  shade.className = "rv-graph-shade";
  shade.style.cssText = "position:absolute;inset:0;pointer-events:none";
  frame.appendChild(shade);
  root.appendChild(bar);
  root.appendChild(frame);
  const st = {
    s: 1, x: 0, y: 0, fit: 1, w: 0, h: 0, font: 0, svg: null, pointers: new Map(),
  };
  root.__rv = st;
  const L = data.labels;
  const apply = () => {
    canvas.style.transform = `translate(${st.x}px,${st.y}px) scale(${st.s})`;
    frame.style.touchAction = st.s > st.fit * 1.01 ? "none" : "pan-y";
    root.dataset.scale = String(st.s);
    // A shade on an edge the graph runs past: there is more that way to pan to.
    const edges = [];
    if (st.x < -1) edges.push("inset 28px 0 20px -20px rgba(0,0,0,0.35)");
    if (st.x + st.w * st.s > frame.clientWidth + 1)
      edges.push("inset -28px 0 20px -20px rgba(0,0,0,0.35)");
    shade.style.boxShadow = edges.join(",") || "none";
  };
  const fit = () => {
    if (!st.w) return;
    const width = frame.clientWidth || root.clientWidth || st.w;
    st.fit = Math.min(width / st.w, data.maxFit);
    // Text in CSS px is font (user units = pt) x 96/72 x scale; a twentieth of
    // a pixel more, so the drawn box's rounding never lands under the floor.
    if (st.font && window.innerWidth >= data.floorFrom) {
      const floor = (data.minTextPx + 0.05) / (st.font * (96 / 72));
      st.fit = Math.max(st.fit, floor);
    }
    st.s = st.fit;
    st.x = Math.max(0, (width - st.w * st.s) / 2);
    st.y = 0;
    const tall = Math.max(320, 2.5 * window.innerHeight);
    frame.style.height = Math.ceil(Math.min(st.h * st.s, tall)) + 2 + "px";
    apply();
  };
  const zoomAt = (factor, cx, cy) => {
    const s = Math.min(Math.max(st.s * factor, st.fit * 0.5), 8);
    st.x = cx - (cx - st.x) * (s / st.s);
    st.y = cy - (cy - st.y) * (s / st.s);
    st.s = s;
    apply();
  };
  const centre = () => [frame.clientWidth / 2, frame.clientHeight / 2];
  button(bar, "\u2212", L.out).onclick = () => zoomAt(1 / 1.25, ...centre());
  button(bar, L.fit, L.fit).onclick = fit;
  button(bar, "+", L.in).onclick = () => zoomAt(1.25, ...centre());
  const save = button(bar, "\u2913 " + L.svg, L.svg);
  save.className = "rv-graph-svg";
  save.onclick = () => {
    if (!st.svg) return;
    const copy = st.svg.cloneNode(true);
    copy.setAttribute("width", st.svg.dataset.w);
    copy.setAttribute("height", st.svg.dataset.h);
    const text =
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
      new XMLSerializer().serializeToString(copy);
    const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = root.__rvFile;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  const local = (e) => {
    const r = frame.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  frame.addEventListener(
    "wheel",
    (e) => {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        zoomAt(Math.exp(-e.deltaY / 300), ...local(e));
      } else if (st.s > st.fit * 1.01 || st.h * st.s > frame.clientHeight + 2) {
        e.preventDefault();
        st.x -= e.deltaX;
        st.y -= e.deltaY;
        apply();
      } else if (
        st.w * st.s > frame.clientWidth + 2 &&
        Math.abs(e.deltaX) > Math.abs(e.deltaY)
      ) {
        // Wider than the frame at fit (the text floor): sideways wheel pans.
        e.preventDefault();
        st.x -= e.deltaX;
        apply();
      }
    },
    { passive: false }
  );
  frame.addEventListener("dblclick", (e) => zoomAt(2, ...local(e)));
  frame.addEventListener("pointerdown", (e) => {
    st.pointers.set(e.pointerId, local(e));
    frame.setPointerCapture(e.pointerId);
  });
  const up = (e) => st.pointers.delete(e.pointerId);
  frame.addEventListener("pointerup", up);
  frame.addEventListener("pointercancel", up);
  frame.addEventListener("pointermove", (e) => {
    const before = st.pointers.get(e.pointerId);
    if (!before) return;
    const now = local(e);
    if (st.pointers.size === 1) {
      st.x += now[0] - before[0];
      st.y += now[1] - before[1];
      apply();
    } else if (st.pointers.size === 2) {
      const [other] = [...st.pointers].filter(([id]) => id !== e.pointerId);
      const o = other[1];
      const d0 = Math.hypot(before[0] - o[0], before[1] - o[1]);
      const d1 = Math.hypot(now[0] - o[0], now[1] - o[1]);
      if (d0 > 0) zoomAt(d1 / d0, (now[0] + o[0]) / 2, (now[1] + o[1]) / 2);
    }
    st.pointers.set(e.pointerId, now);
  });
  if (window.ResizeObserver) {
    let last = 0;
    new ResizeObserver(() => {
      const w = frame.clientWidth;
      if (w && Math.abs(w - last) > 1) {
        last = w;
        fit();
      }
    }).observe(frame);
  }
  st.place = (svg) => {
    // Natural size in CSS pixels from the viewBox (Graphviz writes points).
    const box = svg.viewBox.baseVal;
    st.w = (box && box.width ? box.width : 400) * (96 / 72);
    st.h = (box && box.height ? box.height : 400) * (96 / 72);
    svg.dataset.w = svg.getAttribute("width") || st.w + "px";
    svg.dataset.h = svg.getAttribute("height") || st.h + "px";
    svg.setAttribute("width", st.w);
    svg.setAttribute("height", st.h);
    svg.style.display = "block";
    // Graphviz sizes text with its own font metrics; the browser's font can be a
    // little wider, so nothing drawn near the edge is cut.
    svg.style.overflow = "visible";
    const sizes = [...svg.querySelectorAll("text")]
      .map((t) => parseFloat(t.getAttribute("font-size")))
      .filter((v) => v > 0);
    st.font = sizes.length ? Math.min(...sizes) : 0;
    canvas.replaceChildren(svg);
    fitClusterTitles(svg);
    st.svg = svg;
    fit();
  };
  return st;
}

// Viz.js (Graphviz without the system's fonts) estimates text widths from its own
// tables, and the browser's font can draw a line wider: a cluster's title ran up
// to 7 px past its box (the SE block's, at 1440 px). A title that reaches past its
// box is drawn condensed to the box less a margin each side (SVG textLength); a
// server SVG, sized with the real fonts, never needs it.
function fitClusterTitles(svg) {
  for (const cluster of svg.querySelectorAll("g.cluster")) {
    const shape = cluster.querySelector("path, polygon");
    if (!shape) continue;
    const box = shape.getBBox();
    const pad = 6; // user units (points), each side
    for (const text of cluster.querySelectorAll(":scope > text")) {
      const t = text.getBBox();
      if (t.x >= box.x + 1 && t.x + t.width <= box.x + box.width - 1) continue;
      const room = box.width - 2 * pad;
      if (room <= 0) continue;
      text.setAttribute("text-anchor", "start");
      text.setAttribute("x", box.x + pad);
      text.setAttribute("textLength", room);
      text.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
  }
}

export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector("div.rv-graph");
  if (!root) {
    root = document.createElement("div");
    root.className = "rv-graph";
    root.style.width = "100%";
    parentElement.appendChild(root);
  }
  const state = root.__rv || setUp(root, data);
  root.__rvFile = data.file;
  const want = data.svg || data.dot;
  if (root.__rvShown === want) return;
  root.__rvShown = want;
  root.dataset.renderer = data.svg ? "server" : "browser";
  root.dataset.ready = "false";
  const svgPromise = data.svg
    ? Promise.resolve(
        document.importNode(
          new DOMParser().parseFromString(data.svg, "image/svg+xml")
            .documentElement,
          true
        )
      )
    : loadViz(data.src).then((viz) => viz.renderSVGElement(data.dot));
  svgPromise
    .then((svg) => {
      if (root.__rvShown !== want) return;
      state.place(svg);
      root.dataset.ready = "true";
    })
    .catch((err) => {
      root.dataset.ready = "error";
      root.querySelector(".rv-graph-canvas").textContent =
        "The graph could not be drawn: " + err;
    });
}
"""


@cache
def viz_js_file() -> str | None:
    """URL path, relative to the server's root, of Viz.js in the app's static folder
    (e.g. "app/static/viz-3.31.0.js"), copying the vendored bundle there the first
    time; None when static serving is off or the copy cannot be made."""
    return static_copy(VIZ_BUNDLE, f"viz-{VIZ_VERSION}.js")


def graph_labels(lang: str) -> dict[str, str]:
    """The viewer's button words in ``lang``."""
    return {
        "fit": t("gr.fit", lang),
        "in": t("gr.zoom_in", lang),
        "out": t("gr.zoom_out", lang),
        "svg": t("gr.svg", lang),
    }


def show_graph(
    dot: str, key: str, *, svg: bytes | None, file_name: str, lang: str
) -> None:
    """Draw the graph ``dot`` fitted to its column's width (on a laptop never with
    text under MIN_TEXT_PX: a wider graph pans sideways) under ``key``, with zoom
    buttons, wheel (Ctrl) and pinch zoom, drag to pan and an SVG download.

    Args:
        dot: the graph as DOT text.
        key: the element's key, the same on every run (the viewer keeps its place).
        svg: Graphviz's SVG of ``dot`` drawn on the server, or None to lay the graph
            out in the browser (no ``dot`` on this host).
        file_name: the SVG download's file name.
        lang: the language of the buttons.
    """
    src = viz_js_file()
    if svg is None and src is None:  # neither dot nor static serving: the old way
        st.graphviz_chart(dot, width="stretch")
        return
    body = "" if svg is None else svg.decode()
    body = body[body.find("<svg") :] if body else ""
    mount = st.components.v2.component(_NAME, js=_JS, isolate_styles=False)
    mount(
        key=key,
        data={
            # One of the two travels: the SVG where the server drew it, else the DOT.
            "dot": "" if body else dot,
            "svg": body,
            "src": src or "",
            "file": file_name,
            "maxFit": MAX_FIT,
            "minTextPx": MIN_TEXT_PX,
            "floorFrom": FLOOR_FROM_PX,
            "labels": graph_labels(lang),
        },
    )
