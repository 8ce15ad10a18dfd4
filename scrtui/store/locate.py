"""Line and column of each key in a TOML text, read from the text itself.

tomli and tomlkit give positions only for syntax errors; to point a supervisor at the line of a
wrong value we scan the same text for table headers and `key =` lines. Keys are addressed as
dotted paths with array-of-tables indexes: `title`, `period.start`, `entry[3].date`.
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
_KEY = rf'(?:{_BARE}|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_AOT = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_ASSIGN = re.compile(rf"^(\s*)({_DOTTED})\s*=\s*(.*)$")
_SPLIT = re.compile(rf"{_KEY}")


def _parts(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _SPLIT.findall(dotted)]


def locate_keys(text: str, first_line: int = 1) -> dict[str, tuple[int, int]]:
    """Map each key path (and each table header) to its (line, col), 1-based."""
    found: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    prefix = ""
    closing: str | None = None
    for number, line in enumerate(text.split("\n"), start=first_line):
        if closing is not None:
            if _closes(line, closing):
                closing = None
            continue
        match = _AOT.match(line)
        if match:
            name = ".".join(_parts(match.group(1)))
            index = counts.get(name, -1) + 1
            counts[name] = index
            prefix = f"{name}[{index}]"
            found.setdefault(prefix, (number, line.index("[") + 1))
            continue
        match = _TABLE.match(line)
        if match:
            parts = _parts(match.group(1))
            head = parts[0]
            if head in counts:
                parts[0] = f"{head}[{counts[head]}]"
            prefix = ".".join(parts)
            found.setdefault(prefix, (number, line.index("[") + 1))
            continue
        match = _ASSIGN.match(line)
        if match:
            key = ".".join(_parts(match.group(2)))
            path = f"{prefix}.{key}" if prefix else key
            found.setdefault(path, (number, len(match.group(1)) + 1))
            value = match.group(3)
            for quote in ('"""', "'''"):
                if value.startswith(quote) and not _closes(value[3:], quote):
                    closing = quote
                    break
    return found


def _closes(fragment: str, quote: str) -> bool:
    index = fragment.find(quote)
    while index != -1:
        if quote == "'''" or not _escaped(fragment, index):
            return True
        index = fragment.find(quote, index + 1)
    return False


def _escaped(fragment: str, index: int) -> bool:
    slashes = 0
    while index - slashes - 1 >= 0 and fragment[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1
