"""Time and peak memory of `scr check` and `scr build` on a review with one very large file.

    python benchmarks/bench_large_file.py [--runs 3] [--mib 50]

Issue 17, item 15: a 50 MB Markdown file pasted into a review made `scr build` take 52 s and
1.4 GB. scr now refuses files over `store.workspace.MAX_FILE_BYTES` (2 MiB) as a `scr check`
problem and leaves them out of the build (not cleared). Cases, each a whole new process, in
the same run: the shipped example (the baseline), the example with a `--mib` MiB file in
`report/` (refused), and the example with a file just under the limit (read and built).
Each case gets one untimed warm-up run, then `--runs` timed runs; the median wall time and the
largest peak resident memory of the process and the helpers it waited for (GNU time's `%M`;
`apt install time`) are printed. Target: every case within 10 s and 300 MiB. A benchmark
reports; it always exits 0.
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

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
from scrtui.store.workspace import MAX_FILE_BYTES  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
LINE = "An ordinary sentence about practice in the partnership, repeated many times.\n"
TARGET_SECONDS, TARGET_MIB = 10.0, 300.0
TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"  # GNU time (apt: time)


def make_review(target: Path, extra_bytes: int) -> Path:
    shutil.copytree(REPO / "example", target)
    if extra_bytes:
        with (target / "report/50-pasted.md").open("w", encoding="utf-8") as handle:
            handle.write("# Pasted\n\n")
            for _ in range((extra_bytes - 20) // len(LINE)):  # never the whole text in memory
                handle.write(LINE)
    (target / ".gitignore").write_text("build/\n", encoding="utf-8")
    env = {**os.environ, **GIT_ENV}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "--all"],
        ["commit", "-q", "-m", "Benchmark review"],
    ):
        subprocess.run(["git", *args], cwd=target, env=env, check=True, capture_output=True)
    return target


def run_once(args: list[str]) -> tuple[int, float, float]:
    """Exit code, wall seconds, peak resident MiB of the process and the children it reaped.

    GNU time measures (its `%M`): a child forked from this process would count this
    process's own memory in its peak."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as measured:
        started = time.perf_counter()
        done = subprocess.run(
            [TIME, "-f", "%M", "-o", measured.name, *args],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        peak_kib = int(measured.read().split()[-1])
    return done.returncode, seconds, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mib", type=float, default=50.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        reviews = {
            "example (baseline)": make_review(Path(scratch) / "example", 0),
            f"+ {options.mib:g} MiB file (refused)": make_review(
                Path(scratch) / "huge", int(options.mib * 1024 * 1024)
            ),
            "+ file just under 2 MiB (read)": make_review(
                Path(scratch) / "under", MAX_FILE_BYTES - 1024
            ),
        }
        print(f"{os.cpu_count()} cores, {options.runs} timed runs per case after one warm-up")
        header = f"{'case':<34} {'command':<6} {'exit':>4} {'median s':>9} {'peak MiB':>9}"
        print(header)
        print("-" * len(header))
        verdict = True
        for name, path in reviews.items():
            for command in ("check", "build"):
                args = [sys.executable, "-m", "scrtui", command, str(path)]
                code, _, _ = run_once(args)
                results = [run_once(args) for _ in range(options.runs)]
                median = statistics.median(r[1] for r in results)
                peak = max(r[2] for r in results)
                verdict &= median <= TARGET_SECONDS and peak <= TARGET_MIB
                print(f"{name:<34} {command:<6} {code:>4} {median:>9.2f} {peak:>9.1f}")
        print(
            f"target: every case within {TARGET_SECONDS:g} s and {TARGET_MIB:g} MiB: "
            f"{'PASS' if verdict else 'FAIL'}"
        )


if __name__ == "__main__":
    main()
