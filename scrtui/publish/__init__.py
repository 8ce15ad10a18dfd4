"""`scr build`: the anonymised publication draft, its audit trail, the gate and the manifest.

Headless. The steps, in order: load and check the review; read its provenance from git;
assemble the draft as chunks that know their file and line; anonymise the whole draft at once;
detect residual identifiers in the reviewer's words (in a helper process, while the draft is
parsed once for every format) and trace each to its file; decide the gate; render each format
with the stamp, the build time and the content hash, write it to a staging folder and have the
helper read it back and look for registered identifiers again (the second line of defence)
while the next format renders; only when every file passed, move them into `publication/`,
with the manifest; write the confidential residual-risk report. When nothing has changed since
the last build of the target, `reuse.kept` reads its files back and scans them instead.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import time
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, cast

from .assemble import assemble
from .confidential import (
    LABEL_PLACE,
    DroppedLink,
    Flagged,
    build_record,
    dropped_links_section,
    missing_section,
    residual_report,
    unwritten_section,
)
from .draft import BUILT_AT, CONTENT_HASH, CONTENTS, PROVENANCE_HEADING, STAMP
from .gate import BLOCKED, CLEARED, NOT_CLEARED, Found
from .hostile import neutralise, neutralise_chunks
from .options import (
    FORMATS,
    BuildError,
    check_out,
    kind_for,
    stop_on_malformed_ids,
)
from .result import BuildResult
from .targets import DRAFT, Target

if TYPE_CHECKING:
    from ..anonymise import Anonymiser
    from ..kinds import Kind
    from ..problems import Problem
    from ..store.loader import Loaded
    from .answers import Detected
    from .background import Asked, Worker
    from .document import Parsed
    from .gate import Candidate, Decision
    from .provenance import Clock
    from .timeline_rows import Timeline

RESIDUAL_REPORT = DRAFT.residual
READABILITY_REPORT = "readability.md"  # confidential/: the draft's plain-English figures
PUBLICATION_FILES = DRAFT.publication_files()


class _PdfMeta(TypedDict):
    """What the PDF's properties say (`render_pdf.pdf_page`)."""

    author: str
    subject: str
    keywords: list[str]


def build(
    root: Path,
    out: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    clock: Clock | None = None,
    target: Target = DRAFT,
    readability: bool = True,
    loaded: Loaded | None = None,
    keep: bool = True,
) -> BuildResult:
    """Build the publication draft (or another `target`) of the review at `root` into `out`
    (default root/build). `keep=False` keeps nothing for the next build (an output folder
    that is thrown away: neither the compiled register nor any piece is written to its
    cache, nor the record of this build). `readability=False` leaves out the confidential
    readability figures
    (the learning export runs the build only for its gate); `loaded` is the review as
    `store.loader.load(root)` just gave it, so that it is not read twice.

    The cycle collector is off meanwhile: a large build makes a few hundred thousand small
    objects (tokens, chunks, matches) that hold no cycles and live until it ends, and the
    collector would walk them again and again, about a fifth of the build's time.
    """
    if "pdf" in formats:
        from .render_pdf import available  # noqa: PLC0415

        missing = available()
        if missing:  # before anything is written
            raise BuildError(missing)
    from . import reuse  # noqa: PLC0415

    root = Path(root)
    folder = Path(out) if out is not None else root / "build"
    # An injected clock is a test's or a caller's own time: always a whole build.
    key = (
        reuse.fingerprint(root, folder, target, formats, readability)
        if clock is None and keep
        else None
    )
    if key is not None:
        kept = reuse.kept(root, folder, target, key)
        if kept is not None:
            return kept
    collecting = gc.isenabled()
    gc.disable()
    try:
        built = _Build(root, out, formats, clock, target, readability, keep)
        result = built.run(loaded)
    finally:
        if collecting:
            gc.enable()
    if key is not None and result.publication:
        written = [result.residual_report, built.confidential / target.record]
        if result.readability_report is not None:
            written.append(result.readability_report)
        reuse.remember(folder, target, key, result, [p for p in written if p is not None])
    return result


