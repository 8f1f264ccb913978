"""Architecture specs, the preset registry, and the one place configs are validated.

Owns ArchSpec, ARCHS and ConfigError. Imports only the standard library and the i18n
catalogue (plain data): the CLI, the builder and the app's URL handling all validate
through the functions here.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .i18n import DEFAULT_LANG, normalise_lang, t

BLOCK_KINDS = ("basic", "bottleneck", "vgg")
# The deep stems are He et al. 2019's ("Bag of Tricks", Fig. 2b) three-3x3 stems as
# timm names them: "deep" (ResNet-C/D, 32-32-64), "deep-wide" (ResNet-S, 64-64-128),
# "tiered" (ResNet-T, 24-32-64).
STEMS = ("imagenet", "cifar", "none", "deep", "deep-wide", "tiered")
DEEP_STEMS = ("deep", "deep-wide", "tiered")
# D is He et al. 2019's ResNet-D shortcut: a 2x2 average pool, then a stride-1 1x1
# projection, where the shape changes (timm's avg_down).
SHORTCUTS = ("A", "B", "C", "D")
STRIDE_PLACES = ("3x3", "1x1")
# Block order: "post" activation (He et al. 2015: conv-BN-ReLU, ReLU after the add) or
# "pre" activation (He et al. 2016, "Identity Mappings": BN-ReLU-conv, nothing after
# the add, a final BN-ReLU before the pool).
ORDERS = ("post", "pre")

MAX_STAGES = 8
MAX_BLOCKS_PER_STAGE = 1000
MAX_WIDTH = 16384
MAX_CLASSES = 1_000_000
MAX_SIDE = 1 << 16


def field_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """A setting's name as an error names it: "layers" in English; in another
    language its label with the name itself in brackets, "每个阶段的块数（layers）",
    because URLs and flags use the name.

    Args:
        name: a field, flag or URL key ("layers", "input", "growth_rate", ...).
        lang: "en" or "zh".

    Returns:
        The label; ``name`` itself in English or when the catalogue has none.
    """
    return t(f"fld.{name}", lang, default=t(f"zoo.p_{name}", lang, default=name))


def field_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A setting's name for a sentence: "input" in English, "输入尺寸" in Chinese.

    ``field_label`` without the bracketed flag name that an error message keeps for
    the URL and the command line; compare sentences and captions name the field in
    the reader's words.

    Args:
        name: a field, flag or URL key.
        lang: "en" or "zh".

    Returns:
        The label; ``name`` itself in English or when the catalogue has none.
    """
    label = field_label(name, lang)
    return label.removesuffix(f"（{name}）") or label


