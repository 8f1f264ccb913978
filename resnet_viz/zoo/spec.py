"""The block zoo's registry: every block kind, its typed hyper-parameters and the rules
they must follow. Standard library, resnet_viz.registry and i18n only (no torch): the
command line, the app's widgets and the builder all validate through here.

Hyper-parameter names follow the project's words (house style): ``groups`` is
ResNeXt's cardinality C, ``filters`` the seed's ``f``, ``reduction`` its ``r``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from resnet_viz.i18n import t
from resnet_viz.registry import (
    MAX_WIDTH,
    ORDERS,
    SE_ROUNDINGS,
    SHORTCUTS,
    STRIDE_PLACES,
    ConfigError,
    parse_choice,
    parse_input,
    parse_int,
    parse_ratio,
    se_channels,
)

Default = Callable[[int], Any]  # the default of a setting, from the input's channels


@dataclass(frozen=True, slots=True)
class Param:
    """One hyper-parameter of a block kind.

    ``type`` is "int" (``lo``..``hi``), "choice" (one of ``choices``), "ratio" (a
    fraction 0..1, "1/16" accepted) or "shape" (a CxHxW volume). ``help_key`` is the
    catalogue key of its help text ("zoo.h.<name>" where several kinds share it).
    """

    name: str
    type: str
    default: Default
    help_key: str
    lo: int = 1
    hi: int = MAX_WIDTH
    choices: tuple[str, ...] = ()

    def parse(self, value: Any) -> Any:
        """The typed value, or a ConfigError naming this parameter."""
        if self.type == "int":
            return parse_int(self.name, value, self.lo, self.hi)
        if self.type == "choice":
            return parse_choice(self.name, value, self.choices)
        if self.type == "ratio":
            return parse_ratio(self.name, value)
        try:
            return parse_input(value)
        except ConfigError as err:
            raise ConfigError(
                self.name, err.message, key=err.key, values=err.values
            ) from None

    @property
    def help(self) -> str:
        """The help text in English (the command line's)."""
        return t(self.help_key)

    @property
    def flag(self) -> str:
        """The command-line flag, e.g. ``--growth-rate``."""
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True, slots=True)
class BlockSpec:
    """One block kind with every hyper-parameter resolved: plain, hashable values."""

    kind: str
    in_channels: int
    settings: tuple[tuple[str, Any], ...] = field(default=())

    def __getitem__(self, name: str) -> Any:
        for key, value in self.settings:
            if key == name:
                return value
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the kind, the input channels and every setting."""
        out: dict[str, Any] = {"kind": self.kind, "in_channels": self.in_channels}
        for key, value in self.settings:
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, slots=True)
class BlockKind:
    """A block the zoo can build: its name, where it comes from, its settings; its
    title is the catalogue's ``zoo.k_<name>``."""

    name: str
    source: str  # the paper (and implementation) it follows
    params: tuple[Param, ...]
    check: Callable[[BlockSpec], None] = lambda spec: None
    n_inputs: int = 1

    @property
    def title(self) -> str:
        """Its title in English (the catalogue's ``zoo.k_<name>``)."""
        return t(f"zoo.k_{self.name}")

    def param(self, name: str) -> Param:
        """The named setting.

        Raises:
            ConfigError: naming ``name`` when this kind has no such setting.
        """
        for p in self.params:
            if p.name == name:
                return p
        allowed = ", ".join(p.name for p in self.params) or "none"
        raise ConfigError(
            name,
            key="err.not_block_setting",
            values={"kind": self.name, "allowed": allowed},
        )


# --- settings shared by several kinds -----------------------------------------------
def _const(value: Any) -> Default:
    return lambda c: value


_STRIDE = Param("stride", "int", _const(1), "zoo.h.stride", 1, 2)
_SHORTCUT = Param(
    "shortcut",
    "choice",
    _const("B"),
    "zoo.h.shortcut",
    choices=SHORTCUTS,
)
# He et al. 2016, "Identity Mappings": BN-ReLU-conv inside, nothing after the add.
_ORDER = Param(
    "order",
    "choice",
    _const("post"),
    "zoo.h.order",
    choices=ORDERS,
)
_SE = Param("se_ratio", "ratio", _const(0.0), "zoo.h.se_ratio")
# The SE squeeze width's rounding (registry.se_channels): timm's multiple of 8 (the
# presets' rule, and timm's SEModule) or the paper's C x ratio rounded.
_SE_ROUNDING = Param(
    "se_rounding",
    "choice",
    _const("timm"),
    "zoo.h.se_rounding",
    choices=SE_ROUNDINGS,
)
_FILTERS = Param("filters", "int", lambda c: c, "zoo.h.filters")


def _reduction(default: int, help_key: str) -> Param:
    return Param("reduction", "int", _const(default), help_key, 1, 1024)


