"""Loading a whole review from its folder, fast and read-only.

Reading uses tomli (compiled, about 25 times faster than tomlkit) and markdown-it's block
parser; editing goes through `store.documents`, which keeps comments and order with tomlkit.
Every file that cannot be read becomes a problem and the rest still loads.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import tomli

from .. import kinds, schema
from ..model import (
    BRIEFING_FILE,
    PLAIN_ENGLISH_FILE,
    RAPID_REVIEW_FILE,
    THEMES_FILE,
    WORKSPACE_FILES,
    KeyIndex,
    Origin,
    ReportSection,
    ReviewModel,
    Section,
    ThemeList,
)
from ..problems import Problem
from ..readability.results import PlainEnglish, Report
from .files import read_text
from .locate import locate_keys
from .markdown import Heading, sections, split_front_matter
from .workspace import leaves, not_a_review, refusal

REQUIRED_FILES = WORKSPACE_FILES
RECORD_FILES = {
    "sources": (re.compile(r"SRC-\d{3,}\.toml"), "SRC-001.toml"),
    "episodes": (re.compile(r"KPE-\d{2,}\.md"), "KPE-01.md"),
    "findings": (re.compile(r"F-\d{2,}\.md"), "F-01.md"),
    "challenges": (re.compile(r"CHL-\d{3,}\.md"), "CHL-001.md"),
    "chronology": (re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.toml"), "<agency-id>.toml"),
    "markers": (re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.toml"), "<marker-id>.toml"),
    "report": (re.compile(r"\d+-[A-Za-z0-9-]+\.md"), "NN-name.md"),
    "kinds": (re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.toml"), "<kind-id>.toml"),
    "actions": (re.compile(r"ACT-\d{3,}\.toml"), "ACT-001.toml"),
}


RECORD_FOLDERS = (
    "sources",
    "chronology",
    "episodes",
    "findings",
    "markers",
    "challenges",
    "report",
    "kinds",
    "actions",
)


class NotAReview(Exception):
    """The folder is not a review workspace (no review.toml)."""


def is_review(root: Path) -> bool:
    return (root / "review.toml").is_file()


@dataclass
class Loaded:
    """The review as far as it could be read, and every problem found while reading."""

    model: ReviewModel
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every record file read, relative paths
    # Files (or folders) that were not read on purpose: a link leaving the review, a file over
    # the size limit. Each is also among `problems`; a build is not cleared while any is here.
    refused: list[Problem] = field(default_factory=list)


def parse_toml(
    text: str, rel: str, problems: list[Problem], first_line: int = 1
) -> tuple[dict[str, Any] | None, Origin]:
    """Parse TOML text, reporting a syntax error at the parser's own line and column."""
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        message = getattr(exc, "msg", None) or str(exc)
        if line is not None:
            line += first_line - 1
        problems.append(Problem(rel, line, col, f"TOML syntax error: {message}"))
        return None, Origin(rel, first_line)
    return data, Origin(rel, first_line, KeyIndex(partial(locate_keys, text, first_line)))


def load(root: Path, only: tuple[str, ...] | None = None) -> Loaded:
    """Load every part of the review at `root`; raise NotAReview if there is no review.toml.

    `only` names the parts to read (the single files by name, "review.toml", and the record
    folders, "chronology"), for a command that needs a few of them and should not wait for the
    rest; the others stay empty, and their problems unreported.
    """
    root = Path(root)
    reason = not_a_review(root)
    if reason is not None:
        raise NotAReview(reason)
    loader = _Loader(root, only)
    loader.run()
    return loader.loaded


