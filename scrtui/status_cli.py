"""`scr status`: the review's clock and what is late, for a person or a scheduled job."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer


def _today(value: str | None) -> date:
    from .cli import EXIT_USAGE, Failure  # noqa: PLC0415 - cli imports this module
    from .status import TODAY_ENV  # noqa: PLC0415

    text = value or os.environ.get(TODAY_ENV, "")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        where = "--today" if value else TODAY_ENV
        raise Failure(f"{where} is '{text}', not a date (YYYY-MM-DD)", EXIT_USAGE) from None


def status(
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Count from this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Kind, stage, milestones in working days, overdue sources, challenges, next steps.

    Exits 1 when a milestone or a source is overdue, so a scheduled job can mail the output.
    """
    from .check import check  # noqa: PLC0415
    from .cli import EXIT_PROBLEMS, _load, emit_json  # noqa: PLC0415
    from .status import status as review_status  # noqa: PLC0415
    from .status import text_lines  # noqa: PLC0415
    from .store.kinds import problems as kind_problems  # noqa: PLC0415
    from .store.kinds import resolve  # noqa: PLC0415

    day = _today(today)
    loaded = _load(path)
    resolved = resolve(loaded.model)
    problems = loaded.problems + check(loaded.model) + kind_problems(loaded.model)
    result = review_status(loaded.model, resolved.kind, day, problems, resolved.notice)
    if as_json:
        emit_json(result.to_json())
    else:
        for problem in resolved.problems:
            typer.echo(str(problem), err=True)
        for line in text_lines(result):
            typer.echo(line)
    if result.overdue:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
