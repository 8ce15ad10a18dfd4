"""Time `scr build --format pdf` on the example draft against WeasyPrint alone on the same HTML.

    python benchmarks/bench_pdf.py [--runs 5]

Cases, each a whole new process, one untimed warm-up then `--runs` timed runs (median quoted):
- `scr build --format pdf` of the shipped example review (a git repository, one commit);
- the baseline: a process that imports WeasyPrint and prints the same page (report.html with
  the PDF stylesheet, as the build gives it to WeasyPrint) and nothing else.
Then the gate's read-back of the finished report.pdf (extract.file_texts: PDFium's text and
pypdf's metadata), in this process, and its share of the build's median (target: under a
quarter). A benchmark reports; it always exits 0.
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

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
BASELINE = """
import sys
from weasyprint import HTML
HTML(string=open(sys.argv[1], encoding="utf-8").read()).write_pdf(sys.argv[2])
"""


def timed(command: list[str], runs: int, env: dict) -> list[float]:
    subprocess.run(command, env=env, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from scrtui.publish.extract import file_texts
    from scrtui.publish.render_pdf import available, pdf_page

    if available():
        print(available())
        return
    env = {**os.environ, **GIT_ENV, "SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}
    with tempfile.TemporaryDirectory() as tmp:
        review = Path(tmp) / "review"
        shutil.copytree(REPO / "example", review)
        (review / ".gitignore").write_text("build/\n")
        for git in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Example"]):
            subprocess.run(["git", *git], cwd=review, env=env, check=True)
        scr = [sys.executable, "-m", "scrtui", "build", str(review)]
        subprocess.run([*scr, "--format", "html"], env=env, capture_output=True, check=False)
        html = (review / "build" / "publication" / "report.html").read_text(encoding="utf-8")
        page = Path(tmp) / "page.html"
        meta = {
            "author": "Northmoor Safeguarding Children Partnership",
            "subject": "Publication draft",
            "keywords": ["safeguarding", "learning", "LCSPR"],
        }
        page.write_text(pdf_page(html, **meta), encoding="utf-8")
        build = timed([*scr, "--format", "pdf"], args.runs, env)
        alone = timed(
            [sys.executable, "-c", BASELINE, str(page), str(Path(tmp) / "alone.pdf")],
            args.runs,
            env,
        )
        data = (review / "build" / "publication" / "report.pdf").read_bytes()
        reads = []
        for _ in range(args.runs):
            start = time.perf_counter()
            file_texts("report.pdf", data)
            reads.append(time.perf_counter() - start)
    b, a, r = (statistics.median(t) for t in (build, alone, reads))
    print(
        f"scr build --format pdf (example draft, whole process): median {b:.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in build)})"
    )
    print(
        f"WeasyPrint alone on the same HTML (whole process):     median {a:.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in alone)})"
    )
    print(f"scr's own share: {b - a:.2f} s ({(b - a) / b:.0%} of the build)")
    print(
        f"the gate's read-back of report.pdf ({len(data) // 1024} KiB): median {r:.3f} s, "
        f"{r / b:.1%} of the build (target: under 25%)"
    )


if __name__ == "__main__":
    main()
