"""Shared test settings: a small, deterministic Hypothesis profile for CI."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=25,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=25)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/* snapshots from the current output",
    )


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden snapshots."""
    return bool(request.config.getoption("--update-golden"))
