"""The cost model (resnet_viz.budget): what a request costs is known before any work
starts, and a request over its budget is refused in one line before allocating."""

from __future__ import annotations

import ctypes

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import resnet_viz as rv
from resnet_viz.budget import (
    MIB,
    Budget,
    env_int,
    forward_bytes,
    input_bytes,
    library_budget,
    server_budget,
)
from resnet_viz.builder import build
from resnet_viz.latency import stage_latency
from resnet_viz.registry import ConfigError, parse_field, whole_number
from resnet_viz.trace import parse_batch


def test_the_input_tensor_is_part_of_the_estimate():
    # Finding 1: a 16384-channel input with 1-wide stages was estimated at ~4 MiB,
    # but its input alone is 16384·384·320 float32s = 7.5 GiB.
    result = rv.trace(
        "resnet18", "16384x384x320", widths="1,1,1,1"
    )  # meta: allocates nothing
    assert input_bytes(result) == 16384 * 384 * 320 * 4
    assert forward_bytes(result) > 7 * 1024**3
    with pytest.raises(ConfigError) as err:
        rv.trace("resnet18", "16384x384x320", widths="1,1,1,1", device="cpu")
    assert err.value.field == "device"
    assert "MiB" in str(err.value)


def test_the_server_refuses_a_forward_pass_over_its_compute_budget():
    # Finding 4: 1.56 TMACs fit the 2 GiB memory budget but held both cores 16 s.
    link = dict(stem="cifar", widths="2048,2048", layers="1,1", batch=4)
    meta = rv.trace("resnet18", 64, **link)
    assert meta.total_macs > 1.5e12
    with pytest.raises(ConfigError) as err:
        rv.trace("resnet18", 64, device="cpu", budget=server_budget(), **link)
    assert err.value.field == "device"
    assert "\n" not in str(err.value)
    # With memory to spare, the compute budget alone refuses it.
    roomy = Budget(memory_bytes=2**40, macs=server_budget().macs)
    with pytest.raises(ConfigError, match="GMACs") as err:
        rv.trace("resnet18", 64, device="cpu", budget=roomy, **link)
    assert f"{meta.total_macs / 1e9:,.1f} GMACs (budget 20 GMACs" in str(err.value)


def test_the_library_keeps_its_larger_memory_default():
    assert library_budget().memory_bytes == 2048 * MIB
    assert library_budget().macs is None
    assert server_budget().memory_bytes < library_budget().memory_bytes
    # resnet18 at 224 on cpu fits both; the library runs it for real.
    result = rv.trace("resnet18", 224, device="cpu", budget=server_budget())
    assert result.total_macs == rv.trace("resnet18", 224).total_macs
    assert round(result.total_macs / 1e9, 2) == 1.81  # torchvision's 1.81 GFLOPS


def test_budgets_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("RESNET_VIZ_SERVER_GMACS", "3")
    monkeypatch.setenv("RESNET_VIZ_SERVER_MEMORY_MB", "1024")
    b = server_budget()
    assert b.macs == 3 * 10**9
    assert b.memory_bytes == 1024 * MIB
    with pytest.raises(ConfigError, match="GMACs"):
        rv.trace("resnet50", 224, device="cpu", budget=b)  # 4.1 GMACs


@pytest.mark.parametrize("text", ["", "0", "-5", "²", "٣", "9" * 5000, "1e3", "x"])
def test_a_bad_environment_value_falls_back_to_the_default(monkeypatch, text):
    monkeypatch.setenv("RESNET_VIZ_TEST_BUDGET", text)
    assert env_int("RESNET_VIZ_TEST_BUDGET", 7) == 7


def test_latency_is_refused_over_the_compute_budget_before_timing():
    with pytest.raises(ConfigError, match="GMACs"):
        stage_latency("resnet50", 224, batch=8, budget=Budget(2**40, macs=10**9))


