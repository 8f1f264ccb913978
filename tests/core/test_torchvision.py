"""Differential test against torchvision's own ResNets (a dev requirement).

torchvision's CUDA wheel is imported through tests/references.py, which explains why
it needs help beside CPU torch; the test never skips.
"""

from __future__ import annotations

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


@pytest.mark.parametrize("arch", PRESETS)
@pytest.mark.parametrize("size", [32, 97, 224])
def test_per_path_shapes_match_torchvision(arch, size):
    theirs = getattr(tvm, arch)(weights=None).eval()
    shapes: dict[str, tuple[int, ...]] = {}

    def record(path: str):  # a hook that returns None leaves the output alone
        def hook(_m, _args, out):
            shapes[path] = tuple(out.shape)

        return hook

    handles = [
        m.register_forward_hook(record(path))
        for path, m in theirs.named_modules()
        if path and next(m.children(), None) is None and "relu" not in path
    ]
    with torch.no_grad():
        out = theirs(torch.randn(1, 3, size, size))
    for h in handles:
        h.remove()
    result = rv.trace(arch, size)
    ours = {r.path: r.out_shape for r in result.layers if "relu" not in r.path}
    assert ours == shapes
    assert result.output_shape == tuple(out.shape)


def test_weights_copied_from_torchvision_give_the_same_output():
    theirs = tvm.resnet18(weights=None).eval()
    ours = build(ARCHS["resnet18"]).eval()
    ours.load_state_dict(theirs.state_dict())
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(ours(x), theirs(x))
