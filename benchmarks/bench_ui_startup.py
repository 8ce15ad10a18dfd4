"""Time from launch to first paint of `scr open` on the example, against a bare Textual app.

    python benchmarks/bench_ui_startup.py [--runs 9]

How first paint is measured: each process runs in its own pseudo-terminal of 80x24 with
TERM=xterm-256color, as a user's SSH session would give it. The benchmark notes the monotonic
clock just before it starts the process; the app, seeing SCR_EXIT_AFTER_FIRST_PAINT=1, writes
the monotonic clock to SCR_FIRST_PAINT_FILE from a callback scheduled with
`call_after_refresh` in `on_mount` (Textual runs it once the first frame has been written to
the terminal), then exits. First paint = that stamp minus the launch stamp: interpreter start,
imports, CLI parsing, compose, CSS and the first frame, but not the teardown. Linux's
CLOCK_MONOTONIC is shared by all processes, so the two stamps are comparable.

The bare app is an `App` with one Static, given the same hook, started as `python bare.py`
in the same pseudo-terminal set-up; runs alternate (bare, scr, bare, scr, ...) so that a busy
machine slows both alike. Also reported, not judged: the time until the review is loaded,
checked and the Overview filled in (SCR_EXIT_AFTER_LOAD=1), which is when the reviewer can
work. A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import pty
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "example"
TARGET_RATIO = 1.5

BARE_APP = """
import os, time
from pathlib import Path
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("bare")

    def on_mount(self):
        self.call_after_refresh(self.stamp)

    def stamp(self):
        Path(os.environ["SCR_FIRST_PAINT_FILE"]).write_text(f"{time.monotonic()}\\n")
        self.exit()


Bare().run()
"""


def run_in_pty(command: list[str], env: dict[str, str], stamp: Path) -> tuple[float, float]:
    """(seconds to the stamp the app wrote, seconds until the process ended)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    stamp.unlink(missing_ok=True)

    def drain() -> None:  # keep reading so the app never blocks on a full terminal
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.monotonic()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    ended = time.monotonic()
    os.close(master)
    reader.join(timeout=5)
    if process.returncode != 0 or not stamp.exists():
        raise RuntimeError(f"{shlex.join(command)} exited {process.returncode} without a stamp")
    return float(stamp.read_text()) - start, ended - start


def prepare_review(where: Path) -> Path:
    """A copy of the example as `scr init --example` makes it (a git repo, one commit)."""
    review = where / "example-review"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    subprocess.run(
        [sys.executable, "-m", "scrtui", "init", "--example", str(review)],
        check=True,
        capture_output=True,
        env=env,
    )
    return review


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per case (default 9)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="scr-bench-ui-"))
    try:
        review = prepare_review(work)
        bare = work / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        stamp = work / "painted"
        base_env = {k: v for k, v in os.environ.items() if k != "COLORTERM"}
        base_env.update(TERM="xterm-256color", SCR_FIRST_PAINT_FILE=str(stamp))
        paint_env = {**base_env, "SCR_EXIT_AFTER_FIRST_PAINT": "1"}
        load_env = {**base_env, "SCR_EXIT_AFTER_LOAD": "1"}
        cases = {
            "bare Textual app": ([sys.executable, str(bare)], base_env),
            "scr open (first paint)": (
                [sys.executable, "-m", "scrtui", "open", str(review)],
                paint_env,
            ),
            "scr open (review loaded)": (
                [sys.executable, "-m", "scrtui", "open", str(review)],
                load_env,
            ),
        }
        print(
            f"python {platform.python_version()} on {platform.platform()}; "
            f"{os.cpu_count()} CPUs; pseudo-terminal 80x24, TERM=xterm-256color"
        )
        for name, (command, env) in cases.items():
            extra = " ".join(
                f"{k}={env[k]}"
                for k in ("SCR_EXIT_AFTER_FIRST_PAINT", "SCR_EXIT_AFTER_LOAD")
                if k in env
            )
            print(f"  {name}: {extra + ' ' if extra else ''}{shlex.join(command)}")
        times: dict[str, list[float]] = {name: [] for name in cases}
        for command, env in cases.values():  # one warm-up each: file cache, .pyc
            run_in_pty(command, env, stamp)
        for _ in range(args.runs):
            for name, (command, env) in cases.items():
                times[name].append(run_in_pty(command, env, stamp)[0])
        print(
            f"\n{'case':<26} {'median':>8} {'min':>8} {'max':>8}   ({args.runs} runs, "
            "seconds from launch to the stamp)"
        )
        for name, values in times.items():
            print(
                f"{name:<26} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f}"
            )
        bare_median = statistics.median(times["bare Textual app"])
        paint_median = statistics.median(times["scr open (first paint)"])
        ratio = paint_median / bare_median
        verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
        print(
            f"\nfirst paint of scr open / bare app: {ratio:.2f}x "
            f"(target at most {TARGET_RATIO}x): {verdict}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