FIELDS = ["layers", "widths", "groups", "width_per_group", "classes"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("text", ["9" * 5000, "²", "٣", "1" * 19, "12²"])
def test_long_and_unicode_numbers_get_one_line(field, text):
    # Finding 9: Python refuses int() of more than 4,300 digits, and str.isdigit()
    # accepts "²", which int() then rejects.
    with pytest.raises(ConfigError) as err:
        parse_field(field, text)
    line = str(err.value)
    assert err.value.field == field
    assert "\n" not in line
    assert len(line) < 200


@pytest.mark.parametrize("text", ["9" * 5000, "²", "٣", "257" * 3, "0"])
def test_batch_and_input_parse_safely(text):
    with pytest.raises(ConfigError) as err:
        parse_batch(text)
    assert err.value.field == "batch"
    with pytest.raises(ConfigError) as err:
        rv.trace("resnet18", text if text != "0" else "0x0")
    assert err.value.field == "input"
    assert len(str(err.value)) < 200


@given(st.text(max_size=60))
def test_whole_number_agrees_with_int_on_plain_ascii(text):
    n = whole_number(text)
    stripped = text.strip()
    plain = (
        stripped.lstrip("+-").isascii()
        and stripped.lstrip("+-").isdigit()
        and stripped[:1] != ""
        and stripped.count("+") + stripped.count("-") <= 1
        and stripped[1:].lstrip("0123456789") == ""
        and len(stripped.lstrip("+-")) <= 18
    )
    if plain:
        assert n == int(stripped)
    else:
        assert n is None


@given(st.integers(min_value=-(10**6000), max_value=10**6000))
def test_a_typed_integer_of_any_size_gets_a_range_error(value):
    if 1 <= value <= 4096:
        assert parse_batch(value) == value
    else:
        with pytest.raises(ConfigError) as err:
            parse_batch(value)
        assert len(str(err.value)) < 200


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def _allocated_bytes() -> int:
    """Bytes glibc's malloc has handed out and not had back (heap and mmap), which
    is where torch's CPU allocator gets every tensor."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return info.uordblks + info.hblkhd


def _measured_peak(run) -> int:  # type: ignore[no-untyped-def]
    """The most bytes allocated beyond what was allocated before ``run()``, sampled
    before and after every module call of every network it runs."""
    base = _allocated_bytes()
    peak = [base]

    def sample(*_args: object) -> None:
        peak[0] = max(peak[0], _allocated_bytes())

    handles = [
        torch.nn.modules.module.register_module_forward_pre_hook(sample),
        torch.nn.modules.module.register_module_forward_hook(sample),
    ]
    try:
        run()
    finally:
        for h in handles:
            h.remove()
    return peak[0] - base


ROOMY = Budget(memory_bytes=2**40)


@pytest.mark.parametrize(
    ("arch", "size", "batch"),
    [
        ("resnet152", 224, 1),  # deep: most blocks are never built
        ("resnet18", 512, 2),  # the stem's 64x256x256 outputs are the peak
        ("resnext50_32x4d", 160, 2),
        ("seresnet50", 160, 2),  # the excitation's product is one more tensor
        ("wide_resnet50_2", 128, 2),
        ("resnetv2_50d", 160, 2),  # pre-activation, avg-pool shortcut
        ("preact_resnet110", 32, 8),
        ("vgg16", 128, 1),  # no blocks: a stage is one group
    ],
)
def test_a_real_forward_pass_stays_within_its_estimate(arch, size, batch):
    """The estimate bounds what a cpu trace and a full-net forward really allocate,
    and is not so loose that it refuses what would fit (within 2.5x)."""
    torch.manual_seed(0)
    meta = rv.trace(arch, size, batch=batch)
    rv.trace("resnet20", 32, device="cpu")  # first calls allocate lazily: warm up
    traced = _measured_peak(
        lambda: rv.trace(arch, size, batch=batch, device="cpu", budget=ROOMY)
    )
    assert traced <= forward_bytes(meta)
    assert forward_bytes(meta) <= 2.5 * traced

    def full_forward() -> None:
        model = build(meta.config, device=torch.device("cpu")).eval()
        with torch.no_grad():
            model(torch.randn(meta.input_shape))

    whole = _measured_peak(full_forward)
    assert whole <= forward_bytes(meta, full_model=True)
    assert forward_bytes(meta, full_model=True) <= 2.5 * whole


def test_the_old_sum_of_everything_refused_resnet152_on_a_server():
    # CI found it: resnet152 at 224 with batch 1 on cpu (11.5 GMACs) needed 476 MiB
    # by the sum of all weights and outputs, over the server's 384 MiB per job.
    meta = rv.trace("resnet152", 224)
    assert meta.param_bytes + meta.total_activation_bytes > server_budget().memory_bytes
    assert forward_bytes(meta) < server_budget().memory_bytes / 2
    rv.trace("resnet152", 224, device="cpu", budget=server_budget())
