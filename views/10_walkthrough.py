"""Walkthrough: the tensor's journey one operation at a time, for a class or a
projector; the step lives in the URL (?step=12) and the student can predict shapes."""

from functools import partial

import streamlit as st

from resnet_viz.figures.walkthrough import walkthrough_figure
from resnet_viz.formats import human
from resnet_viz.i18n import stage_label, t
from resnet_viz.text import tensor_text
from resnet_viz.ui import lesson
from resnet_viz.ui.cache import cached_trace
from resnet_viz.ui.controls import current_lang, current_view, md_escape
from resnet_viz.ui.plot import show_figure
from resnet_viz.walkthrough import (
    next_stage_index,
    practice_hint,
    stage_starts,
    step_explanation,
    step_title,
    walkthrough_steps,
)

# A constant, never user text: bigger type and no sidebar for a projector. The key
# shapes (the input and output metrics) get the largest type; Streamlit sizes a
# metric's inner elements itself, so the rules reach them (app.py's rule makes the
# labels wrap instead of ending in "…").
_PRESENTATION_CSS = """<style>
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.6rem; }
[data-testid="stMain"] h1 { font-size: 3.2rem; }
[data-testid="stMain"] h3 { font-size: 2.2rem; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] * {
  font-size: 2.6rem; line-height: 1.2; }
[data-testid="stMain"] .st-key-wt_key_shapes [data-testid="stMetricValue"],
[data-testid="stMain"] .st-key-wt_key_shapes [data-testid="stMetricValue"] * {
  font-size: 3.4rem; }
[data-testid="stMain"] [data-testid="stMetricLabel"],
[data-testid="stMain"] [data-testid="stMetricLabel"] * {
  font-size: 1.3rem; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
</style>"""
# Presentation mode's chart: every text of the figure at 22 px, and taller.
_PRESENT_FIGURE = {"text_px": 22, "height_px": 520}

view = current_view()
lang = current_lang()
trace = cached_trace(view)
steps = walkthrough_steps(trace)
n = len(steps)
ss = st.session_state

# --- the step: from the URL on a link or Back/Forward, else from this session
idx, bad_step = lesson.step_from_url(n)
step = steps[idx]
lesson.write_step(idx)

present = bool(ss.get("wt_present", False))
if present:
    st.html(_PRESENTATION_CSS)

st.title(t("page.walkthrough", lang))
st.caption(t("wp.caption", lang, label=view.label_in(lang)))

# --- navigation -------------------------------------------------------------------
b1, b2, b3, b4 = st.columns([1, 1, 1, 3])
# (column, label, key, target step, disabled, icon, button type)
_NAV = (
    (b1, "wp.prev", "wt_prev", idx - 1, idx == 0, "arrow_back", "secondary"),
    (b2, "wp.next", "wt_next", idx + 1, idx == n - 1, "arrow_forward", "primary"),
    (
        b3,
        "wp.next_stage",
        "wt_next_stage",
        next_stage_index(steps, idx),
        idx == n - 1,
        "skip_next",
        "secondary",
    ),
)
for box, label, widget_key, target, disabled, icon, button_type in _NAV:
    box.button(
        t(label, lang),
        key=widget_key,
        on_click=lesson.go,
        args=(target, n),
        disabled=disabled,
        type=button_type,
        icon=f":material/{icon}:",
        width="stretch",
    )
b4.markdown(f"**{t('wp.step_of', lang, n=idx + 1, total=n)}**")

controls = st.expander(t("wp.controls", lang), expanded=not present)
with controls:
    ss["wt_slider"] = idx + 1
    st.slider(
        t("wp.step", lang),
        1,
        max(n, 2),
        key="wt_slider",
        on_change=lesson.from_slider,
        args=(n,),
    )
    starts = stage_starts(steps)
    ss["wt_jump"] = step.stage
    c1, c2, c3 = st.columns(3)
    c1.selectbox(
        t("wp.jump", lang),
        list(starts),
        key="wt_jump",
        on_change=lesson.from_jump,
        args=(starts,),
        format_func=partial(stage_label, lang=lang),
    )
    c2.toggle(t("wp.present", lang), key="wt_present", help=t("wp.present_help", lang))
    c3.toggle(
        t("wp.practice", lang), key="wt_practice", help=t("wp.practice_help", lang)
    )
if bad_step is not None:
    st.caption(t("wp.bad_step", lang, raw=md_escape(bad_step)))

# --- the step ---------------------------------------------------------------------
practice = bool(ss.get("wt_practice", False)) and step.kind != "input"
hidden = practice and f"{view.label}|{idx}" not in ss.get("wt_revealed", [])
st.subheader(step_title(step, lang))

left, right = st.columns([3, 2])
with left:
    m1, m2 = st.container(key="wt_key_shapes").columns(2)
    m1.metric(t("wp.in_shape", lang), tensor_text(step.in_shape))
    m2.metric(
        t("label.output", lang),
        t("wp.hidden", lang) if hidden else tensor_text(step.out_shape),
    )
    if not hidden:
        show_figure(
            walkthrough_figure(
                trace,
                step,
                before=t("word.before", lang),
                after=t("wp.after", lang),
                lang=lang,
                **_PRESENT_FIGURE if present else {},
                title=t(
                    "wp.fig_title",
                    lang,
                    stage=stage_label(step.stage, lang),
                    inp=tensor_text(step.in_shape),
                    out=tensor_text(step.out_shape),
                ),
            ),
            key="wt_figure",
        )
with right:
    st.markdown(f"**{t('wp.hyper', lang)}**")
    if step.hyper:
        st.markdown("\n".join(f"- {t(k, lang)}: {v}" for k, v in step.hyper))
    else:
        st.caption(t("wp.no_hyper", lang))
    if step.formula and not hidden:
        st.markdown(f"**{t('wp.arith', lang)}**")
        st.markdown(f"`{step.formula}`")
    if not hidden:
        st.markdown(step_explanation(step, lang))
    t1, t2, t3 = st.columns(3)
    t1.metric(t("wp.params_step", lang), human(step.params), help=f"{step.params:,}")
    t2.metric(
        t("wp.total_params", lang),
        human(step.total_params),
        help=f"{step.total_params:,}",
    )
    t3.metric(
        t("wp.total_macs", lang), human(step.total_macs), help=f"{step.total_macs:,}"
    )
    if step.paths:
        shown = ", ".join(step.paths[:6]) + (" …" if len(step.paths) > 6 else "")
        st.caption(t("wp.layers", lang, paths=shown))

# --- predict the shape ------------------------------------------------------------
if practice:
    st.divider()
    st.markdown(f"**{t('wp.practice', lang)}**")
    g1, g2, g3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    g1.text_input(
        t("wp.guess", lang), key="wt_guess", placeholder=t("wp.guess_placeholder", lang)
    )
    g2.button(
        t("wp.check", lang),
        key="wt_check",
        on_click=lesson.check,
        args=(idx, step.out_shape, view.label),
    )
    g3.button(
        t("wp.reveal", lang),
        key="wt_reveal",
        on_click=lesson.reveal,
        args=(idx, view.label),
    )
    feedback = ss.get("wt_feedback")
    if feedback and feedback[0] == idx:
        _, kind, key, values = feedback
        if key == "wp.wrong":
            hint = practice_hint(step, lang)
            st.error(t(key, lang, hint=hint, **values))
        elif key == "wp.right":
            st.success(t(key, lang, shape=tensor_text(step.out_shape)))
        else:
            st.info(t(key, lang))
    score = ss.get("wt_score", {"right": 0, "tried": 0})
    st.caption(t("wp.score", lang, **score))
