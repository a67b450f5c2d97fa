"""A comparison as terminal text (coloured or plain) and as JSON. Knows nothing about Word."""

from __future__ import annotations

from typing import Callable

from ..diff.model import ADDED, CHANGED, DELETED, INSERTED, MOVED, MOVED_FROM, REMOVED, UNCHANGED, LineChange, SectionDiff
from ..diff.words import DELETE, INSERT
from .inputs import Comparison

#: Marker and meaning of each clause status in the text report.
MARKERS = {ADDED: "+", REMOVED: "-", CHANGED: "~", MOVED: ">"}
_ORDER = (ADDED, REMOVED, CHANGED, MOVED)


def _plain(op: str, text: str) -> str:
    return {DELETE: f"[-{text}-]", INSERT: f"{{+{text}+}}"}.get(op, text)


def _colour(op: str, text: str) -> str:
    import click

    if op == DELETE:
        return click.style(text, fg="red", strikethrough=True)
    if op == INSERT:
        return click.style(text, fg="green", underline=True)
    return text


def text_report(comparison: Comparison, color: bool = False) -> str:
    """The terminal summary: data changes, then per document its clause changes with word diffs."""
    style = _colour if color else _plain
    out: list[str] = []
    if comparison.kind == "partnership":
        out.append(f"Partnership data: {len(comparison.data) or 'no'} change{'' if len(comparison.data) == 1 else 's'}")
        for change in comparison.data:
            out.append(f"  {change.describe()}")
            by_document: dict[str, list[str]] = {}
            for document, clause in change.affects:
                by_document.setdefault(document, []).append(clause)
            for document, clauses in by_document.items():
                named = ", ".join(c for c in clauses if c)
                out.append(f"      affects {document}: {named or 'the whole document'}")
        out.append("")
    for pair in comparison.documents:
        diff = pair.diff
        if diff.status == UNCHANGED:
            out.append(f"{pair.name}: no changes" + (" to the agreed text" if pair.proposals("old") or pair.proposals("new") else ""))
            out += _proposal_lines(pair)
            continue
        if diff.status in (ADDED, REMOVED):
            out.append(f"{pair.name}: document {diff.status} ({len([s for s in diff.sections if s.id])} clauses)")
            continue
        counts = diff.counts()
        summary = ", ".join(f"{counts[k]} {k}" for k in _ORDER if counts[k])
        if counts["other"]:
            summary += (", " if summary else "") + f"{counts['other']} other paragraph{'s' if counts['other'] > 1 else ''} changed"
        out.append(f"{pair.name}: {summary}")
        for entry in diff.sections:
            if entry.id is None or entry.status in (UNCHANGED, MOVED_FROM):
                continue
            out.append(_clause_heading(entry))
            if entry.status in (CHANGED, MOVED):
                out += [f"      {line}" for line in _changed_lines(entry.lines, style)]
        if diff.outside_changes:
            out.append("  ~ outside clauses")
            for entry in diff.outside_changes:
                out += [f"      {line}" for line in _changed_lines(entry.lines, style)]
        out += _proposal_lines(pair)
    changed = sum(1 for p in comparison.documents if p.diff.has_changes)
    out.append("")
    out.append(f"{len(comparison.documents)} document{'s' if len(comparison.documents) != 1 else ''} compared, {changed} with changes")
    return "\n".join(out)


def _proposal_lines(pair) -> list[str]:
    """Tracked changes still pending in either file: proposals, compared as rejected, listed here."""
    out = []
    for side in ("old", "new"):
        pending = pair.proposals(side)
        if pending:
            out.append(f"  ? {len(pending)} tracked change{'s' if len(pending) != 1 else ''} pending in {side.upper()} "
                       "(proposals: compared as rejected)")
            out += [f"      {p.describe()}" for p in pending]
    return out


def _clause_heading(entry: SectionDiff) -> str:
    note = ""
    if entry.status == MOVED:
        note = "  (moved, wording changed)" if entry.changed else "  (moved)"
    versions = ""
    if entry.old is not None and entry.new is not None and entry.old.version != entry.new.version:
        versions = f"  [{entry.old.version} -> {entry.new.version}]"
    return f"  {MARKERS[entry.status]} {entry.id}  {entry.title}{versions}{note}"


def _changed_lines(changes: list[LineChange], style: Callable[[str, str], str]) -> list[str]:
    out = []
    for change in changes:
        if change.op == INSERTED and change.new.text:
            out.append("+ " + (change.new.text if style is _plain else style(INSERT, change.new.text)))
        elif change.op == DELETED and change.old.text:
            out.append("- " + (change.old.text if style is _plain else style(DELETE, change.old.text)))
        elif change.op == "changed":
            out.append("".join(style(op, text) for op, text in change.words))
    return [line.replace("\t", " | ") for line in out]


def json_report(comparison: Comparison) -> dict:
    """The comparison as plain data for ``--format json``."""
    return {
        "kind": comparison.kind,
        "old": comparison.old,
        "new": comparison.new,
        "changed": comparison.has_changes,
        "data": [c.as_json() for c in comparison.data],
        "documents": [
            {
                "name": pair.name,
                "status": pair.diff.status,
                "counts": pair.diff.counts(),
                "clauses": [_entry_json(e) for e in pair.diff.sections if e.id is not None and e.status not in (UNCHANGED, MOVED_FROM)],
                "outside_clauses": [_entry_json(e) for e in pair.diff.outside_changes],
                "proposals": {side: [p.as_dict() for p in pair.proposals(side)] for side in ("old", "new")},
            }
            for pair in comparison.documents
        ],
    }


def _entry_json(entry: SectionDiff) -> dict:
    return {
        "id": entry.id,
        "title": entry.title,
        "status": entry.status,
        "changed": entry.changed or entry.status in (ADDED, REMOVED, CHANGED),
        "old_version": entry.old.version if entry.old is not None else None,
        "new_version": entry.new.version if entry.new is not None else None,
        "lines": [
            {
                "op": c.op,
                "old": c.old.text if c.old is not None else None,
                "new": c.new.text if c.new is not None else None,
                **({"words": [list(w) for w in c.words]} if c.words else {}),
            }
            for c in entry.lines if c.op != "equal"
        ],
    }
