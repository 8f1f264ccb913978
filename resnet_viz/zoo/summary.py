"""Plain-data tables of a lone block's trace: its branches with their costs.

Imports records and formats only (no torch, no streamlit), like resnet_viz.tables.
"""

from __future__ import annotations

from typing import Any

from resnet_viz.records import TraceResult
from resnet_viz.text import tensor_text


def branch_rows(trace: TraceResult) -> list[dict[str, Any]]:
    """One row per branch and merge of a block trace, then the block's total.

    Returns:
        Dicts with branch, reads (its inputs), output (H×W×C), layers, params, MACs
        and activation_bytes; the last row is "total" (params from the model, so
        equal to ``trace.total_params``).
    """
    rows: list[dict[str, Any]] = []
    for s in trace.stages:
        rows.append(
            {
                "branch": s.name,
                "reads": ", ".join(s.inputs),
                "output": tensor_text(s.out_shape),
                "layers": sum(r.stage == s.name for r in trace.layers),
                "params": s.params,
                "MACs": s.macs,
                "activation_bytes": s.activation_bytes,
            }
        )
    rows.append(
        {
            "branch": "total",
            "reads": "",
            "output": tensor_text(trace.output_shape),
            "layers": len(trace.layers),
            "params": trace.total_params,
            "MACs": trace.total_macs,
            "activation_bytes": trace.total_activation_bytes,
        }
    )
    return rows
