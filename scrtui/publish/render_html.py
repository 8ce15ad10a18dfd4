"""The draft as one self-contained HTML file: no scripts, no fonts, no images to fetch.

Accessible by construction: `lang="en"`, one `<h1>`, headings in order, a skip link, a
`<nav>` contents list, table headers with `scope="col"`, and a print stylesheet. Images are
not embedded (a photograph's metadata can identify): each shows as its alternative text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from .document import STAMP_TEXT, Parsed, contents, is_placeholder
from .draft import STAMP

if TYPE_CHECKING:
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

CSS = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; line-height: 1.55; color: #1b1b1b;
  max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 2rem; line-height: 1.2; }
h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 1px solid #b1b4b6; }
h3 { font-size: 1.25rem; margin-top: 2rem; }
h4 { font-size: 1.05rem; margin-top: 1.5rem; }
h5, h6 { font-size: 1rem; }
a { color: #1d4f91; }
a:focus, a:hover { outline: 3px solid #ffbf47; outline-offset: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
th, td { border: 1px solid #b1b4b6; padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #f3f2f1; }
blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid #b1b4b6; }
blockquote.stamp { border: 3px solid #b10e1e; background: #fdecea; color: #5c0000; }
code { font-family: Consolas, "Courier New", monospace; font-size: 0.9em; }
pre { background: #f3f2f1; padding: 0.75rem; overflow-x: auto; }
nav { border: 1px solid #b1b4b6; padding: 0 1rem 0.5rem; margin: 1.5rem 0; }
nav h2 { border: none; margin-top: 1rem; }
nav ol { padding-left: 1.25rem; }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { position: static; }
.image { font-style: italic; }
.print-stamp { display: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  a { color: #000; text-decoration: none; }
  nav, .skip-link { display: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .print-stamp { display: block; position: fixed; top: 0; right: 0; font-weight: bold;
    color: #b10e1e; border: 2px solid #b10e1e; padding: 2pt 6pt; }
  @page { margin: 2cm; }
}
""".strip()


def _nav(parsed: Parsed) -> str:
    items = contents(parsed.headings)
    out = ['<nav aria-labelledby="contents">', '<h2 id="contents">Contents</h2>', "<ol>"]
    level = 2
    for index, heading in enumerate(items):
        while level < heading.level:
            out.append("<ol>")
            level += 1
        while level > heading.level:
            out.append("</ol></li>")
            level -= 1
        link = f'<a href="#{escape(heading.id)}">{escape(heading.text)}</a>'
        deeper = index + 1 < len(items) and items[index + 1].level > heading.level
        out.append(f"<li>{link}" if deeper else f"<li>{link}</li>")
    while level > 2:
        out.append("</ol></li>")
        level -= 1
    out += ["</ol>", "</nav>"]
    return "\n".join(out) + "\n"


def _image(tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[index]
    alt = token.content or "no description"
    return f'<span class="image">[Image: {escape(alt)}]</span>'


TITLE_MARK = "\ue0005\ue000"  # "NOT CLEARED: " before the title, or nothing
PRINT_MARK = "\ue0006\ue000\n"  # the stamp repeated on every printed page, or nothing


def render_html(parsed: Parsed, generator: str) -> str:
    """The page, with the marks `finish_html` fills once the gate has decided."""
    from markdown_it.renderer import RendererHTML  # noqa: PLC0415

    from .document import parser  # noqa: PLC0415

    md = parser()
    renderer = RendererHTML()
    # The rules table is typed as bound methods; it calls a plain function the same way.
    renderer.rules["image"] = _image  # type: ignore[assignment]
    tokens = parsed.tokens
    pieces: list[str] = []
    start = 0
    index = 0
    while index < len(tokens):
        if is_placeholder(tokens, index):
            pieces.append(renderer.render(tokens[start:index], md.options, {}))
            pieces.append(_nav(parsed))
            index += 3
            start = index
            continue
        index += 1
    pieces.append(renderer.render(tokens[start:], md.options, {}))
    body = "".join(pieces)
    title = escape(parsed.title or "Review report")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{escape(generator)}">\n'
        f"<title>{TITLE_MARK}{title}</title>\n"
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        '<a class="skip-link" href="#main">Skip to the report</a>\n'
        f"{PRINT_MARK}"
        f'<main id="main">\n{body}</main>\n</body>\n</html>\n'
    )


def finish_html(page: str, stamp: str | None, fills: dict[str, str]) -> str:
    """The stamp (None: cleared, no stamp) and the late values put into a rendered page."""
    if stamp is None:
        marks = {f"<p>{STAMP}</p>\n": "", TITLE_MARK: "", PRINT_MARK: ""}
    else:
        marks = {
            f"<p>{STAMP}</p>\n": f'<blockquote class="stamp" role="note">\n<p><strong>'
            f"{STAMP_TEXT}.</strong> {escape(stamp)}</p>\n</blockquote>\n",
            TITLE_MARK: "NOT CLEARED: ",
            PRINT_MARK: f'<div class="print-stamp" aria-hidden="true">{STAMP_TEXT}</div>\n',
        }
    marks.update({key: escape(value) for key, value in fills.items()})
    for mark, value in marks.items():
        page = page.replace(mark, value, 1 if mark.startswith("<p>") else -1)
    return page
