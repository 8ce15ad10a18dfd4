"""`scr init --example` once per test process, copied for each test (both conftests use it)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_INITIALISED: dict[str, Path] = {}  # per test process: what `scr init --example` made


def init_example(target: Path, dates: str = "", env: dict | None = None) -> Path:
    """The example as `scr init --example` makes it, at `target`: the command runs once per
    test process (and per fixed commit date), each test gets a copy of its repository (the
    same files and the same first commit, since every test has the same git identity), which
    saves a second of start-up per test."""
    origin = _INITIALISED.get(dates)
    if origin is None or not origin.exists():
        base = Path(tempfile.mkdtemp(prefix="scr-example-"))
        atexit.register(shutil.rmtree, base, True)
        origin = base / "review"
        result = subprocess.run(
            [sys.executable, "-m", "scrtui", "init", "--example", str(origin)],
            env=env or dict(os.environ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        _INITIALISED[dates] = origin
    shutil.copytree(origin, target, symlinks=True)
    return target
