"""The shell sessions quoted in README.md and docs/ are what scr prints on the shipped example.

The convention, for whoever writes the docs:

- A fenced ```console block is a checked session. Each line that starts with `$ ` is a command;
  the lines after it, up to the next command, are what it prints, stdout and stderr together
  as a terminal shows them. Any other fence (```sh, ```text, ``` ...) is an illustration and is
  not run.
- `...` alone on a line stands for any number of lines (none included); `...` inside a line
  stands for any text on that line (a temporary folder's name, today's date).
- Commit hashes (a word of 7 to 40 hex digits) match any hash.
- `<!-- run: COMMAND -->` (a Markdown comment, not shown when the page is rendered) runs
  COMMAND at that point without checking what it prints, for an edit that the text describes
  ("after a reference was mistyped"); it must succeed.

All the sessions of one file run in order in one bash shell, so a `cd` or a change to the
review carries on to the next block. The shell starts in a fresh folder that is also `~`, which
holds `example/`, the review `scr init --example example` makes; git knows the user as Ruth
Okafor, the example's lead reviewer. A path in the shell's home folder is written `~/...`
and one in its temporary folder `/tmp/...`, whatever the real folders are.
"""

from __future__ import annotations

import difflib
import importlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from example_init import init_example

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(\s*)(`{3,})(\S*)\s*$")
_RUN = re.compile(r"<!--\s*run:(.*?)-->", re.S)
_HASH = re.compile(r"\b[0-9a-f]{7,40}\b")
_SEPARATOR = "\x1escr-docs-step\x1e"


@dataclass
class Step:
    line: int  # 1-based, of the command in the doc
    command: str
    expected: list[str] | None  # None: a `<!-- run: -->` step, whose output is not checked


def sessions(text: str) -> list[Step]:
    """The commands of a doc's console blocks and run comments, in the order they stand."""
    steps: list[Step] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        fence = _FENCE.match(line)
        if fence:
            indent, ticks, info = fence.groups()
            end = number + 1
            while end < len(lines) and not lines[end].strip().startswith(ticks):
                end += 1
            if info == "console":
                steps += _console(lines[number + 1 : end], number + 2, len(indent))
            number = end + 1
            continue
        if "<!--" in line:
            close = next(i for i in range(number, len(lines)) if "-->" in lines[i])
            comment = "\n".join(lines[number : close + 1])
            for run in _RUN.finditer(comment):
                steps.append(Step(number + 1, run.group(1).strip(), None))
            number = close + 1
            continue
        number += 1
    return steps


def _console(block: list[str], first_line: int, indent: int) -> list[Step]:
    steps: list[Step] = []
    for offset, raw in enumerate(block):
        line = raw[indent:] if raw[:indent].strip() == "" else raw
        if line.startswith("$ "):
            steps.append(Step(first_line + offset, line[2:], []))
        elif steps:
            steps[-1].expected.append(line)
        elif line.strip():
            raise AssertionError(f"line {first_line + offset}: output before any `$ ` command")
    return steps


def _normalised(lines: list[str]) -> list[str]:
    lines = [_HASH.sub("<hash>", line.rstrip()) for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the output is the expected one, with `...` as doctest's ellipsis."""
    patterns = [
        None if line.strip() == "..." else re.compile(".*".join(map(re.escape, line.split("..."))))
        for line in expected
    ]
    # rest[j]: whether the patterns from the current one on match actual[j:]; built backwards
    rest = [False] * len(actual) + [True]
    for pattern in reversed(patterns):
        following = rest
        rest = [False] * (len(actual) + 1)
        for j in range(len(actual), -1, -1):
            if pattern is None:  # any number of lines: none here, or this one and more
                rest[j] = following[j] or (j < len(actual) and rest[j + 1])
            else:
                rest[j] = (
                    j < len(actual) and bool(pattern.fullmatch(actual[j])) and following[j + 1]
                )
    return rest[0]


def _environment(home: Path, temporary: Path, shims: Path, config: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SCR_", "GIT_", "PYTEST_", "COV_"))
    }
    config.write_text(
        "[user]\n\tname = Ruth Okafor\n\temail = ruth.okafor@example.org\n"
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        encoding="utf-8",
    )
    env.update(
        HOME=str(home),
        TMPDIR=str(temporary),
        GIT_CONFIG_GLOBAL=str(config),
        GIT_CONFIG_NOSYSTEM="1",
        PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",  # stdout and stderr interleaved as a terminal shows them
        LC_ALL="C.UTF-8",  # git's messages in English
        COLUMNS="80",
        NO_COLOR="1",
    )
    return env


def run_session(steps: list[Step], home: Path, env: dict[str, str]) -> list[tuple[str, str]]:
    """Each step's output and exit status, from one bash shell that runs them all in order."""
    script = ['cd "$HOME"', "__rc=0"]
    for step in steps:
        script += ["(exit $__rc)", step.command, "__rc=$?", f"printf '\\n{_SEPARATOR}%d\\n' $__rc"]
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", "\n".join(script)],
        cwd=home,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    parts = result.stdout.split(f"\n{_SEPARATOR}")
    outputs, codes = [parts[0]], []
    for part in parts[1:]:
        code, _, rest = part.partition("\n")
        codes.append(code)
        outputs.append(rest)
    # a shell that stopped early (an `exit` in the doc) leaves the rest without output
    return [
        (outputs[i] if i < len(outputs) else "", codes[i] if i < len(codes) else "no exit status")
        for i in range(len(steps))
    ]


def check_doc(doc: Path, tmp_path: Path) -> list[str]:
    """A readable report of every step of the doc whose output differs from the doc's."""
    name = doc.relative_to(REPO) if doc.is_relative_to(REPO) else doc.name
    steps = sessions(doc.read_text(encoding="utf-8"))
    home = tmp_path / "home"
    home.mkdir()
    init_example(home / "example")
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "scr").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m scrtui "$@"\n')
    (shims / "scr").chmod(0o755)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = _environment(home, temporary, shims, tmp_path / "gitconfig")
    failures = []
    for step, (output, code) in zip(steps, run_session(steps, home, env), strict=True):
        for folder, written in ((env["TMPDIR"], "/tmp"), (str(home), "~")):
            output = output.replace(os.path.realpath(folder), written).replace(folder, written)
        actual = _normalised(output.splitlines())
        if step.expected is None:
            if code != "0":
                failures.append(
                    f"{name}:{step.line}: the run comment failed (exit {code}): {step.command}\n"
                    + "\n".join(actual)
                )
            continue
        expected = _normalised(step.expected)
        if not matches(expected, actual):
            diff = difflib.unified_diff(
                expected,
                actual,
                f"{name}:{step.line + 1} (what the doc says)",
                "what it prints",
                lineterm="",
            )
            failures.append(f"{name}:{step.line}: $ {step.command}\n" + "\n".join(diff))
    return failures


CHECKED = [doc for doc in DOCS if sessions(doc.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("doc", CHECKED, ids=[doc.name for doc in CHECKED])
def test_the_docs_sessions_print_what_the_docs_say(doc, tmp_path):
    failures = check_doc(doc, tmp_path)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


_NAMED = re.compile(r"\b(?:scrtui|benchmarks)(?:[./][A-Za-z_][\w-]*)+")


def _exists(name: str) -> bool:
    if "/" in name:
        return (REPO / name).exists()
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attribute in parts[split:]:
                found = getattr(found, attribute)
        except AttributeError:
            return False
        return True
    return False


def test_the_modules_files_and_functions_the_docs_name_exist():
    """A module, function or file of scr that a doc names is still there under that name."""
    missing = [
        f"{doc.relative_to(REPO)}:{number}: {name}"
        for doc in DOCS
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1)
        for name in _NAMED.findall(line)
        if not _exists(name)
    ]
    assert not missing, "\n".join(missing)


def test_a_session_that_prints_something_else_fails_naming_the_doc_and_line(tmp_path):
    doc = tmp_path / "wrong.md"
    doc.write_text(
        "A session:\n\n```console\n$ cd example\n$ scr check\nChecklist progress:\n"
        "  Analysis                      9/11 answered ...\n...\n$ echo $?\n0\n```\n",
        encoding="utf-8",
    )
    failures = check_doc(doc, tmp_path)
    assert len(failures) == 1, failures
    assert failures[0].startswith("wrong.md:5: $ scr check\n--- wrong.md:6 (what the doc says)")
    assert "-  Analysis                      9/11 answered ..." in failures[0]
    assert "+  Analysis                      7/11 answered (0 not started" in failures[0]


def test_the_ellipsis_stands_for_any_lines_or_any_text_on_a_line():
    printed = ["Built:", "  a.md", "  b.md", "Done in 0.31 s."]
    assert matches(["Built:", "...", "Done in ... s."], printed)
    assert matches(["...", "  b.md", "..."], printed)
    assert not matches(["Built:", "  b.md", "..."], printed)
    assert not matches(["Built:", "...", "Done in 0.32 s."], printed)
