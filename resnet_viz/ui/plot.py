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
server, under a name with plotly's version, and a gzipped copy beside it. The
browser loads it once per page with a script tag (~1.5 MB gzipped), never again on a
rerun. serve.py sends the gzipped copy as it is, marked immutable (the name changes
with the version), so a returning visitor's browser does not ask again; under
`streamlit run app.py` the static route compresses the bundle anew for each visitor
and sends no Cache-Control.
Where static serving is off or the folder cannot be written, the page falls back to
st.plotly_chart, which draws the same figure.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from resnet_viz.figures.labels import text_to_annotations
from resnet_viz.ui.controls import current_lang
from resnet_viz.ui.static import STATIC_DIR, static_copy, write_gzipped

_NAME = "resnet_viz_plotly"


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
      // serve.py's page asks for plotly.js in its <head> (data-rv-plotly): wait for
      // that copy rather than run the bundle twice. One that fails removes itself.
      const early = document.querySelector("script[data-rv-plotly]");
      if (early) {
        early.addEventListener("load", () =>
          window.Plotly ? resolve() : reject(new Error("plotly.js did not load"))
        );
        early.addEventListener("error", () => {
          window.__rvPlotly = undefined;
          loadPlotly(src).then(resolve, reject);
        });
        return;
      }
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


