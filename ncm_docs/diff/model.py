"""The plain data the diff engine reads and produces. Knows nothing about Word.

A document is a list of ``Section``s: a clause (found by its stable id) or a block
outside any clause (a paragraph or a table, ``id`` None). A section is a list of
``Line``s: one per paragraph or table row. ``ref`` fields carry an opaque handle
(for the redline writer, the XML element) that the engine never looks at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Section statuses.
UNCHANGED, CHANGED, ADDED, REMOVED, MOVED, MOVED_FROM = "unchanged", "changed", "added", "removed", "moved", "moved-from"
# Line operations.
EQUAL_LINE, CHANGED_LINE, INSERTED, DELETED = "equal", "changed", "inserted", "deleted"


@dataclass(frozen=True, eq=False)
class Line:
    """One paragraph (``kind`` "p") or table row (``kind`` "row", cells joined by tabs)."""

    text: str
    kind: str = "p"
    cells: int = 0
    ref: Any = None


@dataclass(eq=False)
class Section:
    """A clause (``id`` set) or a block outside clauses (``id`` None)."""

    id: str | None
    lines: list[Line]
    version: str = ""
    title: str = ""
    ref: Any = None

    @property
    def key(self) -> tuple:
        """What must be equal for two sections to align without looking further."""
        if self.id is not None:
            return ("clause", self.id)
        return ("text", tuple(line.text for line in self.lines), self.ref_tag)

    @property
    def ref_tag(self) -> str:
        return getattr(self.ref, "tag", "") if self.ref is not None else ""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class DocText:
    """A document as the diff engine sees it."""

    name: str
    sections: list[Section]


@dataclass
class LineChange:
    """One line of the alignment: equal, changed (with word diff), inserted or deleted."""

    op: str
    old: Line | None
    new: Line | None
    words: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SectionDiff:
    """One section of the alignment, with its line changes.

    ``status`` is unchanged, changed, added, removed or moved (a moved clause may also
    have changed: ``changed`` says so). A moved clause also leaves a ``moved-from``
    entry where it used to be, so that writers can show its old place.
    """

    status: str
    old: Section | None
    new: Section | None
    lines: list[LineChange] = field(default_factory=list)
    changed: bool = False

    @property
    def section(self) -> Section:
        """The section as it is now (or was, if removed)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def id(self) -> str | None:
        return self.section.id

    @property
    def title(self) -> str:
        return self.section.title


@dataclass
class DocumentDiff:
    """Two versions of one document aligned: every section, in reading order.

    Reading order is NEW's order, with removed sections (and the old places of moved
    ones) where they used to be.
    """

    name: str
    status: str  # unchanged, changed, added, removed
    sections: list[SectionDiff]

    def of_status(self, status: str) -> list[SectionDiff]:
        """Clause entries with this status (``changed`` excludes moved clauses)."""
        return [s for s in self.sections if s.status == status and s.id is not None]

    @property
    def outside_changes(self) -> list[SectionDiff]:
        """Changed, added or removed blocks outside any clause (cover page, contents...)."""
        return [s for s in self.sections if s.id is None and s.status != UNCHANGED and _has_text(s)]

    @property
    def has_changes(self) -> bool:
        return self.status != UNCHANGED

    def counts(self) -> dict[str, int]:
        """How many clauses were added, removed, changed and moved; blocks outside clauses changed."""
        return {
            "added": len(self.of_status(ADDED)),
            "removed": len(self.of_status(REMOVED)),
            "changed": len(self.of_status(CHANGED)),
            "moved": len(self.of_status(MOVED)),
            "other": len(self.outside_changes),
        }


def _has_text(diff: SectionDiff) -> bool:
    return any(line.text for s in (diff.old, diff.new) if s is not None for line in s.lines)
