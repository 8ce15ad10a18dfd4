"""The ctrl+p command palette: go to a part or a record, save, reload, help, import."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import nav as p


class ReviewCommands(Provider):
    """Parts, records and the app's actions, found by fuzzy search."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        found: list[tuple[str, object, str]] = [
            ("Save (commit)", app.action_save, "Write every unsaved change and commit it"),
            ("Reload from disk", app.action_reload, "Re-read files changed outside scr"),
            ("Help: keys", app.action_help, "Every key binding"),
            ("Guidance for this part", app.action_guidance, "The marker's guidance"),
            ("History of this record", app.action_record_history, "Commits of its file"),
            (
                "Build the publication draft",
                app.action_build,
                "scr build: anonymised draft, audit trail, residual-risk report",
            ),
            (
                "Import an agency chronology",
                partial(_import_chronology, app),
                "A spreadsheet into chronology/<agency>.toml: previewed, then one commit",
            ),
        ]
        for key, title in p.NAV:
            found.append((f"Go to {title}", partial(app.go_to_part, key), p.PURPOSES[key]))
        self._fixed = len(found)  # what the palette lists before anything is typed
        loaded = app.loaded
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
                        partial(app.open_record, part, rel, ident),
                        p.TITLES[part],
                    )
                )
        return found

    async def discover(self) -> Hits:
        commands = self._commands()
        for title, callback, help_text in commands[: self._fixed]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


def _import_chronology(app) -> None:
    from .import_chronology_screen import start_import  # noqa: PLC0415 - when it is chosen

    start_import(app)
