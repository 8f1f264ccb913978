"""The one form that edits an ArchSpec, drawn by the sidebar and by every compare
column under its own widget keys, with the rules that keep its fields consistent.

A form is named by a key function (field name -> session-state key): "w_layers" in
the sidebar, "cmp2_layers" in the third compare column. Callbacks are the package's
own functions bound with functools.partial, so no session keeps a page's namespace
alive through them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from resnet_viz.i18n import t
from resnet_viz.registry import (
    ARCHS,
    BLOCK_KINDS,
    MAX_CLASSES,
    MAX_WIDTH,
    ORDERS,
    SHORTCUTS,
    STEMS,
    STRIDE_PLACES,
    ConfigError,
    doubling_widths,
    whole_number,
)
from resnet_viz.viewconfig import ViewConfig, natural_input

KeyFn = Callable[[str], str]


def _parts(text: Any) -> list[str]:
    return [p for p in str(text).replace(" ", "").split(",") if p]


def on_layers_change(key: KeyFn) -> None:
    """Keep one width per stage when the number of stages changes: the registry's
    doubling rule from the first stage's width."""
    ss = st.session_state
    layers, widths = _parts(ss[key("layers")]), _parts(ss[key("widths")])
    first = whole_number(widths[0]) if widths else None
    if layers and first and len(widths) != len(layers):
        ss[key("widths")] = ",".join(map(str, doubling_widths(first, len(layers))))


def on_block_change(key: KeyFn) -> None:
    """Keep the other fields valid for the new block type: only a bottleneck has an
    inner width and a choice of stride placement; a VGG net has no stem, no
    shortcuts and no groups; a ResNet needs a stem again when it leaves VGG."""
    ss = st.session_state
    block = ss[key("block")]
    if block != "bottleneck":
        ss[key("width_per_group")] = 64
        ss[key("stride_on")] = "3x3"
    if block == "vgg":
        ss[key("stem")] = "none"
        ss[key("plain")] = True
        ss[key("groups")] = 1
    elif ss.get(key("stem")) == "none":
        ss[key("stem")] = "imagenet"
        ss[key("plain")] = False


def arch_change_view(key: KeyFn, **keep: Any) -> ViewConfig:
    """The view a form shows after its preset picker changed: every field from the
    preset, and the input only when the stem family changes (resnet50 -> resnet20
    switches 224 to 32). ``keep`` carries fields outside the spec (device, batch).
    An input that no longer parses falls back to the preset's natural one."""
    ss = st.session_state
    arch = ss[key("arch")]
    spec = ARCHS[arch]
    same_family = ss.get(key("stem")) == spec.stem
    text = ss.get(key("input")) if same_family else natural_input(spec)
    try:
        return ViewConfig.from_values({"arch": arch, "input": text, **keep})
    except ConfigError:
        return ViewConfig(arch=arch, input=natural_input(spec))


def count_input(
    box: Any, label: str, widget_key: str, max_value: int, **kwargs: Any
) -> Any:
    """A whole-number field from 1 to ``max_value`` (the registry's or the tracer's
    limit, so a valid link is never silently clamped) under ``widget_key``.

    Args:
        box: where to draw it: ``st``, a column or a container.
        label: the field's label.
        widget_key: the session-state key.
        max_value: the largest value.
        **kwargs: more of st.number_input's arguments (help, disabled).

    Returns:
        The field's value.
    """
    return box.number_input(
        label, min_value=1, max_value=max_value, step=1, key=widget_key, **kwargs
    )


def spec_form(
    key: KeyFn,
    lang: str,
    *,
    helps: Mapping[str, str] | None = None,
    pair_groups: bool = True,
) -> None:
    """Draw the fields of an ArchSpec (block, layers, widths, groups, width per
    group, stem, shortcut, order, stride placement, width factor, plain, classes)
    in the current container, each under ``key(field)``.

    Widget ranges are the registry's, so a valid link is never silently changed.

    Args:
        key: field name -> session-state key.
        lang: the language of the labels.
        helps: help-text catalogue keys that replace the sidebar's (per field).
        pair_groups: groups and width per group side by side (the sidebar); a
            narrow compare column stacks them.
    """
    ss = st.session_state
    helps = helps or {}

    def help_for(field: str, default: str | None) -> str | None:
        name = helps.get(field, default)
        return t(name, lang) if name else None

    is_bottleneck = ss.get(key("block")) == "bottleneck"
    st.radio(
        t("sb.block", lang),
        list(BLOCK_KINDS),
        key=key("block"),
        horizontal=True,
        on_change=functools.partial(on_block_change, key),
    )
    st.text_input(
        t("sb.layers", lang),
        key=key("layers"),
        on_change=functools.partial(on_layers_change, key),
        help=help_for("layers", "sb.layers_help"),
    )
    st.text_input(
        t("sb.widths", lang),
        key=key("widths"),
        help=help_for("widths", "sb.widths_help"),
    )
    c1, c2 = st.columns(2) if pair_groups else (st, st)
    count_input(
        c1,
        t("sb.groups", lang),
        key("groups"),
        MAX_WIDTH,
        help=help_for("groups", "sb.groups_help"),
    )
    count_input(
        c2,
        t("sb.wpg", lang),
        key("width_per_group"),
        MAX_WIDTH,
        disabled=not is_bottleneck,
        help=help_for("width_per_group", "sb.wpg_help"),
    )
    for field, choices in (("stem", STEMS), ("shortcut", SHORTCUTS), ("order", ORDERS)):
        st.radio(
            t(f"sb.{field}", lang),
            list(choices),
            key=key(field),
            horizontal=True,
            help=help_for(field, f"sb.{field}_help"),
        )
    st.radio(
        t("sb.stride_on", lang),
        list(STRIDE_PLACES),
        key=key("stride_on"),
        horizontal=True,
        disabled=not is_bottleneck,
        help=help_for("stride_on", "sb.stride_on_help"),
    )
    count_input(
        st,
        t("sb.width_factor", lang),
        key("width_factor"),
        MAX_WIDTH,
        help=help_for("width_factor", "sb.width_factor_help"),
    )
    st.checkbox(t("sb.plain", lang), key=key("plain"))
    count_input(st, t("sb.classes", lang), key("classes"), MAX_CLASSES)
