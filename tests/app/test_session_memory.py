"""What a session keeps alive after its run.

Streamlit keeps every session's last widget callbacks and format functions (and its
download buttons' deferred callables) until the session ends, and two minutes longer
once its tab closes. A function defined in a page script carries that script's whole
namespace (``__globals__``): the trace, its steps, thousands of table rows. With such
functions on the tables and graph pages the load test's server grew ~30 MiB per 200
reruns without levelling off. Pages therefore hand widgets only callables defined
in the package (or bound methods such as ``dict.get``) with plain arguments.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]
CALLBACK_ARGS = {"format_func", "on_change", "on_click"}


def _page_callables(tree: ast.Module) -> list[tuple[str, int]]:
    """(what, line) for every callback argument that is a lambda or a function
    defined in the page itself; download() and download_button data count too."""
    defined = {
        n.name
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = getattr(call.func, "attr", getattr(call.func, "id", ""))
        values = [k.value for k in call.keywords if k.arg in CALLBACK_ARGS]
        if name == "download":  # download(where, label, make, *args, ...)
            values += call.args[2:]
        if name == "download_button":
            values += call.args[1:2] + [
                k.value for k in call.keywords if k.arg == "data"
            ]
        for v in values:
            if isinstance(v, ast.Lambda):
                found.append(("lambda", v.lineno))
            elif isinstance(v, ast.Name) and v.id in defined:
                found.append((v.id, v.lineno))
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_give_widgets_no_callable_holding_the_page(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    assert _page_callables(tree) == []


def test_the_check_finds_a_page_callable():
    """The scan itself catches the patterns it forbids."""
    tree = ast.parse(
        "def go(): pass\n"
        "st.radio('a', [1], format_func=lambda v: str(v))\n"
        "st.button('b', on_click=go)\n"
        "download(st, 'c', go, 1, file_name='x', mime='y')\n"
        "st.download_button('d', go)\n"
        "st.radio('e', [1], format_func={1: 'one'}.get)\n"
    )
    assert _page_callables(tree) == [("lambda", 2), ("go", 3), ("go", 4), ("go", 5)]
