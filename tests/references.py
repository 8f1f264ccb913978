"""Import the reference libraries (torchvision, timm) for differential tests.

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

import types

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
