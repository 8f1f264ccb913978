"""ViewConfig: what the app shows, as plain values, and its round trips to widgets
and URLs. Uses the core's validators only (the same rules as the command line); never
imports streamlit, nor torch (devices.py parses the device and the batch).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import registry
from .devices import parse_batch, parse_device_name
from .i18n import DEFAULT_LANG, t
from .registry import (
    ARCHS,
    SPEC_FIELDS,
    ArchSpec,
    ConfigError,
    field_label,
    parse_field,
    parse_input,
    resolve_config,
)

__all__ = ["SPEC_FIELDS", "ViewConfig", "canonical_input", "natural_input"]

DEFAULT_ARCH = "resnet18"


def natural_input(spec: ArchSpec) -> str:
    """The input size a preset was designed for, as widget and URL text: the
    registry's rule (32 with a CIFAR stem, else 224)."""
    return str(registry.natural_input(spec))


def canonical_input(text: str | int, in_channels: int | None = None) -> str:
    """A validated input size in its shortest form: "224", "32x48" or "1x28x28"."""
    c, h, w = parse_input(text, in_channels)
    hw = str(h) if h == w else f"{h}x{w}"
    return hw if c == 3 else f"{c}x{h}x{w}"


def _widget_value(spec: ArchSpec, name: str) -> Any:
    value = getattr(spec, name)
    return ",".join(map(str, value)) if isinstance(value, tuple) else value


@dataclass(frozen=True, slots=True)
class ViewConfig:
    """One network at one input on one device: hashable, so it can key a cache."""

    arch: str = DEFAULT_ARCH
    input: str = "224"
    device: str = "meta"
    batch: int = 1
    overrides: tuple[tuple[str, Any], ...] = ()  # only fields that differ from arch

    @property
    def spec(self) -> ArchSpec:
        """The resolved architecture (preset plus overrides)."""
        c, _, _ = parse_input(self.input)
        return resolve_config(self.arch, **dict(self.overrides), in_channels=c)

    @property
    def label(self) -> str:
        """A short title such as "resnet50 (modified) · 32x32"."""
        return self.label_in(DEFAULT_LANG)

    def name_in(self, lang: str) -> str:
        """The network's name as figure titles and exports give it: the preset, and
        "(modified)" when any field was changed ("resnet50（已修改）" in Chinese).

        Args:
            lang: "en" or "zh".

        Returns:
            The name, without the input size.
        """
        return self.arch + (t("vc.modified", lang) if self.overrides else "")

    def label_in(self, lang: str) -> str:
        """``label`` in ``lang``: "resnet50（已修改） · 32×32" in Chinese.

        Args:
            lang: "en" or "zh".

        Returns:
            The title; only the word "modified" depends on the language.
        """
        name = self.name_in(lang)
        c, h, w = parse_input(self.input)
        return f"{name} · {h}×{w}" + ("" if c == 3 else f"×{c}")

    def trace_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for resnet_viz.trace that reproduce this view."""
        return {
            "arch": self.arch,
            "input": self.input,
            "device": self.device,
            "batch": self.batch,
            **dict(self.overrides),
        }

    def widget_values(self) -> dict[str, Any]:
        """Every sidebar widget's value for this config."""
        spec = self.spec
        values: dict[str, Any] = {n: _widget_value(spec, n) for n in SPEC_FIELDS}
        values.update(
            arch=self.arch, input=self.input, device=self.device, batch=self.batch
        )
        return values

    def to_query(self) -> dict[str, str]:
        """URL parameters: arch and input always, everything else only when changed."""
        query = {"arch": self.arch, "input": self.input}
        for name, value in self.overrides:
            if isinstance(value, tuple):
                query[name] = ",".join(map(str, value))
            elif isinstance(value, bool):
                query[name] = "true" if value else "false"
            else:
                query[name] = str(value)
        if self.device != "meta":
            query["device"] = self.device
        if self.batch != 1:
            query["batch"] = str(self.batch)
        return query

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ViewConfig:
        """Build from widget or URL values (typed or strings); missing fields keep
        the preset's.

        Raises:
            ConfigError: naming the first field that is not allowed.
        """
        arch = str(values.get("arch") or DEFAULT_ARCH)
        if arch not in ARCHS:
            raise ConfigError(
                "arch", key="err.unknown_arch", values={"arch": repr(arch)}
            )
        preset = ARCHS[arch]
        given = {n: values[n] for n in SPEC_FIELDS if values.get(n) is not None}
        text = values.get("input")
        input_text = canonical_input(
            natural_input(preset) if text in (None, "") else text
        )
        c, _, _ = parse_input(input_text)
        spec = resolve_config(arch, **given, in_channels=c)
        overrides = tuple(
            (n, getattr(spec, n))
            for n in SPEC_FIELDS
            if getattr(spec, n) != getattr(preset, n)
        )
        return cls(
            arch=arch,
            input=input_text,
            device=parse_device_name(values.get("device") or "meta"),
            batch=parse_batch(values.get("batch") or 1),
            overrides=overrides,
        )

    @classmethod
    def from_query(
        cls, params: Mapping[str, str], lang: str = DEFAULT_LANG
    ) -> tuple[ViewConfig, list[str]]:
        """Read a possibly tampered URL: every bad field becomes a warning and falls
        back to the preset's value; parameters of other pages are ignored.

        Args:
            params: the URL's parameters.
            lang: the language of the warnings (English for logs and tests).

        Returns:
            The config to show and the warnings (one line each) to show with it.
        """
        warnings: list[str] = []
        arch = params.get("arch") or DEFAULT_ARCH
        if arch not in ARCHS:
            message = t("url.unknown_arch", lang, arch=repr(arch), used=DEFAULT_ARCH)
            field = field_label("arch", lang)
            warnings.append(t("err.line", lang, field=field, message=message))
            arch = DEFAULT_ARCH
        values: dict[str, Any] = {"arch": arch}
        checks: dict[str, Any] = {
            **{n: functools.partial(parse_field, n) for n in SPEC_FIELDS},
            "input": canonical_input,
            "device": parse_device_name,
            "batch": parse_batch,
        }
        for name, check in checks.items():
            if name not in params:
                continue
            try:
                check(params[name])
                values[name] = params[name]
            except ConfigError as err:
                warnings.append(t("url.default", lang, error=err.text(lang)))
        try:
            return cls.from_values(values), warnings
        except ConfigError as err:
            warnings.append(t("url.preset", lang, error=err.text(lang), arch=arch))
            return cls(arch=arch, input=natural_input(ARCHS[arch])), warnings
