"""`scr export learning`: the published learning of one review (JSON) or several (JSON Lines)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import EXIT_PROBLEMS, EXIT_USAGE, Failure

export_app = typer.Typer(
    help="Export a review's learning for others to use.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@export_app.command("learning")
def learning(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Review folders (default: this folder).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """The findings and metadata of the review as JSON, validated against the shipped schema
    (scrtui/data/learning.schema.json); several reviews give one JSON Lines file, a line each.

    Each review's draft must be cleared for publication (the build's gate is run); every text
    is anonymised. A review that is not cleared refuses the whole export (exit 1): nothing is
    written.
    """
    from .learning import dumps, export_all  # noqa: PLC0415
    from .store.workspace import not_a_review  # noqa: PLC0415

    roots = list(paths or [Path(".")])
    for root in roots:
        reason = not_a_review(root)
        if reason is not None:
            raise Failure(reason, EXIT_USAGE)
    if out is not None and out.exists() and out.is_dir():
        raise Failure(f"{out}: is a folder; give a file name", EXIT_USAGE)
    results = export_all(roots)
    records = [record for _root, record, _reasons in results if record is not None]
    refused = [(root, reasons) for root, record, reasons in results if record is None]
    if refused:
        for root, reasons in refused:
            for reason in reasons:
                typer.echo(f"{root}: {reason}", err=True)
        count = len(refused)
        raise Failure(
            f"not exported: {count} review{'s' if count != 1 else ''} not cleared "
            "for publication (above); nothing was written",
            EXIT_PROBLEMS,
        )
    lines = len(roots) > 1
    text = "".join(dumps(record, lines) for record in records)
    if out is None:
        typer.echo(text, nl=False)
        return
    from .store.files import atomic_write  # noqa: PLC0415

    atomic_write(out, text)
    what = f"{len(records)} reviews as JSON Lines" if lines else "the review as JSON"
    typer.echo(f"Exported {what} to {out}.", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
