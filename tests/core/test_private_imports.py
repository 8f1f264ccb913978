"""No module of the app reaches into another module's private names: what a second
module needs is public in its layer (HOUSE_STYLE §9)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [
        *ROOT.joinpath("resnet_viz").rglob("*.py"),
        *ROOT.joinpath("views").glob("*.py"),
        ROOT / "app.py",
        ROOT / "serve.py",
    ]
)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _package_module(node: ast.ImportFrom, path: Path) -> str | None:
    """The package module an import names (absolute or relative), or None for a
    module outside resnet_viz."""
    if node.level == 0:
        name = node.module or ""
        return name if name.split(".")[0] == "resnet_viz" else None
    parts = list(path.relative_to(ROOT).with_suffix("").parts)[: -node.level]
    return ".".join([*parts, *([node.module] if node.module else [])])


def private_imports(path: Path, text: str | None = None) -> list[str]:
    """Every ``from <package module> import _name`` in a file (or in ``text``, read
    as that file), and every ``module._name`` read through a package module it
    imported."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _package_module(node, path)
            if source is None:
                continue
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{path.name}:{node.lineno} {source}.{alias.name}")
                modules.add(alias.asname or alias.name)  # may itself be a module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "resnet_viz":
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path):
    assert private_imports(path) == []


def test_the_check_sees_both_forms():
    sample = ROOT / "resnet_viz" / "figures" / "_sample_for_test.py"  # never written
    code = (
        "from resnet_viz.figures.volumes import _Box\n"
        "from . import scene\n"
        "from ..ui import plot\n"
        "x = scene._corners\n"
        "y = plot._NAME\n"
    )
    assert private_imports(sample, code) == [
        "_sample_for_test.py:1 resnet_viz.figures.volumes._Box",
        "_sample_for_test.py:4 scene._corners",
        "_sample_for_test.py:5 plot._NAME",
    ]
