"""manifest.json: what was built, from which commit, whether it is cleared, and the hashes.

Public (it sits beside the report), so it holds counts and reasons, never a candidate's text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .gate import Candidate, Decision
from .provenance import Provenance


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def candidate_counts(candidates: list[Candidate]) -> dict[str, Any]:
    by_kind: dict[str, dict[str, int]] = {}
    for candidate in candidates:
        counts = by_kind.setdefault(candidate.kind, {"allowed": 0, "not_allowed": 0})
        counts["allowed" if candidate.allowed else "not_allowed"] += 1
    allowed = sum(c["allowed"] for c in by_kind.values())
    return {
        "total": len(candidates),
        "allowed": allowed,
        "not_allowed": len(candidates) - allowed,
        "by_kind": dict(sorted(by_kind.items())),
    }


def manifest(
    *,
    title: str,
    decision: Decision,
    files: list[Path],
    formats: list[str],
    candidates: list[Candidate],
    problems: int,
    provenance: Provenance,
    content_sha256: str,
) -> dict[str, Any]:
    entries = []
    for path in files:
        data = path.read_bytes()
        entries.append({"name": path.name, "bytes": len(data), "sha256": sha256(data)})
    return {
        "schema": 1,
        "title": title,
        "status": decision.status,
        "cleared": decision.cleared,
        "stamp": None if decision.cleared else "NOT CLEARED FOR PUBLICATION",
        "reasons": list(decision.reasons),
        "files": entries,
        "formats": formats,
        "residual_candidates": candidate_counts(candidates),
        "problems": problems,
        "commit": provenance.commit,
        "dirty": provenance.dirty,
        "built_at": provenance.built_at_text,
        "tool": f"scr {provenance.version}",
        "content_sha256": content_sha256,
    }


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
