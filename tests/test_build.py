"""`scr build` on the example review: the files, their shape, their hashes, their repeatability."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser

import docx
import pytest

from conftest import git, run_scr
from scrtui.anonymise import Anonymiser, identifier_phrases
from scrtui.publish import build
from scrtui.publish.extract import docx_paragraphs
from scrtui.store.loader import load

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}


def fixed_clock():
    return datetime(2025, 8, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example review, built once by the real command (all formats)."""
    root = tmp_path_factory.mktemp("built") / "review"
    result = run_scr("init", "--example", str(root))
    assert result.returncode == 0, result.stderr
    result = run_scr("build", str(root), env=FIXED)
    return root, result


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.tags: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("src"):
            self.sources.append(attrs["src"])


def test_example_builds_cleared(built):
    root, result = built
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Cleared" in result.stdout
    assert "residual-risk.md" in result.stdout
    publication = root / "build" / "publication"
    names = sorted(p.name for p in publication.iterdir())
    assert names == ["manifest.json", "report.docx", "report.html", "report.md"]
    assert sorted(p.name for p in (root / "build" / "confidential").iterdir()) == [
        "last-build.json",
        "readability.md",
        "residual-risk.md",
    ]
    saved = json.loads((root / "build/confidential/last-build.json").read_text("utf-8"))
    assert saved["status"] == "cleared" and saved["built_at"] == "2025-08-01T09:30:00Z"
    assert saved["publication"] == ["report.md", "report.html", "report.docx", "manifest.json"]
    assert saved["candidates"] and all(c["allowed"] for c in saved["candidates"])
    manifest = json.loads((publication / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cleared"] is True and manifest["status"] == "cleared"
    assert manifest["reasons"] == [] and manifest["stamp"] is None
    assert manifest["formats"] == ["md", "html", "docx"]
    assert manifest["built_at"] == "2025-08-01T09:30:00Z"
    assert manifest["dirty"] is False
    assert manifest["commit"] == git("rev-parse", "HEAD", cwd=root).strip()
    assert manifest["problems"] == 0
    assert manifest["tool"].startswith("scr ")
    assert "NOT CLEARED" not in (publication / "report.md").read_text(encoding="utf-8")


def test_manifest_hashes_match_the_files(built):
    root, _ = built
    publication = root / "build" / "publication"
    manifest = json.loads((publication / "manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == ["report.md", "report.html", "report.docx"]
    for entry in manifest["files"]:
        data = (publication / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_content_hash_is_the_markdown_before_the_provenance(built):
    root, _ = built
    text = (root / "build/publication/report.md").read_text(encoding="utf-8")
    head = text[: text.index("### Provenance")]
    manifest = json.loads((root / "build/publication/manifest.json").read_text("utf-8"))
    digest = hashlib.sha256(head.encode("utf-8")).hexdigest()
    assert manifest["content_sha256"] == digest
    assert f"`{digest}`" in text


def test_no_registered_identifier_in_any_publication_file(built):
    root, _ = built
    register = load(root).model.register
    anonymiser = Anonymiser.from_register(register)
    publication = root / "build" / "publication"
    texts = {
        "report.md": (publication / "report.md").read_text(encoding="utf-8"),
        "report.html": (publication / "report.html").read_text(encoding="utf-8"),
        "report.docx": "\n".join(docx_paragraphs((publication / "report.docx").read_bytes())),
        "manifest.json": (publication / "manifest.json").read_text(encoding="utf-8"),
    }
    for name, text in texts.items():
        assert anonymiser.survivors(text) == [], name
    # and, independently of the anonymiser, the full names and distinctive aliases
    for phrase, _entry, derived in identifier_phrases(register):
        if derived or phrase[0].islower() or len(phrase) < 4:
            continue
        for name, text in texts.items():
            assert re.search(rf"\b{re.escape(phrase)}\b", text) is None, (phrase, name)


def test_the_register_is_never_copied(built):
    root, _ = built
    register_text = (root / "register.toml").read_text(encoding="utf-8")
    for path in (root / "build").rglob("*"):
        assert path.name != "register.toml"
        if path.is_file() and path.suffix in (".md", ".html", ".json"):
            assert "[[person]]" not in path.read_text(encoding="utf-8")
    assert "Alfie Hartley" in register_text  # the example really has names to hide


def test_html_is_accessible_and_self_contained(built):
    root, _ = built
    page = (root / "build/publication/report.html").read_text(encoding="utf-8")
    parser = Headings()
    parser.feed(page)
    assert parser.lang == "en"
    assert parser.levels.count(1) == 1 and parser.levels[0] == 1
    skipped = [(a, b) for a, b in zip(parser.levels, parser.levels[1:], strict=False) if b > a + 1]
    assert skipped == []
    assert "nav" in parser.tags and "main" in parser.tags
    assert "@media print" in page
    assert "script" not in parser.tags and "link" not in parser.tags
    assert parser.sources == []  # nothing to fetch
    dangling = [h for h in parser.hrefs if h.startswith("#") and h[1:] not in parser.ids]
    assert dangling == []
    assert 'id="f-01"' in page and 'id="kpe-02"' in page


def test_docx_has_real_structure_and_every_finding_statement(built):
    root, _ = built
    data = (root / "build/publication/report.docx").read_bytes()
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    assert "List Bullet" in styles and "List Number" in styles
    assert len([p for p in document.paragraphs if p.style.name == "Heading 1"]) == 1
    assert document.tables, "the sources and chronology tables are real tables"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode("utf-8")
        names = package.namelist()
        times = {info.date_time for info in package.infolist()}
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    assert names[0] == "[Content_Types].xml"
    assert len(times) == 1
    props = document.core_properties
    assert props.author == "scr" and props.last_modified_by == "scr"
    assert props.title == "Local Child Safeguarding Practice Review: Child A"
    assert "python-docx" not in (props.comments or "")
    commit_time = int(git("log", "-1", "--format=%at", cwd=root).strip())
    assert props.created == datetime.fromtimestamp(commit_time, UTC)

    text = " ".join(" ".join(docx_paragraphs(data)).split())
    model = load(root).model
    for finding in model.findings:
        statement = re.sub(r"\s*\[[A-Z]+-\d+\]", "", finding.sections["Finding"].text)
        for sentence in statement.split("\n"):
            assert " ".join(sentence.split()) in text, finding.id


def test_findings_are_easy_to_find(built):
    root, _ = built
    text = (root / "build/publication/report.md").read_text(encoding="utf-8")
    summary = text.index("## Summary of findings")
    first_report_section = text.index("## Introduction")
    assert summary < first_report_section  # the summary list comes near the front
    model = load(root).model
    positions = [text.index(f"{{#{f.id.lower()}}}") for f in model.findings_by_priority()]
    assert positions == sorted(positions)
    for heading in (
        "#### The finding",
        "#### How it showed in this case",
        "#### Why it is underlying, not a quirk",
        "#### How widespread, and how we know",
        "#### Why it matters",
        "#### Questions for the board",
    ):
        assert text.count(heading) == len(model.findings)
    # a closing report section (90-*.md) follows the findings
    assert text.index("## Findings") < text.index("## Conclusions") < text.index("## Appendix")


def test_same_commit_same_bytes(example_repo, tmp_path):
    first = build(example_repo, tmp_path / "one", clock=fixed_clock)
    second = build(example_repo, tmp_path / "two", clock=fixed_clock)
    assert first.cleared and second.cleared
    for folder in ("publication", "confidential"):
        one = sorted((tmp_path / "one" / folder).iterdir())
        two = sorted((tmp_path / "two" / folder).iterdir())
        assert [p.name for p in one] == [p.name for p in two]
        for a, b in zip(one, two, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_only_the_build_time_differs_between_builds(example_repo, tmp_path):
    later = datetime(2025, 9, 2, 17, 5, tzinfo=UTC)
    build(example_repo, tmp_path / "one", clock=fixed_clock)
    build(example_repo, tmp_path / "two", clock=lambda: later)
    one = (tmp_path / "one/publication/report.md").read_text(encoding="utf-8")
    two = (tmp_path / "two/publication/report.md").read_text(encoding="utf-8")
    assert one != two
    assert one.replace("2025-08-01T09:30:00Z", "2025-09-02T17:05:00Z") == two
    for name in ("report.docx", "report.html"):
        a = (tmp_path / "one/publication" / name).read_bytes()
        b = (tmp_path / "two/publication" / name).read_bytes()
        if name == "report.docx":
            a_text, b_text = docx_paragraphs(a), docx_paragraphs(b)
            changed = [(x, y) for x, y in zip(a_text, b_text, strict=True) if x != y]
            assert len(changed) == 1 and "Built (UTC)" in changed[0][0]
        else:
            assert a.replace(b"2025-08-01T09:30:00Z", b"2025-09-02T17:05:00Z") == b


def test_a_dirty_tree_is_recorded(example_repo, tmp_path):
    finding = example_repo / "findings/F-03.md"
    finding.write_text(finding.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = build(example_repo, tmp_path / "out", clock=fixed_clock)
    assert result.manifest["dirty"] is True
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    assert "had uncommitted changes" in text


def test_format_and_out_options(example_repo, tmp_path):
    out = tmp_path / "elsewhere"
    result = run_scr(
        "build", str(example_repo), "--out", str(out), "--format", "html, md", env=FIXED
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (out / "publication").iterdir())
    assert names == ["manifest.json", "report.html", "report.md"]
    manifest = json.loads((out / "publication/manifest.json").read_text(encoding="utf-8"))
    assert manifest["formats"] == ["md", "html"]
    assert not (example_repo / "build").exists()


def test_a_smaller_build_removes_the_files_of_an_earlier_one(example_repo):
    assert run_scr("build", str(example_repo), env=FIXED).returncode == 0
    assert run_scr("build", str(example_repo), "--format", "md", env=FIXED).returncode == 0
    names = sorted(p.name for p in (example_repo / "build/publication").iterdir())
    assert names == ["manifest.json", "report.md"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "epub"], "unknown format 'epub'; choose from md, html, docx, pdf"),
        (["--format", ","], "unknown format"),
    ],
)
def test_usage_errors_exit_2(example_repo, args, message):
    result = run_scr("build", str(example_repo), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_not_a_review_exits_2(tmp_path):
    result = run_scr("build", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"scr: {tmp_path}: not a review (no review.toml)"


def test_a_bad_build_time_is_a_usage_error(example_repo):
    result = run_scr("build", str(example_repo), env={"SCR_BUILD_TIME": "yesterday"})
    assert result.returncode == 2
    assert "SCR_BUILD_TIME" in result.stderr and "Traceback" not in result.stderr


def test_a_review_outside_git_still_builds(example_copy, tmp_path):
    result = build(example_copy, tmp_path / "out", clock=fixed_clock)
    assert result.status == "cleared"
    assert result.manifest["commit"] is None
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    assert "Commit: none" in text


def test_check_problems_are_counted_not_fatal(example_repo, tmp_path):
    finding = example_repo / "findings/F-04.md"
    text = finding.read_text(encoding="utf-8")
    # A problem that loses nothing from the draft (an unresolved reference would: see
    # test_faults_build.py): the finding's priority given as words.
    finding.write_text(
        re.sub(r"(?m)^priority = \d+$", 'priority = "high"', text, count=1), encoding="utf-8"
    )
    result = run_scr("build", str(example_repo), "--out", str(tmp_path / "out"), env=FIXED)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out/publication/manifest.json").read_text("utf-8"))
    assert manifest["problems"] == 1
    assert "1 problem(s)" in result.stdout
