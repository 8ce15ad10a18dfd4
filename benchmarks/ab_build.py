"""`scr build` of two checkouts of scr, run in turn on the same review: the ratio of their medians.

    git worktree add /tmp/scr-base 4b44af1           # the other checkout, once
    python benchmarks/ab_build.py --base /tmp/scr-base [--review PATH] [--runs 5]

On a shared, noisy machine a table from one tree and a table from the other, a minute apart,
differ by a third for the same code; two trees run in turn, case by case, see the same noise.
Each tree gets its own copy of the review (made a git repository with one commit; by default
`generate_review.py --scale 50 --people 1000`), builds it twice untimed (the `.pyc` files, the
caches), then each case is timed `--runs` times, the trees' order swapped every run:

- fresh: `build/.cache/` removed before the build (the readability figures are kept: the texts
  did not change);
- edit: one finding edited (uncommitted), differently at each run, as a reviewer does;
- same: nothing changed since the last build.

Whole process (`python -m scrtui build PATH` from each tree's folder, so that each imports its
own `scrtui`), wall clock; prints each case's medians, the ratio (this tree over `--base`) and
the range. A benchmark, not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_review import generate  # noqa: E402

HERE = Path(__file__).resolve().parent.parent
CASES = ("fresh", "edit", "same")


def _git(path: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    subprocess.run(["git", *args], cwd=path, env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout of scr")
    parser.add_argument("--review", type=Path, help="a review folder (default: generated 50x)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    cases = [c for c in args.cases.split(",") if c]
    trees = {"base": args.base.resolve(), "this": HERE}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="scr-ab-") as tmp:
        source = args.review
        if source is None:
            source = Path(tmp) / "review"
            generate(source, scale=50, people=1000)
        copies = {}
        for name in trees:
            copy = Path(tmp) / f"copy-{name}"
            shutil.copytree(source, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
            shutil.rmtree(copy / "build", ignore_errors=True)
            _git(copy, "init", "-q")
            _git(copy, "add", "-A")
            _git(copy, "commit", "-q", "-m", "The review as benchmarked")
            copies[name] = copy

        def run(name: str) -> float:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "scrtui", "build", str(copies[name])],
                cwd=trees[name],
                env=env,
                capture_output=True,
                check=False,
            )
            return time.perf_counter() - started

        for name in trees:
            run(name)
            run(name)
        finding = sorted((source / "findings").glob("*.md"))[0].name
        timings: dict[tuple[str, str], list[float]] = {(c, n): [] for c in cases for n in trees}
        for index in range(args.runs):
            order = list(trees) if index % 2 == 0 else list(trees)[::-1]
            for case in cases:
                for name in order:
                    copy = copies[name]
                    if case == "fresh":
                        shutil.rmtree(copy / "build" / ".cache", ignore_errors=True)
                    elif case == "edit":
                        path = copy / "findings" / finding
                        text = path.read_text("utf-8")
                        path.write_text(f"{text}\nEdit {index}: the core group met again.\n")
                    timings[(case, name)].append(run(name))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.runs} runs per case and tree, in turn; load average {load}")
    print(f"base: {trees['base']}   this: {trees['this']}")
    for case in cases:
        base, this = timings[(case, "base")], timings[(case, "this")]
        print(
            f"{case:6s} base {statistics.median(base):.3f} s  this {statistics.median(this):.3f} s"
            f"  this/base {statistics.median(this) / statistics.median(base):.2f}"
            f"  (base {min(base):.3f}-{max(base):.3f}, this {min(this):.3f}-{max(this):.3f})"
        )
    print(f"command: python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
