"""`scr build --format pdf`: the draft and the briefing printed from their HTML by WeasyPrint,
with running headers, page numbers and a contents list with pages; read back (PDFium's text,
pypdf's metadata) and gated like every other format."""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pypdf

from conftest import git, run_scr
from scrtui.anonymise import survivor_search
from scrtui.publish.extract import file_texts
from scrtui.publish.gate import scan_files
from scrtui.publish.render_pdf import pdf_page, render_pdf
from scrtui.store.loader import load

COMMITTED = datetime(2025, 7, 1, 9, tzinfo=UTC)

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}
NAMES = ("Kerry", "Hartley", "Alfie", "Tayla", "Liam", "Doyle", "Whitfield")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git("commit", "-qam", f"Edit {rel}", cwd=root)


def read(path: Path) -> tuple[str, dict, int]:
    """The PDF's text as the gate reads it, its metadata, and its number of pages."""
    data = path.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    return file_texts(path.name, data)[0], dict(reader.metadata), len(reader.pages)


def test_the_examples_briefing_fits_two_pages_and_is_cleared(example_repo):
    result = run_scr(
        "build", str(example_repo), "--target", "briefing", "--format", "pdf,md", env=FIXED
    )
    assert result.returncode == 0, result.stdout + result.stderr
    publication = example_repo / "build" / "publication"
    assert sorted(p.name for p in publication.iterdir()) == [
        "briefing-manifest.json",
        "briefing.md",
        "briefing.pdf",
    ]
    text, meta, pages = read(publication / "briefing.pdf")
    assert pages <= 2
    assert "Finding 4: A concern recorded in one health record system" in text
    assert "What practitioners should do differently" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert meta["/Title"] == "Learning briefing: Child A"
    assert meta["/Author"] == "Northmoor Safeguarding Children Partnership"
    assert meta["/Subject"] == "Learning briefing"
    assert meta["/Keywords"] == "safeguarding, learning, LCSPR"


def test_the_drafts_pdf_has_its_contents_with_page_numbers_and_running_headers(example_repo):
    result = run_scr("build", str(example_repo), "--format", "pdf", env=FIXED)
    assert result.returncode == 0, result.stdout + result.stderr
    text, meta, pages = read(example_repo / "build" / "publication" / "report.pdf")
    assert pages > 10
    entry = re.search(r"^Findings\s*\.{5,}\s*(\d+)$", text, re.M)
    assert entry, text[:3000]
    # the page the contents gives is the page the heading is on
    on = next(
        n for n in range(1, pages + 1) if re.search(r"^Findings$", _page(text, n, pages), re.M)
    )
    assert int(entry.group(1)) == on
    title = "Local Child Safeguarding Practice Review: Child A"
    # the running header on every page but the first (PDFium reads it after the body)
    assert all(_page(text, n, pages).rstrip().endswith(title) for n in range(2, pages + 1))
    assert not _page(text, 1, pages).rstrip().endswith(title)
    assert meta["/Title"] == title


def _page(text: str, n: int, pages: int) -> str:
    """Page n of the read-back text: what stands between the footers of pages n-1 and n."""
    start = text.index(f"Page {n - 1} of {pages}") + len(f"Page {n - 1} of {pages}") if n > 1 else 0
    return text[start : text.index(f"Page {n} of {pages}")]


def test_a_planted_registered_name_is_in_neither_the_pdf_text_nor_its_metadata(example_repo):
    edit(
        example_repo,
        "findings/F-01.md",
        "## Finding\n",
        "## Finding\nKerry Hartley told the health visitor that Alfie was bruised by Tayla; "
        "Ms Hartley's partner Liam Doyle was not asked.\n",
    )
    edit(
        example_repo,
        "review.toml",
        'partnership = "Northmoor',
        'partnership = "Sarah Whitfield for Northmoor',
    )
    edit(example_repo, "review.toml", 'title = "Local Child', 'title = "Alfie Hartley: Local Child')
    for target in ("briefing", "draft"):
        result = run_scr(
            "build", str(example_repo), "--target", target, "--format", "pdf", env=FIXED
        )
        assert result.returncode == 0, result.stdout + result.stderr
        stem = "briefing" if target == "briefing" else "report"
        path = example_repo / "build" / "publication" / f"{stem}.pdf"
        text, meta, _ = read(path)
        found = "\n".join([text, *map(str, meta.values())])
        for word in NAMES:
            assert not re.search(rf"\b{word}\b", found, re.I), (target, word)
        assert "Mother told the health visitor that Child A was bruised by Sibling" in text
        assert (
            meta["/Author"] == "The health visitor for Northmoor Safeguarding Children Partnership"
        )


def test_the_read_back_finds_a_name_in_the_pdf_text_or_only_in_its_metadata(example_copy, tmp_path):
    """The second line of defence on a real PDF: a name that reached the text, or only the
    document properties, is found (and the build then removes every file, as for docx)."""
    register = load(example_copy).model.register
    body = "<h1>Learning briefing</h1>\n<p>Seen by the health visitor.</p>\n"
    page = f"<html><head><title>Child A</title></head><body>{body}</body></html>"
    in_text = tmp_path / "text.pdf"
    in_text.write_bytes(
        render_pdf(
            pdf_page(
                page.replace("the health visitor", "Kerry Hart-\nley"),
                author="",
                subject="",
                keywords=[],
            ),
            COMMITTED,
        )
    )
    in_meta = tmp_path / "meta.pdf"
    in_meta.write_bytes(
        render_pdf(
            pdf_page(page, author="Alfie's partnership", subject="", keywords=["Tayla"]),
            COMMITTED,
        )
    )
    clean = tmp_path / "clean.pdf"
    clean.write_bytes(render_pdf(pdf_page(page, author="", subject="", keywords=[]), COMMITTED))
    found, unreadable = scan_files(survivor_search(register), [in_text, in_meta, clean])
    assert not unreadable
    assert {(f.file, f.text) for f in found} >= {
        ("text.pdf", "Kerry"),
        ("meta.pdf", "Alfie"),
        ("meta.pdf", "Tayla"),
    }
    assert "clean.pdf" not in {f.file for f in found}
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(clean.read_bytes()[:200])
    found, unreadable = scan_files(survivor_search(register), [broken])
    assert unreadable and unreadable[0].startswith("broken.pdf could not be read back")


def test_without_weasyprint_one_line_says_how_to_install_it_and_nothing_is_written(
    example_repo, tmp_path
):
    shadow = tmp_path / "shadow" / "weasyprint"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'weasyprint'\")\n")
    result = run_scr(
        "build",
        str(example_repo),
        "--format",
        "pdf",
        env={**FIXED, "PYTHONPATH": str(shadow.parent)},
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == (
        "scr: PDF needs weasyprint, not installed here: pip install 'scrtui[pdf]'"
    )
    assert not (example_repo / "build" / "publication").exists()


def test_the_same_commit_builds_the_same_pdf(example_repo, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        time.sleep(1.1 if out is second else 0)  # a second later: nothing may carry "now"
        result = run_scr(
            "build",
            str(example_repo),
            "--target",
            "briefing",
            "--format",
            "pdf",
            "--out",
            str(out),
            env=FIXED,
        )
        assert result.returncode == 0, result.stderr
    assert (first / "publication" / "briefing.pdf").read_bytes() == (
        second / "publication" / "briefing.pdf"
    ).read_bytes()
