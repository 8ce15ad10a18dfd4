"""The Build part: the last build's decision, and each residual candidate to resolve in place.

The build runs in a thread worker (`ScrApp._build`); its result arrives as `DraftBuilt` and is
shown here. Before any build in the session, the last one saved (`build/confidential/
last-build.json`, by `scr build` or an earlier session) is shown, marked with its time and
commit. Candidates quote the reviewer's own words, so the part is marked CONFIDENTIAL.
Allowing a candidate or adding it to the register edits register.toml here; the app writes
and commits it at once (`CandidateResolved`).
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from ..editing.name_span import candidate_span
from ..editing.register import allow
from .messages import CandidateChosen, CandidateResolved
from .readability_panel import ReadabilityPanel, SwitchesToReadability
from .registering import RegistersNames

TITLE = "Build: CONFIDENTIAL: quotes real words; a, r write the register"


def _shown(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def ordered(candidates: list) -> list:
    """Candidates still to resolve first, then those the register allows; each in file order."""
    return sorted(
        candidates, key=lambda c: (c.allowed is not None, c.source, c.line or 0, c.col or 0)
    )


def result_text(result, root: Path, error: str | None = None) -> Text:
    """The gate's decision, its reasons, the counts and where the files went."""
    from ..publish.gate import BLOCKED, CLEARED  # noqa: PLC0415

    text = Text()
    if error:
        text.append(f"Build failed: {error}", style="bold red")
        return text
    if result is None:
        text.append(
            "Not built in this session. Press b (or F8) to build the draft from the saved files.",
            style="dim",
        )
        return text
    to_resolve = sum(1 for c in result.candidates if c.allowed is None)
    allowed = len(result.candidates) - to_resolve
    saved_at = getattr(result, "built_at", None)
    if saved_at:  # saved by an earlier build, not run in this session
        commit = f", commit {result.commit[:7]}" if result.commit else ""
        text.append(f"Last build {saved_at}{commit} (b builds again):\n", style="dim")
    if getattr(result, "reused", False):
        text.append(
            "Nothing changed since the last build: its files were read back, scanned again "
            "and kept.\n",
            style="dim",
        )
    if result.status == CLEARED:
        text.append("CLEARED", style="bold green")
        text.append(
            " for publication: no registered identifier survives; every candidate is allowed."
        )
    elif result.status == BLOCKED:
        text.append("BLOCKED", style="bold red")
        text.append(": " + "; ".join(result.reasons) + ".")
    else:
        text.append("NOT CLEARED FOR PUBLICATION", style="bold yellow")
        text.append(": " + "; ".join(result.reasons) + ".")
    text.append(
        f"\n{to_resolve} candidate{'s' if to_resolve != 1 else ''} to resolve, "
        f"{allowed} allowed; {result.problems} problem"
        f"{'s' if result.problems != 1 else ''} (scr check)."
    )
    if result.publication:
        folder = _shown(result.publication[0].parent, root)
        names = ", ".join(path.name for path in result.publication)
        text.append(f"\nFiles: {folder}/ ({names})", style="dim")
    else:
        text.append("\nNo publication files were kept.", style="dim")
    if result.residual_report is not None:
        text.append(f"\nConfidential report: {_shown(result.residual_report, root)}", style="dim")
    return text


def candidate_prompt(candidate) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    if candidate.allowed is None:
        line.append("? ", style="bold yellow")
    else:
        line.append("  ", style="dim")
    line.append(f"{candidate.kind:<9}", style="cyan")
    line.append(f"{candidate.text}  ", style="bold" if candidate.allowed is None else "dim")
    line.append(candidate.where, style="dim")
    line.append(f"  {' '.join(candidate.context.split())}", style="dim")
    return line


def candidate_detail(candidate) -> Text:
    text = Text()
    text.append(f"{candidate.kind} ", style="cyan")
    text.append(candidate.text, style="bold")
    text.append(f" at {candidate.where}\n")
    text.append("  " + " ".join(candidate.context.split()) + "\n", style="italic")
    if candidate.note:
        text.append(f"  {candidate.note}\n", style="dim")
    if candidate.allowed is not None:
        text.append(f"Allowed: {candidate.allowed}", style="green")
    else:
        text.append(
            "a allow it (with a reason), r add it to the register, Enter open it", style="yellow"
        )
    return text


