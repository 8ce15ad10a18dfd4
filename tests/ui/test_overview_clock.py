"""Issue 12 item 4: the Overview speaks the review's kind and keeps its clock: the status at
the top, the kind's milestones as editable dates, overdue items in the warning colour."""

from __future__ import annotations

import tomllib

from conftest import field_widget, save, settle, subjects, type_into
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


def clock_text(app) -> str:
    return str(app.part_widget("overview").query_one(".clock").render())


async def test_the_overview_shows_the_lcspr_clock_and_its_milestones(review, monkeypatch):
    monkeypatch.setenv("SCR_TODAY", "2025-07-28")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.part_widget("overview")
        labels = [fld.label for fld in overview.selected.fields]
        for label in (
            "Kind",
            "Notification",
            "Rapid review",
            "Decision",
            "Report due",
            "Published",
        ):
            assert label in labels, labels
        assert "Referral" not in labels  # an SCR's date, not an LCSPR's
        clock = clock_text(app)
        assert clock.startswith(
            "LCSPR · stage: running · next: Final report to the "
            "safeguarding partners, due 2025-08-29"
        )
        assert "Sources overdue: SRC-019" in clock


async def test_a_milestone_date_set_in_the_overview_is_saved_and_the_clock_follows(
    review, monkeypatch
):
    monkeypatch.setenv("SCR_TODAY", "2025-09-01")  # the report is late
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Overdue: Final report to the safeguarding partners" in clock_text(app)
        overview = app.part_widget("overview")
        await type_into(pilot, overview, "dates.report_due", "2025-09-30", clear=True)
        await save(pilot)
        await settle(pilot)
        dates = tomllib.loads((review / "review.toml").read_text())["dates"]
        assert str(dates["report_due"]) == "2025-09-30"
        assert subjects(review)[0] == "Review: dates.report due changed"
        assert "Overdue: Final report" not in clock_text(app)
        assert field_widget(overview, "dates.report_due").value == "2025-09-30"


async def test_guidance_says_once_that_the_markers_predate_the_kind(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.go_to_part("findings", True)
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot, 1)
        markdown = app.screen.query_one("Markdown")
        text = markdown.source
        assert text.startswith("> The quality markers date from 2016")
        assert text.count("date from 2016") == 1
