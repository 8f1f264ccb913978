"""The app's static folder, which Streamlit serves at ``app/static/``
(``server.enableStaticServing`` in .streamlit/config.toml): the one home of copying a
bundle there (plotly.js, Viz.js) and of plotly.js's gzipped twin, which serve.py
sends as it is.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

# Beside app.py and serve.py: Streamlit serves the folder next to the main script.
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


def replace_atomically(target: Path, fill: Callable[[str], None]) -> None:
    """Write ``target`` through ``fill(path)`` on a file beside it, then rename: a
    server starting at the same time never serves half a file, and a failed write
    leaves nothing behind. Raises OSError when the folder cannot be written."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(fd)
    try:
        fill(tmp)
        os.chmod(tmp, 0o644)  # readable as any copied file (mkstemp makes it private)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def static_copy(source: Path, name: str) -> str | None:
    """URL path, relative to the server's root, of ``source`` copied into the static
    folder as ``name`` (e.g. "app/static/plotly-7.1.0.min.js"), copied the first
    time or when its size changed; None when static serving is off or the copy
    cannot be made."""
    if not st.get_option("server.enableStaticServing"):
        return None
    target = STATIC_DIR / name
    try:
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            STATIC_DIR.mkdir(exist_ok=True)
            # copy2 keeps the bundle's time: a longer cache
            replace_atomically(target, lambda tmp: shutil.copy2(source, tmp))
    except OSError:
        return None
    return f"app/static/{name}"


def gzipped_path(path: Path) -> Path:
    """Where the gzipped copy of a static file lies: beside it, ".gz" added."""
    return path.with_name(path.name + ".gz")


def write_gzipped(path: Path) -> None:
    """Compress ``path`` once (beside it) for serve.py to send as it is; Streamlit's
    static route gzips plotly.js anew for every visitor (~0.1 s of the server's
    event loop each, 0.16 s of it busy on a cold server's first page). No copy, or
    an old one left, if the folder cannot be written: the route still serves."""
    gz = gzipped_path(path)
    try:
        # A gzip file ends with its content's length (mod 2**32): the same test of
        # a changed bundle as static_copy's (the copy keeps the bundle's time).
        with gz.open("rb") as old:
            old.seek(-4, os.SEEK_END)
            if int.from_bytes(old.read(4), "little") == path.stat().st_size % 2**32:
                return
    except OSError:
        pass  # no copy yet
    data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
    try:
        replace_atomically(gz, lambda tmp: Path(tmp).write_bytes(data))
    except OSError:
        return
