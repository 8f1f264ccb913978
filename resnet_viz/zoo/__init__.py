"""The block zoo: every convolution block of the source material as a real PyTorch
module, traced alone with the network tracer. Imports torch; never streamlit.

    from resnet_viz.zoo import trace_block
    t = trace_block("inception", "256x28x28", filters=64, reduction=4)
    t.to_dict()  # the JSON contract of a network trace, one branch per stage
"""

from .modules import Branch, build_block
from .resnext import (
    FORMS,
    FormsCheck,
    copy_resnext_weights,
    resnext_equivalence,
    resnext_forms,
)
from .spec import KINDS, BlockKind, BlockSpec, Param, list_blocks, resolve_block
from .summary import branch_rows
from .trace import compare_blocks, trace_block, trace_block_spec

__all__ = [
    "FORMS",
    "KINDS",
    "BlockKind",
    "BlockSpec",
    "Branch",
    "FormsCheck",
    "Param",
    "branch_rows",
    "build_block",
    "compare_blocks",
    "copy_resnext_weights",
    "list_blocks",
    "resnext_equivalence",
    "resnext_forms",
    "resolve_block",
    "trace_block",
    "trace_block_spec",
]
