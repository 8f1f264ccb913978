"""Sentences about one trace, generated from its numbers (never canned per model).

Imports records and formats only: no torch, no streamlit.
"""

from __future__ import annotations

from collections import Counter

from .records import LayerRecord, Shape, TraceResult


def hwc(shape: Shape) -> str:
    """(N, C, H, W) -> "HxWxC" with the multiplication sign; (N, F) -> "F"."""
    if len(shape) == 4:
        return f"{shape[2]}×{shape[3]}×{shape[1]}"
    return "×".join(str(v) for v in shape[1:])


def _stem_text(layers: list[LayerRecord]) -> str:
    parts = []
    for r in layers:
        if r.kind == "Conv2d" and r.kernel_size and r.stride:
            parts.append(
                f"a {r.kernel_size[0]}×{r.kernel_size[1]} stride-{r.stride[0]} conv"
            )
        elif r.kind == "MaxPool2d" and r.kernel_size and r.stride:
            parts.append(
                f"a {r.kernel_size[0]}×{r.kernel_size[1]} stride-{r.stride[0]} max-pool"
            )
    return " and ".join(parts)


def overview_sentences(trace: TraceResult) -> list[str]:
    """A few sentences that walk the tensor through the network, for the overview."""
    stem_rows = [r for r in trace.layers if r.stage == "stem"]
    stages = [s for s in trace.stages if s.name.startswith("layer")]
    if stem_rows:
        out = [
            f"The stem turns the {hwc(trace.input_shape)} input into a "
            f"{hwc(stem_rows[-1].out_shape)} volume with {_stem_text(stem_rows)}."
        ]
    else:  # VGG: the first conv group works on the image itself
        out = [
            f"There is no stem: the first stage sees the {hwc(trace.input_shape)} "
            "input itself."
        ]
    flow = " → ".join(hwc(s.out_shape) for s in stages)
    out.append(
        f"{len(stages)} stage{'s' if len(stages) != 1 else ''} of "
        f"{', '.join(str(s.n_blocks) for s in stages)} {trace.config.block} blocks "
        f"follow: {flow}."
    )
    kinds = Counter(b.shortcut for b in trace.blocks)
    if kinds.get("none"):
        out.append("This is a plain net: no block has a shortcut.")
    else:
        named = {
            "projection": "projection (1×1 conv + BN)",
            "zero_pad": "zero-pad (no parameters)",
            "identity": "identity",
        }
        listed = ", ".join(
            f"{n} {named[k]}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])
        )
        out.append(f"Shortcuts: {listed}.")
    tiny = next((s for s in stages if s.out_shape[2:] == (1, 1)), None)
    if tiny is not None and trace.input_shape[2] > 1:
        out.append(
            f"From {tiny.name} on the map is 1×1: the input is small for this stem, so "
            "those 3×3 convs see mostly padding."
        )
    fc = trace.layers[-1]
    n_fc = sum(r.kind == "Linear" for r in trace.layers if r.stage == "head")
    if n_fc > 1:  # VGG's head: a 7x7 pool, then fc-ReLU-dropout layers
        first = next(r for r in trace.layers if r.kind == "Linear")
        out.append(
            f"The head flattens a {hwc(first.in_shape)}-vector and {n_fc} fc layers "
            f"map it to {fc.out_shape[-1]} classes."
        )
        return out
    out.append(
        f"Global average pooling leaves a {fc.in_shape[-1]}-vector and the fc layer "
        "maps "
        f"it to {fc.out_shape[-1]} classes."
    )
    return out
