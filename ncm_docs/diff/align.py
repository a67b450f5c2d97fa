"""Aligning two versions: clauses by stable id, other blocks and lines by text.

``diff_documents`` pairs clauses by id wherever they are, so a renumbered clause is
unchanged and a clause that changed places is a move (not a deletion and an
insertion); blocks without an id are paired by exact text, then by similarity.
``diff_lines`` aligns the paragraphs and rows of one clause and diffs changed ones
word by word. Knows nothing about Word.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Callable, Hashable, Sequence, TypeVar

from .model import (
    ADDED, CHANGED, CHANGED_LINE, DELETED, EQUAL_LINE, INSERTED, MOVED, MOVED_FROM, REMOVED, UNCHANGED,
    DocText, DocumentDiff, Line, LineChange, Section, SectionDiff,
)
from .words import similarity, word_diff

T = TypeVar("T")

#: Two blocks or lines at least this alike are one block changed, not one removed and one added.
PAIR_THRESHOLD = 0.5
#: Replaced stretches larger than this (old x new) are not searched for similar pairs.
MAX_PAIR_SEARCH = 250_000


def align(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable], alike: Callable[[T, T], float],
) -> list[tuple[T | None, T | None]]:
    """Old and new items in reading order as ``(old, new)`` pairs; ``None`` where one side has none.

    Items with equal keys pair first (longest common runs); within a stretch replaced
    on both sides, items at least ``PAIR_THRESHOLD`` alike pair in order.
    """
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    out: list[tuple[T | None, T | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += list(zip(old[i1:i2], new[j1:j2]))
        elif tag == "delete":
            out += [(x, None) for x in old[i1:i2]]
        elif tag == "insert":
            out += [(None, y) for y in new[j1:j2]]
        else:
            out += _pair_similar(old[i1:i2], new[j1:j2], alike)
    return out


def _pair_similar(old: Sequence[T], new: Sequence[T], alike: Callable[[T, T], float]) -> list[tuple[T | None, T | None]]:
    if len(old) * len(new) > MAX_PAIR_SEARCH:
        return [(x, None) for x in old] + [(None, y) for y in new]
    out: list[tuple[T | None, T | None]] = []
    next_old = 0
    for y in new:
        best, best_score = None, PAIR_THRESHOLD
        for k in range(next_old, len(old)):
            score = alike(old[k], y)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = k, score
        if best is None:
            out.append((None, y))
            continue
        out += [(x, None) for x in old[next_old:best]]
        out.append((old[best], y))
        next_old = best + 1
    out += [(x, None) for x in old[next_old:]]
    return out


def _line_alike(a: Line, b: Line) -> float:
    if a.kind != b.kind or a.cells != b.cells:
        return 0.0
    if a.kind == "row":  # a row keeps its place when any cell is unchanged
        return max(similarity(a.text, b.text), PAIR_THRESHOLD if set(a.text.split("\t")) & set(b.text.split("\t")) else 0.0)
    return similarity(a.text, b.text)


def diff_lines(old: Sequence[Line], new: Sequence[Line], headed: bool = False) -> list[LineChange]:
    """The paragraphs and rows of two versions of one clause, aligned, changed ones word-diffed.

    ``headed``: the first line of each is the clause's heading, and a heading pairs with
    the heading however much its wording changed (it carries the clause's bookmark).
    """
    pairs: list[tuple[Line | None, Line | None]] = []
    if headed and old and new and old[0].kind == new[0].kind == "p":
        pairs.append((old[0], new[0]))
        old, new = old[1:], new[1:]
    pairs += align(old, new, key=lambda line: (line.kind, line.text), alike=_line_alike)
    out = []
    for a, b in pairs:
        if a is None:
            out.append(LineChange(INSERTED, None, b))
        elif b is None:
            out.append(LineChange(DELETED, a, None))
        elif a.text == b.text:
            out.append(LineChange(EQUAL_LINE, a, b))
        else:
            out.append(LineChange(CHANGED_LINE, a, b, word_diff(a.text, b.text)))
    return out


def _section_alike(a: Section, b: Section) -> float:
    if a.id is not None or b.id is not None or a.ref_tag != b.ref_tag:
        return 0.0
    return similarity(a.text, b.text)


def diff_documents(old: DocText, new: DocText, name: str | None = None) -> DocumentDiff:
    """Align two versions of a document clause by clause; see the module docstring."""
    pairs = align(old.sections, new.sections, key=lambda s: s.key, alike=_section_alike)
    new_only = {b.id: i for i, (a, b) in enumerate(pairs) if a is None and b is not None and b.id is not None}
    moved_old = {a.id: a for a, b in pairs if b is None and a is not None and a.id in new_only}
    entries: list[SectionDiff] = []
    for a, b in pairs:
        if b is None:
            assert a is not None
            if a.id in moved_old:
                entries.append(SectionDiff(MOVED_FROM, a, None, [LineChange(DELETED, line, None) for line in a.lines]))
            else:
                entries.append(SectionDiff(REMOVED, a, None, [LineChange(DELETED, line, None) for line in a.lines]))
        elif a is None:
            if b.id in moved_old:
                before = moved_old[b.id]
                lines = diff_lines(before.lines, b.lines, headed=True)
                changed = any(c.op != EQUAL_LINE for c in lines)
                entries.append(SectionDiff(MOVED, before, b, lines, changed))
            else:
                entries.append(SectionDiff(ADDED, None, b, [LineChange(INSERTED, None, line) for line in b.lines]))
        else:
            lines = diff_lines(a.lines, b.lines, headed=a.id is not None)
            changed = any(c.op != EQUAL_LINE for c in lines)
            entries.append(SectionDiff(CHANGED if changed else UNCHANGED, a, b, lines, changed))
    status = CHANGED if any(e.status != UNCHANGED for e in entries) else UNCHANGED
    return DocumentDiff(name or new.name, status, entries)
