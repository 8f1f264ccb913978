"""The frozen trace result and its rows: the one data contract between layers.

Plain dataclasses of ints, strings and tuples; imports nothing from torch, so figures
and pages can build fixtures by hand. Everything here is frozen, so the app shares
one trace between sessions (st.cache_resource), and pickles (the zoo page's
st.cache_data stores block traces as pickles; a notebook can save one).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .registry import ArchSpec

if TYPE_CHECKING:  # annotation only: the zoo's spec is plain data like ArchSpec
    from .zoo.spec import BlockSpec

SCHEMA_VERSION = 1
Shape = tuple[int, ...]
Pair = tuple[int, int]


def body_stage_index(name: str) -> int | None:
    """K of a body stage "layerK" (torchvision's names, K >= 1); None for the stem,
    the head and a lone block's branches and merges."""
    return int(name[5:]) if name.startswith("layer") and name[5:].isdigit() else None


def is_body_stage(name: str) -> bool:
    """Whether a stage (or a module path's first part) is one of layer1..layerK."""
    return body_stage_index(name) is not None


@dataclass(frozen=True, slots=True)
class LayerRecord:
    """One call of one leaf module, in execution order."""

    path: str  # module path, e.g. "layer2.0.conv1": the stable id everywhere
    kind: str  # type(module).__name__
    stage: str  # "stem", "layer1".."layerK" or "head"
    block: int | None  # index of the block inside its stage; None in stem and head
    role: str  # "main" or "shortcut"
    in_shape: Shape  # (N, C, H, W), or (N, F) for the fc layer
    out_shape: Shape
    kernel_size: Pair | None
    stride: Pair | None
    padding: Pair | None
    dilation: Pair | None
    groups: int | None
    params: int  # parameters owned directly by this module
    macs: int  # multiply-accumulates of Conv2d and Linear; 0 for every other kind
    elementwise_ops: int  # BN, ReLU, pooling and bias work, counted as in stats.py
    activation_bytes: int  # bytes of the output tensor
    receptive_field: Pair  # (rows, cols) of input pixels one output pixel can see
    jump: Pair  # distance in input pixels between neighbouring output pixels
    # Added after schema 1 first shipped (defaults keep old fixtures and readers
    # working): the facts the other tools' counting rules need (conventions.py).
    has_bias: bool = False  # a Conv2d or Linear with a bias term
    count_include_pad: bool | None = None  # AvgPool2d's flag; None for other kinds

    @property
    def flops(self) -> int:
        """2 * macs: one multiply and one add each (torch.utils.flop_counter's rule)."""
        return 2 * self.macs


@dataclass(frozen=True, slots=True)
class BlockRecord:
    """One residual (or plain) block."""

    stage: str
    index: int
    path: str  # e.g. "layer2.0"
    in_shape: Shape
    out_shape: Shape
    # "identity", "projection", "avg_projection" (ResNet-D: avg-pool, then 1x1),
    # "zero_pad" or "none" (plain nets)
    shortcut: str
    params: int
    macs: int
    add_ops: int  # elements summed by the residual add (0 when there is no shortcut)


@dataclass(frozen=True, slots=True)
class StageRecord:
    """The stem, one stage layerK, or the head (pool + fc); in a lone block's trace
    (resnet_viz.zoo), one branch or merge of the block."""

    name: str
    in_shape: Shape
    out_shape: Shape
    n_blocks: int
    params: int
    macs: int
    activation_bytes: int
    # Stages (or "input", "input2") whose outputs this one reads. Empty in a network,
    # where each stage reads the one before it; a block's branches name theirs.
    inputs: tuple[str, ...] = ()

    @property
    def is_body(self) -> bool:
        """One of the network's stages layer1..layerK, not its stem or head."""
        return is_body_stage(self.name)


# weakref_slot: a trace too big for the server's trace cache is still found there
# while a page holds it (resnet_viz.ui.memo keeps a weak reference to it).
@dataclass(frozen=True, slots=True, weakref_slot=True)
class TraceResult:
    """Everything one forward pass told us about one network at one input size."""

    arch: str  # a preset name, "custom", or a block kind for a lone block
    config: ArchSpec | BlockSpec
    device: str
    input_shape: Shape
    output_shape: Shape
    layers: tuple[LayerRecord, ...]
    blocks: tuple[BlockRecord, ...]
    stages: tuple[StageRecord, ...]
    total_params: int  # from model.parameters(), never a sum of rows
    total_macs: int
    total_elementwise_ops: int  # layers' elementwise work plus the residual adds
    total_activation_bytes: int
    param_bytes: int

    @property
    def body_stages(self) -> tuple[StageRecord, ...]:
        """The stages layer1..layerK in order: the body, without stem and head (empty
        for a lone block's trace, whose stages are branches)."""
        return tuple(s for s in self.stages if s.is_body)

    @property
    def total_flops(self) -> int:
        """2 * total_macs (torch.utils.flop_counter's convention)."""
        return 2 * self.total_macs

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `resnet_viz summary --format json` (schema 1)."""
        return {
            "schema": SCHEMA_VERSION,
            "arch": self.arch,
            "config": self.config.to_dict(),
            "device": self.device,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "total_params": self.total_params,
            "total_macs": self.total_macs,
            "total_flops": self.total_flops,
            "total_elementwise_ops": self.total_elementwise_ops,
            "total_activation_bytes": self.total_activation_bytes,
            "param_bytes": self.param_bytes,
            "stages": [_plain(s) for s in self.stages],
            "blocks": [_plain(b) for b in self.blocks],
            "layers": [{**_plain(r), "flops": r.flops} for r in self.layers],
        }


def _plain(record: Any) -> dict[str, Any]:
    """A record as a dict of JSON values (tuples become lists)."""
    out = {}
    for f in dataclasses.fields(record):
        v = getattr(record, f.name)
        out[f.name] = list(v) if isinstance(v, tuple) else v
    return out
