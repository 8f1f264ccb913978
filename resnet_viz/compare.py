"""Two to four traces side by side: per-stage and per-layer diffs, totals, sentences.

Works on TraceResults only (records, text, i18n): never imports torch or streamlit,
so the page, a notebook and the tests share it, and hand-built traces can test it.
"""

from __future__ import annotations

import dataclasses
import difflib
from array import array
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .i18n import DEFAULT_LANG, stage_label, t
from .records import LayerRecord, StageRecord, TraceResult, body_stage_index
from .registry import field_name
from .stats import output_field
from .text import (
    TIMES,
    conv_text,
    human,
    hw_text,
    pair_text,
    shape_text,
    tensor_text,
    value_text,
)

MISSING = "—"  # a stage or layer one configuration does not have
QUANTITIES = ("output", "params", "MACs", "receptive field")
# Keys of TraceResult: the totals compared by totals_delta (named by metric_name).
TOTAL_METRICS = ("params", "macs", "flops", "activation_bytes")
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
    index = body_stage_index(name)
    if index is not None:
        return (1, index)
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
    for trace in traces:
        for s in trace.stages:
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


def _stage_cell(
    trace: TraceResult, stage: StageRecord, quantity: str, lang: str = DEFAULT_LANG
) -> tuple[Any, str]:
    """(raw value compared across columns, text shown) of one cell."""
    if quantity == "output":
        return stage.out_shape[1:], tensor_text(stage.out_shape)
    if quantity == "params":
        return stage.params, f"{stage.params:,}"
    if quantity == "MACs":
        return stage.macs, f"{stage.macs:,}"
    # The field after the stage's last add (a pre-activation block may end on its
    # shortcut's row, stats.output_field).
    rf = output_field([r for r in trace.layers if r.stage == stage.name])[0]
    # The RF is compared on its own; the image size only gives it a scale.
    image = hw_text(trace.input_shape)
    return rf, t("cs.rf_cell", lang, rf=pair_text(rf), image=image)


