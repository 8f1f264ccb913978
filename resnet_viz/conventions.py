"""What torchinfo, fvcore, ptflops, thop, calflops, torch.utils.flop_counter and
torchvision's published "GFLOPS" report for a traced network, computed from the trace.

Pure Python on a TraceResult (records only): no torch, no streamlit. Each rule below
was read from the tool's source (the versions pinned in requirements-dev.txt) and is
checked against the real tool, to the unit, by tests/core/test_conventions.py.

Every tool's total is our MACs (conv + linear multiply-accumulates, stats.py) plus
named terms; a term is a count of elements or parameters times a factor:

* torchinfo 1.8.0, ``summary(...).total_mult_adds``, over leaf layers: a conv adds
  (weights + bias) x N x H_out x W_out, i.e. its MACs plus one per output element if
  it has a bias; every other layer with parameters adds N x its parameters (a
  Linear: MACs + bias; a BatchNorm2d: N x 2C, not per element).
* fvcore 0.1.5, ``FlopCountAnalysis(...).total()`` (one "flop" = one MAC): conv and
  linear MACs without bias; ``aten::batch_norm`` in eval mode 2 per element (1
  without affine); ``aten::adaptive_avg_pool2d`` 1 per input element. ReLU is ignored,
  max-pool, add, mul, sigmoid, mean are unsupported: 0.
* ptflops 0.7.5, ``get_model_complexity_info(model, (C, H, W))``: always one image.
  backend "pytorch": module hooks (conv and linear MACs + 1 per output element of a
  bias; BN 2 per element with affine, 1 without; ReLU, ReLU6 1 per element; every
  pooling 1 per *input* element) plus, by default (``count_functional``), patched
  functionals: ``F.relu`` and the ``F.*pool*`` functions that nn.ReLU and the pooling
  modules call inside their hooked forward, so ReLU and pooling count twice; ReLU6
  calls ``F.hardtanh``, not patched, so it counts once. ``torch.add``/``torch.mul``
  called by name would count too; ``+`` and ``*`` (all this project uses) do not.
  backend "aten": only aten mm/addmm/bmm/convolution: MACs + conv bias + linear bias.
* thop (ultralytics-thop 2.2.3), ``profile(...)``: conv and linear MACs without bias;
  BatchNorm 2 x 2 = 4 per element with affine (2 without); AdaptiveAvgPool2d and
  AvgPool2d: the summed size of every pooling window plus 1 per output element;
  ReLU, max-pool and modules without a rule (Sigmoid, our Add/Concat/ChannelScale): 0.
* calflops 0.3.2, ``calculate_flops(...)``: MACs = conv + linear MACs exactly; FLOPs =
  2 x MACs + 1 per output element of a conv bias (a Linear's bias is not counted) +
  BN 2 per element (1 without affine) + 1 per element of ``F.relu`` (ReLU6 goes
  through ``F.hardtanh``: 0) + 1 per input element of every pooling.
* ``torch.utils.flop_counter.FlopCounterMode``: 2 x MACs (biases are not counted).
* torchvision's ``weights.meta["_ops"]`` ("GFLOPS"): our MACs for one 224 x 224 image
  in units of 10^9, rounded to 3 decimals; published only for its own models.

The tools that take an input tensor count the trace's whole batch; ptflops and
torchvision give one image. Every model is assumed in eval mode, as the tools run it.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from .formats import shape_text
from .i18n import DEFAULT_LANG, t
from .records import LayerRecord, TraceResult
from .stats import numel

# The tool whose totals appear in the table, in its order. Labels and rules live in
# the catalogue as "cv.tool_<id>" and "cv.rule_<id>".
TOOLS = (
    "flop_counter",
    "torchinfo",
    "fvcore",
    "ptflops_pytorch",
    "ptflops_aten",
    "thop",
    "calflops_macs",
    "calflops_flops",
    "torchvision",
)
# Names in the table that stay as they are in every language: the tools, their
# backends and the functions and fields their rules name.
NOTATION = (
    "torchinfo", "fvcore", "ptflops", "pytorch", "aten", "thop", "calflops",
    "torch.utils.flop_counter", "torchvision", "addmm", "F.relu", "F.hardtanh",
    "F.conv2d", "F.linear", "Conv2d", "Linear", "Sigmoid", "kh", "kw",
    "weights.meta", "ops",
)  # fmt: skip
# Families whose presets torchvision publishes "GFLOPS" for (at 224 x 224).
PUBLISHED_FAMILIES = ("torchvision", "vgg")
POOL_KINDS = ("MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d")


@dataclass(frozen=True, slots=True)
class Term:
    """One named part of the difference between a tool's total and our MACs."""

    key: str  # catalogue suffix: "cv.term_<key>"
    count: int  # elements, parameters or MACs the term is made of
    factor: int  # ops per counted unit
    ops: int  # count * factor (for "rounding": the signed difference)


