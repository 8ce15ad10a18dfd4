"""A helper process for the slow steps of a build: the residual detector and the second line.

On Linux a child is forked as soon as the review is loaded. It prepares the detector (imports,
vocabulary, the register compiled) while the parent assembles and anonymises the draft, then
answers the parent's requests in order, through a pipe: first the residual candidates of the
draft, while the parent parses it; then each finished file read back and searched for
registered identifiers, while the parent renders the next format. Anywhere else, or if the child
fails for any reason, the requests are answered in the parent: no step is ever skipped.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from collections.abc import Callable

NO_FORK_ENV = "SCR_BUILD_NO_FORK"  # set to 1 to run every step in one process

Prepare = Callable[[], Callable[[object], object]]
_LENGTH = struct.Struct("!Q")


def _read_exactly(fd: int, size: int) -> bytes | None:
    """`size` bytes from `fd`, or None at the end of the stream."""
    chunks = []
    while size:
        data = os.read(fd, min(size, 1 << 20))
        if not data:
            return None
        chunks.append(data)
        size -= len(data)
    return b"".join(chunks)


def _read_message(fd: int) -> bytes | None:
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(head)[0])


def _write_message(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


class Worker:
    """`prepare()` returns the function that answers; `ask` sends a request, `answer` waits
    for the oldest one's answer.

    The child reads one request, answers it, then reads the next, so the parent writes a
    request while the child may be blocked writing an earlier answer: only the first request
    may be large (more than a pipe's 64 KB); later ones must be small, like file names. Use as
    a context manager, so that a build that fails half-way leaves no child behind.
    """

    def __init__(self, prepare: Prepare) -> None:
        self._prepare = prepare
        self._local: Callable[[object], object] | None = None
        self._pid: int | None = None
        self._requests: list[object] = []  # asked, not yet answered, oldest first
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
            while (data := _read_message(read)) is not None:
                _write_message(
                    write,
                    pickle.dumps(answer(pickle.loads(data)), protocol=pickle.HIGHEST_PROTOCOL),
                )
            status = 0
        finally:
            os._exit(status)  # no atexit, no flushing of the parent's buffers

    def ask(self, request: object) -> None:
        self._requests.append(request)
        if self._pid is None:
            return
        try:
            _write_message(self._to_child, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.close()

    def answer(self) -> object:
        """The answer to the oldest request: the child's, or the same computed here when the
        child gave none."""
        request = self._requests.pop(0)
        if self._pid is not None:
            try:
                data = _read_message(self._from_child)
                if data is not None:
                    return pickle.loads(data)
            except Exception:  # noqa: BLE001 - a broken answer is recomputed, never trusted
                pass
            self.close()
        if self._local is None:
            self._local = self._prepare()
        return self._local(request)

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
