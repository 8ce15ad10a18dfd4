"""`scr status`: the review's clock and what is late, for a person or a scheduled job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import EXIT_PROBLEMS, emit_json, load_review, parse_today


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
    from .status import status as review_status  # noqa: PLC0415
    from .status import text_lines  # noqa: PLC0415
    from .store.kinds import problems as kind_problems  # noqa: PLC0415
    from .store.kinds import resolve  # noqa: PLC0415

    day = parse_today(today)
    loaded = load_review(path)
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
