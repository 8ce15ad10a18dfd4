"""Reading files without surprises and writing them atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..problems import Problem


def read_text(path: Path | str, rel: str) -> tuple[str | None, Problem | None]:
    """The file's text, or a problem saying why it cannot be read as UTF-8 text."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        return None, Problem(rel, None, None, "is a folder, expected a file")
    except FileNotFoundError:
        return None, Problem(rel, None, None, "file is missing")
    except OSError as exc:
        return None, Problem(rel, None, None, f"cannot be read: {exc.strerror or exc}")
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


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over the target.

    A crash leaves either the old file or the new one, never a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
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
