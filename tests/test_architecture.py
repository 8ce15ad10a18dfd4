"""The dependency direction: headless modules never load Textual; the core never loads git."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest


def _headless_modules() -> list[str]:
    """Every module of the package outside the UI, found on disk (a new one is checked too)."""
    import pkgutil

    import scrtui

    found = ["scrtui"]
    for info in pkgutil.walk_packages(scrtui.__path__, "scrtui."):
        if info.name == "scrtui.ui" or info.name.startswith("scrtui.ui."):
            continue
        if info.name == "scrtui.__main__":
            continue  # runs the CLI when imported
        found.append(info.name)
    return sorted(found)


HEADLESS = _headless_modules()


def test_discovery_finds_the_modules_a_hand_kept_list_missed():
    for module in (
        "scrtui.anonymise",
        "scrtui.residual",
        "scrtui.store.records",
        "scrtui.store.markdown",
        "scrtui.store.files",
        "scrtui.store.locate",
        "scrtui.publish.fastinline",
        "scrtui.publish.background",
        "scrtui.store.recovery",
        "scrtui.editing.session",
        "scrtui.editing.structure",
        "scrtui.editing.rows",
    ):
        assert module in HEADLESS


CORE = [
    "scrtui.model",
    "scrtui.problems",
    "scrtui.schema",
    "scrtui.check",
    "scrtui.kinds",
    "scrtui.clock",
    "scrtui.status",
]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_do_not_load_textual(module):
    assert "textual" not in loaded_after_import(module)


SCRTUI = Path(__file__).resolve().parent.parent / "scrtui"


def _imports_in(path) -> set[str]:
    """Every module a source file imports, also inside functions, as absolute names."""
    package = "scrtui." + ".".join(path.relative_to(SCRTUI).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", sorted((SCRTUI / "editing").glob("*.py")), ids=lambda p: p.name)
def test_the_editing_layer_never_imports_the_ui_not_even_deferred(path):
    imported = _imports_in(path)
    assert not {m for m in imported if m.split(".")[0] == "textual" or m.startswith("scrtui.ui.")}
    assert "scrtui.ui" not in imported


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
