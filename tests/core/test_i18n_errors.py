"""ConfigError in Simplified Chinese for the app: every error with a catalogue key has
a Chinese line naming the field by its label (the flag name in brackets), while
str(err), and so the command line, stays English; link warnings follow the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import resnet_viz as rv
from resnet_viz.__main__ import main
from resnet_viz.gradients import gradient_pair, twin_of
from resnet_viz.i18n import CATALOGUE, t
from resnet_viz.latency import stage_latency
from resnet_viz.registry import ConfigError, field_label, parse_input, resolve_config
from resnet_viz.scenarios import views_from_query
from resnet_viz.viewconfig import ViewConfig
from resnet_viz.zoo import trace_block
from resnet_viz.zoo.spec import resolve_block
from tests.i18n_check import HAN, RAW_KEY

# (call, field, str(err) as the CLI prints it): one per error path with a key.
CASES = [
    (lambda: resolve_config("resnet18", layers="a"), "layers",
     "layers: each entry must be a whole number from 1 to 1000 (got 'a')"),
    (lambda: resolve_config("resnet18", layers=""), "layers",
     "layers: needs at least one stage, e.g. 2,2,2,2"),
    (lambda: resolve_config("resnet18", layers=5), "layers",
     "layers: must be a list of whole numbers, e.g. 2,2,2,2"),
    (lambda: resolve_config("resnet18", layers="1," * 9), "layers",
     "layers: at most 8 stages (got 9)"),
    (lambda: resolve_config("resnet18", groups="x"), "groups",
     "groups: must be a whole number from 1 to 16384 (got 'x')"),
    (lambda: resolve_config("resnet18", groups=True), "groups",
     "groups: must be a whole number from 1 to 16384"),
    (lambda: resolve_config("resnet18", groups=3), "groups",
     "groups: must divide every stage width (got 3 and 64)"),
    (lambda: resolve_config("resnet18", block="foo"), "block",
     "block: must be one of basic, bottleneck, vgg (got 'foo')"),
    (lambda: resolve_config("resnet18", plain="maybe"), "plain",
     "plain: must be true or false (got 'maybe')"),
    (lambda: resolve_config("resnet18", se_ratio="2"), "se_ratio",
     "se_ratio: must be a fraction from 0 to 1, e.g. 0.0625 or 1/16 (got 2.0)"),
    (lambda: resolve_config("resnet18", se_ratio=True), "se_ratio",
     "se_ratio: must be a fraction from 0 to 1, e.g. 0.0625 or 1/16"),
    (lambda: resolve_config("resnet18", width_per_group=4), "width_per_group",
     "width_per_group: applies to bottleneck blocks only (leave it at 64)"),
    (lambda: resolve_config("resnet18", stride_on="1x1"), "stride_on",
     "stride_on: 1x1 applies to bottleneck blocks only; a basic block strides on "
     "its first 3x3"),
    (lambda: resolve_config("resnet18", stem="none"), "stem",
     "stem: none applies to vgg nets only; a ResNet needs the imagenet or cifar "
     "stem"),
    (lambda: resolve_config("resnet18", widths="1,2"), "widths",
     "widths: needs one width per stage: 4 stages in layers, got 2 widths"),
    (lambda: resolve_config("resnet50", width_per_group=1, widths="8,16,32,64"),
     "width_per_group", "width_per_group: too small: a stage of width 8 would get "
     "0 channels per group (needs width * width_per_group >= 64)"),
    (lambda: resolve_block("se", "256x8x8", se_ratio=0.001, se_rounding="paper"),
     "se_ratio",
     "se_ratio: too small: 256 channels x 0.001 rounds to 0 squeeze channels"),
    (lambda: resolve_config("resnet18", shortcut="A", widths="64,32,16,8"),
     "shortcut", "shortcut: option A can only pad channels, not drop them "
     "(64 -> 32); use B or C, or non-decreasing widths"),
    (lambda: resolve_config("vgg16", stem="cifar"), "stem",
     "stem: a vgg net has no stem; use none"),
    (lambda: resolve_config("vgg16", plain=False), "plain",
     "plain: a vgg net has no shortcuts; set plain to true"),
    (lambda: resolve_config("vgg16", groups=2), "groups",
     "groups: applies to basic and bottleneck blocks only (leave it at 1)"),
    (lambda: resolve_config("nope"), "arch",
     "arch: unknown architecture 'nope'; run `python -m resnet_viz list`"),
    (lambda: resolve_config("resnet18", bogus=1), "bogus",
     "bogus: is not a setting; allowed: block, layers, widths, groups, "
     "width_per_group, stem, shortcut, stride_on, plain, classes, in_channels, "
     "se_ratio, order, width_factor"),
    (lambda: resolve_config("resnet18", width_factor=2, widths="64,128,256,16384"),
     "width_factor",
     "width_factor: too large: a stage of width 16384 x 2 would exceed 16384 "
     "channels"),
    (lambda: resolve_config("resnet18", stem="tiered", widths="4,8,16,32"), "stem",
     "stem: tiered needs a first stage width of at least 8 (got 4)"),
    (lambda: resolve_config("vgg16", order="pre"), "order",
     "order: a vgg net has no residual blocks; leave it at post"),
    (lambda: parse_input("1x2x3x4"), "input",
     "input: must be a size like 224, HxW like 32x48, or CxHxW like 3x224x224 "
     "(got '1x2x3x4')"),
    (lambda: parse_input("a"), "input",
     "input: must be a size like 224, HxW like 32x48, or CxHxW like 3x224x224, "
     "sides 1 to 65536 (got 'a')"),
    (lambda: parse_input(True), "input",
     "input: must be a size like 224, HxW like 32x48, or CxHxW like 3x224x224"),
    (lambda: parse_input("20000x3x3"), "input",
     "input: at most 16384 channels (got 20000)"),
    (lambda: rv.trace("resnet18", "1x32x32", in_channels=3), "input",
     "input: has 1 channels but in_channels is 3"),
    (lambda: rv.trace("resnet18", 64, device="cpu", memory_budget_bytes=1000),
     "device", "device: a cpu trace of this size needs about 45 MiB (budget 0 MiB); "
     "use device meta, a smaller input or a smaller batch"),
    (lambda: rv.trace("resnet18", 224, batch=0), "batch",
     "batch: must be a whole number from 1 to 4096 (got 0)"),
    (lambda: rv.trace("resnet18", 224, device="gpu"), "device",
     "device: must be one of meta, cpu, cuda (got 'gpu')"),
    (lambda: ViewConfig.from_values({"arch": "nope"}), "arch",
     "arch: unknown architecture 'nope'"),
    (lambda: resolve_block("nope", "64x8x8"), "kind",
     "kind: unknown block 'nope'; one of basic, bottleneck, plain_bottleneck, "
     "naive_inception, inception, residual_bottleneck, resnext, dense, se, "
     "nasnet_normal, inverted_residual (`python -m resnet_viz blocks`)"),
    (lambda: resolve_block("basic", "64x8x8", bogus=1), "bogus",
     "bogus: is not a setting of basic; allowed: planes, stride, shortcut, se_ratio, "
     "order, se_rounding"),
    (lambda: resolve_block("basic", "64x8x8", planes=32, shortcut="A"), "shortcut",
     "shortcut: option A can only pad channels, not drop them (64 -> 32); use B or "
     "C"),
    (lambda: resolve_block("bottleneck", "64x8x8", planes=1, width_per_group=4),
     "width_per_group", "width_per_group: too small: planes 1 x width_per_group 4 "
     "/ 64 gives 0 channels per group"),
    (lambda: resolve_block("plain_bottleneck", "16x8x8", filters=4, reduction=8),
     "reduction", "reduction: 8 is larger than the width it reduces (4 filters): "
     "the 1x1 would keep 0 channels"),
    (lambda: resolve_block("residual_bottleneck", "66x8x8"), "input",
     "input: a residual bottleneck keeps its 66 channels as 4 x planes: use a "
     "multiple of 4"),
    (lambda: resolve_block("residual_bottleneck", "64x8x8", reduction=3),
     "reduction", "reduction: must be a power of two up to 256 and at most the 64 "
     "channels (got 3): the block is torchvision's Bottleneck with "
     "width_per_group = 256 / r"),
    (lambda: resolve_block("resnext", "64x8x8", groups=3), "groups",
     "groups: must divide the input's 64 channels (got 3 groups)"),
    (lambda: resolve_block("resnext", "64x8x8", groups=4, reduction=3), "reduction",
     "reduction: must divide the 16 channels per group (64 / 4); the width of each "
     "path is channels / (groups x reduction) (got 3)"),
    (lambda: resolve_block("se", "64x8x8", se_ratio=0), "se_ratio",
     "se_ratio: must be above 0 for an SE block, e.g. 1/16"),
    (lambda: resolve_block("nasnet_normal", "64x8x8", input2="64x4x4"), "input2",
     "input2: must have the input's 8x8 size (got 64x4x4): a normal cell keeps the "
     "resolution; timm adapts a larger h[i-1] with a factorized reduction first"),
    (lambda: resolve_block("nasnet_normal", "64x8x8", input2="zz"), "input2",
     "input2: must be a size like 224, HxW like 32x48, or CxHxW like 3x224x224, "
     "sides 1 to 65536 (got 'zz')"),
    # 7 MiB: 6 MiB of weights and outputs plus the 1 MiB input (64·64·64 floats).
    (lambda: trace_block("basic", "64x64x64", device="cpu", memory_budget_bytes=1),
     "device", "device: a cpu trace of this block needs about 7 MiB (budget 0 MiB);"
     " use meta or a smaller input"),
    (lambda: stage_latency("resnet18", 32, device="meta"), "device",
     "device: latency needs a real device: cpu, or cuda if present"),
    (lambda: stage_latency("resnet18", 32, memory_budget_bytes=1), "device",
     "device: timing this size needs about 45 MiB (budget 0 MiB); use a smaller "
     "input or batch"),
    (lambda: twin_of("resnext50_32x4d"), "arch",
     "arch: 'resnext50_32x4d' has no plain/residual twin preset"),
    (lambda: gradient_pair("plain18", "resnet34", 32), "arch",
     "arch: 'plain18' and 'resnet34' are not plain/residual twins"),
    (lambda: gradient_pair("plain18", "resnet18", 32, batch=0), "batch",
     "batch: must be a whole number from 1 to 64"),
]  # fmt: skip


def _raise(call) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        call()
    return info.value


@pytest.mark.parametrize(("call", "field", "english"), CASES)
def test_error_in_chinese_and_english(call, field, english):
    err = _raise(call)
    assert str(err) == english  # the command line's line, unchanged
    assert err.text() == english
    assert err.text("en") == english
    assert err.key.startswith("err.")
    zh = err.text("zh")
    assert zh != english
    assert HAN.search(err.detail("zh")), zh
    assert not [k for k in RAW_KEY.findall(zh) if k in CATALOGUE["en"]], zh
    assert zh.startswith(field_label(field, "zh") + "：")
    if f"fld.{field}" in CATALOGUE["en"]:
        assert zh.startswith(f"{t(f'fld.{field}', 'zh')}：")
        assert f"（{field}）" in zh  # the flag/URL name stays visible


def test_field_labels_keep_the_flag_name():
    assert field_label("layers") == "layers"
    assert field_label("layers", "zh") == "每个阶段的块数（layers）"
    assert field_label("growth_rate", "zh") == "增长率（growth_rate）"  # zoo setting
    assert field_label("c3", "zh") == "c3"  # no label: the name itself


def test_numbers_survive_translation():
    err = _raise(lambda: resolve_config("resnet18", groups=3))
    assert (
        err.text("zh")
        == "分组数（groups）：必须能整除每个阶段的宽度（收到的是 3 和 64）"
    )


def test_an_error_without_a_key_keeps_its_english_message():
    err = ConfigError("input", "some torch message")
    assert str(err) == err.text("en") == "input: some torch message"
    assert err.detail("zh") == "some torch message"
    assert err.text("zh") == "输入尺寸（input）：some torch message"


def test_every_key_raised_is_in_the_catalogue():
    root = Path(rv.__file__).parent
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r'key="(err\.[a-z_0-9]+)"', path.read_text()))
    assert len(used) > 30
    assert used <= set(CATALOGUE["en"])


def test_cli_stays_english(capsys):
    assert main(["summary", "--arch", "resnet18", "--groups", "3"]) == 2
    err = capsys.readouterr().err
    assert "groups: must divide every stage width (got 3 and 64)" in err
    assert not HAN.search(err)


def test_link_warnings_in_chinese():
    query = {"arch": "nope", "layers": "x"}
    view, en = ViewConfig.from_query(query)
    view_zh, zh = ViewConfig.from_query(query, "zh")
    assert view == view_zh
    assert en == [
        "arch: unknown architecture 'nope'; showing resnet18",
        "layers: each entry must be a whole number from 1 to 1000 (got 'x') — using "
        "the default",
    ]
    assert zh == [
        "网络（arch）：未知的网络 'nope'；改为显示 resnet18",
        "每个阶段的块数（layers）：每一项都必须是 1 到 1000 之间的整数（收到的是 'x'）"
        "——改用默认值",
    ]
    _, zh = ViewConfig.from_query({"arch": "vgg16", "stem": "cifar"}, "zh")
    assert zh == ["主干（stem）：VGG 网络没有主干；请选 none——改为显示预设的 vgg16"]


def test_comparison_link_warnings_in_chinese():
    query = {"c0.arch": "resnet18", "c0.foo": "1", "c1.layers": "x", "cmp": "9"}
    en, zh = views_from_query(query), views_from_query(query, "zh")
    assert en.views == zh.views
    lines = [*zh.warnings, *(w for c in zh.column_warnings for w in c)]
    assert len(lines) == len(
        [*en.warnings, *(w for c in en.column_warnings for w in c)]
    )
    for line in lines:
        assert HAN.search(line), line
    assert zh.warnings[0].startswith("列数（cmp）：必须是 2 到 4 之间的整数")
    assert (
        views_from_query({"scenario": "zz"}, "zh")
        .warnings[0]
        .startswith("对比方案（scenario）：未知的方案 'zz'")
    )


def test_view_label_in_chinese():
    view = ViewConfig.from_values({"arch": "resnet50", "input": "32", "groups": 2})
    assert view.label == "resnet50 (modified) · 32×32"
    assert view.label_in("zh") == "resnet50（已修改） · 32×32"
