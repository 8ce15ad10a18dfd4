"""The national learning export: one review's published learning as a JSON object.

The fields are those the NSPCC national case review repository and the NHS Safeguarding Case
Review Tracker record (kind of review, partnership or "anonymous", year, the child's age band
and sex, type of harm, abuse and vulnerability themes 1-3, learning themes, publication date
and link, how the learning was spread), the agencies involved and each finding with its
summary, contributory-factor categories, priority, questions for the board (its
recommendations) and themes, and its anchor in the report.

`export` is the gate as well as the record: the review's draft must be cleared by the real
build (into a temporary folder); every text goes through the review's anonymiser; the texts
that are not in the draft (how the learning was spread, the link, the themes) go through the
residual detector; every text of the record is searched again for registered identifiers;
the record must validate against the schema shipped in the package. Anything short of that is
a `Refused` with the reasons, and nothing is written.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from . import model as m

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

FORMAT = "scr-learning/1"
SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "learning.schema.json"
_REFERENCE = re.compile(r"\s*\[[A-Z]{1,4}-\d{2,}\]")
_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]+(.*)$")


class Refused(Exception):
    """The review's learning cannot be exported: its reasons, one line each."""

    def __init__(self, review: str, reasons: list[str]) -> None:
        super().__init__(f"{review}: " + "; ".join(reasons))
        self.review = review
        self.reasons = reasons


