"""The walkthrough page's widget callbacks, with everything they need as arguments,
and its step's sync with the URL (?step=, through url_sync).

They live here, not in the page script, on purpose: Streamlit keeps each session's
last widget callbacks (and format functions) until the session ends, plus two
minutes after its tab closes, and a function defined in a page script holds that
script's whole namespace: the trace, its steps and every table the run made. A
module function bound to a few plain values keeps only those values.
"""

from __future__ import annotations

import streamlit as st

from resnet_viz.ui.url_sync import Part, UrlSync
from resnet_viz.walkthrough import clamp_step, is_right_answer, parse_shape_answer

# ?step= (counting from 1), remembered as this session last wrote it.
_STEP_URL = UrlSync("_wt_url", "step".__eq__)


def step_from_url(n: int) -> tuple[int, str | None]:
    """The step to show of ``n``: from ``?step=`` on a link or Back/Forward, else the
    one this session was on (clamped, as the trace may have fewer steps now).

    Returns:
        The step index, and the raw ``step`` value when it was no number (step 1 is
        shown), else None.
    """
    ss = st.session_state
    bad_step = None

    def load(url: Part) -> None:
        nonlocal bad_step
        raw = url.get("step")
        if raw is None:  # a first visit without ?step=: the session's step stays
            return
        try:
            ss["wt_step"] = clamp_step(int(raw) - 1, n)
        except ValueError:
            bad_step = raw
            ss["wt_step"] = 0

    _STEP_URL.read(load)
    ss["wt_step"] = clamp_step(int(ss.get("wt_step", 0)), n)
    return ss["wt_step"], bad_step


def write_step(index: int) -> None:
    """Put step ``index`` into the URL (as ``?step=``, counting from 1)."""
    _STEP_URL.write({"step": str(index + 1)})


def go(target: int, n: int) -> None:
    """Move to step ``target`` of ``n`` (clamped); a new step, a new prediction."""
    ss = st.session_state
    ss["wt_step"] = clamp_step(target, n)
    ss["wt_guess"] = ""


def from_slider(n: int) -> None:
    """The step slider moved (it counts from 1)."""
    ss = st.session_state
    ss["wt_step"] = clamp_step(int(ss["wt_slider"]) - 1, n)


def from_jump(starts: dict[str, int]) -> None:
    """The jump box picked a stage: go to its first step."""
    ss = st.session_state
    ss["wt_step"] = starts[ss["wt_jump"]]


def check(step_index: int, out_shape: tuple[int, ...], view_label: str) -> None:
    """Score the student's prediction of step ``step_index``'s output shape."""
    ss = st.session_state
    answer = parse_shape_answer(str(ss.get("wt_guess", "")))
    if answer is None:
        ss["wt_feedback"] = (step_index, "info", "wp.not_numeric", {})
        return
    score = ss.setdefault("wt_score", {"right": 0, "tried": 0})
    score["tried"] += 1
    if is_right_answer(answer, out_shape):
        score["right"] += 1
        reveal(step_index, view_label)
        ss["wt_feedback"] = (step_index, "success", "wp.right", {})
    else:
        said = "×".join(str(v) for v in answer)
        ss["wt_feedback"] = (step_index, "error", "wp.wrong", {"answer": said})


def reveal(step_index: int, view_label: str) -> None:
    """Show step ``step_index`` of the network ``view_label`` in practice mode."""
    revealed = st.session_state.setdefault("wt_revealed", [])
    key = f"{view_label}|{step_index}"
    if key not in revealed:
        revealed.append(key)