class _Loader:
    def __init__(self, root: Path, only: tuple[str, ...] | None = None) -> None:
        self.root = root
        self.only = only
        self.loaded = Loaded(ReviewModel(root=str(root)))
        self.problems = self.loaded.problems

    # -- reading helpers -------------------------------------------------------------------
    def _refuse(self, rel: str, message: str) -> None:
        problem = Problem(rel, None, None, message)
        self.problems.append(problem)
        self.loaded.refused.append(problem)

    def _text(self, rel: str) -> str | None:
        refused = refusal(self.root, rel)
        if refused is not None:
            self._refuse(rel, refused)
            return None
        text, problem = read_text(os.path.join(self.root, rel), rel)
        if problem is not None:
            self.problems.append(problem)
            return None
        self.loaded.files.append(rel)
        if not text or text.isspace():
            self.problems.append(Problem(rel, None, None, "file is empty"))
            return None
        return text

    def _toml(self, rel: str) -> tuple[dict[str, Any] | None, Origin]:
        text = self._text(rel)
        if text is None:
            return None, Origin(rel)
        return parse_toml(text, rel, self.problems)

    def _markdown(
        self, rel: str, front_matter_required: bool = True
    ) -> tuple[dict[str, Any], Origin, list[Section], str, Heading | None, int] | None:
        """(front-matter data, origin, sections, body, title heading) or None if unreadable."""
        text = self._text(rel)
        if text is None:
            return None
        split = split_front_matter(text)
        if split.unclosed:
            self.problems.append(Problem(rel, 1, 1, "front matter opened with +++ is never closed"))
            return None
        if split.front_matter is None:
            if front_matter_required:
                self.problems.append(
                    Problem(rel, 1, 1, "missing TOML front matter (a +++ line, then the fields)")
                )
                return None
            data: dict[str, Any] | None
            data, origin = {}, Origin(rel, 1)
        else:
            data, origin = parse_toml(split.front_matter, rel, self.problems, split.front_line)
            if data is None:
                return None
        title, found = sections(split.body, split.body_line)
        return data, origin, found, split.body, title, split.body_line

    def _records(self, folder: str) -> list[tuple[str, str]]:
        """(relative path, stem) of each record file in a folder, sorted by name."""
        path = self.root / folder
        if not path.exists():
            return []  # git does not keep empty folders: no folder means no records yet
        if not path.is_dir():
            self.problems.append(Problem(folder, None, None, "is a file, expected a folder"))
            return []
        if leaves(self.root, path):
            self._refuse(folder, refusal(self.root, folder) or "is a link outside the review")
            return []
        pattern, example = RECORD_FILES[folder]
        found = []
        with os.scandir(path) as entries:  # scandir knows folders without a stat per file
            children = sorted(entries, key=lambda entry: entry.name)
        for child in children:
            if child.name.startswith("."):
                continue
            rel = f"{folder}/{child.name}"
            if child.is_dir():
                self.problems.append(Problem(rel, None, None, "unexpected folder"))
                continue
            if not pattern.fullmatch(child.name):
                self.problems.append(
                    Problem(rel, None, None, f"unexpected file name; expected {example}")
                )
                continue
            found.append((rel, child.name.rsplit(".", 1)[0]))
        return found

    # -- the parts ---------------------------------------------------------------------------
    def run(self) -> None:
        self._singletons()
        folders = [f for f in RECORD_FOLDERS if self.only is None or f in self.only]
        records = [(folder, rel, stem) for folder in folders for rel, stem in self._records(folder)]
        for folder, rel, stem in records:
            self._record(folder, rel, stem)
        self._settle()

    def _wanted(self, rel: str) -> bool:
        return self.only is None or rel in self.only

    def _singletons(self) -> None:
        for rel in REQUIRED_FILES:
            if self._wanted(rel) and not (self.root / rel).exists():
                self.problems.append(Problem(rel, None, None, "file is missing"))
        model = self.loaded.model
        problems = self.problems

        if self._wanted("review.toml") and (self.root / "review.toml").exists():
            data, origin = self._toml("review.toml")
            if data is not None:
                model.review = schema.review(data, origin, problems)

        # The single Markdown files: front matter optional, sections, and where the prose
        # starts (for problems in it).
        for rel, attribute, read in (
            ("purpose.md", "purpose", schema.purpose),
            (RAPID_REVIEW_FILE, "rapid_review", schema.rapid_review),
            (BRIEFING_FILE, "briefing", schema.briefing),
        ):
            if not (self._wanted(rel) and (self.root / rel).exists()):
                continue
            parsed = self._markdown(rel, front_matter_required=False)
            if parsed is not None:
                data, origin, found, body, _, body_line = parsed
                record = read(data, origin, found, body, problems)
                record.body_line = body_line
                setattr(model, attribute, record)

        if self._wanted("scope.toml") and (self.root / "scope.toml").exists():
            data, origin = self._toml("scope.toml")
            if data is not None:
                model.scope = schema.scope(data, origin, problems)

        if self._wanted("register.toml") and (self.root / "register.toml").exists():
            data, origin = self._toml("register.toml")
            if data is not None:
                model.register = schema.register(data, origin, problems)

        if (self.root / THEMES_FILE).exists():  # the partnership's list of learning themes
            data, origin = self._toml(THEMES_FILE)
            if data is not None:
                model.themes = schema.themes(data, origin, problems)
        else:
            model.themes = default_themes()

    def _record(self, folder: str, rel: str, stem: str) -> None:
        model = self.loaded.model
        problems = self.problems
        if folder in ("sources", "chronology", "markers", "kinds", "actions"):
            data, origin = self._toml(rel)
            if data is None:
                return
            if folder == "sources":
                model.sources.append(schema.source(data, origin, stem, problems))
            elif folder == "chronology":
                model.chronology.extend(schema.chronology(data, origin, stem, problems))
            elif folder == "kinds":
                model.kinds.append(kinds.kind(data, origin, stem, problems))
            elif folder == "actions":
                model.actions.append(schema.action(data, origin, stem, problems))
            else:
                model.markers.append(schema.marker(data, origin, stem, problems))
            return
        parsed = self._markdown(rel, front_matter_required=folder != "report")
        if parsed is None:
            return
        data, origin, found, body, title, body_line = parsed
        if folder == "episodes":
            episode = schema.episode(data, origin, stem, found, body, problems)
            episode.body_line = body_line
            model.episodes.append(episode)
        elif folder == "findings":
            finding = schema.finding(data, origin, stem, found, body, problems)
            finding.body_line = body_line
            model.findings.append(finding)
        elif folder == "challenges":
            challenge = schema.challenge(data, origin, stem, found, problems)
            challenge.body, challenge.body_line = body, body_line
            model.challenges.append(challenge)
        else:
            if title is None:
                problems.append(Problem(rel, None, None, "a report section needs a '# Title'"))
            model.report.append(
                ReportSection(rel, title.title if title else "", body, origin, body_line)
            )

    def _settle(self) -> None:
        """Records and problems in a stable order: by part, then file, then place in the file."""
        model = self.loaded.model
        for name in RECORD_FOLDERS:  # the model's list for each folder has the folder's name
            getattr(model, name).sort(key=lambda record: _file_order(record.origin.path))
        self.problems.sort(key=lambda p: (_file_order(p.path), p.line or 0, p.col or 0))
        self.loaded.files.sort(key=_file_order)


