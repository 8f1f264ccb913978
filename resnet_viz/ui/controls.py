"""The sidebar that every page shares, and its two-way sync with the URL.

Widgets use fixed keys ("w_" + the CLI flag name) and live in app.py's run, so their
values persist across pages. Validation is ViewConfig's, i.e. the command line's.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from resnet_viz.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, normalise_lang, t
from resnet_viz.registry import ConfigError, list_archs
from resnet_viz.trace import MAX_BATCH, available_devices
from resnet_viz.ui.config_form import arch_change_view, count_input, spec_form
from resnet_viz.ui.url_sync import Part, UrlSync
from resnet_viz.viewconfig import SPEC_FIELDS, ViewConfig

CONFIG_KEYS = ("arch", "input", "device", "batch", *SPEC_FIELDS)
# The config part of the URL, remembered as this session last wrote it.
_CONFIG_URL = UrlSync("_view_url", CONFIG_KEYS.__contains__)
LANG_KEY = "w_lang"  # the language switch; "lang" in the URL, outside CONFIG_KEYS
# The lang parameter, remembered as this session last saw or wrote it.
_LANG_URL = UrlSync("_url_lang", "lang".__eq__)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown and HTML punctuation, so text that echoes a user's
    input (a tampered link, a bad field) is shown literally and never as markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def error_markdown(err: ConfigError, lang: str) -> str:
    """A ConfigError as the app shows it, in ``lang``: "**field** — what is wrong",
    escaped (the message may echo what a user typed or put in a link)."""
    return f"**{md_escape(err.field_label(lang))}** — {md_escape(err.detail(lang))}"


def _key(name: str) -> str:
    return f"w_{name}"


def _apply(view: ViewConfig) -> None:
    """Put ``view`` into the widgets (only valid before they are drawn this run)."""
    for name, value in view.widget_values().items():
        st.session_state[_key(name)] = value


def _load_view(url: Part) -> Part | None:
    """Put a link's view into the widgets; its warnings are shown once by the sidebar.

    Returns:
        The corrected config part when the link warned, else None.
    """
    view, warnings = ViewConfig.from_query(url, current_lang())
    _apply(view)
    st.session_state["_url_warnings"] = warnings
    return view.to_query() if warnings else None


def current_lang() -> str:
    """The language of this session: "en" or "zh"."""
    return normalise_lang(st.session_state.get(LANG_KEY))


def _sync_lang_from_url() -> str | None:
    """Load ``?lang=`` into the switch when it is new (a link, Back/Forward).

    Returns:
        The raw value when it named no language we have (English is used), else None.
    """
    unknown = None

    def load(url: Part) -> None:
        nonlocal unknown
        raw = url.get("lang")
        if raw is None:  # a first visit without ?lang=: the switch keeps its value
            return
        lang = normalise_lang(raw)
        if lang == DEFAULT_LANG and raw.strip().lower()[:2] != DEFAULT_LANG:
            unknown = raw
        st.session_state[LANG_KEY] = lang

    _LANG_URL.read(load)
    if st.session_state.get(LANG_KEY) not in LANGS:
        st.session_state[LANG_KEY] = DEFAULT_LANG
    return unknown


def _write_lang_to_url(lang: str) -> None:
    """Keep ``?lang=zh`` in the address bar (a page switch clears it); English is
    the default and needs no parameter."""
    _LANG_URL.write({"lang": lang} if lang != DEFAULT_LANG else {})


def nav_lang() -> str:
    """The language the sidebar is about to use, read before st.navigation is built:
    a new ``?lang=`` wins (a link, Back/Forward), then the switch's value, then
    English. Only reads; the sidebar itself writes both."""
    url = _LANG_URL.part()
    if url and _LANG_URL.is_new(url):
        return normalise_lang(url["lang"])
    return normalise_lang(st.session_state.get(LANG_KEY))


def _on_arch_change() -> None:
    """Picking a preset loads all its settings (config_form.arch_change_view); the
    device and batch stay."""
    ss = st.session_state
    _apply(arch_change_view(_key, device=ss[_key("device")], batch=ss[_key("batch")]))


def sidebar() -> ViewConfig | None:
    """Draw the shared controls; return the valid view, or None after showing why not.

    Also writes the view into the URL, so a link reproduces it and Back restores it.
    """
    unknown_lang = _sync_lang_from_url()
    _CONFIG_URL.read(_load_view)
    ss = st.session_state
    sb = st.sidebar
    # Both names in the label: someone who cannot read the current language can
    # still find the switch.
    lang = sb.radio(
        " / ".join(t("sb.language", code) for code in LANGS),  # "Language / 语言"
        LANGS,
        key=LANG_KEY,
        horizontal=True,
        format_func=LANG_NAMES.__getitem__,
    )
    _write_lang_to_url(lang)
    if unknown_lang is not None:
        sb.caption(t("sb.lang_unknown", lang, code=md_escape(unknown_lang)))
    sb.selectbox(
        t("sb.network", lang),
        list_archs(),
        key=_key("arch"),
        on_change=_on_arch_change,
        help=t("sb.network_help", lang),
    )
    sb.text_input(
        t("sb.input", lang),
        key=_key("input"),
        help=t("sb.input_help", lang),
    )
    with sb.expander(t("sb.customise", lang), expanded=False):
        spec_form(_key, lang)
    with sb.expander(t("sb.device_batch", lang), expanded=False):
        st.selectbox(
            t("label.device", lang),
            available_devices(),
            key=_key("device"),
            help=t("sb.device_help", lang),
        )
        count_input(st, t("label.batch", lang), _key("batch"), MAX_BATCH)

    for line in ss.pop("_url_warnings", []):
        st.warning(
            t("sb.link_ignored", lang, detail=md_escape(line)),
            icon=":material/warning:",
        )
    values: dict[str, Any] = {n: ss.get(_key(n)) for n in CONFIG_KEYS}
    try:
        view = ViewConfig.from_values(values)
    except ConfigError as err:
        st.error(error_markdown(err, lang), icon=":material/block:")
        return None
    _CONFIG_URL.write(view.to_query())
    sb.caption(t("sb.showing", lang, label=view.label_in(lang)))
    return view


def current_view() -> ViewConfig:
    """The view the sidebar shows on this run; stops the page when it is invalid
    (the sidebar already said which setting is wrong)."""
    values = {n: st.session_state.get(_key(n)) for n in CONFIG_KEYS}
    try:
        return ViewConfig.from_values(values)
    except ConfigError:
        st.info(t("sb.fix_above", current_lang()), icon=":material/info:")
        st.stop()
        raise  # unreachable: st.stop() ends the run
