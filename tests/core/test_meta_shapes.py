"""MetaShapes answers batch norm, add, mean, addmm, convolution and max pooling on
meta tensors exactly as PyTorch's own kernels would, and only on the thread that
uses it; with RESNET_VIZ_META_FAST=0 traces use PyTorch's kernels alone, with the
same result."""

from __future__ import annotations

import importlib
import threading

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.registry import ARCHS
from resnet_viz.trace import MetaShapes, collect

META = torch.device("meta")
TRACE = importlib.import_module("resnet_viz.trace")  # rv.trace is the function


def _layout(t: torch.Tensor) -> tuple:
    return (tuple(t.shape), t.stride(), t.dtype, t.device.type)


@pytest.mark.parametrize("arch", rv.list_archs())
def test_every_preset_records_the_same_calls_with_and_without(arch):
    spec = ARCHS[arch]
    side = 32 if spec.stem == "cifar" else 224
    model = build(spec, META, max_blocks_per_stage=2).eval()
    x = torch.randn(1, spec.in_channels, side, side, device=META)
    plain_calls, plain_out = collect(model, x)
    with MetaShapes():
        fast_calls, fast_out = collect(model, x)
    assert fast_calls == plain_calls
    assert _layout(fast_out) == _layout(plain_out)


@pytest.mark.parametrize("arch", rv.list_archs())
def test_every_preset_traces_the_same_with_the_switch_off(arch, monkeypatch):
    side = 32 if ARCHS[arch].stem == "cifar" else 224
    fast = rv.trace(arch, side)
    monkeypatch.setenv("RESNET_VIZ_META_FAST", "0")
    assert rv.trace(arch, side) == fast


@pytest.mark.parametrize(("value", "entered"), [("0", False), ("1", True), ("", True)])
def test_the_switch_decides_whether_the_mode_is_entered(value, entered, monkeypatch):
    calls = []

    class Spy(MetaShapes):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            calls.append(func)
            return super().__torch_dispatch__(func, types, args, kwargs)

    monkeypatch.setattr(TRACE, "MetaShapes", Spy)
    monkeypatch.setenv("RESNET_VIZ_META_FAST", value)
    rv.trace("resnet18", 32)
    assert bool(calls) is entered


@given(
    n=st.integers(1, 3),
    c=st.integers(1, 9),
    hw=st.lists(st.integers(1, 7), min_size=0, max_size=3),
    affine=st.booleans(),
    stats=st.booleans(),
    channels_last=st.booleans(),
)
def test_outputs_match_pytorchs_meta_kernel(n, c, hw, affine, stats, channels_last):
    x = torch.empty(n, c, *hw, device=META)
    if channels_last and len(hw) == 2:
        x = x.to(memory_format=torch.channels_last)
    w = torch.empty(c, device=META) if affine else None
    b = torch.empty(c, device=META) if affine else None
    rm = torch.empty(c, device=META) if stats else None
    rv_ = torch.empty(c, device=META) if stats else None
    op = torch.ops.aten.native_batch_norm.default
    training = not stats  # without running statistics only training mode is valid
    want = op(x, w, b, rm, rv_, training, 0.1, 1e-5)
    with MetaShapes():
        got = op(x, w, b, rm, rv_, training, 0.1, 1e-5)
    assert [_layout(g) for g in got] == [_layout(w) for w in want]


def test_mismatched_weights_still_raise_pytorchs_error():
    x = torch.empty(2, 8, 5, 5, device=META)
    bad = torch.empty(7, device=META)
    args = (x, bad, bad, bad, bad, False, 0.1, 1e-5)
    op = torch.ops.aten.native_batch_norm.default
    with pytest.raises(RuntimeError) as plain:
        op(*args)
    with MetaShapes(), pytest.raises(RuntimeError) as fast:
        op(*args)
    assert str(fast.value) == str(plain.value)


def test_cpu_tensors_get_pytorchs_numbers():
    calls = []

    class Spy(MetaShapes):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            calls.append(func)
            return super().__torch_dispatch__(func, types, args, kwargs)

    bn = nn.BatchNorm2d(4)
    x = torch.randn(2, 4, 3, 3)
    with Spy(), torch.no_grad():
        y = bn.eval()(x)
    # A CPU tensor gets real numbers: the same as without the mode.
    assert torch.equal(y, bn(x))
    assert torch.ops.aten.native_batch_norm.default in calls


def test_the_mode_stays_on_its_own_thread():
    entered, done = threading.Event(), threading.Event()
    seen = []

    class Spy(MetaShapes):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            seen.append(threading.current_thread().name)
            return super().__torch_dispatch__(func, types, args, kwargs)

    def hold() -> None:
        with Spy():
            entered.set()
            done.wait(10)

    t = threading.Thread(target=hold, name="holder")
    t.start()
    entered.wait(10)
    try:
        bn = nn.BatchNorm2d(4, device=META).eval()
        bn(torch.empty(1, 4, 2, 2, device=META))
    finally:
        done.set()
        t.join()
    assert seen == []


def _layouts(out: torch.Tensor | tuple[torch.Tensor, ...]) -> list[tuple]:
    return [_layout(t) for t in (out if isinstance(out, tuple) else (out,))]


