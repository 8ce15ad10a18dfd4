"""A git command that talks to a remote, watched: silence stops it, Ctrl+C stops it, and what
it left locked is unlocked.

git runs in scr's own process group, so a Ctrl+C in the terminal reaches it too (and git
removes its own lock files as it stops), and it can still ask for a password on the terminal.
scr reads what git says as it says it: silence for `timeout` seconds stops the command, and
`say` hears each step and each line of progress.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .giterror import GitError
from .locking import find_locks, git_dir, lock_files, remove_stale_lock

if TYPE_CHECKING:
    import subprocess
    from io import BufferedReader

NETWORK_TIMEOUT = 30.0  # seconds without a word from the remote before scr stops the command
_NOTICE_EVERY = 5.0  # seconds of silence between "still waiting" notices


class NoAnswer(GitError):
    """A git command that talks to a remote heard nothing for `timeout` seconds and was
    stopped; nothing was changed by it."""

    def __init__(self, what: str, remote: str, timeout: float) -> None:
        self.what, self.remote, self.timeout = what, remote, timeout
        super().__init__(
            f"{what}: no answer for {timeout:g} s, so scr stopped it and nothing was changed; "
            f"check the network and the remote's address (git remote get-url {remote}), or "
            "allow longer with SCR_SYNC_TIMEOUT=SECONDS or [sync] timeout in review.toml"
        )


def run_watched(
    root: Path,
    what: str,
    remote: str,
    args: Sequence[str],
    timeout: float,
    say: Callable[[str], None],
    on_stop: Callable[[], None],
) -> tuple[int, str, str]:
    """Run `git *args` in `root`, a command that talks to `remote`: (exit code, stdout,
    stderr). NoAnswer after silence for `timeout` seconds, GitError when git cannot start; on
    Ctrl+C (KeyboardInterrupt) the command is stopped and whatever it left locked is unlocked,
    then `on_stop` is called, before the interrupt goes on."""
    import queue  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415

    locks_before = set(lock_files(git_dir(root)))
    say(f"{what} (Ctrl+C stops; gives up after {timeout:g} s without an answer)")
    try:
        process = subprocess.Popen(
            ["git", *args],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise GitError(f"{what} failed: git is not available: {exc}") from exc
    chunks: queue.Queue[tuple[str, bytes | None]] = queue.Queue()

    def pump(stream: BufferedReader, tag: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            for data in iter(lambda: stream.read1(65536), b""):
                chunks.put((tag, data))
        chunks.put((tag, None))

    readers = [
        threading.Thread(target=pump, args=(stream, tag), daemon=True)
        for stream, tag in ((process.stdout, "out"), (process.stderr, "err"))
    ]
    for reader in readers:
        reader.start()
    out: list[bytes] = []
    err: list[bytes] = []
    streams = 2
    heard = time.monotonic()
    noticed = heard
    try:
        while streams:
            try:
                tag, data = chunks.get(timeout=0.2)
            except queue.Empty:
                now = time.monotonic()
                if process.poll() is not None and now - heard > 0.5:
                    break  # git has finished; a helper it left keeps the pipe open
                if now - heard >= timeout:
                    _stop(root, process, locks_before)
                    raise NoAnswer(what, remote, timeout) from None
                if now - noticed >= _NOTICE_EVERY:
                    noticed = now
                    say(f"{what}: no answer for {now - heard:.0f} s ...")
                continue
            if data is None:
                streams -= 1
                continue
            heard = noticed = time.monotonic()
            (out if tag == "out" else err).append(data)
            if tag == "err":
                for line in re.split(r"[\r\n]+", data.decode("utf-8", "replace")):
                    if line.strip():
                        say(line.strip())
        code = process.wait()
    except BaseException:
        _stop(root, process, locks_before)
        on_stop()
        raise
    finally:
        for reader in readers:  # a helper git left behind may hold a pipe: do not wait
            reader.join(timeout=0.5)
    stdout = b"".join(out).decode("utf-8", "replace")
    stderr = b"".join(err).decode("utf-8", "replace")
    return code, stdout, stderr


def _stop(root: Path, process: subprocess.Popen[bytes], locks_before: set[Path]) -> None:
    """Stop a git command and every helper it started (ssh, a remote helper), then remove
    the lock files it took that no process holds now: the repository as it was."""
    if process.poll() is None:
        try:
            import psutil  # noqa: PLC0415

            family = psutil.Process(process.pid).children(recursive=True)
        except (ImportError, Exception):  # noqa: BLE001 - gone already, or no psutil
            family = []
        for member in [*family]:
            with contextlib.suppress(Exception):
                member.terminate()
        process.terminate()  # git removes its lock files when it is asked to stop
        try:
            process.wait(timeout=3)
        except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
            process.kill()
            with contextlib.suppress(Exception):
                process.wait(timeout=3)
        for member in family:
            with contextlib.suppress(Exception):
                member.kill()
    for lock in find_locks(root):
        if lock.path not in locks_before and lock.stale:
            with contextlib.suppress(GitError):
                remove_stale_lock(lock)
