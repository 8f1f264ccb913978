"""Text renderings of a TraceResult: table, JSON, CSV and Markdown.

The "format" step after collect (trace.py) and aggregate (stats.py). Imports only
records, text and the standard library, so the app's downloads use the same functions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence

from .records import LayerRecord, TraceResult
from .text import human, shape_text  # re-exported: figures import them from here

LAYER_COLUMNS = (
    "path",
    "kind",
    "stage",
    "block",
    "role",
    "in_shape",
    "out_shape",
    "kernel_size",
    "stride",
    "padding",
    "groups",
    "params",
    "macs",
    "flops",
    "elementwise_ops",
    "activation_bytes",
    "receptive_field",
)


def layer_cell(row: LayerRecord, column: str) -> str:
    """One cell of the per-layer table as text."""
    value = row.flops if column == "flops" else getattr(row, column)
    if isinstance(value, tuple):
        return shape_text(value)
    return "" if value is None else str(value)


def to_json(result: TraceResult, indent: int | None = 2) -> str:
    """The schema-1 JSON contract (see TraceResult.to_dict)."""
    return json.dumps(result.to_dict(), indent=indent)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header line and the rows as CSV ("\\n" line ends): the one CSV writer of
    the command line and the app's downloads."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buf.getvalue()


def markdown_lines(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    right: Sequence[bool] | None = None,
) -> list[str]:
    """A GitHub Markdown table as lines: the one Markdown writer.

    Args:
        headers: the column names.
        rows: the cells, as text; a "|" in any cell is escaped.
        right: per column, whether it is right-aligned (numbers); all left if None.
    """
    align = right if right is not None else [False] * len(headers)

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    rule = "|" + "".join(("---:" if r else "---") + "|" for r in align)
    return [line(headers), rule, *(line(r) for r in rows)]


def to_csv(result: TraceResult) -> str:
    """One row per layer call, every column of LAYER_COLUMNS."""
    return csv_text(
        LAYER_COLUMNS,
        ([layer_cell(row, c) for c in LAYER_COLUMNS] for row in result.layers),
    )


def totals_lines(result: TraceResult) -> list[str]:
    """The summary lines shared by the table and Markdown formats."""
    return [
        f"Total params: {result.total_params:,}",
        f"Total MACs: {result.total_macs:,} ({human(result.total_macs)})",
        f"Total FLOPs (2 x MACs): {result.total_flops:,} ({human(result.total_flops)})",
        f"Elementwise ops (BN, ReLU, pool, add, bias; not in MACs): "
        f"{result.total_elementwise_ops:,}",
        f"Activations: {human(result.total_activation_bytes, 'B')} · "
        f"weights: {human(result.param_bytes, 'B')}",
    ]


_TABLE = (
    ("Layer", lambda r: r.path),
    ("Type", lambda r: r.kind),
    ("Input", lambda r: shape_text(r.in_shape)),
    ("Output", lambda r: shape_text(r.out_shape)),
    (
        "Kernel/stride",
        _ks := lambda r: (
            ""
            if r.kernel_size is None
            else f"{shape_text(r.kernel_size)}/{r.stride[0]}"
        ),
    ),
    ("Params", lambda r: f"{r.params:,}"),
    ("MACs", lambda r: f"{r.macs:,}"),
)


def _grid(
    headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool
) -> list[str]:
    if markdown:
        return markdown_lines(headers, rows)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:{'<' if i < 5 else '>'}{w}}}" for i, w in enumerate(widths))
    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return [fmt.format(*headers), rule, *(fmt.format(*r) for r in rows), rule]


def _render(result: TraceResult, markdown: bool) -> str:
    columns: Sequence[tuple[str, Callable[[LayerRecord], str]]] = _TABLE
    title = (
        f"{result.arch} · input {shape_text(result.input_shape)} → output "
        f"{shape_text(result.output_shape)} · device {result.device}"
    )
    rows = [[f(r) for _, f in columns] for r in result.layers]
    lines = [("## " if markdown else "") + title, ""]
    lines += _grid([h for h, _ in columns], rows, markdown)
    lines.append("")
    lines += [("- " if markdown else "") + t for t in totals_lines(result)]
    return "\n".join(lines) + "\n"


def to_table(result: TraceResult) -> str:
    """A torchinfo-like fixed-width table with totals underneath."""
    return _render(result, markdown=False)


def to_markdown(result: TraceResult) -> str:
    """The same table as GitHub Markdown."""
    return _render(result, markdown=True)


FORMATS: dict[str, Callable[[TraceResult], str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "markdown": to_markdown,
}
