"""Issue 11 item 4: the month-level timeline in the publication, only when review.toml asks,
anonymised and gated like every other text."""

from __future__ import annotations

from conftest import git, run_scr
from scrtui.publish import build
from scrtui.publish.extract import file_texts
from spreadsheets import write_csv

FIXED = {"SCR_TODAY": "2025-06-01"}


def ask_for_the_timeline(root, value: str = "true") -> None:
    review = root / "review.toml"
    text = review.read_text("utf-8")
    assert "include_action_plan = false" in text
    review.write_text(
        text.replace(
            "include_action_plan = false",
            f"include_timeline = {value}\ninclude_action_plan = false",
            1,
        ),
        "utf-8",
    )


def publication_texts(root) -> dict[str, str]:
    folder = root / "build/publication"
    return {
        p.name: "\n".join(file_texts(p.name, p.read_bytes()))
        for p in sorted(folder.iterdir())
        if p.suffix in (".md", ".html", ".docx", ".json")
    }


def test_no_timeline_unless_review_toml_asks(example_repo):
    result = build(example_repo)
    assert result.cleared
    for name, text in publication_texts(example_repo).items():
        assert "Contacts by agency" not in text, name


def test_the_timeline_is_in_every_format_month_by_month(example_repo):
    ask_for_the_timeline(example_repo)
    git("commit", "-qam", "The timeline in the draft", cwd=example_repo)
    result = build(example_repo)
    assert result.cleared, result.reasons
    md = (example_repo / "build/publication/report.md").read_text("utf-8")
    section = md[md.index("## Timeline {#timeline}") : md.index("## Conclusions")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "2024" in line]
    assert rows[0].startswith("| March 2024 | Maternity and acute hospital services (2) | ")
    assert "[Episode 1](#kpe-01): Who lived in the household" in rows[0]
    assert "Episode 1](#kpe-01): " not in rows[1]  # the title once, in its first month
    assert "**the incident**" in section.splitlines()[-3] or "**the incident**" in section
    assert "- [Timeline](#timeline)" in md  # in the contents
    assert "14 February" not in section and "2025-02-11" not in section  # months only
    texts = publication_texts(example_repo)
    for name in ("report.html", "report.docx"):
        assert "Contacts by agency" in texts[name], name
        assert "March 2024" in texts[name], name
    html = (example_repo / "build/publication/report.html").read_text("utf-8")
    assert '<h2 id="timeline">Timeline</h2>' in html


def test_a_registered_name_in_an_imported_row_or_an_episode_title_never_reaches_it(
    example_repo, tmp_path
):
    """The agencies' own rows carry real names; the timeline shows what the reviewer named
    (agencies, episodes) through the anonymiser, and months without contact are marked."""
    sheet = write_csv(
        tmp_path / "police.csv",
        [
            [
                "12/06/2023",
                "",
                "Call",
                "Kerry Hartley rang about Liam Doyle at Fellside Road.",
                "",
                "",
                "",
            ],
            ["03/09/2023", "", "Visit", "Officers saw Alfie Hartley with Kerry.", "", "", ""],
        ],
    )
    imported = run_scr(
        "import", "chronology", str(sheet), str(example_repo), "--agency", "police", env=FIXED
    )
    assert imported.returncode == 0, imported.stderr
    episode = example_repo / "episodes/KPE-01.md"
    text = episode.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title = "))
    episode.write_text(
        text.replace(title, 'title = "What Kerry Hartley told the midwife"', 1), "utf-8"
    )
    ask_for_the_timeline(example_repo)
    git("commit", "-qam", "The timeline, and an episode retitled", cwd=example_repo)
    result = build(example_repo)
    assert result.publication and not result.found
    md = (example_repo / "build/publication/report.md").read_text("utf-8")
    section = md[md.index("## Timeline {#timeline}") : md.index("## Conclusions")]
    assert "| June 2023 | Police (1) |" in section
    assert "| July 2023 | *no contact recorded by any agency* |" in section
    assert "| September 2023 | Police (1) |" in section
    assert "What Mother told the midwife" in section
    for name, text in publication_texts(example_repo).items():
        for word in ("Hartley", "Kerry", "Liam", "Doyle", "Fellside", "Alfie"):
            assert word not in text, (name, word)


def test_a_timeline_setting_that_is_not_true_or_false_is_a_problem_at_its_place(example_repo):
    ask_for_the_timeline(example_repo, '"yes"')
    result = run_scr("check", str(example_repo))
    assert result.returncode == 1
    line = next(
        n
        for n, text in enumerate((example_repo / "review.toml").read_text("utf-8").splitlines(), 1)
        if text.startswith("include_timeline")
    )
    assert f"review.toml:{line}:" in result.stdout + result.stderr
    assert "include_timeline" in result.stdout + result.stderr


def test_the_timeline_picture_is_published_beside_the_report_and_scanned(example_repo, tmp_path):
    sheet = write_csv(
        tmp_path / "police.csv",
        [["12/06/2023", "", "Call", "Kerry Hartley rang about Liam Doyle.", "", "", ""]],
    )
    imported = run_scr(
        "import", "chronology", str(sheet), str(example_repo), "--agency", "police", env=FIXED
    )
    assert imported.returncode == 0, imported.stderr
    ask_for_the_timeline(example_repo)
    git("commit", "-qam", "The timeline in the draft", cwd=example_repo)
    result = build(example_repo)
    svg = example_repo / "build/publication/report-timeline.svg"
    assert svg in result.publication
    text = svg.read_text("utf-8")
    assert text.startswith("<svg ") and "Contacts by agency, month by month" in text
    assert ">Police<" in text and ">Episode 1<" in text
    assert "Hartley" not in text and "Liam" not in text
    assert "report-timeline.svg" in {f["name"] for f in result.manifest["files"]}
    md = (example_repo / "build/publication/report.md").read_text("utf-8")
    assert "report-timeline.svg, published beside this report" in md


def test_a_name_in_the_timeline_picture_is_found_by_the_second_line(example_repo, monkeypatch):
    """Were the picture ever to carry a registered name (a bug in the build), the gate reads
    the finished file back, finds it and keeps nothing."""
    from scrtui.publish import timeline_picture

    real = timeline_picture.render

    def leaky(rows, names, order, stamp=None):
        return real(rows, {**names, "police": "Kerry Hartley"}, order, stamp)

    monkeypatch.setattr(timeline_picture, "render", leaky)
    ask_for_the_timeline(example_repo)
    git("commit", "-qam", "The timeline in the draft", cwd=example_repo)
    result = build(example_repo)
    assert result.status == "blocked"
    assert any(f.file == "report-timeline.svg" for f in result.found)
    assert not (example_repo / "build/publication/report-timeline.svg").exists()
    assert result.publication == []


def test_an_uncleared_draft_stamps_its_picture_too(example_repo):
    findings = example_repo / "findings/F-02.md"
    findings.write_text(
        findings.read_text("utf-8") + "\nThe neighbour, Mrs Kowalczyk, moved away.\n", "utf-8"
    )
    ask_for_the_timeline(example_repo)
    result = build(example_repo)
    assert result.status == "not cleared"
    text = (example_repo / "build/publication/report-timeline.svg").read_text("utf-8")
    assert "NOT CLEARED FOR PUBLICATION." in text
