"""The dependency direction: headless modules never load Textual; the core never loads git."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "scrtui.model",
    "scrtui.problems",
    "scrtui.schema",
    "scrtui.check",
    "scrtui.resources",
    "scrtui.store.loader",
    "scrtui.store.documents",
    "scrtui.store.gitrepo",
    "scrtui.store.workspace",
    "scrtui.cli",
    "scrtui.changes",
    "scrtui.losses",
    "scrtui.store.merge",
    "scrtui.supervision",
    "scrtui.supervision_cli",
    "scrtui.build",
    "scrtui.build.assemble",
    "scrtui.build.audit",
    "scrtui.build.confidential",
    "scrtui.build.document",
    "scrtui.build.extract",
    "scrtui.build.gate",
    "scrtui.build.hostile",
    "scrtui.build.locate",
    "scrtui.build.manifest",
    "scrtui.build.mdtext",
    "scrtui.build.provenance",
    "scrtui.build.refs",
    "scrtui.build.render_docx",
    "scrtui.build.render_html",
    "scrtui.build.summary",
    "scrtui.kinds",
    "scrtui.workdays",
    "scrtui.clock",
    "scrtui.status",
    "scrtui.status_cli",
    "scrtui.store.kinds",
]
CORE = ["scrtui.model", "scrtui.problems", "scrtui.schema", "scrtui.check", "scrtui.kinds",
        "scrtui.clock", "scrtui.status"]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_do_not_load_textual(module):
    assert "textual" not in loaded_after_import(module)


@pytest.mark.parametrize("module", CORE)
def test_domain_modules_load_no_ui_cli_or_git(module):
    loaded = loaded_after_import(module)
    assert not {"textual", "typer", "git", "tomlkit", "markdown_it"} & loaded


def test_check_command_does_not_load_git_or_textual():
    code = (
        "import sys, runpy\n"
        "sys.argv = ['scr', 'check', '--help']\n"
        "try:\n    runpy.run_module('scrtui', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('LOADED', ' '.join(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = set(result.stdout.split("LOADED", 1)[1].split())
    assert "textual" not in loaded and "git" not in loaded
