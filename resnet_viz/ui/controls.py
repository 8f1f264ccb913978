"""The sidebar that every page shares, and its two-way sync with the URL.

Widgets use fixed keys ("w_" + the CLI flag name) and live in app.py's run, so their
values persist across pages. Validation is ViewConfig's, i.e. the command line's.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from resnet_viz.registry import ARCHS, ConfigError, list_archs
from resnet_viz.trace import available_devices
from resnet_viz.viewconfig import SPEC_FIELDS, ViewConfig, natural_input

CONFIG_KEYS = ("arch", "input", "device", "batch", *SPEC_FIELDS)
_LAST_URL = "_view_url"  # the config part of the URL as this session last wrote it


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown and HTML punctuation, so text that echoes a user's
    input (a tampered link, a bad field) is shown literally and never as markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _key(name: str) -> str:
    return f"w_{name}"


def _apply(view: ViewConfig) -> None:
    """Put ``view`` into the widgets (only valid before they are drawn this run)."""
    for name, value in view.widget_values().items():
        st.session_state[_key(name)] = value


def _config_part(params: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in params.items() if k in CONFIG_KEYS}


def _sync_from_url() -> None:
    """Load the URL into the widgets on a first visit, a shared link, or Back/Forward.

    An empty query string after the first run means a page switch (Streamlit clears
    the parameters then), so the widgets keep their values.
    """
    url = _config_part(st.query_params.to_dict())
    last = st.session_state.get(_LAST_URL)
    if last is None or (url and url != last):
        view, warnings = ViewConfig.from_query(url)
        _apply(view)
        st.session_state["_url_warnings"] = warnings
        st.session_state[_LAST_URL] = view.to_query() if warnings else url


def _on_arch_change() -> None:
    """Picking a preset loads all its settings; the input follows only when the stem
    family changes (e.g. resnet50 -> resnet20 switches 224 to 32)."""
    ss = st.session_state
    old_stem = ss.get(_key("stem"))
    spec = ARCHS[ss[_key("arch")]]
    view = ViewConfig(
        arch=ss[_key("arch")],
        input=ss[_key("input")] if old_stem == spec.stem else natural_input(spec),
        device=ss[_key("device")],
        batch=ss[_key("batch")],
    )
    try:
        _apply(view)
    except ConfigError:  # the current input was invalid: start from the natural one
        _apply(ViewConfig(arch=view.arch, input=natural_input(spec)))


def _on_layers_change() -> None:
    """Keep one width per stage when the number of stages changes (doubling rule)."""
    ss = st.session_state
    layers = [p for p in str(ss[_key("layers")]).replace(" ", "").split(",") if p]
    widths = [p for p in str(ss[_key("widths")]).replace(" ", "").split(",") if p]
    if layers and len(widths) != len(layers) and widths and widths[0].isdigit():
        w0 = int(widths[0])
        ss[_key("widths")] = ",".join(str(w0 * 2**i) for i in range(len(layers)))


def _on_block_change() -> None:
    """A basic block has no inner width and always strides on its first 3x3."""
    ss = st.session_state
    if ss[_key("block")] == "basic":
        ss[_key("width_per_group")] = 64
        ss[_key("stride_on")] = "3x3"


def sidebar() -> ViewConfig | None:
    """Draw the shared controls; return the valid view, or None after showing why not.

    Also writes the view into the URL, so a link reproduces it and Back restores it.
    """
    _sync_from_url()
    ss = st.session_state
    sb = st.sidebar
    sb.selectbox(
        "Network",
        list_archs(),
        key=_key("arch"),
        on_change=_on_arch_change,
        help="torchvision's ImageNet models, He et al.'s CIFAR nets (resnet20…1202) "
        "and plain twins without shortcuts (plain18…).",
    )
    sb.text_input(
        "Input size",
        key=_key("input"),
        help="224 (ImageNet), 32 (CIFAR), HxW such as 64x96, or CxHxW such as 1x28x28.",
    )
    with sb.expander("Customise the network", expanded=False):
        st.radio(
            "Block",
            ["basic", "bottleneck"],
            key=_key("block"),
            horizontal=True,
            on_change=_on_block_change,
        )
        st.text_input(
            "Blocks per stage",
            key=_key("layers"),
            on_change=_on_layers_change,
            help="Comma-separated, one number per stage, e.g. 3,4,6,3.",
        )
        st.text_input(
            "Stage widths",
            key=_key("widths"),
            help="Channels of each stage before expansion, e.g. 64,128,256,512.",
        )
        c1, c2 = st.columns(2)
        c1.number_input(
            "Groups",
            min_value=1,
            max_value=1024,
            step=1,
            key=_key("groups"),
            help="Groups of the 3x3 convs (ResNeXt's cardinality).",
        )
        c2.number_input(
            "Width per group",
            min_value=1,
            max_value=4096,
            step=1,
            key=_key("width_per_group"),
            disabled=ss.get(_key("block")) == "basic",
            help="Bottleneck only: 64 is ResNet, 4 with 32 groups is "
            "ResNeXt-32x4d, 128 is Wide ResNet-2.",
        )
        st.radio(
            "Stem",
            ["imagenet", "cifar"],
            key=_key("stem"),
            horizontal=True,
            help="imagenet: 7x7 stride-2 conv + 3x3 stride-2 max-pool. "
            "cifar: one 3x3 stride-1 conv, no pool.",
        )
        st.radio(
            "Shortcut",
            ["A", "B", "C"],
            key=_key("shortcut"),
            horizontal=True,
            help="A: zero-pad where the shape changes (no parameters). "
            "B: 1x1 projection there. C: projection on every block.",
        )
        st.radio(
            "Bottleneck stride on",
            ["3x3", "1x1"],
            key=_key("stride_on"),
            horizontal=True,
            disabled=ss.get(_key("block")) == "basic",
            help="3x3: torchvision (v1.5). 1x1: the original paper.",
        )
        st.checkbox("Plain (no shortcuts)", key=_key("plain"))
        st.number_input(
            "Classes", min_value=1, max_value=1_000_000, step=1, key=_key("classes")
        )
    with sb.expander("Device and batch", expanded=False):
        st.selectbox(
            "Device",
            available_devices(),
            key=_key("device"),
            help="meta: shapes only, no memory (fastest). cpu/cuda run a real "
            "forward pass.",
        )
        st.number_input("Batch", min_value=1, max_value=4096, step=1, key=_key("batch"))

    for line in ss.pop("_url_warnings", []):
        st.warning(f"Link ignored in part — {md_escape(line)}", icon="⚠️")
    values: dict[str, Any] = {n: ss.get(_key(n)) for n in CONFIG_KEYS}
    try:
        view = ViewConfig.from_values(values)
    except ConfigError as err:
        st.error(f"**{md_escape(err.field)}** — {md_escape(err.message)}", icon="🚫")
        return None
    url = view.to_query()
    if _config_part(st.query_params.to_dict()) != url:
        for k in CONFIG_KEYS:
            if k not in url and k in st.query_params:
                del st.query_params[k]
        st.query_params.update(url)
    ss[_LAST_URL] = url
    sb.caption(f"Showing **{view.label}**. The address bar holds this view: share it.")
    return view


def current_view() -> ViewConfig:
    """The view the sidebar shows on this run; stops the page when it is invalid
    (the sidebar already said which setting is wrong)."""
    values = {n: st.session_state.get(_key(n)) for n in CONFIG_KEYS}
    try:
        return ViewConfig.from_values(values)
    except ConfigError:
        st.info("Fix the setting named above to see this view.", icon="ℹ️")
        st.stop()
        raise  # unreachable: st.stop() ends the run