def plain_english(root: Path) -> tuple[PlainEnglish, list[Problem]]:
    """The review's plain-english.toml (or the one scr ships, for a review without one), and
    what is wrong with it."""
    problems: list[Problem] = []
    path = Path(root) / PLAIN_ENGLISH_FILE
    if path.is_file():
        text, problem = read_text(str(path), PLAIN_ENGLISH_FILE)
        shown = PLAIN_ENGLISH_FILE
    else:
        from ..resources import template_dir  # noqa: PLC0415

        text, problem = read_text(str(template_dir() / PLAIN_ENGLISH_FILE), PLAIN_ENGLISH_FILE)
        shown = f"scr's default {PLAIN_ENGLISH_FILE} (copy it into the review to extend it)"
    if problem is not None:
        return PlainEnglish(path=shown), [problem]
    data, origin = parse_toml(text or "", PLAIN_ENGLISH_FILE, problems)
    if data is None:
        return PlainEnglish(path=shown), problems
    reader = schema.Reader(data, origin, problems)
    table = reader.table("alternatives")
    words = reader.sub("alternatives")
    alternatives = {}
    for key in table:
        value = words.text(key)
        if key.strip() and value:
            alternatives[" ".join(key.casefold().split())] = value
    known = reader.sub("acronyms").texts("known")
    return PlainEnglish(alternatives, set(known), shown), problems


def readability(root: Path, review: ReviewModel) -> tuple[Report, list[Problem]]:
    """What `scr check --readability` measures (and the Build part shows): the draft's prose
    with the review's word list and review.toml's thresholds, and any problem with the list."""
    from ..readability.measure import measure, sources  # noqa: PLC0415

    words, problems = plain_english(root)
    thresholds = review.review.readability if review.review is not None else None
    return measure(sources(review), words, thresholds), problems


def default_themes() -> ThemeList:
    """The themes scr ships (the template's learning-themes.toml), for a review without its own
    list; a problem with a theme names this list, so the partnership knows what to copy."""
    abuse, learning = _shipped_themes()
    return ThemeList(
        list(abuse),
        list(learning),
        f"scr's default {THEMES_FILE} (copy it into the review to extend it)",
    )


@lru_cache(maxsize=1)
def _shipped_themes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..resources import template_dir  # noqa: PLC0415

    data = tomli.loads((template_dir() / THEMES_FILE).read_text(encoding="utf-8"))
    return tuple(data.get("abuse", ())), tuple(data.get("learning", ()))


def _file_order(rel: str) -> tuple[int, str]:
    folder = rel.split("/", 1)[0]
    if folder in RECORD_FOLDERS:
        return (len(REQUIRED_FILES) + RECORD_FOLDERS.index(folder), rel)
    if rel in REQUIRED_FILES:
        return (REQUIRED_FILES.index(rel), rel)
    return (len(REQUIRED_FILES), rel)
