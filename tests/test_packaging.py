"""A non-editable install carries the template and the example inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_template_and_example_and_works_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    [wheel] = list(dist.glob("scrtui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "scrtui/workspace_template/review.toml",
        "scrtui/workspace_template/markers/analysis.toml",
        "scrtui/workspace_template/sources/.gitkeep",
        "scrtui/example/review.toml",
        "scrtui/example/register.toml",
        "scrtui/data/learning.schema.json",
        "scrtui/workspace_template/learning-themes.toml",
        "scrtui/workspace_template/plain-english.toml",
        "scrtui/workspace_template/actions/.gitkeep",
    ):
        assert name in names, name
    assert any(n.startswith("scrtui/example/findings/F-") for n in names)
    assert "scrtui/publish/__init__.py" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import scrtui.resources as r; print(r.template_dir()); print(r.example_dir())",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where

    review = tmp_path / "from-wheel"
    for args in (["init", "--example", str(review)], ["check", str(review)]):
        result = subprocess.run(
            [sys.executable, "-m", "scrtui", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
