"""Words and names longer than any real one: the build copes, `scr check` says where.

A 500-letter capitalised word once ended `scr build` in a RecursionError from the trie that
the survivor check and the residual detector build of the words they look for.
"""

from __future__ import annotations

import re

from conftest import git, run_scr
from scrtui.anonymise import trie, trie_regex
from scrtui.model import LONGEST_NAME, LONGEST_WORD

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}


def test_a_trie_of_a_long_word_is_built_without_recursion():
    words = ["Q" + "w" * n for n in (1, 5, 3000)]
    pattern = re.compile(trie_regex(trie(words)) + r"\Z")
    assert all(pattern.match(word) for word in words)
    assert not pattern.match("Qww")


def test_a_very_long_word_builds_and_is_a_check_problem(example_repo):
    path = example_repo / "findings" / "F-02.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("## How it showed in this case") + 1
    blob = "Q" + "w" * 599
    nested = " ".join("Z" + "y" * n for n in range(1, 260))  # words that end inside others
    lines.insert(at, f"The record said {blob} at the time, and {nested}.")
    path.write_text("\n".join(lines), encoding="utf-8")
    git("commit", "-qam", "A pasted blob", cwd=example_repo)

    built = run_scr("build", str(example_repo), env=FIXED)
    assert "Traceback" not in built.stderr and "RecursionError" not in built.stderr
    assert built.returncode == 1  # a capitalised unknown word: a residual candidate
    assert (example_repo / "build/publication/report.md").is_file()

    checked = run_scr("check", str(example_repo))
    assert checked.returncode == 1
    col = len("The record said ") + 1
    expected = (
        f"findings/F-02.md:{at + 1}:{col}: a word of 600 letters and digits; scr checks "
        f"words of at most {LONGEST_WORD} for names: break it up or take it out"
    )
    assert expected in checked.stderr.splitlines(), checked.stderr[:2000]


def test_a_register_name_longer_than_any_real_one_is_a_check_problem(example_repo):
    path = example_repo / "register.toml"
    text = path.read_text(encoding="utf-8")
    long_alias = "Alfie" + "e" * LONGEST_NAME
    path.write_text(
        text.replace(
            'aliases = ["Alfie", "Alf", "baby Alfie"]', f'aliases = ["Alfie", "{long_alias}"]'
        ),
        encoding="utf-8",
    )
    rows = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, row in enumerate(rows, 1) if long_alias in row)
    checked = run_scr("check", str(example_repo))
    assert checked.returncode == 1
    assert any(
        row.startswith(f"register.toml:{line}:")
        and "person.aliases" in row
        and f"at most {LONGEST_NAME}" in row
        for row in checked.stderr.splitlines()
    ), checked.stderr
    assert long_alias not in checked.stderr  # problems never quote the register
