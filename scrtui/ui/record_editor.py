"""The form of one record: a row per field, then its Markdown prose.

Every keystroke is written straight into the record's tomlkit table (or the Markdown body), so
what is on screen is what a save writes; a value that did not change is never rewritten.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from ..editing import fields as f
from ..editing.choices import options as choice_options
from ..editing.fields import Field, FieldError
from ..editing.lines import saved_body_line
from ..editing.refs import Broken, RecordRef, stored_table_of, table_of
from ..editing.session import Invalid
from .handover import OwnKeysFirst
from .messages import RecordEdited

BODY_LABEL = "Text (Markdown, one sentence per line)"


class FieldInput(OwnKeysFirst, Input):
    """A one-line field of a record."""

    def __init__(self, ref: RecordRef, field: Field, value: str) -> None:
        placeholder = {
            "date": "YYYY-MM-DD",
            "ids": "ids, comma separated",
            "names": "comma separated",
        }.get(field.kind, "")
        if field.key == "title":
            placeholder = "a short title: what this record is about (needed)"
        super().__init__(value, placeholder=placeholder, compact=True, select_on_focus=False)
        self.ref, self.field = ref, field


class FieldSelect(Select):
    """A field whose value is one of a fixed set."""

    def __init__(
        self, ref: RecordRef, field: Field, options: list[tuple[str, str]], value: str
    ) -> None:
        super().__init__(options, value=value, allow_blank=False, compact=True)
        self.ref, self.field = ref, field


class FieldArea(OwnKeysFirst, TextArea):
    """A field of several lines (prose in TOML, or a list with one item per line)."""

    def __init__(self, ref: RecordRef, field: Field, value: str) -> None:
        super().__init__(value, soft_wrap=True, compact=True, tab_behavior="focus")
        self.ref, self.field = ref, field


class BodyArea(OwnKeysFirst, TextArea):
    """The Markdown prose of a record, one sentence per line."""

    def __init__(self, ref: RecordRef, text: str) -> None:
        super().__init__(
            text, soft_wrap=True, compact=True, tab_behavior="focus", show_line_numbers=False
        )
        self.ref = ref


class FieldErrorLine(Static):
    """Why the text of the field above is not a valid value (shown under it, in red)."""

    def __init__(self, field_key: str, message: str) -> None:
        super().__init__(message, classes="field-error")
        self.field_key = field_key


class RecordEditor(Vertical):
    """Shows one record's fields and prose, and writes edits into its open document."""

    DEFAULT_CSS = """
    RecordEditor { height: 1fr; width: 1fr; padding: 0 0 0 1; }
    RecordEditor .editor-title { height: 1; text-style: bold; color: $text-accent; }
    RecordEditor .editor-status { height: auto; color: $text-error; }
    RecordEditor .editor-challenge { height: auto; max-height: 3; color: $text-warning;
        display: none; }
    RecordEditor .editor-challenge.-shown { display: block; }
    RecordEditor .fields { height: auto; max-height: 100%; }
    RecordEditor.-has-body .fields { max-height: 45%; }
    RecordEditor .field-row { height: auto; }
    RecordEditor .field-row Label { width: 15; color: $text-muted; }
    RecordEditor .field-row Input, RecordEditor .field-row Select { width: 1fr; }
    RecordEditor .field-row Static.readonly { width: 1fr; }
    RecordEditor .field-row TextArea { width: 1fr; height: auto; max-height: 6; }
    RecordEditor .field-row.-long { layout: vertical; }
    RecordEditor .field-row.-long Label { width: 100%; }
    RecordEditor .field-row.-long TextArea { width: 100%; }
    RecordEditor .body-label { height: 1; color: $text-muted; margin-top: 1; }
    RecordEditor .body-label.-merge-pending { height: auto; color: $text-error;
        text-style: bold; }
    RecordEditor BodyArea { height: 1fr; min-height: 6; }
    RecordEditor Input.-invalid { color: $text-error; text-style: bold; }
    RecordEditor .field-error { height: auto; color: $text-error; padding: 0 0 0 15; }
    RecordEditor .message { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.ref: RecordRef | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="editor-title")
        yield Static("", classes="editor-challenge")
        yield VerticalScroll(classes="fields")
        yield Static("", classes="editor-status")

    @property
    def session(self):
        return self.app.session

    async def show(self, ref: RecordRef | Broken | None, message: str = "") -> None:
        """Replace the form with `ref`'s fields and prose (or say why there is nothing)."""
        self.ref = ref if isinstance(ref, RecordRef) else None
        self.show_challenges([])
        title = self.query_one(".editor-title", Static)
        status = self.query_one(".editor-status", Static)
        status.update("")
        holder = self.query_one(".fields", VerticalScroll)
        await holder.remove_children()
        for old in self.query(".body-label, BodyArea"):
            await old.remove()
        self.set_class(False, "-has-body")
        if isinstance(ref, Broken):
            title.update(f"{ref.rel}: cannot be read")
            text = str(ref.problem) if ref.problem else f"{ref.rel}: cannot be read"
            await holder.mount(
                Static(
                    f"{text}\n\nFix it in a text editor (the line and column are where the parser "
                    "stopped), then press F5 to reload. The rest of the review is editable.",
                    classes="message broken",
                )
            )
            return
        if ref is None:
            title.update("")
            if message:
                await holder.mount(Static(message, classes="message"))
            return
        title.update(ref.title)
        document = self.session.documents.get(ref.rel)
        table = table_of(document, ref) if document is not None else None
        if document is None or (table is None and ref.locator):
            await holder.mount(Static("This record is no longer in its file.", classes="message"))
            return
        rows = []
        for field in ref.fields:
            rows.append(self._row(ref, field, table))
            invalid = self.session.invalid_value(ref.rel, ref.key, field.key)
            if invalid is not None:
                rows.append(FieldErrorLine(field.key, invalid.message))
        if rows:
            await holder.mount_all(rows)
        if ref.body:
            self.set_class(bool(ref.fields), "-has-body")
            await self.mount(Label(BODY_LABEL, classes="body-label"), before=status)
            self._show_merge(ref.rel)
            await self.mount(BodyArea(ref, document.body), before=status)

    def _row(self, ref: RecordRef, field: Field, table) -> Horizontal:
        value = f.get(table, field.key) if table is not None else None
        text = f.to_text(field, value)
        invalid = self.session.invalid_value(ref.rel, ref.key, field.key)
        if invalid is not None:
            text = invalid.text  # what was typed, not the stored value it would replace
        if field.kind == f.READONLY:
            widget = Static(text, classes="readonly")
        elif field.kind in (f.LONG, f.LINES):
            widget = FieldArea(ref, field, text)
        elif field.kind == f.CHOICE:
            widget = FieldSelect(ref, field, choice_options(self.session, field, text), text)
        else:
            widget = FieldInput(ref, field, text)
        if invalid is not None:
            widget.add_class("-invalid")
        long = " -long" if field.kind in (f.LONG, f.LINES) else ""
        return Horizontal(Label(field.label), widget, classes="field-row" + long)

    def show_challenges(self, challenges: list) -> None:
        """Open or responded challenges on this record: who asked, and what (r responds)."""
        line = self.query_one(".editor-challenge", Static)
        line.set_class(bool(challenges), "-shown")
        if not challenges:
            line.update("")
            return
        text = Text(no_wrap=False, overflow="ellipsis")
        for index, challenge in enumerate(challenges):
            section = challenge.sections.get("Challenge")
            asked = " ".join(section.text.split()) if section is not None else ""
            if index:
                text.append("\n")
            text.append(
                f"? {challenge.id} ({challenge.status}, {challenge.raised_by}; r responds): ",
                style="bold",
            )
            text.append(asked)
        line.update(text)

    # -- writing edits -----------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            self._apply(event.input, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.select, FieldSelect) and isinstance(event.value, str):
            event.stop()
            self._apply(event.select, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if isinstance(area, FieldArea):
            event.stop()
            self._apply(area, area.text)
        elif isinstance(area, BodyArea):
            event.stop()
            document = self.session.documents.get(area.ref.rel)
            if document is not None and document.body != area.text:
                document.body = area.text
                self.session.touch(area.ref.rel)
                if area.ref.rel in self.session.merged:
                    self.session.check_markers(area.ref.rel)
                    self._show_merge(area.ref.rel)
                    self.post_message(RecordEdited(area.ref.rel, label_changed=True))
                    return
                self.post_message(RecordEdited(area.ref.rel))

    def _show_merge(self, rel: str) -> None:
        """Above the prose: what to do while it holds conflict markers from a merge."""
        pending = self.session.merge_pending(rel)
        for label in self.query(".body-label").results(Label):
            label.update(pending.message if pending else BODY_LABEL)
            label.set_class(pending is not None, "-merge-pending")

    def _apply(self, widget, text: str) -> None:
        ref, field = widget.ref, widget.field
        session = self.session
        document = session.documents.get(ref.rel)
        try:
            value = f.parse(field, text)
        except FieldError as exc:
            # Keep what was typed (in the field and the session) and what the file says (in
            # the record): the record is not saved until the field is fixed.
            widget.add_class("-invalid")
            self._show_error(widget, str(exc))
            if document is None:
                return
            session.set_invalid(Invalid(ref.rel, ref.key, field.key, field.label, text, str(exc)))
            table = table_of(document, ref, create=True)
            if table is not None:
                f.restore(table, field, stored_table_of(document, ref))
            self.post_message(RecordEdited(ref.rel, label_changed=True))
            return
        widget.remove_class("-invalid")
        was_invalid = session.invalid_value(ref.rel, ref.key, field.key) is not None
        session.clear_invalid(ref.rel, ref.key, field.key)
        self._hide_error(widget)
        if document is None:
            return
        table = table_of(document, ref, create=True)
        if table is None:
            return
        old = f.get(table, field.key)
        if f.same(field, old, value):
            if was_invalid:
                self.post_message(RecordEdited(ref.rel))
            return
        f.write(table, field, value, lambda: stored_table_of(document, ref))
        self.session.touch(ref.rel)
        if field.key == "title" and ref.body and isinstance(old, str):
            self._retitle(document, ref, old, str(value))
        self.post_message(RecordEdited(ref.rel, label_changed=True))

    def _error_line(self, key: str) -> FieldErrorLine | None:
        return next((line for line in self.query(FieldErrorLine) if line.field_key == key), None)

    def _show_error(self, widget, message: str) -> None:
        """The error on the line under its field, scrolled into view (also at 80x24)."""
        line = self._error_line(widget.field.key)
        if line is None:
            line = FieldErrorLine(widget.field.key, message)
            self.query_one(".fields", VerticalScroll).mount(line, after=widget.parent)
        else:
            line.update(message)
        self.call_after_refresh(
            self.query_one(".fields", VerticalScroll).scroll_to_widget, line, animate=False
        )

    def _hide_error(self, widget) -> None:
        line = self._error_line(widget.field.key)
        if line is not None:
            line.remove()

    def _retitle(self, document, ref: RecordRef, old: str, new: str) -> None:
        """Keep the prose's `# Title` heading in step with the title field."""
        lines = document.body.split("\n")
        for index, line in enumerate(lines):
            if line.startswith("# "):
                if line[2:].strip() == old.strip():
                    lines[index] = f"# {new}"
                    document.body = "\n".join(lines)
                    for area in self.query(BodyArea):
                        if area.ref.rel == ref.rel:
                            area.load_text(document.body)
                break

    # -- going to a place --------------------------------------------------------------------
    def focus_field(self, key: str | None, line: int | None = None, col: int | None = None) -> None:
        """Focus the field for `key` ("@body" for the prose, at a file line and column)."""
        if key == "@body":
            for area in self.query(BodyArea):
                document = self.session.documents.get(area.ref.rel)
                body_line = saved_body_line(document)
                if line is not None:
                    row = max(0, line - body_line)
                    area.move_cursor((row, max(0, (col or 1) - 1)), center=True)
                self.screen.set_focus(area)
                return
        for widget in self.query("FieldInput, FieldSelect, FieldArea"):
            if key is None or widget.field.key == key:
                self.screen.set_focus(widget)
                return
        for area in self.query(BodyArea):
            self.screen.set_focus(area)
            return
