"""What every `scr` command shares: exit codes, the expected failure, the review, JSON output.

Its own module so that cli.py can register the commands of actions_cli, chronology_cli,
export_cli, status_cli and supervision_cli while they import these from here, not from cli.py
(no import cycle, not even one deferred into a function).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from .store.loader import Loaded

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Failure(Exception):
    """An expected failure: a one-line message and the exit code it means."""

    def __init__(self, message: str, code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.code = code


def load_review(path: Path) -> Loaded:
    """The loaded review at `path`; not a review is a usage error (exit 2)."""
    from .store.loader import NotAReview, load  # noqa: PLC0415

    try:
        return load(path)
    except NotAReview as exc:
        raise Failure(str(exc), EXIT_USAGE) from exc


def parse_today(value: str | None = None) -> date:
    """The day a command counts from: `--today` (`value`), else SCR_TODAY, else the real date."""
    from .current_day import TODAY_ENV  # noqa: PLC0415

    text = value or os.environ.get(TODAY_ENV, "")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        where = "--today" if value else TODAY_ENV
        raise Failure(f"{where} is '{text}', not a date (YYYY-MM-DD)", EXIT_USAGE) from None


_json_printed = False


def emit_json(data: object) -> None:
    """Print a command's JSON answer; `cli.main` then knows not to print an error object too."""
    global _json_printed
    typer.echo(json.dumps(data, indent=2, default=str))
    _json_printed = True


def json_printed() -> bool:
    """Whether a command has printed its JSON answer already."""
    return _json_printed
