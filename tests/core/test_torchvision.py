"""Differential tests against torchvision's own ResNets (a dev requirement): state
dicts, every layer's type, shapes, kernel, stride, padding, groups, params and MACs
at 224, 32, 97 and 320x192, and the output with copied weights.

torchvision's CUDA wheel is imported through tests/references.py, which explains why
it needs help beside CPU torch; the tests never skip.
"""

from __future__ import annotations

import math

import pytest
import torch

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.registry import ARCHS
from tests.references import torchvision_models

tvm = torchvision_models()

PRESETS = rv.list_archs("torchvision")


@pytest.mark.parametrize("arch", PRESETS)
def test_state_dict_matches_torchvision(arch):
    theirs = getattr(tvm, arch)(weights=None)
    ours = build(ARCHS[arch], "meta")
    assert {k: tuple(v.shape) for k, v in ours.state_dict().items()} == {
        k: tuple(v.shape) for k, v in theirs.state_dict().items()
    }


def test_weights_copied_from_torchvision_give_the_same_output():
    theirs = tvm.resnet18(weights=None).eval()
    ours = build(ARCHS["resnet18"]).eval()
    ours.load_state_dict(theirs.state_dict())
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(ours(x), theirs(x))


def _reference_rows(model: torch.nn.Module, x: torch.Tensor) -> dict[str, tuple]:
    """Every leaf call of torchvision's model but its shared ReLU, as (kind, input,
    output, kernel, stride, padding, groups, params, MACs): the geometry read from
    the module, the MACs worked out here from it (conv: output elements x in/groups
    x kh x kw; linear: in x out per sample), not taken from resnet_viz."""
    rows: dict[str, tuple] = {}

    def record(path: str, m: torch.nn.Module):
        def hook(_m, args, out):
            params = sum(p.numel() for p in m.parameters(recurse=False))
            geometry: tuple = (None, None, None, None)
            macs = 0
            if isinstance(m, torch.nn.Conv2d):
                geometry = (m.kernel_size, m.stride, m.padding, m.groups)
                macs = (
                    out.numel() * m.in_channels // m.groups * math.prod(m.kernel_size)
                )
            elif isinstance(m, torch.nn.MaxPool2d):
                k, s, p = (
                    (v, v) if isinstance(v, int) else tuple(v)
                    for v in (m.kernel_size, m.stride, m.padding)
                )
                geometry = (k, s, p, None)
            elif isinstance(m, torch.nn.Linear):
                macs = out.numel() * m.in_features
            rows[path] = (
                type(m).__name__,
                tuple(args[0].shape),
                tuple(out.shape),
                *geometry,
                params,
                macs,
            )

        return hook

    handles = [
        m.register_forward_hook(record(path, m))
        for path, m in model.named_modules()
        if path and next(m.children(), None) is None and "relu" not in path
    ]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return rows


@pytest.mark.parametrize("arch", PRESETS)
@pytest.mark.parametrize("size", [(224, 224), (32, 32), (97, 97), (320, 192)])
def test_every_layer_matches_torchvision(arch, size):
    """Layer by layer: type, shapes, kernel, stride, padding, groups, params, MACs.

    Both run on the meta device (shapes only), so all ten presets at four sizes,
    a non-square one among them, stay fast."""
    with torch.device("meta"):
        theirs = getattr(tvm, arch)(weights=None).eval()
    x = torch.empty(1, 3, *size, device="meta")
    expected = _reference_rows(theirs, x)
    result = rv.trace(arch, f"{size[0]}x{size[1]}")
    ours = {
        r.path: (
            r.kind,
            r.in_shape,
            r.out_shape,
            r.kernel_size,
            r.stride,
            r.padding,
            r.groups,
            r.params,
            r.macs,
        )
        for r in result.layers
        if "relu" not in r.path
    }
    assert ours == expected
    with torch.no_grad():
        assert result.output_shape == tuple(theirs(x).shape)
    assert result.total_macs == sum(row[-1] for row in expected.values())
    assert result.total_params == sum(p.numel() for p in theirs.parameters())
