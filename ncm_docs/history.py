"""A partnership's version history: the change log a pack shows, and its continuity between versions."""

from __future__ import annotations

from .formats import long_date
from .model import Partnership


def change_log(partnership: Partnership) -> list[dict]:
    """The change log as plain data (oldest first), for manifests and ``--format json``."""
    return [{"version": r.version, "date": r.date.isoformat(), "summary": r.summary} for r in partnership.history]


def change_log_text(partnership: Partnership) -> list[str]:
    """The change log as lines of text, e.g. ``2.0  14 March 2028  St Cuthbert's Hospice joins``."""
    return [f"{r.version}  {long_date(r.date)}  {' '.join(r.summary.split())}" for r in partnership.history]


def continuity_problems(old: Partnership, new: Partnership, new_name: str) -> list[str]:
    """Problems with ``new``'s history as the successor of ``old``: earlier entries must carry over unchanged."""
    if not new.history:
        return []
    if old.document.version not in [r.version for r in new.history]:
        return [f"{new_name}: history: has no entry for the previous version '{old.document.version}'"]
    for i, rev in enumerate(old.history):
        if i >= len(new.history) or new.history[i] != rev:
            return [f"{new_name}: history[{i}]: differs from the same entry in the previous version's history; earlier entries must not change"]
    return []
