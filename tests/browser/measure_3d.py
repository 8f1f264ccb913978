"""Measuring plotly's 3D scenes in the page: the labels (SVG scene annotations) and
the frames they sit in, read with getBoundingClientRect.

Shared by the volume viewport tests; nothing here asserts, it only measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Every chart with a 3D scene: its frame, its column, and each label drawn in it.
_MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(d => d._fullLayout && d._fullLayout.scene)
  .map(d => {
    const frame = d.getBoundingClientRect();
    const box = d.closest('[data-testid="stVerticalBlock"]') || d.parentElement;
    const column = box.getBoundingClientRect();
    const labels = [...d.querySelectorAll('g.annotation-scene text')]
      .map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, right: r.right, top: r.top,
                bottom: r.bottom,
                size: parseFloat(getComputedStyle(t).fontSize)};
      })
      .filter(l => l.right > l.left && l.text.trim());
    // Each box's projected bounding rectangle: its 8 corners (figures/scene.py's
    // Mesh3d holds 8 consecutive vertices per box) through the scene's camera as
    // plotly places scene annotations (annotations3d: model, view, projection,
    // then the scene's domain in the plot area).
    const sc = d._fullLayout.scene._scene;
    const size = d._fullLayout._size, dom = d._fullLayout.scene.domain;
    const cam = sc && sc.glplot && sc.glplot.cameraParams;
    const mul = (m, v) => [0, 1, 2, 3].map(
        r => m[r] * v[0] + m[4 + r] * v[1] + m[8 + r] * v[2] + m[12 + r] * v[3]);
    const screen = (x, y, z) => {
      let v = [x * sc.dataScale[0], y * sc.dataScale[1], z * sc.dataScale[2], 1];
      v = mul(cam.projection, mul(cam.view, mul(cam.model, v)));
      return [frame.left + size.l + dom.x[0] * size.w
                + 0.5 * (1 + v[0] / v[3]) * size.w * (dom.x[1] - dom.x[0]),
              frame.top + size.t + (1 - dom.y[1]) * size.h
                + 0.5 * (1 - v[1] / v[3]) * size.h * (dom.y[1] - dom.y[0])];
    };
    const boxes = [];
    for (const t of (cam ? d._fullData : [])) {
      if (t.type !== 'mesh3d' || t.visible !== true) continue;
      for (let n = 0; n + 8 <= t.x.length; n += 8) {
        const pts = [];
        for (let c = n; c < n + 8; c++) pts.push(screen(t.x[c], t.y[c], t.z[c]));
        boxes.push({left: Math.min(...pts.map(q => q[0])),
                    right: Math.max(...pts.map(q => q[0])),
                    top: Math.min(...pts.map(q => q[1])),
                    bottom: Math.max(...pts.map(q => q[1])),
                    name: t.name});
      }
    }
    const title = d.querySelector('.g-gtitle');
    const bar = d.querySelector('.modebar-container .modebar');
    const r = (el) => {
      if (!el) return null;
      const b = el.getBoundingClientRect();
      return b.width ? {left: b.left, right: b.right, top: b.top, bottom: b.bottom}
                     : null;
    };
    // Leader lines (ui/plot.py's rvDrawLeaders): each line's ends in the page.
    const lines = [...d.querySelectorAll('svg.rv-leaders line')].map(l => {
      const at = (k) => +l.getAttribute(k);
      return {x0: frame.left + at('x1'), y0: frame.top + at('y1'),
              x1: frame.left + at('x2'), y1: frame.top + at('y2')};
    });
    return {
      title: (d._fullLayout.title || {}).text || '',
      frame: {left: frame.left, right: frame.right, top: frame.top,
              bottom: frame.bottom},
      column: {left: column.left, right: column.right},
      labels, boxes, title_box: r(title), toolbar: r(bar),
      hidden: +(d.dataset.rvHidden || 0), leaders: lines,
    };
  })"""

_LAID_OUT = """() => {
  const charts = [...document.querySelectorAll('div.rv-plot')]
    .filter(d => d._fullLayout && d._fullLayout.scene);
  return charts.length > 0 && charts.every(d => d.dataset.rvLaidOut === '1');
}"""


