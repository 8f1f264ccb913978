"""Import the reference libraries (torchvision, timm, calflops) and run the counting
tools (torchinfo, fvcore, ptflops, thop, calflops, torch's flop counter) for the
differential tests.

The only torchvision wheel this project can install beside CPU torch 2.13.0 is a CUDA
build: its compiled ``_C.so`` needs ``libc10_cuda.so`` and fails to load, and its
Python side then registers fake kernels for ``torchvision::nms`` and
``torchvision::qnms``, operators that only ``_C.so`` defines, so the import dies
("operator torchvision::nms does not exist"). ``torchvision.models`` is pure Python
and needs neither operator. Defining the two schemas first (signatures as in
torchvision's csrc/ops/nms.cpp) lets the import go through; calling either operator
would still fail, and no test does. timm imports torchvision, so it goes through here.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import io
import sys
import types
import warnings
from collections.abc import Sequence

import torch

_LIB: torch.library.Library | None = None


def _define_missing_ops() -> None:
    global _LIB
    if _LIB is not None:
        return
    try:
        torch.ops.torchvision.nms.default  # noqa: B018  (a real build defined it)
    except (AttributeError, RuntimeError):
        _LIB = torch.library.Library("torchvision", "DEF")  # kept alive: owns the defs
        _LIB.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
        _LIB.define("qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")


def torchvision_models() -> types.ModuleType:
    """``torchvision.models``, importable beside CPU torch (see the module doc)."""
    _define_missing_ops()
    import torchvision.models

    return torchvision.models


def timm_module() -> types.ModuleType:
    """``timm``, which imports torchvision on its way in."""
    _define_missing_ops()
    import timm

    return timm


def calflops_module() -> types.ModuleType:
    """``calflops`` without transformers.

    calflops 0.3.2's ``__init__`` imports its Hugging Face helper, whose module does
    ``from transformers import AutoTokenizer`` at import time, although
    ``calculate_flops`` on a plain nn.Module never uses it (transformers is no
    dependency of the package, and it is large). A stub module stands in for it when
    transformers is not installed; a real install is used as it is.
    """
    if importlib.util.find_spec("transformers") is None:
        stub = types.ModuleType("transformers")
        stub.__spec__ = importlib.machinery.ModuleSpec("transformers", None)
        stub.AutoTokenizer = None  # type: ignore[attr-defined]
        sys.modules.setdefault("transformers", stub)
    import calflops

    return calflops


class _FirstInput(torch.nn.Module):
    """A block that takes more inputs, called with its first one only: ptflops passes
    one tensor. The others are drawn inside (randn counts nothing in any tool)."""

    def __init__(self, block: torch.nn.Module, more: Sequence[tuple[int, ...]]) -> None:
        super().__init__()
        self.block, self.more = block, [tuple(s[1:]) for s in more]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        more = [torch.randn((x.shape[0], *s)) for s in self.more]
        return self.block(x, *more)


def tool_totals(
    model: torch.nn.Module, shapes: Sequence[tuple[int, ...]]
) -> dict[str, int]:
    """Run every counting tool on ``model`` (eval mode, CPU) and return its totals,
    keyed like resnet_viz.conventions.TOOLS.

    Args:
        model: the network or block.
        shapes: the (N, C, H, W) of each input (a NASNet cell has two). ptflops gets
            one image, as its ``get_model_complexity_info`` always builds; the other
            tools get the whole batch.
    """
    import torchinfo
    from fvcore.nn import FlopCountAnalysis
    from ptflops import get_model_complexity_info
    from thop import profile
    from torch.utils.flop_counter import FlopCounterMode

    calculate_flops = calflops_module().calculate_flops
    model = model.eval()
    torch.manual_seed(0)
    xs = tuple(torch.randn(s) for s in shapes)
    out: dict[str, int] = {}
    quiet = contextlib.redirect_stdout(io.StringIO())
    with torch.no_grad(), warnings.catch_warnings(), quiet:
        warnings.simplefilter("ignore")
        with FlopCounterMode(display=False) as counter:
            model(*xs)
        out["flop_counter"] = counter.get_total_flops()
        out["torchinfo"] = torchinfo.summary(
            model, input_data=list(xs), verbose=0, device="cpu"
        ).total_mult_adds
        fv = FlopCountAnalysis(model, xs if len(xs) > 1 else xs[0])
        fv.unsupported_ops_warnings(False)
        fv.uncalled_modules_warnings(False)
        out["fvcore"] = fv.total()
        ops, _ = profile(model, inputs=xs, verbose=False)
        assert ops == int(ops)
        out["thop"] = int(ops)
        flops, macs, _ = calculate_flops(
            model,
            args=list(xs),
            output_as_string=False,
            print_results=False,
            print_detailed=False,
        )
        out["calflops_macs"], out["calflops_flops"] = macs, flops
        one = _FirstInput(model, shapes[1:]) if len(shapes) > 1 else model
        for backend in ("pytorch", "aten"):
            total, _ = get_model_complexity_info(
                one,
                tuple(shapes[0][1:]),
                as_strings=False,
                print_per_layer_stat=False,
                backend=backend,
            )
            out[f"ptflops_{backend}"] = total
    return out
