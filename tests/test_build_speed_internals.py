"""What the faster build keeps: the same answers from the cheaper paths.

The second line reads a DOCX back without python-docx but must still refuse one that does not
open; chunks find their lines only when asked but find the same ones; scr's own words share
chunks without changing the draft; the DOCX writer writes each cached run as it would anew.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import UTC, datetime

import pytest

from scrtui import model as m
from scrtui.publish import build
from scrtui.publish.draft import Chunk, Draft
from scrtui.publish.extract import UnreadableDocx, docx_texts, file_texts
from scrtui.publish.refs import kind_of


def clock():
    return datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def built_docx(example_repo, tmp_path) -> bytes:
    build(example_repo, tmp_path / "out", formats=("docx",), clock=clock)
    return (tmp_path / "out" / "publication" / "report.docx").read_bytes()


def _rezip(data: bytes, change) -> bytes:
    """The package with `change(name, bytes)` applied to each member (None leaves it out)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            blob = change(name, source.read(name))
            if blob is not None:
                target.writestr(name, blob)
    return out.getvalue()


def _replace_in(part: str, old: bytes, new: bytes):
    def change(name: str, blob: bytes) -> bytes:
        if name != part:
            return blob
        assert old in blob, (part, old)
        return blob.replace(old, new, 1)

    return change


def _flip_a_byte_of(data: bytes, member: str) -> bytes:
    """The zip with one byte of a member's compressed data changed: its checksum fails."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(member)
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    at = header + 30 + name_length + extra_length + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


CORRUPTIONS = {
    "truncated": lambda data: data[: len(data) // 2],
    "not a zip": lambda data: b"PK\x03\x04" + b"\x00" * 200,
    "damaged body bytes": lambda data: _flip_a_byte_of(data, "word/document.xml"),
    "body cut short": lambda data: _rezip(
        data, lambda name, blob: blob[: len(blob) // 2] if name == "word/document.xml" else blob
    ),
    "tags that do not nest": lambda data: _rezip(
        data, _replace_in("word/document.xml", b"</w:p>", b"</w:r>")
    ),
    "an undeclared prefix": lambda data: _rezip(
        data, _replace_in("word/document.xml", b"<w:p>", b"<x:p>")
    ),
    "a bad header": lambda data: _rezip(data, _replace_in("word/header1.xml", b"</w:hdr>", b"")),
    "no content types": lambda data: _rezip(
        data, lambda name, blob: None if name == "[Content_Types].xml" else blob
    ),
    "no body": lambda data: _rezip(
        data, lambda name, blob: None if name == "word/document.xml" else blob
    ),
    "not a Word document": lambda data: _rezip(
        data,
        _replace_in(
            "[Content_Types].xml",
            b"wordprocessingml.document.main+xml",
            b"wordprocessingml.template.main+xml",
        ),
    ),
    "no main document": lambda data: _rezip(
        data,
        _replace_in("_rels/.rels", b"relationships/officeDocument", b"relationships/somethingElse"),
    ),
    "a relationship to nothing": lambda data: _rezip(
        data,
        _replace_in("word/_rels/document.xml.rels", b'Target="styles.xml"', b'Target="gone.xml"'),
    ),
}


def test_the_built_docx_opens_and_python_docx_agrees(built_docx):
    import docx  # noqa: PLC0415

    docx.Document(io.BytesIO(built_docx))  # the reference reader opens what the build wrote
    texts = docx_texts(built_docx)
    assert any("Child A" in text or "Key practice episode" in text for text in texts)


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_a_docx_that_does_not_open_is_refused(built_docx, how):
    import docx  # noqa: PLC0415

    broken = CORRUPTIONS[how](built_docx)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever python-docx raises
        docx.Document(io.BytesIO(broken))
    with pytest.raises(UnreadableDocx):
        file_texts("report.docx", broken)


def test_the_second_line_refuses_a_corrupted_docx(example_repo, tmp_path, monkeypatch):
    """A build whose DOCX comes out damaged is blocked: nothing is published, and it says why."""
    from scrtui.publish import render_docx  # noqa: PLC0415

    finish = render_docx.DocxDraft.finish

    def damaged(self, stamp, fills):
        return CORRUPTIONS["tags that do not nest"](finish(self, stamp, fills))

    monkeypatch.setattr(render_docx.DocxDraft, "finish", damaged)
    out = tmp_path / "out"
    result = build(example_repo, out, clock=clock)
    assert result.status == "blocked" and result.exit_code == 1
    assert "report.docx could not be read back" in result.reasons[0]
    assert not any((out / "publication").iterdir())  # nothing published, md and html neither


@pytest.mark.parametrize(
    "props",
    [
        {
            "title": "A title",
            "author": "scr",
            "subject": "",
            "comments": "",
            "keywords": "",
            "last_modified_by": "scr",
            "category": "",
        },
        {
            "title": "  spaced  ",
            "author": "Tom & Jerry <tj>",
            "subject": "s\nt",
            "comments": "c\u00e9",
            "keywords": "k1, k2",
            "last_modified_by": "\u2019",
            "category": "x",
        },
        {},
    ],
)
def test_document_properties_read_as_python_docx_reads_them(props):
    import docx  # noqa: PLC0415

    document = docx.Document()
    for key, value in props.items():
        setattr(document.core_properties, key, value)
    raw = io.BytesIO()
    document.save(raw)
    data = raw.getvalue()
    read = docx.Document(io.BytesIO(data)).core_properties
    expected = "\n".join(
        [
            read.title or "",
            read.author or "",
            read.subject or "",
            read.comments or "",
            read.keywords or "",
            read.last_modified_by or "",
            read.category or "",
        ]
    )
    assert docx_texts(data)[0] == expected


# --- chunks ------------------------------------------------------------------------------------


def test_lines_found_later_are_the_lines_found_at_once(example_repo):
    """Each chunk's line, worked out when asked, is the one the eager rule gives."""
    from scrtui.publish import audit  # noqa: PLC0415
    from scrtui.publish.assemble import assemble  # noqa: PLC0415
    from scrtui.publish.draft import _key_line, section_line  # noqa: PLC0415
    from scrtui.publish.provenance import build_time, gather  # noqa: PLC0415
    from scrtui.publish.refs import References  # noqa: PLC0415
    from scrtui.store.loader import load  # noqa: PLC0415

    review = load(example_repo).model
    labels = {e.id: e.label for e in review.register.entries}
    refs = References(review, {}, labels, {})
    audit.set_anchors(review, refs)
    draft = assemble(review, refs, gather(example_repo, build_time(clock)), 0)
    lazy = [c for c in draft.chunks if c._find_line is not None]
    assert len(lazy) > 100
    for chunk in lazy:
        find = chunk._find_line
        if find.func is _key_line:
            origin, key = find.args
            eager = origin.at(key)[0] if key is not None else origin.line
            eager = eager if eager is not None else origin.line
        else:
            assert find.func is section_line
            eager = section_line(*find.args)
        assert chunk.line == eager
        assert chunk.line is not None
    assert Chunk("a", "f.md", 3, True) == Chunk("a", "f.md", 3, True)
    assert Chunk("a", "f.md", 3, True) != Chunk("a", "f.md", 4, True)


