"""Repeated blocks folded: a stage's run of identical blocks drawn once, marked ×N.

Views whose size grows with depth (the layer view, the expanded block graph) draw a
folded trace when the full one is over their limit. Imports resnet_viz.records and
resnet_viz.stats only: never torch or streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from resnet_viz.records import BlockRecord, LayerRecord, TraceResult
from resnet_viz.stats import rows_by_block


@dataclass(frozen=True, slots=True)
class Folded:
    """A trace whose runs of identical blocks keep only their first block.

    ``trace`` has the kept blocks' layer rows and BlockRecords (stem, head and the
    StageRecords are untouched, so stage totals still count every block).
    ``repeats`` maps a kept block's path to the number of identical consecutive
    blocks it stands for, only where that is more than 1; ``last`` maps it to the
    path of the run's last block ("layer3.1" -> "layer3.35").
    """

    trace: TraceResult
    repeats: dict[str, int]
    last: dict[str, str]

    @property
    def is_folded(self) -> bool:
        """True when at least one run of blocks was cut to one."""
        return bool(self.repeats)


def block_signature(block: BlockRecord, rows: Sequence[LayerRecord]) -> tuple:
    """What a block looks like in every view: its shapes, shortcut and costs, and
    each of its layers' path inside the block, kind, role, shapes and settings.

    Two blocks with equal signatures draw identically (receptive fields, which grow
    along the stage, are left out on purpose: no folded view shows them).
    """
    prefix = len(block.path)
    return (
        block.in_shape[1:],
        block.out_shape[1:],
        block.shortcut,
        block.params,
        block.macs,
        tuple(
            (
                r.path[prefix:],
                r.kind,
                r.role,
                r.in_shape[1:],
                r.out_shape[1:],
                r.kernel_size,
                r.stride,
                r.padding,
                r.dilation,
                r.groups,
                r.params,
                r.macs,
            )
            for r in rows
        ),
    )


def fold_repeats(trace: TraceResult) -> Folded:
    """Cut every run of consecutive identical blocks in a stage to its first block.

    By construction the blocks after the first of a stage are identical (a ResNet's
    stage changes shape only in its first block), so a stage folds to at most two
    drawn blocks: resnet152's 50 blocks become 8, an 8-stage net of 1,000 blocks
    per stage 16. A trace without repeats comes back as it was (the same object).

    Args:
        trace: the traced network.

    Returns:
        The folded trace with the run length of each block that stands for others.
    """
    rows = rows_by_block(trace)
    kept: list[BlockRecord] = []
    repeats: dict[str, int] = {}
    last: dict[str, str] = {}
    dropped: set[str] = set()
    prev_sig: tuple | None = None
    for block in trace.blocks:
        sig = (block.stage, block_signature(block, rows.get(block.path, ())))
        if kept and sig == prev_sig and kept[-1].stage == block.stage:
            head = kept[-1].path
            repeats[head] = repeats.get(head, 1) + 1
            last[head] = block.path
            dropped.add(block.path)
            continue
        kept.append(block)
        prev_sig = sig
    if not dropped:
        return Folded(trace, {}, {})
    layers = tuple(
        r
        for r in trace.layers
        if r.block is None or f"{r.stage}.{r.block}" not in dropped
    )
    folded = dataclasses.replace(trace, layers=layers, blocks=tuple(kept))
    return Folded(folded, repeats, last)
