"""The dependency direction, enforced: the layers of pyproject.toml, no import cycle, headless
modules never load Textual, the core never loads git.

Every list here is found, not kept by hand: the modules on disk, the layers from pyproject.toml,
the imports from the source (those deferred into functions too).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"


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


def _layers() -> list[list[str]]:
    """The layers contract of pyproject.toml, top first: each layer's module names."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    layers = []
    for layer in contract["layers"]:
        names = layer.replace("|", ":").split(":")
        layers.append([name.strip().strip("()") for name in names])
    return layers


LAYERS = _layers()
# Below the store: the model and the plain functions over it (status, checks, clock, kinds).
CORE = [n for layer in LAYERS[LAYERS.index(["scrtui.store"]) + 1 :] for n in layer]


def test_discovery_finds_the_modules_a_hand_kept_list_missed():
    for module in (
        "scrtui.anonymise",
        "scrtui.residual",
        "scrtui.anonymise.survivors",
        "scrtui.residual.detector",
        "scrtui.textscan.folding",
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


@pytest.mark.parametrize("module", [m for m in CORE if m in HEADLESS])
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


# --- the contracts of pyproject.toml ------------------------------------------------------------
def lint_imports(cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(script), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and " KEPT" in result.stdout


def test_every_top_level_module_has_a_layer():
    """A new module (or package) of scrtui cannot escape the contract by not being named."""
    import pkgutil

    import scrtui

    named = {name for layer in LAYERS for name in layer}
    on_disk = {f"scrtui.{info.name}" for info in pkgutil.iter_modules(scrtui.__path__)}
    assert on_disk - {"scrtui.__main__"} <= named


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("model.py", "import textual\n", "Only the UI imports Textual"),
        (
            "store/files.py",
            "def _upwards():\n    from scrtui.publish import build\n\n    return build\n",
            "Each layer imports only the layers below it",
        ),
        ("check.py", "from scrtui.ui import app\n", "import scrtui.ui"),
    ],
)
def test_the_contracts_catch_a_wrong_import(tmp_path, module, line, broken):
    """A copy of the package with one wrong import (one deferred into a function, too)."""
    shutil.copytree(REPO / "scrtui", tmp_path / "scrtui", ignore=shutil.ignore_patterns("data"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    target = tmp_path / "scrtui" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n\n" + line, encoding="utf-8")
    result = lint_imports(tmp_path, {"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout.split("Broken contracts", 1)[1]


# --- no cycles ----------------------------------------------------------------------------------
def import_cycles(package: str) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's strongly
    connected components of the import graph). grimp reads every import statement, those
    inside functions included."""
    graph = grimp.build_graph(package)
    imported = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in imported[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(imported):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_itself_through_others():
    assert import_cycles("scrtui") == []


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path, monkeypatch):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def late():\n    from . import a\n\n    return a\n")
    (package / "c.py").write_text("from . import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclic") == [["cyclic.a", "cyclic.b"]]