@dataclass(frozen=True, slots=True)
class ToolCount:
    """What one tool reports for the traced network, and why it is not our MACs."""

    tool: str  # an id of TOOLS
    total: int  # the tool's number (torchvision: its published G value x 10^9)
    batch: int  # images the number is for (ptflops and torchvision: 1)
    macs: int  # our MACs for that many images
    terms: tuple[Term, ...]  # total == macs + sum of term ops
    published: bool = True  # torchvision only: False when no number is published

    @property
    def difference(self) -> int:
        """total - macs: the sum of the terms."""
        return self.total - self.macs


@dataclass(frozen=True, slots=True)
class _Counts:
    """The per-kind element and parameter counts that the rules are made of."""

    macs: int
    conv_bias: int  # output elements of convs with a bias
    linear_bias: int  # output elements of Linear layers with a bias
    bn_affine: int  # elements through BatchNorm2d with weight and bias
    bn_plain: int  # elements through BatchNorm2d without
    param_rows: int  # N x parameters of leaf layers other than conv and linear
    relu: int  # output elements of ReLU
    relu6: int  # output elements of ReLU6
    pool_in: int  # input elements of max, average and adaptive-average pools
    adaptive_in: int  # input elements of AdaptiveAvgPool2d
    thop_pools: int  # thop's window sums + outputs of the two average pools


def _windows(size: int, out: int, k: int, s: int, p: int, include_pad: bool) -> int:
    """Summed length of the pooling windows along one axis (thop's count_avgpool)."""
    lower, upper = (-p, size + p) if include_pad else (0, size)
    return sum(
        max(min(i * s - p + k, upper) - max(i * s - p, lower), 0) for i in range(out)
    )