class ConfigError(ValueError):
    """A configuration value that cannot be built, with the field it belongs to.

    ``str(err)`` is one line that names the field and says what is allowed, so the
    command line can show it as it is (always English). Raised with a catalogue
    ``key`` and its ``values``, the message is the catalogue's English text and
    ``text(lang)`` gives the same line in another language for the app.
    """

    def __init__(
        self,
        field_name: str,
        message: str = "",
        *,
        key: str = "",
        values: Mapping[str, object] | None = None,
    ) -> None:
        self.key = key
        self.values = dict(values or {})
        if key and not message:
            message = t(key, DEFAULT_LANG, **self.values)
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message

    def detail(self, lang: str = DEFAULT_LANG) -> str:
        """What is wrong, without the field, in ``lang``.

        Args:
            lang: "en" or "zh".

        Returns:
            The catalogue's text for this error; ``message`` (English) in English or
            when the error was raised without a key.
        """
        if not self.key or normalise_lang(lang) == DEFAULT_LANG:
            return self.message
        return t(self.key, lang, **self.values)

    def field_label(self, lang: str = DEFAULT_LANG) -> str:
        """The field as ``field_label`` names it in ``lang``."""
        return field_label(self.field, lang)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The whole one-line message in ``lang``; ``str(err)`` in English.

        Args:
            lang: "en" or "zh".

        Returns:
            e.g. "groups: must divide every stage width (got 3 and 64)", or in
            Chinese "分组数（groups）：必须能整除每个阶段的宽度（收到 3 和 64）".
        """
        if normalise_lang(lang) == DEFAULT_LANG:
            return str(self)
        return t(
            "err.line", lang, field=self.field_label(lang), message=self.detail(lang)
        )


@dataclass(frozen=True, slots=True)
class ArchSpec:
    """Everything needed to build one ResNet-family network, as plain values.

    Field names equal the command line's flags (``--width-per-group`` ->
    ``width_per_group``), so a URL, a flag and a field are one name.
    """

    block: str = "basic"
    layers: tuple[int, ...] = (2, 2, 2, 2)  # blocks per stage
    widths: tuple[int, ...] = (64, 128, 256, 512)  # "planes" of each stage
    groups: int = 1
    width_per_group: int = 64
    stem: str = "imagenet"
    shortcut: str = "B"
    stride_on: str = "3x3"
    plain: bool = False
    classes: int = 1000
    in_channels: int = 3
    se_ratio: float = 0.0  # squeeze-and-excitation in every block; 0 = none
    order: str = "post"  # "pre": BN-ReLU-conv blocks (He et al. 2016, v2)
    width_factor: int = 1  # WRN's k: stage widths x k, the stem unchanged (Zagoruyko)
    family: str = field(default="custom", compare=False)

    @property
    def expansion(self) -> int:
        """Output channels of a block per unit of stage width (4 for bottlenecks)."""
        return 4 if self.block == "bottleneck" else 1

    @property
    def stem_width(self) -> int:
        """Channels out of the stem: the first stage's width, as in torchvision (64),
        He et al.'s CIFAR nets and WRNs (16, before the width factor); twice that for
        the "deep-wide" stem (timm's resnet*s: 64-64-128)."""
        return 2 * self.widths[0] if self.stem == "deep-wide" else self.widths[0]

    @property
    def stem_widths(self) -> tuple[int, ...]:
        """Output channels of each stem conv: one for the 7x7 and CIFAR stems; three
        for the deep stems, as timm builds them from stem_width = widths[0] / 2 (32):
        deep (32, 32, 64), deep-wide (64, 64, 128), tiered (3 * (32 // 4), 32, 64)."""
        w = self.widths[0]
        if self.stem == "deep":
            return (w // 2, w // 2, w)
        if self.stem == "deep-wide":
            return (w, w, 2 * w)
        if self.stem == "tiered":
            return (3 * (w // 2 // 4), w // 2, w)
        return (w,)

    @property
    def stage_widths(self) -> tuple[int, ...]:
        """Planes of each stage after WRN's width factor: widths x width_factor."""
        return tuple(w * self.width_factor for w in self.widths)

    @property
    def depth(self) -> int:
        """Weighted layers on the main path, the number in a name like "resnet50"
        or "vgg19" (SE's two 1x1 convs per block are not counted, as in Hu et al.;
        a deep stem counts as one layer, as in timm's resnet50d)."""
        per_block, outside = _DEPTH[self.block]
        return per_block * sum(self.layers) + outside

    def to_dict(self) -> dict[str, Any]:
        """Every resolved field as JSON-ready plain values."""
        d = dataclasses.asdict(self)
        d.pop("family")
        d["layers"] = list(self.layers)
        d["widths"] = list(self.widths)
        return d


# (weighted layers per block, weighted layers outside the blocks): a ResNet has the
# stem conv and the fc; a VGG "block" is one conv, and the head has three fc layers.
_DEPTH: dict[str, tuple[int, int]] = {
    "basic": (2, 2),
    "bottleneck": (3, 2),
    "vgg": (1, 3),
}


# How an SE module rounds its squeeze width C x ratio: "timm" (the default, and what
# the seresnet presets use, so their parameters equal timm's models of the same name)
# or "paper" (Hu et al. 2018: C / r, rounded to the nearest integer).
SE_ROUNDINGS = ("timm", "paper")
SE_DIVISOR = 8  # timm's rd_divisor for SEModule


def se_channels(channels: int, se_ratio: float, rounding: str = "timm") -> int:
    """Squeeze width of an SE module.

    "timm" is timm 1.0's ``SEModule``: ``make_divisible(C * ratio, 8, round_limit=0)``,
    i.e. ``max(8, int(C * ratio + 4) // 8 * 8)``, the nearest multiple of 8 (halves
    up) and at least 8; with round_limit 0 it never adds a further 8. It differs
    from the paper's C / 16 below 256 channels: 64 -> 8 (not 4), 96 -> 8 (not 6),
    200 -> 16 (not 12). "paper" is ``C * ratio`` rounded, halves up.

    Args:
        channels: C, the channels the module gates.
        se_ratio: 1 / r, e.g. 1/16.
        rounding: one of ``SE_ROUNDINGS``.
    """
    if rounding == "paper":
        return math.floor(channels * se_ratio + 0.5)
    v = channels * se_ratio
    return max(SE_DIVISOR, int(v + SE_DIVISOR / 2) // SE_DIVISOR * SE_DIVISOR)


def natural_input(spec: ArchSpec) -> int:
    """The side of the square input a network was designed for: 32 with a CIFAR stem
    (He et al. 2016, Sec. 4.2), else 224 (ImageNet). Every entry point (``trace``,
    the command line, the app and its URLs) uses it when no input is given."""
    return 32 if spec.stem == "cifar" else 224


ARCHS: dict[str, ArchSpec] = {}


def register_arch(name: str, spec: ArchSpec) -> ArchSpec:
    """Add a preset; a duplicate name raises, so two presets never shadow each other."""
    if name in ARCHS:
        raise ValueError(f"architecture {name!r} is already registered")
    validate_spec(spec)
    ARCHS[name] = spec
    return spec


def list_archs(family: str | None = None) -> list[str]:
    """Preset names in registration order, optionally only one family's."""
    return [n for n, s in ARCHS.items() if family is None or s.family == family]


# --- validation and parsing: the rules every entry point shares ----------------------
# ASCII digits only: str.isdigit() and the regex class \d also accept "²" and "٣",
# which int() then rejects or reads. Python refuses to convert more than 4,300 digits,
# so a length check comes before int().
_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)
MAX_DIGITS = 18


def whole_number(text: str, max_digits: int = MAX_DIGITS) -> int | None:
    """``text`` as an int when it is a plain whole number (ASCII digits, an optional
    sign, at most ``max_digits`` digits), else None. Never raises."""
    text = text.strip()
    if len(text.lstrip("+-")) > max_digits or not _WHOLE.fullmatch(text):
        return None
    return int(text)


def parse_int(field_name: str, value: Any, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi``, typed or as text; the one integer rule
    of every field, flag and URL parameter.

    Raises:
        ConfigError: on ``field_name``, saying the range (and how many digits came,
            for a number too long to quote).
    """
    if isinstance(value, bool):
        raise ConfigError(field_name, key="err.int", values={"lo": lo, "hi": hi})
    if isinstance(value, str):
        text = value.strip()
        digits = len(text.lstrip("+-"))
        number = whole_number(text)
        if number is None and digits > MAX_DIGITS and text.lstrip("+-").isdigit():
            value = None  # quoted by its length below
        else:
            value = text if number is None else number
    else:
        digits = 0
    if isinstance(value, int) and lo <= value <= hi:
        return value
    if isinstance(value, int) and value.bit_length() > 60:
        digits = int(value.bit_length() * 0.30103) + 1  # about; repr would raise
        value = None
    if value is None:
        values = {"lo": lo, "hi": hi, "digits": f"{digits:,}"}
        raise ConfigError(field_name, key="err.digits", values=values)
    raise ConfigError(
        field_name, key="err.int_got", values={"lo": lo, "hi": hi, "got": shown(value)}
    )


_int = parse_int


def shown(value: object, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters: what a one-line error quotes of
    what came (a 10 kB URL value stays a one-line message)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _int_tuple(field_name: str, value: Any, lo: int, hi: int) -> tuple[int, ...]:
    if isinstance(value, str):
        parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        raise ConfigError(field_name, key="err.int_list")
    if not parts:
        raise ConfigError(field_name, key="err.no_stage")
    if len(parts) > MAX_STAGES:
        raise ConfigError(
            field_name,
            key="err.max_stages",
            values={"max": MAX_STAGES, "n": len(parts)},
        )
    out = []
    for p in parts:
        try:
            out.append(_int(field_name, p, lo, hi))
        except ConfigError:
            raise ConfigError(
                field_name,
                key="err.int_entry",
                values={"lo": lo, "hi": hi, "got": shown(p)},
            ) from None
    return tuple(out)


def _choice(field_name: str, value: Any, allowed: tuple[str, ...]) -> str:
    text = str(value).strip()
    for a in allowed:
        if text.lower() == a.lower():
            return a
    raise ConfigError(field_name, key="err.choice", values=_one_of(allowed, text))


def _one_of(allowed: Iterable[str], got: object) -> dict[str, object]:
    """The values of the catalogue's "err.choice": the choices and what came."""
    return {"allowed": ", ".join(allowed), "got": shown(got)}


def _ratio(field_name: str, value: Any) -> float:
    """A fraction from 0 to 1, typed (0.0625) or as text ("0.0625" or "1/16")."""
    if isinstance(value, bool):
        raise ConfigError(field_name, key="err.ratio")
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 40 or not text.isascii():
            raise ConfigError(
                field_name, key="err.ratio_got", values={"got": shown(text)}
            )
        m = re.fullmatch(r"([0-9]+)\s*/\s*([0-9]+)", text, re.ASCII)
        try:
            value = int(m[1]) / int(m[2]) if m else float(text)
        except (ValueError, ZeroDivisionError):
            raise ConfigError(
                field_name, key="err.ratio_got", values={"got": shown(text)}
            ) from None
    if not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(field_name, key="err.ratio_got", values={"got": shown(value)})
    return float(value)


# The same parsers under public names, for the block zoo's settings (zoo/spec.py).
parse_int, parse_choice, parse_ratio = _int, _choice, _ratio


def _bool(field_name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(field_name, key="err.bool", values={"got": shown(value)})


# Each overridable field and the parser that turns a typed or string value into it.
_PARSERS = {
    "block": lambda v: _choice("block", v, BLOCK_KINDS),
    "layers": lambda v: _int_tuple("layers", v, 1, MAX_BLOCKS_PER_STAGE),
    "widths": lambda v: _int_tuple("widths", v, 1, MAX_WIDTH),
    "groups": lambda v: _int("groups", v, 1, MAX_WIDTH),
    "width_per_group": lambda v: _int("width_per_group", v, 1, MAX_WIDTH),
    "stem": lambda v: _choice("stem", v, STEMS),
    "shortcut": lambda v: _choice("shortcut", v, SHORTCUTS),
    "stride_on": lambda v: _choice("stride_on", v, STRIDE_PLACES),
    "plain": lambda v: _bool("plain", v),
    "classes": lambda v: _int("classes", v, 1, MAX_CLASSES),
    "in_channels": lambda v: _int("in_channels", v, 1, MAX_WIDTH),
    "se_ratio": lambda v: _ratio("se_ratio", v),
    "order": lambda v: _choice("order", v, ORDERS),
    "width_factor": lambda v: _int("width_factor", v, 1, MAX_WIDTH),
}
OVERRIDE_FIELDS = tuple(_PARSERS)
# The fields a person sets by name (flags, widgets, URL keys); in_channels comes from
# the input size (CxHxW) instead.
SPEC_FIELDS = tuple(f for f in OVERRIDE_FIELDS if f != "in_channels")


def parse_field(name: str, value: Any) -> Any:
    """Parse one ArchSpec field from a typed or string value, with the CLI's rules.

    Raises:
        ConfigError: for an unknown field or a value that is not allowed.
    """
    if name not in _PARSERS:
        raise ConfigError(
            name, key="err.not_setting", values={"allowed": ", ".join(_PARSERS)}
        )
    return _PARSERS[name](value)


def validate_spec(spec: ArchSpec) -> ArchSpec:
    """Check the cross-field rules that single values cannot; return the spec unchanged.

    Raises:
        ConfigError: naming the first field that breaks a rule.
    """
    for name, parse in _PARSERS.items():
        parse(getattr(spec, name))  # re-check types and ranges of hand-built specs
    if len(spec.widths) != len(spec.layers):
        raise ConfigError(
            "widths",
            key="err.widths_count",
            values={"stages": len(spec.layers), "widths": len(spec.widths)},
        )
    if spec.block == "vgg":
        _validate_vgg(spec)
        return spec
    if spec.stem == "none":
        raise ConfigError("stem", key="err.stem_none")
    _validate_widths(spec)
    if spec.block == "basic":
        # torchvision's BasicBlock refuses width_per_group too: it has no inner width.
        if spec.width_per_group != 64:
            raise ConfigError("width_per_group", key="err.wpg_basic")
        if spec.stride_on != "3x3":
            raise ConfigError("stride_on", key="err.stride_on_basic")
        for w in spec.stage_widths:
            if w % spec.groups:
                raise ConfigError(
                    "groups",
                    key="err.groups_divide",
                    values={"groups": spec.groups, "width": w},
                )
    else:
        for w in spec.stage_widths:
            if w * spec.width_per_group // 64 < 1:
                raise ConfigError(
                    "width_per_group", key="err.wpg_small", values={"width": w}
                )
    if spec.se_ratio:
        for w in spec.stage_widths:
            if se_channels(w * spec.expansion, spec.se_ratio) < 1:
                raise ConfigError(
                    "se_ratio",
                    key="err.se_small",
                    values={
                        "channels": w * spec.expansion,
                        "ratio": f"{spec.se_ratio:g}",
                    },
                )
    if spec.shortcut == "A" and not spec.plain:
        chans = [spec.stem_width] + [w * spec.expansion for w in spec.stage_widths]
        for a, b in itertools.pairwise(chans):
            if b < a:
                raise ConfigError(
                    "shortcut", key="err.shortcut_a", values={"a": a, "b": b}
                )
    return spec


# The smallest first-stage width each deep stem can be built from: every conv of
# ``ArchSpec.stem_widths`` needs at least one channel (tiered: 3 * (w // 2 // 4)).
_STEM_MIN_WIDTH = {"deep": 2, "deep-wide": 1, "tiered": 8}


def _validate_widths(spec: ArchSpec) -> None:
    """The width factor and the deep stems keep every conv between 1 and MAX_WIDTH
    channels, so they cost no more than widths a visitor could type directly."""
    for w in spec.widths:
        if w * spec.width_factor > MAX_WIDTH:
            raise ConfigError(
                "width_factor",
                key="err.wf_large",
                values={"width": w, "k": spec.width_factor, "max": MAX_WIDTH},
            )
    w0 = spec.widths[0]
    if spec.stem in _STEM_MIN_WIDTH and w0 < _STEM_MIN_WIDTH[spec.stem]:
        raise ConfigError(
            "stem",
            key="err.stem_small",
            values={"stem": spec.stem, "min": _STEM_MIN_WIDTH[spec.stem], "width": w0},
        )
    if spec.stem == "deep-wide" and 2 * w0 > MAX_WIDTH:
        raise ConfigError(
            "stem",
            key="err.stem_wide_large",
            values={"max": MAX_WIDTH // 2, "width": w0},
        )


def _validate_vgg(spec: ArchSpec) -> None:
    """VGG (Simonyan & Zisserman 2015): plain 3x3 conv stacks, no stem, no shortcuts,
    no groups and no SE; the ResNet-only fields must keep their neutral values."""
    if spec.stem != "none":
        raise ConfigError("stem", key="err.vgg_stem")
    if not spec.plain:
        raise ConfigError("plain", key="err.vgg_plain")
    neutral = (
        ("groups", 1),
        ("width_per_group", 64),
        ("stride_on", "3x3"),
        ("se_ratio", 0.0),
        ("width_factor", 1),
    )
    for name, value in neutral:
        if getattr(spec, name) != value:
            raise ConfigError(name, key="err.vgg_neutral", values={"value": value})
    if spec.order != "post":
        raise ConfigError("order", key="err.vgg_order")


def doubling_widths(first: int, stages: int) -> tuple[int, ...]:
    """Stage widths that double from ``first`` (64 -> 64, 128, 256, 512), capped at
    MAX_WIDTH: the rule of He et al. 2016 (Table 1) that every form and link uses
    when only the number of stages changes."""
    return tuple(min(first * 2**i, MAX_WIDTH) for i in range(stages))


def resolve_config(arch: str | None = None, **overrides: Any) -> ArchSpec:
    """Start from a preset (or the default spec) and apply overrides, validated.

    Values may be typed (``layers=(3, 4, 6, 3)``) or strings as they come from a
    command line or a URL (``layers="3,4,6,3"``). ``None`` means "not given".
    When only ``layers`` changes the number of stages, widths follow the doubling rule
    from the first stage's width.

    Raises:
        ConfigError: unknown arch or field, or a value that is not allowed.
    """
    if arch is None or arch == "custom":
        base = ArchSpec()
    elif arch in ARCHS:
        base = ARCHS[arch]
    else:
        raise ConfigError(
            "arch", key="err.unknown_arch_list", values={"arch": shown(arch)}
        )
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        if value is None:
            continue
        changes[key] = parse_field(key, value)
    if (
        "layers" in changes
        and "widths" not in changes
        and len(changes["layers"]) != len(base.widths)
    ):
        changes["widths"] = doubling_widths(base.widths[0], len(changes["layers"]))
    spec = dataclasses.replace(base, **changes) if changes else base
    if changes:
        spec = dataclasses.replace(spec, family="custom")
    return validate_spec(spec)


def parse_input(
    value: int | str | Iterable[int], in_channels: int | None = None
) -> tuple[int, int, int]:
    """Turn an input size into (C, H, W).

    Accepts 224, "224", "HxW", "CxHxW" or a 1-, 2- or 3-tuple. A bare size means a
    square image; a missing channel count is ``in_channels`` (3 if not given).

    Raises:
        ConfigError: on the field ``input``.
    """
    if isinstance(value, bool):
        raise ConfigError("input", key="err.input")
    if isinstance(value, int):
        parts: list[Any] = [value]
    elif isinstance(value, str):
        text = value.strip().lower().replace("\u00d7", "x")
        parts = [p.strip() for p in re.split(r"[x,*]", text)] if text else []
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        raise ConfigError("input", key="err.input_got", values={"got": shown(value)})
    if not 1 <= len(parts) <= 3:
        raise ConfigError("input", key="err.input_got", values={"got": shown(value)})
    nums = []
    for p in parts:
        try:
            nums.append(_int("input", p, 1, MAX_SIDE))
        except ConfigError:
            raise ConfigError(
                "input",
                key="err.input_sides",
                values={"max": MAX_SIDE, "got": shown(value)},
            ) from None
    if len(nums) == 1:
        nums = [nums[0], nums[0]]
    if len(nums) == 2:
        nums = [in_channels or 3, *nums]
    c, h, w = nums
    if c > MAX_WIDTH:
        raise ConfigError(
            "input", key="err.input_channels", values={"max": MAX_WIDTH, "c": c}
        )
    return c, h, w


# --- torchvision's ImageNet presets (torchvision/models/resnet.py) -------------------
_TV = "torchvision"
register_arch("resnet18", ArchSpec("basic", (2, 2, 2, 2), family=_TV))
register_arch("resnet34", ArchSpec("basic", (3, 4, 6, 3), family=_TV))
register_arch("resnet50", ArchSpec("bottleneck", (3, 4, 6, 3), family=_TV))
register_arch("resnet101", ArchSpec("bottleneck", (3, 4, 23, 3), family=_TV))
register_arch("resnet152", ArchSpec("bottleneck", (3, 8, 36, 3), family=_TV))
_rx = dict(block="bottleneck", family=_TV)
register_arch(
    "resnext50_32x4d",
    ArchSpec(layers=(3, 4, 6, 3), groups=32, width_per_group=4, **_rx),
)
register_arch(
    "resnext101_32x8d",
    ArchSpec(layers=(3, 4, 23, 3), groups=32, width_per_group=8, **_rx),
)
register_arch(
    "resnext101_64x4d",
    ArchSpec(layers=(3, 4, 23, 3), groups=64, width_per_group=4, **_rx),
)
# Wide ResNet-50-2: the bottleneck's inner 3x3 is twice as wide; outer widths unchanged.
register_arch(
    "wide_resnet50_2", ArchSpec(layers=(3, 4, 6, 3), width_per_group=128, **_rx)
)
register_arch(
    "wide_resnet101_2", ArchSpec(layers=(3, 4, 23, 3), width_per_group=128, **_rx)
)

# --- He et al. 2016, Sec. 4.2: CIFAR-10 nets of 6n+2 layers -------------------------
# 3x3 stem with 16 filters, three stages of 16/32/64 filters with n basic blocks each,
# option A (parameter-free) shortcuts, global average pool, 10-way fc.
for _n in (3, 5, 7, 9, 18, 200):
    register_arch(
        f"resnet{6 * _n + 2}",
        ArchSpec(
            "basic",
            (_n, _n, _n),
            widths=(16, 32, 64),
            stem="cifar",
            shortcut="A",
            classes=10,
            family="cifar",
        ),
    )

# --- Plain twins: the same layers, every shortcut removed (He et al. 2016, Fig. 3)
for _name in [n for n, s in ARCHS.items() if s.groups == 1 and s.width_per_group == 64]:
    _spec = ARCHS[_name]
    register_arch(
        "plain" + _name.removeprefix("resnet"),
        dataclasses.replace(_spec, plain=True, family="plain-" + _spec.family),
    )

# --- Hu et al. 2018 (Squeeze-and-Excitation Networks), Table 2: SE in every block ----
# Reduction ratio r = 16 (Sec. 6.1), the SE module on the residual branch before the add
# (Fig. 3). The 18/34-layer nets put it after the second 3x3 of each basic block, as
# timm's seresnet18/34 do.
for _name in ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152"):
    register_arch(
        "se" + _name, dataclasses.replace(ARCHS[_name], se_ratio=1 / 16, family="se")
    )

# --- Simonyan & Zisserman 2015, Table 1, configurations D and E ----------------------
# Five groups of 3x3 convs (ReLU, no BN) as stages layer1..layer5, each ending in a 2x2
# max-pool; then torchvision's 7x7 adaptive average pool and three fc layers.
_VGG = dict(block="vgg", widths=(64, 128, 256, 512, 512), stem="none", plain=True)
register_arch("vgg16", ArchSpec(layers=(2, 2, 3, 3, 3), family="vgg", **_VGG))
register_arch("vgg19", ArchSpec(layers=(2, 2, 4, 4, 4), family="vgg", **_VGG))

# --- He et al. 2019 ("Bag of Tricks", Sec. 4.1) as timm builds them (resnet.py) -----
# ResNet-B is the stride on the 3x3, already the default. C: the deep stem; D: the
# deep stem and the avg-pool-then-1x1 shortcut (option D); S: the deep stem at 64-64-128
# (timm's, from Gluon); T: the tiered stem 24-32-64 and option D. Every conv, BN and
# state_dict key equals timm's (tests/core/test_family.py).
_TIMM = "timm"
_TIMM_NETS = {
    "resnet10t": ("basic", (1, 1, 1, 1), "tiered", "D"),
    "resnet14t": ("bottleneck", (1, 1, 1, 1), "tiered", "D"),
    "resnet18d": ("basic", (2, 2, 2, 2), "deep", "D"),
    "resnet26": ("bottleneck", (2, 2, 2, 2), "imagenet", "B"),
    "resnet26d": ("bottleneck", (2, 2, 2, 2), "deep", "D"),
    "resnet34d": ("basic", (3, 4, 6, 3), "deep", "D"),
    "resnet50c": ("bottleneck", (3, 4, 6, 3), "deep", "B"),
    "resnet50d": ("bottleneck", (3, 4, 6, 3), "deep", "D"),
    "resnet50s": ("bottleneck", (3, 4, 6, 3), "deep-wide", "B"),
    "resnet50t": ("bottleneck", (3, 4, 6, 3), "tiered", "D"),
    "resnet101d": ("bottleneck", (3, 4, 23, 3), "deep", "D"),
    "resnet152d": ("bottleneck", (3, 8, 36, 3), "deep", "D"),
    "resnet200": ("bottleneck", (3, 24, 36, 3), "imagenet", "B"),
    "resnet200d": ("bottleneck", (3, 24, 36, 3), "deep", "D"),
}
for _name, (_block, _layers, _stem, _sc) in _TIMM_NETS.items():
    register_arch(
        _name, ArchSpec(_block, _layers, stem=_stem, shortcut=_sc, family=_TIMM)
    )

# --- He et al. 2016, "Identity Mappings": pre-activation on ImageNet (timm's
# resnetv2_*, BatchNorm variants: plain convs, BN + ReLU). The d variants add the deep
# stem and option D, t the tiered stem. Top-level paths are ours (conv1, layerK.i,
# norm, fc), not timm's (stem.conv, stages.K.blocks.i, norm, head.fc); inside a block
# they are timm's.
_V2 = "timm-v2"
_V2_NETS = {
    "resnetv2_18": ("basic", (2, 2, 2, 2)),
    "resnetv2_34": ("basic", (3, 4, 6, 3)),
    "resnetv2_50": ("bottleneck", (3, 4, 6, 3)),
    "resnetv2_101": ("bottleneck", (3, 4, 23, 3)),
    "resnetv2_152": ("bottleneck", (3, 8, 36, 3)),
}
for _name, (_block, _layers) in _V2_NETS.items():
    _v2 = ArchSpec(_block, _layers, order="pre", family=_V2)
    register_arch(_name, _v2)
    register_arch(_name + "d", dataclasses.replace(_v2, stem="deep", shortcut="D"))
register_arch(
    "resnetv2_50t",
    dataclasses.replace(ARCHS["resnetv2_50"], stem="tiered", shortcut="D"),
)

# --- He et al. 2016, "Identity Mappings", Table 3: pre-activation nets on CIFAR ----
# preact_resnet110 is resnet110 with the block order changed and nothing else (option
# A, basic blocks), so the two differ only where BN and ReLU sit. ResNet-164 and -1001
# are bottleneck nets of 9n + 2 layers (n = 18, 111) with 1x1 projections (no BN,
# PreActProjection) where the shape changes; the paper gives 1.7 M and 10.2 M
# parameters. Stride on the 3x3 as in timm's PreActBottleneck (the count of
# parameters does not depend on it).
_CIFAR = dict(widths=(16, 32, 64), stem="cifar", classes=10, order="pre")
register_arch(
    "preact_resnet110",
    ArchSpec("basic", (18, 18, 18), shortcut="A", family="preact-cifar", **_CIFAR),
)
for _n in (18, 111):
    register_arch(
        f"preact_resnet{9 * _n + 2}",
        ArchSpec("bottleneck", (_n, _n, _n), family="preact-cifar", **_CIFAR),
    )

# --- Zagoruyko & Komodakis 2016, "Wide Residual Networks": WRN-d-k on CIFAR --------
# As the authors' public code (szagoruyko/wide-residual-networks, resnet.py) builds
# them: a 3x3 conv to 16 channels, three stages of n = (d - 4) / 6 pre-activation basic
# blocks of 16k, 32k and 64k channels (width_factor k; the stem stays at 16), 1x1
# projections without BN where the shape changes (their ``convdim``), a final BN-ReLU,
# global pool and fc. Table 1 / 2 give 11.0 M, 36.5 M, 8.9 M and 17.2 M parameters.
for _d, _k in ((16, 8), (28, 10), (40, 4), (22, 8)):
    _n = (_d - 4) // 6
    register_arch(
        f"wrn{_d}_{_k}",
        ArchSpec("basic", (_n, _n, _n), width_factor=_k, family="wrn", **_CIFAR),
    )
