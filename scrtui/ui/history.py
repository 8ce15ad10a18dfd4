"""The History part: every commit (who, when, what) and the diff of the one under the cursor.

Git runs in thread workers; the list and the diff arrive by `call_from_thread`.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id of the empty tree
DIFF_LINES = 3000


def diff_text(diff: str) -> Text:
    """A unified diff with added lines green and removed lines red."""
    text = Text()
    lines = diff.splitlines()
    for line in lines[:DIFF_LINES]:
        if line.startswith(("+++", "---", "diff --git", "index ")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        else:
            style = ""
        text.append(line + "\n", style=style)
    if len(lines) > DIFF_LINES:
        text.append(f"... {len(lines) - DIFF_LINES} more lines (see git show)\n", style="dim")
    if not lines:
        text.append("No changes to show.", style="dim")
    return text


class CommitList(OptionList):
    """Commits, newest first."""

    BINDINGS = [Binding("enter", "select", "Show diff"), Binding("r", "reload", "Reload")]

    def __init__(self) -> None:
        super().__init__(compact=True)

    def action_reload(self) -> None:
        self.query_ancestor(HistoryView).reload()


class HistoryView(Vertical):
    """Commits of the review (or of one file) and the diff of the highlighted commit."""

    DEFAULT_CSS = """
    HistoryView { height: 1fr; }
    HistoryView CommitList {
        height: 40%; border-bottom: solid $primary-darken-2;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    HistoryView .diff { height: 1fr; }
    HistoryView .diff Static { width: auto; }
    Screen.-very-wide HistoryView { layout: horizontal; }
    Screen.-very-wide HistoryView CommitList { height: 1fr; width: 45%; border-bottom: none;
        border-right: vkey $primary-darken-2; }
    """

    def __init__(self, path: str | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.path = path
        self.commits: list = []

    def compose(self) -> ComposeResult:
        yield CommitList()
        with VerticalScroll(classes="diff"):
            yield Static(Text("Loading history...", style="dim"), classes="diff-text")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load_commits(self.app.root)

    @work(thread=True, exclusive=True, group="history")
    def _load_commits(self, root) -> None:
        from ..store.giterror import GitError  # noqa: PLC0415
        from ..store.gitrepo import Repository  # noqa: PLC0415 - git in the worker

        try:
            commits = Repository(root).history(self.path)
            error = None
        except GitError as exc:
            commits, error = [], str(exc)
        self.app.call_from_thread(self._show_commits, commits, error)

    def _show_commits(self, commits: list, error: str | None) -> None:
        self.commits = commits
        listing = self.query_one(CommitList)
        listing.clear_options()
        if error:
            self._set_diff(Text(error, style="red"))
            return
        if not commits:
            self._set_diff(Text("No commits yet.", style="dim"))
            return
        options = []
        for commit in commits:
            when = commit.when.astimezone().strftime("%Y-%m-%d %H:%M")
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(when, style="cyan")
            line.append(f" {commit.author} ", style="bold")
            line.append(commit.subject)
            options.append(Option(line))
        listing.add_options(options)
        listing.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index < len(self.commits):
            commit = self.commits[event.option_index]
            self._set_diff(Text(f"Loading {commit.short}...", style="dim"))
            self._load_diff(self.app.root, commit)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(".diff", VerticalScroll).focus()

    @work(thread=True, exclusive=True, group="diff")
    def _load_diff(self, root, commit) -> None:
        from ..store.giterror import GitError  # noqa: PLC0415
        from ..store.gitrepo import Repository  # noqa: PLC0415

        paths = [self.path] if self.path else None
        try:
            repo = Repository(root)
            try:
                diff = repo.diff(f"{commit.sha}^", commit.sha, paths)
            except GitError:  # the first commit has no parent
                diff = repo.diff(EMPTY_TREE, commit.sha, paths)
        except GitError as exc:
            diff = f"error: {exc}"
        header = (
            f"commit {commit.sha}\nAuthor: {commit.author} <{commit.email}>\n"
            f"Date:   {commit.when.astimezone():%Y-%m-%d %H:%M %z}\n\n"
            + "\n".join(f"    {line}" for line in commit.message.splitlines())
            + "\n\n"
        )
        self.app.call_from_thread(self._show_diff, commit.sha, header, diff)

    def _show_diff(self, sha: str, header: str, diff: str) -> None:
        listing = self.query_one(CommitList)
        index = listing.highlighted
        if index is None or index >= len(self.commits) or self.commits[index].sha != sha:
            return  # the cursor moved on; a newer worker will show its diff
        text = Text(header, style="bold")
        text.append_text(diff_text(diff))
        self._set_diff(text)

    def _set_diff(self, text: Text) -> None:
        self.query_one(".diff-text", Static).update(text)


def since_text(report, error: str | None = None) -> Text:
    """What changed since the last sign-off, one line per record, as `scr diff` says it."""
    text = Text()
    if error:
        text.append(f"Changes since the last sign-off: {error}", style="dim")
        return text
    base = report.base
    if report.base_signoff is not None:
        signed = report.base_signoff
        base += f" ({signed.by}, {signed.when:%Y-%m-%d})"
    else:
        base += " (no sign-off yet)"
    count = len(report.changes)
    text.append(f"Changes since {base}: ", style="bold")
    commits = f"{report.commits} commit{'s' if report.commits != 1 else ''}"
    if not count:
        text.append(f"none ({commits}).", style="dim")
        return text
    text.append(f"{count} record{'s' if count != 1 else ''}, {commits}")
    for change in report.changes:
        text.append("\n  " + change.line())
    return text


class SinceSignoff(VerticalScroll, can_focus=True):
    """`scr diff` since the last sign-off (else the first commit), at the top of History."""

    DEFAULT_CSS = """
    SinceSignoff { height: auto; max-height: 6; padding: 0 1;
        border-bottom: solid $primary-darken-2; }
    Screen.-taller SinceSignoff { max-height: 10; }
    SinceSignoff Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Changes since the last sign-off: reading...", style="dim"), classes="since-text"
        )

    def reload(self) -> None:
        self._load(self.app.root)

    @work(thread=True, exclusive=True, group="since")
    def _load(self, root) -> None:
        from ..store.giterror import GitError  # noqa: PLC0415
        from ..supervision import Refused, diff  # noqa: PLC0415

        try:
            text = since_text(diff(root))
        except (Refused, GitError) as exc:
            text = since_text(None, str(exc))
        self.app.call_from_thread(self.query_one(".since-text", Static).update, text)


class HistoryPart(Vertical):
    """The History part of the navigation: changes since the last sign-off, then every commit."""

    DEFAULT_CSS = """
    HistoryPart { height: 1fr; }
    HistoryPart .part-title { height: 1; text-style: bold; background: $boost; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="part-history", classes="part")
        self.part = "history"
        self.selected = None

    def compose(self) -> ComposeResult:
        yield Static("History: every save is a commit", classes="part-title")
        yield SinceSignoff()
        yield HistoryView()

    def reload(self) -> None:
        self.query_one(SinceSignoff).reload()
        self.query_one(HistoryView).reload()

    async def rebuild(self, select: str | None = None) -> None:
        self.reload()

    def refresh_labels(self, rels: set[str] | None = None) -> None:
        pass

    def refs(self) -> list:
        return []
