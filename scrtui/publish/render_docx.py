"""The draft as a Word document: real headings, lists, tables, links and a contents field.

python-docx gives the package, the styles and the core properties; the body is written as
WordprocessingML from the same tokens as the HTML (one parse, one string, one XML parse: fast
for a long report). The zip is rewritten with fixed entry times and order, and the document's
dates come from the commit, so the same commit gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .document import STAMP_TEXT, Parsed, is_placeholder
from .draft import STAMP
from .hostile import link_allowed

if TYPE_CHECKING:
    from docx.document import Document
    from markdown_it.token import Token

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
TEXT_WIDTH = 9026  # twips: A4 less 2.54 cm margins
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_WORK = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # escaped or removed

EXTRA_STYLES = f"""
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
<w:pPr><w:spacing w:after="100"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
<w:pPr><w:spacing w:after="100"/><w:ind w:left="220"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC3"><w:name w:val="toc 3"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
<w:pPr><w:spacing w:after="100"/><w:ind w:left="440"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>
<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>
"""


def _text(value: str) -> str:
    if _TEXT_WORK.search(value) is None:  # most texts: one search instead of four passes
        return value
    return escape(_INVALID_XML.sub("", value))


def _attr(value: str) -> str:
    return escape(_INVALID_XML.sub("", value), {'"': "&quot;"})


def bookmark_name(ident: str, used: set[str]) -> str:
    """Word bookmark names: a letter first, letters, digits and underscores, 40 at most."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", ident)
    if not name[:1].isalpha():
        name = "h_" + name
    name = name[:40]
    base, n = name, 1
    while name in used:
        n += 1
        suffix = f"_{n}"
        name = base[: 40 - len(suffix)] + suffix
    used.add(name)
    return name


