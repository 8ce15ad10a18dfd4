"""The UI package and its part names load without Textual (the CLI imports them lazily).

The editing rules themselves live in scrtui.editing: tests/test_editing_*.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["scrtui.ui", "scrtui.ui.nav"])
def test_the_ui_package_and_its_part_names_load_without_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
