"""Comparisons as plain values: named scenarios of 2 to 4 ViewConfigs, column labels,
and the URL encoding of a comparison. Validates through ViewConfig; never streamlit.

A comparison URL reuses the sidebar's field names behind a column prefix, so
``?cmp=2&c0.arch=resnet18&c1.arch=resnet20&c1.input=32`` reads like two sidebar links.
Only fields that differ from a column's preset are written, as ViewConfig.to_query does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .i18n import DEFAULT_LANG, t
from .registry import field_label, field_name, parse_input, shown, whole_number
from .text import value_text
from .viewconfig import SPEC_FIELDS, ViewConfig

MIN_COLUMNS = 2
MAX_COLUMNS = 4
MARKS = "①②③④"  # one mark per column, used in every title, table and legend
COLUMN_FIELDS = ("arch", "input", *SPEC_FIELDS)  # device and batch: always meta, 1
COUNT_KEY = "cmp"
SCENARIO_KEY = "scenario"
_COLUMN_KEY = re.compile(r"c([0-9]{1,3})\.(.*)", re.ASCII)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named comparison and its columns; the catalogue holds its shown name
    (``sc.<slug>``) and a few words on why it is worth making (``scn.<slug>``)."""

    name: str  # the key of SCENARIOS and of the session's choice
    slug: str  # the URL's ``scenario=`` value
    views: tuple[ViewConfig, ...]


def _view(arch: str, input_text: str, **overrides: Any) -> ViewConfig:
    return ViewConfig.from_values({"arch": arch, "input": input_text, **overrides})


_SCENARIO_LIST = (
    Scenario(
        "ImageNet vs CIFAR",
        "imagenet-vs-cifar",
        (
            _view("resnet18", "224"),
            _view("resnet18", "32"),
            _view("resnet18", "32", stem="cifar", classes=10),
            _view("resnet20", "32"),
        ),
    ),
    Scenario(
        "Stride on 3×3 vs 1×1 (ResNet-50)",
        "stride-on",
        (_view("resnet50", "224"), _view("resnet50", "224", stride_on="1x1")),
    ),
    Scenario(
        "Shortcut A vs B vs C",
        "shortcuts",
        (
            _view("resnet34", "224", shortcut="A"),
            _view("resnet34", "224", shortcut="B"),
            _view("resnet34", "224", shortcut="C"),
        ),
    ),
    Scenario(
        "ResNet-50 vs ResNeXt-50 vs Wide ResNet-50",
        "resnext-wide",
        (
            _view("resnet50", "224"),
            _view("resnext50_32x4d", "224"),
            _view("wide_resnet50_2", "224"),
        ),
    ),
    Scenario(
        "Plain-34 vs ResNet-34",
        "plain-vs-resnet",
        (_view("plain34", "224"), _view("resnet34", "224")),
    ),
    Scenario(
        "ResNet-50 vs ResNet-50-C vs ResNet-50-D",
        "resnet-c-d",
        (
            _view("resnet50", "224"),
            _view("resnet50c", "224"),
            _view("resnet50d", "224"),
        ),
    ),
    Scenario(
        "ResNet v1 vs v2 (pre-activation)",
        "v1-vs-v2",
        (_view("resnet50", "224"), _view("resnetv2_50", "224")),
    ),
    Scenario(
        "ResNet-110 vs pre-act ResNet-110 vs pre-act ResNet-164",
        "preact-cifar",
        (
            _view("resnet110", "32"),
            _view("preact_resnet110", "32"),
            _view("preact_resnet164", "32"),
        ),
    ),
    Scenario(
        "Wide vs deep: WRN-28-10, WRN-40-4, ResNet-110, pre-act ResNet-1001",
        "wide-vs-deep",
        (
            _view("resnet110", "32"),
            _view("wrn28_10", "32"),
            _view("wrn40_4", "32"),
            _view("preact_resnet1001", "32"),
        ),
    ),
)
SCENARIOS: dict[str, Scenario] = {s.name: s for s in _SCENARIO_LIST}
DEFAULT_SCENARIO = "ImageNet vs CIFAR"
_BY_SLUG = {s.slug: s for s in _SCENARIO_LIST}