def stage_diff_rows(
    traces: Sequence[TraceResult], labels: Sequence[str], lang: str = DEFAULT_LANG
) -> list[dict[str, Any]]:
    """The per-stage diff table: one row per stage and quantity, one column per trace.

    Stages are aligned by name, so resnet20's three stages line up with resnet18's
    first three and its missing layer4 reads "—". Quantities are the stage's output
    (H×W×C), its params, its MACs, and the receptive field of its last layer next to
    the image size (a stage whose RF exceeds the image sees all of it).

    Args:
        traces: two to four traces (one works too); the first is the reference.
        labels: one distinct column title per trace.
        lang: the language of the receptive-field cells; stage names and quantities
            stay keys here (the page translates them).

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
                raw, text = _stage_cell(trace, stage, quantity, lang)
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


# Layer-diff limits (issue 12: a 136k x 48k-path diff took 159 s, then 952k styled
# cells crashed the page). The merge is linear; a page shows LAYER_DIFF_PAGE_ROWS rows
# at a time, and never more cells than pandas' Styler renders (its default
# styler.render.max_elements). Ask first with layer_diff_size(a, b).
LAYER_DIFF_PAGE_ROWS = 500
STYLER_CELL_LIMIT = 262_144
# Common paths in different orders (no real config): difflib's merge, while it is
# this small (it is quadratic at worst); beyond it, a's order then b's additions.
_MATCHER_LIMIT = 4_000_000


def _merged_order(a_paths: Sequence[str], b_paths: Sequence[str]) -> list[str]:
    """Both nets' paths in one execution order, in O(len(a) + len(b)).

    Paths are unique module paths, and the paths both nets share run in the same
    order in both, so every shared path is an anchor: between two anchors come a's
    own paths, then b's, which is where difflib's matching blocks put them too
    (tests/core/test_compare.py checks the two agree on every preset pair).
    """
    in_a, in_b = set(a_paths), set(b_paths)
    shared_a = [p for p in a_paths if p in in_b]
    shared_b = [p for p in b_paths if p in in_a]
    if shared_a != shared_b:
        if len(a_paths) * len(b_paths) > _MATCHER_LIMIT:
            return [*a_paths, *(p for p in b_paths if p not in in_a)]
        order: list[str] = []
        matcher = difflib.SequenceMatcher(None, a_paths, b_paths, autojunk=False)
        for _, i1, i2, j1, j2 in matcher.get_opcodes():
            order += a_paths[i1:i2]
            order += [p for p in b_paths[j1:j2] if p not in in_a]
        return order
    order = []
    j = 0
    for path in a_paths:
        if path in in_b:
            while b_paths[j] != path:  # b's own paths before this anchor
                order.append(b_paths[j])
                j += 1
            j += 1
        order.append(path)
    order += b_paths[j:]
    return order


@dataclasses.dataclass(frozen=True, slots=True)
class LayerDiffIndex:
    """A layer diff held compactly: for each merged path, its row in each trace and
    its status, so a page can build the few rows it shows (``layer_diff_rows``).

    ``a_rows`` and ``b_rows`` index ``a.layers`` / ``b.layers`` (-1: missing);
    ``status`` indexes LAYER_STATUSES. About 9 bytes per path (1.6 MB for the
    184k paths of two 8-stage nets of 1,000 blocks).
    """

    a_rows: array
    b_rows: array
    status: bytes

    def __len__(self) -> int:
        return len(self.status)

    def counts(self) -> dict[str, int]:
        """{"added": n, "removed": n, "changed": n, "same": n}."""
        return {s: self.status.count(i) for i, s in enumerate(LAYER_STATUSES)}

    def positions(self, changed_only: bool) -> list[int]:
        """The merged positions to list: all, or those whose status is not "same"."""
        if not changed_only:
            return list(range(len(self.status)))
        same = LAYER_STATUSES.index("same")
        return [i for i, s in enumerate(self.status) if s != same]


def layer_diff_index(a: TraceResult, b: TraceResult) -> LayerDiffIndex:
    """Layer-by-layer diff of two traces, keyed by module path, in linear time.

    Statuses as in ``layer_diff``; rows are built later, only for what is shown.

    Args:
        a: the first trace (the "before").
        b: the second trace (the "after").

    Returns:
        The merged order with each path's rows and status.
    """
    a_at = {r.path: i for i, r in enumerate(a.layers)}
    b_at = {r.path: i for i, r in enumerate(b.layers)}
    a_rows, b_rows, status = array("i"), array("i"), bytearray()
    seen: set[str] = set()
    codes = {s: i for i, s in enumerate(LAYER_STATUSES)}
    for path in _merged_order([r.path for r in a.layers], [r.path for r in b.layers]):
        if path in seen:
            continue
        seen.add(path)
        ia, ib = a_at.get(path, -1), b_at.get(path, -1)
        if ia < 0:
            code = codes["added"]
        elif ib < 0:
            code = codes["removed"]
        else:
            changed = layer_changes(a.layers[ia], b.layers[ib])
            code = codes["changed" if changed else "same"]
        a_rows.append(ia)
        b_rows.append(ib)
        status.append(code)
    return LayerDiffIndex(a_rows, b_rows, bytes(status))


def layer_diff_rows(
    index: LayerDiffIndex, a: TraceResult, b: TraceResult, positions: Sequence[int]
) -> list[dict[str, Any]]:
    """The ``layer_diff`` rows at some merged positions of ``index`` (a page of them).

    Args:
        index: ``layer_diff_index(a, b)``.
        a: the first trace.
        b: the second trace.
        positions: merged positions, e.g. a slice of ``index.positions(...)``.

    Returns:
        Rows as ``layer_diff`` returns them.
    """
    out = []
    for i in positions:
        ia, ib = index.a_rows[i], index.b_rows[i]
        ra = a.layers[ia] if ia >= 0 else None
        rb = b.layers[ib] if ib >= 0 else None
        path = (ra or rb).path  # type: ignore[union-attr]
        out.append(_diff_row(path, ra, rb))
    return out


def layer_diff_size(a: TraceResult, b: TraceResult) -> int:
    """How many rows ``layer_diff(a, b)`` has (distinct paths of both), counted
    without diffing; compare with LAYER_DIFF_PAGE_ROWS."""
    return len({r.path for r in a.layers} | {r.path for r in b.layers})


def layer_diff(a: TraceResult, b: TraceResult) -> list[dict[str, Any]]:
    """Layer-by-layer diff of two traces, keyed by module path.

    Paths present in only one trace are "removed" (only in ``a``) or "added" (only in
    ``b``); paths in both are "changed" when the shape (batch excluded), kind, kernel,
    stride, padding, groups or params differ, else "same". Rows follow the execution
    order of both nets, merged (between two shared paths, a's own then b's own), so a
    removed zero-pad shortcut sits next to the projection that replaces it. Linear in
    the number of layers; pages use ``layer_diff_index`` and build only what they show.

    Args:
        a: the first trace (the "before").
        b: the second trace (the "after").

    Returns:
        Rows with keys path, stage, kind, status, changes (comma-separated names from
        ``layer_changes``), a_shape, b_shape (output H×W×C or "—"), a_params,
        b_params, a_macs, b_macs (None where the layer is missing).
    """
    index = layer_diff_index(a, b)
    return layer_diff_rows(index, a, b, range(len(index)))


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
    if metric not in TOTAL_METRICS:
        names = ", ".join(TOTAL_METRICS)
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
    base = {m: total_value(traces[0], m) for m in TOTAL_METRICS}
    rows = []
    for trace, label in zip(traces, labels, strict=True):
        row: dict[str, Any] = {"config": label}
        for m in TOTAL_METRICS:
            v = total_value(trace, m)
            row[m] = v
            row[f"{m}_delta"] = v - base[m]
            row[f"{m}_ratio"] = v / base[m] if base[m] else None
        rows.append(row)
    return rows


def change_text(value: int, base: int, lang: str = DEFAULT_LANG) -> str:
    """How ``value`` compares with ``base``: "same", "+4.4 %", "-4.4 %", "×2.5" or
    "÷48.3".

    Changes by a factor of 2 or more read as the factor ("÷48.3" rather than
    "-97.9 %"); smaller ones as a percentage with an ASCII sign.

    Args:
        value: the number of this configuration.
        base: the reference's number.
        lang: "en" (default) or "zh", for the word "same".

    Returns:
        A short text.
    """
    if value == base:
        return t("cm.st_same", lang)
    if base == 0 or value == 0:
        return f"{value - base:+,}"
    ratio = value / base
    if ratio >= 2:
        return f"×{ratio:.3g}"
    if ratio <= 0.5:
        return f"÷{1 / ratio:.3g}"
    return f"{100 * (ratio - 1):+.1f} %"


def metric_name(metric: str, lang: str = DEFAULT_LANG) -> str:
    """A TOTAL_METRICS key's readable name in ``lang`` ("macs" -> "MACs")."""
    return t(f"cm.m_{metric}", lang)


