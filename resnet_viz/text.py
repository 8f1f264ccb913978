"""Text of shapes, pairs, values, numbers and the papers' conv notation, written once
for every table, figure, caption and sentence of the app.

Imports the standard library, and records and stats for the notation of a block's
convs; formats, tables, narrative, walkthrough, compare, scenarios and the figures
all import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .records import LayerRecord, TraceResult
from .stats import is_gate, main_convs

# The typographic signs every shape and formula prints, spelled as escapes so that
# the source shows which character is meant (ruff's RUF001-003 are off for them).
TIMES = "\u00d7"
MINUS = "\u2212"


def shape_text(shape: Sequence[int] | None, sep: str = "x") -> str:
    """(1, 64, 56, 56) -> "1x64x56x56"; None -> ""."""
    return "" if shape is None else sep.join(str(v) for v in shape)


def human(n: float, unit: str = "") -> str:
    """1_814_073_344 -> "1.81 G": three significant figures with an SI prefix."""
    for div, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= div:
            return f"{n / div:.3g} {prefix}{unit}"
    return f"{n:g} {unit}".rstrip()


def pair_text(pair: Sequence[int] | None, missing: str = "") -> str:
    """(3, 3) -> "3", (3, 1) -> "3×1": a square pair (stride, padding) collapses to
    one number; None -> ``missing``."""
    if pair is None:
        return missing
    return str(pair[0]) if pair[0] == pair[1] else shape_text(pair, TIMES)


def kernel_text(kernel: Sequence[int]) -> str:
    """(3, 3) -> "3×3": a kernel always shows both sides."""
    return f"{kernel[0]}{TIMES}{kernel[1]}"


def hw_text(shape: Sequence[int]) -> str:
    """(1, 64, 56, 56) -> "56×56": the spatial size of an NCHW shape."""
    return shape_text(tuple(shape[2:]), TIMES)


def tensor_text(shape: Sequence[int]) -> str:
    """(1, 64, 56, 56) -> "56×56×64"; (1, 1000) -> "1000" (a vector: its length)."""
    if len(shape) == 4:
        return shape_text((shape[2], shape[3], shape[1]), TIMES)
    return shape_text(tuple(shape[1:]), TIMES)


def value_text(value: Any) -> str:
    """A config value as the command line and the URL write it: (3, 4) -> "3,4",
    True -> "true", anything else as str()."""
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def conv_text(row: LayerRecord, show_stride: bool = False) -> str:
    """A conv as the papers write it: "3x3, 128", grouped "3x3, 128, C=32".

    With ``show_stride`` a strided conv reads "3x3/2, 128" (graph labels).
    """
    assert row.kernel_size is not None
    assert row.stride is not None
    kernel = shape_text(row.kernel_size, TIMES)
    if show_stride and row.stride != (1, 1):
        kernel += "/" + pair_text(row.stride)
    text = f"{kernel}, {row.out_shape[1]}"
    # "C=" is the ResNeXt paper's notation for the number of groups in its Table 1.
    return text + (f", C={row.groups}" if row.groups and row.groups > 1 else "")


def stage_bracket(trace: TraceResult, stage: str) -> str:
    """ "[3x3, 64; 3x3, 64] x 3": the first block's main-path convs x blocks.

    Raises:
        ValueError: ``stage`` has no blocks in this trace.
    """
    blocks = [b for b in trace.blocks if b.stage == stage]
    if not blocks:
        raise ValueError(f"{stage!r} is not a stage with blocks in this trace")
    # Only the first block's rows, which run contiguously: grouping every row by
    # block for each stage took 0.8 s per Table 1 of a net with 8,000 blocks.
    rows: list[LayerRecord] = []
    for r in trace.layers:
        if r.stage == stage and r.block == blocks[0].index:
            rows.append(r)
        elif rows:
            break
    parts = [conv_text(c) for c in main_convs(rows)]
    gate = [r for r in rows if is_gate(r.path) and r.kind == "Conv2d"]
    if gate:  # Hu et al. 2018, Table 1: "fc, [16, 256]" for the SE module's two FCs
        parts.append("fc, [" + ", ".join(str(r.out_shape[1]) for r in gate) + "]")
    return "[" + "; ".join(parts) + f"] {TIMES} {len(blocks)}"
