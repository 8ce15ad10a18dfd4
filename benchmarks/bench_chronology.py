"""Time the chronology commands as a user meets them.

    python benchmarks/bench_chronology.py [--rows 20000] [--runs 5] [--scale 50]

1. `scr import chronology` of a ROWS-row xlsx from one agency into a fresh copy of the example
   review (a git repository), whole process, against the reader alone in the same run:
   python-calamine reading the same sheet (scr's reader), and openpyxl's read-only mode for
   comparison. The import's own steps, in process, are shown too. Target: the import within 2x
   the reader's time.
2. `scr chronology` text and svg on a review from generate_review.py at --scale (2,500 entries
   at 50), whole process, with `python -c pass` as the baseline. Target: each under 0.5 s.

Medians of --runs timed runs after one untimed warm-up; a benchmark reports, it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from generate_review import generate  # noqa: E402

IMPORT_TARGET = 2.0  # the import within twice the reader's time
VIEW_TARGET = 0.5  # seconds, whole process
EVENTS = ["Home visit", "Telephone call", "Clinic appointment", "Letter sent", "Strategy meeting"]


def make_workbook(path: Path, rows: int) -> None:
    """A fictional agency chronology of `rows` rows, as an agency's system exports it."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append(["Date", "Time", "Event", "Details", "Practitioner", "Role", "Outcome"])
    start = date(2024, 3, 26)
    for i in range(rows):
        sheet.append(
            [
                start + timedelta(days=i * 320 // rows),
                f"{8 + i % 10:02d}:{i % 60:02d}",
                EVENTS[i % 5],
                f"Contact {i}: saw the baby and the mother at home; feeding, sleep and the "
                f"mother's mood discussed; plan reviewed with the family (item {i % 97}).",
                f"Practitioner {i % 12}",
                "Health visitor",
                "Next contact booked",
            ]
        )
    book.save(path)


def timed(command: list[str], runs: int, cwd: Path | None = None) -> list[float]:
    subprocess.run(command, cwd=cwd, capture_output=True)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - start)
    return out


