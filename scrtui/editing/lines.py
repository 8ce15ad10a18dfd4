"""Lines of a file as saved, and the records at them: where a problem or a candidate leads.

Problems and residual candidates count lines in the file as last saved, so the mapping reads
the saved text (also for a record made in this session, which has none yet: its render).
"""

from __future__ import annotations

from ..store.locate import locate_keys
from ..store.markdown import split_front_matter
from .refs import RecordRef
from .session import Document


def record_at_line(
    document: Document, refs: list[RecordRef], line: int | None
) -> tuple[RecordRef | None, str | None]:
    """The record (and field key) at a line of a file: (ref, key) or (ref, None) or (None, None).

    Uses the same key scan as the loader, so a problem's line leads back to its record; a
    line in a Markdown body returns the body record with key "@body".
    """
    if not refs:
        return None, None
    if line is None:
        return refs[0], None
    text = document.original or document.render()  # lines count in the file as saved
    first_line = 1
    if not hasattr(document, "doc"):
        split = split_front_matter(text)
        if line >= split.body_line:
            body = next((r for r in refs if r.body), refs[0])
            return body, "@body"
        text, first_line = split.front_matter or "", split.front_line
    keys = locate_keys(text, first_line)
    best, best_line = refs[0], 0
    for ref in refs:
        if ref.prefix and ref.prefix in keys:
            start = keys[ref.prefix][0]
            if best_line < start <= line:
                best, best_line = ref, start
    key = None
    for path, (key_line, _col) in keys.items():
        if key_line != line:
            continue
        inner = (
            path[len(best.prefix) + 1 :] if best.prefix and path.startswith(best.prefix) else path
        )
        if any(fd.key == inner for fd in best.fields):
            key = inner
    return best, key


def saved_body_line(document: Document | None) -> int:
    """The file line where the prose starts, in the text as last saved: problems and
    candidates count lines in the saved file (also for a record made in this session)."""
    if document is None:
        return 1
    return split_front_matter(document.original or document.render()).body_line


def first_marker_line(document: Document) -> int | None:
    """The file line (as last saved) of the first conflict marker in the record's prose."""
    body = getattr(document, "body", "")
    for index, line in enumerate(body.split("\n")):
        if line.startswith("<<<<<<<"):
            return saved_body_line(document) + index
    return None
