"""Reading files without surprises and writing them atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

from ..problems import Problem
from .workspace import is_temp_file


def read_text(path: Path | str, rel: str) -> tuple[str | None, Problem | None]:
    """The file's text, or a problem saying why it cannot be read as UTF-8 text."""
    text, _data, problem = read_text_and_bytes(path, rel)
    return text, problem


def read_text_and_bytes(
    path: Path | str, rel: str
) -> tuple[str | None, bytes | None, Problem | None]:
    """The file's text and the exact bytes it was decoded from (compared before a save)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        return None, None, Problem(rel, None, None, "is a folder, expected a file")
    except FileNotFoundError:
        return None, None, Problem(rel, None, None, "file is missing")
    except OSError as exc:
        return None, None, Problem(rel, None, None, f"cannot be read: {exc.strerror or exc}")
    text, problem = decode_text(data, rel)
    return text, data, problem


def decode_text(data: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """Bytes as UTF-8 text (a BOM dropped, line endings kept), or the problem with them."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line, col = _line_col(data, offset)
        return None, Problem(rel, line, col, "is not a text file (contains a NUL byte)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        return None, Problem(rel, line, col, "is not valid UTF-8 text")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


_OWN_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")
_LEGACY_TEMP_AGE = 600  # seconds: a temporary file without a pid, older than this, is stale
_writing: set[str] = set()  # this process's temporary files still being written


def _stale(folder: str, name: str) -> bool:
    """Whether a temporary file was left by a save that never finished: the process that
    wrote it (its pid is in the name) is gone, or, in this process, no write is using it."""
    if not is_temp_file(name):
        return False
    match = _OWN_TEMP.fullmatch(name)
    if match is None:  # from an older scr: only the file's age tells
        try:
            return time.time() - os.stat(os.path.join(folder, name)).st_mtime > _LEGACY_TEMP_AGE
        except OSError:
            return False
    pid = int(match.group("pid"))
    if pid == os.getpid():
        return os.path.join(folder, name) not in _writing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError, OverflowError):
        return False  # a process of another user has that pid: it may be writing
    return False


def remove_stale_temp_files(folder: Path | str) -> list[str]:
    """Remove the temporary files that interrupted saves left in `folder`; their names."""
    folder = os.fspath(folder)
    removed: list[str] = []
    try:
        with os.scandir(folder) as entries:
            names = [
                entry.name
                for entry in entries
                if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False)
            ]
    except OSError:
        return removed
    for name in names:
        if _stale(folder, name):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed.append(name)
    return removed


def remove_stale_temp_files_in_review(root: Path | str) -> list[str]:
    """The same for the review's folder and each folder in it (where its files are)."""
    root = os.fspath(root)
    removed = remove_stale_temp_files(root)
    try:
        with os.scandir(root) as entries:
            folders = [
                entry.name
                for entry in entries
                if entry.is_dir(follow_symlinks=False)
                and not entry.name.startswith(".")
                and entry.name != "build"
            ]
    except OSError:
        return removed
    for folder in folders:
        removed += [
            f"{folder}/{name}" for name in remove_stale_temp_files(os.path.join(root, folder))
        ]
    return removed


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over the target.

    A crash leaves either the old file or the new one, never a half-written file, and at most
    a temporary file `.NAME.<pid>.<random>.tmp` (git ignores it, the loader skips it, and
    the next write in that folder removes it).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    _writing.add(tmp)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, (path.stat().st_mode & 0o777) | 0o600)  # we must read it back
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _writing.discard(tmp)
    remove_stale_temp_files(path.parent)
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write_if_changed(path: Path, text: str) -> bool:
    """Write only when the bytes differ, so a save that changes nothing touches nothing."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError):
        pass
    atomic_write(path, text)
    return True
