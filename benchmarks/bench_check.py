"""Time `scr check` as a user meets it: a whole new process, interpreter start-up included.

    python benchmarks/bench_check.py [--runs 7] [--scale 50] [--keep DIR]

Cases: the shipped example review, a generated review at --scale (default 50), and the bare
interpreter start (`python -c pass`), measured in the same run so that the cost of check itself
can be read off as "median minus the baseline's median". A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import platform
import re
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
TARGET_SECONDS = 0.5

sys.path.insert(0, str(HERE))
from generate_review import generate  # noqa: E402


@dataclass
class Case:
    name: str
    command: list[str]
    path: Path | None = None  # the review checked, for its file and byte counts
    times: list[float] = field(default_factory=list)
    status: str = ""  # why the case was skipped, or what check said when it did not exit 0


def tree_size(path: Path | None) -> tuple[int, int]:
    """Files and bytes in a review, leaving out .git and build outputs."""
    if path is None:
        return 0, 0
    files = total = 0
    for p in path.rglob("*"):
        rel = p.relative_to(path).parts
        if p.is_file() and rel[0] not in (".git", "build"):
            files += 1
            total += p.stat().st_size
    return files, total


# What a review holds, for the "N times larger" comparison: (column, label, how to count).
RECORDS = (
    ("sources", "sources", "sources/*.toml"),
    ("chron", "chronology entries", "chronology/*.toml"),
    ("KPEs", "episodes", "episodes/*.md"),
    ("finds", "findings", "findings/*.md"),
)
ENTRY = re.compile(r"^[ \t]*\[\[entry\]\]", re.MULTILINE)


def record_counts(path: Path | None) -> list[tuple[int, int]] | None:
    """(records, bytes) of sources, chronology entries, episodes and findings, in RECORDS order."""
    if path is None or not path.is_dir():
        return None
    counts = []
    for column, _, pattern in RECORDS:
        files = sorted(path.glob(pattern))
        size = sum(f.stat().st_size for f in files)
        if column == "chron":  # one file per agency, many entries each
            entries = sum(len(ENTRY.findall(f.read_text(encoding="utf-8"))) for f in files)
            counts.append((entries, size))
        else:
            counts.append((len(files), size))
    return counts


def times(part: int, whole: int) -> str:
    return f"{part / whole:.1f}x" if whole else "-"


def first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0][:120] if lines else ""


def measure(case: Case, runs: int) -> None:
    """One untimed warm-up run (fills the OS file cache, reports check's verdict), then runs."""
    warm = subprocess.run(case.command, cwd=REPO, capture_output=True, text=True)
    if warm.returncode != 0:
        count = len([line for line in warm.stderr.splitlines() if line.strip()])
        case.status = f"exit {warm.returncode}, {count} stderr lines: {first_line(warm.stderr)}"
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(case.command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        case.times.append(time.perf_counter() - started)


def report(
    cases: list[Case], baseline: Case, large: Case | None, runs: int, example: Case | None = None
) -> None:
    """The table. Beside the timings: how many records each review holds, and its size in bytes
    as a multiple of the example's, so that "N times larger than the example" can be read off."""
    base = statistics.median(baseline.times)
    print(f"python {platform.python_version()} on {platform.platform()}, {runs} runs per case")
    print()
    widths = [max(len(column), 5) for column, _, _ in RECORDS]
    header = f"{'case':<24} {'files':>6} {'bytes':>10} {'median s':>9} {'min s':>7} {'max s':>7}"
    header += f" {'- baseline':>10} {'x example':>9}"
    header += "".join(f" {column:>{w}}" for (column, _, _), w in zip(RECORDS, widths, strict=True))
    print(header)
    print("-" * len(header))
    ex_size = tree_size(example.path)[1] if example is not None else 0
    ex_records = record_counts(example.path) if example is not None else None
    for case in cases:
        if not case.times:
            print(f"{case.name:<24} {'skipped: ' + case.status}")
            continue
        files, size = tree_size(case.path)
        records = record_counts(case.path)
        med = statistics.median(case.times)
        sizes = ""
        if records is not None:
            sizes = f" {times(size, ex_size):>9}"
            sizes += "".join(f" {n:>{w}}" for (n, _), w in zip(records, widths, strict=True))
        print(
            f"{case.name:<24} {files:>6} {size:>10} {med:>9.3f} {min(case.times):>7.3f} "
            f"{max(case.times):>7.3f} {med - base:>10.3f}{sizes}"
        )
    print()
    large_records = record_counts(large.path) if large is not None else None
    if large is not None and ex_records and large_records:
        # Records scale with --scale; markers, scope and the report sections do not, so the
        # whole review grows by less than its records do.
        whole = times(tree_size(large.path)[1], ex_size)
        print(f"size: {large.name} against the example: {whole} the bytes overall")
        for (_, label, _), (n, b), (ex_n, ex_b) in zip(
            RECORDS, large_records, ex_records, strict=True
        ):
            print(f"      {label:<19} {times(n, ex_n):>6} in number {times(b, ex_b):>6} in bytes")
    for case in cases:
        if case.times and case.status:
            print(f"note: {case.name}: check did not exit 0 ({case.status})")
    if large and large.times:
        med = statistics.median(large.times)
        verdict = "PASS" if med < TARGET_SECONDS else "FAIL"
        print(f"target: large review under {TARGET_SECONDS} s: {verdict} (median {med:.3f} s)")
    else:
        print(f"target: large review under {TARGET_SECONDS} s: not measured")
    print(f"timed: {shlex.join([sys.executable, '-m', 'scrtui', 'check', 'PATH'])} (cwd {REPO})")
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--scale", type=int, default=50, help="generated review size (50)")
    parser.add_argument("--keep", type=Path, help="write the generated review here (new/empty)")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    check = [sys.executable, "-m", "scrtui", "check"]

    with tempfile.TemporaryDirectory(prefix="scr-bench-") as tmp:
        tmp_path = Path(tmp)
        cases: list[Case] = []

        example = Case("example", [], tmp_path / "example")
        if (EXAMPLE / "review.toml").is_file():
            shutil.copytree(EXAMPLE, example.path, ignore=shutil.ignore_patterns(".git", "build"))
            example.command = [*check, str(example.path)]
        else:
            example.status = f"no review at {EXAMPLE}"
        cases.append(example)

        large_path = args.keep if args.keep else tmp_path / "large"
        large = Case(f"generated, scale {args.scale}", [], large_path)
        try:
            started = time.perf_counter()
            counts = generate(large_path, scale=args.scale)
            took = time.perf_counter() - started
            print(
                f"generated {counts['files']} files, {counts['bytes'] / 1e6:.2f} MB in {took:.2f} s"
                f" at {large_path}"
            )
            large.command = [*check, str(large_path)]
        except (OSError, ValueError) as exc:
            large.status = f"could not generate: {exc}"
        cases.append(large)

        baseline = Case("baseline: python -c pass", [sys.executable, "-c", "pass"])
        cases.append(baseline)

        if not (REPO / "scrtui" / "__main__.py").is_file():
            for case in (example, large):
                case.status = case.status or "scrtui/__main__.py does not exist yet"
        for case in cases:
            if not case.status:  # a status set by now means the case cannot run
                measure(case, runs)
        report(cases, baseline, large, runs, example)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports, it never fails the build
        traceback.print_exc()
    sys.exit(0)