# Figures whose layout.meta has "rv_fit" (the volume figures, figures/volumes.py) are
# fitted to their column in the page, because plotly fits an orthographic scene to the
# frame's *height* (measured: 0.5 px per aspect-ratio unit per px of plot height,
# plotly 7.1 in Chromium): the frame's height and the scene's zoom are chosen from
# the column's width so the drawing fills the column at every width, labels grow to
# 15 px on a projector-wide window, and the labels are laid out after drawing: each
# scene annotation is measured, pulled inside the frame, moved down or up a line
# where it would overlap one already placed (or the title and legend), moved farther
# off with a leader line to its box where no place near is free, and hidden only
# where none is free at all (hover still names the box). A resize or a turn of the
# camera lays them out again. Every figure gets a title clear of plotly's toolbar
# on a narrow column, and a PNG export named after its title.
_FIT_JS = r"""
const RV_K = 0.5;  // px per aspect unit per px of plot height (plotly's ortho fit)
const RV_TOOLBAR = 48;  // px kept clear above a narrow chart's title: the toolbar

function rvCameraAxes(eye) {
  // The camera's right and up directions (up is z), for an eye looking at the
  // scene's center.
  const n = Math.hypot(eye.x, eye.y, eye.z) || 1;
  const f = [-eye.x / n, -eye.y / n, -eye.z / n];
  const rn = Math.hypot(f[1], f[0]) || 1;
  const r = [f[1] / rn, -f[0] / rn, 0];
  const u = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2],
             r[0] * f[1] - r[1] * f[0]];
  return [r, u];
}

function rvExtent(ar, eye) {
  // The orthographic view of the aspect box: its extents along the camera's right
  // and up directions.
  const a = [ar.x, ar.y, ar.z];
  const ext = (v) => a.reduce((s, ai, i) => s + Math.abs(ai * v[i]), 0);
  return rvCameraAxes(eye).map(ext);
}

function rvDrawing(fig, sc) {
  // The drawing's own orthographic extents (every point of every trace, and the
  // labels' anchors), in the aspect box's units, and its middle's offset from the
  // box's middle, along the camera's right and up. The box holds the widest box's
  // depth (its sqrt C) everywhere, so fitting the box left the wrapped layer views
  // at half the frame's width at 1920 px. Null without explicit ranges.
  const names = ["xaxis", "yaxis", "zaxis"];
  const ranges = names.map((n) => (sc[n] || {}).range);
  if (ranges.some((r) => !r || !(r[1] > r[0]))) return null;
  const a = [sc.aspectratio.x, sc.aspectratio.y, sc.aspectratio.z];
  const [r, u] = rvCameraAxes(sc.camera.eye);
  const lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  const add = (p) => {
    const t = p.map((v, i) =>
      a[i] * ((v - ranges[i][0]) / (ranges[i][1] - ranges[i][0]) - 0.5));
    const pr = t[0] * r[0] + t[1] * r[1] + t[2] * r[2];
    const pu = t[0] * u[0] + t[1] * u[1] + t[2] * u[2];
    lo[0] = Math.min(lo[0], pr); hi[0] = Math.max(hi[0], pr);
    lo[1] = Math.min(lo[1], pu); hi[1] = Math.max(hi[1], pu);
  };
  for (const tr of fig.data || []) {
    const { x, y, z } = tr;
    if (!x || !y || !z || tr.visible === false) continue;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== null && y[i] !== null && z[i] !== null) add([x[i], y[i], z[i]]);
    }
  }
  for (const n of sc.annotations || []) add([n.x, n.y, n.z]);
  if (!(hi[0] > lo[0]) || !(hi[1] > lo[1])) return null;
  const mid = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2];
  // The middle as a point of the aspect box, in its units (rvPrepare turns it into
  // data units, one axis at a time, to widen the ranges about it).
  const middle = [0, 1, 2].map((i) => mid[0] * r[i] + mid[1] * u[i]);
  return { w: hi[0] - lo[0], h: hi[1] - lo[1], middle };
}

function rvFontScale() {
  return window.innerWidth >= 1800 ? 1.25 : 1;
}

function rvPlain(text) {
  return String(text || "").split("<br>")[0].replace(/<[^>]+>/g, "");
}

function rvPrepare(fig, width, key) {
  const layout = JSON.parse(JSON.stringify(fig.layout || {}));
  delete layout.width;
  layout.autosize = true;
  layout.height = layout.height || 450;
  if (layout.uirevision === undefined) layout.uirevision = key;
  const title = layout.title && layout.title.text;
  const m = Object.assign({ l: 0, r: 0, t: 40, b: 28 }, layout.margin || {});
  const narrow = width < 700;
  const fit = layout.meta && layout.meta.rv_fit;
  if (fit) {
    const k = rvFontScale();
    layout.font = Object.assign({}, layout.font);
    layout.font.size = Math.round((layout.font.size || 12) * k);
    const sc = layout.scene;
    for (const a of sc.annotations || []) {
      a.font = Object.assign({}, a.font);
      a.font.size = Math.round((a.font.size || 12) * k);
    }
  }
  if (title && narrow) {
    // One part of "a · b · c" a line, below the toolbar's band.
    const text = String(title).replace(/ · /g, "<br>");
    const lines = text.split("<br>").length;
    layout.title = Object.assign({}, layout.title, {
      text: text, y: 1, yref: "container", yanchor: "top",
      pad: { t: RV_TOOLBAR, b: 0, l: 0, r: 0 },
      font: Object.assign({}, (layout.title || {}).font, { size: 14 }),
    });
    m.t = Math.max(m.t, RV_TOOLBAR + 18 * lines + 8);
    layout.margin = m;
  }
  const sc = layout.scene;
  if (fit && sc && sc.aspectratio && sc.camera && sc.camera.eye) {
    // On a phone the box's extents, whose spare room the labels need there: fitted
    // to the drawing, the phone's frames came out shorter and hid more labels.
    const drawing = narrow ? null : rvDrawing(fig, sc);
    const [w, h] = drawing ? [drawing.w, drawing.h]
                           : rvExtent(sc.aspectratio, sc.camera.eye);
    if (drawing) {
      // The drawing's middle made the box's: each axis's range widened to be even
      // about it, and its aspect with it (the same units a data unit), so nothing
      // moves against anything else and nothing leaves a range (plotly hides
      // labels outside them). Not by moving the camera: a resize would then change
      // the view, which the scene applies over a few frames, after the labels
      // were measured.
      const names = ["xaxis", "yaxis", "zaxis"], keys = ["x", "y", "z"];
      names.forEach((n, i) => {
        const [lo, hi] = sc[n].range, span = hi - lo, a = sc.aspectratio[keys[i]];
        const mid = (lo + hi) / 2 + drawing.middle[i] * span / a;
        const half = Math.max(mid - lo, hi - mid);
        sc[n] = Object.assign({}, sc[n], { range: [mid - half, mid + half] });
        sc.aspectratio = Object.assign({}, sc.aspectratio,
                                       { [keys[i]]: a * 2 * half / span });
      });
    }
    // Room for the labels beyond their anchors (half a label's width at the row's
    // ends, a line under the lowest) around a drawing fitted tightly.
    const padX = drawing ? 36 : 8, padY = drawing ? 28 : 16;
    const avail = Math.max(width - m.l - m.r - 2 * padX, 80);
    const most = Math.max(
      180, Math.min(window.innerHeight * 0.8, 1.8 * layout.height) - m.t - m.b
    );
    // In steps of 40 px: a new height resizes the WebGL canvas, which costs a full
    // redraw, so a small change of the network keeps the frame it had.
    const want = Math.min(Math.max(avail * h / w + 2 * padY, 140), most);
    const plotH = Math.max(140, Math.min(most, 40 * Math.round(want / 40)));
    const z = Math.min(avail / (RV_K * w * plotH),
                       (plotH - 2 * padY) / (RV_K * h * plotH));
    sc.aspectratio = { x: sc.aspectratio.x * z, y: sc.aspectratio.y * z,
                       z: sc.aspectratio.z * z };
    layout.height = Math.round(plotH + m.t + m.b);
  }
  return layout;
}

function rvOverlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function rvBoxRects(div, frame) {
  // Each box's projected bounding rectangle, half a pixel in (a label may touch
  // its own box): its 8 corners (figures/scene.py's Mesh3d holds 8 consecutive
  // vertices per box) through the scene's camera, as plotly places scene
  // annotations (model, view, projection, then the scene's domain in the plot).
  const full = div._fullLayout;
  const sc = full && full.scene && full.scene._scene;
  const cam = sc && sc.glplot && sc.glplot.cameraParams;
  if (!cam || !sc.dataScale) return [];
  const size = full._size, dom = full.scene.domain;
  const mul = (m, v) => [0, 1, 2, 3].map(
    (r) => m[r] * v[0] + m[4 + r] * v[1] + m[8 + r] * v[2] + m[12 + r] * v[3]);
  const screen = (x, y, z) => {
    let v = [x * sc.dataScale[0], y * sc.dataScale[1], z * sc.dataScale[2], 1];
    v = mul(cam.projection, mul(cam.view, mul(cam.model, v)));
    return [frame.left + size.l + dom.x[0] * size.w
              + 0.5 * (1 + v[0] / v[3]) * size.w * (dom.x[1] - dom.x[0]),
            frame.top + size.t + (1 - dom.y[1]) * size.h
              + 0.5 * (1 - v[1] / v[3]) * size.h * (dom.y[1] - dom.y[0])];
  };
  const rects = [];
  for (const t of div._fullData || []) {
    if (t.type !== "mesh3d" || t.visible !== true || !t.x) continue;
    for (let n = 0; n + 8 <= t.x.length; n += 8) {
      const xs = [], ys = [];
      for (let c = n; c < n + 8; c++) {
        const [px, py] = screen(t.x[c], t.y[c], t.z[c]);
        xs.push(px);
        ys.push(py);
      }
      rects.push({ left: Math.min(...xs) + 0.5, right: Math.max(...xs) - 0.5,
                   top: Math.min(...ys) + 0.5, bottom: Math.max(...ys) - 0.5 });
    }
  }
  return rects;
}

function rvLayoutLabels(div) {
  // Measure every label of the scene, then place them one by one in their order.
  const notes = (div.layout.scene && div.layout.scene.annotations) || [];
  const base = div.__rvBaseNotes || [];
  const frame = div.getBoundingClientRect();
  const placed = [];
  for (const sel of [".g-gtitle", ".legend"]) {
    const el = div.querySelector(sel);
    if (el) placed.push(el.getBoundingClientRect());
  }
  // The boxes themselves: on a phone a label moved a line would land on one.
  const boxes = rvBoxRects(div, frame);
  placed.push(...boxes);
  const update = {};
  const leaders = [];
  let hidden = 0;
  const els = [...div.querySelectorAll("g.annotation-scene")];
  els.sort((a, b) => +a.dataset.index - +b.dataset.index);
  for (const el of els) {
    const i = +el.dataset.index;
    const text = el.querySelector("text");
    if (!text || !notes[i]) continue;
    const r = text.getBoundingClientRect();
    if (!r.width) continue;
    const b0 = base[i] || { xshift: 0, yshift: 0 };
    // Pulled inside the frame, sideways first.
    let dx = 0;
    if (r.left + dx < frame.left + 2) dx = frame.left + 2 - r.left;
    if (r.right + dx > frame.right - 2) dx = frame.right - 2 - r.right;
    const step = r.height + 2;
    // At most a few lines away: a label far from its box would name the wrong one.
    // A figure whose rows sit close (the Block zoo's) allows fewer (meta.rv_moves).
    const tries = (div.layout.meta && div.layout.meta.rv_moves) || [0, 1, -1, 2, 3];
    const box = { left: r.left + dx, right: r.right + dx,
                  top: r.top, bottom: r.bottom };
    const k = rvFreeLine(box, step, tries, frame, placed, leaders);
    let done = k !== null;
    if (done && (dx || k)) {
      update[`scene.annotations[${i}].xshift`] = (b0.xshift || 0) + dx;
      update[`scene.annotations[${i}].yshift`] = (b0.yshift || 0) - k * step;
    }
    if (!done && window.innerWidth < RV_PHONE_PX) {
      done = rvCondensed(div, i, text, r, dx, tries, frame, placed, update, leaders);
    }
    if (!done && leaders.length < RV_MAX_LEADERS) {
      const line = rvLeader(notes[i], b0, r, frame, placed, boxes, leaders);
      if (line) {
        update[`scene.annotations[${i}].xshift`] = (b0.xshift || 0) + line.dx;
        update[`scene.annotations[${i}].yshift`] = (b0.yshift || 0) - line.dy;
        leaders.push(line);
        done = true;
      }
    }
    if (!done) {
      update[`scene.annotations[${i}].visible`] = false;
      hidden += 1;
    }
  }
  div.dataset.rvHidden = String(hidden);
  div.__rvLabelMoves = update;  // what the image of the chart must do too
  div.__rvLaidView = rvView(div);  // the view these places were found for
  rvDrawLeaders(div, frame, leaders);
  if (!Object.keys(update).length) return Promise.resolve();
  return rvShiftLabels(div, update);
}

// A label with no free place beside its box goes to the nearest free place farther
// off, with a thin line to its box (a leader line), before it is left to hover: at
// 390 px the Block zoo's NASNet cell hid 17 of its 36 labels, the dense block 7 of 19,
// the other blocks one or two each. At most this many a figure: beyond that a figure
// is a web of lines.
const RV_MAX_LEADERS = 24;
const RV_GAP = 4;  // px between a leader's ends and what they join
const RV_REACH = 10;  // lines up or down, half label widths sideways

function rvNearest(rect, x, y) {
  // The point of ``rect`` nearest to (x, y).
  return [Math.min(Math.max(x, rect.left), rect.right),
          Math.min(Math.max(y, rect.top), rect.bottom)];
}

function rvCrosses(x0, y0, x1, y1, rect) {
  // Whether the segment (x0, y0)-(x1, y1) passes through ``rect`` (Liang-Barsky).
  let t0 = 0, t1 = 1;
  const dx = x1 - x0, dy = y1 - y0;
  const sides = [[-dx, x0 - rect.left], [dx, rect.right - x0],
                 [-dy, y0 - rect.top], [dy, rect.bottom - y0]];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

function rvSegmentsCross(a, b) {
  // Whether two leader lines ({x0, y0, x1, y1}) cross.
  const side = (p, q, x, y) => Math.sign((q[0] - p[0]) * (y - p[1])
                                         - (q[1] - p[1]) * (x - p[0]));
  const a0 = [a.x0, a.y0], a1 = [a.x1, a.y1], b0 = [b.x0, b.y0], b1 = [b.x1, b.y1];
  return side(a0, a1, ...b0) * side(a0, a1, ...b1) < 0
    && side(b0, b1, ...a0) * side(b0, b1, ...a1) < 0;
}

function rvPad(rect, x, y) {
  return { left: rect.left - x, right: rect.right + x,
           top: rect.top - y, bottom: rect.bottom + y };
}

function rvLeader(note, b0, r, frame, placed, boxes, leaders) {
  // Where the label measured at ``r`` goes, and its line: {dx, dy} from where it is
  // drawn now, and the line's ends {x0, y0, x1, y1} in the page's px (as ``r`` and
  // ``frame``; rvDrawLeaders makes them the frame's). Null: nowhere.
  const w = r.width, h = r.height;
  // The point the label is anchored to (plotly draws the label's xanchor/yanchor
  // side there, moved by its base shifts; yshift counts upwards).
  const xa = note.xanchor || "center", ya = note.yanchor || "middle";
  const px = (xa === "left" ? r.left : xa === "right" ? r.right
    : (r.left + r.right) / 2) - (b0.xshift || 0);
  const py = (ya === "top" ? r.top : ya === "bottom" ? r.bottom
    : (r.top + r.bottom) / 2) + (b0.yshift || 0);
  // The box it names: the one nearest that point.
  let target = null, best = Infinity;
  for (const b of boxes) {
    const [qx, qy] = rvNearest(b, px, py);
    const d = Math.hypot(qx - px, qy - py);
    if (d < best) { best = d; target = b; }
  }
  if (!target || best > 3 * h) return null;
  const cx = (target.left + target.right) / 2, cy = (target.top + target.bottom) / 2;
  // Candidate centres: beside the box (left, right), above and below it, a line at
  // a time further away, and sideways in steps of half the label's width; at most
  // RV_REACH of each, for a line much longer would be hard to follow.
  const step = h + 2;
  const xs = [target.left - RV_GAP * 3 - w / 2, target.right + RV_GAP * 3 + w / 2, cx];
  for (let j = 1; j <= RV_REACH; j++) xs.push(cx - j * w / 2, cx + j * w / 2);
  const ys = [cy];
  for (let k = 1; k <= RV_REACH; k++) ys.push(cy - k * step, cy + k * step);
  const cands = [];
  for (const x of xs) {
    for (const y of ys) cands.push([x, y, Math.hypot(x - cx, y - cy)]);
  }
  cands.sort((a, b) => a[2] - b[2]);
  // Kept a little clear of the other labels, so that two never read as one
  // ("56×56×4256×56×42"), and its line clear of every label and every other line.
  const labels = placed.filter((p) => !boxes.includes(p)).map((p) => rvPad(p, 3, 2));
  for (const [x, y] of cands) {
    const c = { left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2 };
    if (c.left < frame.left + 2 || c.right > frame.right - 2) continue;
    if (c.top < frame.top + 2 || c.bottom > frame.bottom - 2) continue;
    if (placed.some((p) => rvOverlap(c, p)) || labels.some((p) => rvOverlap(c, p))) {
      continue;
    }
    const [x1, y1] = rvNearest(target, x, y);
    const [x0, y0] = rvNearest(c, x1, y1);
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len < 2 * RV_GAP) continue;  // touching its box: the near tries had it
    const ux = (x1 - x0) / len, uy = (y1 - y0) / len;
    const line = {
      dx: c.left - r.left, dy: c.top - r.top,
      x0: x0 + ux * RV_GAP, y0: y0 + uy * RV_GAP,
      x1: x1 - ux * RV_GAP, y1: y1 - uy * RV_GAP,
    };
    if (labels.some((p) => rvCrosses(line.x0, line.y0, line.x1, line.y1, p))) continue;
    if (leaders.some((l) => rvSegmentsCross(l, line))) continue;
    // A line already drawn must not pass through the label either.
    if (leaders.some((l) => rvCrosses(l.x0, l.y0, l.x1, l.y1, rvPad(c, 2, 1)))) {
      continue;
    }
    placed.push(c);
    return line;
  }
  return null;
}

const RV_LEADER = { color: "#555", width: 1 };  // a leader line's stroke, px

function rvDrawLeaders(div, frame, leaders) {
  // The leader lines, in an SVG of the chart's size over the scene (it takes no
  // pointer events, so hover and turning work through it), drawn anew each lay-out.
  div.__rvLeaderLines = leaders.length ? { frame, leaders } : null;  // for an image
  let svg = div.querySelector("svg.rv-leaders");
  if (!leaders.length) {
    if (svg) svg.remove();
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  if (!svg) {
    svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "rv-leaders");
    svg.style.cssText = "position:absolute;left:0;top:0;pointer-events:none;"
      + "overflow:visible;z-index:1";
    div.appendChild(svg);
  }
  svg.setAttribute("width", String(frame.width));
  svg.setAttribute("height", String(frame.height));
  svg.replaceChildren(...leaders.map((l) => {
    const line = document.createElementNS(ns, "line");
    const ends = { x1: l.x0 - frame.left, y1: l.y0 - frame.top,
                   x2: l.x1 - frame.left, y2: l.y1 - frame.top };
    for (const [k, v] of Object.entries(ends)) line.setAttribute(k, v.toFixed(1));
    line.setAttribute("stroke", RV_LEADER.color);
    line.setAttribute("stroke-width", String(RV_LEADER.width));
    return line;
  }));
}

// On a phone a label with no free place is tried smaller, down to RV_PHONE_MIN_PX,
// before it is left to hover: at 390 px the Block zoo's Inception module hid three
// labels, and now hides one.
const RV_PHONE_PX = 600;
const RV_PHONE_MIN_PX = 10;

function rvFreeLine(box, step, tries, frame, placed, leaders = []) {
  // The first of ``tries`` (lines of ``step`` px down) that puts ``box`` inside the
  // frame's height and clear of everything placed and of the leader lines drawn:
  // it is placed there. Null: none.
  for (const k of tries) {
    const c = { left: box.left, right: box.right,
                top: box.top + k * step, bottom: box.bottom + k * step };
    if (c.top < frame.top + 2 || c.bottom > frame.bottom - 2) continue;
    if (placed.some((p) => rvOverlap(c, p))) continue;
    if (leaders.some((l) => rvCrosses(l.x0, l.y0, l.x1, l.y1, c))) continue;
    placed.push(c);
    return k;
  }
  return null;
}

function rvCondensed(div, i, text, r, dx, tries, frame, placed, update, leaders) {
  const note = div.layout.scene.annotations[i];
  const px = parseFloat(getComputedStyle(text).fontSize);
  if (!px) return false;
  for (const f of [0.85, 0.72]) {
    if (px * f < RV_PHONE_MIN_PX) break;
    const w = r.width * f;
    const h = r.height * f;
    // The label shrinks towards its anchor: plotly keeps that point in place.
    const xa = note.xanchor || "center";
    const ya = note.yanchor || "middle";
    const left = xa === "left" ? r.left : xa === "right" ? r.right - w
      : (r.left + r.right - w) / 2;
    const top = ya === "top" ? r.top : ya === "bottom" ? r.bottom - h
      : (r.top + r.bottom - h) / 2;
    // Inside the full-size label's box, which dx already keeps inside the frame.
    const box = { left: left + dx, right: left + dx + w, top, bottom: top + h };
    const k = rvFreeLine(box, h + 2, tries, frame, placed, leaders);
    if (k === null) continue;
    const b0 = (div.__rvBaseNotes || [])[i] || {};
    (div.__rvCondensed = div.__rvCondensed || {})[i] = px;
    update[`scene.annotations[${i}].font.size`] = px * f;
    update[`scene.annotations[${i}].xshift`] = (b0.xshift || 0) + dx;
    update[`scene.annotations[${i}].yshift`] = (b0.yshift || 0) - k * (h + 2);
    return true;
  }
  return false;
}

function rvShiftLabels(div, update) {
  // Write the labels' shifts and visibility into the scene's full layout and draw
  // just its annotations again. The scene draws them from there on every render
  // (hover included), so they stay put; a Plotly.relayout of scene annotations
  // would recalculate and redraw the whole 3D scene, which doubled the time from a
  // control change to a finished chart. Where plotly's internals are not as
  // expected, relayout still does it.
  const full = div._fullLayout;
  const scene = full && full.scene && full.scene._scene;
  const anns = scene && scene.fullSceneLayout && scene.fullSceneLayout.annotations;
  if (!anns || typeof scene.drawAnnotations !== "function") {
    div.__rvOwn = true;
    return window.Plotly.relayout(div, update).finally(() => { div.__rvOwn = false; });
  }
  rvApplyMoves(anns, update);
  scene.drawAnnotations(scene);
  return Promise.resolve();
}

function rvApplyMoves(notes, update) {
  // Write a lay-out's update ({"scene.annotations[i].xshift": px, ...: shifts,
  // visibility and font sizes) into a list of scene annotations.
  for (const [key, value] of Object.entries(update)) {
    const m = /^scene\.annotations\[(\d+)\]\.(xshift|yshift|visible|font\.size)$/
      .exec(key);
    const note = m && notes[+m[1]];
    if (!note) continue;
    if (m[2] === "font.size") note.font = { ...(note.font || {}), size: value };
    else note[m[2]] = value;
  }
}

function rvView(div) {
  const sc = div._fullLayout && div._fullLayout.scene && div._fullLayout.scene._scene;
  const cam = sc && sc.glplot && sc.glplot.cameraParams;
  return cam ? Array.from(cam.view).join() : "";
}

function rvCameraSettled(div) {
  // After a turn of the camera the scene applies it over a few frames (measured:
  // still the old view 200 ms after plotly_relayout): wait until the view has
  // stopped changing for two frames, or at most 90 frames, before measuring.
  return new Promise((done) => {
    let last = rvView(div), still = 0, n = 0;
    const tick = () => {
      const now = rvView(div);
      still = now === last && now !== div.__rvLaidView ? still + 1 : 0;
      last = now;
      if (still >= 2 || ++n >= 90) done();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function rvResetLabels(div) {
  const base = div.__rvBaseNotes || [];
  const update = {};
  base.forEach((b, i) => {
    update[`scene.annotations[${i}].xshift`] = b.xshift || 0;
    update[`scene.annotations[${i}].yshift`] = b.yshift || 0;
    update[`scene.annotations[${i}].visible`] = true;
  });
  for (const [i, px] of Object.entries(div.__rvCondensed || {})) {
    update[`scene.annotations[${i}].font.size`] = px;
  }
  div.__rvCondensed = {};
  div.__rvLabelMoves = {};
  rvDrawLeaders(div, null, []);
  return rvShiftLabels(div, update);
}

function rvImageFigure(div) {
  // The chart as it is on the screen, for its PNG: plotly's own image draws
  // div.layout at 700 px wide, where the lay-out's moves do not apply (a
  // crowded figure came out with its labels on top of each other). This one has
  // the chart's size and camera, every label where the lay-out put it (moved,
  // smaller or hidden), and the leader lines as lines on the paper.
  const full = div._fullLayout;
  const layout = JSON.parse(JSON.stringify(div.layout));
  layout.width = full.width;
  layout.height = full.height;
  const scene = full.scene && full.scene._scene;
  if (scene && typeof scene.getCamera === "function") {
    layout.scene = { ...(layout.scene || {}), camera: scene.getCamera() };
  }
  rvApplyMoves((layout.scene && layout.scene.annotations) || [],
               div.__rvLabelMoves || {});
  const drawn = div.__rvLeaderLines;
  if (drawn) {
    // Page pixels to paper coordinates: the plot area inside the margins.
    const s = full._size;
    const x = (px) => (px - drawn.frame.left - s.l) / s.w;
    const y = (py) => 1 - (py - drawn.frame.top - s.t) / s.h;
    layout.shapes = [...(layout.shapes || []), ...drawn.leaders.map((l) => ({
      type: "line", xref: "paper", yref: "paper", layer: "above",
      x0: x(l.x0), y0: y(l.y0), x1: x(l.x1), y1: y(l.y1),
      line: { ...RV_LEADER },
    }))];
  }
  return { data: div.data, layout };
}

function rvDownloadImage(div) {
  const options = div._context.toImageButtonOptions || {};
  const fig = rvImageFigure(div);
  return window.Plotly.downloadImage(fig, {
    format: "png", filename: options.filename || "figure", scale: options.scale || 2,
    width: fig.layout.width, height: fig.layout.height,
  });
}

// The toolbar's camera button for a laid-out chart: the same icon and words as
// plotly's own (which it replaces), drawing rvImageFigure. One object for every
// draw, so Plotly.react sees the same config and keeps the scene.
let RV_IMAGE_BUTTON = null;
function rvImageButton(locale) {
  const words = (RV_LOCALES[locale] || {}).dictionary || {};
  const title = words["Download plot as a PNG"] || "Download plot as a PNG";
  if (!RV_IMAGE_BUTTON || RV_IMAGE_BUTTON.title !== title) {
    RV_IMAGE_BUTTON = { name: "rv-image", title, icon: window.Plotly.Icons.camera,
                        click: rvDownloadImage };
  }
  return RV_IMAGE_BUTTON;
}
"""

