"""Time `scr export learning` over 100 generated reviews as a user meets it: one whole process.

    python benchmarks/bench_export.py [--reviews 100] [--runs 5] [--keep DIR]

Setup (not timed): `generate_review.py` at scale 1 writes each review (seeds 1, 2, 3 ...), one
build lists the residual candidates the generator's invented words raise, and each is allowed in
the review's register with a reason (as a reviewer does after checking them), so that every
draft is cleared and the export has something to export; each review is then one git commit.
Timed: `python -m scrtui export learning R1 R2 ... --out FILE` (the gate's build of every
review, the anonymiser, the schema), one warm-up run then `--runs` runs; the median is the
figure to quote, with `python -c pass` in the same run as the baseline. Target: under 10 s.
A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET = 10.0  # seconds, whole process, median

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from generate_review import generate  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(path: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=path, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def cleared_review(path: Path, seed: int) -> None:
    """A generated review whose residual candidates are all allowed, committed."""
    from scrtui.publish import build

    generate(path, scale=1, seed=seed)
    (path / ".gitignore").write_text("build/\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as out:
        result = build(path, Path(out) / "build", ("md",))
    texts = sorted({c.text for c in result.candidates if c.allowed is None})
    if texts:
        with (path / "register.toml").open("a", encoding="utf-8") as register:
            for text in texts:
                register.write(
                    f"\n[[allow]]\ntext = {toml_string(text)}\n"
                    'reason = "an invented word of the benchmark\'s generator"\n'
                )
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "--all")
    git(path, "commit", "-q", "-m", "Benchmark review")


def timed(args: list[str], runs: int) -> tuple[list[float], subprocess.CompletedProcess]:
    warm = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times, warm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=100, help="generated reviews (100)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--keep", type=Path, help="keep the reviews in this (new) folder")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    tmp = Path(tempfile.mkdtemp(prefix="scr-bench-export-"))
    try:
        started = time.perf_counter()
        roots = []
        for seed in range(1, args.reviews + 1):
            root = tmp / f"review-{seed:03d}"
            cleared_review(root, seed)
            roots.append(root)
        print(
            f"set up {len(roots)} generated reviews (scale 1, each cleared and committed) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        out = tmp / "learning.jsonl"
        export = [
            sys.executable,
            "-m",
            "scrtui",
            "export",
            "learning",
            *map(str, roots),
            "--out",
            str(out),
        ]
        times, warm = timed(export, runs)
        base, _ = timed([sys.executable, "-c", "pass"], runs)
        lines = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
        print(
            f"python {platform.python_version()} on {platform.platform()}, "
            f"{os.cpu_count()} cores, {runs} runs"
        )
        print()
        header = f"{'case':<36} {'exit':>4} {'lines':>6} {'median s':>9} {'min s':>7} {'max s':>7}"
        print(header)
        print("-" * len(header))
        med = statistics.median(times)
        print(
            f"{f'export learning, {len(roots)} reviews':<36} {warm.returncode:>4} {lines:>6} "
            f"{med:>9.3f} {min(times):>7.3f} {max(times):>7.3f}"
        )
        print(
            f"{'baseline: python -c pass':<36} {'':>4} {'':>6} {statistics.median(base):>9.3f} "
            f"{min(base):>7.3f} {max(base):>7.3f}"
        )
        print(f"per review: {med / len(roots) * 1000:.0f} ms")
        if warm.returncode != 0:
            print(
                f"note: export exited {warm.returncode}: "
                f"{(warm.stderr.strip().splitlines() or ['no message'])[-1][:200]}"
            )
        print()
        verdict = "PASS" if med < TARGET and warm.returncode == 0 else "FAIL"
        print(f"target: {len(roots)} reviews under {TARGET:g} s: {verdict} (median {med:.3f} s)")
        shown = [*export[:5], "REVIEW-001", "...", f"REVIEW-{len(roots):03d}", "--out", "FILE"]
        print(f"timed: {shlex.join(shown)} (cwd {REPO})")
        print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
        if args.keep is not None:
            shutil.copytree(tmp, args.keep)
            print(f"kept the reviews in {args.keep}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports, it never fails the build
        traceback.print_exc()
    sys.exit(0)
