"""A helper process for the slowest step of a build: the residual detector.

On Linux a child is forked as soon as the review is loaded. It prepares the detector (imports,
vocabulary, the register compiled) while the parent assembles and anonymises the draft, then
receives the text through a pipe and sends its candidates back while the parent renders the
formats. Anywhere else, or if the child fails for any reason, the step runs in the parent:
it is never skipped.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable

NO_FORK_ENV = "SCR_BUILD_NO_FORK"  # set to 1 to run every step in one process

Prepare = Callable[[], Callable[[object], object]]


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        data = os.read(fd, 1 << 20)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Worker:
    """`prepare()` returns the function that answers; `ask` sends its argument, `answer` waits.

    Use as a context manager, so that a build that fails half-way leaves no child behind.
    """

    def __init__(self, prepare: Prepare) -> None:
        self._prepare = prepare
        self._pid: int | None = None
        self._request: object = None
        self._to_child = self._from_child = -1
        if not sys.platform.startswith("linux") or os.environ.get(NO_FORK_ENV) == "1":
            return
        try:
            to_child = os.pipe()
            from_child = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:
            self._child(to_child[0], from_child[1], (to_child[1], from_child[0]))
        os.close(to_child[0])
        os.close(from_child[1])
        self._pid, self._to_child, self._from_child = pid, to_child[1], from_child[0]

    def _child(self, read: int, write: int, unused: tuple[int, int]) -> None:
        status = 1
        try:
            for fd in unused:
                os.close(fd)
            answer = self._prepare()
            data = _read_all(read)
            if data:
                _write_all(write, pickle.dumps(answer(pickle.loads(data)),
                                               protocol=pickle.HIGHEST_PROTOCOL))
                status = 0
        finally:
            os._exit(status)  # no atexit, no flushing of the parent's buffers

    def ask(self, request: object) -> None:
        self._request = request
        if self._pid is None:
            return
        try:
            _write_all(self._to_child, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.close()
        finally:
            if self._to_child >= 0:
                os.close(self._to_child)
                self._to_child = -1

    def answer(self) -> object:
        """The child's answer, or the same computed here when the child gave none."""
        if self._pid is not None:
            data = _read_all(self._from_child)
            status = self.close()
            if status == 0 and data:
                try:
                    return pickle.loads(data)
                except Exception:  # noqa: BLE001 - a broken answer is recomputed, never trusted
                    pass
        return self._prepare()(self._request)

    def close(self) -> int | None:
        """Close the pipes and reap the child; its exit status (None when there was none)."""
        for name in ("_to_child", "_from_child"):
            fd = getattr(self, name)
            if fd >= 0:
                os.close(fd)
                setattr(self, name, -1)
        if self._pid is None:
            return None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return status

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
