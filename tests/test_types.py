"""The headless packages type-check: mypy, configured in pyproject.toml ([tool.mypy]), finds
no error in them. Its incremental cache (.mypy_cache, which git ignores) makes a run after the
first one take about a second."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_the_headless_packages_type_check():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(REPO / ".mypy_cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"mypy found errors:\n{result.stdout}{result.stderr}", pytrace=False)