# Runs in the page. The first call creates the chart's div; later calls (new data,
# same key) hand the new figure to Plotly.react, one update at a time.
_JS = (
    _LOAD_PLOTLY
    + _locale_modules()
    + _FIT_JS
    + """
export default function (component) {
  const { data, parentElement } = component;
  let div = parentElement.querySelector("div.rv-plot");
  if (!div) {
    div = document.createElement("div");
    div.className = "rv-plot";
    div.style.width = "100%";
    div.style.position = "relative";  // the leader lines' SVG is placed in it
    parentElement.appendChild(div);
  }
  const fig = JSON.parse(data.spec);
  // A trace keeps its id from one figure to the next (its type and name, and its
  // place among those): Plotly.react then updates a 3D scene's WebGL objects in place
  // instead of building new ones, whose shaders cost most of a control change's
  // drawing time (software WebGL compiled them anew on every change).
  // plotly puts the id in CSS class names: letters, digits and "-" only.
  const seen = {};
  for (const tr of fig.data || []) {
    if (tr.uid) continue;
    const name = (tr.type || "scatter") + ":" + (tr.legendgroup || tr.name || "");
    let h = 5381;
    for (const ch of name) h = (h * 33 + ch.codePointAt(0)) >>> 0;
    seen[name] = (seen[name] || 0) + 1;
    tr.uid = "rv" + h.toString(36) + "-" + seen[name];
  }
  div.dataset.rvLaidOut = "0";  // a new figure: not laid out until drawn
  const filename = rvPlain((fig.layout.title || {}).text)
    .replace(/[\\\\/:*?"<>|·()（）,]+/g, " ").trim().replace(/\\s+/g, "_")
    || "figure";
  // Plotly.react draws a chart from scratch (a 3D scene's WebGL objects and their
  // shaders included) whenever its config differs from the last one: the config
  // keeps the file name the chart has, and the new name is set after the update.
  const shown = div._context && div._context.toImageButtonOptions;
  const config = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"],
    toImageButtonOptions: { filename: shown ? shown.filename : filename, scale: 2 },
  };
  if (data.locale) config.locale = data.locale;
  const fit = !!(fig.layout && fig.layout.meta && fig.layout.meta.rv_fit);
  const draw = () => {
    div.dataset.rvLaidOut = "0";
    div.__rvLabelMoves = {};
    if (fit && !config.modeBarButtonsToAdd) {
      // Laid-out labels: the camera button draws the chart as it is on the screen
      // (set here: the button's icon is plotly's, loaded by now).
      config.modeBarButtonsToRemove.push("toImage");
      config.modeBarButtonsToAdd = [rvImageButton(data.locale)];
    }
    const width = div.clientWidth || parentElement.clientWidth || 700;
    const layout = rvPrepare(fig, width, data.key);
    div.style.height = layout.height + "px";
    div.__rvWidth = width;
    div.__rvCondensed = {};  // a new figure brings its own label sizes
    rvDrawLeaders(div, null, []);  // and its own leader lines
    div.__rvBaseNotes = ((layout.scene || {}).annotations || []).map((a) => ({
      xshift: a.xshift || 0, yshift: a.yshift || 0,
    }));
    // The scene places its annotations when it renders, a frame or two after
    // Plotly.react resolves: measure them only then.
    const frames = () => new Promise((r) =>
      requestAnimationFrame(() => requestAnimationFrame(r)));
    return window.Plotly.react(div, fig.data || [], layout, config)
      .then(() => { div._context.toImageButtonOptions.filename = filename; })
      .then(() => (fit ? frames().then(() => rvLayoutLabels(div)) : null))
      .then(() => { div.dataset.rvLaidOut = "1"; });
  };
  div.__rvDraw = draw;
  div.__rvQueue = (div.__rvQueue || Promise.resolve())
    .then(() => loadPlotly(data.src))
    .then(() => registerLocale(data.locale))
    .then(draw)
    .catch((err) => {
      div.textContent = "The chart could not be drawn: " + err;
    });
  if (!div.__rvWatch) {
    div.__rvWatch = true;
    let timer = null;
    const again = (fn) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        div.__rvQueue = div.__rvQueue.then(fn).catch(() => {});
      }, 200);
    };
    new ResizeObserver(() => {
      const w = div.clientWidth;
      const moved = w && div.__rvWidth && Math.abs(w - div.__rvWidth) > 4;
      if (moved) {
        div.dataset.rvLaidOut = "0";  // stale until drawn again at the new width
        again(() => div.__rvDraw());
      }
    }).observe(parentElement);
    div.__rvOnRelayout = (ev) => {
      if (div.__rvOwn || !ev || !div.__rvFit) return;
      if (!Object.keys(ev).some((k) => k.startsWith("scene.camera"))) return;
      div.dataset.rvLaidOut = "0";  // stale until laid out for the new view
      again(() => rvCameraSettled(div)
        .then(() => rvResetLabels(div)).then(() => rvLayoutLabels(div))
        .finally(() => { div.dataset.rvLaidOut = "1"; }));
    };
  }
  div.__rvFit = fit;
  div.__rvQueue = div.__rvQueue.then(() => {
    if (div.on && !div.__rvHooked) {
      div.on("plotly_relayout", div.__rvOnRelayout);
      // While the camera turns the labels move with it; their lines would not.
      div.on("plotly_relayouting", () => rvDrawLeaders(div, null, []));
      div.__rvHooked = true;
    }
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
    folder (e.g. "app/static/plotly-7.1.0.min.js"), copying the bundle and its
    gzipped twin there the first time; None when static serving is off or the copy
    cannot be made."""
    src = static_copy(plotly_bundle(), f"plotly-{plotly.__version__}.min.js")
    if src is not None:
        write_gzipped(STATIC_DIR / src.removeprefix("app/static/"))
    return src


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