def in_process(fn, runs: int) -> list[float]:
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def row(name: str, values: list[float], extra: str = "") -> str:
    med = statistics.median(values)
    return f"| {name:<44} | {med:7.3f} | {min(values):7.3f} | {max(values):7.3f} | {extra:<14} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=50)
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="scr-bench-chronology-"))
    try:
        return _run(args, python, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, python: str, work: Path) -> int:
    from scrtui.chronology import reading

    book = work / "agency.xlsx"
    make_workbook(book, args.rows)
    template = work / "template"
    subprocess.run(
        [python, "-m", "scrtui", "init", "--example", str(template)],
        check=True,
        capture_output=True,
    )
    env_today = {"SCR_TODAY": "2025-06-01"}

    def read_calamine():
        reading.read(book, "Chronology", "xlsx")

    def read_openpyxl():
        import openpyxl

        wb = openpyxl.load_workbook(book, read_only=True)
        for _ in wb["Chronology"].iter_rows(values_only=True):
            pass
        wb.close()

    calamine = in_process(read_calamine, args.runs)
    openpyxl_times = in_process(read_openpyxl, max(1, args.runs // 2))

    def import_runs(workbook: Path, name: str) -> tuple[list[float], subprocess.CompletedProcess]:
        """Whole `scr import chronology` processes, each into a fresh copy of the example."""
        times = []
        done = None
        for run in range(args.runs + 1):
            review = work / f"review-{name}-{run}"
            shutil.copytree(template, review, symlinks=True)
            command = [python, "-m", "scrtui", "import", "chronology", str(workbook)]
            command += [str(review), "--agency", "health-visiting"]
            start = time.perf_counter()
            done = subprocess.run(
                command, capture_output=True, text=True, env={**os.environ, **env_today}
            )
            elapsed = time.perf_counter() - start
            if run:  # the first is the warm-up
                times.append(elapsed)
            shutil.rmtree(review, ignore_errors=True)
        assert done is not None
        return times, done

    imports, check = import_runs(book, "full")
    # The same import of a 3-row workbook: what any import costs whatever its size (Python
    # and the imports, loading the review, the names scan's set-up, git)
    small = work / "small.xlsx"
    make_workbook(small, 3)
    fixed, _ = import_runs(small, "fixed")

    # the import's steps, in process, on one more fresh copy
    from scrtui.chronology.importer import apply_import, plan_import
    from scrtui.store.loader import load

    steps = {}
    review = work / "review-steps"
    shutil.copytree(template, review, symlinks=True)
    start = time.perf_counter()
    loaded = load(review)
    steps["load the review"] = time.perf_counter() - start
    import scrtui.chronology.importer as importer

    originals = {name: getattr(importer, name) for name in ("read_rows", "scan_names", "_render")}

    def timing(name, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                steps[name] = steps.get(name, 0) + time.perf_counter() - t

        return wrapper

    importer.read_rows = timing("rows: dates, fields, hashes", originals["read_rows"])
    importer.scan_names = timing(
        "names scan (register + residual detector)", originals["scan_names"]
    )
    importer._render = timing("render and check the TOML", originals["_render"])
    start = time.perf_counter()
    plan = plan_import(review, loaded.model, book, "health-visiting", today=date(2025, 6, 1))
    steps["plan (all of the above and reading)"] = time.perf_counter() - start
    for name, fn in originals.items():
        setattr(importer, name, fn)
    start = time.perf_counter()
    apply_import(review, plan)
    steps["write and commit"] = time.perf_counter() - start

    generated = work / "generated"
    counts = generate(generated, scale=args.scale)
    base = timed([python, "-c", "pass"], args.runs)
    text = timed([python, "-m", "scrtui", "chronology", str(generated)], args.runs)
    svg = timed(
        [python, "-m", "scrtui", "chronology", str(generated), "--format", "svg"], args.runs
    )

    reader = statistics.median(calamine)
    imported = statistics.median(imports)
    print(
        f"# scr chronology benchmarks ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()})"
    )
    print()
    print(
        f"Import of a {args.rows:,}-row xlsx ({book.stat().st_size / 1e6:.1f} MB) from one "
        "agency; whole process unless said"
    )
    print()
    print(f"| {'case':<44} | median  |   min   |   max   | {'rows/s':<14} |")
    print(f"|{'-' * 46}|---------|---------|---------|{'-' * 16}|")
    print(row("reader alone: python-calamine (in process)", calamine, f"{args.rows / reader:,.0f}"))
    print(
        row(
            "reader alone: openpyxl read-only (in process)",
            openpyxl_times,
            f"{args.rows / statistics.median(openpyxl_times):,.0f}",
        )
    )
    print(row("scr import chronology (whole process)", imports, f"{args.rows / imported:,.0f}"))
    print(row("scr import chronology, 3 rows (the fixed cost)", fixed))
    print()
    said = check.stdout.splitlines()[-1] if check.stdout else ""
    print(f"import exit {check.returncode}; {said}")
    print("Steps of one import, in process (seconds):")
    for name, seconds in steps.items():
        print(f"  {name:<44} {seconds:7.3f}")
    ratio = imported / reader
    print(
        f"target: import within {IMPORT_TARGET:g}x the reader (python-calamine): "
        f"{ratio:.1f}x: {'PASS' if ratio <= IMPORT_TARGET else 'FAIL'}"
    )
    per_rows = imported - statistics.median(fixed)
    print(
        f"        the rows' own share (import minus the fixed cost, {per_rows:.3f} s): "
        f"{per_rows / reader:.1f}x the reader"
    )
    against = imported / statistics.median(openpyxl_times)
    print(f"        (against openpyxl read-only: {against:.1f}x)")
    print()
    print(
        f"`scr chronology` on the generated review, scale {args.scale} "
        f"({counts['chronology']:,} entries, {counts['agencies']} agencies); whole process"
    )
    print()
    print(f"| {'case':<44} | median  |   min   |   max   | {'- baseline':<14} |")
    print(f"|{'-' * 46}|---------|---------|---------|{'-' * 16}|")
    base_med = statistics.median(base)
    print(row("baseline: python -c pass", base))
    for name, values in (("scr chronology (text)", text), ("scr chronology --format svg", svg)):
        print(row(name, values, f"{statistics.median(values) - base_med:.3f}"))
    for name, values in (("text", text), ("svg", svg)):
        verdict = "PASS" if statistics.median(values) < VIEW_TARGET else "FAIL"
        print(f"target: {name} under {VIEW_TARGET} s: {verdict}")
    print()
    print("command: python benchmarks/bench_chronology.py " + " ".join(args.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
