"""`scr actions`: the partners' responses and improvement actions, and what is overdue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import EXIT_PROBLEMS, emit_json, load_review, parse_today


def actions(
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only the overdue actions; exit 1 if there are any.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Count from this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """The partners' response to each finding and the improvement actions (actions/*.toml).

    An action is overdue when it is planned or in progress after its due date, counted from
    today (or --today, or SCR_TODAY). With --overdue, exits 1 when any action is overdue, so
    a scheduled job can mail the list.
    """
    from .actions import action_problems, plan, text_lines  # noqa: PLC0415

    day = parse_today(today)
    loaded = load_review(path)
    result = plan(loaded.model, day)
    mine = action_problems(loaded.problems)
    if as_json:
        data = result.to_json(only_overdue=overdue)
        data["problems"] = [p.to_json() for p in mine]
        emit_json(data)
    else:
        for problem in mine:  # an action scr could not read is not in the list: say so
            typer.echo(str(problem), err=True)
        for line in text_lines(result, only_overdue=overdue):
            typer.echo(line)
    if overdue and result.overdue:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("actions")(actions)
