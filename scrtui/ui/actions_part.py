"""The Actions part: the improvement plan's records, and the plan's own checklist.

The records are actions/ACT-*.toml, listed under the finding each answers and edited with the
form every record part uses (editing.rows, editing.forms). The checklist is not a marker's: it
is the plan as `scr check` and `scr actions` see it (`scrtui.actions.checklist`), read from the
open documents so that it follows the form while it is typed in, then the problems `scr check`
found in the action files. Enter on a line opens its place.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets.option_list import Option

from .. import actions as plan_rules
from ..problems import Problem
from .checklist import ChecklistList, ChecklistPanel
from .handover import focus_now
from .messages import ProblemSelected
from .part_editor import PartEditor

GLYPHS = {
    plan_rules.MET: ("[x]", "green"),
    plan_rules.TO_DO: ("[ ]", "bold yellow"),
    plan_rules.NOT_YET: ("[-]", "dim"),
}
SHORT = {"response": "responses", "due": "on time", "dropped": "reasons", "impact": "impact"}


class PlanChecklistList(ChecklistList, inherit_bindings=False):
    """The plan's checks and the action files' problems; Enter opens the place."""

    BINDINGS = [Binding("enter", "open", "Open the place (or add the action it needs)")]

    async def action_open(self) -> None:
        panel = self.parent_panel
        if isinstance(panel, PlanChecklist):
            await panel.open(self.highlighted)


class PlanChecklist(ChecklistPanel):
    """The checklist of the Actions part, with a one-line summary as its title."""

    def __init__(self) -> None:
        super().__init__("actions")
        self.entries: list[plan_rules.CheckItem | Problem | None] = []

    def compose(self) -> ComposeResult:
        yield Static("Checklist", classes="checklist-title")
        yield PlanChecklistList()

    def rebuild(self) -> None:
        from ..current_day import today  # noqa: PLC0415
        from ..editing.plan import live_review  # noqa: PLC0415

        app = self.app
        title = self.query_one(".checklist-title", Static)
        listing = self.query_one(PlanChecklistList)
        highlighted = listing.highlighted
        listing.clear_options()
        self.entries = []
        if app.loaded is None:
            title.update("Checklist: checking the review...")
            return
        review = live_review(app.session, app.loaded.model)
        items = plan_rules.checklist(plan_rules.plan(review, today()), plan_rules.published(review))
        problems = plan_rules.action_problems(app.problems)
        options: list[Option] = []
        summary = []
        for check, heading in plan_rules.CHECKS:
            mine = [item for item in items if item.check == check]
            if not mine:
                continue
            met = sum(1 for item in mine if item.state == plan_rules.MET)
            summary.append(f"{SHORT[check]} {met}/{len(mine)}")
            options.append(
                Option(Text(f"{heading}: {met}/{len(mine)}", style="bold"), disabled=True)
            )
            self.entries.append(None)
            for item in mine:
                glyph, style = GLYPHS[item.state]
                options.append(Option(Text.assemble((glyph, style), " ", item.text)))
                self.entries.append(item)
        count = len(problems)
        heading = (
            f"Problems scr check finds in actions/: {count} (Enter opens the field)"
            if count
            else "No problems in actions/ (scr check)"
        )
        options.append(Option(Text(heading, style="bold" if count else "green"), disabled=True))
        self.entries.append(None)
        for problem in problems:
            options.append(Option(Text(str(problem), style="red")))
            self.entries.append(problem)
        if count:
            summary.append(f"{count} problem{'s' if count != 1 else ''}")
        listing.add_options(options)
        selectable = [i for i, entry in enumerate(self.entries) if entry is not None]
        if selectable:
            keep = highlighted is not None and highlighted in selectable
            listing.highlighted = highlighted if keep else selectable[0]
        title.update("Checklist: " + " | ".join(summary or ["no actions yet"]) + "  (F4)")

    async def open(self, index: int | None) -> None:
        """Go to the place of the line under the cursor: a problem's field, the action's field
        to fill in, or, for a finding nothing answers yet, a new action answering it."""
        if index is None or not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        if isinstance(entry, Problem):
            self.post_message(ProblemSelected(entry))
            return
        if entry is None:
            return
        part = self.query_ancestor(ActionsPart)
        if not entry.path:
            part.records.add_answering(entry.finding)
            return
        if entry.key == "evidence":
            first_evidence = f"{entry.path}#evidence=0"
            if await part.select_key(first_evidence):
                part.editor.focus_field(None)
                return
            await part.select_key(entry.path)
            focus_now(part.records)
            self.notify(
                f"{entry.action} has no evidence of impact: press a, then 'Evidence of "
                "impact', to add what shows the action made a difference."
            )
            return
        if await part.select_key(entry.path):
            part.editor.focus_field(entry.key)


class ActionsPart(PartEditor):
    """actions/: the list, the form of the action under the cursor, the plan's checklist."""

    def __init__(self) -> None:
        super().__init__("actions")

    def make_checklist(self) -> ChecklistPanel:
        return PlanChecklist()

    def refresh_labels(self, rels: set[str] | None = None) -> None:
        """Relabel (an action's state follows its status and due date as they are typed)
        and check the plan again."""
        super().refresh_labels(rels)
        if self.ready:
            self.checklist.rebuild()

    def review_loaded(self) -> None:
        """The review was checked again (after a save, a reload): its problems are new."""
        if self.ready:
            self.checklist.rebuild()
