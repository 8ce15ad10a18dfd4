"""The draft (or the briefing) as PDF: the finished HTML page, with a print stylesheet, laid
out by WeasyPrint.

WeasyPrint is an optional extra (`pip install 'scrtui[pdf]'`): it needs Pango, and most
reviewers never print from scr. The PDF has a running header (the document's title), page
numbers ("Page 3 of 12") and the contents list with each heading's page (CSS
`target-counter`). Its metadata (title, author, subject, keywords) is made from the
anonymised title and the label-only words passed in, and the gate reads it back like the
text (extract.pdf_texts).
"""

from __future__ import annotations

import importlib
import os
import re
from datetime import datetime
from html import escape

INSTALL = "pip install 'scrtui[pdf]'"

# After the page's own CSS, so it wins; WeasyPrint lays out for print, so the page's
# @media print rules apply first.
PDF_CSS = """
@page {
  size: A4; margin: 2.2cm 2cm 2cm 2cm;
  @top-left { content: string(doctitle); font-size: 8.5pt; color: #505a5f;
    font-family: "Liberation Sans", "DejaVu Sans", sans-serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt;
    color: #505a5f; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; }
}
@page :first { @top-left { content: none; } }
body { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt;
  line-height: 1.4; }
h1 { string-set: doctitle content(); font-size: 20pt; margin-top: 0; }
h2 { font-size: 14pt; margin-top: 1.4em; }
h3 { font-size: 12pt; margin-top: 1.2em; }
h4 { font-size: 11pt; }
nav { display: block; border: none; padding: 0; margin: 1em 0 1.5em; }
nav ol { list-style: none; padding-left: 0; }
nav ol ol { padding-left: 1.2em; }
nav a::after { content: leader(".") target-counter(attr(href url), page); }
.print-stamp { position: fixed; top: -1.6cm; right: 0; font-size: 8.5pt; }
pre, code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; }
pre { white-space: pre-wrap; }
table { font-size: 9pt; }
""".strip()

# The briefing must fit one or two pages: tighter, and its provenance in small print.
BRIEFING_CSS = """
@page { margin: 1.6cm 1.7cm 1.6cm 1.7cm; }
body { font-size: 9.5pt; line-height: 1.3; }
h1 { font-size: 16pt; margin-bottom: 0.3em; }
h2 { font-size: 12pt; margin: 0.9em 0 0.3em; }
h3 { font-size: 10.5pt; margin: 0.7em 0 0.2em; }
p, ul, ol { margin: 0.25em 0; }
li { margin: 0.05em 0; }
#about-this-briefing ~ * { font-size: 7.5pt; color: #505a5f; }
#provenance { font-size: 8pt; }
""".strip()

_HEAD_END = "</head>"


def available() -> str | None:
    """None when PDF can be made; else the one line that says how to install it. Imported,
    not only looked for: WeasyPrint installed without Pango fails on import (OSError)."""
    missing = []
    for name in ("weasyprint", "pypdf", "pypdfium2"):
        try:
            importlib.import_module(name)
        except (ImportError, OSError):
            missing.append(name)
    if missing:
        return f"PDF needs {', '.join(missing)}, not installed here: {INSTALL}"
    return None


def pdf_page(
    page: str, *, author: str, subject: str, keywords: list[str], compact: bool = False
) -> str:
    """The finished HTML page as WeasyPrint should print it: the PDF stylesheet and the
    metadata WeasyPrint copies into the PDF (author, description as subject, keywords)."""
    css = PDF_CSS + ("\n" + BRIEFING_CSS if compact else "")
    meta = (
        f'<meta name="author" content="{escape(author)}">\n'
        f'<meta name="description" content="{escape(subject)}">\n'
        f'<meta name="keywords" content="{escape(", ".join(keywords))}">\n'
        f"<style>\n{css}\n</style>\n"
    )
    page = re.sub(r'<meta name="generator"[^>]*>\n', "", page, count=1)  # no tool in Creator
    return page.replace(_HEAD_END, meta + _HEAD_END, 1)


def render_pdf(page: str, fixed: datetime) -> bytes:
    """The PDF of a page made by `pdf_page`. Same page, same bytes: the embedded fonts' own
    timestamps (fontTools writes "now" into each subset's head table unless
    SOURCE_DATE_EPOCH says otherwise) carry `fixed`, the commit's date, like the docx."""
    from weasyprint import HTML  # noqa: PLC0415 - optional, and slow to import

    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(fixed.timestamp()))
    try:
        pdf: bytes = HTML(string=page, base_url=None).write_pdf(uncompressed_pdf=False)
        return pdf
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