@dataclass
class Export:
    record: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(record: dict[str, Any]) -> list[str]:
    """Each way the record breaks the schema, as `$.path: message` (none: it is valid)."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message}" for e in errors]


# -- what the record says, before anonymisation ----------------------------------------------
def prose(text: str) -> str:
    """A text of the review as one line: references to records taken out (the record links to
    the report instead), whitespace collapsed."""
    return " ".join(_REFERENCE.sub("", text).split())


def list_items(text: str) -> list[str]:
    """The items of a Markdown list (a finding's questions for the board), each on one line."""
    items: list[str] = []
    for line in text.split("\n"):
        match = _ITEM.match(line)
        if match:
            items.append(match.group(1))
        elif line.strip() and items:
            items[-1] += " " + line.strip()  # a continuation line of the item
    return [prose(item) for item in items if prose(item)]


def _factor_categories(review: m.ReviewModel, finding: m.Finding) -> list[str]:
    episodes = {e.id: e for e in review.episodes}
    found = {
        factor.category
        for ref in finding.evidence
        if ref in episodes
        for factor in episodes[ref].factors
    }
    return [c for c in m.FACTOR_CATEGORIES if c in found]


def _section(finding: m.Finding, title: str) -> str:
    section = finding.sections.get(title)
    return section.text if section is not None else ""


def raw_record(
    review: m.ReviewModel, commit: str | None = None, dirty: bool | None = None
) -> dict[str, Any]:
    """The record with the review's own words, not yet anonymised (never written)."""
    from . import kinds  # noqa: PLC0415
    from .publish.refs import anchor, number  # noqa: PLC0415

    info = review.review
    learning = info.learning if info is not None else m.Learning()
    kind = kinds.of(review)
    published = info.dates.get("published") if info is not None else None
    link = learning.link.strip() or None
    findings = []
    for finding in review.findings_by_priority():
        where = f"#{anchor(finding.id)}"
        findings.append(
            {
                "id": finding.id,
                "number": number(finding.id),
                "title": prose(finding.title),
                "summary": prose(_section(finding, "Finding")),
                "priority": finding.priority,
                "themes": list(dict.fromkeys(finding.themes)),
                "contributory_factors": _factor_categories(review, finding),
                "questions": list_items(_section(finding, "Questions for the board")),
                "anchor": where,
                "link": f"{link.split('#', 1)[0]}{where}" if link else None,
            }
        )
    agencies = review.scope.agencies if review.scope is not None else []
    return {
        "format": FORMAT,
        "title": prose(info.title) if info is not None else "",
        "kind": None
        if kind is None
        else {"id": kind.id, "name": kind.name, "short_name": kind.short_name},
        "type": (info.type or None) if info is not None else None,
        "partnership": "anonymous"
        if learning.anonymous
        else (info.partnership if info is not None else ""),
        "subject": info.label if info is not None else "",
        "stage": info.stage if info is not None else "",
        "year": published.year if published is not None else None,
        "published": published.isoformat() if published is not None else None,
        "link": link,
        "child": {"age_band": learning.age_band or None, "sex": learning.sex or None},
        "harm": learning.harm or None,
        "abuse_themes": list(dict.fromkeys(learning.themes)),
        "learning_themes": list(dict.fromkeys(learning.learning_themes)),
        "agencies": [prose(a.name or a.id) for a in agencies],
        "spread": [prose(s) for s in learning.spread if prose(s)],
        "findings": findings,
        "source": {"commit": commit, "dirty": dirty, "tool": f"scr {__version__}"},
    }


# Fields that the draft does not carry, so the build's residual detector never read them.
_NOT_IN_DRAFT = ("spread", "link", "abuse_themes", "learning_themes")


def _texts(value: object, path: str = "$") -> Iterator[tuple[str, str]]:
    """(json path, text) of every string in the record."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def _map_texts(value: Any, change: Callable[[str], str]) -> Any:
    """A JSON value of the same shape, each string changed by `change`."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _map_texts(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_texts(item, change) for item in value]
    return value


# -- the gate ----------------------------------------------------------------------------------
def export(root: Path) -> Export:
    """The review at `root` as a learning record, or `Refused` (see the module's docstring)."""
    import time  # noqa: PLC0415

    from .anonymise import Anonymiser, survivor_search  # noqa: PLC0415
    from .check import theme_problems  # noqa: PLC0415
    from .publish import build  # noqa: PLC0415
    from .publish.options import BuildError  # noqa: PLC0415
    from .residual import ResidualDetector  # noqa: PLC0415
    from .store.loader import NotAReview, load  # noqa: PLC0415

    timings: dict[str, float] = {}
    started = time.perf_counter()
    root = Path(root)
    shown = str(root)
    try:
        loaded = load(root)
    except NotAReview as exc:
        raise Refused(shown, [str(exc)]) from exc
    review = loaded.model
    wrong_themes = theme_problems(review)
    if wrong_themes:
        raise Refused(shown, [str(p) for p in wrong_themes])
    if review.register is None:
        raise Refused(
            shown, ["the register (register.toml) could not be read, so nothing can be anonymised"]
        )
    with tempfile.TemporaryDirectory(prefix="scr-export-") as out:
        try:
            result = build(
                root, Path(out) / "build", ("md",), readability=False, loaded=loaded, keep=False
            )
        except BuildError as exc:
            raise Refused(shown, [str(exc)]) from exc
    timings["gate (build)"] = time.perf_counter() - started
    if not result.cleared:
        raise Refused(
            shown, [f"the draft is {result.status}: {reason}" for reason in result.reasons]
        )
    commit = result.manifest.get("commit") if result.manifest else None
    dirty = result.manifest.get("dirty") if result.manifest else None
    register = review.register
    anonymiser = result.anonymiser  # the build's, when it could read the register
    if not isinstance(anonymiser, Anonymiser):
        anonymiser = Anonymiser.from_register(register)
    raw = raw_record(review, commit, dirty)
    record: dict[str, Any] = _map_texts(raw, lambda text: anonymiser.apply(text).text)
    reasons: list[str] = []
    unread = [
        (where, text)
        for key in _NOT_IN_DRAFT
        for where, text in _texts(record[key], f"$.{key}")
        if text.strip()
    ]
    if unread:  # nothing to read: no detector
        detector = ResidualDetector(register)
        for where, text in unread:
            for candidate in detector.detect(text, source=where):
                if candidate.allowed_by is None:
                    reasons.append(
                        f"review.toml [learning] {where}: residual candidate "
                        f"({candidate.kind}) '{candidate.text}' is not allowed in the "
                        "register"
                    )
    survivors = survivor_search(register)
    for where, text in _texts(record):
        for hit in survivors(text):
            reasons.append(
                f"{where}: an identifier registered for "
                f"{', '.join(hit.entry_ids) or 'the register'} survived "
                "anonymisation"
            )
    reasons += [f"the record does not match the schema: {error}" for error in validate(record)]
    timings["record"] = time.perf_counter() - started - timings["gate (build)"]
    if reasons:
        raise Refused(shown, reasons)
    return Export(record, timings)


def _one(root: Path) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        return export(root).record, []
    except Refused as exc:
        return None, exc.reasons


def _one_process() -> None:
    """In a worker: each build does all its steps in this process (the build's helper process
    overlaps its steps on a free core; here every core already has a worker)."""
    import os  # noqa: PLC0415

    from .publish.background import NO_FORK_ENV  # noqa: PLC0415

    os.environ[NO_FORK_ENV] = "1"


def _warm() -> None:
    """What every export loads once, loaded before the workers fork, so they share it."""
    from .publish.document import parser  # noqa: PLC0415
    from .residual import ordinary_words, vocabulary  # noqa: PLC0415

    vocabulary()
    ordinary_words()
    parser()
    _validator()


def export_all(
    roots: list[Path], workers: int | None = None
) -> list[tuple[Path, dict[str, Any] | None, list[str]]]:
    """(root, record or None, reasons refused) for each review, in the order given.

    Several reviews are exported side by side, one worker process per core (forked, on Linux,
    after the word lists are loaded): each review's gate is a whole build.
    """
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    roots = [Path(r) for r in roots]
    workers = min(len(roots), workers or os.cpu_count() or 1)
    if workers <= 1 or not sys.platform.startswith("linux"):
        return [(root, *_one(root)) for root in roots]
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    _warm()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_one_process) as pool:
        results = list(pool.map(_one, roots, chunksize=max(1, len(roots) // (workers * 4))))
    return [(root, record, reasons) for root, (record, reasons) in zip(roots, results, strict=True)]


def dumps(record: dict[str, Any], lines: bool) -> str:
    """The record as the export writes it: indented JSON, or one line of JSON Lines."""
    if lines:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
