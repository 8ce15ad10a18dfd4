"""The text of a finished publication file, as the second line of defence reads it.

Read back from the bytes written, not from what the build meant to write. For HTML and DOCX,
both the visible text (markup removed, so a name split across runs or tags joins up again) and
every attribute value (link targets, alternative text, bookmarks, document properties).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from lxml.etree import ParserTarget, _Element
    from pypdf.generic import Destination

_TAG = re.compile(r"<[^>]*>")
_HTML_BREAKS = re.compile(
    r"</?(?:p|div|h[1-6]|li|tr|td|th|br|nav|main|table|ol|ul|blockquote)"
    r"\b[^>]*>",
    re.I,
)
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_CONTENT_PART = re.compile(
    r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)"
    r"\.xml|word/_rels/document\.xml\.rels|docProps/(?:core|app|custom)\.xml"
)
_XML_BREAKS = re.compile(r"</w:p>|</w:tc>|<w:br/>|<w:tab/>|</a:p>|</cp:\w+>|</dc:\w+>")

_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class UnreadableFile(ValueError):
    """The bytes do not open as the document they should be, so they are not a finished file."""


class UnreadableDocx(UnreadableFile):
    """The bytes are not a Word document that opens, so they are not a finished file."""


def _attributes(markup: str) -> str:
    # One of the two groups is empty in each match. Unescaped once for all: a character
    # reference never spans the line breaks that join the values.
    return html.unescape("\n".join(map("".join, _ATTRIBUTE.findall(markup))))


def html_texts(data: bytes) -> list[str]:
    """The visible text of an HTML file, and its attribute values."""
    markup = _STYLE.sub("", data.decode("utf-8", errors="replace"))  # scr's own CSS
    visible = html.unescape(_TAG.sub("", _HTML_BREAKS.sub("\n", markup)))
    return [visible, _attributes(markup)]


def docx_texts(data: bytes) -> list[str]:
    """A DOCX's text, read back: its content parts (body, headers, properties, link targets)
    with the markup removed and paragraphs kept apart, and their attribute values.

    The package is checked first (`open_docx`): a file that does not open is not a finished
    file, and UnreadableDocx says why.
    """
    names, parts = open_docx(data)
    texts = [_core_properties(parts)]
    for name in names:
        if not _CONTENT_PART.fullmatch(name):
            continue  # styles, theme, fonts: the template's, and full of font names
        markup = parts[name].decode("utf-8", errors="replace")
        texts.append(html.unescape(_TAG.sub("", _XML_BREAKS.sub("\n", markup))))
        texts.append(_attributes(markup))
    return texts


def open_docx(data: bytes) -> tuple[list[str], dict[str, bytes]]:
    """The package's member names, in order, and every part's bytes, once it is known to open.

    What opening it in python-docx would check, without building the body's element tree
    (the slowest part of reading back a long report): the zip and every member's checksum;
    every XML part well-formed, namespaces included; every part that a relationship reaches
    present, with a content type; one main document, of Word's content type. Anything else
    raises UnreadableDocx.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            parts = {name: package.read(name) for name in names}  # read() checks the CRC
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as exc:  # a damaged or odd zip
        raise UnreadableDocx(f"not a readable zip package: {exc}") from exc
    for name, blob in parts.items():
        if name.lower().endswith((".xml", ".rels")):
            _check_xml(name, blob)
    content_types = _content_types(parts)
    seen = {"/"}
    waiting = ["/"]
    while waiting:  # every part that a relationship reaches, from the package down
        source = waiting.pop()
        for _type, target in _relationships(parts, source):
            if target not in seen:
                seen.add(target)
                if target[1:] not in parts:
                    raise UnreadableDocx(f"{target}: the part a relationship names is missing")
                if content_types(target) is None:
                    raise UnreadableDocx(f"{target}: no content type in [Content_Types].xml")
                waiting.append(target)
    main = [
        target for rel_type, target in _relationships(parts, "/") if rel_type == _OFFICE_DOCUMENT
    ]
    if len(main) != 1:
        raise UnreadableDocx(f"{len(main)} main documents, not one")
    if content_types(main[0]) != _WORD_DOCUMENT:
        raise UnreadableDocx(f"not a Word document: {main[0]} is {content_types(main[0])}")
    return names, parts


class _Nothing:
    """A parser target that builds nothing: parsing only checks that the XML is well-formed."""

    def close(self) -> None:
        return None


def _check_xml(name: str, blob: bytes) -> None:
    from lxml import etree  # noqa: PLC0415

    # lxml calls only the target methods it finds; the stubs' ParserTarget names them all.
    target = cast("ParserTarget[None]", _Nothing())
    parser = etree.XMLParser(target=target, resolve_entities=False)
    try:
        etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocx(f"{name}: {exc}") from exc
    # Namespace errors (a prefix never declared) stop a tree parser but only reach a target
    # parser's log.
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    if errors:
        raise UnreadableDocx(f"{name}: {errors[0].message}")


