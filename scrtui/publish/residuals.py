"""The residual detector's side of a build: only the reviewer's words, cut from the anonymised
draft for it to read, and each candidate it finds traced back to its file, line and column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .gate import Candidate

if TYPE_CHECKING:
    from .answers import Detected
    from .locate import Locator, OffsetMap


def reviewers_words(
    anonymised: str, locator: Locator, offsets: OffsetMap
) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """Only the reviewer's words, as the detector should read them.

    Each run of consecutive user chunks is one piece, cut from the anonymised text, with the
    file it comes from (its first chunk's); the detector reads the pieces of each file together
    (and keeps its answer by content for the next build), its offsets counted in all the pieces
    joined by a blank line. scr's own words (numbers, ids, fixed wording) are left out: nothing
    in them can identify anyone, and the detector is the slowest step of a build. Returns the
    (file, piece) pairs and, per piece, (its start in the joined text, its start in the
    anonymised text).
    """
    pieces: list[tuple[str, str]] = []
    starts: list[tuple[int, int]] = []
    at = 0
    chunks = locator.chunks
    index = 0
    while index < len(chunks):
        if not chunks[index].user:
            index += 1
            continue
        first = index
        while index < len(chunks) and chunks[index].user:
            index += 1
        raw_start = locator.starts[first]
        raw_end = locator.starts[index] if index < len(chunks) else locator.end
        out_start, out_end = offsets.out(raw_start), offsets.out(raw_end)
        piece = anonymised[out_start:out_end]
        if pieces:
            at += 2
        starts.append((at, out_start))
        pieces.append((chunks[first].source or "", piece))
        at += len(piece)
    return pieces, starts


def located_candidates(
    found: list[Detected],
    pieces: list[tuple[int, int]],
    locator: Locator,
    offsets: OffsetMap,
    raw: str,
) -> list[Candidate]:
    """The detector's candidates in the reviewer's words, traced to file, line and column."""
    import bisect  # noqa: PLC0415

    piece_starts = [start for start, _ in pieces]
    located = []
    for kind, text, offset, context, reason, allowed, detail in found:
        piece = bisect.bisect_right(piece_starts, offset) - 1
        if piece < 0:
            continue
        at, out_start = pieces[piece]
        raw_start = offsets.raw(out_start + offset - at)
        _index, chunk = locator.chunk_at(raw_start)
        if chunk is None or not chunk.user:
            continue  # scr's own words: built from numbers, ids and fixed wording
        place = locator.place(raw_start, raw[raw_start : raw_start + len(text)] or text)
        reason = (reason or "").strip()
        note = "allowed without a reason" if allowed and not reason else detail
        located.append(
            Candidate(
                kind, text, chunk.source, place.line, place.col, context, reason or None, note
            )
        )
    return located
