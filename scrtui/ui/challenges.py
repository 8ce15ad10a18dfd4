"""Peer challenges in the UI: which records are challenged, and an answer committed.

The marks (`?` and the form's challenge lines) follow the loaded review; a response or a
closing goes through `scr challenge respond/resolve`, which writes the file and commits, in the
commit worker.
"""

from __future__ import annotations

from .messages import ChallengeAnswered, RecordSaved


class ChallengeMarks:
    """Open or responded challenges by the record id they target."""

    def __init__(self) -> None:
        self._by_target: dict[str, list] = {}

    def on(self, record_id: str) -> list:
        return list(self._by_target.get(record_id, [])) if record_id else []

    def follow(self, loaded) -> set[str]:
        """Take the challenges of a (re)loaded review; the record ids whose marks changed."""
        from ..supervision import OPEN  # noqa: PLC0415 - off the startup path

        challenged: dict[str, list] = {}
        if loaded is not None:
            for challenge in sorted(loaded.model.challenges, key=lambda c: c.id):
                if challenge.status in OPEN:
                    challenged.setdefault(challenge.target, []).append(challenge)
        before = {k: [(c.id, c.status) for c in v] for k, v in self._by_target.items()}
        after = {k: [(c.id, c.status) for c in v] for k, v in challenged.items()}
        self._by_target = challenged
        return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def commit_answer(app, answer: ChallengeAnswered) -> RecordSaved | None:
    """In the commit worker: `scr challenge respond/resolve` writes the file and commits; the
    challenge is read again on the UI before the save is reported."""
    from .. import supervision as sv  # noqa: PLC0415
    from ..store.giterror import GitError  # noqa: PLC0415

    ident, action, text = answer.ident, answer.action, answer.text
    try:
        if action == "respond":
            _, sha = sv.respond(app.root, ident, text)
            message = f"Challenge {ident}: response written"
        else:
            _, sha = sv.resolve(app.root, ident, action == "impasse", text or None)
            message = f"Challenge {ident} " + (
                "closed at impasse" if action == "impasse" else "resolved"
            )
    except (sv.Refused, GitError) as exc:
        app.call_from_thread(app.notify, f"{ident}: {exc}", severity="error", timeout=15)
        return None
    rel = f"challenges/{ident}.md"
    app.call_from_thread(_written, app, rel)
    return RecordSaved([rel], message, sha)


async def _written(app, rel: str) -> None:
    app.session.reload(rel)
    widget = app.part_widget("challenges")
    if widget is not None and getattr(widget, "ready", False):
        await widget.rebuild()
