"""`scr import chronology` and `scr chronology`: agencies' spreadsheets in, one chronology out.

Registered on the `scr` app by cli.py. Rows and cells that were rejected or warned about go to
stderr as `FILE:SHEET!ROW:COL: message` (`FILE:ROW:COL:` for a CSV file); the summary goes to
stdout. Exit codes: 0 imported, 1 some rows rejected (the rest imported), 2 the file could not
be used at all (nothing written).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import EXIT_PROBLEMS, EXIT_USAGE, Failure, load_review, parse_today

if TYPE_CHECKING:
    from datetime import date

import_app = typer.Typer(
    name="import",
    help="Bring material into the review.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@import_app.command("chronology")
def import_chronology(
    file: Annotated[
        Path,
        typer.Argument(
            help="The agency's spreadsheet: .xlsx, .xlsm, .ods or .csv.", show_default=False
        ),
    ],
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    agency: Annotated[
        str, typer.Option("--agency", help="The agency's id (scope.toml).", show_default=False)
    ] = "",
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", help="The sheet to read (default: the one that looks like a chronology)."
        ),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="COLUMN=FIELD: a column (header or letter) and what it holds: date, "
            "time, what, who, role, outcome, record, significance or ignore. "
            "Repeat for several.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; say what would happen.")
    ] = False,
) -> None:
    """Import an agency's chronology into chronology/<agency>.toml, in one commit.

    The columns are recognised from their headers (or --map); the mapping is saved for the
    agency's next import. Re-importing the same or a newer file adds only new or changed rows.
    """
    from .chronology.import_summary import said_lines, summary_lines  # noqa: PLC0415
    from .chronology.importer import NotInScope, apply_import, plan_import  # noqa: PLC0415
    from .chronology.mapping import MappingError  # noqa: PLC0415
    from .chronology.reading import Unusable  # noqa: PLC0415

    if not agency:
        raise Failure("say which agency the chronology is from with --agency ID", EXIT_USAGE)
    today = parse_today()
    loaded = load_review(path)
    try:
        plan = plan_import(
            path, loaded.model, file, agency, sheet=sheet, overrides=maps or (), today=today
        )
    except (Unusable, NotInScope, MappingError) as exc:
        raise Failure(str(exc), EXIT_USAGE) from None
    for line in said_lines(plan):
        typer.echo(line, err=True)
    for line in summary_lines(plan, dry_run):
        typer.echo(line)
    if dry_run:
        typer.echo("Dry run: nothing was written.")
    elif plan.files:
        sha = apply_import(path, plan)
        short = sha[:8] if sha else "none"
        typer.echo(f"Committed {short}: {plan.message()}")
    if plan.rejected:
        raise typer.Exit(EXIT_PROBLEMS)


def chronology(
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    start: Annotated[
        str | None, typer.Option("--from", help="From this date (2024-06-01, 2024-06, 2024).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="To this date.")] = None,
    agencies: Annotated[
        list[str] | None, typer.Option("--agency", help="Only this agency (repeat for several).")
    ] = None,
    episode: Annotated[
        str | None,
        typer.Option("--episode", help="Only the period and entries of this key practice episode."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="text (default), csv, xlsx or svg.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write to this file (needed for xlsx; default: the screen)."),
    ] = None,
    gap_days: Annotated[
        int, typer.Option("--gap", help="A gap is longer than this many days without contact.")
    ] = 28,
    width: Annotated[int, typer.Option("--width", help="Text width in columns.")] = 80,
) -> None:
    """The integrated chronology: every agency's entries in one date order, with gaps, who
    knew what when, the key practice episodes and the incident."""
    from .chronology import integrated, integrated_tables, integrated_text  # noqa: PLC0415
    from .chronology.dates import DateError, parse_bound  # noqa: PLC0415
    from .store.loader import NotAReview, load  # noqa: PLC0415

    formats = ("text", "csv", "xlsx", "svg")
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in formats else "text"
    if fmt not in formats:
        raise Failure(f"--format '{fmt}': use one of {', '.join(formats)}", EXIT_USAGE)
    if fmt == "xlsx" and out is None:
        raise Failure("--format xlsx writes a file: say where with --out FILE.xlsx", EXIT_USAGE)
    if gap_days < 1:
        raise Failure("--gap should be 1 day or more", EXIT_USAGE)
    bounds: list[date | None] = []
    for option, text, closing in (("--from", start, False), ("--to", end, True)):
        if text is None:
            bounds.append(None)
            continue
        try:
            bounds.append(parse_bound(text, end=closing))
        except DateError as exc:
            raise Failure(f"{option}: {exc}", EXIT_USAGE) from None
    try:
        loaded = load(path, only=integrated.PARTS)
    except NotAReview as exc:
        raise Failure(str(exc), EXIT_USAGE) from None
    try:
        view = integrated.build(
            loaded.model,
            start=bounds[0],
            end=bounds[1],
            agencies=agencies or [],
            episode=episode,
            gap_days=gap_days,
        )
    except integrated.Unknown as exc:
        raise Failure(str(exc), EXIT_USAGE) from None
    if fmt == "text":
        data: str | bytes = "\n".join(integrated_text.text_lines(view, width=max(60, width))) + "\n"
    elif fmt == "csv":
        data = integrated_tables.to_csv(view)
    elif fmt == "xlsx":
        data = integrated_tables.to_xlsx(view)
    else:
        from .chronology.timeline_svg import render  # noqa: PLC0415

        data = render(view)
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    from .store.files import atomic_write  # noqa: PLC0415

    if isinstance(data, bytes):
        _write_bytes(out, data)
    else:
        atomic_write(out, data)
    typer.echo(f"Wrote {out} ({len(view.entries)} entries).", err=True)


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def register(app: typer.Typer) -> None:
    """Add `import chronology` and `chronology` to the `scr` app."""
    app.add_typer(import_app, name="import")
    app.command("chronology")(chronology)
