"""Start `streamlit run serve.py` on a free localhost port for benchmarks, load tests
and browser tests, and read the server's resident memory. Standard library only.

serve.py is the production entry (warmed up at start); `entry="app.py"` or the
environment variable RV_ENTRY=app.py runs the plain script instead, to compare.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A streamlit server process on 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        port: int | None = None,
        log: Path | None = None,
        entry: str = "serve.py",
    ) -> None:
        self.entry = entry  # serve.py: the production entry (warmed up at start)
        self.port = port or free_port()
        self.log = log or ROOT / "bench" / "results" / "streamlit.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> Server:
        self.started_at = time.perf_counter()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        log = self.log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                os.environ.get("RV_ENTRY", self.entry),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        return self

    def wait_healthy(self, timeout_s: float = 60) -> float:
        """Block until /_stcore/health answers; return seconds since start()."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    return time.perf_counter() - self.started_at
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("streamlit did not become healthy")

    def rss_bytes(self) -> int:
        """Resident memory of the server process, plus what its child processes
        (Graphviz's `dot`, or any other) hold of their own (Linux /proc). A child's
        pages still shared with the server count once."""
        assert self.proc is not None
        total = _status_kib(self.proc.pid, "VmRSS")
        for child in _children(self.proc.pid):
            total += _private_kib(child)
        return total * 1024

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> Server:
        self.start()
        self.wait_healthy()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _status_kib(pid: int, field: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (any of its threads may have forked)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (comm) state ppid ...": comm may hold spaces, so split after ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        frontier += kids
    return found


def _private_kib(pid: int) -> int:
    """A process's private resident memory: what it holds that no other does."""
    total = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total