class CandidateList(RegistersNames, OptionList):
    """Residual candidates of the last build; keys here resolve them."""

    BINDINGS = [
        Binding("b", "app.build", "Build"),
        Binding("a", "allow", "Allow"),
        Binding("r", "register", "Add to register"),
        Binding("p", "plain_english", "Readability"),
        Binding("enter", "open", "Open the place", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(compact=True)

    @property
    def part(self) -> BuildPart:
        return self.query_ancestor(BuildPart)

    def action_plain_english(self) -> None:
        """The readability panel in place of the candidates (measured first if need be)."""
        self.part.show_readability()

    def action_allow(self) -> None:
        """Ask why the candidate may stay, then write `[[allow]]` (committed at once)."""
        candidate = self.part.candidate
        if candidate is None or candidate.allowed is not None:
            return
        from .dialogs import PromptScreen  # noqa: PLC0415

        self.app.push_screen(
            PromptScreen(
                f"Why may '{candidate.text}' stay in the publication? The reason goes "
                "into register.toml (confidential) for the board to read."
            ),
            lambda reason: reason is not None and self._allow(candidate, reason),
        )

    def action_register(self) -> None:
        """Add the candidate to the register: its whole name (editable), what it is, its
        label, a person's role."""
        candidate = self.part.candidate
        if candidate is None:
            return
        from .dialogs import PromptScreen  # noqa: PLC0415

        self.app.push_screen(
            PromptScreen(
                "The name to add to the register (confidential), as written in the "
                "records; edit it if it is more or less than the name",
                candidate_span(self.app.root, candidate),
            ),
            lambda name: name and self._ask_kind(name),
        )

    def action_open(self) -> None:
        candidate = self.part.candidate
        if candidate is None:
            return
        if not candidate.source:
            self.notify("This is in scr's own words, not in a file of the review.")
            return
        self.post_message(CandidateChosen(candidate))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        candidate = self.part.candidate if self.is_mounted else None
        if action == "allow":
            return candidate is not None and candidate.allowed is None
        if action in ("register", "open"):
            return candidate is not None
        return True

    # -- writing the register (the rest is RegistersNames') -----------------------------
    def _allow(self, candidate, reason: str) -> None:
        document = self._register()
        if document is None:
            return
        try:
            message = allow(document, candidate.text, reason)
        except ValueError as exc:
            self.notify(f"Not allowed: {exc}.", severity="warning")
            return
        self.post_message(CandidateResolved(document, message))


class BuildPart(SwitchesToReadability, Vertical):
    """The Build part of the navigation."""

    DEFAULT_CSS = """
    BuildPart { height: 1fr; }
    BuildPart .part-title { height: 1; text-style: bold; padding: 0 1;
        background: $error-darken-2; color: $text; }
    BuildPart .build-result { height: auto; max-height: 6; padding: 0 1; }
    BuildPart .candidates-title { height: 1; padding: 0 1; text-style: bold; }
    BuildPart ContentSwitcher, BuildPart #build-candidates { height: 1fr; }
    BuildPart.-plain .build-result { max-height: 2; }
    BuildPart CandidateList { height: 1fr; margin: 0 1; text-wrap: nowrap;
        text-overflow: ellipsis; }
    BuildPart .candidate { height: auto; max-height: 5; padding: 0 1;
        border-top: solid $primary-darken-2; }
    """

    def __init__(self) -> None:
        super().__init__(id="part-build", classes="part")
        self.part = "build"
        self.selected = None
        self.candidates: list = []

    def compose(self) -> ComposeResult:
        yield Static(TITLE, classes="part-title")
        yield Static("", classes="build-result")
        with ContentSwitcher(initial="build-candidates"):
            with Vertical(id="build-candidates"):
                yield Static("Residual candidates", classes="candidates-title")
                yield CandidateList()
                with VerticalScroll(classes="candidate"):
                    yield Static("", classes="candidate-text")
            yield ReadabilityPanel(id="build-readability")

    @property
    def candidate(self):
        index = self.query_one(CandidateList).highlighted
        if index is None or not 0 <= index < len(self.candidates):
            return None
        return self.candidates[index]

    async def rebuild(self, select: str | None = None) -> None:
        result = getattr(self.app, "last_build", None)
        error = getattr(self.app, "last_build_error", None)
        if result is None and error is None:  # nothing built in this session: the last one saved
            from ..publish.confidential import read_build_record  # noqa: PLC0415

            result = read_build_record(self.app.root / "build")
        self.show_result(result, error)

    def refresh_labels(self, rels: set[str] | None = None) -> None:
        pass

    def refs(self) -> list:
        return []

    def show_building(self) -> None:
        self.query_one(".build-result", Static).update(
            Text("Building the publication draft from the saved files...", style="dim")
        )

    def show_result(self, result, error: str | None = None) -> None:
        root = self.app.root
        self.readability.follow(result, error)
        self.query_one(".build-result", Static).update(result_text(result, root, error))
        listing = self.query_one(CandidateList)
        before = self.candidate
        listing.clear_options()
        self.candidates = ordered(result.candidates) if result is not None and not error else []
        to_resolve = sum(1 for c in self.candidates if c.allowed is None)
        self.query_one(".candidates-title", Static).update(
            f"Residual candidates: {len(self.candidates)} ({to_resolve} to resolve)"
            "   (p: readability)"
        )
        if not self.candidates:
            self._detail(Text("No residual candidates." if result is not None else "", style="dim"))
            self.app.refresh_bindings()
            return
        listing.add_options([Option(candidate_prompt(c)) for c in self.candidates])
        index = 0
        if before is not None:
            index = next(
                (
                    i
                    for i, c in enumerate(self.candidates)
                    if (c.text, c.source, c.line, c.col)
                    == (before.text, before.source, before.line, before.col)
                ),
                0,
            )
        listing.highlighted = index
        self._detail(candidate_detail(self.candidates[index]))
        self.app.refresh_bindings()

    def _detail(self, text: Text) -> None:
        self.query_one(".candidate-text", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.candidates):
            self._detail(candidate_detail(self.candidates[event.option_index]))
        self.app.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter is the list's own "open" binding
