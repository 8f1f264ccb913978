"""ResNet Explorer's core: build any ResNet-family network from plain data and trace it.

Importing this package never imports streamlit (the UI lives in resnet_viz.ui).
"""

from .conventions import Term, ToolCount, conventions_of, tool_counts
from .records import BlockRecord, LayerRecord, StageRecord, TraceResult
from .registry import (
    ARCHS,
    ArchSpec,
    ConfigError,
    list_archs,
    register_arch,
    resolve_config,
)
from .trace import trace

__all__ = [
    "ARCHS",
    "ArchSpec",
    "BlockRecord",
    "ConfigError",
    "LayerRecord",
    "StageRecord",
    "Term",
    "ToolCount",
    "TraceResult",
    "conventions_of",
    "list_archs",
    "register_arch",
    "resolve_config",
    "tool_counts",
    "trace",
]
