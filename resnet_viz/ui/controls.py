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
from resnet_viz.ui.config_form import arch_change_view, spec_form
from resnet_viz.viewconfig import SPEC_FIELDS, ViewConfig

CONFIG_KEYS = ("arch", "input", "device", "batch", *SPEC_FIELDS)
_LAST_URL = "_view_url"  # the config part of the URL as this session last wrote it
LANG_KEY = "w_lang"  # the language switch; "lang" in the URL, outside CONFIG_KEYS
_LAST_LANG = "_url_lang"  # the lang parameter as this session last saw or wrote it


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
        view, warnings = ViewConfig.from_query(url, current_lang())
        _apply(view)
        st.session_state["_url_warnings"] = warnings
        st.session_state[_LAST_URL] = view.to_query() if warnings else url


def current_lang() -> str:
    """The language of this session: "en" or "zh"."""
    return normalise_lang(st.session_state.get(LANG_KEY))


def _sync_lang_from_url() -> str | None:
    """Load ``?lang=`` into the switch when it is new (a link, Back/Forward).

    Returns:
        The raw value when it named no language we have (English is used), else None.
    """
    raw = st.query_params.get("lang")
    unknown = None
    if raw is not None and raw != st.session_state.get(_LAST_LANG):
        lang = normalise_lang(raw)
        if lang == DEFAULT_LANG and raw.strip().lower()[:2] != DEFAULT_LANG:
            unknown = raw
        st.session_state[LANG_KEY] = lang
        st.session_state[_LAST_LANG] = raw
    if st.session_state.get(LANG_KEY) not in LANGS:
        st.session_state[LANG_KEY] = DEFAULT_LANG
    return unknown


def _write_lang_to_url(lang: str) -> None:
    """Keep ``?lang=zh`` in the address bar (a page switch clears it); English is
    the default and needs no parameter."""
    if lang != DEFAULT_LANG:
        if st.query_params.get("lang") != lang:
            st.query_params["lang"] = lang
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    st.session_state[_LAST_LANG] = st.query_params.get("lang")


def nav_lang() -> str:
    """The language the sidebar is about to use, read before st.navigation is built:
    a new ``?lang=`` wins (a link, Back/Forward), then the switch's value, then
    English. Only reads; the sidebar itself writes both."""
    raw = st.query_params.get("lang")
    if raw is not None and raw != st.session_state.get(_LAST_LANG):
        return normalise_lang(raw)
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
    _sync_from_url()
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
        st.number_input(
            t("label.batch", lang),
            min_value=1,
            max_value=MAX_BATCH,
            step=1,
            key=_key("batch"),
        )

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
    url = view.to_query()
    if _config_part(st.query_params.to_dict()) != url:
        for k in CONFIG_KEYS:
            if k not in url and k in st.query_params:
                del st.query_params[k]
        st.query_params.update(url)
    ss[_LAST_URL] = url
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