def _same_as_pytorch(op, *args) -> None:
    """The mode's answer has PyTorch's layout (every output's), or both raise."""
    try:
        want = _layouts(op(*args))
    except (RuntimeError, IndexError, ValueError) as err:
        with pytest.raises(type(err)), MetaShapes():
            op(*args)
        return
    with MetaShapes():
        got = op(*args)
    assert _layouts(got) == want


@given(
    a=st.lists(st.integers(1, 5), min_size=1, max_size=4),
    b=st.lists(st.integers(1, 5), min_size=1, max_size=4),
    same=st.booleans(),
    channels_last=st.booleans(),
)
def test_add_matches_pytorch(a, b, same, channels_last):
    x = torch.empty(*a, device=META)
    y = torch.empty(*(a if same else b), device=META)
    if channels_last and len(a) == 4:
        x = x.to(memory_format=torch.channels_last)
    _same_as_pytorch(torch.ops.aten.add.Tensor, x, y)


@given(
    shape=st.lists(st.integers(1, 6), min_size=1, max_size=4),
    dims=st.lists(st.integers(-4, 3), min_size=0, max_size=2),
    channels_last=st.booleans(),
)
def test_mean_keeping_dims_matches_pytorch(shape, dims, channels_last):
    x = torch.empty(*shape, device=META)
    if channels_last and len(shape) == 4:
        x = x.to(memory_format=torch.channels_last)
    _same_as_pytorch(torch.ops.aten.mean.dim, x, dims, True)


@given(
    n=st.integers(1, 4),
    k=st.integers(1, 5),
    k2=st.integers(1, 5),
    m=st.integers(1, 5),
    m_bias=st.integers(1, 5),
)
def test_addmm_matches_pytorch(n, k, k2, m, m_bias):
    bias = torch.empty(m_bias, device=META)
    _same_as_pytorch(
        torch.ops.aten.addmm.default,
        bias,
        torch.empty(n, k, device=META),
        torch.empty(k2, m, device=META),
    )


@given(
    dims=st.integers(1, 3),
    n=st.integers(1, 2),
    groups=st.sampled_from([1, 2, 3]),
    c_in=st.integers(1, 3),
    c_out=st.integers(1, 3),
    size=st.integers(1, 9),
    kernel=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    dilation=st.integers(1, 2),
    bias=st.sampled_from(["none", "right", "wrong"]),
    layout=st.sampled_from(["contiguous", "channels_last", "strided", "transposed"]),
)
def test_convolution_matches_pytorch(
    dims, n, groups, c_in, c_out, size, kernel, stride, padding, dilation, bias, layout
):
    # Channel counts that do and do not divide by the groups; windows that do and do
    # not fit; bias of the right and wrong size; layouts the mode leaves to PyTorch.
    x = torch.empty(n, c_in * (groups if c_in % 2 else 1), *[size] * dims, device=META)
    w = torch.empty(c_out * groups, c_in, *[kernel] * dims, device=META)
    b = {"none": None, "right": torch.empty(c_out * groups, device=META)}.get(
        bias, torch.empty(c_out * groups + 1, device=META)
    )
    if layout == "channels_last" and dims == 2:
        x = x.to(memory_format=torch.channels_last)
    if layout == "strided":
        x = torch.empty(n, x.shape[1], *[size * 2] * dims, device=META)[..., ::2]
    transposed = layout == "transposed"
    _same_as_pytorch(
        torch.ops.aten.convolution.default,
        x,
        w.transpose(0, 1).contiguous() if transposed else w,
        b,
        [stride] * dims,
        [padding] * dims,
        [dilation] * dims,
        transposed,
        [0] * dims,
        groups,
    )


@given(
    n=st.integers(1, 2),
    c=st.integers(1, 3),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kernel=st.integers(1, 4),
    stride=st.integers(0, 3),
    padding=st.integers(0, 2),
    dilation=st.integers(1, 2),
    ceil_mode=st.booleans(),
    n_args=st.integers(2, 6),
    channels_last=st.booleans(),
)
def test_max_pool2d_matches_pytorch(
    n, c, h, w, kernel, stride, padding, dilation, ceil_mode, n_args, channels_last
):
    # stride 0 stands for the schema's default []; the dispatcher leaves trailing
    # defaults out, so every shorter argument list is tried too.
    x = torch.empty(n, c, h, w, device=META)
    if channels_last:
        x = x.to(memory_format=torch.channels_last)
    args = (
        x,
        [kernel] * 2,
        [stride] * 2 if stride else [],
        [padding] * 2,
        [dilation] * 2,
        ceil_mode,
    )[:n_args]
    _same_as_pytorch(torch.ops.aten.max_pool2d_with_indices.default, *args)


def test_a_resnet18_trace_imports_neither_torch_dynamo_nor_sympy():
    """The default view's trace stays off PyTorch's Python decompositions and meta
    kernels: the first of those imports torch._dynamo (~0.6 s of a fresh server's
    first page), the first check in the others sympy (~0.3 s)."""
    import subprocess
    import sys

    code = (
        "import sys, resnet_viz as rv; rv.trace('resnet18', 224); "
        "print(sorted({'torch._dynamo', 'sympy'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
