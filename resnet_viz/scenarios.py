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
    """A named comparison: its columns and a few words on why it is worth making."""

    name: str
    slug: str  # the URL's ``scenario=`` value
    views: tuple[ViewConfig, ...]
    note: str  # Markdown, shown above the columns


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
        "An ImageNet ResNet expects 224×224 photos. Its stem — a 7×7 conv with "
        "stride 2, then a 3×3 max-pool with stride 2 — divides each side by 4 before "
        "the first residual block, and the stages divide by 8 more. Give it a 32×32 "
        "CIFAR image (②) and the first stage already sees 8×8 maps; layer4 ends at "
        "1×1, where its 3×3 convs look mostly at zero padding. The weights are the "
        "same, only the maps shrank. CIFAR versions keep the resolution instead: "
        "swap the stem for one 3×3 stride-1 conv without pooling (③), or use He et "
        "al.'s own CIFAR family — three stages of 16, 32 and 64 channels on 32×32, "
        "16×16 and 8×8 maps (④, resnet20).",
    ),
    Scenario(
        "Stride on 3×3 vs 1×1 (ResNet-50)",
        "stride-on",
        (_view("resnet50", "224"), _view("resnet50", "224", stride_on="1x1")),
        "Where a downsampling bottleneck puts its stride decides what its first 1×1 "
        "conv costs. torchvision (ResNet v1.5, ①) strides on the 3×3, so the 1×1 "
        "before it runs on the full map; the paper (②) strides on that first 1×1, "
        "which then produces the small map directly. Same weights, same shapes after "
        "every block — and the reason the paper quotes 3.8 G for ResNet-50 where "
        "torchvision says 4.09 G.",
    ),
    Scenario(
        "Shortcut A vs B vs C",
        "shortcuts",
        (
            _view("resnet34", "224", shortcut="A"),
            _view("resnet34", "224", shortcut="B"),
            _view("resnet34", "224", shortcut="C"),
        ),
        "He et al. tried three shortcuts where a block changes the shape. A "
        "subsamples the input and pads the new channels with zeros (no weights); B "
        "uses a 1×1 projection conv only there; C projects on every block. The main "
        "path is identical, so every difference below is shortcut weights and their "
        "MACs.",
    ),
    Scenario(
        "ResNet-50 vs ResNeXt-50 vs Wide ResNet-50",
        "resnext-wide",
        (
            _view("resnet50", "224"),
            _view("resnext50_32x4d", "224"),
            _view("wide_resnet50_2", "224"),
        ),
        "Three ways to spend a bottleneck's middle 3×3 conv: ResNet-50's 64 channels "
        "in one group, ResNeXt's 128 channels split into 32 groups of 4, and Wide "
        "ResNet's 128 channels in one group. The tensors between blocks are the "
        "same; only what happens inside each block changes.",
    ),
    Scenario(
        "Plain-34 vs ResNet-34",
        "plain-vs-resnet",
        (_view("plain34", "224"), _view("resnet34", "224")),
        "The plain net of He et al.'s Figure 3 has exactly ResNet-34's convolutions "
        "but no shortcuts. Shortcuts barely change the numbers — identity costs "
        "nothing, only the three projections have weights — yet they are what lets "
        "34 layers train better than 18.",
    ),
    Scenario(
        "ResNet-50 vs ResNet-50-C vs ResNet-50-D",
        "resnet-c-d",
        (
            _view("resnet50", "224"),
            _view("resnet50c", "224"),
            _view("resnet50d", "224"),
        ),
        "He et al.'s “Bag of Tricks” (2019) keeps ResNet-50's stages and changes "
        "the two places where it throws information away. ResNet-C (②) replaces the "
        "7×7 stem conv with three 3×3 convs. ResNet-D (③) also puts a 2×2 average "
        "pool in front of each downsampling shortcut: a 1×1 conv with stride 2 reads "
        "one pixel in four and ignores the other three, while the pool lets all of "
        "them in, and the 1×1 after it runs with stride 1 on the pooled map.",
    ),
    Scenario(
        "ResNet v1 vs v2 (pre-activation)",
        "v1-vs-v2",
        (_view("resnet50", "224"), _view("resnetv2_50", "224")),
        "The same ResNet-50 with its blocks reordered (He et al. 2016, “Identity "
        "Mappings”): v1 (①) runs conv → BN → ReLU and a ReLU after each add; v2 (②) "
        "runs BN → ReLU → conv and nothing after the add, so the shortcut carries x "
        "from block to block untouched, with one final BN-ReLU before the pool.",
    ),
    Scenario(
        "ResNet-110 vs pre-act ResNet-110 vs pre-act ResNet-164",
        "preact-cifar",
        (
            _view("resnet110", "32"),
            _view("preact_resnet110", "32"),
            _view("preact_resnet164", "32"),
        ),
        "He et al.'s CIFAR nets before and after “Identity Mappings”: ② is ① with "
        "only the order inside each block changed; ③ goes deeper with bottleneck "
        "blocks (164 layers) on about the same number of parameters.",
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
        "Zagoruyko & Komodakis (2016) widen a pre-activation CIFAR net instead of "
        "deepening it: WRN-d-k has stages of 16k, 32k and 64k channels. WRN-28-10 "
        "(②) is far larger than ResNet-110 (①); WRN-40-4 (③) and ResNet-1001 (④) "
        "are the paper's pair of similar size, one wide and shallow, one thin and "
        "deep.",
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
    sep = "，" if lang == "zh" else ", "
    return sep.join(f"{field_name(k, lang)}={value_text(v)}" for k, v in view.overrides)


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
                    default=scenario_name(default.name, lang),
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
    key = f"sc.{scenario.slug}"
    text = t(key, lang)
    return scenario.name if text == key or lang == DEFAULT_LANG else text


def scenario_note(scenario: Scenario, lang: str = DEFAULT_LANG) -> str:
    """A scenario's explanation (Markdown) in ``lang``; English is the stored note."""
    key = f"scn.{scenario.slug}"
    text = t(key, lang)
    return scenario.note if text == key or lang == DEFAULT_LANG else text
