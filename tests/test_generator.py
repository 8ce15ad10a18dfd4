"""Issue 15 item 6: the benchmark generator's reviews build cleared at every scale, as
benchmarks/README.md says, so that the build benchmarks measure a real publication."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate_review import generate  # noqa: E402

from scrtui.publish import build  # noqa: E402


@pytest.mark.parametrize("scale", [1, 3])
def test_a_generated_review_builds_cleared(tmp_path, scale):
    root = tmp_path / f"review-{scale}"
    generate(root, scale=scale)
    result = build(root, tmp_path / "out")
    assert result.cleared, result.reasons
    assert all(c.allowed for c in result.candidates)
