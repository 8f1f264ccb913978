"""Latency: the real forward time of each stage on cpu (or cuda), next to its MACs."""

import streamlit as st

from resnet_viz.budget import Abandoned, server_budget
from resnet_viz.figures.latency import latency_figure
from resnet_viz.i18n import stage_label, t
from resnet_viz.latency import stage_latency
from resnet_viz.registry import ConfigError
from resnet_viz.tables import header
from resnet_viz.trace import MAX_BATCH, available_devices
from resnet_viz.ui.cache import device_lock
from resnet_viz.ui.controls import current_lang, current_view, error_markdown
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import dataframe, option_radio
from resnet_viz.ui.work import interrupted, yield_to_streamlit

view = current_view()
lang = current_lang()
st.title(t("la.title", lang))
st.caption(t("la.caption", lang))
devices = [d for d in available_devices() if d != "meta"]
c1, c2, c3 = st.columns(3)
device = c1.selectbox(t("label.device", lang), devices, key="lat_device")
batch = c2.number_input(
    t("label.batch", lang), 1, MAX_BATCH, value=view.batch, key="lat_batch"
)
effort = option_radio(
    c3,
    t("la.timing", lang),
    ("quick", "careful"),
    "lat_effort",
    "la.",
    lang,
    help=t("la.timing_help", lang),
)
key = (view, device, int(batch), effort)
results = st.session_state.setdefault("lat_results", {})

if st.button(t("la.measure", lang), type="primary", key="lat_go"):
    kwargs = {**view.trace_kwargs(), "device": device, "batch": int(batch)}
    lane = device_lock()
    queued = t("sb.queued", lang, n=lane.waiting + 1) if lane.busy() else ""
    try:
        with (
            st.spinner(
                t(
                    "la.timing_spinner",
                    lang,
                    label=view.label_in(lang),
                    device=device,
                    batch=batch,
                )
                + queued,
                show_time=True,
            ),
            lane.hold(interrupted),
        ):
            timings = stage_latency(
                **kwargs,
                min_run_time_s=0.1 if effort == "quick" else 0.5,
                budget=server_budget(),
                should_stop=interrupted,
            )
        results.clear()  # keep one result per session: memory stays flat
        results[key] = timings
    except Abandoned:
        yield_to_streamlit()
    except ConfigError as err:
        st.error(error_markdown(err, lang), icon=":material/block:")

timings = results.get(key)
if timings is None:
    st.info(t("la.press", lang))
    st.stop()

fig = latency_figure(
    timings,
    title=t(
        "la.fig_title", lang, label=view.label_in(lang), device=device, batch=batch
    ),
    lang=lang,
)
show_figure(fig, key="lat_chart")
total = sum(s.median_s for s in timings)
st.metric(
    t("la.sum", lang),
    f"{total * 1e3:.1f} ms",
    help=t("la.sum_help", lang),
)
dataframe(
    [
        {
            header("stage", lang): stage_label(s.name, lang),
            t("la.col_median", lang): round(s.median_s * 1e3, 3),
            t("la.col_iqr", lang): round(s.iqr_s * 1e3, 3),
            t("la.col_runs", lang): s.runs,
            "MACs": s.macs,
            "GMAC/s": round(s.gmacs_per_s, 1),
        }
        for s in timings
    ]
)
