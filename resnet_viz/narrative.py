"""Sentences about one trace, generated from its numbers (never canned per model).

Imports records, text and the i18n catalogue only: no torch, no streamlit.
"""

from __future__ import annotations

from collections import Counter

from .i18n import DEFAULT_LANG, t
from .records import LayerRecord, TraceResult
from .text import kernel_text, tensor_text

hwc = tensor_text  # the old name of tensor_text


def _stem_text(layers: list[LayerRecord], lang: str) -> str:
    parts = []
    for r in layers:
        if r.kind in ("Conv2d", "MaxPool2d") and r.kernel_size and r.stride:
            key = "nar.stem_conv" if r.kind == "Conv2d" else "nar.stem_pool"
            kernel = kernel_text(r.kernel_size)
            parts.append(t(key, lang, kernel=kernel, stride=r.stride[0]))
    return t("nar.and", lang).join(parts)


def overview_sentences(trace: TraceResult, lang: str = DEFAULT_LANG) -> list[str]:
    """A few sentences that walk the tensor through the network, for the overview.

    Args:
        trace: the traced network.
        lang: a catalogue language ("en" or "zh"); others fall back to English.

    Returns:
        The sentences, each a catalogue text filled with this trace's numbers.
    """
    stem_rows = [r for r in trace.layers if r.stage == "stem"]
    stages = list(trace.body_stages)
    inp = tensor_text(trace.input_shape)
    if stem_rows:
        out = [
            t(
                "nar.stem",
                lang,
                inp=inp,
                out=tensor_text(stem_rows[-1].out_shape),
                ops=_stem_text(stem_rows, lang),
            )
        ]
    else:  # VGG: the first conv group works on the image itself
        out = [t("nar.no_stem", lang, inp=inp)]
    sep = t("sep.list", lang)
    out.append(
        t(
            "nar.stages_one" if len(stages) == 1 else "nar.stages_many",
            lang,
            n=len(stages),
            blocks=sep.join(str(s.n_blocks) for s in stages),
            block=t(f"blk.{trace.config.block}", lang).removeprefix("blk."),
            flow=" → ".join(tensor_text(s.out_shape) for s in stages),
        )
    )
    kinds = Counter(b.shortcut for b in trace.blocks)
    if kinds.get("none"):
        out.append(t("nar.plain", lang))
    else:
        # A pre-activation projection has no BN (He et al. 2016, "Identity Mappings").
        pre = "_preact" if getattr(trace.config, "order", "post") == "pre" else ""
        listed = sep.join(
            t(f"nar.sc_{k}" + (pre if k.endswith("projection") else ""), lang, n=n)
            for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])
        )
        out.append(t("nar.shortcuts", lang, listed=listed))
    tiny = next((s for s in stages if s.out_shape[2:] == (1, 1)), None)
    if tiny is not None and trace.input_shape[2] > 1:
        out.append(t("nar.tiny", lang, stage=tiny.name))
    fc = trace.layers[-1]
    n_fc = sum(r.kind == "Linear" for r in trace.layers if r.stage == "head")
    if n_fc > 1:  # VGG's head: a 7x7 pool, then fc-ReLU-dropout layers
        first = next(r for r in trace.layers if r.kind == "Linear")
        out.append(
            t(
                "nar.vgg_head",
                lang,
                inp=tensor_text(first.in_shape),
                n=n_fc,
                classes=fc.out_shape[-1],
            )
        )
        return out
    out.append(t("nar.gap_head", lang, f=fc.in_shape[-1], classes=fc.out_shape[-1]))
    return out


def _shortcut_sentence(
    shortcut: str, short: list[LayerRecord], lang: str = DEFAULT_LANG
) -> str:
    """What a block's shortcut does to its input, from the shortcut's own rows."""
    convs = [r for r in short if r.kind == "Conv2d"]
    values: dict[str, object] = {}
    if shortcut == "projection":
        has_bn = any(r.kind == "BatchNorm2d" for r in short)  # no BN: pre-activation
        key = "vol.sc_projection" if has_bn else "vol.sc_projection_preact"
        values = {"stride": convs[0].stride[0], "out": tensor_text(convs[0].out_shape)}
    elif shortcut == "avg_projection":
        key = "vol.sc_avg"
        values = {
            "stride": short[0].stride[0],
            "pooled": tensor_text(short[0].out_shape),
            "out": tensor_text(convs[0].out_shape),
        }
    elif shortcut == "zero_pad":
        key = "vol.sc_zero_pad"
        values = {"stride": short[0].stride[0], "out": tensor_text(short[0].out_shape)}
    elif shortcut == "identity":
        key = "vol.sc_identity"
    else:
        key = "vol.sc_none"
    return t(key, lang, **values)


def block_sentences(
    trace: TraceResult, path: str, lang: str = DEFAULT_LANG
) -> list[str]:
    """The block ``path`` in words: its main path conv by conv, its shortcut, and
    whether it starts with BN (pre-activation).

    Args:
        trace: the traced network.
        path: a block's path, e.g. "layer2.0".
        lang: the language of the sentences.

    Returns:
        Two or three Markdown sentences.
    """
    block = next(b for b in trace.blocks if b.path == path)
    rows = [r for r in trace.layers if r.path.startswith(path + ".")]
    main = [r for r in rows if r.role == "main" and r.kind == "Conv2d"]
    ops = "; ".join(
        t(
            "vol.op",
            lang,
            n=i + 1,
            kernel=kernel_text(r.kernel_size),
            stride=r.stride[0],
            groups=t("op.groups_suffix", lang, g=r.groups)
            if r.groups and r.groups > 1
            else "",
            out=tensor_text(r.out_shape),
        )
        for i, r in enumerate(main)
    )
    short = [r for r in rows if r.role == "shortcut"]
    out = [
        t("vol.main_path", lang, inp=tensor_text(block.in_shape), ops=ops),
        _shortcut_sentence(block.shortcut, short, lang),
    ]
    if rows and rows[0].kind == "BatchNorm2d":  # a pre-activation block starts with BN
        out.append(t("vol.preact", lang))
    return out
