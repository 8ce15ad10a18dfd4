"""Where the shipped workspace template and example review are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # In a wheel they are inside the package; in a checkout (or an editable install) they sit
    # beside it at the repository root.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if (candidate / "review.toml").is_file():
            return candidate
    raise FileNotFoundError(f"the shipped '{name}' folder is missing from this installation")


def template_dir() -> Path:
    return _find("workspace_template")


def example_dir() -> Path:
    return _find("example")
