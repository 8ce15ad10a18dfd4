"""What the peer challenge has recorded, read only: the sign-off tags and the challenges' states.

The build's audit trail publishes it (`peer_challenge_record`) without importing the git
workflow that writes it (`scrtui.supervision`: challenges, sign-off, sync); the format of a
sign-off tag's message is here, beside the code that reads it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import model as m
from .store import gitrepo
from .store.giterror import GitError

OPEN = ("open", "responded")  # still waiting on someone
CLOSED = ("resolved", "impasse")
SIGNOFF = "signoff/"
SIGNOFF_NAME = re.compile(r"signoff/(\d+)")
CHALLENGE_ID = re.compile(r"CHL-\d+")
RESOLVED_LINE = "Resolved since"
OPEN_LINE = "Signed off with open challenges:"


def id_label(record_id: str) -> str:
    """A record id as a supervisor names it: "Finding F-02", "Episode KPE-02"."""
    names = {
        "source": "Source",
        "chronology": "Chronology entry",
        "episode": "Episode",
        "finding": "Finding",
        "challenge": "Challenge",
        "line_of_enquiry": "Line of enquiry",
        "person": "Register entry",
        "place": "Register entry",
        "organisation": "Register entry",
        "term": "Register entry",
    }
    for kind, pattern in m.ID_PATTERNS.items():
        if pattern.fullmatch(record_id):
            return f"{names[kind]} {record_id}"
    return record_id


# == sign-off tags =============================================================================
@dataclass
class SignOff:
    """A supervisor's sign-off: the annotated tag `signoff/<n>` on the reviewed commit."""

    number: int
    name: str
    sha: str
    by: str
    email: str
    when: datetime  # UTC
    message: str
    resolved: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "number": self.number,
            "commit": self.sha,
            "by": self.by,
            "when": self.when.isoformat(),
            "resolved": self.resolved,
            "open": self.open,
            "message": self.message,
        }


def _ids_on(message: str, start: str) -> list[str]:
    for line in message.splitlines():
        if line.startswith(start):
            return CHALLENGE_ID.findall(line)
    return []


def signoffs(repo: gitrepo.Repository) -> list[SignOff]:
    """Every sign-off in the repository, oldest (lowest number) first."""
    found = []
    for tag in repo.tags(SIGNOFF):
        match = SIGNOFF_NAME.fullmatch(tag.name)
        if match:
            found.append(
                SignOff(
                    int(match.group(1)),
                    tag.name,
                    tag.sha,
                    tag.tagger,
                    tag.email,
                    tag.when,
                    tag.message,
                    _ids_on(tag.message, RESOLVED_LINE),
                    _ids_on(tag.message, OPEN_LINE),
                )
            )
    return sorted(found, key=lambda s: s.number)


def read_signoffs(root: Path) -> list[SignOff]:
    """The sign-offs of the review at `root` ([] when it is not a git repository)."""
    try:
        return signoffs(gitrepo.Repository(Path(root)))
    except GitError:
        return []


# == for the build's audit trail ==============================================================
def peer_challenge_record(review: m.ReviewModel, signed: list[SignOff]) -> dict[str, Any]:
    """The peer challenges and sign-offs as plain data for the audit trail. Pure.

    Challenges with their text, response, resolution and status; sign-offs with who, when
    (UTC, ISO 8601) and which commit. Emails are left out: the audit trail is published.
    """
    items = []
    for challenge in sorted(review.challenges, key=lambda c: c.id):
        sections = challenge.sections
        items.append(
            {
                "id": challenge.id,
                "target": challenge.target,
                "target_label": id_label(challenge.target),
                "raised_by": challenge.raised_by,
                "raised": challenge.raised.isoformat() if challenge.raised else None,
                "status": challenge.status,
                "challenge": sections["Challenge"].text if "Challenge" in sections else "",
                "response": sections["Response"].text if "Response" in sections else "",
                "resolution": sections["Resolution"].text if "Resolution" in sections else "",
                "resolved_by": challenge.resolved_by,
                "resolved": challenge.resolved.isoformat() if challenge.resolved else None,
            }
        )
    return {
        "challenges": items,
        "open": [c["id"] for c in items if c["status"] not in CLOSED],
        "signoffs": [
            {
                "name": s.name,
                "number": s.number,
                "commit": s.sha,
                "by": s.by,
                "when": s.when.isoformat(),
                "resolved": list(s.resolved),
                "open": list(s.open),
            }
            for s in sorted(signed, key=lambda s: s.number)
        ],
    }
