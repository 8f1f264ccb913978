"""The tracer leaves nothing behind: hooks removed, results picklable, no UI import."""

from __future__ import annotations

import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import torch

import resnet_viz as rv
from resnet_viz.builder import build
from resnet_viz.registry import ARCHS
from resnet_viz.trace import collect


def _hook_count(model: torch.nn.Module) -> int:
    return sum(
        len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules()
    )


def test_hooks_removed_after_trace_and_after_failure():
    model = build(ARCHS["resnet18"], "meta").eval()
    collect(model, torch.randn(1, 3, 32, 32, device="meta"))
    assert _hook_count(model) == 0
    with pytest.raises(rv.ConfigError, match=r"^input: "):
        collect(model, torch.randn(1, 5, 32, 32, device="meta"))  # wrong channels
    assert _hook_count(model) == 0


def test_no_global_hooks_are_left():
    before = (
        len(torch.nn.modules.module._global_forward_hooks),
        len(torch.nn.modules.module._global_forward_pre_hooks),
    )
    rv.trace("resnet50", 64)
    after = (
        len(torch.nn.modules.module._global_forward_hooks),
        len(torch.nn.modules.module._global_forward_pre_hooks),
    )
    assert before == after


def test_result_is_frozen_and_picklable():
    result = rv.trace("resnext50_32x4d", 64)
    clone = pickle.loads(pickle.dumps(result))
    assert clone == result
    assert clone.to_dict() == result.to_dict()
    with pytest.raises(AttributeError):
        result.total_params = 0  # type: ignore[misc]


def test_concurrent_traces_do_not_mix():
    jobs = [("resnet18", 224), ("resnet20", 32), ("resnet50", 96), ("plain34", 64)] * 3
    expected = {job: rv.trace(*job).to_dict() for job in set(jobs)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: rv.trace(*job), jobs))
    for job, result in zip(jobs, results, strict=True):
        assert result.to_dict() == expected[job]


def test_cpu_trace_matches_meta_for_a_preset():
    meta = rv.trace("resnet18", 57, device="meta")
    cpu = rv.trace("resnet18", 57, device="cpu")
    assert meta.layers == cpu.layers
    assert cpu.device == "cpu"


def test_importing_the_core_does_not_import_streamlit():
    code = (
        "import resnet_viz, resnet_viz.formats, resnet_viz.__main__, sys; "
        "assert 'streamlit' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class _BrokenBlock(torch.nn.Module):
    """A block with a bug: its second conv expects channels the first does not give."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(4, 8, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(self.conv1(x))


class _FailingBlock(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise ValueError("a bug in forward")


@pytest.mark.parametrize("device", ["meta", "cpu"])
def test_a_broken_block_raises_its_own_error_not_an_input_error(device):
    x = torch.randn(1, 3, 8, 8, device=device)
    with pytest.raises(RuntimeError) as err:
        collect(_BrokenBlock().to(device), x)
    assert not isinstance(err.value, rv.ConfigError)
    assert "does not fit" not in str(err.value)
    with pytest.raises(ValueError, match="a bug in forward"):
        collect(torch.nn.Sequential(torch.nn.ReLU(), _FailingBlock()), x)


def test_an_input_too_small_for_the_strides_is_an_input_error():
    with pytest.raises(rv.ConfigError, match=r"^input: \(3, 16, 16\) does not fit"):
        rv.trace("vgg16", 16)


def test_the_result_names_its_body_stages():
    names = [s.name for s in rv.trace("resnet18", 64).body_stages]
    assert names == ["layer1", "layer2", "layer3", "layer4"]
    assert [s.name for s in rv.trace("vgg16", 64).body_stages][-1] == "layer5"
    from resnet_viz.zoo import trace_block

    assert trace_block("inception", "16x8x8").body_stages == ()


def test_a_kept_meta_model_traces_like_a_fresh_one():
    """Meta traces reuse a kept model per spec (resnet_viz.trace._model): the results
    equal a trace with a freshly built model, hooks never pile up on the kept one,
    and threads tracing the same spec at once each get the right sizes."""
    tracer = sys.modules["resnet_viz.trace"]  # the package exports a function trace

    spec = ARCHS["resnet50"]
    tracer._MODELS.clear()
    first = rv.trace("resnet50", 96)
    ((lock, kept),) = [v for k, v in tracer._MODELS.items() if k[0] == spec]
    again = rv.trace("resnet50", 160)
    assert tracer._MODELS[(spec, 2)][1] is kept  # reused, not rebuilt
    assert _hook_count(kept) == 0
    assert not lock.locked()
    with tracer._model(spec, torch.device("meta"), 2) as private:
        assert private is kept
        with tracer._model(spec, torch.device("meta"), 2) as other:
            assert other is not kept  # busy: a thread of its own gets a fresh one
    tracer._MODELS.clear()
    assert rv.trace("resnet50", 96) == first
    assert rv.trace("resnet50", 160) == again
    sizes = [64 + 32 * (i % 6) for i in range(24)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda s: rv.trace("resnet50", s), sizes))
    for size, result in zip(sizes, results, strict=True):
        assert result.input_shape == (1, 3, size, size)
        assert result.layers[-2].in_shape[2] == -(-size // 32)
    assert _hook_count(tracer._MODELS[(spec, 2)][1]) == 0
