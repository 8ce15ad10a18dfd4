"""What changed in a workspace file, in words a supervisor reads.

Pure functions from two texts of one file (before, after) to short phrases per record:
"priority 3 -> 1", "evidence added SRC-014", "'Why it matters' rewritten (+4 -1 sentences)".
`scr diff`, the UI's history view and every commit message use them, so a summary never
quotes prose or names: commit messages are copied into the published audit trail. Values are
quoted only when they cannot identify anyone: numbers, record ids and the model's fixed choices
(statuses, kinds, stages); everything else is "changed" or "rewritten".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import tomli

from . import model as m
from .store.markdown import sections, split_front_matter

MESSAGE_LIMIT = 100

# Values that are safe to quote because the model fixes them.
_CHOICES = frozenset(
    m.REVIEW_TYPES
    + m.STAGES
    + m.COMPLICATING_KINDS
    + m.SOURCE_KINDS
    + m.ACCESS
    + m.PRECISIONS
    + m.FACTOR_CATEGORIES
    + m.FACTOR_TYPES
    + m.ROLES
    + m.QUESTION_STATUSES
    + m.CHALLENGE_STATUSES
    + m.PARTS
    + m.ACTION_STATUSES
    + m.HARMS
    + m.AGE_BANDS
    + m.SEXES
)
_ANY_ID = re.compile(r"[A-Z]{1,4}-\d{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u2019\u201d)]?\s+(?=[\"'\u2018\u201c(\[]?[A-Z0-9])")

_LABELS = {
    "review.toml": "Review",
    "purpose.md": "Purpose",
    "scope.toml": "Scope",
    "register.toml": "Register",
}
_FOLDER_LABELS = {
    "sources": "Source",
    "episodes": "Episode",
    "findings": "Finding",
    "challenges": "Challenge",
    "actions": "Action",
}


@dataclass
class FileChange:
    """One file's change: its record label, how it changed, and the phrases that say what."""

    path: str
    label: str
    kind: str  # added, removed, modified
    phrases: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.label}: {'; '.join(self.phrases)}" if self.phrases else self.label

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "label": self.label,
            "kind": self.kind,
            "phrases": self.phrases,
            "summary": self.line(),
        }


# -- labels ------------------------------------------------------------------------------------
def record_label(rel: str, text: str | None = None) -> str:
    """The record a file holds, as a supervisor names it: "Finding F-02", "Marker Analysis"."""
    path = PurePosixPath(rel)
    if rel in _LABELS:
        return _LABELS[rel]
    folder = path.parts[0] if len(path.parts) > 1 else ""
    stem = path.stem
    if folder in _FOLDER_LABELS:
        return f"{_FOLDER_LABELS[folder]} {stem}"
    if folder == "chronology":
        return f"Chronology ({stem})"
    if folder == "markers":
        title = _toml(text).get("title") if text else None
        return f"Marker {title}" if isinstance(title, str) and title else f"Marker {stem}"
    if folder == "report":
        return f"Report section {stem}"
    return rel


# -- the summary -------------------------------------------------------------------------------
def describe(rel: str, old_text: str | None, new_text: str | None) -> FileChange:
    """The change to one file as a value (for `--json` and the UI)."""
    label = record_label(rel, new_text if new_text is not None else old_text)
    kind = "added" if old_text is None else "removed" if new_text is None else "modified"
    return FileChange(rel, label, kind, summarise_file_change(rel, old_text, new_text))


def summarise_file_change(rel: str, old_text: str | None, new_text: str | None) -> list[str]:
    """Phrases saying what changed in the file's record(s); [] when nothing did."""
    if old_text == new_text:
        return []
    if new_text is None:
        return ["removed"]
    if old_text is None:
        return [_added(rel, new_text)]
    if rel.endswith(".toml"):
        old, new = _toml_or_none(old_text), _toml_or_none(new_text)
        if old is None or new is None:
            return [_unparsed(old_text, new_text, "TOML")]
        phrases = _compare_toml(rel, old, new)
    elif rel.endswith(".md"):
        phrases = _compare_markdown(rel, old_text, new_text)
    else:
        return [_line_counts("edited", old_text, new_text)]
    return phrases or ["comments or layout changed"]