def _adaptive_windows(size: int, out: int) -> int:
    """Summed length of adaptive pooling windows along one axis: window j spans
    floor(j * size / out) to ceil((j + 1) * size / out) (thop's count_adap_avgpool)."""
    if size == out:
        return out
    return sum(-(-(j + 1) * size // out) - j * size // out for j in range(out))


def _thop_pool(r: LayerRecord) -> int:
    """thop's ops for an average pool: every summed input, plus 1 divide per output."""
    n_c = math.prod(r.in_shape[:2])
    (h, w), (oh, ow) = r.in_shape[2:], r.out_shape[2:]
    if r.kind == "AdaptiveAvgPool2d":
        win = _adaptive_windows(h, oh) * _adaptive_windows(w, ow)
    else:
        assert r.kernel_size is not None
        assert r.stride is not None
        assert r.padding is not None
        inc = r.count_include_pad is not False  # PyTorch's default is True
        (kh, kw), (sh, sw), (ph, pw) = r.kernel_size, r.stride, r.padding
        win = _windows(h, oh, kh, sh, ph, inc) * _windows(w, ow, kw, sw, pw, inc)
    return n_c * win + numel(r.out_shape)


def _counts(layers: tuple[LayerRecord, ...]) -> _Counts:
    c = dict.fromkeys(_Counts.__slots__, 0)
    for r in layers:
        out_n = numel(r.out_shape)
        c["macs"] += r.macs
        if r.kind == "Conv2d" and r.has_bias:
            c["conv_bias"] += out_n
        elif r.kind == "Linear" and r.has_bias:
            c["linear_bias"] += out_n
        elif r.kind not in ("Conv2d", "Linear") and r.params:
            c["param_rows"] += r.in_shape[0] * r.params
        if r.kind == "BatchNorm2d":
            c["bn_affine" if r.params else "bn_plain"] += out_n
        elif r.kind == "ReLU":
            c["relu"] += out_n
        elif r.kind == "ReLU6":
            c["relu6"] += out_n
        elif r.kind in POOL_KINDS:
            c["pool_in"] += numel(r.in_shape)
            if r.kind == "AdaptiveAvgPool2d":
                c["adaptive_in"] += numel(r.in_shape)
            if r.kind != "MaxPool2d":
                c["thop_pools"] += _thop_pool(r)
    return _Counts(**c)


def _terms(*parts: tuple[str, int, int]) -> tuple[Term, ...]:
    """(key, count, factor) triples as Terms, leaving out the empty ones."""
    return tuple(Term(k, n, f, n * f) for k, n, f in parts if n * f)


def _bn(c: _Counts, per_affine: int, per_plain: int) -> list[tuple[str, int, int]]:
    return [("bn_affine", c.bn_affine, per_affine), ("bn_plain", c.bn_plain, per_plain)]


_RULES: dict[str, Callable[[_Counts], tuple[Term, ...]]] = {
    "flop_counter": lambda c: _terms(("mac_as_2", c.macs, 1)),
    "torchinfo": lambda c: _terms(
        ("conv_bias", c.conv_bias, 1),
        ("linear_bias", c.linear_bias, 1),
        ("param_rows", c.param_rows, 1),
    ),
    "fvcore": lambda c: _terms(*_bn(c, 2, 1), ("adaptive_in", c.adaptive_in, 1)),
    "ptflops_pytorch": lambda c: _terms(
        ("conv_bias", c.conv_bias, 1),
        ("linear_bias", c.linear_bias, 1),
        *_bn(c, 2, 1),
        ("relu_twice", c.relu, 2),
        ("relu6", c.relu6, 1),
        ("pool_in_twice", c.pool_in, 2),
    ),
    "ptflops_aten": lambda c: _terms(
        ("conv_bias", c.conv_bias, 1), ("linear_bias", c.linear_bias, 1)
    ),
    "thop": lambda c: _terms(*_bn(c, 4, 2), ("thop_pools", c.thop_pools, 1)),
    "calflops_macs": lambda c: (),
    "calflops_flops": lambda c: _terms(
        ("mac_as_2", c.macs, 1),
        ("conv_bias", c.conv_bias, 1),
        *_bn(c, 2, 1),
        ("relu", c.relu, 1),
        ("pool_in", c.pool_in, 1),
    ),
}
PER_IMAGE = ("ptflops_pytorch", "ptflops_aten", "torchvision")


def is_published(result: TraceResult) -> bool:
    """True when torchvision publishes "GFLOPS" for exactly this network and input:
    an unchanged torchvision or VGG preset at 3 x 224 x 224."""
    from .registry import ARCHS

    spec = ARCHS.get(result.arch)
    return (
        spec is not None
        and spec.family in PUBLISHED_FAMILIES
        and result.config == spec
        and tuple(result.input_shape[1:]) == (3, 224, 224)
    )


def tool_counts(result: TraceResult) -> tuple[ToolCount, ...]:
    """Each tool's total for this trace, as the tool itself would report it.

    Args:
        result: any trace (preset, custom net, a zoo block), at any input and batch.

    Returns:
        One ToolCount per id of ``TOOLS``, in that order.
    """
    n = result.input_shape[0]
    whole = _counts(result.layers)
    # Every count is linear in the batch (each row's shapes carry it), so one image
    # is the whole batch divided by N, exactly.
    one = _Counts(*(getattr(whole, f) // n for f in _Counts.__slots__))
    out = []
    for tool in TOOLS:
        c = one if tool in PER_IMAGE else whole
        if tool == "torchvision":
            shown = round(c.macs / 1e9, 3)
            total = round(shown * 10**9)  # its G value as a count (4.089 -> 4.089e9)
            terms = _terms(("rounding", total - c.macs, 1))
            out.append(
                ToolCount(tool, total, 1, c.macs, terms, published=is_published(result))
            )
            continue
        terms = _RULES[tool](c)
        total = c.macs + sum(x.ops for x in terms)
        out.append(ToolCount(tool, total, 1 if tool in PER_IMAGE else n, c.macs, terms))
    return tuple(out)


def _term_text(term: Term, lang: str) -> str:
    # "+1,000", not "+ 1,000": a leading "+ " would read as a list item in Markdown.
    sign = "+" if term.ops >= 0 else "−"
    label = t(f"cv.term_{term.key}", lang)
    if term.key == "rounding" or term.factor == 1:
        return f"{sign}{abs(term.ops):,} {label}"
    return f"{sign}{term.ops:,} {label} ({term.factor} × {term.count:,})"


def _total_text(tc: ToolCount) -> str:
    if tc.tool == "torchvision":
        return f"{tc.total / 1e9:.3f} G"
    return f"{tc.total:,}"


def conventions_rows(result: TraceResult, lang: str = DEFAULT_LANG) -> list[dict]:
    """The conventions table as rows of text (the CLI's table, the app's grid).

    Args:
        result: the traced network.
        lang: "en" or "zh" for the words; numbers and tool names are the same.

    Returns:
        Rows with keys tool, total, images, vs MACs, difference (the terms), rule.
    """
    rows = [
        {
            "tool": t("cv.tool_ours", lang),
            "total": f"{result.total_macs:,}",
            "images": str(result.input_shape[0]),
            "vs MACs": "0",
            "difference": "",
            "rule": t("cv.rule_ours", lang),
        }
    ]
    for tc in tool_counts(result):
        diff = " ".join(_term_text(x, lang) for x in tc.terms)
        if tc.tool == "torchvision" and not tc.published:
            diff = (diff + " · " if diff else "") + t("cv.not_published", lang)
        rows.append(
            {
                "tool": t(f"cv.tool_{tc.tool}", lang),
                "total": _total_text(tc),
                "images": str(tc.batch),
                "vs MACs": f"{tc.difference:+,}",
                "difference": diff or t("cv.no_difference", lang),
                "rule": t(f"cv.rule_{tc.tool}", lang),
            }
        )
    return rows


def conventions_dict(result: TraceResult) -> dict:
    """The conventions table as JSON-ready data (``--format json``)."""
    return {
        "arch": result.arch,
        "input_shape": list(result.input_shape),
        "total_macs": result.total_macs,
        "tools": [
            {
                "tool": tc.tool,
                "label": t(f"cv.tool_{tc.tool}"),
                "total": tc.total,
                "images": tc.batch,
                "macs": tc.macs,
                "difference": tc.difference,
                "terms": [
                    {"term": x.key, "count": x.count, "factor": x.factor, "ops": x.ops}
                    for x in tc.terms
                ],
                "rule": t(f"cv.rule_{tc.tool}"),
                **({"published": tc.published} if tc.tool == "torchvision" else {}),
            }
            for tc in tool_counts(result)
        ],
    }


_COLUMNS = ("tool", "total", "images", "vs MACs", "difference", "rule")


def _title(result: TraceResult) -> str:
    return (
        f"{result.arch} · input {shape_text(result.input_shape)} · "
        f"{result.total_macs:,} MACs (conv + linear)"
    )


def to_table(result: TraceResult) -> str:
    """A fixed-width table (tool, total, images, vs MACs, the terms), then each
    tool's rule on a line of its own."""
    rows = conventions_rows(result)
    head = _COLUMNS[:5]
    cells = [[r[c] for c in head] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
    align = ("<", ">", ">", ">", "<")

    def line(values: list[str] | tuple[str, ...]) -> str:
        return "  ".join(
            f"{v:{a}{w}}" for v, a, w in zip(values, align, widths, strict=True)
        ).rstrip()

    rule = "-" * len(line(list(head)))
    out = [_title(result), "", line(head), rule, *(line(c) for c in cells), rule, ""]
    out += ["Rules:"] + [f"  {r['tool']}: {r['rule']}" for r in rows]
    return "\n".join(out) + "\n"


def to_markdown(result: TraceResult) -> str:
    """The table as GitHub Markdown, rules in the last column."""
    rows = conventions_rows(result)
    lines = [f"## {_title(result)}", "", "| " + " | ".join(_COLUMNS) + " |"]
    lines.append("|" + "---|" * len(_COLUMNS))
    for r in rows:
        cells = (r[c].replace("|", "\\|") for c in _COLUMNS)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def to_csv(result: TraceResult) -> str:
    """One row per tool with plain integers: tool id, total, images, our MACs for
    those images, the difference, each term as key:ops, and the rule."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("tool", "total", "images", "macs", "difference", "terms", "rule"))
    for tc in tool_counts(result):
        terms = " ".join(f"{x.key}:{x.ops}" for x in tc.terms)
        rule = t(f"cv.rule_{tc.tool}")
        writer.writerow(
            (tc.tool, tc.total, tc.batch, tc.macs, tc.difference, terms, rule)
        )
    return buf.getvalue()


def to_json(result: TraceResult) -> str:
    """``conventions_dict`` as indented JSON."""
    return json.dumps(conventions_dict(result), indent=2, ensure_ascii=False) + "\n"


CONVENTION_FORMATS: dict[str, Callable[[TraceResult], str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "markdown": to_markdown,
}


def conventions_of(
    arch: str | None = "resnet50",
    input: int | str | tuple[int, ...] | None = None,
    **kw,
) -> tuple[ToolCount, ...]:
    """Trace a network and return each tool's count: ``tool_counts(trace(...))``.

    Args:
        arch: a preset name, or None / "custom".
        input: as for ``trace``; None is the preset's natural input.
        **kw: anything ``trace`` takes (batch, overrides).

    Returns:
        One ToolCount per tool, in ``TOOLS`` order.
    """
    from .trace import trace

    return tool_counts(trace(arch, input, **kw))
