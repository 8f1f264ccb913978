"""Why shortcuts matter, measured: gradient norms of a plain net and its residual."""

from collections.abc import Callable

import streamlit as st

from resnet_viz.budget import Abandoned, server_budget
from resnet_viz.figures.gradients import gradient_figure
from resnet_viz.gradients import (
    MAX_BATCH,
    PREACT_TWINS,
    GradientProfile,
    gradient_cost,
    gradient_pair,
    largest_batch,
    order_pair,
    residual_for,
)
from resnet_viz.i18n import t
from resnet_viz.registry import ARCHS, ConfigError
from resnet_viz.ui.controls import current_lang, current_view, error_markdown
from resnet_viz.ui.plot import show_figure
from resnet_viz.ui.show import option_radio
from resnet_viz.ui.work import interrupted, memory_pool, yield_to_streamlit

# Residual presets whose plain twin is cheap enough to back-propagate on a CPU.
RESIDUAL = ["resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "resnet18"]
RESIDUAL += ["resnet34", "resnet50"]


def _pooled_pair(
    pair: Callable[..., tuple[GradientProfile, GradientProfile]],
    first: str,
    second: str,
    side: int,
    batch: int,
    seed: int,
    costed: tuple[str, ...],
) -> tuple[GradientProfile, GradientProfile]:
    """Run ``pair`` (gradient_pair or order_pair) within the server's budget, refused
    before it starts when over it, borrowing from the server's pool the largest cost
    of the nets in ``costed`` while it runs."""
    budget = server_budget()
    need = max(gradient_cost(n, side, batch=batch, budget=budget) for n in costed)
    with memory_pool().lend(need, should_stop=interrupted):
        return pair(
            first,
            second,
            side,
            batch=batch,
            seed=seed,
            budget=budget,
            should_stop=interrupted,
        )


@st.cache_data(max_entries=32, show_spinner=False)
def profiles(
    plain: str, residual: str, side: int, batch: int, seed: int
) -> tuple[GradientProfile, GradientProfile]:
    """Cached by plain values; the result is two frozen, picklable profiles. The run
    fits the server's budget or is refused before it starts, and borrows its bytes
    from the server's pool while it runs."""
    return _pooled_pair(gradient_pair, plain, residual, side, batch, seed, (residual,))


@st.cache_data(max_entries=32, show_spinner=False)
def order_profiles(
    post: str, pre: str, side: int, batch: int, seed: int
) -> tuple[GradientProfile, GradientProfile]:
    """A post-activation net and its pre-activation twin, cached, budgeted and
    pooled like profiles (the pre-activation twin is costed as the larger of the
    two: same widths, one more BN-ReLU)."""
    return _pooled_pair(order_pair, post, pre, side, batch, seed, (post, pre))


def measured(plain: GradientProfile, residual: GradientProfile, lang: str) -> str:
    """What the two profiles show, in numbers (gradient_sentences, in ``lang``)."""
    pn, rn = plain.main_norms, residual.main_norms
    first = t(
        "gd.first",
        lang,
        plain=plain.arch,
        plain_first=f"{pn[0]:.3g}",
        ratio=f"{pn[0] / rn[0]:,.3g}",
        residual=residual.arch,
        residual_first=f"{rn[0]:.3g}",
        last=f"{pn[-1] / rn[-1]:.3g}",
    )
    spread = t(
        "gd.spread",
        lang,
        plain=plain.arch,
        plain_spread=f"{plain.spread:,.3g}",
        residual=residual.arch,
        residual_spread=f"{residual.spread:,.3g}",
    )
    return t("gd.measured", lang, first=first, spread=spread)


lang = current_lang()
st.title(t("gd.title", lang))
st.caption(t("gd.caption", lang))
twin = option_radio(
    st,
    t("gd.twin", lang),
    ("plain", "preact"),
    "grad_twin",
    "gd.twin_",
    lang,
    help=t("gd.twin_help", lang),
)
if twin == "preact":
    st.caption(t("gd.preact_note", lang))
c1, c2, c3, c4 = st.columns(4)
choices = RESIDUAL if twin == "plain" else list(PREACT_TWINS)
# Follow the sidebar: its network (a preset, not customised) picks the pair where it
# is half of one, on the first visit and whenever the sidebar's network changes; a
# choice made here stands until then.
view = current_view()
follows = None if view.overrides else residual_for(view.arch, twin, choices)
ss = st.session_state
if ss.get("_grad_sidebar") != (view.arch, twin):
    changed = "_grad_sidebar" in ss
    ss["_grad_sidebar"] = (view.arch, twin)
    if follows is not None and (changed or "grad_residual" not in ss):
        ss["grad_residual"] = follows
ss.setdefault("grad_residual", follows or "resnet56")
if st.session_state["grad_residual"] not in choices:
    st.session_state["grad_residual"] = choices[0]
residual = c1.selectbox(t("gd.residual", lang), choices, key="grad_residual")
# The two lines: the plain twin beside the residual net, or the post-activation net
# beside its pre-activation twin.
first, second = (
    ("plain" + residual.removeprefix("resnet"), residual)
    if twin == "plain"
    else (residual, PREACT_TWINS[residual])
)
natural = 32 if ARCHS[residual].stem == "cifar" else 64
side = c2.selectbox(
    t("gd.input", lang),
    [32, 64, 96, 128],
    index=[32, 64, 96, 128].index(natural),
    key=f"grad_side_{ARCHS[residual].stem}",
    help=t("gd.input_help", lang),
)
fits = largest_batch(residual, int(side), server_budget())
batch = c3.number_input(
    t("label.batch", lang), 1, MAX_BATCH, fits, key=f"grad_batch_{fits}"
)
seed = c4.number_input(t("gd.seed", lang), 0, 2**31 - 1, 0, key="grad_seed")

try:
    with st.spinner(t("gd.running", lang, plain=first, residual=second)):
        run = profiles if twin == "plain" else order_profiles
        p, r = run(first, second, int(side), int(batch), int(seed))
except Abandoned:
    yield_to_streamlit()
except ConfigError as err:
    st.error(error_markdown(err, lang), icon=":material/block:")
    st.stop()

if residual == follows:
    st.caption(t("gd.pair", lang, first=first, second=second, arch=view.arch))
else:
    st.caption(t("gd.pair_own", lang, first=first, second=second))
    if follows is None:
        kind = t(f"gd.twin_{twin}", lang)
        st.caption(t("gd.no_pair", lang, arch=view.arch, kind=kind))
show_figure(gradient_figure(p, r, lang=lang), key="grad_chart")

st.markdown(measured(p, r, lang))
st.caption(t("gd.reading", lang))
st.dataframe(
    [
        {
            t("gd.col_net", lang): x.arch,
            t("gd.col_convs", lang): len(x.norms),
            t("gd.col_first", lang): round(x.main_norms[0], 4),
            t("gd.col_last", lang): round(x.main_norms[-1], 4),
            t("gd.col_loss", lang): round(x.loss, 4),
            t("gd.col_time", lang): round(x.seconds, 3),
        }
        for x in (p, r)
    ],
    hide_index=True,
)
n, c, h, w = p.input_shape
st.caption(t("gd.footer", lang, n=n, c=c, h=h, w=w, seed=p.seed))
