"""The build's machinery: offsets through anonymisation, the helper process, one-process builds."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrtui.anonymise import Anonymiser
from scrtui.model import Register, RegisterEntry
from scrtui.publish import background, build
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


def _doubled(n):
    return os.getpid(), n * 2


def _doubler():
    return _doubled


def _slowly(n):
    time.sleep(0.5)
    return os.getpid()


def _plus_one(n):
    return os.getpid(), n + 1


def _dies_in_the_helper():
    if multiprocessing.parent_process() is not None:
        os._exit(3)  # the helper dies without answering
    return _plus_one


@pytest.fixture
def forking(monkeypatch):
    """As `scr build`, where the build runs on the process's only thread (pytest's workers have
    a thread of their own, idle)."""
    monkeypatch.setattr(background, "forking_is_safe", lambda: True)


def test_worker_answers_from_the_helper(forking):
    with Worker(_doubler) as worker:
        first, second = worker.ask(21), worker.ask(4)
        pid, value = second.result()
        assert first.result()[1] == 42
    assert value == 8
    assert pid != os.getpid()
    assert worker.answered_here == 0


def test_two_helpers_answer_side_by_side(forking):
    with Worker(lambda: _slowly, processes=2) as worker:
        asked = [worker.ask(n) for n in range(2)]
        pids = {a.result() for a in asked}
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_failing_helper_is_answered_here(forking):
    with Worker(_dies_in_the_helper) as worker:
        first, second = worker.ask(1), worker.ask(2)
        assert first.result() == (os.getpid(), 2)
        assert second.result() == (os.getpid(), 3)
    assert worker.answered_here == 2


def test_without_fork_the_step_runs_here(forking, monkeypatch):
    monkeypatch.setenv(NO_FORK_ENV, "1")
    with Worker(lambda: lambda n: (os.getpid(), n)) as worker:
        assert worker.ask("x").result() == (os.getpid(), "x")
    assert not multiprocessing.active_children()


def test_an_unanswered_worker_leaves_no_helper_behind(forking):
    worker = Worker(_doubler)
    worker.ask(1)
    assert multiprocessing.active_children()
    worker.close()
    assert not multiprocessing.active_children()


def test_with_other_threads_running_the_steps_run_here():
    """As in the UI, whose build runs in a worker thread: no fork."""
    seen = []

    def in_a_thread():
        with Worker(lambda: lambda n: (os.getpid(), n)) as worker:
            seen.append(worker.ask("x").result())
            seen.append(multiprocessing.active_children())

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert seen == [(os.getpid(), "x"), []]


def test_one_process_and_two_give_the_same_bytes(example_repo, tmp_path, monkeypatch):
    """Built with two helpers, from a thread (as the UI builds) and with SCR_BUILD_NO_FORK: the
    same files; the helpers answered everything they were asked."""
    workers = []

    class Recorded(Worker):
        def __init__(self, prepare, processes: int = 1) -> None:
            super().__init__(prepare, processes)
            workers.append(self)

    monkeypatch.setattr(background, "Worker", Recorded)
    with monkeypatch.context() as forking:
        forking.setattr(background, "forking_is_safe", lambda: True)
        build(example_repo, tmp_path / "forked", clock=clock)
    assert len(workers) == 1 and workers[0].answered_here == 0
    thread = threading.Thread(
        target=build, args=(example_repo, tmp_path / "thread"), kwargs={"clock": clock}
    )
    thread.start()
    thread.join()
    monkeypatch.setenv(NO_FORK_ENV, "1")
    build(example_repo, tmp_path / "one", clock=clock)
    for folder in ("publication", "confidential"):
        for path in sorted((tmp_path / "forked" / folder).iterdir()):
            for other in ("thread", "one"):
                twin = tmp_path / other / folder / path.name
                assert path.read_bytes() == twin.read_bytes(), (other, path.name)


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