def scenario_for(views: Sequence[ViewConfig]) -> Scenario | None:
    """The scenario whose columns are exactly ``views``, if any.

    Args:
        views: the columns shown, in order.

    Returns:
        The matching Scenario, or None for a custom comparison.
    """
    return next((s for s in _SCENARIO_LIST if s.views == tuple(views)), None)


def column_label(index: int, view: ViewConfig) -> str:
    """A distinct column title: "③ resnet18 · 32×32 · stem=cifar, classes=10".

    The mark makes titles distinct even for equal configs; the overrides say what
    sets this column apart from its preset.

    Args:
        index: the column, 0 to MAX_COLUMNS - 1.
        view: the column's config.

    Returns:
        The title.
    """
    label = column_title(index, view)
    if view.overrides:
        label += " · " + overrides_text(view)
    return label


def column_title(index: int, view: ViewConfig) -> str:
    """ "③ resnet18 · 32×32": the mark, the preset and the input, no overrides."""
    return f"{short_label(index, view)} · {_input_text(view)}"


def overrides_text(view: ViewConfig, lang: str = DEFAULT_LANG) -> str:
    """ "stem=cifar, classes=10": the fields that differ from the preset, or "";
    in Chinese with the fields' Chinese names ("主干=cifar，类别数=10")."""
    return t("sep.clause", lang).join(
        f"{field_name(k, lang)}={value_text(v)}" for k, v in view.overrides
    )


def short_label(index: int, view: ViewConfig) -> str:
    """ "③ resnet18": the column mark and the preset, for sentences and legends."""
    return f"{MARKS[index]} {view.arch}"


def _input_text(view: ViewConfig) -> str:
    c, h, w = parse_input(view.input)
    return f"{h}×{w}" + ("" if c == 3 else f"×{c}")


def compare_query(views: Sequence[ViewConfig]) -> dict[str, str]:
    """URL parameters for a comparison: the column count, each column's fields, and
    the scenario's slug when the columns are exactly a preset's.

    Args:
        views: 2 to 4 columns.

    Returns:
        {"cmp": "4", "c0.arch": "resnet18", "c0.input": "224", ..., "scenario": ...}.
    """
    query = {COUNT_KEY: str(len(views))}
    for i, view in enumerate(views):
        for name, value in view.to_query().items():
            if name in COLUMN_FIELDS:
                query[f"c{i}.{name}"] = value
    match = scenario_for(views)
    if match is not None:
        query[SCENARIO_KEY] = match.slug
    return query


def is_compare_key(key: str) -> bool:
    """True for URL parameters this module owns (cmp, scenario, c<i>.<field>)."""
    return key in (COUNT_KEY, SCENARIO_KEY) or _COLUMN_KEY.fullmatch(key) is not None


@dataclass(frozen=True, slots=True)
class ParsedComparison:
    """What a comparison URL asked for, after validation and fall-backs."""

    views: tuple[ViewConfig, ...]
    column_warnings: tuple[tuple[str, ...], ...]  # one tuple of lines per column
    warnings: tuple[str, ...] = field(default=())  # about the whole comparison

    @property
    def has_warnings(self) -> bool:
        """Whether anything in the URL was ignored."""
        return bool(self.warnings) or any(self.column_warnings)