def totals_table(
    rows: Sequence[dict[str, Any]], lang: str = DEFAULT_LANG
) -> list[dict[str, str]]:
    """Totals as one row per metric and one column per configuration, each cell the
    exact number and its change against the first ("37,523,456 (÷48.3)").

    Args:
        rows: resnet_viz.compare.totals_delta output.
        lang: the language of the first column.

    Returns:
        Rows with keys "total" (in ``lang``) and one per configuration label.
    """
    out = []
    total = t("cm.col_total", lang)
    for m in TOTAL_METRICS:
        name = metric_name(m, lang)
        row = {
            total: t("cm.bytes", lang, name=name) if m == "activation_bytes" else name
        }
        for r in rows:
            change = change_text(r[m], rows[0][m], lang)
            row[r["config"]] = f"{r[m]:,}" + ("" if r is rows[0] else f" ({change})")
        out.append(row)
    return out


# --- sentences -----------------------------------------------------------------------
def _pct(value: int, base: int) -> str:
    """|value - base| as a percentage of base: "4.4 %"."""
    return f"{100 * abs(value - base) / base:.1f} %"


def _ratio(big: int, small: int) -> str:
    """big / small as the sentences print it: "12" from 10 up, else "1.5"."""
    r = big / small
    return f"{r:.0f}" if r >= 10 else f"{r:.1f}"


