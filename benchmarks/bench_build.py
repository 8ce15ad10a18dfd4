"""Time `scr build` (all three formats) as a user meets it: a whole new process each run.

    python benchmarks/bench_build.py [--runs 5] [--scale 50] [--people 1000] [--skip-large]

Cases: the shipped example review and a generated review (`generate_review.py --scale 50
--people 1000`), each made a git repository with one commit, and the bare interpreter start
(`python -c pass`) measured in the same run as the baseline. Each case gets one untimed warm-up
run (file cache, .pyc files, and the exit code: 0 cleared, 1 not cleared), then `--runs` timed
runs; the median is the figure to quote. One more in-process build per case shows where the
time goes, step by step. A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
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
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "example"
TARGETS = {"example": 0.8, "generated": 2.5}  # seconds, whole process, median

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from generate_review import generate  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


@dataclass
class Case:
    name: str
    target: float | None
    path: Path | None = None
    times: list[float] = field(default_factory=list)
    exit_code: int | None = None
    note: str = ""
    steps: dict[str, float] = field(default_factory=dict)


def commit(path: Path) -> None:
    env = {**os.environ, **GIT_ENV}
    (path / ".gitignore").write_text("build/\n", encoding="utf-8")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "--all"],
        ["commit", "-q", "-m", "Benchmark review"],
    ):
        subprocess.run(["git", *args], cwd=path, env=env, check=True, capture_output=True)


def command(case: Case) -> list[str]:
    if case.path is None:
        return [sys.executable, "-c", "pass"]
    return [sys.executable, "-m", "scrtui", "build", str(case.path)]


def measure(case: Case, runs: int) -> None:
    warm = subprocess.run(command(case), cwd=REPO, capture_output=True, text=True)
    case.exit_code = warm.returncode
    if warm.returncode not in (0, 1):
        case.note = (warm.stderr.strip().splitlines() or ["no message"])[-1][:120]
        return
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            command(case), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        case.times.append(time.perf_counter() - started)


def steps(case: Case) -> None:
    """One in-process build: the seconds of each step, for the table below the timings."""
    code = (
        "import json, sys; from scrtui.publish import build; "
        "r = build(sys.argv[1], sys.argv[2]); print(json.dumps(r.timings))"
    )
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", code, str(case.path), out],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
    if done.returncode == 0:
        import json

        case.steps = json.loads(done.stdout.strip().splitlines()[-1])


def size(path: Path | None) -> tuple[int, int]:
    if path is None:
        return 0, 0
    files = [
        p
        for p in path.rglob("*")
        if p.is_file() and p.relative_to(path).parts[0] not in (".git", "build")
    ]
    return len(files), sum(p.stat().st_size for p in files)


def output_size(path: Path | None) -> int:
    if path is None or not (path / "build/publication").is_dir():
        return 0
    return sum(p.stat().st_size for p in (path / "build/publication").iterdir())


def report(cases: list[Case], baseline: Case, runs: int) -> None:
    base = statistics.median(baseline.times) if baseline.times else 0.0
    print(
        f"python {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} cores, {runs} runs per case"
    )
    print()
    header = (
        f"{'case':<28} {'files':>6} {'input MB':>9} {'output MB':>10} {'exit':>5} "
        f"{'median s':>9} {'min s':>7} {'max s':>7} {'- baseline':>10}"
    )
    print(header)
    print("-" * len(header))
    for case in [*cases, baseline]:
        if not case.times:
            print(f"{case.name:<28} skipped: {case.note or 'not run'}")
            continue
        files, size_in = size(case.path)
        med = statistics.median(case.times)
        exit_code = "" if case.exit_code is None else str(case.exit_code)
        print(
            f"{case.name:<28} {files:>6} {size_in / 1e6:>9.2f} "
            f"{output_size(case.path) / 1e6:>10.2f} {exit_code:>5} {med:>9.3f} "
            f"{min(case.times):>7.3f} {max(case.times):>7.3f} {med - base:>10.3f}"
        )
    print()
    for case in cases:
        if case.steps:
            parts = ", ".join(f"{name} {seconds:.3f}" for name, seconds in case.steps.items())
            print(f"steps, {case.name} (in-process, s): {parts}")
    print()
    for case in cases:
        if case.target is None:
            continue
        if case.times:
            med = statistics.median(case.times)
            verdict = "PASS" if med < case.target else "FAIL"
            print(f"target: {case.name} under {case.target} s: {verdict} (median {med:.3f} s)")
        else:
            print(f"target: {case.name} under {case.target} s: not measured")
    print(f"timed: {shlex.join([sys.executable, '-m', 'scrtui', 'build', 'PATH'])} (cwd {REPO})")
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--scale", type=int, default=50, help="generated review size (50)")
    parser.add_argument("--people", type=int, default=1000, help="people in its register")
    parser.add_argument("--skip-large", action="store_true", help="only the example")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    with tempfile.TemporaryDirectory(prefix="scr-bench-build-") as tmp:
        cases = []
        example = Case("example", TARGETS["example"], Path(tmp) / "example")
        shutil.copytree(EXAMPLE, example.path, ignore=shutil.ignore_patterns(".git", "build"))
        commit(example.path)
        cases.append(example)
        if not args.skip_large:
            large = Case(
                f"generated, scale {args.scale}", TARGETS["generated"], Path(tmp) / "large"
            )
            started = time.perf_counter()
            counts = generate(large.path, scale=args.scale, people=args.people)
            commit(large.path)
            print(
                f"generated {counts['files']} files, {counts['bytes'] / 1e6:.2f} MB "
                f"(people {args.people}) in {time.perf_counter() - started:.2f} s"
            )
            cases.append(large)
        baseline = Case("baseline: python -c pass", None)
        for case in [*cases, baseline]:
            measure(case, runs)
        for case in cases:
            steps(case)
        report(cases, baseline, runs)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports, it never fails the build
        traceback.print_exc()
    sys.exit(0)
