"""The build's machinery: offsets through anonymisation, the helper process, one-process builds."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrtui.anonymise import Anonymiser
from scrtui.model import Register, RegisterEntry
from scrtui.publish import build
from scrtui.publish.background import NO_FORK_ENV, Worker
from scrtui.publish.locate import OffsetMap


def clock():
    return datetime(2025, 8, 1, 9, 30, tzinfo=UTC)


def test_offsets_map_both_ways_through_anonymisation():
    register = Register(
        [RegisterEntry("P-01", "person", "Alfie Hartley", "Child A", ["Alf"], "child")]
    )
    text = "Seen with Alfie Hartley at home. Later, Alf said NE6 5TT was wrong."
    result = Anonymiser.from_register(register).apply(text)
    offsets = OffsetMap(result.replacements)
    for word in ("Seen", "home", "Later", "said", "NE6 5TT", "wrong"):
        raw, out = text.index(word), result.text.index(word)
        assert offsets.raw(out) == raw
        assert offsets.out(raw) == out
    # inside a label, the offset maps to where the name stood
    assert offsets.raw(result.text.index("Child A") + 3) == text.index("Alfie")
    assert offsets.out(text.index("Hartley")) == result.text.index("Child A")


def test_worker_answers_from_the_child():
    with Worker(lambda: lambda n: (os.getpid(), n * 2)) as worker:
        worker.ask(21)
        pid, value = worker.answer()
    assert value == 42
    assert pid != os.getpid()


def test_a_failing_child_is_answered_here(monkeypatch):
    calls = []

    def prepare():
        calls.append(os.getpid())
        if len(calls) == 1 and os.getpid() != parent:
            os._exit(3)  # the child dies without answering
        return lambda n: n + 1

    parent = os.getpid()
    with Worker(prepare) as worker:
        worker.ask(1)
        assert worker.answer() == 2
    assert calls[-1] == parent


def test_without_fork_the_step_runs_here(monkeypatch):
    monkeypatch.setenv(NO_FORK_ENV, "1")
    with Worker(lambda: lambda n: (os.getpid(), n)) as worker:
        worker.ask("x")
        assert worker.answer() == (os.getpid(), "x")


def test_an_unanswered_worker_leaves_no_child_behind():
    worker = Worker(lambda: lambda n: n)
    pid = worker._pid
    worker.close()
    if pid is not None:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_one_process_and_two_give_the_same_bytes(example_repo, tmp_path, monkeypatch):
    build(example_repo, tmp_path / "two", clock=clock)
    monkeypatch.setenv(NO_FORK_ENV, "1")
    build(example_repo, tmp_path / "one", clock=clock)
    for folder in ("publication", "confidential"):
        for path in sorted((tmp_path / "two" / folder).iterdir()):
            other = tmp_path / "one" / folder / path.name
            assert path.read_bytes() == other.read_bytes(), path.name


# --- the DOCX body goes in as text, exactly as lxml would have written it ------------------------

DOCX_PIECES = [
    "Plain words",
    "a & b < c > d",
    "\"quoted\" and 'single'",
    "tab\there",
    "  two  ",
    "**bold**",
    "*em*",
    "~~gone~~",
    "`code <x>`",
    "[link](https://example.org/a?b=1&c=2)",
    "[inside](#kpe-01)",
    "![alt & <desc>](x.png)",
    "\x01\x0b control",
    "\ufffe\uffff",
    "emoji \U0001f600 and é",
    "line\r\nbreak",
    "trailing  \nhard",
    "\\*escaped\\*",
    "&amp; &#39; &copy;",
    "]]> cdata end",
    "\u2028sep",
    "",
    "[](#x)",
    "[](http://a.b)",
]
DOCX_BLOCKS = [
    "# {}",
    "## {} {{#an-id}}",
    "{}",
    "- {}\n- {}",
    "1. {}\n2. {}",
    "> {}",
    "| h | {} |\n|---|---|\n| {} | c |",
    "```\n{}\n```",
    "    {}",
    "---",
]


@settings(max_examples=150, deadline=None)
@given(
    blocks=st.lists(
        st.tuples(
            st.sampled_from(DOCX_BLOCKS), st.sampled_from(DOCX_PIECES), st.sampled_from(DOCX_PIECES)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_docx_body_is_written_as_lxml_writes_it(blocks):
    from docx.oxml import parse_xml  # noqa: PLC0415
    from lxml import etree  # noqa: PLC0415

    from scrtui.publish.document import parse  # noqa: PLC0415
    from scrtui.publish.render_docx import R, W, _Writer  # noqa: PLC0415

    markdown = "\n\n".join(block.format(a, b) for block, a, b in blocks)
    body = _Writer(parse(markdown), lambda url: "rId9").write()
    # As in a real document, python-docx's section properties close the body, so it is never
    # an empty element (which lxml would write as <w:body/>).
    wrapped = f'<w:body xmlns:w="{W}" xmlns:r="{R}">{body}<w:sectPr/></w:body>'
    written = etree.tostring(parse_xml(wrapped), encoding="unicode")
    assert written == wrapped