class _Writer:
    """Tokens to WordprocessingML paragraphs and tables, as one string."""

    def __init__(self, parsed: Parsed, relate: Callable[[str], str]) -> None:
        self.parsed = parsed
        self.relate = relate  # url -> relationship id for an external hyperlink
        self.out: list[str] = []
        self.used: set[str] = set()
        self.bookmarks = {h.id: bookmark_name(h.id, self.used) for h in parsed.headings}
        self.bookmark_id = 0
        # stack of [kind, num id, items started in this item]
        self.lists: list[list[str | int | bool]] = []
        self.new_nums: list[tuple[int, str]] = []  # (num id, list style): restarted lists
        self.next_num = 100
        self.quote = 0
        self._formats: dict[tuple[bool, ...], tuple[str, dict[str, str]]] = {}  # see `_format`
        self._hyperlinks: dict[tuple[str, str, bool, bool, bool], str] = {}  # see `_hyperlink`

    # -- runs ---------------------------------------------------------------------------------
    def runs(self, children: list[Token], bold_all: bool = False) -> str:
        out: list[str] = []
        bold, italic, strike = int(bold_all), 0, 0
        link: list[str] | None = None
        link_open = ""
        target = out  # where the next run goes: `link` while a link is open, else `out`
        props, written = self._format(bold != 0, False, False, False)
        index, count = 0, len(children)
        while index < count:
            child = children[index]
            index += 1
            kind = child.type
            if kind == "text":
                text = child.content
                run = written.get(text)
                if run is None:
                    run = written[text] = _run(text, props)
                target.append(run)
                continue
            if kind == "link_open":
                if (
                    link is None
                    and index + 1 < count
                    and children[index].type == "text"
                    and children[index + 1].type == "link_close"
                ):
                    # Most links are one text: the whole hyperlink, once for each target,
                    # text and formatting (as the general case below would write it).
                    out.append(
                        self._hyperlink(
                            str(child.attrGet("href") or ""),
                            children[index].content,
                            bold != 0,
                            italic != 0,
                            strike != 0,
                        )
                    )
                    index += 2
                    continue
                link_open = self._link_start(str(child.attrGet("href") or ""))
                link = target = []
            elif kind == "link_close":
                if link is not None:
                    out.append(_element(link_open, "".join(link), "</w:hyperlink>"))
                link, target = None, out
            elif kind == "softbreak":
                target.append(_SPACE_RUN)
                continue
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike -= 1
            elif kind == "code_inline":
                code = _props(bold != 0, italic != 0, strike != 0, True, link is not None)
                target.append(_run(child.content, code))
                continue
            elif kind == "hardbreak":
                target.append("<w:r><w:br/></w:r>")
                continue
            elif kind == "image":
                alt = child.content or "no description"
                target.append(_run(f"[Image: {alt}]", "<w:i/>"))
                continue
            else:
                continue
            # The formatting changed: the texts that follow are written with these properties.
            props, written = self._format(bold != 0, italic != 0, strike != 0, link is not None)
        if link is not None:
            out.extend(link)
        return "".join(out)

    def _format(
        self, bold: bool, italic: bool, strike: bool, link: bool
    ) -> tuple[str, dict[str, str]]:
        """A text run's properties, and the runs already written with them (text -> run).

        A long report repeats the same few texts in the same formatting thousands of times
        (", ", "].", link labels): each is written out once.
        """
        key = (bold, italic, strike, link)
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = (_props(bold, italic, strike, False, link), {})
        return found

    def _link_start(self, href: str) -> str:
        """The opening tag of a hyperlink: to a heading's bookmark, or to an external target."""
        if href.startswith("#") and href[1:] in self.bookmarks:
            return f'<w:hyperlink w:anchor="{self.bookmarks[href[1:]]}">'
        if href.startswith("#") or not href or not link_allowed(href):
            return "<w:hyperlink>"
        return f'<w:hyperlink r:id="{self.relate(href)}">'  # the same target: the same id

    def _hyperlink(self, href: str, text: str, bold: bool, italic: bool, strike: bool) -> str:
        """A hyperlink that holds one text run."""
        key = (href, text, bold, italic, strike)
        found = self._hyperlinks.get(key)
        if found is None:
            props, written = self._format(bold, italic, strike, True)
            run = written.get(text)
            if run is None:
                run = written[text] = _run(text, props)
            found = self._hyperlinks[key] = _element(self._link_start(href), run, "</w:hyperlink>")
        return found

    # -- blocks --------------------------------------------------------------------------------
    def paragraph(self, style: str | None, runs: str, extra: str = "", num: str = "") -> None:
        props = ""
        if style or extra or num:
            props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + num
            props += extra + "</w:pPr>"
        self.out.append(_element("<w:p>", props + runs, "</w:p>"))

    def heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1:])
        ident = str(token.attrGet("id") or "")
        runs = self.runs(inline.children or [])
        name = self.bookmarks.get(ident)
        if name:
            self.bookmark_id += 1
            mark = self.bookmark_id
            runs = (
                f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>{runs}'
                f'<w:bookmarkEnd w:id="{mark}"/>'
            )
        self.paragraph(f"Heading{level}", runs)

    def list_paragraph(self, runs: str) -> None:
        kind, num, started = self.lists[-1]
        depth = min(len(self.lists), 3)
        suffix = "" if depth == 1 else str(depth)
        if started:
            self.paragraph(f"ListContinue{suffix}", runs)
            return
        self.lists[-1][2] = True
        if kind == "bullet":
            self.paragraph(f"ListBullet{suffix}", runs)
        else:
            numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
            self.paragraph(f"ListNumber{suffix}", runs, num=numbering)

    def block_paragraph(self, inline: Token) -> None:
        runs = self.runs(inline.children or [])
        if self.lists:
            self.list_paragraph(runs)
        elif self.quote:
            self.paragraph("Quote", runs)
        else:
            self.paragraph(None, runs)

    def table(self, tokens: list[Token], start: int) -> int:
        """Write the table that opens at tokens[start]; the index after it."""
        rows: list[tuple[bool, list[str]]] = []
        index = start + 1
        header = False
        cells: list[str] = []
        while tokens[index].type != "table_close":
            kind = tokens[index].type
            if kind == "thead_open":
                header = True
            elif kind == "tbody_open":
                header = False
            elif kind == "tr_open":
                cells = []
            elif kind == "tr_close":
                rows.append((header, cells))
            elif kind == "inline":
                cells.append(self.runs(tokens[index].children or [], bold_all=header))
            index += 1
        columns = max((len(c) for _, c in rows), default=1)
        width = TEXT_WIDTH // columns
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        xml = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        ]
        for is_header, row in rows:
            xml.append("<w:tr>")
            if is_header:
                xml.append("<w:trPr><w:tblHeader/></w:trPr>")
            for cell in row + [""] * (columns - len(row)):
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f"{_element('<w:p>', cell, '</w:p>')}</w:tc>"
                )
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self.out.append("".join(xml))
        self.out.append("<w:p/>")  # Word needs a paragraph between a table and what follows
        return index + 1

    def contents(self) -> None:
        """A real TOC field, its result filled in so the list shows before Word updates it."""
        self.paragraph("TOCHeading", _run("Contents", ""))
        entries = [h for h in self.parsed.headings if h.level <= 3]
        field_begin = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        field_end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            self.paragraph("TOC1", field_begin + field_end)
            return
        for index, heading in enumerate(entries):
            name = self.bookmarks.get(heading.id, "")
            runs = _element(
                f'<w:hyperlink w:anchor="{name}" w:history="1">',
                _run(heading.text, ""),
                "</w:hyperlink>",
            )
            if index == 0:
                runs = field_begin + runs
            if index == len(entries) - 1:
                runs += field_end
            self.paragraph(f"TOC{heading.level}", runs)

    def code(self, text: str) -> None:
        props = '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/><w:sz w:val="18"/>'
        lines = text.rstrip("\n").split("\n")
        runs = "<w:r><w:br/></w:r>".join(_run(line, props) for line in lines)
        self.paragraph("NoSpacing", runs)

    def write(self) -> str:
        tokens = self.parsed.tokens
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "paragraph_open" and is_placeholder(tokens, index):
                self.contents()
                index += 3
                continue
            if kind == "heading_open":
                self.heading(token, tokens[index + 1])
                index += 3
                continue
            if kind == "paragraph_open":
                self.block_paragraph(tokens[index + 1])
                index += 3
                continue
            if kind == "table_open":
                index = self.table(tokens, index)
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                num = 0
                if kind == "ordered_list_open":
                    num = self.next_num
                    self.next_num += 1
                    depth = min(len(self.lists) + 1, 3)
                    self.new_nums.append((num, "List Number" + ("" if depth == 1 else f" {depth}")))
                self.lists.append(
                    ["bullet" if kind == "bullet_list_open" else "ordered", num, False]
                )
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open" and self.lists:
                self.lists[-1][2] = False
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind in ("fence", "code_block"):
                self.code(token.content)
            elif kind == "hr":
                self.paragraph(
                    None,
                    "",
                    '<w:pBdr><w:bottom w:val="single" w:sz="6" '
                    'w:space="1" w:color="auto"/></w:pBdr>',
                )
            index += 1
        return "".join(self.out)


