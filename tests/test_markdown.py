"""The heading fast path must agree with markdown-it's parser on every text it accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrtui.resources import example_dir
from scrtui.store.markdown import headings, parsed_headings, sections, split_front_matter

TRICKY = [
    "# Title\n\n## What happened\nText.\n## Local rationality\n\nMore.\n",
    "#No space is not a heading\n## Real one ##\n###### Six\n####### Seven is text\n",
    "  ## Indented by two\n   ### by three\n",
    "Paragraph line\n## interrupts the paragraph\n",
    "## Closing hashes ###   \n## Trailing # inside # title\n##\n",
    "```\n## inside a fence\n```\n## after the fence\n",
    "~~~md\n# hidden\n~~~\n",
    "    ## indented code, not a heading\n\n## heading\n",
    "- list item\n## heading after a list\n",
    "\t# tab indented code\n# heading\n",
]


def _as_tuples(found):
    return [(h.level, h.title, h.line) for h in found]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_path_matches_the_parser(text):
    assert _as_tuples(headings(text, 5)) == _as_tuples(parsed_headings(text, 5))


def test_fast_path_matches_the_parser_on_every_example_file():
    files = sorted(Path(example_dir()).rglob("*.md"))
    assert files
    for path in files:
        split = split_front_matter(path.read_text(encoding="utf-8"))
        fast = _as_tuples(headings(split.body, split.body_line))
        assert fast == _as_tuples(parsed_headings(split.body, split.body_line)), path


def test_sections_have_text_and_heading_lines():
    text = "# T\n\n## A\nOne.\nTwo.\n\n## B\n\n## C\nThree.\n"
    title, found = sections(text, 10)
    assert title.title == "T" and title.line == 10
    assert [(s.title, s.text, s.line) for s in found] == [
        ("A", "One.\nTwo.", 12),
        ("B", "", 16),
        ("C", "Three.", 18),
    ]
