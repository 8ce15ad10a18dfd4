"""The supervisor's commands: `scr diff`, `scr challenge ...`, `scr signoff`, `scr sync`.

Registered on the `scr` app by cli.py. Data goes to stdout, problems to stderr; refusals become
cli_common.Failure (one line and an exit code). The work itself is in `scrtui.supervision`, imported
only when a command runs, so `scr check` never pays for git.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import EXIT_PROBLEMS, Failure, emit_json

PathOption = Annotated[
    Path, typer.Option("--path", "-C", help="The review folder (default: the current folder).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn supervision.Refused into the CLI's Failure (supervision is imported late: git)."""
    from .supervision import Refused  # noqa: PLC0415

    try:
        yield
    except Refused as exc:
        raise Failure(str(exc), exc.code) from exc


def _text(value: str) -> str:
    """`--text -` reads the text from stdin, for long challenges and responses."""
    return sys.stdin.read() if value == "-" else value


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _commit(sha: str | None) -> str:
    return f"commit {sha[:8]}" if sha else "nothing to commit"


# -- scr diff ----------------------------------------------------------------------------------
def diff(
    rev: Annotated[
        str | None,
        typer.Argument(
            help="Compare from this revision (default: the last sign-off, else the first commit).",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Argument(help="Compare up to this revision (default: HEAD).", show_default=False),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Also show the sentence-level diff.")
    ] = False,
    path: PathOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """What changed since a revision, record by record, in words a supervisor reads."""
    from . import supervision  # noqa: PLC0415

    with _refusals():
        report = supervision.diff(path, rev, to, full=full)
    if as_json:
        emit_json(report.to_json())
        return
    if not report.changes:
        typer.echo(report.header().removesuffix(":") + ": no changes.")
        return
    typer.echo(report.header())
    for change in report.changes:
        typer.echo(f"  {change.line()}")
    typer.echo(f"{_plural(len(report.changes), 'file')} changed.")
    if full:
        for change in report.changes:
            typer.echo("")
            for line in report.full.get(change.path, []):
                typer.echo(line)


# -- scr challenge -----------------------------------------------------------------------------
challenge_app = typer.Typer(
    help="Peer challenges: raise, respond, resolve and list (files under challenges/).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@challenge_app.command("add")
def challenge_add(
    target: Annotated[str, typer.Argument(help="The record challenged: F-02, KPE-01, CH-0012 ...")],
    text: Annotated[str, typer.Option("--text", "-t", help="The challenge ('-' reads stdin).")],
    path: PathOption = Path("."),
) -> None:
    """Raise a challenge against a record, and commit it."""
    from . import supervision  # noqa: PLC0415

    with _refusals():
        ident, sha = supervision.add_challenge(path, target, _text(text))
    typer.echo(f"Raised {ident} on {supervision.id_label(target.strip())} ({_commit(sha)}).")
    typer.echo("Share it with: scr sync")


@challenge_app.command("respond")
def challenge_respond(
    challenge_id: Annotated[str, typer.Argument(metavar="CHALLENGE", help="CHL-001 ...")],
    text: Annotated[str, typer.Option("--text", "-t", help="The response ('-' reads stdin).")],
    path: PathOption = Path("."),
) -> None:
    """Respond to a challenge (a further response is added below the first), and commit."""
    from . import supervision  # noqa: PLC0415

    with _refusals():
        ident, sha = supervision.respond(path, challenge_id, _text(text))
    typer.echo(f"Responded to {ident} ({_commit(sha)}).")


@challenge_app.command("resolve")
def challenge_resolve(
    challenge_id: Annotated[str, typer.Argument(metavar="CHALLENGE", help="CHL-001 ...")],
    impasse: Annotated[
        bool,
        typer.Option(
            "--impasse", help="Close it as an impasse: reviewer and supervisor still disagree."
        ),
    ] = False,
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help="How it was resolved (optional; '-' reads stdin)."),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """Close a challenge as resolved (or at impasse), and commit."""
    from . import supervision  # noqa: PLC0415

    with _refusals():
        ident, sha = supervision.resolve(path, challenge_id, impasse, _text(text) if text else None)
    verb = "Closed at impasse" if impasse else "Resolved"
    typer.echo(f"{verb}: {ident} ({_commit(sha)}).")


@challenge_app.command("list")
def challenge_list(
    open_only: Annotated[
        bool, typer.Option("--open", help="Only challenges still open (open or responded).")
    ] = False,
    path: PathOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """List the challenges: id, status, target, who raised it, when, and its first sentence."""
    from . import supervision  # noqa: PLC0415

    with _refusals():
        found = supervision.challenges(path, open_only)
    if as_json:
        data = [
            {
                "id": c.id,
                "target": c.target,
                "status": c.status,
                "raised_by": c.raised_by,
                "raised": c.raised.isoformat() if c.raised else None,
                "resolved_by": c.resolved_by,
                "resolved": c.resolved.isoformat() if c.resolved else None,
                "challenge": c.sections["Challenge"].text if "Challenge" in c.sections else "",
                "response": c.sections["Response"].text if "Response" in c.sections else "",
                "path": c.origin.path,
            }
            for c in found
        ]
        emit_json(data)
        return
    if not found:
        typer.echo("No open challenges." if open_only else "No challenges.")
        return
    width = max(60, shutil.get_terminal_size((80, 24)).columns - 1)
    for c in found:
        first = (
            c.sections["Challenge"].text.splitlines()[0]
            if "Challenge" in c.sections and c.sections["Challenge"].text
            else ""
        )
        raised = c.raised.isoformat() if c.raised else "?"
        line = f"{c.id}  {c.status:<9}  {c.target:<8}  {raised}  {c.raised_by}: {first}"
        typer.echo(line if len(line) <= width else line[: width - 3] + "...")
    still = sum(1 for c in found if c.status not in supervision.CLOSED)
    typer.echo(f"{_plural(len(found), 'challenge')}, {still} open.")


# -- scr signoff -------------------------------------------------------------------------------
def signoff(
    message: Annotated[
        str | None,
        typer.Option("--message", "-m", help="What the sign-off covers (goes into the tag)."),
    ] = None,
    with_open: Annotated[
        bool,
        typer.Option(
            "--with-open", help="Sign off although challenges are open; they are recorded."
        ),
    ] = False,
    path: PathOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Sign off the current commit: an annotated tag signoff/<n> with your git identity."""
    from . import supervision  # noqa: PLC0415

    with _refusals():
        signed = supervision.signoff(path, message, with_open)
    if as_json:
        emit_json(signed.to_json())
        return
    typer.echo(f"Signed off {signed.sha[:8]} as {signed.name} ({signed.by}).")
    typer.echo(f"Resolved since the last sign-off: {', '.join(signed.resolved) or 'none'}.")
    if signed.open:
        typer.echo(f"Signed off with open challenges: {', '.join(signed.open)}.")
    typer.echo("Share it with: scr sync")


# -- scr sync ----------------------------------------------------------------------------------
def sync(
    remote: Annotated[
        str | None,
        typer.Option(
            "--remote", help="The git remote (default: the branch's upstream, else origin)."
        ),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """Fetch, replay your commits on top of the remote's, push, and push sign-off tags."""
    from . import supervision  # noqa: PLC0415

    progress = _Progress()
    try:
        with _refusals():
            result = supervision.sync(path, remote, progress=progress.callback())
    finally:
        progress.clear()
    where = f"{result.remote}/{result.branch}"
    if result.conflicts:
        for rel in result.conflicts:
            typer.echo(f"{rel}: changed both here and on {where}", err=True)
        kept = _plural(result.ahead, "local commit")
        raise Failure(
            f"sync stopped: {_plural(len(result.conflicts), 'file')} changed on both sides "
            f"({', '.join(result.conflicts)}); nothing was changed and your {kept} "
            f"{'is' if result.ahead == 1 else 'are'} kept unpushed; agree the text, then "
            "reconcile with git pull --rebase and run scr sync again",
            EXIT_PROBLEMS,
        )
    parts = [
        f"received {_plural(result.pulled, 'commit')}",
        f"sent {_plural(result.pushed, 'commit')}",
    ]
    if result.received_tags:
        parts.append(f"received {', '.join(result.received_tags)}")
    if result.tags:
        parts.append(f"sent {', '.join(result.tags)}")
    typer.echo(f"Synced with {where}: {', '.join(parts)}.")


class _Progress:
    """In a terminal, each step of a sync and git's progress on one line that updates; in a
    script or a log, nothing (the result and any failure are printed as always)."""

    def __init__(self) -> None:
        self.width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        self.shown = False

    def callback(self) -> Callable[[str], None] | None:
        return self.show if sys.stderr.isatty() else None

    def show(self, text: str) -> None:
        sys.stderr.write("\r" + text[: self.width].ljust(self.width))
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.shown = False


def register(app: typer.Typer) -> None:
    """Add diff, challenge, signoff and sync to the `scr` app."""
    app.command("diff")(diff)
    app.add_typer(challenge_app, name="challenge")
    app.command("signoff")(signoff)
    app.command("sync")(sync)
