"""The text of a finished publication file, as the second line of defence reads it.

Read back from the bytes written, not from what the build meant to write. For HTML and DOCX,
both the visible text (markup removed, so a name split across runs or tags joins up again) and
every attribute value (link targets, alternative text, bookmarks, document properties).
"""

from __future__ import annotations

import html
import io
import re
import zipfile

_TAG = re.compile(r"<[^>]*>")
_HTML_BREAKS = re.compile(r"</?(?:p|div|h[1-6]|li|tr|td|th|br|nav|main|table|ol|ul|blockquote)"
                          r"\b[^>]*>", re.I)
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_CONTENT_PART = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)"
                           r"\.xml|word/_rels/document\.xml\.rels|docProps/(?:core|app|custom)\.xml")
_XML_BREAKS = re.compile(r"</w:p>|</w:tc>|<w:br/>|<w:tab/>|</a:p>|</cp:\w+>|</dc:\w+>")


def _attributes(markup: str) -> str:
    return "\n".join(html.unescape(a or b) for a, b in _ATTRIBUTE.findall(markup))


def html_texts(data: bytes) -> list[str]:
    """The visible text of an HTML file, and its attribute values."""
    markup = _STYLE.sub("", data.decode("utf-8", errors="replace"))  # scr's own CSS
    visible = html.unescape(_TAG.sub("", _HTML_BREAKS.sub("\n", markup)))
    return [visible, _attributes(markup)]


def docx_texts(data: bytes) -> list[str]:
    """A DOCX's text, read back: its content parts (body, headers, properties, link targets)
    with the markup removed and paragraphs kept apart, and their attribute values.

    python-docx opens it first: a file it cannot read is not a finished file.
    """
    import docx  # noqa: PLC0415

    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    texts = ["\n".join([props.title or "", props.author or "", props.subject or "",
                        props.comments or "", props.keywords or "",
                        props.last_modified_by or "", props.category or ""])]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not _CONTENT_PART.fullmatch(name):
                continue  # styles, theme, fonts: the template's, and full of font names
            markup = package.read(name).decode("utf-8", errors="replace")
            texts.append(html.unescape(_TAG.sub("", _XML_BREAKS.sub("\n", markup))))
            texts.append(_attributes(markup))
    return texts


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


def file_texts(name: str, data: bytes) -> list[str]:
    if name.endswith(".html"):
        return html_texts(data)
    if name.endswith(".docx"):
        return docx_texts(data)
    return [data.decode("utf-8", errors="replace")]
