"""The values a choice field offers: its own list, or the review's agencies or findings."""

from __future__ import annotations

from .fields import Field
from .forms import AGENCIES, FINDINGS
from .rows import findings_in_order
from .session import Session
from .structure import chronology_agencies


def options(session: Session, field: Field, current: str) -> list[tuple[str, str]]:
    """(label, value) of each choice, the current value always among them ("(none)": empty).

    `@agencies` offers the agencies of scope.toml; `@findings` the findings, in priority
    order, each with its title.
    """
    choices = list(field.choices)
    labels: dict[str, str] = {}
    if choices == [AGENCIES]:
        choices = ["", *chronology_agencies(session)]
    elif choices == [FINDINGS]:
        found = findings_in_order(session)
        choices = ["", *(ident for ident, _ in found)]
        labels = {ident: _short(f"{ident} {title}") for ident, title in found}  # one line
    if current not in choices:
        choices.insert(0, current)
    return [(labels.get(choice) or choice or "(none)", choice) for choice in choices]


def _short(text: str, width: int = 16) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
