"""Latency: the real forward time of each stage on cpu (or cuda), next to its MACs."""

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from resnet_viz.figures.volumes import stage_color
from resnet_viz.i18n import t
from resnet_viz.latency import stage_latency
from resnet_viz.registry import ConfigError
from resnet_viz.trace import available_devices
from resnet_viz.ui.cache import device_lock
from resnet_viz.ui.controls import current_lang, current_view
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import dataframe

view = current_view()
lang = current_lang()
st.title(t("la.title", lang))
st.caption(t("la.caption", lang))
devices = [d for d in available_devices() if d != "meta"]
c1, c2, c3 = st.columns(3)
device = c1.selectbox(t("la.device", lang), devices, key="lat_device")
batch = c2.number_input(
    t("la.batch", lang), 1, 256, value=max(1, view.batch), key="lat_batch"
)
effort = c3.radio(
    t("la.timing", lang),
    ["quick", "careful"],
    horizontal=True,
    key="lat_effort",
    format_func=lambda e: t(f"la.{e}", lang),
    help=t("la.timing_help", lang),
)
key = (view, device, int(batch), effort)
results = st.session_state.setdefault("lat_results", {})

if st.button(t("la.measure", lang), type="primary", key="lat_go"):
    lock = device_lock()
    if not lock.acquire(timeout=30):
        st.warning(t("la.busy", lang))
    else:
        try:
            with st.spinner(
                t(
                    "la.timing_spinner",
                    lang,
                    label=view.label,
                    device=device,
                    batch=batch,
                ),
                show_time=True,
            ):
                kwargs = {**view.trace_kwargs(), "device": device, "batch": int(batch)}
                timings = stage_latency(
                    **kwargs, min_run_time_s=0.1 if effort == "quick" else 0.5
                )
            results.clear()  # keep one result per session: memory stays flat
            results[key] = timings
        except ConfigError as err:
            st.error(f"**{err.field}** — {err.message}")
        finally:
            lock.release()

timings = results.get(key)
if timings is None:
    st.info(t("la.press", lang))
    st.stop()

names = [t.name for t in timings]
fig = make_subplots(
    rows=1, cols=2, subplot_titles=(t("la.median", lang), t("ov.macs", lang))
)
colors = [stage_color(n) for n in names]
fig.add_bar(
    x=names,
    y=[t.median_s * 1e3 for t in timings],
    marker_color=colors,
    text=[f"{t.median_s * 1e3:.2f}" for t in timings],
    row=1,
    col=1,
)
fig.add_bar(x=names, y=[t.macs for t in timings], marker_color=colors, row=1, col=2)
fig.update_layout(
    showlegend=False,
    height=380,
    margin=dict(t=40, b=20, l=20, r=20),
    title=f"{view.label} · {device} · batch {batch}",
)
show_figure(go.Figure(fig), key="lat_chart")
total = sum(t.median_s for t in timings)
st.metric(
    t("la.sum", lang),
    f"{total * 1e3:.1f} ms",
    help=t("la.sum_help", lang),
)
dataframe(
    [
        {
            "stage": t.name,
            "median ms": round(t.median_s * 1e3, 3),
            "IQR ms": round(t.iqr_s * 1e3, 3),
            "runs": t.runs,
            "MACs": t.macs,
            "GMAC/s": round(t.gmacs_per_s, 1),
        }
        for t in timings
    ]
)
