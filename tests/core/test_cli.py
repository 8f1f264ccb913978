"""The command line: the JSON contract, the formats, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import resnet_viz as rv
from resnet_viz.__main__ import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resnet_viz", *args], capture_output=True, text=True
    )


def test_summary_json_resnet50_acceptance():
    proc = run_cli("summary", "--arch", "resnet50", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["total_params"] == 25_557_032
    assert data["total_macs"] == 4_089_184_256
    assert data["total_flops"] == 2 * 4_089_184_256
    assert data["schema"] == 1
    assert data["input_shape"] == [1, 3, 224, 224]
    assert data["output_shape"] == [1, 1000]


def test_json_contract_fields(capsys):
    assert (
        main(["summary", "--arch", "resnet18", "--input", "32", "--format", "json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    for key in (
        "schema",
        "arch",
        "config",
        "input_shape",
        "output_shape",
        "total_params",
        "total_macs",
        "total_flops",
        "stages",
        "blocks",
        "layers",
    ):
        assert key in data
    assert set(data["config"]) >= {
        "block",
        "layers",
        "widths",
        "groups",
        "width_per_group",
        "stem",
        "shortcut",
        "stride_on",
        "plain",
        "classes",
        "in_channels",
    }
    assert {"name", "in_shape", "out_shape", "params", "macs"} <= set(data["stages"][0])
    assert {
        "stage",
        "index",
        "in_shape",
        "out_shape",
        "shortcut",
        "params",
        "macs",
    } <= set(data["blocks"][0])
    assert {
        "path",
        "kind",
        "in_shape",
        "out_shape",
        "kernel_size",
        "stride",
        "padding",
        "groups",
        "params",
        "macs",
        "receptive_field",
    } <= set(data["layers"][0])
    # Shapes include the batch; the last stage is 1x1 at 32x32 (ImageNet stem).
    assert data["stages"][-2]["out_shape"] == [1, 512, 1, 1]
    assert data == json.loads(json.dumps(rv.trace("resnet18", 32).to_dict()))


def test_resnet20_about_027m(capsys):
    assert main(["summary", "--arch", "resnet20", "--input", "32"]) == 0
    out = capsys.readouterr().out
    assert "Total params: 269,722" in out  # 0.27M as in the paper


def test_flags_override_a_preset(capsys):
    args = [
        "summary",
        "--arch",
        "resnet18",
        "--stem",
        "cifar",
        "--classes",
        "10",
        "--input",
        "32",
        "--format",
        "json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config"]["stem"] == "cifar"
    assert data["output_shape"] == [1, 10]
    assert data["stages"][-2]["out_shape"] == [1, 512, 4, 4]


def test_csv_and_markdown(capsys):
    assert main(["summary", "--arch", "resnet18", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(rv.trace("resnet18").layers)
    assert sum(int(r["params"]) for r in rows) == 11_689_512
    assert rows[0]["out_shape"] == "1x64x112x112"
    assert main(["summary", "--arch", "resnet18", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "| layer4.1.relu2 | ReLU | 1x512x7x7 | 1x512x7x7 |" in md


def test_custom_without_arch(capsys):
    args = [
        "summary",
        "--block",
        "bottleneck",
        "--layers",
        "1,1",
        "--widths",
        "8,16",
        "--groups",
        "2",
        "--width-per-group",
        "32",
        "--input",
        "3x40x30",
        "--batch",
        "2",
        "--format",
        "json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["arch"] == "custom"
    assert data["output_shape"] == [2, 1000]
    assert data["stages"][-2]["out_shape"] == [2, 64, 5, 4]


def test_list_names_every_preset(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    names = {line.split()[0] for line in out.splitlines()[1:]}
    assert names == set(rv.list_archs())


BAD = [
    (["--arch", "resnet9000"], "arch"),
    (["--input", "0"], "input"),
    (["--input", "-3"], "input"),
    (["--input", "abc"], "input"),
    (["--input", "32x"], "input"),
    (["--layers", ""], "layers"),
    (["--layers", "3,-4"], "layers"),
    (["--arch", "resnet18", "--groups", "3"], "groups"),
    (["--batch", "0"], "batch"),
    (["--classes", "nope"], "classes"),
    (["--device", "tpu"], "device"),
    (["--arch", "resnet152", "--device", "cpu", "--batch", "512"], "device"),
]


@pytest.mark.parametrize(("args", "field"), BAD)
def test_bad_input_is_one_line_exit_2(args, field):
    proc = run_cli("summary", *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"resnet_viz: error: {field}: ")
    assert "Traceback" not in proc.stderr


def test_cuda_refused_cleanly_without_a_gpu():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    proc = run_cli("summary", "--device", "cuda")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "resnet_viz: error: device: "
        "cuda is not available on this machine; use meta or cpu"
    )


def test_meta_is_never_refused_for_size():
    # 4096x4096 at batch 64 would need ~300 GB on a real device; meta allocates nothing.
    result = rv.trace("resnet50", 4096, batch=64)
    assert result.total_activation_bytes > 100 * 2**30
    assert result.output_shape == (64, 1000)


def test_unknown_format_is_one_line():
    proc = run_cli("summary", "--format", "xml")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1


# A preset's natural input is its default in the CLI and the API (registry's rule).
@pytest.mark.parametrize(
    ("arch", "side"),
    [("resnet56", 32), ("plain20", 32), ("resnet1202", 32), ("resnet50", 224)],
)
def test_a_presets_natural_input_is_the_default(capsys, arch, side):
    assert main(["summary", "--arch", arch, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["input_shape"] == [1, 3, side, side]
    assert rv.trace(arch).input_shape == (1, 3, side, side)
    assert rv.trace(arch, 64).input_shape == (1, 3, 64, 64)  # unless one is given


def test_resnet56_defaults_to_its_125m_macs(capsys):
    # He et al. 2016, Table 6: ResNet-56 on 32x32 CIFAR-10 images, 125.5 M MACs (the
    # figure issue 15 quotes); the 6.1 G of a 224x224 input is not this net's cost.
    assert main(["summary", "--arch", "resnet56", "--format", "json"]) == 0
    macs = json.loads(capsys.readouterr().out)["total_macs"]
    assert round(macs / 1e6, 1) == 125.5
    assert rv.trace(None, stem="cifar", classes=10).input_shape[2:] == (32, 32)


def test_json_layers_carry_bias_and_pool_padding_facts(capsys):
    # Added to schema 1 for the tools' rules (README): every layer has both keys.
    assert (
        main(["summary", "--arch", "vgg16", "--input", "32", "--format", "json"]) == 0
    )
    layers = {r["path"]: r for r in json.loads(capsys.readouterr().out)["layers"]}
    assert all({"has_bias", "count_include_pad"} <= set(r) for r in layers.values())
    assert layers["layer1.0.conv"]["has_bias"] is True  # VGG's convs have biases
    assert layers["classifier.0"]["has_bias"] is True
    assert layers["layer1.pool"]["count_include_pad"] is None  # a max pool
    block = rv.zoo.trace_block("nasnet_normal", "16x8x8").to_dict()["layers"]
    avg = [r for r in block if r["kind"] == "AvgPool2d"]
    assert avg
    assert all(r["count_include_pad"] is False for r in avg)  # NASNet's, as timm's
    assert not any(r["has_bias"] for r in block)