# --- cross-setting rules -------------------------------------------------------------
def _check_se(spec: BlockSpec, channels: int) -> None:
    ratio = spec["se_ratio"]
    if ratio and se_channels(channels, ratio, spec["se_rounding"]) < 1:
        raise ConfigError(
            "se_ratio",
            key="err.se_small",
            values={"channels": channels, "ratio": f"{ratio:g}"},
        )


def _check_shortcut_a(spec: BlockSpec, out_ch: int) -> None:
    if spec["shortcut"] == "A" and out_ch < spec.in_channels:
        raise ConfigError(
            "shortcut",
            key="err.shortcut_a_block",
            values={"a": spec.in_channels, "b": out_ch},
        )


def _check_basic(spec: BlockSpec) -> None:
    _check_shortcut_a(spec, spec["planes"])
    _check_se(spec, spec["planes"])


def _check_bottleneck(spec: BlockSpec) -> None:
    planes, wpg, groups = spec["planes"], spec["width_per_group"], spec["groups"]
    if int(planes * (wpg / 64.0)) < 1:
        raise ConfigError(
            "width_per_group",
            key="err.wpg_small_block",
            values={"planes": planes, "wpg": wpg},
        )
    _check_shortcut_a(spec, 4 * planes)
    _check_se(spec, 4 * planes)
    del groups  # any number of groups divides int(planes * wpg / 64) * groups


def _check_reduction(spec: BlockSpec) -> None:
    if spec["reduction"] > spec["filters"]:
        raise ConfigError(
            "reduction",
            key="err.reduction_large",
            values={"r": spec["reduction"], "filters": spec["filters"]},
        )


def _check_residual_bottleneck(spec: BlockSpec) -> None:
    c, r = spec.in_channels, spec["reduction"]
    if c % 4:
        raise ConfigError("input", key="err.multiple_of_4", values={"c": c})
    if 256 % r or r > c:
        raise ConfigError(
            "reduction", key="err.reduction_pow2", values={"c": c, "r": r}
        )