def views_from_query(
    params: Mapping[str, str], lang: str = DEFAULT_LANG
) -> ParsedComparison:
    """Read a possibly tampered comparison URL; every bad part becomes a warning.

    Columns are read with ViewConfig.from_query, i.e. the sidebar's (and the command
    line's) validators, so a bad field falls back to that column's preset. With no
    column parameters the ``scenario`` slug (or the default scenario) is loaded; a
    missing column takes the default scenario's column at that position.

    Args:
        params: the page's query parameters; other pages' parameters are ignored.
        lang: the language of the warnings.

    Returns:
        The columns to show, with warnings per column and for the whole comparison.
    """

    def line(name: str, key: str, **values: object) -> str:
        message = t(key, lang, **values)
        return t("err.line", lang, field=field_label(name, lang), message=message)

    warnings: list[str] = []
    default = SCENARIOS[DEFAULT_SCENARIO]
    slug = params.get(SCENARIO_KEY)
    base = default
    if slug is not None:
        if slug in _BY_SLUG:
            base = _BY_SLUG[slug]
        else:
            known = ", ".join(_BY_SLUG)
            warnings.append(
                line(
                    SCENARIO_KEY,
                    "url.unknown_scenario",
                    slug=repr(slug),
                    known=known,
                    used=scenario_name(default.name, lang),
                )
            )
    columns: dict[int, dict[str, str]] = {}
    for key, value in params.items():
        m = _COLUMN_KEY.fullmatch(key)
        if m is not None:
            columns.setdefault(int(m.group(1)), {})[m.group(2)] = value
    if not columns:
        n = len(base.views)
        if COUNT_KEY in params and params[COUNT_KEY] != str(n):
            warnings.append(
                line(
                    COUNT_KEY,
                    "url.needs_columns",
                    scenario=scenario_name(base.name, lang),
                )
            )
        return ParsedComparison(base.views, ((),) * n, tuple(warnings))

    n = _column_count(params.get(COUNT_KEY), columns, warnings, lang)
    for i in sorted(columns):
        if i >= n:
            warnings.append(line(f"c{i}", "url.extra_column", last=f"c{n - 1}"))
    views: list[ViewConfig] = []
    column_warnings: list[tuple[str, ...]] = []
    fallback = base.views if len(base.views) >= n else default.views
    for i in range(n):
        given = columns.get(i)
        lines: list[str] = []
        if not given:
            view = fallback[i] if i < len(fallback) else default.views[0]
            lines.append(line(f"c{i}", "url.no_settings", view=view.label_in(lang)))
        else:
            for name in given:
                if name not in COLUMN_FIELDS:
                    lines.append(
                        line(
                            f"c{i}.{name}",
                            "url.not_setting",
                            allowed=", ".join(COLUMN_FIELDS),
                        )
                    )
            view, more = ViewConfig.from_query(
                {k: v for k, v in given.items() if k in COLUMN_FIELDS}, lang
            )
            lines += more
        views.append(view)
        column_warnings.append(tuple(lines))
    return ParsedComparison(tuple(views), tuple(column_warnings), tuple(warnings))


def _column_count(
    text: str | None,
    columns: Mapping[int, Any],
    warnings: list[str],
    lang: str = DEFAULT_LANG,
) -> int:
    """The ``cmp`` count if valid, else one more than the highest column given."""
    inferred = min(max(max(columns) + 1, MIN_COLUMNS), MAX_COLUMNS)
    if text is None:
        return inferred
    count = whole_number(text)
    if count is not None and MIN_COLUMNS <= count <= MAX_COLUMNS:
        return count
    message = t(
        "url.column_count",
        lang,
        lo=MIN_COLUMNS,
        hi=MAX_COLUMNS,
        got=shown(text),
        n=inferred,
    )
    label = field_label(COUNT_KEY, lang)
    warnings.append(t("err.line", lang, field=label, message=message))
    return inferred


def scenario_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A scenario's name in ``lang`` (the stored English name is its key).

    Args:
        name: a key of SCENARIOS; anything else comes back unchanged.
        lang: "en" or "zh".

    Returns:
        The name to show.
    """
    scenario = SCENARIOS.get(name)
    if scenario is None:
        return name
    return t(f"sc.{scenario.slug}", lang, default=scenario.name)


def scenario_note(scenario: Scenario, lang: str = DEFAULT_LANG) -> str:
    """A scenario's explanation (Markdown, shown above the columns) in ``lang``."""
    return t(f"scn.{scenario.slug}", lang)