_PROP_ORDER = ("<w:rStyle", "<w:rFonts", "<w:b/", "<w:i/", "<w:strike", "<w:color", "<w:sz")


def _order_props(props: list[str]) -> list[str]:
    """Run properties in the order the schema requires (Word refuses others)."""
    return sorted(
        props,
        key=lambda p: next(
            (i for i, start in enumerate(_PROP_ORDER) if p.startswith(start)), len(_PROP_ORDER)
        ),
    )


def _element(start: str, content: str, end: str) -> str:
    """An element as lxml writes it: with no content, one empty-element tag."""
    return start + content + end if content else start[:-1] + "/>"


@cache
def _props(bold: bool, italic: bool, strike: bool, code: bool, link: bool) -> str:
    """A text run's properties, in the schema's order."""
    props = []
    if bold:
        props.append("<w:b/>")
    if italic:
        props.append("<w:i/>")
    if strike:
        props.append("<w:strike/>")
    if code:
        props.append('<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/>')
    if link:
        props.append('<w:rStyle w:val="Hyperlink"/>')
    return "".join(_order_props(props))


def _run(text: str, props: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_element(f'<w:t{space}>', _text(text), '</w:t>')}</w:r>"


_SPACE_RUN = _run(" ", "")  # a soft line break
HEADER_MARK = "\ue0006\ue000"  # the header's stamp on every page, or nothing
BODY_MARK = "\ue0007\ue000"  # where the body goes in word/document.xml
STAMP_PARAGRAPH = f"<w:p>{_run(STAMP, '')}</w:p>"
FINISHED_PARTS = ("word/document.xml", "word/header1.xml")


class DocxDraft:
    """A rendered package whose stamp and late values are not yet filled in."""

    def __init__(self, parts: dict[str, bytes], when: datetime) -> None:
        self.parts = parts
        self.when = when

    def finish(self, stamp: str | None, fills: dict[str, str]) -> bytes:
        """The .docx bytes with the stamp (None: cleared) and the values put in."""
        marks = {
            STAMP_PARAGRAPH: stamp_paragraph(stamp) if stamp is not None else "",
            HEADER_MARK: _text(STAMP_TEXT) if stamp is not None else "",
        }
        marks.update({key: _text(value) for key, value in fills.items()})
        parts = dict(self.parts)
        for name in FINISHED_PARTS:
            if name in parts:
                # In the UTF-8 bytes, not a decoded copy: a mark's bytes match only where the
                # mark is (UTF-8 is self-synchronising), and a long body is not decoded and
                # encoded again.
                xml = parts[name]
                for mark, value in marks.items():
                    xml = xml.replace(mark.encode("utf-8"), value.encode("utf-8"))
                parts[name] = xml
        return _deterministic_zip(parts, self.when)


