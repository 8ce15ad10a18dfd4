"""A residual candidate: something in a finished text that may identify the family, and the
kinds there are, in the order they claim overlapping text."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrtui.model import Allowance

KINDS = (
    "hidden_character",
    "lookalike",
    "email",
    "nhs_number",
    "ni_number",
    "phone",
    "postcode",
    "date_of_birth",
    "date",
    "age",
    "address",
    "long_number",
    "vehicle",
    "handle",
    "institution",
    "near_miss",
    "name",
)


@dataclass(frozen=True)
class ResidualCandidate:
    """Something in a finished text that may identify the family."""

    kind: str
    text: str
    line: int  # 1-based
    col: int  # 1-based, in characters
    offset: int  # 0-based character offset of the start
    context: str  # the words around it (confidential)
    source: str = ""  # which file or record the text came from
    detail: str = ""  # why, where it helps: "near 'Jayden' (P-01)", "checksum fails"
    allowed_by: Allowance | None = field(default=None, hash=False)

    @property
    def is_allowed(self) -> bool:
        return self.allowed_by is not None

    @property
    def end(self) -> int:
        return self.offset + len(self.text)