def _parse(parts: dict[str, bytes], name: str) -> _Element:
    from lxml import etree  # noqa: PLC0415

    try:
        return etree.fromstring(parts[name], etree.XMLParser(resolve_entities=False))
    except KeyError as exc:
        raise UnreadableDocx(f"{name} is missing") from exc
    except etree.XMLSyntaxError as exc:  # pragma: no cover - _check_xml has read it
        raise UnreadableDocx(f"{name}: {exc}") from exc


def _content_types(parts: dict[str, bytes]) -> Callable[[str], str | None]:
    """part name ("/word/document.xml") -> its content type, or None; as python-docx finds
    it: the part's override, else its extension's default, both without regard to case."""
    root = _parse(parts, "[Content_Types].xml")
    overrides = {
        o.get("PartName", "").lower(): o.get("ContentType")
        for o in root.iter(f"{{{_CONTENT_TYPES}}}Override")
    }
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType")
        for d in root.iter(f"{{{_CONTENT_TYPES}}}Default")
    }

    def content_type(partname: str) -> str | None:
        if partname.lower() in overrides:
            return overrides[partname.lower()]
        extension = posixpath.splitext(partname)[1]
        return defaults.get(extension[1:].lower() if extension.startswith(".") else "")

    return content_type


def _relationships(parts: dict[str, bytes], source: str) -> list[tuple[str, str]]:
    """(type, target part name) of each internal relationship of a part ("/": the package)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")[1:]
    if rels not in parts:
        return []
    found = []
    for rel in _parse(parts, rels).iter(f"{{{_PACKAGE_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.abspath(posixpath.join(folder, rel.get("Target", "")))
        found.append((rel.get("Type", ""), target))
    return found


def _core_properties(parts: dict[str, bytes]) -> str:
    """The document properties a reader sees (title, author, ...), each as python-docx reads
    it: the first such element's own text, else ""; all "" without a properties part.

    lxml alone, with python-docx's parser settings: the build reads its files back in a
    helper process that has no other use for python-docx, and importing it is slow.
    """
    from lxml import etree  # noqa: PLC0415

    targets = [
        target for rel_type, target in _relationships(parts, "/") if rel_type == _CORE_PROPERTIES
    ]
    if not targets:
        return "\n" * 6
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        root = etree.fromstring(parts[targets[0][1:]], parser)
    except etree.XMLSyntaxError as exc:  # pragma: no cover - _check_xml has read it
        raise UnreadableDocx(f"{targets[0]}: {exc}") from exc
    if root.tag != f"{{{_CP}}}coreProperties":
        raise UnreadableDocx(f"{targets[0]}: not document properties")

    def text(namespace: str, name: str) -> str:
        element = root.find(f"{{{namespace}}}{name}")
        return "" if element is None or element.text is None else element.text

    return "\n".join(
        [
            text(_DC, "title"),
            text(_DC, "creator"),
            text(_DC, "subject"),
            text(_DC, "description"),
            text(_CP, "keywords"),
            text(_CP, "lastModifiedBy"),
            text(_CP, "category"),
        ]
    )


def docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph's text as python-docx gives it, tables and headers included."""
    import docx  # noqa: PLC0415

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs]
    return lines


def pdf_texts(data: bytes) -> list[str]:
    """A PDF's text, read back: every page's text as PDFium lays it out (pypdfium2, compiled:
    pypdf's pure-Python reading took a third of a PDF build), and its metadata (title, author,
    subject, keywords, creator, producer), outline titles and link targets (pypdf).
    UnreadableFile when it does not open."""
    import pypdf  # noqa: PLC0415 - the optional PDF extra
    import pypdfium2 as pdfium  # noqa: PLC0415

    pages: list[str] = []
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableFile(f"not a PDF that opens: {exc}") from exc
    try:
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded().replace("\r\n", "\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    values: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        values += [str(value) for value in (reader.metadata or {}).values()]
        values += _outline_titles(reader.outline)
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                action = action.get_object() if action is not None else {}
                if "/URI" in action:
                    values.append(str(action["/URI"]))
    except (pypdf.errors.PyPdfError, ValueError, KeyError) as exc:
        raise UnreadableFile(f"its metadata could not be read: {exc}") from exc
    return ["\n".join(pages), "\n".join(values)]


def _outline_titles(outline: Sequence[Destination | list[Any]]) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(str(item.title))
    return titles


def file_texts(name: str, data: bytes) -> list[str]:
    if name.endswith((".html", ".svg")):  # an SVG's text and attributes, as HTML's
        return html_texts(data)
    if name.endswith(".docx"):
        return docx_texts(data)
    if name.endswith(".pdf"):
        return pdf_texts(data)
    return [data.decode("utf-8", errors="replace")]
