"""Every text a page shows comes from the catalogue (HOUSE_STYLE §9): no English word
written as a literal into a streamlit call in views/ or resnet_viz/ui/."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [*ROOT.joinpath("views").glob("*.py"), *ROOT.joinpath("resnet_viz/ui").glob("*.py")]
)
# streamlit's functions that put text on the page. The receiver is not checked
# (st, st.sidebar, a column, a tab, a container...): the attribute name decides.
TEXT_FUNCTIONS = frozenset(
    {
        "write",
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "text",
        "info",
        "warning",
        "error",
        "success",
        "toast",
        "button",
        "download_button",
        "checkbox",
        "toggle",
        "radio",
        "selectbox",
        "multiselect",
        "slider",
        "select_slider",
        "number_input",
        "text_input",
        "text_area",
        "expander",
        "tabs",
        "metric",
        "page_link",
        "spinner",
        "link_button",
        "popover",
        "form_submit_button",
    }
)
TEXT_KEYWORDS = frozenset({"label", "help", "placeholder", "caption"})
# The widgets whose second argument is a list of options: with a format_func the
# options are values (ids such as "stage", "macs") and the page shows the function's
# text, so they are not checked.
OPTION_WIDGETS = frozenset({"radio", "selectbox", "multiselect", "select_slider"})
# Words that are no language: each entry says why it may stay in code.
ALLOWED = {
    "ms": "the unit symbol of milliseconds, the same in every language",
}
# Markup that is not text: HTML tags, streamlit's Markdown directives (":small[",
# ":gray[") and Material icons (":material/lightbulb:").
_MARKUP = re.compile(r"<[^>]*>|:[a-z]+\[|:material/[a-z_]+:")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _literals(node: ast.AST) -> Iterator[str]:
    """The string literals that reach the page through ``node``: constants, the
    literal parts of f-strings, the items of lists and tuples (st.tabs), both arms
    of a conditional and both sides of a ``+``. A call's own arguments (t's key) are
    not text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            yield from _literals(value)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for item in node.elts:
            yield from _literals(item)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)


def _texts(call: ast.Call, name: str) -> Iterator[ast.AST]:
    """The arguments of a streamlit call that are shown as text."""
    has_format = any(k.arg == "format_func" for k in call.keywords)
    for i, arg in enumerate(call.args):
        if not (name in OPTION_WIDGETS and has_format and i == 1):
            yield arg
    for keyword in call.keywords:
        if keyword.arg in TEXT_KEYWORDS:
            yield keyword.value


def english_literals(source: str, filename: str = "<string>") -> list[str]:
    """``file:line fn: text`` for every literal with an English word in a streamlit
    text call of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name not in TEXT_FUNCTIONS:
            continue
        for arg in _texts(node, name):
            for text in _literals(arg):
                words = _WORD.findall(_MARKUP.sub(" ", text))
                if [w for w in words if w not in ALLOWED]:
                    found.append(f"{filename}:{node.lineno} {name}: {text!r}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_literal_in_a_streamlit_call(path):
    found = english_literals(path.read_text(encoding="utf-8"), path.name)
    assert not found, "move these texts to resnet_viz/locales:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'st.caption("Hello world")',
        'st.sidebar.button(label="Run it")',
        'col.metric(t("k", lang), f"{n} things")',
        'st.tabs(["Graph", t("k", lang)])',
        'tab.selectbox("Pick", ["a", "b"], help="which one")',
        'st.radio(t("k", lang), ["stage", "layer"])',  # options shown as they are
    ],
)
def test_the_checker_reports_english(source):
    assert english_literals(source)


@pytest.mark.parametrize(
    "source",
    [
        'st.caption(t("zoo.follows", lang, source=s))',
        'st.metric(t("la.sum", lang), f"{total:.1f} ms")',
        'st.markdown(f"**{a}**  \\n:small[:gray[{b}]]")',
        'st.info(note, icon=":material/lightbulb:")',
        'st.radio(t("k", lang), ["stage", "layer"], format_func=f)',
        'st.caption("<br>")',
    ],
)
def test_the_checker_passes_catalogue_text_and_markup(source):
    assert not english_literals(source)
