"""What the draft says: cross-references, the audit trail, and what it must never say."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import git, run_scr
from scrtui.publish import build
from scrtui.publish.mdtext import fit_headings, month_year
from scrtui.store.loader import load


def clock():
    return datetime(2025, 8, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example review as a git repository, built once in-process: (root, report.md)."""
    root = tmp_path_factory.mktemp("audit") / "review"
    assert run_scr("init", "--example", str(root)).returncode == 0
    result = build(root, clock=clock)
    assert result.cleared, result.reasons
    return root, (root / "build/publication/report.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    level = heading.split(" ", 1)[0]
    rest = text[start + len(heading) :]
    end = re.search(rf"^#{{1,{len(level)}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def test_references_become_readable_links(example):
    _, text = example
    assert not re.search(r"(?<!\\)\[(SRC|CH|KPE|F|CHL|LOE)-\d+\](?!\()", text)
    assert "\\[[Key practice episode 2](#kpe-02)\\]" in text
    assert "\\[[Finding 1](#f-01)\\]" in text
    assert "\\[[chronology entry 22](#chronology-entries-cited)\\]" in text
    assert "\\[[source 17 (performance data, children's social care)](#sources-cited)\\]" in text
    assert "[challenge 2](#chl-002)" in text


def test_sources_are_described_by_kind_and_agency_never_by_title_or_notes(example):
    root, text = example
    for source in load(root).model.sources:
        if source.kind != "policy/procedure":  # a procedure's name may be cited in prose
            assert source.title not in text, source.id
        if source.location:
            assert source.location not in text
        for sentence in source.notes.split(". "):
            if len(sentence) > 30:
                assert sentence not in text, source.id
    table = section(text, "### Sources cited")
    assert "| 9 | Practitioner conversation | GP practice | full | June 2025 |" in table


def test_the_chronology_itself_is_not_published(example):
    root, text = example
    model = load(root).model
    for entry in model.chronology:
        assert entry.what not in text
        assert entry.what[:40] not in text, entry.id
    table = section(text, "### Chronology entries cited")
    assert "| 22 | November 2024 | Health visiting service | source 2 |" in table
    assert "| 13 | around September 2024 | Police | source 4 |" in table
    assert not re.search(
        r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
        r"September|October|November|December) 20\d\d\b",
        text,
    )


def test_each_finding_shows_what_it_rests_on(example):
    _, text = example
    reached = section(text, "#### Finding 2: ")
    assert (
        "**Key practice episodes:** [Key practice episode 3](#kpe-03), "
        "[Key practice episode 4](#kpe-04)" in reached
    )
    assert "**Chronology entries cited in the finding:** [chronology entry 26]" in reached
    assert "**Chronology entries behind those episodes:**" in reached
    assert "[source 17](#sources-cited)" in reached
    assert "**Peer challenges:** [challenge 1](#chl-001)" in reached


def test_contributory_factors_by_category(example):
    root, text = example
    factors = section(text, "### Contributory factors by category")
    model = load(root).model
    categories = {f.category for e in model.episodes for f in e.factors}
    names = {"family-interaction": "Family interaction"}
    for category in categories:
        assert f"#### {names.get(category, category.capitalize())}" in factors
    count = sum(len(e.factors) for e in model.episodes)
    assert factors.count("\n- [Key practice episode ") == count
    assert "contributory factor (this case): Read alone, the notification" in factors


def test_checklist_status_of_every_marker(example):
    root, text = example
    checklist = section(text, "### Checklist status of the quality markers")
    for marker in load(root).model.markers:
        block = section(checklist, f"#### {marker.title}\n")
        for question in marker.questions:
            assert f"- **{question.id}**, {question.status}: " in block


def test_peer_challenges_with_their_responses(example):
    _, text = example
    challenges = section(text, "### Peer challenge")
    assert "#### Challenge 1, on Finding 2 {#chl-001}" in challenges
    assert "*Raised by Helen Marsh in July 2025. Status: resolved.*" in challenges
    assert "The finding has been rewritten around the conflict" in challenges
    assert "#### Challenge 2, on Key practice episode 2 {#chl-002}" in challenges
    assert "No response yet." in challenges
    assert "has not signed off any version" in challenges


def test_sign_offs_appear_in_the_audit_trail(example_repo, tmp_path):
    git("config", "user.name", "Helen Marsh", cwd=example_repo)
    result = run_scr("signoff", "--with-open", "-C", str(example_repo))
    assert result.returncode == 0, result.stderr
    built = build(example_repo, tmp_path / "out", clock=clock)
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    sha = git("rev-parse", "HEAD", cwd=example_repo)[:12]
    assert f"- Sign-off 1: commit `{sha}`, by Helen Marsh," in text
    assert "Challenges still open at sign-off: [challenge 2](#chl-002)." in text
    assert built.cleared


def test_provenance(example):
    root, text = example
    provenance = section(text, "### Provenance")
    sha = git("rev-parse", "HEAD", cwd=root).strip()
    assert f"- Commit: `{sha}`" in provenance
    assert "- Working tree: clean" in provenance
    assert "- Commit message: Start review: the example review" in provenance
    assert "- Built (UTC): 2025-08-01T09:30:00Z" in provenance
    assert "- Tool: scr " in provenance
    assert re.search(r"- Content hash \(SHA-256\): `[0-9a-f]{64}`", provenance)


def test_commit_messages_are_anonymised_and_checked(example_repo, tmp_path):
    (example_repo / "purpose.md").write_text(
        (example_repo / "purpose.md").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    git("commit", "-qam", "Talked to Kerry Hartley and Mr Zbigniewski", cwd=example_repo)
    result = build(example_repo, tmp_path / "out", clock=clock)
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    assert "- Commit message: Talked to Mother and Mr Zbigniewski" in text
    assert "Kerry" not in text
    open_ones = [c for c in result.candidates if c.allowed is None]
    assert [(c.text, c.source) for c in open_ones] == [
        ("Zbigniewski", f"git commit {git('rev-parse', 'HEAD', cwd=example_repo)[:12]}")
    ]


def test_priority_orders_the_findings_and_the_summary(example_repo, tmp_path):
    path = example_repo / "findings/F-04.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("priority = 4", "priority = 1", 1),
        encoding="utf-8",
    )
    path = example_repo / "findings/F-01.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("priority = 1", "priority = 5", 1),
        encoding="utf-8",
    )
    build(example_repo, tmp_path / "out", clock=clock)
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    summary = section(text, "## Summary of findings")
    items = re.findall(r"^\d+\. \[Finding (\d+):", summary, re.M)
    assert items == ["2", "4", "3", "1"] or items == ["4", "2", "3", "1"]
    assert text.index("{#f-04}") < text.index("{#f-03}") < text.index("{#f-01}")


def test_names_everywhere_are_replaced(example_repo, tmp_path):
    """Headings, tables, link text and targets, image alt text, quoted front matter."""
    section_file = example_repo / "report/02-the-review-process.md"
    section_file.write_text(
        section_file.read_text(encoding="utf-8")
        + "\n## What Kerry Hartley told us\n\n"
        + "| Who | Where |\n|---|---|\n| Liam Doyle | Fellside Road |\n\n"
        + "See [Alfie's record](https://example.org/records/alfie-hartley) and "
        + "![Tayla at St Aidan's](https://example.org/photos/tayla.png).\n",
        encoding="utf-8",
    )
    path = example_repo / "episodes/KPE-01.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'standard = "Maternity guideline',
            'standard = "As Sarah Whitfield read it, the guideline',
        ),
        encoding="utf-8",
    )
    result = build(example_repo, tmp_path / "out", clock=clock)
    out = tmp_path / "out/publication"
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "### What Mother told us" in text
    assert (
        "| Mother's partner | The family's street |" in text
        or "| Mother's partner | the family's street |" in text
    )
    assert "[Child A's record](https://example.org/records/child-a)" in text
    # (an image's target must be https or http to stay a link: see test_faults_hostile.py)
    assert "![Sibling at the primary school](https://example.org/photos/sibling.png)" in text
    assert "As the health visitor read it, the guideline" in text
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "[Image: Sibling at the primary school]" in page
    assert 'href="https://example.org/records/child-a"' in page
    assert result.status in ("cleared", "not cleared")
    for name in ("report.md", "report.html", "manifest.json"):
        data = (out / name).read_text(encoding="utf-8")
        for word in (
            "Kerry",
            "Hartley",
            "Liam",
            "Doyle",
            "Fellside",
            "Alfie",
            "alfie",
            "Tayla",
            "tayla",
            "Aidan",
            "Whitfield",
        ):
            assert word not in data, (name, word)


