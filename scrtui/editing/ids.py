"""Ids for new records: every id in use, also in documents opened or added but not saved."""

from __future__ import annotations

from typing import NamedTuple

from .. import model as m
from . import fields as f
from .refs import base_table, items_of
from .session import Session


class Ranked(NamedTuple):
    """A finding's priority, which is all `store.records` asks of a finding."""

    priority: int | None


class IdsInUse:
    """Every id the loaded model knows plus those only in open (maybe unsaved) documents.

    `store.records` asks a model for `known_ids()` and `findings`; this stands in for one so
    that two records added before a save never get the same id.
    """

    def __init__(self, model: m.ReviewModel | None, session: Session) -> None:
        self._model = model
        self._session = session

    def known_ids(self) -> dict[str, object]:
        ids: dict[str, object] = dict(self._model.known_ids()) if self._model else {}
        for rel, document in self._session.documents.items():
            ids.setdefault(rel.rsplit("/", 1)[-1].split(".")[0], rel)
            table = base_table(document)
            if table is None:
                continue
            for name in ("entry", "line_of_enquiry", "person", "place", "organisation", "term"):
                for item in items_of(table, name):
                    ident = f.get(item, "id")
                    if isinstance(ident, str):
                        ids.setdefault(ident, rel)
        return ids

    @property
    def findings(self) -> list[Ranked]:
        priorities: dict[str, int | None] = {}
        if self._model is not None:
            priorities = {x.id: x.priority for x in self._model.findings}
        for rel, document in self._session.documents.items():
            if rel.startswith("findings/"):
                front = base_table(document)
                value = f.get(front, "priority") if front is not None else None
                priorities[rel] = value if isinstance(value, int) else None
        return [Ranked(p) for p in priorities.values()]
