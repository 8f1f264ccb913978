"""Move the text of 3D traces into scene annotations before a figure is drawn.

Plotly draws the text of a Scatter3d trace as WebGL geometry: every glyph is turned
into triangles on the CPU, and redrawn with the scene. In Chromium with software
WebGL that made a resnet18 stage view take ~1.4 s to appear instead of ~0.55 s, and
every update ~0.2 s longer (bench/README.md). Scene annotations are plain SVG text
that plotly pins to the same 3D points: they cost almost nothing, stay crisp at any
zoom, and use the page's fonts (Chinese included).

Works on the figure's plain dict (``fig.to_dict()``), so figures stay built the usual
way with text traces, and the numbers in them are untouched.
"""

from __future__ import annotations

from typing import Any

# Where the text sits relative to its point -> the annotation's anchors.
_Y_ANCHOR = {"top": "bottom", "middle": "middle", "bottom": "top"}
_X_ANCHOR = {"left": "right", "center": "center", "right": "left"}
# A small gap between a point (or a marker) and its text, in px.
_GAP = 4


def _pick(value: Any, i: int) -> Any:
    """Per-point value of a plotly attribute given as a scalar or an array."""
    return value[i] if isinstance(value, list | tuple) else value


def _anchors(position: str) -> tuple[str, str, int, int]:
    """xanchor, yanchor, xshift, yshift for a plotly textposition like 'top center'."""
    vertical, _, horizontal = (position or "middle center").partition(" ")
    xanchor = _X_ANCHOR.get(horizontal or "center", "center")
    yanchor = _Y_ANCHOR.get(vertical, "middle")
    xshift = {"left": -_GAP, "right": _GAP}.get(horizontal, 0)
    yshift = {"top": _GAP, "bottom": -_GAP}.get(vertical, 0)
    return xanchor, yanchor, xshift, yshift


def text_to_annotations(fig: dict[str, Any]) -> dict[str, Any]:
    """Return ``fig`` (a plotly figure dict) with the text of every Scatter3d trace
    moved into its scene's annotations.

    A trace that only showed text is removed; one that also drew markers or lines
    keeps them. Other traces, 2D figures and the input dict are left unchanged.
    """
    data = fig.get("data", [])
    if not any(
        t.get("type") == "scatter3d" and "text" in (t.get("mode") or "") for t in data
    ):
        return fig
    layout = dict(fig.get("layout", {}))
    kept = []
    for trace in data:
        mode = trace.get("mode") or ""
        if trace.get("type") != "scatter3d" or "text" not in mode:
            kept.append(trace)
            continue
        scene_key = trace.get("scene", "scene")
        scene = dict(layout.get(scene_key, {}))
        notes = list(scene.get("annotations", []))
        font = trace.get("textfont", {}) or {}
        texts = trace.get("text") or []
        for i, text in enumerate(texts if isinstance(texts, list | tuple) else []):
            if text is None or text == "":
                continue
            xanchor, yanchor, xshift, yshift = _anchors(
                _pick(trace.get("textposition", "top center"), i)  # plotly's default
            )
            note_font = {
                k: _pick(font[k], i) for k in ("size", "color", "family") if k in font
            }
            notes.append(
                {
                    "x": trace["x"][i],
                    "y": trace["y"][i],
                    "z": trace["z"][i],
                    "text": str(text),
                    "showarrow": False,
                    "xanchor": xanchor,
                    "yanchor": yanchor,
                    "xshift": xshift,
                    "yshift": yshift,
                    "font": note_font,
                }
            )
        scene["annotations"] = notes
        layout[scene_key] = scene
        rest = "+".join(m for m in mode.split("+") if m != "text")
        if rest and rest != "none":
            kept.append({**trace, "mode": rest})
    return {**fig, "data": kept, "layout": layout}