def test_scr_words_share_chunks_and_the_draft_normalises_as_before():
    draft = Draft()
    pieces = [
        ("tool", "# "),
        ("user", "Title"),
        ("tool", "\n\n"),
        ("tool", "- a "),
        ("tool", "e"),
        ("tool", "\u0301 accent"),
        ("tool", " then ascii"),
        ("tool", "\u00e9"),
        ("tool", "\u0301"),
        ("user", "cafe\u0301"),
        ("tool", "end"),
    ]
    for kind, text in pieces:
        if kind == "tool":
            draft.tool(text)
        else:
            draft.user(text, "f.md", 1)
    chunks = draft.close().chunks
    assert "".join(c.text for c in chunks) == "".join(text for _, text in pieces)
    assert [c.user for c in chunks].count(True) == 2
    assert not any(
        a.user is False and b.user is False and b.text.isascii()
        for a, b in zip(chunks, chunks[1:], strict=False)
    )  # ASCII words run on

    def nfc(text):
        return text if text.isascii() else unicodedata.normalize("NFC", text)

    # The build normalises chunk by chunk: the same as piece by piece.
    assert "".join(nfc(c.text) for c in chunks) == "".join(nfc(t) for _, t in pieces)


def test_kind_of_is_the_first_pattern_that_matches():
    def slow(record_id):
        return next((k for k, p in m.ID_PATTERNS.items() if p.fullmatch(record_id)), None)

    ids = [
        "SRC-001",
        "SRC-01",
        "CH-0001",
        "CH-001",
        "KPE-01",
        "KPE-1",
        "F-01",
        "F-1",
        "CHL-001",
        "LOE-01",
        "P-01",
        "PL-01",
        "ORG-01",
        "T-01",
        "T-1",
        "X-01",
        "",
        "SRC-0001 ",
        "src-001",
        "CHL-01",
        "P-001",
        "ORG-1234",
        "F-01\n",
    ]
    for ident in ids:
        assert kind_of(ident) == slow(ident), ident


# --- the DOCX writer's caches --------------------------------------------------------------------


def test_a_cached_run_is_written_as_a_fresh_writer_writes_it():
    from scrtui.publish.document import parse  # noqa: PLC0415
    from scrtui.publish.render_docx import _Writer  # noqa: PLC0415

    blocks = [
        "same words",
        "**same words**",
        "*same words*",
        "~~same words~~",
        "[same words](#a)",
        "[same words](https://example.org/)",
        "**[same words](#a)**",
        "*[same words](https://example.org/)* and same words",
        "[**same** words](#a) [same words](#b)",
        "[same words](#a) [",
        "`same words`",
        "same words & <more>",
        "",
        "[](#a)",
        "same words\nsame words",
    ]
    relate = {"https://example.org/": "rId7"}.__getitem__
    together = _Writer(parse("\n\n".join(blocks)), relate).write()
    apart = "".join(_Writer(parse(block), relate).write() for block in blocks)
    assert together == apart
