"""The draft's plain inline runs are tokenised directly, exactly as markdown-it would.

`scrtui.publish.fastinline` makes the tokens of plain text, `[label](#anchor)` links,
`**Label:**` lead-ins, escapes and non-link brackets itself; these tests hold it to
markdown-it's own inline parser (`parseInline`, which ends with its `text_join`, as in the
real pipeline), token for token, on the example review's draft, on a generated review's draft
and on random text. Only public names: markdown-it-py's private ones may change in any release.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from scrtui.publish import build
from scrtui.publish.document import parse, parser
from scrtui.publish.fastinline import inline_tokens
from scrtui.resources import example_dir

REPO = Path(__file__).resolve().parent.parent


def reference(content: str, env: dict | None = None) -> list[Token]:
    """markdown-it's own tokens for an inline run: its inline parser, then its `text_join`."""
    (inline,) = parser(False).parseInline(content, env if env is not None else {})
    return inline.children


def fast(content: str, references: dict | None = None) -> list[Token] | None:
    return inline_tokens(content, parser(False), Token, references)


def inline_contents(markdown: str) -> list[str]:
    return [t.content for t in parse(markdown, fast=False).tokens if t.type == "inline"]


@pytest.fixture(scope="module")
def example_draft(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("fast") / "review"
    shutil.copytree(example_dir(), root)
    build(root)
    return (root / "build" / "publication" / "report.md").read_text("utf-8")


@pytest.fixture(scope="module")
def generated_draft(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("fastgen") / "review"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate_review.py"),
            "--scale",
            "2",
            "--people",
            "60",
            str(root),
        ],
        check=True,
        capture_output=True,
    )
    build(root)
    return (root / "build" / "publication" / "report.md").read_text("utf-8")


@pytest.mark.parametrize("draft", ["example_draft", "generated_draft"])
def test_whole_drafts_parse_to_the_same_tokens(draft, request):
    markdown = request.getfixturevalue(draft)
    slow, quick = parse(markdown, fast=False), parse(markdown, fast=True)
    assert quick.tokens == slow.tokens
    assert quick.headings == slow.headings
    # and the direct path is the one taken for most runs: otherwise it would prove nothing
    contents = inline_contents(markdown)
    taken = sum(fast(c) is not None for c in contents)
    assert taken > 0.8 * len(contents)


@pytest.mark.parametrize(
    "content",
    [
        "**Sources:** [source 15](#sources-cited), [source 89](#sources-cited)",
        "men in the household are invisible \\[[Finding 1](#f-001)\\];",
        "\\[[Finding 5](#f-005)\\] to \\[[Finding 200](#f-200)\\], in order.",
        "**Lead reviewers:** [name withheld] the person concerned",
        "First sentence.\nSecond sentence, after a soft break.",
        "Hard break follows  \n  and the next line's indent is dropped.",
        "[Key practice episode 3](#kpe-003)",
        "A&E at 10 o'clock! Then: home.",
    ],
)
def test_the_common_forms_take_the_direct_path_and_match(content):
    quick = fast(content)
    assert quick is not None
    assert quick == reference(content)


@pytest.mark.parametrize(
    "content",
    [
        "*emphasis*",
        "`code`",
        "![alt](#x)",
        "[link](https://example.org)",
        "&amp; entity",
        "a ~~strike~~",
        "<https://example.org>",
        "x**y**",
        "**y**z",
        "tab\there",
        "back\\",
        "line\\\nbreak",
        "[[nested](#x)]",
        "**Label: **",
    ],
)
def test_other_forms_are_left_to_markdown_it(content):
    assert fast(content) is None


def test_a_bracketed_reference_defined_in_the_document_is_left_to_markdown_it():
    references = {"NAME WITHHELD": {"href": "#x", "title": ""}}
    assert fast("see [name withheld] here", references) is None
    markdown = "see [name withheld] here\n\n[name withheld]: #x\n"
    assert parse(markdown, fast=True).tokens == parse(markdown, fast=False).tokens


FRAGMENTS = [
    "a",
    "Word",
    "x1",
    " ",
    "  ",
    "\n",
    "\n  ",
    ".",
    ",",
    ":",
    ";",
    "'",
    "’",
    "é",
    "-",
    "#",
    "(",
    ")",
    "!",
    "&",
    "amp;",
    "[",
    "]",
    "](#a)",
    "](#f-001)",
    "](x)",
    "*",
    "**",
    "_",
    "\\",
    "\\[",
    "\\]",
    "\\*",
    "`",
    "~",
    "<",
    ">",
    "\t",
    "**Label:**",
    "[name withheld]",
    "[source 1](#sources-cited)",
    "\\[[Finding 1](#f-001)\\]",
    "! [",
    "&#",
    "&x;",
    "&amp;",
    "&copy;",
    "&#38;",
]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=24).map("".join))
def test_random_runs_either_match_markdown_it_or_are_left_to_it(content):
    quick = fast(content)
    if quick is not None:
        assert quick == reference(content)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            FRAGMENTS + ["\n\n", "\n- ", "\n| a | b |\n|---|---|\n| ", "\n## ", "\n> "]
        ),
        max_size=40,
    ).map("".join)
)
def test_random_documents_parse_the_same(markdown):
    quick = parse(markdown, fast=True)
    assert quick.tokens == parse(markdown, fast=False).tokens
