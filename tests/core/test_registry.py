"""The registry: every preset builds and traces, and configs resolve from strings."""

from __future__ import annotations

import re

import pytest

import resnet_viz as rv
from resnet_viz.registry import ArchSpec, ConfigError, parse_input, resolve_config


@pytest.mark.parametrize("arch", rv.list_archs())
def test_every_preset_traces_at_64(arch):
    result = rv.trace(arch, 64)
    spec = rv.ARCHS[arch]
    assert result.output_shape == (1, spec.classes)
    assert len(result.blocks) == sum(spec.layers)
    assert [s.name for s in result.stages] == [
        *(["stem"] if spec.stem != "none" else []),  # VGG starts with its first group
        *(f"layer{i + 1}" for i in range(len(spec.layers))),
        "head",
    ]
    # The name's number is the count of weighted layers on the main path; a WRN's
    # (Zagoruyko & Komodakis 2016) counts its convs, the 1x1 projection of each stage
    # included, and not the fc: 6n + 4.
    depth = spec.depth + len(spec.layers) - 1 if spec.family == "wrn" else spec.depth
    assert re.search(rf"(?<!\d){depth}(?!\d)", arch)


def test_duplicate_registration_raises():
    with pytest.raises(ValueError, match="already registered"):
        rv.register_arch("resnet18", ArchSpec())


def test_preset_families():
    assert rv.list_archs("cifar") == [
        "resnet20",
        "resnet32",
        "resnet44",
        "resnet56",
        "resnet110",
        "resnet1202",
    ]
    assert {"plain18", "plain34", "plain20", "plain56"} <= set(rv.list_archs())
    assert len(rv.list_archs("torchvision")) == 10


def test_overrides_from_strings_equal_typed_overrides():
    typed = resolve_config(
        "resnet18", layers=(1, 1, 1), stem="cifar", shortcut="A", classes=10
    )
    text = resolve_config(
        "resnet18", layers="1,1,1", stem="CIFAR", shortcut="a", classes="10"
    )
    assert typed == text
    assert typed.widths == (64, 128, 256)  # widths follow the doubling rule
    assert typed.family == "custom"


def test_parse_input_forms():
    assert parse_input(224) == (3, 224, 224)
    assert parse_input("32") == (3, 32, 32)
    assert parse_input("32x48") == (3, 32, 48)
    assert parse_input("1x28x28") == (1, 28, 28)
    assert parse_input((64, 96), in_channels=4) == (4, 64, 96)


def test_input_channels_set_in_channels():
    result = rv.trace("resnet18", "1x28x28")
    assert result.config.in_channels == 1
    assert result.input_shape == (1, 1, 28, 28)
    assert result.layers[0].params == 64 * 1 * 7 * 7


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"layers": ""}, "layers"),
        ({"layers": "2,0,2"}, "layers"),
        ({"layers": "2,x"}, "layers"),
        ({"widths": "64,128"}, "widths"),
        ({"widths": "-1,2,3,4"}, "widths"),
        ({"block": "dense"}, "block"),
        ({"stem": "tiny"}, "stem"),
        ({"shortcut": "E"}, "shortcut"),
        ({"groups": "0"}, "groups"),
        ({"groups": "3"}, "groups"),  # basic block: 3 does not divide 64
        (
            {"block": "bottleneck", "widths": "16,32,64,128", "width_per_group": 2},
            "width_per_group",
        ),
        ({"width_per_group": 4}, "width_per_group"),  # basic block has no inner width
        ({"stride_on": "1x1"}, "stride_on"),
        ({"classes": "0"}, "classes"),
        ({"classes": "ten"}, "classes"),
        ({"plain": "maybe"}, "plain"),
        ({"widths": "64,32,16,8", "shortcut": "A"}, "shortcut"),
        ({"depth": 18}, "depth"),
    ],
)
def test_bad_overrides_name_their_field(overrides, field):
    with pytest.raises(ConfigError) as info:
        resolve_config("resnet18", **overrides)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert "\n" not in str(info.value)
