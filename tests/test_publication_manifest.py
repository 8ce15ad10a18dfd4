"""Issue 14: restructuring changes no published byte.

The publication files of the example and of a generated 50x review are compared with checksums
stored in tests/data/publication_manifest.json, made before the restructuring. A change that is
meant to change the output regenerates the manifest and says so in its commit:

    python tests/test_publication_manifest.py --update
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MANIFEST = HERE / "data" / "publication_manifest.json"
FIXED = "2025-07-01T09:00:00+00:00"
ENV = {
    "GIT_AUTHOR_NAME": "Manifest",
    "GIT_AUTHOR_EMAIL": "manifest@example.org",
    "GIT_COMMITTER_NAME": "Manifest",
    "GIT_COMMITTER_EMAIL": "manifest@example.org",
    "GIT_AUTHOR_DATE": FIXED,
    "GIT_COMMITTER_DATE": FIXED,
    "SCR_BUILD_TIME": "2025-07-02T10:00:00Z",
    "SCR_TODAY": "2025-07-02",
    "TZ": "UTC",
}


def _commit(root: Path, env: dict) -> None:
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "--all"],
        ["commit", "-q", "-m", "Manifest review"],
    ):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _checksums(root: Path, env: dict) -> dict[str, str]:
    subprocess.run(
        [sys.executable, "-m", "scrtui", "build", str(root)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    publication = root / "build" / "publication"
    assert publication.is_dir(), f"no publication folder in {root / 'build'}"
    return {
        str(p.relative_to(publication)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(publication.rglob("*"))
        if p.is_file()
    }


def current(base: Path) -> dict[str, dict[str, str]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate_review import generate  # noqa: PLC0415

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | ENV
    example = base / "example"
    shutil.copytree(REPO / "example", example)
    _commit(example, env)
    generated = base / "generated-50"
    generate(generated, scale=50, people=1000)
    _commit(generated, env)
    return {"example": _checksums(example, env), "generated-50": _checksums(generated, env)}


def test_the_publication_files_are_byte_identical_to_the_manifest(tmp_path):
    stored = json.loads(MANIFEST.read_text(encoding="utf-8"))
    made = current(tmp_path)
    for case, files in stored.items():
        assert sorted(made[case]) == sorted(files), f"{case}: other files were published"
        changed = [name for name, digest in files.items() if made[case][name] != digest]
        assert not changed, f"{case}: {changed} differ from {MANIFEST.name}"


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_publication_manifest.py --update")
    with tempfile.TemporaryDirectory() as tmp:
        made = current(Path(tmp))
    MANIFEST.write_text(json.dumps(made, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST}: " + ", ".join(f"{k} {len(v)} files" for k, v in made.items()))
