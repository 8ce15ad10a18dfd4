"""Shared fixtures: real git with a test identity, real copies of the shipped workspaces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from example_init import init_example
from hypothesis import settings

from scrtui.resources import example_dir, template_dir

# CI (which sets CI=true) runs the property tests on a fixed sequence of examples, so a red CI
# is reproducible; local runs keep drawing new examples and so keep exploring.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent


# The files whose tests take half a minute or more each (`pytest --durations=45`): sent to the
# workers first, so that none of them starts last and keeps the run waiting on one worker while
# the others are idle (the longest, twenty kill -9 rounds of the app, takes a minute alone).
SLOW_FIRST = (
    "test_kill_open.py",
    "test_keys.py",
    "test_chronology_part.py",
    "test_build_property.py",
    "test_faults_readme.py",
    "test_residual_parity.py",
    "test_actions_part.py",
)


def pytest_collection_modifyitems(config, items):
    first = {name: rank for rank, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))


def pytest_xdist_auto_num_workers(config):
    """One worker more than cores: the UI tests spend about a third of their time waiting on the
    event loop's idle timers, and a third worker fills those waits (measured: 571 s with two
    workers, 524 s with three, on two cores)."""
    return len(os.sched_getaffinity(0)) + 1


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory, monkeypatch):
    """Every test runs with its own git config: a known identity, nothing from the machine."""
    home = tmp_path_factory.mktemp("home")
    config = home / ".gitconfig"
    config.write_text(
        "[user]\n\tname = Test Reviewer\n\temail = reviewer@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
    ):
        monkeypatch.delenv(name, raising=False)
    return config


def run_scr(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the real `scr` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "scrtui", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def save(session) -> tuple[list[str], str | None]:
    """Save an editing session as `scr open` does: write its plan, then one commit of it;
    (the files written, the commit's sha or None when nothing was saved)."""
    from scrtui.store.gitrepo import Repository  # noqa: PLC0415

    plan = session.plan(session.dirty())
    session.write(plan)
    sha = Repository(session.root).commit(plan.message, plan.rels) if plan.items else None
    return plan.rels, sha


@pytest.fixture
def example_copy(tmp_path) -> Path:
    """A fresh copy of the shipped example review (no git)."""
    target = tmp_path / "example"
    shutil.copytree(example_dir(), target)
    return target


@pytest.fixture
def example_repo(tmp_path) -> Path:
    """The example review as `scr init --example` creates it: a git repo with one commit."""
    return init_example(tmp_path / "review")


@pytest.fixture
def template_path() -> Path:
    return template_dir()
