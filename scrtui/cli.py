"""The `scr` command. The only module that exits the process.

Problems go to stderr as `path:line:col: message`, data to stdout. Every expected failure is a
one-line message and an exit code: 0 fine, 1 problems or refused, 2 usage or not a review.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__, actions_cli, chronology_cli, export_cli, status_cli, supervision_cli
from .cli_common import (
    EXIT_INTERRUPTED,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Failure,
    emit_json,
    json_printed,
    load_review,
)
from .store.workspace import GITIGNORE

if TYPE_CHECKING:
    from .model import ReviewModel
    from .problems import Problem
    from .readability.results import Report

app = typer.Typer(
    name="scr",
    help="A terminal workbench for Serious Case Reviews of child safeguarding.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_COPY_IGNORE = shutil.ignore_patterns(".git", "build", "__pycache__", "*.pyc")


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scr {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """A terminal workbench for Serious Case Reviews of child safeguarding."""


def _create_review(
    path: Path, source: Path, title: str | None, message: str, kind: str | None = None
) -> str | None:
    """Copy a workspace, start its git repository and commit it; the commit's sha."""
    from .store import gitrepo  # noqa: PLC0415 - git only for commands that need it

    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise Failure(f"{path}: exists and is not empty; choose a new folder", EXIT_USAGE)
    gitrepo.identity()  # fail before writing anything if git does not know who commits
    created = not path.exists()
    try:
        shutil.copytree(source, path, ignore=_COPY_IGNORE, dirs_exist_ok=True)
        (path / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        if title is not None:
            from .store.documents import set_review_title  # noqa: PLC0415

            set_review_title(path, title)
        if kind is not None:
            from .model import BRIEFING_FILE, RAPID_REVIEW_FILE  # noqa: PLC0415
            from .store.documents import set_review_kind  # noqa: PLC0415
            from .store.kinds import shipped_kinds  # noqa: PLC0415

            set_review_kind(path, kind)
            chosen = next((k for k in shipped_kinds() if k.id == kind), None)
            if chosen is not None and "rapid-review" not in chosen.outputs:
                (path / RAPID_REVIEW_FILE).unlink(missing_ok=True)  # a kind with no rapid review
            if chosen is not None and "briefing" not in chosen.outputs:
                (path / BRIEFING_FILE).unlink(missing_ok=True)  # a kind with no briefing
        repo = gitrepo.Repository.init(path)
        return repo.commit(message)
    except BaseException:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        raise


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Folder for the new review (new or empty).")],
    title: Annotated[str | None, typer.Option("--title", help="The review's title.")] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Start from the shipped fictional example review.")
    ] = False,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="The kind of review (kinds/*.toml); default: lcspr."),
    ] = None,
) -> None:
    """Create a new review workspace with its git repository and first commit."""
    from .resources import example_dir, template_dir  # noqa: PLC0415
    from .store.kinds import shipped_kinds  # noqa: PLC0415

    known = {k.id: k for k in shipped_kinds()}
    if kind is not None and kind not in known:
        raise Failure(
            f"unknown review kind '{kind}'; known: {', '.join(sorted(known))}", EXIT_USAGE
        )
    source = example_dir() if example else template_dir()
    shown = title or ("the example review" if example else f"a new {known[kind or 'lcspr'].name}")
    sha = _create_review(path, source, title, f"Start review: {shown}", kind)
    typer.echo(f"Created {path} (commit {sha[:8] if sha else 'none'}).")
    typer.echo(f"Next: scr check {path}")