def commit_message(rel: str, old_text: str | None, new_text: str) -> str:
    """One line, under ~100 characters, for the commit that saves this file."""
    label = record_label(rel, new_text)
    phrases = [_COUNTS.sub("", p) for p in summarise_file_change(rel, old_text, new_text)]
    if not phrases:
        return f"{label}: saved"
    return fit_message(label, phrases)


def fit_message(label: str, phrases: list[str], limit: int = MESSAGE_LIMIT) -> str:
    """`label: a; b; c`, dropping trailing phrases (counted) until it fits the limit."""
    for keep in range(len(phrases), 0, -1):
        rest = len(phrases) - keep
        text = f"{label}: {'; '.join(phrases[:keep])}"
        if rest:
            text += f"; {rest} more change{'s' if rest != 1 else ''}"
        if len(text) <= limit:
            return text
    text = f"{label}: {len(phrases)} change{'s' if len(phrases) != 1 else ''}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


_COUNTS = re.compile(r" \([+-]\d+(?: -\d+)? sentences?\)")


# -- sentences ---------------------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    """Prose as sentences: one per line by convention, long lines split at sentence ends."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            found += [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]
    return found


def sentence_counts(old: str, new: str) -> tuple[int, int]:
    """(sentences added, sentences removed) between two texts."""
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, sentences(old), sentences(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def sentence_diff(old_text: str | None, new_text: str | None, rel: str = "") -> list[str]:
    """A unified diff with one sentence per line, so a changed sentence shows on its own."""

    def lines(text: str | None) -> list[str]:
        out: list[str] = []
        for line in (text or "").splitlines():
            indent = line[: len(line) - len(line.lstrip())]
            parts = _SENTENCE_END.split(line.strip()) if line.strip() else [""]
            out += [indent + part for part in parts]
        return out

    return list(
        difflib.unified_diff(
            lines(old_text),
            lines(new_text),
            fromfile=f"a/{rel}" if old_text is not None else "/dev/null",
            tofile=f"b/{rel}" if new_text is not None else "/dev/null",
            lineterm="",
            n=1,
        )
    )


def _counted(added: int, removed: int) -> str:
    parts = ([f"+{added}"] if added else []) + ([f"-{removed}"] if removed else [])
    if not parts:
        return ""
    noun = "sentence" if added + removed == 1 else "sentences"
    return f" ({' '.join(parts)} {noun})"


def _prose_phrase(name: str, old: str, new: str) -> str:
    added, removed = sentence_counts(old, new)
    if not sentences(old):
        verb = "written"
    elif not sentences(new):
        verb = "emptied"
    elif added and not removed:
        verb = "extended"
    elif removed and not added:
        verb = "shortened"
    elif not added and not removed:
        return f"{name} reformatted"
    else:
        verb = "rewritten"
    return f"{name} {verb}{_counted(added, removed)}"


def _line_counts(verb: str, old: str, new: str) -> str:
    added = removed = 0
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        added += line.startswith("+ ")
        removed += line.startswith("- ")
    return f"{verb} (+{added} -{removed} lines)"


def _unparsed(old: str, new: str, what: str) -> str:
    return _line_counts("edited", old, new) + f"; not valid {what}"


# -- TOML --------------------------------------------------------------------------------------
def _toml_or_none(text: str) -> dict[str, Any] | None:
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError:
        return None


def _toml(text: str) -> dict[str, Any]:
    return _toml_or_none(text) or {}


def _added(rel: str, text: str) -> str:
    data = _toml(text) if rel.endswith(".toml") else {}
    if rel.startswith("chronology/") and isinstance(data.get("entry"), list):
        count = len(data["entry"])
        return f"added ({count} entr{'y' if count == 1 else 'ies'})"
    if rel.startswith("challenges/"):
        front = _toml_or_none(split_front_matter(text).front_matter or "") or {}
        target = front.get("target")
        return f"raised on {target}" if isinstance(target, str) and _safe(target) else "raised"
    if rel.startswith("markers/") and isinstance(data.get("question"), list):
        count = len(data["question"])
        return f"added ({count} question{'s' if count != 1 else ''})"
    return "added"


def _compare_toml(rel: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    if rel == "register.toml":
        return _register(old, new)
    return _compare_tables(old, new, "")


def _compare_tables(old: dict[str, Any], new: dict[str, Any], prefix: str) -> list[str]:
    phrases: list[str] = []
    for key in _keys(old, new):
        name = f"{prefix}{key}".replace("_", " ")
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) or isinstance(b, dict):
            phrases += _compare_tables(_dict(a), _dict(b), f"{name}.")
        elif _is_table_list(a) or _is_table_list(b):
            phrases += _compare_table_list(name, a or [], b or [])
        elif isinstance(a, list) or isinstance(b, list):
            phrases.append(_list_phrase(name, _list(a), _list(b)))
        else:
            phrases.append(_value_phrase(name, a, b))
    return phrases


def _keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return list(old) + [k for k in new if k not in old]


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else ([] if value is None else [value])


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _safe(value: object) -> bool:
    """Whether a value can be quoted in a summary without risk of naming anyone."""
    if isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return value in _CHOICES or bool(_ANY_ID.fullmatch(value))
    return False


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _value_phrase(name: str, old: object, new: object) -> str:
    if old is None or old == "":
        if _safe(new):
            return f"{name} set to {_show(new)}"
        if isinstance(new, str) and "\n" in new.strip():
            return _prose_phrase(name, "", new)
        return f"{name} set"
    if new is None or new == "":
        return f"{name} cleared" if new == "" else f"{name} removed"
    if _safe(old) and _safe(new):
        return f"{name} {_show(old)} -> {_show(new)}"
    if isinstance(old, str) and isinstance(new, str) and len(sentences(old) + sentences(new)) > 2:
        return _prose_phrase(name, old, new)
    return f"{name} changed"


def _list_phrase(name: str, old: list[Any], new: list[Any]) -> str:
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    if all(_safe(v) for v in added + removed):
        parts = []
        if added:
            parts.append("added " + ", ".join(_show(v) for v in added))
        if removed:
            parts.append("removed " + ", ".join(_show(v) for v in removed))
        return f"{name} {', '.join(parts)}" if parts else f"{name} reordered"
    parts = []
    if added:
        parts.append(f"{len(added)} added")
    if removed:
        parts.append(f"{len(removed)} removed")
    return f"{name}: {', '.join(parts)}" if parts else f"{name} reordered"


def _compare_table_list(name: str, old: list[Any], new: list[Any]) -> list[str]:
    """Tables with ids are matched by id (entries, questions); others by position and content."""
    if all(isinstance(t, dict) and "id" in t for t in old + new):
        return _by_id(old, new)
    if len(old) == len(new):  # same number: say what changed in each, by its position
        phrases = []
        for index, (a, b) in enumerate(zip(old, new, strict=True), start=1):
            if a != b:
                inner = _compare_tables(_dict(a), _dict(b), "")
                phrases.append(
                    f"{name} {index} {', '.join(inner)}" if inner else f"{name} {index} changed"
                )
        return phrases or [f"{_plural(name)} reordered"]
    return [_by_content(_plural(name), old, new)]


def _by_id(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = {str(t["id"]): t for t in old}
    after = {str(t["id"]): t for t in new}
    phrases: list[str] = []
    for ident in _keys(before, after):
        shown = ident if _safe(ident) or re.fullmatch(r"Q\d+|[a-z0-9-]+", ident) else "an entry"
        if ident not in after:
            phrases.append(f"{shown} removed")
        elif ident not in before:
            phrases.append(f"{shown} added")
        elif before[ident] != after[ident]:
            inner = _compare_tables(before[ident], after[ident], "")
            # "Q3 not started -> met" reads better than "Q3 status not started -> met"
            status = [p for p in inner if p.startswith("status ") and " -> " in p]
            inner = [p.removeprefix("status ") for p in status] + [
                p for p in inner if p not in status
            ]
            if inner:
                phrases.append(f"{shown} {', '.join(inner)}")
    if [str(t["id"]) for t in old if str(t["id"]) in after] != [
        str(t["id"]) for t in new if str(t["id"]) in before
    ] and not phrases:
        phrases.append("reordered")
    return phrases


def _by_content(name: str, old: list[Any], new: list[Any]) -> str:
    matcher = difflib.SequenceMatcher(
        None, [repr(t) for t in old], [repr(t) for t in new], autojunk=False
    )
    changed = added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            paired = min(i2 - i1, j2 - j1)
            changed += paired
            removed += (i2 - i1) - paired
            added += (j2 - j1) - paired
        elif tag == "delete":
            removed += i2 - i1
        elif tag == "insert":
            added += j2 - j1
    parts = [
        f"{n} {verb}"
        for n, verb in ((changed, "changed"), (added, "added"), (removed, "removed"))
        if n
    ]
    return f"{name}: {', '.join(parts)}" if parts else f"{name} reordered"


def _plural(name: str) -> str:
    irregular = {"entry": "entries", "communication": "communications"}
    if name in irregular:
        return irregular[name]
    return name if name.endswith("s") else f"{name}s"


def _register(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Counts only: the register holds real names, and summaries reach the audit trail."""

    def entries(data: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for kind in ("person", "place", "organisation", "term", "surname"):
            found += [{"kind": kind, **t} for t in _list(data.get(kind)) if isinstance(t, dict)]
        return found

    def by_key(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        keyed: dict[str, dict[str, Any]] = {}
        for item in items:
            key = str(item.get("id") or (item["kind"], item.get("name")))
            while key in keyed:  # the same name twice: keep both
                key += "+"
            keyed[key] = item
        return keyed

    phrases = []
    before, after = by_key(entries(old)), by_key(entries(new))
    changed = sum(1 for k in before if k in after and before[k] != after[k])
    added = sum(1 for k in after if k not in before)
    removed = sum(1 for k in before if k not in after)
    counts = [
        f"{n} {verb}"
        for n, verb in ((changed, "changed"), (added, "added"), (removed, "removed"))
        if n
    ]
    if counts:
        first, *rest = counts
        number, verb = first.split(" ", 1)
        noun = "entry" if number == "1" else "entries"
        phrases.append(", ".join([f"{number} {noun} {verb}", *rest]))
    allowed_before = _list(old.get("allow"))
    allowed_after = _list(new.get("allow"))
    if allowed_before != allowed_after:
        phrases.append(_by_content("allowances", allowed_before, allowed_after))
    other_old = {k: v for k, v in old.items() if k not in _REGISTER_KEYS}
    other_new = {k: v for k, v in new.items() if k not in _REGISTER_KEYS}
    if other_old != other_new:
        phrases.append("other settings changed")
    return phrases


_REGISTER_KEYS = ("person", "place", "organisation", "term", "surname", "allow")


# -- Markdown ----------------------------------------------------------------------------------
def _compare_markdown(rel: str, old_text: str, new_text: str) -> list[str]:
    old_split, new_split = split_front_matter(old_text), split_front_matter(new_text)
    if old_split.unclosed or new_split.unclosed:
        return [_unparsed(old_text, new_text, "front matter")]
    phrases: list[str] = []
    old_front = _toml_or_none(old_split.front_matter or "")
    new_front = _toml_or_none(new_split.front_matter or "")
    if old_front is None or new_front is None:
        phrases.append(
            _unparsed(
                old_split.front_matter or "", new_split.front_matter or "", "TOML front matter"
            )
        )
    else:
        front = _compare_tables(old_front, new_front, "")
        if rel.startswith("challenges/") and any(p.startswith("status ") for p in front):
            # who closed it and when follow from the status change; the name is not quoted
            front = [p for p in front if not p.startswith(("resolved by ", "resolved "))]
        phrases += front
    phrases += _compare_body(old_split.body, new_split.body)
    return phrases


def _body_parts(body: str) -> tuple[str | None, str, dict[str, str]]:
    """(level-1 title, text before the first ## section, each ## section's text)."""
    title, found = sections(body)
    lines = body.split("\n")
    first = found[0].line - 1 if found else len(lines)
    opening = [line for line in lines[:first] if not line.startswith("# ")]
    parts: dict[str, str] = {}
    for section in found:
        parts.setdefault(section.title, section.text)
    return (title.title if title else None), "\n".join(opening), parts


def _compare_body(old: str, new: str) -> list[str]:
    old_title, old_opening, old_parts = _body_parts(old)
    new_title, new_opening, new_parts = _body_parts(new)
    phrases: list[str] = []
    if old_title != new_title:
        phrases.append("heading changed")
    if old_opening.strip() != new_opening.strip():
        phrases.append(_prose_phrase("opening text", old_opening, new_opening))
    for name in _keys(old_parts, new_parts):
        a, b = old_parts.get(name), new_parts.get(name)
        shown = f"'{name}'"
        if a is None:
            phrases.append(f"section {shown} added")
        elif b is None:
            phrases.append(f"section {shown} removed")
        elif a != b:
            phrases.append(_prose_phrase(shown, a, b))
    if not phrases and list(old_parts) != list(new_parts):
        phrases.append("sections reordered")
    return phrases