@dataclass(frozen=True)
class Chart:
    """One 3D chart as drawn: its title, frame, column and labels (rects in px)."""

    title: str
    frame: dict[str, float]
    column: dict[str, float]
    labels: list[dict[str, Any]]
    boxes: list[dict[str, Any]]
    title_box: dict[str, float] | None
    toolbar: dict[str, float] | None
    hidden: int
    leaders: list[dict[str, float]]

    @property
    def fill(self) -> float:
        """The frame's width over its column's width."""
        return (self.frame["right"] - self.frame["left"]) / max(
            1.0, self.column["right"] - self.column["left"]
        )

    @property
    def label_span(self) -> float:
        """How much of the frame's width the labels span (from the input's label to
        the head's): a proxy for how much of the frame the drawing fills."""
        if not self.labels:
            return 0.0
        left = min(lab["left"] for lab in self.labels)
        right = max(lab["right"] for lab in self.labels)
        return (right - left) / max(1.0, self.frame["right"] - self.frame["left"])

    @property
    def drawing_fill(self) -> float:
        """How far the drawing (the union of its boxes' projected rectangles) reaches
        across its frame, in the direction that limits it: the larger of its width
        over the frame's and its height over the frame's."""
        if not self.boxes:
            return 0.0
        boxes = self.boxes
        width = max(b["right"] for b in boxes) - min(b["left"] for b in boxes)
        height = max(b["bottom"] for b in boxes) - min(b["top"] for b in boxes)
        return max(
            width / max(1.0, self.frame["right"] - self.frame["left"]),
            height / max(1.0, self.frame["bottom"] - self.frame["top"]),
        )

    @property
    def smallest_font(self) -> float:
        return min((lab["size"] for lab in self.labels), default=0.0)

    def overlaps(self) -> list[tuple[str, str]]:
        """Pairs of labels whose boxes overlap (by more than half a pixel)."""
        out = []
        labs = self.labels
        for i, a in enumerate(labs):
            for b in labs[i + 1 :]:
                if (
                    min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
                    and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
                ):
                    out.append((a["text"], b["text"]))
        return out

    def on_boxes(self, slack: float = 0.5) -> list[tuple[str, str]]:
        """(label, box's trace name) for each label whose box overlaps a box's
        projected bounding rectangle (by more than ``slack`` px both ways)."""
        return [
            (lab["text"], box["name"])
            for lab in self.labels
            for box in self.boxes
            if min(lab["right"], box["right"]) - max(lab["left"], box["left"]) > slack
            and min(lab["bottom"], box["bottom"]) - max(lab["top"], box["top"]) > slack
        ]

    def leader_faults(self, reach: float = 6.0) -> list[str]:
        """What is wrong with the leader lines, in words (empty: nothing): each must
        join a label to a box (its ends within ``reach`` px of one of each), pass
        through no label, and cross no other line."""
        out = []
        for n, ln in enumerate(self.leaders):
            ends = ((ln["x0"], ln["y0"]), (ln["x1"], ln["y1"]))
            near_label = [
                any(_gap(lab, *e) <= reach for lab in self.labels) for e in ends
            ]
            near_box = [any(_gap(box, *e) <= reach for box in self.boxes) for e in ends]
            if not ((near_label[0] and near_box[1]) or (near_label[1] and near_box[0])):
                out.append(f"line {n} joins no label to a box")
            through = [lab["text"] for lab in self.labels if _crosses(ln, lab)]
            if through:
                out.append(f"line {n} passes through {through}")
            for m, other in enumerate(self.leaders[n + 1 :], n + 1):
                if _segments_cross(ln, other):
                    out.append(f"lines {n} and {m} cross")
        return out

    def cut(self) -> list[str]:
        """Labels that reach past the frame's edge (by more than a pixel)."""
        f = self.frame
        return [
            lab["text"]
            for lab in self.labels
            if lab["left"] < f["left"] - 1
            or lab["right"] > f["right"] + 1
            or lab["top"] < f["top"] - 1
            or lab["bottom"] > f["bottom"] + 1
        ]

    def title_under_toolbar(self) -> bool:
        """Whether the title and plotly's toolbar overlap."""
        a, b = self.title_box, self.toolbar
        if not a or not b:
            return False
        return min(a["right"], b["right"]) > max(a["left"], b["left"]) and min(
            a["bottom"], b["bottom"]
        ) > max(a["top"], b["top"])


def _gap(rect: dict[str, Any], x: float, y: float) -> float:
    """How far (x, y) lies from ``rect`` (0 inside it)."""
    dx = max(rect["left"] - x, 0.0, x - rect["right"])
    dy = max(rect["top"] - y, 0.0, y - rect["bottom"])
    return float((dx * dx + dy * dy) ** 0.5)


def _crosses(ln: dict[str, float], rect: dict[str, Any], inset: float = 1.0) -> bool:
    """Whether the segment ``ln`` passes through ``rect`` shrunk by ``inset`` px
    (sampled every half pixel: a measure, independent of the page's own test)."""
    steps = max(
        2, int(2 * ((ln["x1"] - ln["x0"]) ** 2 + (ln["y1"] - ln["y0"]) ** 2) ** 0.5)
    )
    for k in range(steps + 1):
        x = ln["x0"] + (ln["x1"] - ln["x0"]) * k / steps
        y = ln["y0"] + (ln["y1"] - ln["y0"]) * k / steps
        if (
            rect["left"] + inset < x < rect["right"] - inset
            and rect["top"] + inset < y < rect["bottom"] - inset
        ):
            return True
    return False


def _segments_cross(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two segments cross properly (touching ends do not count)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (v > 1e-9) - (v < -1e-9)

    a0, a1 = (a["x0"], a["y0"]), (a["x1"], a["y1"])
    b0, b1 = (b["x0"], b["y0"]), (b["x1"], b["y1"])
    return (
        side(a0, a1, b0) * side(a0, a1, b1) < 0
        and side(b0, b1, a0) * side(b0, b1, a1) < 0
    )


def wait_laid_out(page: Any, timeout_ms: int = 30_000) -> None:
    """Wait until every 3D chart on the page has been drawn and its labels laid out
    (ui/plot.py sets data-rv-laid-out), then a moment for the paint."""
    page.wait_for_function(_LAID_OUT, timeout=timeout_ms)
    page.wait_for_timeout(150)


def charts_3d(page: Any) -> list[Chart]:
    """Every chart with a 3D scene on the page, measured."""
    return [Chart(**c) for c in page.evaluate(_MEASURE)]


def page_overflow(page: Any) -> float:
    """How far the page is wider than the window, in px (0 when it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
