"""Text of shapes, pairs, values and numbers, written once for every table, figure,
caption and sentence of the app.

Standard library only: records, formats, tables, narrative, walkthrough, compare,
scenarios and the figures all import it, and it imports none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