def _stem_sentence(trace: TraceResult, label: str, lang: str = DEFAULT_LANG) -> str:
    """How the stem treats this input, and where the map ends (or hits 1×1)."""
    stem = [r for r in trace.layers if r.stage == "stem"]
    convs = [r for r in stem if r.kind == "Conv2d" and r.kernel_size and r.stride]
    pools = [r for r in stem if r.kind == "MaxPool2d" and r.kernel_size and r.stride]
    image = hw_text(trace.input_shape)
    stages = trace.body_stages
    if not stem or not stages:
        return t("cs.stem_none", lang, label=label, image=image)
    out = _spatial(stem[-1].out_shape) or (1, 1)
    factor = trace.input_shape[2] // out[0] if out[0] else 0
    ops = _stem_ops((*convs[:1], *pools[:1]), lang)
    name = _STEM_NAMES.get(trace.config.stem, trace.config.stem)
    what = (
        t("cs.stem_what", lang, name=name, ops=" + ".join(ops))
        if ops
        else t("stage.stem", lang)
    )
    left = hw_text(stem[-1].out_shape)
    text = t("cs.stem_leaves", lang, label=label, image=image, what=what, left=left)
    if pools:
        text += t("cs.after_pool", lang)
    if factor > 1:
        text += t("cs.factor", lang, factor=factor)
    else:
        text += t("cs.full_res", lang)
    return text + _map_end(stages, lang)


def _stem_ops(rows: Sequence[LayerRecord], lang: str) -> list[str]:
    """ "7×7 conv, stride 2"-like words for the stem's first conv and pool."""
    return [
        t(
            "cs.op_conv" if r.kind == "Conv2d" else "cs.op_pool",
            lang,
            k=shape_text(r.kernel_size, TIMES),
            s=pair_text(r.stride),
        )
        for r in rows
        if r.kernel_size is not None and r.stride is not None
    ]


def _map_end(stages: Sequence[StageRecord], lang: str) -> str:
    """Where the body's map first reaches 1×1 (and how many stages work on it), or
    the last stage's output shape."""
    first_tiny = next((s for s in stages if is_1x1(s)), None)
    if first_tiny is None:
        last = stages[-1]
        return t(
            "cs.last_stage", lang, stage=last.name, shape=tensor_text(last.out_shape)
        )
    text = t("cs.tiny", lang, stage=first_tiny.name)
    if first_tiny is not stages[-1]:
        text += t("cs.tiny_after", lang, n=len(stages))
    return text + t("cs.tiny_end", lang)


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
            out.append((f.name, value_text(va), value_text(vb)))
    return out


def _stages_that_differ(a: TraceResult, b: TraceResult, attr: str) -> list[str]:
    sa = {s.name: getattr(s, attr) for s in a.stages}
    sb = {s.name: getattr(s, attr) for s in b.stages}
    return [n for n in stage_names((a, b)) if sa.get(n) != sb.get(n)]


def _and(items: Sequence[str], lang: str = DEFAULT_LANG) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return t("sep.list", lang).join(items[:-1]) + t("cs.and", lang) + items[-1]


def _more(key: str, more: bool) -> str:
    return f"{key}_{'more' if more else 'fewer'}"


def _cost_clause(
    a: TraceResult, b: TraceResult, la: str, lang: str = DEFAULT_LANG
) -> str:
    """ "has ... parameters than <la>, and needs ... MACs": b against a, as a factor
    or a percentage, and which stages hold a small parameter difference."""
    pa, pb, ma, mb = a.total_params, b.total_params, a.total_macs, b.total_macs
    diffs = _config_diffs(a, b)
    if pa == pb:
        params = t("cs.params_same", lang, n=f"{pb:,}", la=la)
        if diffs and all(f == "input" for f, _, _ in diffs):
            params += t("cs.params_input_only", lang)
    elif max(pa, pb) / min(pa, pb) >= 1.5:
        params = t(
            _more("cs.params_times", pb > pa),
            lang,
            r=_ratio(max(pa, pb), min(pa, pb)),
            la=la,
            b=human(pb),
            a=human(pa),
        )
    else:
        where = _stages_that_differ(a, b, "params")
        params = t(
            _more("cs.params_pct", pb > pa),
            lang,
            pct=_pct(pb, pa),
            la=la,
            b=f"{pb:,}",
            a=f"{pa:,}",
        )
        if 0 < len(where) <= 3:
            where = [stage_label(n, lang) for n in where]
            params += t("cs.params_where", lang, where=_and(where, lang))
    if ma == mb:
        macs = t("cs.macs_same", lang)
    elif max(ma, mb) / min(ma, mb) >= 1.5:
        macs = t(
            _more("cs.macs_times", mb > ma),
            lang,
            r=_ratio(max(ma, mb), min(ma, mb)),
            b=human(mb),
            a=human(ma),
        )
    else:
        macs = t(
            _more("cs.macs_pct", mb > ma),
            lang,
            pct=_pct(mb, ma),
            b=f"{mb:,}",
            a=f"{ma:,}",
        )
    return t("cs.cost", lang, params=params, macs=macs)


