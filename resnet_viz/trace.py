"""trace(arch, input, **overrides) -> TraceResult: one real forward pass with hooks.

Imports torch, the builder and stats. Hooks go on a model built fresh for this call
and are removed in a ``finally``; nothing global is patched, so many sessions can trace
at once.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import threading
from collections.abc import Iterator
from typing import Any

import torch
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode

from .blocks import ZeroPadShortcut
from .budget import Budget, check_forward, checkpoint, forward_bytes, library_budget
from .builder import VGG, ResNet, build
from .devices import (  # re-exported: callers read them from here too
    DEVICES,
    MAX_BATCH,
    available_devices,
    parse_batch,
    parse_device_name,
)
from .records import TraceResult
from .registry import (
    ArchSpec,
    ConfigError,
    natural_input,
    parse_field,
    parse_input,
    resolve_config,
)
from .stats import (
    LayerCall,
    block_records,
    layer_records,
    numel,
    output_size,
    stage_records,
)

# A real-device trace must fit resnet_viz.budget's limits (input, weights and every
# layer's output; MACs on a server). Meta traces allocate nothing and are never
# refused.


def trace_limits(budget: Budget | None, memory_budget_bytes: int | None) -> Budget:
    """The limits a real-device trace must fit, from a tracer's two keywords.

    Args:
        budget: the full set of limits; None for ``library_budget()``.
        memory_budget_bytes: replaces the memory limit when given.

    Returns:
        The budget to check the meta estimate against.
    """
    limits = budget or library_budget()
    if memory_budget_bytes:
        limits = dataclasses.replace(limits, memory_bytes=memory_budget_bytes)
    return limits


def trace(
    arch: str | None = "resnet18",
    input: int | str | tuple[int, ...] | None = None,
    *,
    batch: int | str = 1,
    device: str = "meta",
    memory_budget_bytes: int | None = None,
    budget: Budget | None = None,
    **overrides: Any,
) -> TraceResult:
    """Build ``arch`` with ``overrides`` applied and trace one forward pass.

    Args:
        arch: a preset name (see ``list_archs()``), or None / "custom" to start from
            the default spec.
        input: 224, "32x48", "3x224x224" or a tuple; see ``parse_input``. None (the
            default) is the network's natural input, ``registry.natural_input``:
            32 x 32 for CIFAR-stem nets, 224 x 224 otherwise.
        batch: batch size N; shapes, MACs and activation bytes are for the whole batch.
        device: "meta" (shapes only, no memory), "cpu", or "cuda" where present.
        memory_budget_bytes: refuse a real-device trace whose input, weights and
            activations would exceed this; defaults to the library's 2 GiB.
        budget: the full set of limits (memory and MACs) a real-device trace must
            fit, e.g. ``resnet_viz.budget.server_budget()``; checked on a meta trace
            before anything is allocated. Defaults to ``library_budget()``.
        **overrides: any field of ArchSpec, typed or as strings.

    Returns:
        The frozen, picklable trace.

    Raises:
        ConfigError: a one-line message naming the offending field.
    """
    channels = overrides.pop("in_channels", None)
    if channels is not None:
        channels = parse_field("in_channels", channels)
    spec = resolve_config(arch, **overrides)
    if input is None:
        input = natural_input(spec)
    c, h, w = parse_input(input, channels or spec.in_channels)
    if channels is not None and channels != c:
        raise ConfigError(
            "input", key="err.in_channels", values={"c": c, "channels": channels}
        )
    if c != spec.in_channels:
        spec = resolve_config(arch, **overrides, in_channels=c)
    n = parse_batch(batch)
    dev = parse_device(device)
    name = arch if arch and arch != "custom" else "custom"
    if dev.type == "meta":
        return trace_spec(spec, (n, c, h, w), dev, name)
    estimate = trace_spec(spec, (n, c, h, w), torch.device("meta"), name)
    check_forward(estimate, dev.type, trace_limits(budget, memory_budget_bytes))
    return trace_spec(spec, (n, c, h, w), dev, name)


def trace_spec(
    spec: ArchSpec,
    input_shape: tuple[int, int, int, int],
    device: torch.device,
    arch: str,
    *,
    reuse_blocks: bool = True,
) -> TraceResult:
    """Trace a validated spec at a full (N, C, H, W) input shape on ``device``.

    With ``reuse_blocks`` (the default) each stage is built and run with at most two
    blocks, and the second block's rows stand for every later one: those blocks are
    built alike and see the same input shape, so their rows differ only in the path.
    Tests check that the result equals a full trace (``reuse_blocks=False``) for every
    preset and for random configs.
    """
    cap = 2 if reuse_blocks else None
    with _model(spec, device, cap) as model:
        # On meta the values do not exist: torch.empty, whose kernel is C++, where
        # randn's meta path is Python that imports sympy (see MetaShapes).
        make = torch.empty if device.type == "meta" else torch.randn
        x = make(input_shape, device=device)
        fast = device.type == "meta" and meta_fast_enabled()
        with MetaShapes() if fast else contextlib.nullcontext():
            calls, out = collect(model, x)
        kinds = shortcut_kinds(model)
        params, param_bytes = _param_totals(model)
        if reuse_blocks:
            for key, copies in _repeats(spec).items():
                block_params, block_bytes = _param_totals(model.get_submodule(key))
                params += copies * block_params
                param_bytes += copies * block_bytes
    if reuse_blocks:
        calls, kinds = repeat_blocks(calls, kinds, _repeats(spec))
    layers = layer_records(calls, x.element_size())
    blocks = block_records(layers, kinds)
    return TraceResult(
        arch=arch,
        config=spec,
        device=device.type,
        input_shape=tuple(input_shape),
        output_shape=tuple(out.shape),
        layers=layers,
        blocks=blocks,
        stages=stage_records(layers),
        total_params=params,
        total_macs=sum(r.macs for r in layers),
        total_elementwise_ops=sum(r.elementwise_ops for r in layers)
        + sum(b.add_ops for b in blocks),
        total_activation_bytes=sum(r.activation_bytes for r in layers),
        param_bytes=param_bytes,
    )


# Meta-device models kept for reuse, most recently used last: building the modules
# is a third of a meta trace (resnet101: 13 of 43 ms), and a class asks for the same
# network at many input sizes. A meta model holds no tensor data (a few hundred kB
# of Python objects), and tracing only reads it: hooks come and go in ``collect``.
_MODELS: collections.OrderedDict[
    tuple[ArchSpec, int | None], tuple[threading.Lock, nn.Module]
] = collections.OrderedDict()
_MODELS_LOCK = threading.Lock()
_MODELS_KEPT = 16


def forget_kept_models() -> int:
    """Drop the kept meta models (a server calls this once idle, so nothing built
    during a load outlives it); returns how many there were."""
    with _MODELS_LOCK:
        n = len(_MODELS)
        _MODELS.clear()
    return n


@contextlib.contextmanager
def _model(
    spec: ArchSpec, device: torch.device, cap: int | None
) -> Iterator[nn.Module]:
    """The eval-mode model of ``spec`` (at most ``cap`` blocks a stage) on
    ``device``: on meta a kept one when no other thread is tracing it, else built."""
    if device.type != "meta":
        # Eval mode: BN uses running statistics, so a 1x1 map with batch 1 is valid.
        yield build(spec, device=device, max_blocks_per_stage=cap).eval()
        return
    key = (spec, cap)
    with _MODELS_LOCK:
        entry = _MODELS.get(key)
        if entry is not None:
            _MODELS.move_to_end(key)
    if entry is not None and entry[0].acquire(blocking=False):
        try:
            yield entry[1]
        finally:
            entry[0].release()
        return
    model = build(spec, device=device, max_blocks_per_stage=cap).eval()
    if entry is not None:  # the kept one is in use by another thread
        yield model
        return
    lock = threading.Lock()
    with lock:
        with _MODELS_LOCK:
            _MODELS[key] = (lock, model)
            while len(_MODELS) > _MODELS_KEPT:
                _MODELS.popitem(last=False)
        yield model


class MetaShapes(TorchDispatchMode):
    """Answers inference-mode batch norm, and the few other ops a ResNet's meta trace
    would otherwise send through PyTorch's Python decompositions, with their output
    shapes.

    PyTorch has no C++ shape function for ``native_batch_norm``: on the meta device it
    runs the Python decomposition (mean, variance, broadcasts: ~0.6 ms a call, 60% of
    a resnet152 trace). Batch norm's output has its input's shape, strides and dtype,
    and its saved statistics have one value per channel, which is what the
    decomposition returns too. The residual add of two equal tensors, the head's
    global average pool (``mean`` keeping the reduced dimensions) and the classifier's
    ``addmm`` are answered the same way: their first Python decomposition would
    import torch._dynamo (~0.6 s, a fresh server's first page waits for it). So are
    convolution and max pooling, whose meta kernels are Python too: the first check
    in them (torch._check) imports sympy, ~0.3 s of the same first page. With these,
    the default view's trace imports neither (0.33 -> 0.01 s on a fresh process). Any
    other case (training mode, another dtype, broadcasting, shapes that do not match)
    goes to PyTorch's own kernel, errors included. Tests check that traces with and
    without this mode are equal for every preset, and that each handler's answer has
    the layout of PyTorch's kernel.

    ``trace_spec`` enters the mode only while ``meta_fast_enabled()``: set the
    environment variable ``RESNET_VIZ_META_FAST=0`` to trace with PyTorch's kernels
    alone (slower, same result), e.g. to rule the mode out when a trace looks wrong.

    A dispatch mode lives on the current thread's stack only: sessions tracing on
    other threads are not affected.
    """

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        # Not documented API: PyTorch's docstring calls this classmethod a temporary
        # switch for rolling out "skip PT2 compilation inside __torch_dispatch__".
        # While it returns True (the default), TorchDispatchMode.__init_subclass__
        # wraps __torch_dispatch__ in torch._disable_dynamo, whose first call imports
        # torch._dynamo: ~0.6 s of a fresh server's first page. This mode never runs
        # under torch.compile, so it opts out. If a PyTorch release drops the switch,
        # this override is simply never called: traces stay correct, the first trace
        # pays the import again, and test_a_resnet18_trace_does_not_import_torch_dynamo
        # fails to say so.
        return False

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
        handler = _META_HANDLERS.get(func)
        if handler is not None and not kwargs:
            out = handler(args)
            if out is not None:
                return out
        return func(*args, **(kwargs or {}))


def meta_fast_enabled() -> bool:
    """Whether meta traces use ``MetaShapes`` (unless RESNET_VIZ_META_FAST=0)."""
    return os.environ.get("RESNET_VIZ_META_FAST", "1").strip() != "0"


def _is_meta_float(*tensors: Any) -> bool:
    """Every argument is a float32 tensor on the meta device."""
    return all(
        isinstance(t, torch.Tensor) and t.is_meta and t.dtype == torch.float32
        for t in tensors
    )


def _meta_batch_norm(args: tuple[Any, ...]) -> Any:
    """Inference-mode batch norm: the input's layout, and one value per channel for
    each saved statistic; None for any other case."""
    if len(args) != 8:
        return None
    x, weight, bias, mean, var, training = args[:6]
    if training or not _is_meta_float(x) or x.dim() < 2:
        return None
    c = x.shape[1]
    if not all(
        t is None or (t.dtype == x.dtype and tuple(t.shape) == (c,))
        for t in (weight, bias, mean, var)
    ):
        return None
    out = _meta_like(x)
    return None if out is None else (out, x.new_empty((c,)), x.new_empty((c,)))


def _meta_add(args: tuple[Any, ...]) -> Any:
    """The residual add: same shape, layout and dtype in, the same out."""
    if len(args) != 2:
        return None
    a, b = args
    if not _is_meta_float(a, b) or a.shape != b.shape or a.stride() != b.stride():
        return None
    return _meta_like(a)


def _meta_like(x: torch.Tensor) -> torch.Tensor | None:
    """What torch.empty_like(x) returns for a dense tensor (its shape, strides and
    dtype), made by a C++ kernel: empty_like's meta path is a Python reference that
    imports sympy. None for a tensor with gaps or overlaps (left to PyTorch)."""
    dense = x.is_contiguous() or (
        x.dim() == 4 and x.is_contiguous(memory_format=torch.channels_last)
    )
    return x.new_empty_strided(x.shape, x.stride()) if dense else None


def _channels_last_like(t: torch.Tensor) -> bool:
    """Whether PyTorch would suggest a channels-last memory format for ``t``'s
    strides: c10's is_channels_last_strides_2d_s4 (and _3d_s5 for 5-D), which its
    meta kernels follow for their outputs. A tensor can be contiguous and still
    count as channels last (C = 1, or 1 x 1 maps), so is_contiguous() cannot say."""
    if t.dim() not in (4, 5):
        return False
    sizes, strides = t.shape, t.stride()
    if strides[1] == 0:
        return False
    least = 0
    for d in (1, *range(t.dim() - 1, 1, -1), 0):
        if sizes[d] == 0 or strides[d] < least:
            return False
        if d == 0 and least == strides[1]:
            return False  # ambiguous N x 1 x 1 x 1 layouts count as contiguous
        least = strides[d] * (sizes[d] if sizes[d] > 1 else 1)
    return True


def _ints(value: Any, n: int, least: int) -> bool:
    """``value`` is a list or tuple of ``n`` ints, each at least ``least``."""
    return (
        isinstance(value, list | tuple)
        and len(value) == n
        and all(type(v) is int and v >= least for v in value)
    )


def _window_shape(
    sizes: Any, kernel: Any, stride: Any, padding: Any, dilation: Any
) -> list[int] | None:
    """A window's output sizes over the spatial dimensions (stats.output_size along
    each), or None when one is empty: PyTorch raises there, so its kernel should."""
    out = [
        output_size(*dims)
        for dims in zip(sizes, kernel, stride, padding, dilation, strict=True)
    ]
    return out if min(out) >= 1 else None


def _meta_convolution(args: tuple[Any, ...]) -> Any:
    """A plain (not transposed) convolution of a contiguous float32 input with
    contiguous weights, neither of which PyTorch would take for channels last:
    (N, C_out, *spatial) by the window formula, contiguous, as PyTorch's meta
    kernel makes it. That kernel is Python and its first check imports sympy
    (~0.3 s of a fresh server's first trace). Channel or group mismatches, windows
    larger than the padded input, other layouts: None."""
    if len(args) != 9:
        return None
    x, w, bias, stride, padding, dilation, transposed, out_pad, groups = args
    if transposed is not False or type(groups) is not int or groups < 1:
        return None
    if not _is_meta_float(x, w) or x.dim() < 3 or w.dim() != x.dim():
        return None
    if not (x.is_contiguous() and w.is_contiguous()) or min(x.shape) < 1:
        return None
    if _channels_last_like(x) or _channels_last_like(w):
        return None
    if bias is not None and (not _is_meta_float(bias) or bias.shape != w.shape[:1]):
        return None
    n = x.dim() - 2
    if not (_ints(stride, n, 1) and _ints(padding, n, 0) and _ints(dilation, n, 1)):
        return None
    if not _ints(out_pad, n, 0) or any(out_pad):
        return None
    c_out, c_per_group, *kernel = w.shape
    if c_out % groups or x.shape[1] != c_per_group * groups or min(kernel) < 1:
        return None
    spatial = _window_shape(x.shape[2:], kernel, stride, padding, dilation)
    if spatial is None:
        return None
    return x.new_empty((x.shape[0], c_out, *spatial))


def _meta_max_pool2d(args: tuple[Any, ...]) -> Any:
    """Max pooling (the stem's 3x3, stride 2) of a contiguous float32 (N, C, H, W)
    input that PyTorch would not take for channels last, floor mode: the output and
    its int64 indices, contiguous, as PyTorch's meta kernel (Python, sympy on its
    first check) makes them. Ceil mode, padding over half the kernel, other
    layouts: None."""
    if not 2 <= len(args) <= 6:
        return None
    # The schema's defaults, which the dispatcher leaves out when they were passed.
    x, kernel, stride, padding, dilation, ceil_mode = (
        *args,
        *([], [0, 0], [1, 1], False)[len(args) - 2 :],
    )
    stride = stride or kernel  # [] means the window's own size
    if ceil_mode is not False or not _is_meta_float(x) or x.dim() != 4:
        return None
    if not x.is_contiguous() or _channels_last_like(x) or min(x.shape) < 1:
        return None
    if not (_ints(kernel, 2, 1) and _ints(stride, 2, 1) and _ints(dilation, 2, 1)):
        return None
    if not _ints(padding, 2, 0):
        return None
    if any(p > k // 2 for p, k in zip(padding, kernel, strict=True)):
        return None  # PyTorch's pool2d_shape_check: padding at most half the kernel
    spatial = _window_shape(x.shape[2:], kernel, stride, padding, dilation)
    if spatial is None:
        return None
    shape = (*x.shape[:2], *spatial)
    return x.new_empty(shape), x.new_empty(shape, dtype=torch.int64)


def _meta_mean(args: tuple[Any, ...]) -> Any:
    """Global average pooling (the head, squeeze-and-excitation) keeping dimensions:
    the reduced dimensions become 1."""
    if len(args) != 3:
        return None
    x, dims, keep = args
    if not _is_meta_float(x) or keep is not True:
        return None
    gone = _reduced_dims(x.dim(), dims)
    if gone is None:
        return None
    return x.new_empty([1 if i in gone else n for i, n in enumerate(x.shape)])


def _reduced_dims(ndim: int, dims: Any) -> set[int] | None:
    """The distinct, in-range dimensions ``dims`` names, made non-negative; None when
    they are anything else (an empty list means every dimension: left to PyTorch)."""
    if not isinstance(dims, list | tuple) or not dims:
        return None
    if not all(isinstance(d, int) and -ndim <= d < ndim for d in dims):
        return None
    gone = {d % ndim for d in dims}
    return gone if len(gone) == len(dims) else None


def _meta_addmm(args: tuple[Any, ...]) -> Any:
    """The classifier: bias + (n, k) @ (k, m) is (n, m)."""
    if len(args) != 3 or not _is_meta_float(*args):
        return None
    bias, m1, m2 = args
    if m1.dim() != 2 or m2.dim() != 2 or bias.dim() != 1:
        return None
    if m1.shape[1] != m2.shape[0] or bias.shape[0] != m2.shape[1]:
        return None
    return m1.new_empty((m1.shape[0], m2.shape[1]))


# Each handler answers its op's output for the cases it knows, or None to leave the
# call to PyTorch's kernel.
_META_HANDLERS = {
    torch.ops.aten.native_batch_norm.default: _meta_batch_norm,
    torch.ops.aten.add.Tensor: _meta_add,
    torch.ops.aten.mean.dim: _meta_mean,
    torch.ops.aten.addmm.default: _meta_addmm,
    torch.ops.aten.convolution.default: _meta_convolution,
    torch.ops.aten.max_pool2d_with_indices.default: _meta_max_pool2d,
}


def _param_totals(module: nn.Module) -> tuple[int, int]:
    """Parameters of ``module`` and its children, as a count and in bytes."""
    params = list(module.parameters())
    return sum(p.numel() for p in params), sum(
        p.numel() * p.element_size() for p in params
    )


def _repeats(spec: ArchSpec) -> dict[str, int]:
    """Block paths that stand for later blocks, and how many copies each needs."""
    return {f"layer{i + 1}.1": n - 2 for i, n in enumerate(spec.layers) if n > 2}


_CALL_FIELDS = tuple(f.name for f in dataclasses.fields(LayerCall))
assert _CALL_FIELDS[0] == "path"  # repeat_blocks passes the path first


def repeat_blocks(
    calls: list[LayerCall], kinds: dict[str, str], repeats: dict[str, int]
) -> tuple[list[LayerCall], dict[str, str]]:
    """Insert copies of a block's calls after it, renamed layerK.2, layerK.3, ...

    Args:
        calls: the calls of a shortened model, in execution order.
        kinds: block path -> shortcut kind, for the blocks that ran.
        repeats: block path ("layer3.1") -> number of copies to add after it.
    """
    out: list[LayerCall] = []
    kinds = dict(kinds)
    run: list[LayerCall] = []
    run_key: str | None = None

    def flush() -> None:
        out.extend(run)
        if run_key in repeats:
            stage = run_key.split(".")[0]
            # Each call's path tail and other fields, read once: the copies differ
            # only in the path (dataclasses.replace per copy took 2 s of an 8,000
            # block trace's 5).
            parts = [
                (c.path[len(run_key) :], [getattr(c, f) for f in _CALL_FIELDS[1:]])
                for c in run
            ]
            for j in range(2, repeats[run_key] + 2):
                if j % 64 == 0:
                    checkpoint()  # thousands of copies: stop if nobody waits
                prefix = f"{stage}.{j}"
                out.extend(LayerCall(prefix + tail, *rest) for tail, rest in parts)
                kinds[prefix] = kinds[run_key]

    for call in calls:
        key = ".".join(call.path.split(".")[:2])
        if key != run_key:
            flush()
            run, run_key = [], key
        run.append(call)
    flush()
    return out, kinds


def collect(
    model: nn.Module, x: torch.Tensor, *more: torch.Tensor
) -> tuple[list[LayerCall], torch.Tensor]:
    """Run ``model(x, *more)`` with a forward hook on every leaf module; one LayerCall
    a call. A call's ``in_shape`` is its first argument's; ``n_inputs`` counts them
    (a merge such as an add of three branches has 3).

    Before each leaf runs, a pre-hook checks its input arithmetically (see
    ``_misfit``): a conv or pool whose output would have no pixels, or a model input
    whose channels the first layer cannot take. Only an error raised while such a
    leaf runs is the visitor's input; any other error (a bug in a block) propagates
    as it is.

    Returns:
        The calls in execution order and the model's output.

    Raises:
        ConfigError: on the field ``input`` when the input's size does not fit.
    """
    static = {path: _static_info(m) for path, m in model.named_modules() if _is_leaf(m)}
    seen: list[tuple[str, tuple[int, ...], tuple[int, ...], int]] = []
    inputs = (x, *more)
    # The leaf now running whose input failed the arithmetic check, if any.
    misfit: list[str | None] = [None]

    def check_for(path: str):  # type: ignore[no-untyped-def]
        def check(m: nn.Module, args: tuple[Any, ...]) -> None:
            bad = bool(args) and _misfit(m, static[path], args[0], inputs)
            misfit[0] = path if bad else None

        return check

    def hook_for(path: str):  # type: ignore[no-untyped-def]
        def hook(_m: nn.Module, args: tuple[Any, ...], out: torch.Tensor) -> None:
            misfit[0] = None
            seen.append((path, tuple(args[0].shape), tuple(out.shape), len(args)))

        return hook

    leaves = [(path, m) for path, m in model.named_modules() if path in static]
    handles = [m.register_forward_hook(hook_for(path)) for path, m in leaves]
    # Checked only where a size can fail: convs, pools and batch norms.
    handles += [
        m.register_forward_pre_hook(check_for(path))
        for path, m in leaves
        if isinstance(m, _SIZED)
    ]
    try:
        with torch.no_grad():
            out = model(x, *more)
    except (RuntimeError, ValueError) as err:
        if misfit[0] is None:
            raise
        first = (
            str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        )
        raise ConfigError(
            "input",
            key="err.does_not_fit",
            values={"shape": tuple(x.shape[1:]), "why": first},
        ) from None
    finally:
        for h in handles:
            h.remove()
    calls = [
        LayerCall(path=p, in_shape=i, out_shape=o, n_inputs=k, **static[p])
        for p, i, o, k in seen
    ]
    return calls, out


def shortcut_kinds(model: ResNet | VGG) -> dict[str, str]:
    """Map each block path ("layer2.0") to its shortcut: identity, projection,
    avg_projection (option D where it pools; at stride 1 it is a plain projection),
    zero_pad, or none for plain nets (VGG included; its group's pool is no block)."""
    kinds = {}
    for stage in model.stage_names:
        for i, block in getattr(model, stage).named_children():
            if not i.isdigit():
                continue
            if not block.has_shortcut:
                kind = "none"
            elif block.downsample is None:
                kind = "identity"
            elif isinstance(block.downsample, ZeroPadShortcut):
                kind = "zero_pad"
            elif any(isinstance(m, nn.AvgPool2d) for m in block.downsample.modules()):
                kind = "avg_projection"  # ResNet-D: pool, then the 1x1 (option D)
            else:
                kind = "projection"
            kinds[f"{stage}.{i}"] = kind
    return kinds


def _misfit(
    m: nn.Module, info: dict[str, Any], x: Any, inputs: tuple[torch.Tensor, ...]
) -> bool:
    """Whether leaf ``m`` cannot take ``x`` because of the model input's size.

    A conv or pool whose output would be smaller than 1x1 means the input was too
    small for the network's strides; one of the model's ``inputs`` whose channels
    the conv or batch norm reading it does not expect means the input has the wrong
    C. Anything else the forward pass rejects is not the input's fault.

    Args:
        m: the leaf module about to run.
        info: its ``_static_info``.
        x: its first argument.
        inputs: the tensors the model was called with.
    """
    if not isinstance(x, torch.Tensor) or x.dim() < 3:
        return False
    want = _in_channels(m)
    if want is not None and x.shape[1] != want and any(x is t for t in inputs):
        return True
    if isinstance(m, nn.BatchNorm2d):
        return False
    # The output has no pixels exactly when the padded input is smaller than the
    # dilated kernel (ceil mode or not).
    (kh, kw), (ph, pw), (dh, dw) = (
        info["kernel_size"],
        info["padding"],
        info["dilation"],
    )
    h, w = x.shape[-2:]
    return h + 2 * ph < dh * (kh - 1) + 1 or w + 2 * pw < dw * (kw - 1) + 1


# The leaves whose input _misfit checks.
_SIZED = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, nn.BatchNorm2d)


def _in_channels(m: nn.Module) -> int | None:
    """The channels a conv or batch norm expects in dimension 1; None for others."""
    if isinstance(m, nn.Conv2d):
        return m.in_channels
    if isinstance(m, nn.BatchNorm2d):
        return m.num_features
    return None


def _is_leaf(m: nn.Module) -> bool:
    return next(m.children(), None) is None


def _pair(v: Any) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _static_info(m: nn.Module) -> dict[str, Any]:
    """Hyper-parameters and own parameter count of a leaf module, read once."""
    info: dict[str, Any] = {
        "kind": type(m).__name__,
        "params": sum(p.numel() for p in m.parameters(recurse=False)),
    }
    if isinstance(m, nn.Conv2d):
        info.update(
            kernel_size=_pair(m.kernel_size),
            stride=_pair(m.stride),
            padding=_pair(m.padding),
            dilation=_pair(m.dilation),
            groups=m.groups,
            has_bias=m.bias is not None,
        )
    elif isinstance(m, nn.MaxPool2d | nn.AvgPool2d):
        info.update(
            kernel_size=_pair(m.kernel_size),
            stride=_pair(m.stride),
            padding=_pair(m.padding),
            dilation=_pair(getattr(m, "dilation", 1)),  # AvgPool2d has none
        )
        if isinstance(m, nn.AvgPool2d):
            info.update(count_include_pad=m.count_include_pad)
    elif isinstance(m, ZeroPadShortcut):
        info.update(
            kernel_size=(1, 1), stride=_pair(m.stride), padding=(0, 0), dilation=(1, 1)
        )
    elif isinstance(m, nn.Linear):
        info.update(has_bias=m.bias is not None)
    return info


def parse_device(value: str) -> torch.device:
    """A device that works on this machine: meta, cpu, or cuda where present (see
    devices.parse_device_name)."""
    return torch.device(parse_device_name(value))


def activation_estimate_bytes(result: TraceResult) -> int:
    """Bytes a real-device trace of ``result`` would hold at most: the input, the
    weights it builds and the activations alive at the peak
    (resnet_viz.budget.forward_bytes)."""
    return forward_bytes(result)


__all__ = [
    "DEVICES",
    "MAX_BATCH",
    "activation_estimate_bytes",
    "available_devices",
    "collect",
    "numel",
    "parse_batch",
    "parse_device",
    "trace",
    "trace_spec",
]
