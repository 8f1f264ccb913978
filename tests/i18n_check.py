"""Helpers for the language tests: every text a figure, DOT graph or table shows, and
the English words left in it. Used by tests/figures, tests/core and tests/app."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import plotly.graph_objects as go

from resnet_viz.i18n import CATALOGUE
from resnet_viz.records import TraceResult

HAN = re.compile(r"[\u4e00-\u9fff]")
# "vf.title", "err.int_range", "stage.stem": a catalogue key that was never looked up.
RAW_KEY = re.compile(r"\b[a-z]{2,6}\.[a-z_]+\b")
_MARKUP = re.compile(r"<[^>]*>|%\{[^}]*\}")  # <b>, <br>, <extra>; plotly's %{x}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
# Units, symbols and names that stay as they are in every language.
UNITS = {
    "MACs", "MAC", "FLOPs", "GMAC", "BN", "ReLU", "ReLU6", "H", "W", "C", "N", "x",
    "B", "KB", "MB", "GB", "kB", "k", "M", "G", "T", "KiB", "MiB", "GiB",
    "s", "ms", "fc", "L", "dw", "sigmoid", "ImageNet", "CIFAR", "ResNet", "ResNeXt",
    "SE", "He", "GFLOPS", "PyTorch", "torchvision", "cpu", "cuda", "meta",
}  # fmt: skip
# Plotly attribute keys whose string values are drawn on the page.
_TEXT_KEYS = {"text", "hovertext", "hovertemplate", "name", "ticktext"}


def _walk(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _TEXT_KEYS or (key == "x" and node.get("type") == "bar"):
                yield from _strings(value)
            else:
                yield from _walk(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def figure_texts(fig: go.Figure) -> list[str]:
    """Every string a plotly figure draws or shows on hover: titles, axis titles,
    trace names, text, hover text and templates, category labels."""
    return [s for s in _walk(fig.to_plotly_json()) if s.strip()]


_DOT_LABEL = re.compile(r'\b(?:x?label)="((?:[^"\\]|\\.)*)"')


def dot_texts(dot: str) -> list[str]:
    """The label and xlabel values of a DOT text (graph, cluster, node and edge)."""
    return [
        m.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        for m in _DOT_LABEL.findall(dot)
    ]


def identifiers(trace: TraceResult) -> set[str]:
    """Names from the trace that are identifiers, not words: the arch, module paths
    and their parts, layer kinds (type names) and stage names other than stem/head."""
    out = {trace.arch, *trace.arch.split("_")}
    for r in trace.layers:
        out |= {r.kind, r.path, *r.path.split(".")}
    out |= {s.name for s in trace.stages} - {"stem", "head"}
    out |= set(trace.config.to_dict()) if hasattr(trace.config, "to_dict") else set()
    return out


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words of ``text`` that are neither units nor ``allowed``
    identifiers (markup and plotly placeholders are skipped)."""
    ok = UNITS | set(allowed)
    words = _WORD.findall(_MARKUP.sub(" ", text))
    return [w for w in words if w not in ok and not any(c.isdigit() for c in w)]


def assert_translated(texts: Iterable[str], allowed: Iterable[str] = ()) -> None:
    """Chinese somewhere, no raw catalogue key and no English word in any text."""
    texts = list(texts)
    assert texts, "nothing to check"
    assert any(HAN.search(s) for s in texts), texts[:5]
    keys = set(CATALOGUE["en"])
    allowed = set(allowed)
    for s in texts:
        found = [k for k in RAW_KEY.findall(s) if k in keys]
        assert not found, (found, s)
        assert not english_words(s, allowed), (english_words(s, allowed), s)