def _shortcut_params(trace: TraceResult) -> int:
    return sum(r.params for r in trace.layers if r.role == "shortcut")


def _kinds_text(trace: TraceResult, lang: str = DEFAULT_LANG) -> str:
    """ "13 identity and 3 projection shortcuts", or "no shortcut in any of its 16
    blocks" for a plain net."""
    kinds = Counter(b.shortcut for b in trace.blocks)
    if set(kinds) == {"none"}:
        return t("cs.no_shortcut", lang, n=kinds["none"])
    parts = [
        t("cs.kind_part", lang, n=n, kind=_shortcut_kind(k, lang))
        for k, n in kinds.most_common()
        if k != "none"
    ]
    return t("cs.shortcuts", lang, parts=_and(parts, lang))


def _shortcut_kind(kind: str, lang: str) -> str:
    return t(f"cs.sc_{kind}", lang, default=kind.replace("_", "-"))


def _convs_whose_macs_differ(a: TraceResult, b: TraceResult) -> list[str]:
    """Paths of the Conv2d layers of ``a`` whose MACs differ in ``b`` (or that ``b``
    lacks), in a's order: for two nets that differ only in stride_on (which renames
    no layer) exactly the convs layer_diff's rows would name, without diffing every
    layer on each rerun (0.7 s for 8,000 blocks)."""
    b_rows = {r.path: r for r in b.layers}
    out = []
    for r in a.layers:
        other = b_rows.get(r.path)
        if r.kind != "Conv2d" or (other is not None and other.kind != "Conv2d"):
            continue
        if other is None or other.macs != r.macs:
            out.append(r.path)
    return out


def _only_difference_sentence(
    a: TraceResult, b: TraceResult, la: str, lb: str, lang: str = DEFAULT_LANG
) -> tuple[str, bool] | None:
    """Explain a difference of one field whose effect we can pin down in the rows.

    Returns:
        The sentence and whether it already states the cost, or None.
    """
    diffs = _config_diffs(a, b)
    fields = {f for f, _, _ in diffs}
    if fields == {"stride_on"}:
        saved = a.total_macs - b.total_macs
        paths = _convs_whose_macs_differ(a, b)
        moved = t(
            "cs.stride_moved_fewer" if saved > 0 else "cs.stride_moved_more",
            lang,
            lb=lb,
            pb=_stride_place(b, lang),
            pa=_stride_place(a, lang),
            n=f"{abs(saved):,}",
            a=f"{a.total_macs:,}",
            b=f"{b.total_macs:,}",
        )
        return t("cs.stride_only", lang, moved=moved, paths=_and(paths, lang)), True
    if fields == {"shortcut"} or fields == {"plain"}:
        pa, pb = _shortcut_params(a), _shortcut_params(b)
        delta = b.total_params - a.total_params
        text = t(
            _more("cs.sc_text", delta > 0),
            lang,
            lb=lb,
            kb=_kinds_text(b, lang),
            la=la,
            ka=_kinds_text(a, lang),
            n=f"{abs(delta):,}",
        )
        if delta and delta == pb - pa:
            text += t("cs.sc_exact", lang)
        dm = b.total_macs - a.total_macs
        text += t(_more("cs.sc_macs", dm > 0), lang, n=f"{abs(dm):,}")
        return text, True
    if diffs and fields <= {"groups", "width_per_group"}:
        changed = _and(
            [
                t("cs.field_change", lang, f=field_name(f, lang), x=x, y=y)
                for f, x, y in diffs
            ],
            lang,
        )
        ma, mb = _middle_conv(a), _middle_conv(b)
        text = t("cs.middle", lang, lb=lb, changed=changed)
        if ma is not None and mb is not None:
            text += t(
                "cs.middle_detail",
                lang,
                path=ma.path,
                ca=ma.out_shape[1],
                cb=mb.out_shape[1],
                ga=ma.groups or 1,
                gb=mb.groups or 1,
            )
        return text + t("cs.middle_end", lang), False
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


