"""Two to four traces side by side: per-stage and per-layer diffs, totals, sentences.

Works on TraceResults only (records, formats, tables): never imports torch or streamlit,
so the page, a notebook and the tests share it, and hand-built traces can test it.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .formats import human, shape_text
from .records import LayerRecord, StageRecord, TraceResult
from .tables import TIMES, hw_text, pair_text, tensor_text

MISSING = "—"  # a stage or layer one configuration does not have
QUANTITIES = ("output", "params", "MACs", "receptive field")
# (key of TraceResult, readable name): the totals compared by totals_delta.
TOTAL_METRICS = (
    ("params", "Parameters"),
    ("macs", "MACs"),
    ("flops", "FLOPs (2 × MACs)"),
    ("activation_bytes", "Activation memory"),
)
_STEM_NAMES = {"imagenet": "ImageNet", "cifar": "CIFAR"}
LAYER_STATUSES = ("added", "removed", "changed", "same")
# Layer fields that make a row "changed" when they differ (batch size left out).
_LAYER_FIELDS = ("kind", "kernel_size", "stride", "padding", "groups", "params")


def _check(traces: Sequence[TraceResult], labels: Sequence[str]) -> None:
    if not traces:
        raise ValueError("compare needs at least one trace")
    if len(traces) != len(labels):
        raise ValueError(f"{len(traces)} traces but {len(labels)} labels")
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels must be distinct (got {list(labels)})")


def _stage_key(name: str, first_seen: int) -> tuple[int, int]:
    """Network order: stem, layer1..layerK, head; anything else where first seen."""
    if name == "stem":
        return (0, 0)
    if name.startswith("layer") and name[5:].isdigit():
        return (1, int(name[5:]))
    if name == "head":
        return (3, 0)
    return (2, first_seen)


def stage_names(traces: Sequence[TraceResult]) -> list[str]:
    """Every stage name of any trace, in network order (stem, layer1.., head).

    Args:
        traces: the traces compared.

    Returns:
        The union of the traces' stage names, each once.
    """
    seen: dict[str, int] = {}
    for t in traces:
        for s in t.stages:
            seen.setdefault(s.name, len(seen))
    return sorted(seen, key=lambda n: _stage_key(n, seen[n]))


def _spatial(shape: Sequence[int]) -> tuple[int, int] | None:
    """(H, W) of an NCHW shape; None for the (N, F) logits."""
    return (shape[2], shape[3]) if len(shape) == 4 else None


def is_1x1(stage: StageRecord) -> bool:
    """True when the stage's output map has shrunk to a single pixel (H = W = 1).

    Args:
        stage: a stage record; the head's (N, classes) output is never a map.

    Returns:
        Whether the output is an N×C×1×1 tensor.
    """
    return _spatial(stage.out_shape) == (1, 1)


def _last_layer(trace: TraceResult, stage: str) -> LayerRecord | None:
    return next((r for r in reversed(trace.layers) if r.stage == stage), None)


def _stage_cell(
    trace: TraceResult, stage: StageRecord, quantity: str
) -> tuple[Any, str]:
    """(raw value compared across columns, text shown) of one cell."""
    if quantity == "output":
        return stage.out_shape[1:], tensor_text(stage.out_shape)
    if quantity == "params":
        return stage.params, f"{stage.params:,}"
    if quantity == "MACs":
        return stage.macs, f"{stage.macs:,}"
    last = _last_layer(trace, stage.name)
    rf = last.receptive_field if last else (1, 1)
    # The RF is compared on its own; the image size only gives it a scale.
    return rf, f"{pair_text(rf)} (image {hw_text(trace.input_shape)})"


def stage_diff_rows(
    traces: Sequence[TraceResult], labels: Sequence[str]
) -> list[dict[str, Any]]:
    """The per-stage diff table: one row per stage and quantity, one column per trace.

    Stages are aligned by name, so resnet20's three stages line up with resnet18's
    first three and its missing layer4 reads "—". Quantities are the stage's output
    (H×W×C), its params, its MACs, and the receptive field of its last layer next to
    the image size (a stage whose RF exceeds the image sees all of it).

    Args:
        traces: two to four traces (one works too); the first is the reference.
        labels: one distinct column title per trace.

    Returns:
        Rows with keys "stage", "quantity", one text cell per label, and two lists of
        labels for styling: "changed" (cells that differ from the first column; a
        missing stage counts as changed) and "is_1x1" (output cells whose map is 1×1).

    Raises:
        ValueError: no traces, a label count that does not match, or repeated labels.
    """
    _check(traces, labels)
    by_name = [{s.name: s for s in t.stages} for t in traces]
    rows: list[dict[str, Any]] = []
    for name in stage_names(traces):
        for quantity in QUANTITIES:
            row: dict[str, Any] = {"stage": name, "quantity": quantity}
            raws: list[Any] = []
            tiny: list[str] = []
            for trace, label, stages in zip(traces, labels, by_name, strict=True):
                stage = stages.get(name)
                if stage is None:
                    raws.append(None)
                    row[label] = MISSING
                    continue
                raw, text = _stage_cell(trace, stage, quantity)
                raws.append(raw)
                row[label] = text
                if quantity == "output" and is_1x1(stage):
                    tiny.append(label)
            row["changed"] = [
                label
                for label, raw in zip(labels[1:], raws[1:], strict=True)
                if raw != raws[0]
            ]
            row["is_1x1"] = tiny
            rows.append(row)
    return rows


# --- layer by layer ------------------------------------------------------------------
def _shape_text(row: LayerRecord | None) -> str:
    return MISSING if row is None else tensor_text(row.out_shape)


def layer_changes(a: LayerRecord, b: LayerRecord) -> list[str]:
    """What differs between two rows with the same module path.

    Shapes are compared without the batch dimension, so batch 1 and batch 8 agree.

    Args:
        a: the row in the first trace.
        b: the row in the second trace.

    Returns:
        Names of the differing fields ("input shape", "output shape", "kind",
        "kernel_size", "stride", "padding", "groups", "params"); empty when the same.
    """
    out = []
    if a.in_shape[1:] != b.in_shape[1:]:
        out.append("input shape")
    if a.out_shape[1:] != b.out_shape[1:]:
        out.append("output shape")
    out += [f for f in _LAYER_FIELDS if getattr(a, f) != getattr(b, f)]
    return out


def _diff_row(path: str, a: LayerRecord | None, b: LayerRecord | None) -> dict:
    if a is None:
        status, changes = "added", []
    elif b is None:
        status, changes = "removed", []
    else:
        changes = layer_changes(a, b)
        status = "changed" if changes else "same"
    kinds = dict.fromkeys(r.kind for r in (a, b) if r is not None)
    stage = next(r.stage for r in (a, b) if r is not None)
    return {
        "path": path,
        "stage": stage,
        "kind": " → ".join(kinds),
        "status": status,
        "changes": ", ".join(changes),
        "a_shape": _shape_text(a),
        "b_shape": _shape_text(b),
        "a_params": None if a is None else a.params,
        "b_params": None if b is None else b.params,
        "a_macs": None if a is None else a.macs,
        "b_macs": None if b is None else b.macs,
    }


def layer_diff(a: TraceResult, b: TraceResult) -> list[dict[str, Any]]:
    """Layer-by-layer diff of two traces, keyed by module path.

    Paths present in only one trace are "removed" (only in ``a``) or "added" (only in
    ``b``); paths in both are "changed" when the shape (batch excluded), kind, kernel,
    stride, padding, groups or params differ, else "same". Rows follow the execution
    order of both nets, merged (difflib's longest matching runs of paths), so a removed
    zero-pad shortcut sits next to the projection that replaces it.

    Args:
        a: the first trace (the "before").
        b: the second trace (the "after").

    Returns:
        Rows with keys path, stage, kind, status, changes (comma-separated names from
        ``layer_changes``), a_shape, b_shape (output H×W×C or "—"), a_params,
        b_params, a_macs, b_macs (None where the layer is missing).
    """
    a_paths = [r.path for r in a.layers]
    b_paths = [r.path for r in b.layers]
    a_rows = {r.path: r for r in a.layers}
    b_rows = {r.path: r for r in b.layers}
    order: list[str] = []
    matcher = difflib.SequenceMatcher(None, a_paths, b_paths, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        order += a_paths[i1:i2]
        order += [p for p in b_paths[j1:j2] if p not in a_rows]
    seen: set[str] = set()
    rows = []
    for path in order:
        if path in seen:
            continue
        seen.add(path)
        rows.append(_diff_row(path, a_rows.get(path), b_rows.get(path)))
    return rows


def layer_diff_counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """How many rows of a ``layer_diff`` have each status, in LAYER_STATUSES order.

    Args:
        rows: the output of ``layer_diff``.

    Returns:
        {"added": n, "removed": n, "changed": n, "same": n}.
    """
    counts = Counter(r["status"] for r in rows)
    return {s: counts.get(s, 0) for s in LAYER_STATUSES}


# --- totals --------------------------------------------------------------------------
def total_value(trace: TraceResult, metric: str) -> int:
    """One headline number of a trace: "params", "macs", "flops" (= 2 × MACs) or
    "activation_bytes" (every layer output, summed).

    Raises:
        ValueError: an unknown metric.
    """
    if metric not in dict(TOTAL_METRICS):
        names = ", ".join(m for m, _ in TOTAL_METRICS)
        raise ValueError(f"metric must be one of {names} (got {metric!r})")
    return int(getattr(trace, f"total_{metric}"))


def totals_delta(
    traces: Sequence[TraceResult], labels: Sequence[str]
) -> list[dict[str, Any]]:
    """Params, MACs, FLOPs and activation bytes per trace, with the change vs the first.

    Args:
        traces: the traces compared; the first is the reference.
        labels: one distinct title per trace.

    Returns:
        One row per trace with keys "config" and, for each metric in TOTAL_METRICS,
        the value (e.g. "macs"), "<metric>_delta" (value − first's) and
        "<metric>_ratio" (value / first's; None when the first is 0).

    Raises:
        ValueError: no traces, a label count that does not match, or repeated labels.
    """
    _check(traces, labels)
    base = {m: total_value(traces[0], m) for m, _ in TOTAL_METRICS}
    rows = []
    for trace, label in zip(traces, labels, strict=True):
        row: dict[str, Any] = {"config": label}
        for m, _ in TOTAL_METRICS:
            v = total_value(trace, m)
            row[m] = v
            row[f"{m}_delta"] = v - base[m]
            row[f"{m}_ratio"] = v / base[m] if base[m] else None
        rows.append(row)
    return rows


def change_text(value: int, base: int) -> str:
    """How ``value`` compares with ``base``: "same", "+4.4 %", "-4.4 %", "×2.5" or
    "÷48.3".

    Changes by a factor of 2 or more read as the factor ("÷48.3" rather than
    "-97.9 %"); smaller ones as a percentage with an ASCII sign.

    Args:
        value: the number of this configuration.
        base: the reference's number.

    Returns:
        A short text.
    """
    if value == base:
        return "same"
    if base == 0 or value == 0:
        return f"{value - base:+,}"
    ratio = value / base
    if ratio >= 2:
        return f"×{ratio:.3g}"
    if ratio <= 0.5:
        return f"÷{1 / ratio:.3g}"
    return f"{100 * (ratio - 1):+.1f} %"


def change_arrow(value: int, base: int) -> str:
    """ "up", "down" or "off" (equal): the direction of ``value`` against ``base``,
    as st.metric's delta_arrow takes it."""
    if value == base:
        return "off"
    return "up" if value > base else "down"


# --- sentences -----------------------------------------------------------------------
def _pct(value: int, base: int) -> str:
    """|value - base| as a percentage of base: "4.4 %"."""
    return f"{100 * abs(value - base) / base:.1f} %"


def _times(big: int, small: int) -> str:
    r = big / small
    return f"{r:.0f} times" if r >= 10 else f"{r:.1f} times"


def _stem_sentence(trace: TraceResult, label: str) -> str:
    """How the stem treats this input, and where the map ends (or hits 1×1)."""
    stem = [r for r in trace.layers if r.stage == "stem"]
    convs = [r for r in stem if r.kind == "Conv2d" and r.kernel_size and r.stride]
    pools = [r for r in stem if r.kind == "MaxPool2d" and r.kernel_size and r.stride]
    image = hw_text(trace.input_shape)
    stages = [s for s in trace.stages if s.name.startswith("layer")]
    if not stem or not stages:
        return f"{label}: {image} input."
    out = _spatial(stem[-1].out_shape) or (1, 1)
    factor = trace.input_shape[2] // out[0] if out[0] else 0
    ops = [
        f"{shape_text(r.kernel_size, TIMES)} stride-{pair_text(r.stride)} "
        f"{'conv' if r.kind == 'Conv2d' else 'max-pool'}"
        for r in (*convs[:1], *pools[:1])
        if r.kernel_size is not None and r.stride is not None
    ]
    name = _STEM_NAMES.get(trace.config.stem, trace.config.stem)
    what = f"{name} stem ({' + '.join(ops)})" if ops else "stem"
    left = hw_text(stem[-1].out_shape)
    text = f"{label}: with {image} input the {what} leaves {left}"
    if pools:
        text += " after the max-pool"
    if factor > 1:
        text += f", a factor of {factor} at once"
    else:
        text += ", the full resolution"
    first_tiny = next((s for s in stages if is_1x1(s)), None)
    if first_tiny is not None:
        text += f"; {first_tiny.name} works on 1×1 maps"
        if first_tiny is not stages[-1]:
            text += f" (and so does everything after it, {len(stages)} stages in all)"
        text += ", where a 3×3 conv sees mostly zero padding."
    else:
        last = stages[-1]
        text += f"; the last stage, {last.name}, ends at {tensor_text(last.out_shape)}."
    return text


def _config_diffs(a: TraceResult, b: TraceResult) -> list[tuple[str, str, str]]:
    """(field, a's value, b's value) for each config field and the input that differ."""
    out = []
    if a.input_shape[1:] != b.input_shape[1:]:
        out.append(
            ("input", hw_text(a.input_shape), hw_text(b.input_shape))
            if a.input_shape[1] == b.input_shape[1]
            else ("input", tensor_text(a.input_shape), tensor_text(b.input_shape))
        )
    for f in dataclasses.fields(a.config):
        if not f.compare or f.name == "in_channels":
            continue
        va, vb = getattr(a.config, f.name), getattr(b.config, f.name)
        if va != vb:
            out.append((f.name, _value_text(va), _value_text(vb)))
    return out


def _value_text(v: Any) -> str:
    if isinstance(v, tuple):
        return ",".join(map(str, v))
    return str(v).lower() if isinstance(v, bool) else str(v)


def _stages_that_differ(a: TraceResult, b: TraceResult, attr: str) -> list[str]:
    sa = {s.name: getattr(s, attr) for s in a.stages}
    sb = {s.name: getattr(s, attr) for s in b.stages}
    return [n for n in stage_names((a, b)) if sa.get(n) != sb.get(n)]


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cost_clause(a: TraceResult, b: TraceResult, la: str) -> str:
    """ "has ... parameters than <la>, and needs ... MACs": b against a, as a factor
    or a percentage, and which stages hold a small parameter difference."""
    pa, pb, ma, mb = a.total_params, b.total_params, a.total_macs, b.total_macs
    diffs = _config_diffs(a, b)
    if pa == pb:
        params = f"has exactly the same {pb:,} parameters as {la}"
        if diffs and all(f == "input" for f, _, _ in diffs):
            params += " (the input size changes the maps, not the weights)"
    elif max(pa, pb) / min(pa, pb) >= 1.5:
        more = "more" if pb > pa else "fewer"
        params = (
            f"has {_times(max(pa, pb), min(pa, pb))} {more} parameters than {la} "
            f"({human(pb)} vs {human(pa)})"
        )
    else:
        where = _stages_that_differ(a, b, "params")
        params = (
            f"has {_pct(pb, pa)} {'more' if pb > pa else 'fewer'} parameters "
            f"than {la} ({pb:,} vs {pa:,})"
        )
        if 0 < len(where) <= 3:
            params += f", all of the difference in the {_and(where)}"
    if ma == mb:
        macs = "the same MACs"
    elif max(ma, mb) / min(ma, mb) >= 1.5:
        macs = (
            f"{_times(max(ma, mb), min(ma, mb))} {'more' if mb > ma else 'fewer'} "
            f"MACs ({human(mb)} vs {human(ma)})"
        )
    else:
        macs = (
            f"{_pct(mb, ma)} {'more' if mb > ma else 'fewer'} MACs ({mb:,} vs {ma:,})"
        )
    return f"{params}, and needs {macs}"


def _shortcut_params(trace: TraceResult) -> int:
    return sum(r.params for r in trace.layers if r.role == "shortcut")


def _kinds_text(trace: TraceResult) -> str:
    """ "13 identity and 3 projection shortcuts", or "no shortcut in any of its 16
    blocks" for a plain net."""
    kinds = Counter(b.shortcut for b in trace.blocks)
    if set(kinds) == {"none"}:
        return f"no shortcut in any of its {kinds['none']} blocks"
    parts = [
        f"{n} {k.replace('_', '-')}" for k, n in kinds.most_common() if k != "none"
    ]
    return _and(parts) + " shortcuts"


def _only_difference_sentence(
    a: TraceResult, b: TraceResult, la: str, lb: str
) -> tuple[str, bool] | None:
    """Explain a difference of one field whose effect we can pin down in the rows.

    Returns:
        The sentence and whether it already states the cost, or None.
    """
    diffs = _config_diffs(a, b)
    fields = {f for f, _, _ in diffs}
    if fields == {"stride_on"}:
        rows = [r for r in layer_diff(a, b) if r["a_macs"] != r["b_macs"]]
        saved = a.total_macs - b.total_macs
        paths = [r["path"] for r in rows if r["kind"] == "Conv2d"]
        moved = (
            f"{lb} puts the stride of each downsampling bottleneck on "
            f"the {_stride_place(b)} instead of the {_stride_place(a)}: same "
            "parameters, same stage shapes, "
            f"{abs(saved):,} {'fewer' if saved > 0 else 'more'} MACs "
            f"({a.total_macs:,} vs {b.total_macs:,})"
        )
        return (
            moved + f". Only {_and(paths)} change cost: "
            "a 1×1 conv that strides runs on the small output map, while the 3×3 "
            "conv's output has the same size either way.",
            True,
        )
    if fields == {"shortcut"} or fields == {"plain"}:
        pa, pb = _shortcut_params(a), _shortcut_params(b)
        delta = b.total_params - a.total_params
        text = (
            f"{lb} has {_kinds_text(b)} where {la} has {_kinds_text(a)}: "
            f"{abs(delta):,} {'more' if delta > 0 else 'fewer'} parameters"
        )
        if delta and delta == pb - pa:
            text += " — exactly the weights of the 1×1 projection convs and their BN"
        dm = b.total_macs - a.total_macs
        text += f", and {abs(dm):,} {'more' if dm > 0 else 'fewer'} MACs."
        return text, True
    if diffs and fields <= {"groups", "width_per_group"}:
        changed = _and([f"{f} {x} → {y}" for f, x, y in diffs])
        ma, mb = _middle_conv(a), _middle_conv(b)
        text = f"{lb} changes only the bottleneck's middle 3×3 conv ({changed})"
        if ma is not None and mb is not None:
            text += (
                f": in {ma.path} it is {ma.out_shape[1]} → {mb.out_shape[1]} channels "
                f"wide, in {ma.groups or 1} → {mb.groups or 1} groups"
            )
        return text + "; the stage outputs keep their shapes.", False
    return None


def _middle_conv(trace: TraceResult) -> LayerRecord | None:
    """The first block's second main-path conv (a bottleneck's grouped 3×3)."""
    convs = [
        r
        for r in trace.layers
        if r.block == 0 and r.role == "main" and r.kind == "Conv2d"
    ]
    first_stage = convs[0].stage if convs else None
    convs = [r for r in convs if r.stage == first_stage]
    return convs[1] if len(convs) > 1 else None


def _stride_place(trace: TraceResult) -> str:
    return "3×3 conv" if trace.config.stride_on == "3x3" else "first 1×1 conv"


def compare_sentences(
    traces: Sequence[TraceResult], labels: Sequence[str]
) -> list[str]:
    """A few sentences computed from the traces, stating what changed and why.

    Nothing is canned per preset: the stem walk appears when the stage shapes differ
    (input size, stem, depth), the cost sentence states factors or percentages with
    the stages that hold the difference, and a stride placement, shortcut option or
    plain/residual switch that is the only difference is explained from the rows it
    changes.

    Args:
        traces: the traces compared; the first is the reference.
        labels: one distinct name per trace, used in the sentences.

    Returns:
        Sentences, in reading order.

    Raises:
        ValueError: no traces, a label count that does not match, or repeated labels.
    """
    _check(traces, labels)
    out: list[str] = []
    outs = [tuple(s.out_shape[1:] for s in t.stages) for t in traces]
    if len(set(outs)) > 1:
        out += [_stem_sentence(t, la) for t, la in zip(traces, labels, strict=True)]
    elif len(traces) > 1:
        flow = " → ".join(tensor_text(s.out_shape) for s in traces[0].stages[:-1])
        every = "Both" if len(traces) == 2 else f"All {len(traces)}"
        out.append(
            f"{every} configurations produce the same stage shapes "
            f"({flow}); they differ only inside the blocks."
        )
    a, la = traces[0], labels[0]
    for b, lb in zip(traces[1:], labels[1:], strict=True):
        diffs = _config_diffs(a, b)
        special = _only_difference_sentence(a, b, la, lb)
        if special is not None:
            text, states_cost = special
            out.append(text if states_cost else f"{text} It {_cost_clause(a, b, la)}.")
        elif diffs:
            listed = _and([f"{f} ({x} → {y})" for f, x, y in diffs])
            out.append(
                f"{lb} differs from {la} in {listed}; it {_cost_clause(a, b, la)}."
            )
        else:
            out.append(f"{lb} is the same network as {la} at the same input.")
    last = [
        next((s for s in reversed(t.stages) if s.name.startswith("layer")), None)
        for t in traces
    ]
    if len(traces) > 1 and all(last):
        names = {s.name for s in last if s is not None}
        parts = []
        for s, la_ in zip(last, labels, strict=True):
            assert s is not None
            text = f"{la_} {tensor_text(s.out_shape)}"
            if len(names) > 1:
                text += f" ({s.name})"
            parts.append(text)
        missing = sorted(names, key=lambda n: _stage_key(n, 0))[-1]
        lacking = [
            la_
            for s, la_ in zip(last, labels, strict=True)
            if s is not None and s.name != missing
        ]
        text = "The last stage ends at: " + "; ".join(parts) + "."
        if lacking:
            text += f" {_and(lacking)} {'has' if len(lacking) == 1 else 'have'} no "
            text += f"{missing}: the table shows it as {MISSING}."
        out.append(text)
    return out