def _check_resnext(spec: BlockSpec) -> None:
    c, g, r = spec.in_channels, spec["groups"], spec["reduction"]
    if c % g:
        raise ConfigError("groups", key="err.groups_input", values={"c": c, "g": g})
    if (c // g) % r:
        raise ConfigError(
            "reduction",
            key="err.reduction_divide",
            values={"per": c // g, "c": c, "g": g, "r": r},
        )


def _check_se_block(spec: BlockSpec) -> None:
    if not spec["se_ratio"]:
        raise ConfigError("se_ratio", key="err.se_zero")
    _check_se(spec, spec.in_channels)


KINDS: dict[str, BlockKind] = {}


def register_block(kind: BlockKind) -> BlockKind:
    """Add a block kind; a duplicate name raises."""
    if kind.name in KINDS:
        raise ValueError(f"block kind {kind.name!r} is already registered")
    KINDS[kind.name] = kind
    return kind


register_block(
    BlockKind(
        "basic",
        "He et al. 2016, Fig. 2 (torchvision's BasicBlock)",
        (
            Param("planes", "int", lambda c: c, "zoo.h_basic.planes"),
            _STRIDE,
            _SHORTCUT,
            _SE,
            _ORDER,
            _SE_ROUNDING,
        ),
        _check_basic,
    )
)
register_block(
    BlockKind(
        "bottleneck",
        "He et al. 2016, Fig. 5 (torchvision's Bottleneck, stride on the 3x3)",
        (
            Param("planes", "int", lambda c: max(1, c // 4), "zoo.h_bottleneck.planes"),
            _STRIDE,
            Param("groups", "int", _const(1), "zoo.h_bottleneck.groups", 1, 1024),
            Param(
                "width_per_group", "int", _const(64), "zoo.h_bottleneck.width_per_group"
            ),
            Param(
                "stride_on",
                "choice",
                _const("3x3"),
                "zoo.h_bottleneck.stride_on",
                choices=STRIDE_PLACES,
            ),
            _SHORTCUT,
            _SE,
            _ORDER,
            _SE_ROUNDING,
        ),
        _check_bottleneck,
    )
)
register_block(
    BlockKind(
        "plain_bottleneck",
        "the seed's bottleneck: 1x1 reduce, 3x3, 1x1 expand (He et al. 2016, Fig. 5)",
        (_FILTERS, _reduction(4, "zoo.h_plain_bottleneck.reduction")),
        _check_reduction,
    )
)
register_block(
    BlockKind(
        "naive_inception",
        "Szegedy et al. 2015, Fig. 2(a)",
        (
            Param(
                "filters",
                "int",
                lambda c: max(1, c // 4),
                "zoo.h_naive_inception.filters",
            ),
        ),
    )
)
register_block(
    BlockKind(
        "inception",
        "Szegedy et al. 2015, Fig. 2(b)",
        (
            Param(
                "filters", "int", lambda c: max(1, c // 4), "zoo.h_inception.filters"
            ),
            _reduction(4, "zoo.h_inception.reduction"),
        ),
        _check_reduction,
    )
)
register_block(
    BlockKind(
        "residual_bottleneck",
        "the seed's residual_block = He et al. 2016, Fig. 5 right, identity shortcut",
        (_reduction(4, "zoo.h_residual_bottleneck.reduction"),),
        _check_residual_bottleneck,
    )
)
register_block(
    BlockKind(
        "resnext",
        "Xie et al. 2017, Fig. 3: (a) split, (b) early concatenation, (c) grouped",
        (
            Param("groups", "int", _const(32), "zoo.h_resnext.groups", 1, 1024),
            _reduction(2, "zoo.h_resnext.reduction"),
            Param(
                "form",
                "choice",
                _const("grouped"),
                "zoo.h_resnext.form",
                choices=("split", "concat", "grouped"),
            ),
        ),
        _check_resnext,
    )
)
register_block(
    BlockKind(
        "dense",
        "Huang et al. 2017 (DenseNet-BC; torchvision's _DenseBlock)",
        (
            Param("growth_rate", "int", _const(32), "zoo.h_dense.growth_rate"),
            Param("depth", "int", _const(4), "zoo.h_dense.depth", 1, 64),
            Param(
                "bn_size",
                "int",
                _const(4),
                "zoo.h_dense.bn_size",
                0,
                16,
            ),
        ),
    )
)
register_block(
    BlockKind(
        "se",
        "Hu et al. 2018, Fig. 2",
        (
            Param("se_ratio", "ratio", _const(1 / 16), "zoo.h_se.se_ratio"),
            _SE_ROUNDING,
        ),
        _check_se_block,
    )
)
register_block(
    BlockKind(
        "nasnet_normal",
        "Zoph et al. 2018, Fig. 4 left (timm's NormalCell)",
        (
            Param(
                "filters",
                "int",
                lambda c: max(1, c // 6),
                "zoo.h_nasnet_normal.filters",
            ),
            Param(
                "input2",
                "shape",
                lambda c: None,
                "zoo.h_nasnet_normal.input2",
            ),
        ),
        n_inputs=2,
    )
)
register_block(
    BlockKind(
        "inverted_residual",
        "Sandler et al. 2018, Fig. 3(b) and Table 1 (torchvision's InvertedResidual)",
        (
            _FILTERS,
            Param(
                "expansion",
                "int",
                _const(6),
                "zoo.h_inverted_residual.expansion",
                1,
                64,
            ),
            _STRIDE,
        ),
    )
)


def list_blocks() -> list[str]:
    """Block kinds in registration order."""
    return list(KINDS)


def resolve_block(
    kind: str, input: int | str | tuple[int, ...] = "256x56x56", **settings: Any
) -> tuple[BlockSpec, tuple[int, int, int]]:
    """Validate a block kind, its input volume and its settings.

    Settings left out (or None) take the kind's defaults, some of which follow the
    input's channels (e.g. ``planes`` of a basic block keeps the width).

    Args:
        kind: a name from ``list_blocks()``.
        input: "CxHxW" (or HxW / a size, which means 3 channels).
        **settings: hyper-parameters, typed or as strings.

    Returns:
        The resolved spec and the input's (C, H, W).

    Raises:
        ConfigError: naming ``kind``, ``input``, or the setting that is not allowed.
    """
    if kind not in KINDS:
        raise ConfigError(
            "kind",
            key="err.unknown_block",
            values={"kind": repr(kind), "allowed": ", ".join(KINDS)},
        )
    k = KINDS[kind]
    c, h, w = parse_input(input)
    for name in settings:
        k.param(name)  # unknown names fail here, naming themselves
    values: dict[str, Any] = {}
    for p in k.params:
        given = settings.get(p.name)
        value = p.default(c) if given is None else p.parse(given)
        if p.type == "shape" and value is None:
            value = (c, h, w)
        elif given is None and value is not None:
            value = p.parse(value)
        values[p.name] = value
    spec = BlockSpec(kind, c, tuple(values.items()))
    if kind == "nasnet_normal" and tuple(spec["input2"][1:]) != (h, w):
        c2, h2, w2 = spec["input2"]
        raise ConfigError(
            "input2",
            key="err.input2_size",
            values={"hw": f"{h}x{w}", "got": f"{c2}x{h2}x{w2}"},
        )
    k.check(spec)
    return spec, (c, h, w)


def defaults(kind: str, in_channels: int) -> Mapping[str, Any]:
    """Every setting of ``kind`` at its default for an input of ``in_channels``."""
    return {p.name: p.default(in_channels) for p in KINDS[kind].params}
