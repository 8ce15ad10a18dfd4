"""The Build part's readability panel: plain English, measured, on the saved draft's prose.

The figures are `scr check --readability`'s: `store.loader.readability` (the review's word
list, review.toml's thresholds) over `scrtui.readability`, measured in a thread worker after
each build of the session or when the panel is first shown (`p`). Flesch reading ease and
words per sentence for the whole draft and each section, then the sentences over the limit,
the acronyms not defined at first use and the jargon, each at its source file and line:
Enter opens the record there, as the problems list does.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from .handover import focus_now
from .messages import PlaceChosen

NAME_WIDTH = 30


class ReadabilityList(OptionList):
    """The figures and the places they point at; Enter opens a place."""

    BINDINGS = [
        Binding("p", "candidates", "Candidates"),
        Binding("m", "measure", "Measure again"),
        Binding("b", "app.build", "Build"),
        Binding("enter", "open", "Open the place", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(compact=True)

    @property
    def panel(self) -> ReadabilityPanel:
        return self.query_ancestor(ReadabilityPanel)

    def action_candidates(self) -> None:
        self.panel.post_message(ReadabilityPanel.Leave())

    def action_measure(self) -> None:
        self.panel.measure()

    def action_open(self) -> None:
        self.panel.open(self.highlighted)


class ReadabilityPanel(Vertical):
    """Plain-English figures of the last measure, and where each long sentence starts."""

    DEFAULT_CSS = """
    ReadabilityPanel { height: 1fr; }
    ReadabilityPanel .readability-title { height: auto; max-height: 3; padding: 0 1; }
    ReadabilityPanel ReadabilityList { height: 1fr; margin: 0 1; text-wrap: nowrap;
        text-overflow: ellipsis; }
    ReadabilityPanel .readability-detail { height: auto; max-height: 4; padding: 0 1;
        border-top: solid $primary-darken-2; }
    """

    class Leave(Message):
        """Back to the residual candidates (p)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.report = None
        self.entries: list = []  # per option: a Figures, a Place, or None (a heading)
        self.measuring = False
        self._measured = None  # the build of this session whose prose was measured

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Not measured yet: m measures the saved draft's prose.", style="dim"),
            classes="readability-title",
        )
        yield ReadabilityList()
        with VerticalScroll(classes="readability-detail"):
            yield Static("", classes="readability-text")

    # -- measuring (worker) ----------------------------------------------------------------------
    def follow(self, result, error: str | None = None) -> None:
        """The Build part shows a build: if it ran in this session, measure its prose (once)."""
        if result is None or error or result is not getattr(self.app, "last_build", None):
            return
        if result is not self._measured:
            self._measured = result
            self.measure()

    def shown(self) -> None:
        """The panel is shown (p): measured now when nothing was yet; the list has the focus."""
        if self.report is None and not self.measuring:
            self.measure()
        focus_now(self.query_one(ReadabilityList))

    def measure(self) -> None:
        """Measure the saved files again, in a thread worker."""
        self.measuring = True
        self.query_one(".readability-title", Static).update(
            Text("Measuring the saved draft's prose (scr check --readability)...", style="dim")
        )
        self._measure()

    @work(thread=True, exclusive=True, group="readability")
    def _measure(self) -> None:
        from ..store.loader import NotAReview, load, readability  # noqa: PLC0415

        root = self.app.root
        try:
            report, _problems = readability(root, load(root).model)
        except NotAReview as exc:
            self.app.call_from_thread(self.show_failure, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug in measuring must not take the session
            from .failures import internal_error  # noqa: PLC0415

            self.app.call_from_thread(
                self.show_failure, internal_error(root, "Measuring readability", exc)
            )
            return
        self.app.call_from_thread(self.show_report, report)

    def show_failure(self, message: str) -> None:
        self.measuring = False
        self.query_one(".readability-title", Static).update(
            Text(f"Not measured: {message}", style="bold red")
        )

    # -- showing -----------------------------------------------------------------------------------
    def show_report(self, report) -> None:
        self.measuring = False
        self.report = report
        t = report.thresholds
        title = Text()
        title.append("Plain English", style="bold")
        title.append(", as scr check --readability measures it\n")
        title.append(
            f"Targets (review.toml): ease {t.reading_ease_min:g}+, "
            f"{t.sentence_words_max:g} or fewer words a sentence",
            style="dim",
        )
        self.query_one(".readability-title", Static).update(title)
        listing = self.query_one(ReadabilityList)
        before = listing.highlighted
        listing.clear_options()
        self.entries = []
        self._heading(f"{'section':<{NAME_WIDTH}} {'ease':>6} {'w/sent':>6} {'long':>4}")
        self._add(self._figures_row(report, report.whole, len(report.long)), report.whole)
        for section in report.sections:
            self._add(self._figures_row(report, section, len(section.long)), section)
        self._heading(f"Sentences over {t.long_sentence_words} words ({len(report.long)})")
        for sentence in report.long:
            self._add(
                Text.assemble(
                    (f"{sentence.place}", "cyan"),
                    f" {sentence.words} words: ",
                    (sentence.text, "dim"),
                ),
                sentence,
            )
        self._heading(f"Acronyms not defined at first use ({len(report.acronyms)})")
        for acronym in report.acronyms:
            self._add(
                Text.assemble((f"{acronym.first_use}", "cyan"), f" {acronym.message}"), acronym
            )
        self._heading(f"Words with a plainer alternative ({len(report.jargon)})")
        for mark in report.jargon:
            self._add(
                Text.assemble((f"{mark.place}", "cyan"), f' "{mark.text}": try "{mark.instead}"'),
                mark,
            )
        index = before if before is not None and before < len(self.entries) else 1
        if self.entries[index] is None:
            index = 1
        listing.highlighted = index
        self._detail(index)

    def _figures_row(self, report, figures, long: int) -> Text:
        ease = ("!" if report.low_ease(figures) else " ") + f"{figures.reading_ease:.1f}"
        average = (
            "!" if report.long_average(figures) else " "
        ) + f"{figures.words_per_sentence:.1f}"
        name = figures.path or "Whole draft"
        if len(name) > NAME_WIDTH:
            name = name[: NAME_WIDTH - 1] + "…"
        row = Text(f"{name:<{NAME_WIDTH}} ", style="bold" if not figures.path else "")
        row.append(f"{ease:>6}", style="bold red" if ease.startswith("!") else "")
        row.append(f" {average:>6}", style="bold red" if average.startswith("!") else "")
        row.append(f" {long:>4}")
        return row

    def _heading(self, text: str) -> None:
        self.query_one(ReadabilityList).add_option(
            Option(Text(text, style="bold underline"), disabled=True)
        )
        self.entries.append(None)

    def _add(self, prompt: Text, entry) -> None:
        self.query_one(ReadabilityList).add_option(Option(prompt))
        self.entries.append(entry)

    def _detail(self, index: int | None) -> None:
        text = Text()
        entry = (
            self.entries[index] if index is not None and 0 <= index < len(self.entries) else None
        )
        kind = type(entry).__name__
        if kind == "Figures":
            whole = not entry.path
            passives = len(self.report.passives if whole else entry.passives)
            text.append(f"{entry.title}: ", style="bold")
            text.append(
                f"{entry.words} words in {entry.sentences} sentences; Flesch reading ease "
                f"{entry.reading_ease:.1f} and {entry.words_per_sentence:.1f} words a sentence "
                f"({self.report.library}"
                f"; ! off target); {passives} passive constructions to read again"
                + (" (scr check --readability lists them)." if whole else ".")
            )
        elif kind == "Sentence":
            text.append(f"{entry.place} ({entry.words} words, Enter opens it): ", style="bold")
            text.append(entry.text)
        elif kind == "Acronym":
            text.append(f"{entry.first_use}: {entry.message}. ", style="bold")
            text.append("Define it in brackets at its first use, or list it as known.")
        elif kind == "Mark":
            text.append(f'{entry.place}: "{entry.text}"', style="bold")
            text.append(f": try {entry.instead} (plain-english.toml)")
        self.query_one(".readability-text", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._detail(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter is the list's own "open" binding

    def open(self, index: int | None) -> None:
        """Open the record at the place of the line under the cursor."""
        if index is None or not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        kind = type(entry).__name__
        if kind == "Figures" and entry.path:
            self.post_message(PlaceChosen(entry.path, None))
        elif kind in ("Sentence", "Mark"):
            self.post_message(PlaceChosen(entry.place.path, entry.place.line))
        elif kind == "Acronym":
            self.post_message(PlaceChosen(entry.first_use.path, entry.first_use.line))


class SwitchesToReadability:
    """Mixin for the Build part: p shows this panel in place of the candidates, and back."""

    @property
    def readability(self) -> ReadabilityPanel:
        return self.query_one(ReadabilityPanel)

    def show_readability(self) -> None:
        """p: the plain-English figures (measured now when this session has none yet)."""
        self.query_one(ContentSwitcher).current = "build-readability"
        self.add_class("-plain")  # the gate's decision folds to two lines meanwhile
        self.readability.shown()

    def on_readability_panel_leave(self, message: ReadabilityPanel.Leave) -> None:
        message.stop()
        self.query_one(ContentSwitcher).current = "build-candidates"
        self.remove_class("-plain")
        focus_now(self.query_one("CandidateList"))
