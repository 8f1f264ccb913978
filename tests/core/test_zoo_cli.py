"""`python -m resnet_viz blocks` and `block KIND`: the same JSON contract, and
one-line errors that name the setting."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from resnet_viz.__main__ import main
from resnet_viz.zoo import list_blocks, trace_block


def test_blocks_lists_every_kind(capsys):
    assert main(["blocks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == list_blocks()
    assert "--growth-rate" in next(line for line in lines if line.startswith("dense"))


def test_block_json_is_the_trace_contract(capsys):
    args = ["block", "resnext", "--input", "256x14x14", "--groups", "32"]
    assert main([*args, "--reduction", "2", "--form", "split", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = trace_block("resnext", "256x14x14", groups=32, reduction=2, form="split")
    assert data == json.loads(json.dumps(expected.to_dict()))
    assert data["arch"] == "resnext"
    assert data["config"] == {
        "kind": "resnext",
        "in_channels": 256,
        "groups": 32,
        "reduction": 2,
        "form": "split",
    }
    assert data["stages"][-1]["name"] == "relu"
    assert data["stages"][-2]["inputs"] == ["aggregate", "input"]
    assert {"path", "kind", "stage", "role", "macs"} <= set(data["layers"][0])


def test_block_table_and_two_inputs(capsys):
    assert (
        main(["block", "nasnet_normal", "--input", "64x8x8", "--input2", "32x8x8"]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("nasnet_normal · input 1x64x8x8 → output 1x60x8x8")
    assert "comb_iter_0_left.separable_1.depthwise_conv2d" in out


BAD = [
    (["resnext", "--input", "64x8x8", "--groups", "3"], "groups"),
    (["plain_bottleneck", "--input", "64x8x8", "--reduction", "100"], "reduction"),
    (["nasnet_normal", "--input", "64x8x8", "--input2", "64x4x4"], "input2"),
    (["se", "--depth", "3"], "depth"),
    (["dense", "--growth-rate", "many"], "growth_rate"),
    (["wavelet"], "kind"),
    (["basic", "--input", "0x1x1"], "input"),
]


@pytest.mark.parametrize(("args", "field"), BAD)
def test_bad_block_settings_one_line_exit_2(args, field):
    proc = subprocess.run(
        [sys.executable, "-m", "resnet_viz", "block", *args],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"resnet_viz: error: {field}: ")
