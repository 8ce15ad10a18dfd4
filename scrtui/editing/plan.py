"""The improvement plan as the open documents hold it, unsaved edits included.

Each action file open in the session is read through the schema, as the loader reads it from
disk, so the Actions part's list and checklist follow the form while it is typed in (the
loaded model has only what was saved); an action file not open keeps the loaded model's.
"""

from __future__ import annotations

from dataclasses import replace

from .. import model as m
from .. import schema
from .session import Document, Session


def action_of(document: Document) -> m.Action:
    """The action an open actions/ACT-*.toml holds now (its problems are `scr check`'s)."""
    data = document.doc.unwrap() if hasattr(document, "doc") else {}
    stem = document.rel.rsplit("/", 1)[-1].removesuffix(".toml")
    return schema.action(data, m.Origin(document.rel, 1), stem, [])


def live_review(session: Session, review: m.ReviewModel) -> m.ReviewModel:
    """The loaded review with its actions as the session has them (new ones included)."""
    saved = {a.origin.path: a for a in review.actions}
    actions = []
    for rel in session.folder("actions"):
        document = session.documents.get(rel)
        if document is not None:
            actions.append(action_of(document))
        elif rel in saved:
            actions.append(saved[rel])
    return replace(review, actions=actions)