@app.command()
def demo(
    path: Annotated[
        Path | None, typer.Argument(help="Where to copy the example (default: a new temp folder).")
    ] = None,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Only copy the example and say where; no UI.")
    ] = False,
    no_mouse: Annotated[
        bool, typer.Option("--no-mouse", help="Do not capture the mouse (keyboard only).")
    ] = False,
) -> None:
    """Copy the shipped fictional example review and open it in the UI."""
    from .resources import example_dir  # noqa: PLC0415
    from .store import gitrepo  # noqa: PLC0415
    from .store.giterror import GitError  # noqa: PLC0415

    target = path or Path(tempfile.mkdtemp(prefix="scr-demo-")) / "example-review"
    try:
        _create_review(target, example_dir(), None, "Start review: the example review")
    except GitError as exc:
        if gitrepo.IDENTITY_HELP not in str(exc):
            raise
        # A demo should work on a machine where git has no identity yet: copy, but commit nothing.
        shutil.copytree(example_dir(), target, ignore=_COPY_IGNORE, dirs_exist_ok=True)
        (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        gitrepo.Repository.init(target)
        _err(f"note: {exc}; nothing was committed")
    typer.echo(f"The example review is at {target}")
    typer.echo(f"Try: scr check {target}")
    if not no_open:
        _open_ui(target, mouse=not no_mouse)


def _require_review(path: Path) -> None:
    """Fail with exit 2 before any UI starts when PATH is not a review (as `load_review` would).

    Asks the small `store.workspace` rather than the loader: the UI loads the review in a
    worker after its first frame, and the loader's imports would delay that frame.
    """
    from .store.workspace import not_a_review  # noqa: PLC0415

    reason = not_a_review(path)
    if reason is not None:
        raise Failure(reason, EXIT_USAGE)


def _open_ui(path: Path, mouse: bool) -> None:
    from .ui.app import run  # noqa: PLC0415 - only the UI commands load Textual

    run(path, mouse=mouse)


@app.command("open")
def open_review(
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    no_mouse: Annotated[
        bool, typer.Option("--no-mouse", help="Do not capture the mouse (keyboard only).")
    ] = False,
) -> None:
    """Edit the review in the terminal UI; every save is a git commit."""
    _require_review(path)
    _open_ui(path, mouse=not no_mouse)


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    readability: Annotated[
        bool,
        typer.Option(
            "--readability",
            help="Also measure the prose: reading ease, sentence "
            "length, long sentences, passives, acronyms, jargon (information only).",
        ),
    ] = False,
) -> None:
    """Validate every file, resolve every reference, report checklist progress.

    With --readability, also the plain-English figures of the draft and of each section, with
    the source lines of long sentences, passives, undefined acronyms and jargon. The figures
    never change the exit code: only problems do.
    """
    from .check import check as check_review  # noqa: PLC0415
    from .check import progress  # noqa: PLC0415
    from .store.kinds import problems as kind_problems  # noqa: PLC0415

    try:
        loaded = load_review(path)
    except Failure as exc:
        if as_json:  # the same shape as a checked review's report, with the reason
            emit_json(
                {
                    "review": str(path),
                    "error": str(exc),
                    "exit": exc.code,
                    "files": 0,
                    "problems": [],
                    "progress": [],
                }
            )
        raise
    problems = loaded.problems + check_review(loaded.model) + kind_problems(loaded.model)
    markers = progress(loaded.model)
    measured: Report | None = None
    if readability:
        measured, word_problems = _readability(path, loaded.model)
        problems += word_problems
    if as_json:
        data = {
            "review": str(path),
            "files": len(loaded.files),
            "problems": [p.to_json() for p in problems],
            "progress": [p.to_json() for p in markers],
        }
        if measured is not None:
            data["readability"] = measured.to_json()
        emit_json(data)
    else:
        for problem in problems:
            _err(str(problem))
        typer.echo("Checklist progress:")
        width = max((len(p.title) for p in markers), default=0)
        for marker in markers:
            typer.echo(f"  {marker.title:<{width}}  {marker.summary()}")
        count = len(problems)
        typer.echo(f"{count} problem{'s' if count != 1 else ''} in {len(loaded.files)} files.")
        if measured is not None:
            from .readability.report import text_lines  # noqa: PLC0415

            typer.echo("")
            for line in text_lines(measured):
                typer.echo(line)
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


def _readability(path: Path, model: ReviewModel) -> tuple[Report, list[Problem]]:
    """The plain-English figures of the review, and any problem with its word list."""
    from .store.loader import readability  # noqa: PLC0415

    return readability(path, model)


@app.command()
def build(
    path: Annotated[Path, typer.Argument(help="The review folder.")] = Path("."),
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: build/ in the review).")
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help="Formats to write, separated by commas: md,html,docx "
            "(the default) and pdf (pip install 'scrtui[pdf]').",
        ),
    ] = "md,html,docx",
    target: Annotated[
        str,
        typer.Option(
            "--target", help="What to build: draft (the report), rapid-review or briefing."
        ),
    ] = "draft",
) -> None:
    """Build the anonymised publication draft, its audit trail and the residual-risk report.

    `--target rapid-review` builds the rapid review document instead, anonymised and gated
    the same way, into build/publication/rapid-review.*; `--target briefing` the short
    learning briefing for practitioners, into build/publication/briefing.*, only once cleared.
    """
    from .publish import build as build_review  # noqa: PLC0415
    from .publish.options import BuildError, parse_formats, parse_target  # noqa: PLC0415
    from .publish.summary import problem_lines, summary_lines  # noqa: PLC0415

    try:
        result = build_review(path, out, parse_formats(formats), target=parse_target(target))
    except BuildError as exc:
        raise Failure(str(exc), exc.code) from exc
    for line in problem_lines(result):
        _err(line)
    for link in result.dropped_links:
        _err(
            f"{link.where}: {link.kind} to '{link.target}' is not published (only https, "
            "http, mailto and #anchor links are kept); it stays as text"
        )
    for line in summary_lines(result, path):
        typer.echo(line)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


for _register in (
    supervision_cli.register,
    status_cli.register,
    chronology_cli.register,
    actions_cli.register,
    export_cli.register,
):
    _register(app)


def _wants_json(args: list[str]) -> bool:
    return "--json" in (args[: args.index("--")] if "--" in args else args)


def _exit(message: str, code: int, wants_json: bool, shown: bool = False) -> None:
    """The one line on stderr (unless already `shown`), and, when --json was asked for, the
    same as a JSON object."""
    if not shown:
        _err(f"scr: {message}")
    if wants_json and not json_printed():
        emit_json({"error": message or "failed", "exit": code})
    sys.exit(code)


def main() -> None:
    """Entry point: expected failures become one line on stderr and an exit code; with
    --json, also a JSON object on stdout (`{"error": ..., "exit": ...}`), whatever happened."""
    from .store.giterror import GitError  # noqa: PLC0415

    wants_json = _wants_json(sys.argv[1:])
    try:
        app()  # standalone: usage errors exit 2 with click's message
    except Failure as exc:
        _exit(str(exc), exc.code, wants_json)
    except GitError as exc:
        _exit(str(exc), EXIT_PROBLEMS, wants_json)
    except KeyboardInterrupt:
        _exit("interrupted", EXIT_INTERRUPTED, wants_json)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _exit(f"{where}{exc.strerror or exc}", EXIT_PROBLEMS, wants_json)
    except SystemExit as exc:  # click's usage errors and typer.Exit
        code = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)
        if code == EXIT_INTERRUPTED:  # typer turns Ctrl+C into exit 130, silently
            _exit("interrupted", code, wants_json)
        if code and wants_json and not json_printed():
            emit_json({"error": "usage error" if code == EXIT_USAGE else "failed", "exit": code})
        raise
