"""DOT -> SVG with Graphviz's `dot` program where it is installed (packages.txt asks
for it on a hosted app). Imports the standard library only; never streamlit.
"""

from __future__ import annotations

import shutil
import subprocess


def dot_available() -> bool:
    """True when Graphviz's `dot` is on PATH."""
    return shutil.which("dot") is not None


def dot_to_svg(dot: str, timeout_s: float = 20.0) -> bytes | None:
    """Render a DOT string to SVG bytes; None when `dot` is missing or fails.

    Tell the two apart with dot_available(): a page says "Graphviz not installed"
    only when it is not (a graph too large for `dot`, or one it crashed on, is a
    failure; pages keep graphs under figures.graph.GRAPH_NODE_LIMIT nodes).

    The DOT text is passed on stdin (never a file path or a shell), so no input can
    reach a command line.
    """
    exe = shutil.which("dot")
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "-Tsvg"], input=dot.encode(), capture_output=True, timeout=timeout_s
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None
