"""Kill a forked process at a random moment: the harness of the kill -9 tests."""

from __future__ import annotations

import contextlib
import os
import signal
import time


def killed_at_random(work, delay: float, group: bool = True) -> None:
    """Fork a process that runs `work(started)` in its own process group and calls `started()`
    once it has started; SIGKILL it `delay` seconds later: the whole group (scr and the git it
    runs), or with `group=False` the process alone (a user's `kill -9 PID`: a git command it
    started runs to its end)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.setsid()
            os.close(read)
            work(lambda: os.write(write, b"r"))
        except BaseException:  # noqa: BLE001 - the child's end; the parent judges the result
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    try:
        assert os.read(read, 1) == b"r", "the child did not start"
    finally:
        os.close(read)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError, PermissionError):  # it may have finished
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
