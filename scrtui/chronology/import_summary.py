"""What an import says: the rows rejected and the warnings at their places, and what was read
and what is (or, with --dry-run, would be) written, with the names the register lacks."""

from __future__ import annotations

from .import_plan import Plan


def said_lines(plan: Plan) -> list[str]:
    """The rejected rows and the warnings, each at its place (FILE:SHEET!ROW:COL: ...)."""
    lines = [f"{said}; row not imported" for said in plan.rejected]
    return lines + [f"{said.where}: warning: {said.message}" for said in plan.warnings]


def summary_lines(plan: Plan, dry_run: bool, names: bool = True) -> list[str]:
    """What was read, with the column mapping used, and what the import writes (or, with
    `dry_run`, would write); with `names`, the names the register does not hold."""
    table = plan.table
    where = f"{table.path}" + (f", sheet '{table.sheet}'" if table.sheet else "")
    lines = [f"Reading {where} for {plan.agency}; headers in row {plan.columns.header_row}:"]
    lines += [f"  {line}" for line in plan.columns.describe()]
    lines += [f"note: {note}" for note in plan.notes]
    read = len(plan.rows) + len(plan.rejected_rows)
    counts = (
        f"{read:,} rows read: {len(plan.new):,} new, {len(plan.changed):,} changed, "
        f"{len(plan.same):,} already imported, {len(plan.rejected_rows):,} rejected"
    )
    lines.append(counts)

    def done(verb: str) -> str:
        return f"would be {verb}" if dry_run else verb

    if plan.new:
        ids = sorted(r.entry_id for r in plan.new)
        span = ids[0] if len(ids) == 1 else f"{ids[0]} to {ids[-1]}"
        lines.append(f"  {span} {done('added')} to {plan.chronology_rel}, in date order")
    for row in plan.changed:
        lines.append(f"  row {row.number} changed: {row.entry_id} {done('updated')}")
    for entry in plan.gone:
        lines.append(f"  {entry.id} (row {entry.row}) is no longer in the file; it is kept")
    if plan.new or plan.changed:
        said = "new source" if plan.source_is_new else "source"
        lines.append(f'  each cites the {said} {plan.source_id} (kind "agency chronology")')
    if plan.mapping_saved:
        lines.append(
            f"  the column mapping {done('saved')} in {plan.chronology_rel} for the next import"
        )
    if not plan.files:
        lines.append("Nothing new to import.")
    if names and plan.names:
        lines.append(
            "Names and identifiers the register does not hold (register them before "
            "anything is published):"
        )
        width = max(len(f.text) for f in plan.names[:200])
        for finding in plan.names[:200]:
            rows = ", ".join(str(r) for r in finding.rows[:8])
            more = f" and {len(finding.rows) - 8} more" if len(finding.rows) > 8 else ""
            lines.append(
                f"  {finding.kind:<12} {finding.text:<{min(width, 30)}}  "
                f"row{'s' if len(finding.rows) > 1 else ''} {rows}{more}"
            )
        if len(plan.names) > 200:
            lines.append(f"  ... and {len(plan.names) - 200} more")
    return lines