def stamp_paragraph(text: str) -> str:
    """The NOT CLEARED stamp: a bordered, shaded paragraph in dark red."""
    border = "".join(
        f'<w:{side} w:val="single" w:sz="18" w:space="4" w:color="B10E1E"/>'
        for side in ("top", "left", "bottom", "right")
    )
    red = '<w:color w:val="B10E1E"/>'
    return (
        f'<w:p><w:pPr><w:pBdr>{border}</w:pBdr><w:shd w:val="clear" w:color="auto" '
        f'w:fill="FDECEA"/></w:pPr>{_run(STAMP_TEXT + ".", "<w:b/>" + red)}'
        f"{_run(' ' + text, red)}</w:p>"
    )


def render_docx(parsed: Parsed, *, title: str, fixed: datetime) -> DocxDraft:
    """The package. `fixed` (the commit's date) is every date the package carries."""
    import docx  # noqa: PLC0415 - python-docx and lxml load only when a DOCX is built
    from docx.oxml import parse_xml  # noqa: PLC0415
    from docx.shared import Mm  # noqa: PLC0415

    document = docx.Document()
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)  # the template's picture of an empty page
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25.4)
    section.top_margin = section.bottom_margin = Mm(25.4)
    styles = document.styles.element
    for style in parse_xml(EXTRA_STYLES):
        styles.append(style)
    section.header.paragraphs[0].add_run(HEADER_MARK).bold = True

    def relate(url: str) -> str:
        return document.part.relate_to(url, HYPERLINK, is_external=True)

    writer = _Writer(parsed, relate)
    body_xml = writer.write()
    body = document.element.body
    sect = body[-1]
    for child in list(body)[:-1]:
        body.remove(child)
    # The body goes in as text after the package is saved, in place of this one paragraph:
    # a long report is neither parsed into lxml nor serialised out of it again. The body is
    # written as lxml would write it (the tests compare the two), so the bytes are the same.
    sect.addprevious(parse_xml(f'<w:p xmlns:w="{W}"><w:r><w:t>{BODY_MARK}</w:t></w:r></w:p>'))
    if writer.new_nums:
        _add_numbering(document, writer.new_nums)

    props = document.core_properties
    props.author = "scr"
    props.last_modified_by = "scr"
    props.title = title
    props.subject = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    naive = fixed.replace(tzinfo=None, microsecond=0)
    props.created = naive
    props.modified = naive
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as package_zip:
        parts = {name: package_zip.read(name) for name in package_zip.namelist()}
    mark = f"<w:p><w:r><w:t>{BODY_MARK}</w:t></w:r></w:p>".encode()
    around = parts["word/document.xml"].split(mark)
    if len(around) != 2:  # pragma: no cover - python-docx wrote the body otherwise
        raise RuntimeError("the body's place in word/document.xml was not found")
    # Spliced in as UTF-8 bytes: the long body is encoded once and never copied as text.
    parts["word/document.xml"] = b"".join((around[0], body_xml.encode("utf-8"), around[1]))
    return DocxDraft(parts, naive)


def _add_numbering(document: Document, nums: list[tuple[int, str]]) -> None:
    """One numbering instance per ordered list, so each list starts again at 1."""
    from docx.oxml import parse_xml  # noqa: PLC0415

    numbering = document.part.numbering_part.element

    def abstract_of(style_name: str) -> list[str]:
        style = document.styles[style_name].element
        base = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        return (
            numbering.xpath(f'./w:num[@w:numId="{base[0]}"]/w:abstractNumId/@w:val') if base else []
        )

    for num, style_name in nums:
        abstract = abstract_of(style_name) or abstract_of("List Number")
        if not abstract:
            continue
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W}" w:numId="{num}"><w:abstractNumId w:val="{abstract[0]}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        )


def _deterministic_zip(parts: dict[str, bytes], when: datetime) -> bytes:
    """The package with fixed entry times and order: same content, same bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            # the fastest deflate level: a third of the default's time, a slightly larger file
            target.writestr(info, parts[name], compresslevel=1)
    return out.getvalue()