def test_headings_are_fitted_under_their_place():
    text = "# Title\n\nText\n\n### Deep\n\nSetext\n------\n\n#### Deeper\n"
    assert fit_headings(text, parent=1, shift=1) == (
        "## Title\n\nText\n\n### Deep\n\n### Setext\n\n#### Deeper\n"
    )
    assert fit_headings("No headings here.", parent=3, shift=2) == "No headings here."
    assert fit_headings("# A\n## B\n### C\n#### D", parent=4, shift=4) == (
        "##### A\n###### B\n###### C\n###### D"
    )


def test_dates_are_published_as_months():
    from datetime import date

    assert month_year(date(2024, 11, 14)) == "November 2024"
    assert month_year(date(2024, 11, 14), "year") == "2024"
    assert month_year(date(2024, 11, 14), "approximate") == "around November 2024"
    assert month_year(None) == "date not known"


def test_a_minimal_review_builds(tmp_path, template_path):
    """A review just started from the template: nothing written yet, still a draft."""
    import shutil

    root = tmp_path / "new"
    shutil.copytree(template_path, root)
    result = build(root, tmp_path / "out", clock=clock)
    assert result.status == "cleared", result.reasons
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    assert text.startswith("# Untitled review\n")
    assert "The review has no findings yet." in text
    assert Path(tmp_path / "out/publication/report.docx").stat().st_size > 0
