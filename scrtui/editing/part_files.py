"""The workspace files each part of a review edits: one file, or every record of a folder."""

from __future__ import annotations

SINGLE_FILE = {
    "overview": "review.toml",
    "purpose": "purpose.md",
    "scope": "scope.toml",
    "register": "register.toml",
}
FOLDER_OF = {
    "sources": "sources",
    "chronology": "chronology",
    "episodes": "episodes",
    "findings": "findings",
    "challenges": "challenges",
    "actions": "actions",
}