def _stride_place(trace: TraceResult, lang: str = DEFAULT_LANG) -> str:
    return t(
        "cs.place_3x3" if trace.config.stride_on == "3x3" else "cs.place_1x1", lang
    )


def compare_sentences(
    traces: Sequence[TraceResult], labels: Sequence[str], lang: str = DEFAULT_LANG
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
        lang: "en" (default) or "zh": the catalogue language of the sentences.

    Returns:
        Sentences, in reading order.

    Raises:
        ValueError: no traces, a label count that does not match, or repeated labels.
    """
    _check(traces, labels)
    out = _shape_sentences(traces, labels, lang)
    a, la = traces[0], labels[0]
    for b, lb in zip(traces[1:], labels[1:], strict=True):
        out.append(_pair_sentence(a, b, la, lb, lang))
        out += family_sentences(a, b, la, lb, lang)
    ends = _ends_sentence(traces, labels, lang)
    return out if ends is None else [*out, ends]


def _shape_sentences(
    traces: Sequence[TraceResult], labels: Sequence[str], lang: str
) -> list[str]:
    """The stem walk of every trace where the stage shapes differ; else one line
    with the shared shape flow (nothing for a lone trace)."""
    outs = [tuple(s.out_shape[1:] for s in t_.stages) for t_ in traces]
    if len(set(outs)) > 1:
        return [
            _stem_sentence(tr, la, lang) for tr, la in zip(traces, labels, strict=True)
        ]
    if len(traces) == 1:
        return []
    flow = " → ".join(tensor_text(s.out_shape) for s in traces[0].stages[:-1])
    if len(traces) == 2:
        return [t("cs.same_shapes_2", lang, flow=flow)]
    return [t("cs.same_shapes_n", lang, n=len(traces), flow=flow)]


def _pair_sentence(a: TraceResult, b: TraceResult, la: str, lb: str, lang: str) -> str:
    """What sets ``b`` apart from the reference ``a``, and what it costs."""
    diffs = _config_diffs(a, b)
    special = _only_difference_sentence(a, b, la, lb, lang)
    if special is not None:
        text, states_cost = special
        if states_cost:
            return text
        return t("cs.special_cost", lang, text=text, cost=_cost_clause(a, b, la, lang))
    if not diffs:
        return t("cs.same_network", lang, lb=lb, la=la)
    listed = _and(
        [t("cs.diff_item", lang, f=field_name(f, lang), x=x, y=y) for f, x, y in diffs],
        lang,
    )
    return t(
        "cs.differs",
        lang,
        lb=lb,
        la=la,
        listed=listed,
        cost=_cost_clause(a, b, la, lang),
    )


def _ends_sentence(
    traces: Sequence[TraceResult], labels: Sequence[str], lang: str
) -> str | None:
    """Where each network's body ends, and which lack the deepest stage; None for a
    lone trace or one without body stages."""
    last = [next(reversed(t_.body_stages), None) for t_ in traces]
    if len(traces) < 2 or not all(last):
        return None
    names = {s.name for s in last if s is not None}
    parts = []
    for s, la_ in zip(last, labels, strict=True):
        assert s is not None
        text = t("cs.end_part", lang, label=la_, shape=tensor_text(s.out_shape))
        if len(names) > 1:
            text += t("cs.end_stage", lang, stage=s.name)
        parts.append(text)
    missing = sorted(names, key=lambda n: _stage_key(n, 0))[-1]
    lacking = [
        la_
        for s, la_ in zip(last, labels, strict=True)
        if s is not None and s.name != missing
    ]
    text = t("cs.ends_at", lang, parts=t("cs.semi", lang).join(parts))
    if lacking:
        text += t(
            "cs.lacking_one" if len(lacking) == 1 else "cs.lacking_many",
            lang,
            who=_and(lacking, lang),
            stage=missing,
            missing=MISSING,
        )
    return text


def family_sentences(
    a: TraceResult, b: TraceResult, la: str, lb: str, lang: str = DEFAULT_LANG
) -> list[str]:
    """What the later ResNet family changes between two traces, from their rows:
    the deep stem (He et al. 2019, ResNet-C), the avg-down shortcut (ResNet-D), the
    block order (He et al. 2016, pre-activation) and the width (Zagoruyko &
    Komodakis 2016). Nothing is said for a field the two share.

    Args:
        a: the reference trace; b: the trace compared with it.
        la: a's label; lb: b's.
        lang: the language of the sentences.

    Returns:
        Zero to four sentences.
    """
    ca, cb = a.config, b.config
    out: list[str] = []
    if getattr(ca, "stem", None) != getattr(cb, "stem", None) and (
        _stem_convs(a) and _stem_convs(b)
    ):
        sa, sb = _stem_convs(a), _stem_convs(b)
        if len(sa) != len(sb) or sa != sb:
            out.append(
                t(
                    "cs.fam_stem",
                    lang,
                    lb=lb,
                    la=la,
                    nb=len(sb),
                    na=len(sa),
                    kb="; ".join(conv_text(r, show_stride=True) for r in sb),
                    ka="; ".join(conv_text(r, show_stride=True) for r in sa),
                    mb=f"{sum(r.macs for r in sb):,}",
                    ma=f"{sum(r.macs for r in sa):,}",
                    pb=f"{sum(r.params for r in sb):,}",
                    pa=f"{sum(r.params for r in sa):,}",
                )
            )
    pools = [_avg_pools(a), _avg_pools(b)]
    if bool(pools[0]) != bool(pools[1]):
        lx, rows = (la, pools[0]) if pools[0] else (lb, pools[1])
        first = rows[0]
        out.append(
            t(
                "cs.fam_avg",
                lang,
                lx=lx,
                n=len(rows),
                hin=f"{first.in_shape[2] * first.in_shape[3]:,}",
                hout=f"{first.out_shape[2] * first.out_shape[3]:,}",
                ops=f"{sum(r.elementwise_ops for r in rows):,}",
            )
        )
    orders = (getattr(ca, "order", "post"), getattr(cb, "order", "post"))
    if orders[0] != orders[1]:
        if orders[0] == "pre":
            (x, lx), ly = (a, la), lb
        else:
            (x, lx), ly = (b, lb), la
        head_bn = next((r for r in x.layers if r.path == "norm"), None)
        out.append(
            t(
                "cs.fam_order",
                lang,
                lx=lx,
                ly=ly,
                n=len(x.blocks),
                c=head_bn.out_shape[1] if head_bn else "?",
            )
        )
    widths = (getattr(ca, "width_factor", 1), getattr(cb, "width_factor", 1))
    if widths[0] != widths[1]:
        (x, lx), (y, ly) = (
            ((b, lb), (a, la))
            if widths[1] > widths[0]
            else (
                (a, la),
                (b, lb),
            )
        )
        shallow = len(x.blocks) < len(y.blocks)
        out.append(
            t(
                "cs.fam_width",
                lang,
                lx=lx,
                ly=ly,
                wx="/".join(map(str, x.config.stage_widths)),  # type: ignore[union-attr]
                wy="/".join(map(str, y.config.stage_widths)),  # type: ignore[union-attr]
                dx=len(x.blocks),
                dy=len(y.blocks),
            )
            + (t("cs.fam_wide_shallow", lang) if shallow else "")
        )
    return out


def _stem_convs(trace: TraceResult) -> list[LayerRecord]:
    return [r for r in trace.layers if r.stage == "stem" and r.kind == "Conv2d"]


def _avg_pools(trace: TraceResult) -> list[LayerRecord]:
    """ResNet-D's shortcut pools (He et al. 2019, Fig. 2c), one per avg-down block."""
    return [r for r in trace.layers if r.role == "shortcut" and r.kind == "AvgPool2d"]
