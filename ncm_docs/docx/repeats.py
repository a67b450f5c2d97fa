"""Clauses that appear more than once in a document: a copy pasted in next to the real one.

The reader finds each clause once (its first carrier wins, and a clause runs to the next
clause's heading), so a pasted copy is swallowed into a neighbour's text. This looks
for the copies themselves:

* a clause **bookmark** that starts more than once (a copy made by editing the XML keeps
  the bookmark's name);
* a clause **heading** that appears more than once: a paragraph in the same style as the
  clause's own heading and reading exactly its title (a copy pasted in Word loses the
  bookmark but keeps its heading);
* in packs built before the bookmark carriers, a content-control tag used twice.
"""

from __future__ import annotations

from collections import Counter

from .carriers import clause_bookmark
from .reader import W, ReadDocument, block_children, paragraph_text


def repeated_clauses(doc: ReadDocument) -> dict[str, int]:
    """Clause id -> how many times the clause appears, for clauses that appear more than once."""
    counts: Counter[str] = Counter(c.id for c in doc.clauses)  # content controls: each copy is read
    paragraphs = [p for p in block_children(doc.body) if p.tag == f"{W}p"]
    starts: Counter[str] = Counter()
    headings: Counter[tuple[str, str]] = Counter()
    for paragraph in paragraphs:
        for mark in paragraph.iter(f"{W}bookmarkStart"):
            starts[mark.get(f"{W}name", "")] += 1
        headings[(_style(paragraph), _norm(paragraph_text(paragraph)))] += 1
    own_headings: Counter[tuple[str, str]] = Counter()
    for clause in doc.clauses:
        if clause.carrier != "tag" and clause.elements and clause.elements[0].tag == f"{W}p":
            own_headings[(_style(clause.elements[0]), _norm(clause.title))] += 1
    for clause in doc.clauses:
        if clause.carrier == "tag" or not clause.elements or clause.elements[0].tag != f"{W}p":
            continue
        key = (_style(clause.elements[0]), _norm(clause.title))
        by_heading = headings[key] - own_headings[key] + 1 if key[1] else 1
        counts[clause.id] = max(counts[clause.id], starts[clause_bookmark(clause.id)], by_heading)
    return {clause_id: count for clause_id, count in counts.items() if count > 1}


def _style(paragraph) -> str:
    node = paragraph.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val", "") if node is not None else ""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
