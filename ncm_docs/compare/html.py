"""A comparison as one self-contained HTML page: old and new side by side.

Inline CSS, no scripts, no external files: a reviewer can open it from an email.
Every piece of text is escaped. Knows nothing about Word.
"""

from __future__ import annotations

from html import escape

from ..diff.model import ADDED, CHANGED, MOVED, MOVED_FROM, REMOVED, UNCHANGED, LineChange, SectionDiff
from ..diff.words import DELETE, EQUAL, INSERT
from .inputs import Comparison

_CSS = """
body{font-family:Georgia,serif;margin:2em;color:#222;max-width:80em}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{vertical-align:top;padding:.3em .6em;border-bottom:1px solid #eee;white-space:pre-wrap}
th{text-align:left;background:#f4f4f4}
tr.clause th{background:#e8eef7}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
td.gone{background:#fff3f3}td.new{background:#f3fff3}
.tag{font-family:monospace;font-size:.85em;color:#555}
ul.data li{margin:.2em 0}
"""

_LABELS = {ADDED: "added", REMOVED: "removed", CHANGED: "changed", MOVED: "moved"}


def html_report(comparison: Comparison) -> str:
    """The whole report as an HTML document (a string)."""
    title = f"Changes from {comparison.old} to {comparison.new}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    if comparison.kind == "partnership":
        out.append("<h2>Partnership data</h2>")
        if not comparison.data:
            out.append("<p>No changes.</p>")
        out.append('<ul class="data">')
        for change in comparison.data:
            affects = "".join(f"<br><span class=\"tag\">{escape(d)}: {escape(c or 'the whole document')}</span>" for d, c in change.affects)
            out.append(f"<li>{escape(change.describe())}{affects}</li>")
        out.append("</ul>")
    for pair in comparison.documents:
        diff = pair.diff
        counts = diff.counts()
        summary = ", ".join(f"{counts[k]} {k}" for k in ("added", "removed", "changed", "moved") if counts[k]) or "no clause changes"
        if diff.status in (ADDED, REMOVED):
            summary = f"document {diff.status}"
        out.append(f"<h2>{escape(pair.name)} <small>({escape(summary)})</small></h2>")
        out += _proposals(pair)
        if diff.status == UNCHANGED:
            out.append("<p>No changes.</p>")
            continue
        out.append('<table><colgroup><col style="width:50%"><col style="width:50%"></colgroup>')
        out.append("<tr><th>Old</th><th>New</th></tr>")
        outside = diff.outside_changes
        previous: SectionDiff | None = None
        for entry in diff.sections:
            if entry.status in (UNCHANGED, MOVED_FROM) or (entry.id is None and entry not in outside):
                continue
            grouped = entry.id is None and previous is not None and previous.id is None
            out.append(_entry_rows(entry, heading=not grouped))
            previous = entry
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _proposals(pair) -> list[str]:
    """Tracked changes pending in either file, listed (they are compared as rejected)."""
    out = []
    for side in ("old", "new"):
        pending = pair.proposals(side)
        if pending:
            out.append(f"<p>Tracked changes pending in {side.upper()} (proposals, compared as rejected):</p><ul class=\"data\">")
            out += [f"<li>{escape(p.describe())}</li>" for p in pending]
            out.append("</ul>")
    return out


def _entry_rows(entry: SectionDiff, heading: bool = True) -> str:
    if entry.id is not None:
        note = " (wording changed)" if entry.status == MOVED and entry.changed else ""
        head = (
            f'<tr class="clause"><th colspan="2">{escape(_LABELS[entry.status])}{note}: '
            f'{escape(entry.title)} <span class="tag">{escape(entry.id)}</span></th></tr>'
        )
    else:
        head = '<tr class="clause"><th colspan="2">outside clauses</th></tr>' if heading else ""
    return head + "".join(_line_row(change) for change in entry.lines if change.op != "equal")


def _line_row(change: LineChange) -> str:
    if change.op == "inserted":
        return f'<tr><td></td><td class="new"><ins>{_cell(change.new.text)}</ins></td></tr>'
    if change.op == "deleted":
        return f'<tr><td class="gone"><del>{_cell(change.old.text)}</del></td><td></td></tr>'
    left = "".join(_piece(op, text) for op, text in change.words if op in (EQUAL, DELETE))
    right = "".join(_piece(op, text) for op, text in change.words if op in (EQUAL, INSERT))
    return f"<tr><td>{left}</td><td>{right}</td></tr>"


def _piece(op: str, text: str) -> str:
    body = _cell(text)
    return {DELETE: f"<del>{body}</del>", INSERT: f"<ins>{body}</ins>"}.get(op, body)


def _cell(text: str) -> str:
    return escape(text).replace("\t", " | ")
