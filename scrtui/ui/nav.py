"""The parts of the left navigation: their titles, purposes and checklists, and which part
edits a workspace file (the files of each part are the editing layer's, in part_files).

Kept free of heavy imports: the first frame of `scr open` needs only these names.
"""

from __future__ import annotations

from ..editing.part_files import FOLDER_OF, SINGLE_FILE

NAV = (
    ("overview", "Overview"),
    ("purpose", "Purpose"),
    ("scope", "Scope"),
    ("sources", "Sources"),
    ("chronology", "Chronology"),
    ("episodes", "Episodes"),
    ("findings", "Findings"),
    ("register", "Register"),
    ("challenges", "Challenges"),
    ("build", "Build"),
    ("actions", "Actions"),
    ("history", "History"),
)
TITLES = dict(NAV)

# Which marker `parts` each navigation part shows the checklist of.
MARKER_PARTS = {
    "overview": ("review", "report"),
    "purpose": ("purpose",),
    "scope": ("scope",),
    "sources": ("sources",),
    "chronology": ("chronology",),
    "episodes": ("episodes",),
    "findings": ("findings",),
    "register": ("register",),
    "challenges": ("challenges",),
    "build": (),
    "actions": (),  # its checklist is the plan's own (actions_part.py)
    "history": (),
}

# What each part is for, in one line: shown under the part's title.
PURPOSES = {
    "overview": "Progress per marker, the problems scr check finds, and the review's details.",
    "purpose": "Clarity of purpose: the statement, complicating factors, who was told.",
    "scope": "Form and focus: terms of reference, period, lines of enquiry, agencies.",
    "sources": "Assembling information: one record per source of information.",
    "chronology": "Assembling information: each agency's entries, merged by date.",
    "episodes": "Analysis: key practice episodes, appraisal and contributory factors.",
    "findings": "Analysis and the report: findings, in priority order.",
    "register": "CONFIDENTIAL: real names and their publication labels.",
    "challenges": "Peer challenge: what the supervisor asked and how you answered.",
    "build": "The publication draft: the gate's decision and each residual candidate.",
    "actions": "Improvement plan: responses to findings, and actions.",
    "history": "Every save is a commit: who, when, what changed.",
}


def part_of_path(rel: str) -> str | None:
    """The navigation part that edits a workspace file (None for files no part edits)."""
    if rel == "review.toml":
        return "overview"
    for part, single in SINGLE_FILE.items():
        if rel == single:
            return part
    folder = rel.split("/", 1)[0]
    for part, name in FOLDER_OF.items():
        if folder == name and "/" in rel:
            return part
    return None
