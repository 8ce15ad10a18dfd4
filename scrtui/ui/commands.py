"""The ctrl+p command palette: go to a part or a record, save, reload, help, import.

Each entry names an action of the app ("save", "go_to_part('register')"), which the app runs
as it runs a key's (`App.run_action`): the palette holds no method of the app.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import nav as p

# The app's own actions, listed before anything is typed: (title, action, help).
ACTIONS: list[tuple[str, str, str]] = [
    ("Save (commit)", "save", "Write every unsaved change and commit it"),
    ("Reload from disk", "reload", "Re-read files changed outside scr"),
    ("Help: keys", "help", "Every key binding"),
    ("Guidance for this part", "guidance", "The marker's guidance"),
    ("History of this record", "record_history", "Commits of its file"),
    (
        "Build the publication draft",
        "build",
        "scr build: anonymised draft, audit trail, residual-risk report",
    ),
    (
        "Import an agency chronology",
        "import_chronology",
        "A spreadsheet into chronology/<agency>.toml: previewed, then one commit",
    ),
    *((f"Go to {title}", f"go_to_part({key!r})", p.PURPOSES[key]) for key, title in p.NAV),
]


def open_action(part: str, rel: str, ident: str) -> str:
    """The action that opens a record in its part (its file and id written as literals)."""
    return f"open_record({part!r}, {rel!r}, {ident!r})"


class ReviewCommands(Provider):
    """Parts, records and the app's actions, found by fuzzy search."""

    def _commands(self) -> list[tuple[str, str, str]]:
        found = list(ACTIONS)
        loaded = self.app.loaded
        if loaded is not None:
            model = loaded.model
            records = [
                *(("sources", s.origin.path, s.id, s.title) for s in model.sources),
                *(("chronology", e.origin.path, e.id, e.what[:60]) for e in model.chronology),
                *(("episodes", e.origin.path, e.id, e.title) for e in model.episodes),
                *(("findings", x.origin.path, x.id, x.title) for x in model.findings),
                *(("challenges", c.origin.path, c.id, f"on {c.target}") for c in model.challenges),
                *(("actions", a.origin.path, a.id, a.action[:60]) for a in model.actions),
            ]
            for part, rel, ident, title in records:
                found.append(
                    (
                        f"Open {ident} {title}",
                        open_action(part, rel, ident),
                        p.TITLES[part],
                    )
                )
        return found

    async def _run(self, action: str) -> None:
        """The chosen entry: the app runs its action, as a key would."""
        await self.app.run_action(action)

    async def discover(self) -> Hits:
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )
