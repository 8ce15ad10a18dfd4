"""Helper processes for the slow steps of a build: the residual detector, the second line, the
readability figures.

One `concurrent.futures.ProcessPoolExecutor` (one or two processes), forked at the first
request: the build asks for the detector to be made ready at once, while it assembles the draft,
then for the candidates, each finished file's second line and the figures, each answered as
soon as a helper is free.

Only a process with one thread forks (`scr build`): a fork copies locks that other threads may
hold, and one pool forks all its processes before its own threads start. With other threads
running, as in the UI, whose build runs in a worker thread, every step runs in this process;
measured (issue 14), that is also the faster choice there: the UI process keeps the detector's
word lists and textstat's dictionary loaded from one build to the next (the example built again
from a thread: 1.0 s in one process, 3.0 s with a forked helper as before, 4.2 s with one from a
'forkserver'). Anywhere but Linux, with SCR_BUILD_NO_FORK=1, or if a helper fails for any
reason, the requests are answered here too: no step is ever skipped.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

NO_FORK_ENV = "SCR_BUILD_NO_FORK"  # set to 1 to run every step in one process

Prepare = Callable[[], Callable[[object], object]]

_answer: Callable[[object], object] | None = None  # in the helper: what `prepare` returned


def _prepared(prepare: Prepare) -> None:
    """The helper's initializer."""
    global _answer
    _answer = prepare()


def _ask(request: object) -> object:
    assert _answer is not None
    return _answer(request)


def forking_is_safe() -> bool:
    """Only from a process's only thread: a fork copies locks that other threads may hold."""
    return threading.active_count() == 1


class Asked:
    """A request asked of a `Worker`; `result()` waits for its answer."""

    def __init__(self, worker: Worker, request: object, future: Future[object] | None) -> None:
        self._worker, self._request, self._future = worker, request, future

    def result(self) -> object:
        return self._worker._result(self._request, self._future)


class Worker:
    """`prepare()` returns the function that answers (in each helper process, or here);
    `ask(request)` sends a request and returns it `Asked`. Requests and answers are pickled.
    Use as a context manager, so that a build that fails half-way leaves no helper behind."""

    def __init__(self, prepare: Prepare, processes: int = 1) -> None:
        self._prepare = prepare
        self._local: Callable[[object], object] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self.answered_here = 0  # requests the helpers did not answer
        if (
            not sys.platform.startswith("linux")
            or os.environ.get(NO_FORK_ENV) == "1"
            or not forking_is_safe()
        ):
            return
        try:
            fork = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(
                processes, fork, initializer=_prepared, initargs=(prepare,)
            )
        except Exception:  # noqa: BLE001 - no helper: every request is answered here
            self.close()

    def ask(self, request: object) -> Asked:
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(_ask, request)
            except Exception:  # noqa: BLE001 - a broken helper: answered here
                self.close()
        return Asked(self, request, future)

    def _result(self, request: object, future: Future[object] | None) -> object:
        """A helper's answer, or the same computed here when the helper gave none."""
        if future is not None:
            try:
                return future.result()
            except Exception:  # noqa: BLE001 - a failed answer is recomputed, never trusted
                self.close()
        self.answered_here += 1
        if self._local is None:
            self._local = self._prepare()
        return self._local(request)

    def close(self) -> None:
        """Stop the helpers and wait for them (each finishes the request it is answering)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
