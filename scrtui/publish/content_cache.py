"""What a build can keep for the next one, by content: the compiled register (the survivor
check's index and the anonymiser).

The second line of defence compiles the register into its own index before it reads a
finished file back (half a second for a register of 1,000 people). The index is a pure
function of the register and of scr's code, so it is kept in the output folder's `.cache/`
under a digest of both: a changed register (or a changed scr) is another digest, and its
index is compiled afresh. Written atomically; a file that does not load is compiled again and
replaced; a cache deleted by hand only costs the time. Never published: the output folder's
`publication/` holds the publication, `.cache/` sits beside it, ignored by git with build/.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__

CACHE = ".cache"
_KEEP = 4  # indexes of the last few registers: switching back and forth stays quick
_PACKAGE = Path(__file__).resolve().parent.parent  # scrtui/


@cache
def code_state() -> str:
    """scr's own files (name, size, modification time) and the installed distributions, as
    this process first saw them (its code is what it loaded then): a changed scr, or an
    upgraded library, builds afresh even when the version number stays."""
    parts = [f"scr {__version__}", f"python {sys.version}"]
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            parts.append(f"{os.path.relpath(path, _PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            parts += sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
    return "\n".join(parts)


def _digest(register: Any, code: str) -> str:
    data = pickle.dumps(register, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(code.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()


def _kept(folder: Path | None, kind: str, register: Any, cls: type) -> tuple[Any, Path | None]:
    """The `kind` compiled for this very register by this very scr, from `folder`'s cache,
    or None; and where it is (to be) kept."""
    if folder is None:
        return None, None
    path = folder / CACHE / f"{kind}-{_digest(register, code_state())}.pickle"
    try:
        with open(path, "rb") as handle:
            loaded = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, cut short, or not ours: compiled again
        return None, path
    return (loaded if isinstance(loaded, cls) else None), path


def survivor_search(register: Any, folder: Path | None) -> Callable[[str], list[Any]]:
    """`anonymise.survivor_search(register)`, its index loaded from `folder` (the output
    folder's cache) when it was compiled there before for this very register, else compiled
    now and kept there."""
    from ..anonymise.survivors import SurvivorIndex  # noqa: PLC0415

    kept, path = _kept(folder, "survivors", register, SurvivorIndex)
    found: SurvivorIndex = kept if kept is not None else SurvivorIndex(register)
    if kept is None and path is not None:
        _keep(path, found)

    def survivors(text: str) -> list[Any]:
        return found.find(text, False)

    return survivors


def anonymiser(register: Any, folder: Path | None) -> Any:
    """`Anonymiser.from_register(register)`, loaded from `folder`'s cache when it was compiled
    there before for this very register (a third of a second at 1,000 people), else compiled
    now and kept there (kept before it anonymises anything: what it holds is the register's
    alone, its construction warnings included)."""
    from ..anonymise import Anonymiser  # noqa: PLC0415

    found, path = _kept(folder, "anonymiser", register, Anonymiser)
    if found is None:
        found = Anonymiser.from_register(register)
        if path is not None:
            _keep(path, found)
    return found


def _keep(path: Path, value: object) -> None:
    """Write `value` to `path` whole or not at all (temp file, fsync, rename), and leave only
    the last few such files beside it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        kind = path.name.split("-", 1)[0]
        older = sorted(
            path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for stale in older[_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        return  # a cache that cannot be written is only a slower next build