class _Build:
    """One build, step by step; `timings` says where the time went (for the benchmark)."""

    def __init__(
        self,
        root: Path,
        out: Path | None,
        formats: tuple[str, ...],
        clock: Clock | None,
        target: Target = DRAFT,
        readability: bool = True,
        keep: bool = True,
    ) -> None:
        self.root = root
        self.measure_readability = readability and target is DRAFT
        self.out = Path(out) if out is not None else root / "build"
        self.kept = self.out if keep else None  # where the caches are read and written
        self.formats = formats
        self.clock = clock
        self.target = target
        self.kind: Kind | None = None
        self.timeline: Timeline | None = None  # the draft's timeline rows, when it has one
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self._last
        self._last = now

    def run(self, loaded: Loaded | None = None) -> BuildResult:
        from ..check import check  # noqa: PLC0415
        from ..store.loader import NotAReview, load  # noqa: PLC0415
        from .provenance import build_time, gather  # noqa: PLC0415

        try:
            loaded = loaded if loaded is not None else load(self.root)
        except NotAReview as exc:
            raise BuildError(str(exc)) from exc
        try:
            built_at = build_time(self.clock)
        except ValueError as exc:
            raise BuildError(str(exc)) from exc
        self.review = loaded.model
        self.refused = loaded.refused
        self.kind = kind_for(self.review, self.target)
        stop_on_malformed_ids(self.review)
        check_out(self.root, self.out)
        self.problem_list = [*loaded.problems, *check(self.review)]
        self.problems = len(self.problem_list)
        self.unresolved: list[str] = []  # references the draft could not resolve, once built
        self.lap("load and check")
        self.provenance = gather(self.root, built_at)
        self.lap("git")
        self._prepare_folders()
        review = self.review
        self.title = (
            review.review.title if review.review and review.review.title else "Review report"
        )
        result = BuildResult(
            BLOCKED,
            [],
            self.out,
            problems=self.problems,
            residual_report=self.confidential / self.target.residual,
            target=self.target,
        )
        result.timings = self.timings
        if review.register is None:
            from . import gate  # noqa: PLC0415

            decision = gate.assess([], 0, register_missing=True)
            result.reasons = decision.reasons
            self._confidential(result, decision, [], [], [], [])
            return result
        from .answers import answers  # noqa: PLC0415
        from .background import Worker  # noqa: PLC0415

        measure = self._readability()
        # A second helper only for the figures: another would make its own detector and index
        # (a second of CPU at 1,000 people) for what the first, made ready, answers as fast.
        helper = Worker(
            partial(answers, review.register, measure, self.kept), processes=2 if measure else 1
        )
        with helper:
            # The figures first: they take longest, in a helper of their own.
            measured = helper.ask(("measure", None)) if measure else None
            helper.ask(("ready", None))
            result = self._draft(result, helper)
            if self.measure_readability:
                self._write_readability(measured)
                result.readability_report = self.confidential / READABILITY_REPORT
            return result

    def _readability(self) -> Callable[[], str] | None:
        """What measures the draft's plain-English figures (in a helper process of its own while
        the build goes on: textstat's word list takes a second to load), or None. The last build's
        report is kept when the texts, the word list and the thresholds are the same (a build
        again after allowing a candidate in the register measures nothing); a build of another
        target measures nothing."""
        from ..readability.measure import sources  # noqa: PLC0415
        from ..readability.report import key, report_key  # noqa: PLC0415
        from ..store.loader import plain_english  # noqa: PLC0415

        if not self.measure_readability:
            return None
        review = self.review
        words, _problems = plain_english(self.root)  # scr check reports the list's problems
        thresholds = review.review.readability if review.review is not None else None
        texts = sources(review)
        self.readability_key = key(texts, words, thresholds)
        path = self.confidential / READABILITY_REPORT
        if report_key(path) == self.readability_key:
            return None
        path.unlink(missing_ok=True)  # never beside this build's files, if it stops half-way
        from .answers import measure_readability  # noqa: PLC0415

        return partial(
            measure_readability, texts, words, thresholds, self.readability_key, self.kept
        )

    def _write_readability(self, measured: Asked | None) -> None:
        """build/confidential/readability.md: the figures `scr check --readability` gives."""
        if measured is None:
            return
        from ..store.files import atomic_write  # noqa: PLC0415

        atomic_write(self.confidential / READABILITY_REPORT, cast(str, measured.result()))
        self.lap("readability (waited)")

    def _prepare_folders(self) -> None:
        self.publication = self.out / "publication"
        self.confidential = self.out / "confidential"
        self.staging = self.out / ".publication-staging"
        for directory in (self.publication, self.confidential, self.staging):
            if directory.exists() and not directory.is_dir():
                raise BuildError(f"{directory}: exists and is not a folder")
            directory.mkdir(parents=True, exist_ok=True)
        # The last build's record and report go first: a build stopped half-way must not
        # leave a record that says "cleared" beside publication files that are gone.
        from . import reuse  # noqa: PLC0415

        reuse.forget(self.out, self.target)
        for name in (self.target.record, self.target.residual):
            (self.confidential / name).unlink(missing_ok=True)

        # an earlier build's files of this target must not outlive this one (another target's
        # files are not this build's to remove)
        for name in self.target.publication_files():
            (self.publication / name).unlink(missing_ok=True)
            (self.staging / name).unlink(missing_ok=True)

    def _draft(self, result: BuildResult, helper: Worker) -> BuildResult:
        from . import audit, gate  # noqa: PLC0415
        from .answers import scanned  # noqa: PLC0415
        from .content_cache import anonymiser as compiled_anonymiser  # noqa: PLC0415
        from .document import parse  # noqa: PLC0415
        from .locate import Locator, OffsetMap  # noqa: PLC0415
        from .refs import References  # noqa: PLC0415
        from .residuals import located_candidates, reviewers_words  # noqa: PLC0415

        review, register = self.review, self.review.register
        assert register is not None  # `run` stops before the draft without one
        anonymiser = cast("Anonymiser", compiled_anonymiser(register, self.kept))
        result.anonymiser = anonymiser
        agencies = review.scope.agencies if review.scope else []
        agency_names = {a.id: anonymiser.apply(a.name).text for a in agencies}
        self.agency_names = agency_names  # as published: the timeline picture's lanes
        kinds = {s.id: anonymiser.apply(s.kind).text for s in review.sources}
        labels = {e.id: e.label for e in register.entries}
        refs = References(review, agency_names, labels, kinds)
        info = review.review
        self.pdf_meta: _PdfMeta = {  # what the PDF's properties say: label-only words
            "author": anonymiser.apply(info.partnership).text if info is not None else "",
            "subject": self.target.name[:1].upper() + self.target.name[1:],
            "keywords": [
                "safeguarding",
                "learning",
                *([self.kind.short_name or self.kind.id] if self.kind else []),
            ],
        }
        if self.target is DRAFT:
            audit.set_anchors(review, refs)
            draft = assemble(review, refs, self.provenance, self.problems)
        else:  # the rapid review, the briefing: references name records, link nowhere
            from .briefing import assemble as assemble_briefing  # noqa: PLC0415
            from .rapid_review import assemble as assemble_rapid_review  # noqa: PLC0415

            other = assemble_briefing if self.target.id == "briefing" else assemble_rapid_review
            draft = other(review, refs, self.provenance, self.problems, self.kind)
        result.missing = list(draft.missing)
        self.timeline = draft.timeline
        self.title = draft.title or self.title
        chunks = [
            c
            if c.text.isascii()
            else type(c)(unicodedata.normalize("NFC", c.text), c.source, c.line, c.user)
            for c in draft.chunks
        ]
        chunks, dropped_in = neutralise_chunks(chunks)  # raw HTML as text; unsafe links out
        raw = "".join(chunk.text for chunk in chunks)
        self.lap("assemble")
        anonymised = anonymiser.apply(raw)
        self.lap("anonymise")
        locator = Locator(self.root, chunks)
        offsets = OffsetMap(anonymised.replacements)
        words, pieces = reviewers_words(anonymised.text, locator, offsets)
        detected = helper.ask(("detect", words))
        flagged = []
        for flag in anonymised.flagged:
            place = locator.place(flag.start, flag.text)
            flagged.append(Flagged(flag.text, flag.label, place.where(), flag.context, flag.kind))
        seen_initials = set()
        abbreviations = _vocabulary_words()
        for start, end, label, context in anonymiser.undotted_initials(raw):
            if raw[start:end].casefold() in abbreviations:
                continue  # "GP" is a general practitioner, whoever else has those initials
            where = locator.place(start, raw[start:end]).where()
            if (raw[start:end], where) not in seen_initials:  # a title is repeated: once
                seen_initials.add((raw[start:end], where))
                flagged.append(Flagged(raw[start:end], label, where, context, "initials"))
        text = refs.rewrite(anonymised.text)  # links, then one parse for every format
        # What scr itself put in (labels, agency names) passes the same test as the
        # reviewer's words.
        text, dropped_late = neutralise(text)
        dropped = [
            DroppedLink(
                d.target, d.kind, locator.place(locator.starts[i] + d.offset, d.target).where()
            )
            for i, d in dropped_in
        ]
        dropped += [DroppedLink(d.target, d.kind, LABEL_PLACE) for d in dropped_late]
        parsed = parse(text)
        self.title = parsed.title or self.title
        self.lap("parse")
        found_raw = cast("list[Detected] | None", detected.result())
        missing = found_raw is None
        candidates = located_candidates(found_raw or [], pieces, locator, offsets, raw)
        # The draft as assembled and anonymised is not needed again: it is freed before the
        # formats render (at 200x a hundred MiB of the build's peak).
        del draft, chunks, raw, anonymised, locator, offsets, words, pieces, found_raw
        self.lap("detect residuals (waited)")
        labelled = [w for w in anonymiser.warnings if "contains the registered identifier" in w]
        decision = gate.assess(candidates, len(labelled))
        surnames = gate.open_surnames(flagged, register.allows)
        if missing:
            decision.status = NOT_CLEARED
            decision.reasons.append(
                "the residual detector is not installed, so nothing was "
                "checked for identifiers the register does not hold"
            )
        _incomplete(decision, refs.unresolved, self.refused)
        self.unresolved = list(refs.unresolved)
        refused = self.target.cleared_only and not decision.cleared
        written, scans, content_sha = (
            ([], [], "") if refused else self._write_formats(text, parsed, decision, helper)
        )
        found: list[Found] = []
        unreadable: list[str] = []
        for scan in scans:
            hits, problems = scanned(scan)
            found += hits
            unreadable += problems
        self.lap("second line (waited)")
        manifest = None
        if not found and not unreadable and not refused:
            manifest_path, manifest = self._manifest(decision, candidates, content_sha, written)
            written.append(manifest_path)
            found, unreadable = scanned(helper.ask(("scan", [manifest_path])))
        found.sort(key=lambda f: (f.file, f.line, f.col))
        if found or unreadable or surnames:
            gate.block(decision, found, written, unreadable, surnames)
            manifest, written = None, []
        else:  # every file passed: only now do they reach publication/
            written = [self._publish(path) for path in written]
        self.lap("write")
        result.status, result.reasons = decision.status, decision.reasons
        result.publication, result.manifest = written, manifest
        result.candidates, result.found, result.flagged = candidates, found, flagged
        result.dropped_links = dropped
        self._confidential(result, decision, candidates, found, flagged, list(anonymiser.warnings))
        return result

    def _write_formats(
        self, text: str, parsed: Parsed, decision: Decision, helper: Worker
    ) -> tuple[list[Path], list[Asked], str]:
        """Each format rendered, given the stamp, the build time and the content hash, written
        to staging and handed to the helper to be read back, while the next one renders: the
        files, the scans asked, the content hash."""
        from . import gate  # noqa: PLC0415
        from .document import contents_markdown  # noqa: PLC0415

        stamp = gate.stamp(decision)
        text = text.replace(CONTENTS, contents_markdown(parsed.headings))
        text = text.replace(f"{STAMP}\n\n", f"{stamp}\n\n" if stamp else "", 1)
        cut = text.find("\n" + PROVENANCE_HEADING)
        head = text[: cut + 1] if cut >= 0 else text
        content_sha = hashlib.sha256(head.encode("utf-8")).hexdigest()
        fills = {BUILT_AT: self.provenance.built_at_text, CONTENT_HASH: content_sha}
        for placeholder, value in fills.items():
            text = text.replace(placeholder, value)
        words = gate.stamp_text(decision)
        written: list[Path] = []
        scans: list[Asked] = []

        def write(name: str, data: bytes) -> None:
            path = self.staging / name
            path.write_bytes(data)
            written.append(path)
            scans.append(helper.ask(("scan", [path])))

        stem = self.target.stem
        if "md" in self.formats:
            write(f"{stem}.md", text.encode("utf-8"))
        self.lap("md")
        # The Word file before the web page: it is the slowest to read back, and its scan then
        # runs beside the page's rendering rather than after everything.
        if "docx" in self.formats:
            from .render_docx import render_docx  # noqa: PLC0415

            docx = render_docx(parsed, title=self.title, fixed=self.provenance.fixed_date)
            write(f"{stem}.docx", docx.finish(words, fills))
            self.lap("docx")
        if "html" in self.formats or "pdf" in self.formats:  # the PDF is printed from it
            from .render_html import finish_html, render_html  # noqa: PLC0415

            page = finish_html(render_html(parsed, f"scr {self.provenance.version}"), words, fills)
            if "html" in self.formats:
                write(f"{stem}.html", page.encode("utf-8"))
            self.lap("html")
        if self.timeline is not None:  # the draft has a timeline: review.toml asked
            self._timeline_picture(write, words)
        if "pdf" in self.formats:
            from .render_pdf import pdf_page, render_pdf  # noqa: PLC0415

            write(
                f"{stem}.pdf",
                render_pdf(
                    pdf_page(page, **self.pdf_meta, compact=self.target.cleared_only),
                    self.provenance.fixed_date,
                ),
            )
            self.lap("pdf")
        # Listed (in the manifest, in the output) in the order a reader meets them.
        order = (".md", ".html", "-timeline.svg", ".docx", ".pdf")
        rank = {p: next(i for i, end in enumerate(order) if p.name.endswith(end)) for p in written}
        written.sort(key=rank.__getitem__)
        return written, scans, content_sha

    def _timeline_picture(self, write: Callable[[str, bytes], None], stamp: str | None) -> None:
        """publication/report-timeline.svg: the timeline table as a picture (the draft only,
        when review.toml asks), from the same month rows, with the names as published."""
        from .timeline_picture import render  # noqa: PLC0415

        rows = self.timeline
        if rows is None or not rows.months:
            return
        scope = self.review.scope
        order = [a.id for a in scope.agencies] if scope else []
        svg = render(rows, self.agency_names, order, stamp)
        write(f"{self.target.stem}-timeline.svg", svg.encode("utf-8"))
        self.lap("timeline picture")

    def _manifest(
        self, decision: Decision, candidates: list[Candidate], content_sha: str, written: list[Path]
    ) -> tuple[Path, dict[str, Any]]:
        from .manifest import manifest, write_manifest  # noqa: PLC0415

        data = manifest(
            title=self.title,
            decision=decision,
            files=written,
            formats=list(self.formats),
            candidates=candidates,
            problems=self.problems,
            provenance=self.provenance,
            content_sha256=content_sha,
        )
        path = self.staging / self.target.manifest
        write_manifest(path, data)
        return path, data

    def _publish(self, path: Path) -> Path:
        target = self.publication / path.name
        os.replace(path, target)
        return target

    def _confidential(
        self,
        result: BuildResult,
        decision: Decision,
        candidates: list[Candidate],
        found: list[Found],
        flagged: list[Flagged],
        warnings: list[str],
    ) -> None:
        from ..store.files import atomic_write  # noqa: PLC0415

        with contextlib.suppress(OSError):
            self.staging.rmdir()  # empty by now: published, or removed by the gate
        report = residual_report(
            title=self.title,
            decision=decision,
            candidates=candidates,
            found=found,
            flagged=flagged,
            warnings=warnings,
            provenance=self.provenance,
        )
        report += missing_section(self.unresolved, self.refused, self.problem_list)
        report += unwritten_section(result.target.name, result.missing)
        assert result.residual_report is not None  # `run` names it first
        atomic_write(result.residual_report, report + dropped_links_section(result.dropped_links))
        # Last, and whole or not at all: the record says what publication/ now holds.
        atomic_write(
            self.confidential / self.target.record,
            build_record(
                decision=decision,
                candidates=candidates,
                problems=result.problems,
                publication=result.publication,
                provenance=self.provenance,
            ),
        )


def _vocabulary_words() -> frozenset[str]:
    from ..residual import vocabulary  # noqa: PLC0415

    return vocabulary()[0]


def _incomplete(decision: Decision, unresolved: list[str], refused: list[Problem]) -> None:
    """A draft that misses records cannot be cleared: references that name no record (it is
    missing, or its file did not load) and files scr refused to read. Counts only: the reasons
    go into the public manifest."""
    reasons = []
    if unresolved:
        count = len(unresolved)
        reasons.append(
            f"{count} reference{'s' if count != 1 else ''} in the draft "
            f"{'do' if count != 1 else 'does'} not resolve to a record (missing, "
            "or in a file that could not be read; scr check lists them)"
        )
    if refused:
        count = len(refused)
        reasons.append(
            f"{count} file{'s' if count != 1 else ''} of the review "
            f"{'were' if count != 1 else 'was'} not read (a link that leaves the "
            "review, or over the size limit; scr check lists them)"
        )
    if reasons:
        if decision.status == CLEARED:
            decision.status = NOT_CLEARED
        decision.reasons.extend(reasons)
