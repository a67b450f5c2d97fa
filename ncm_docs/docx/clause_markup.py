"""A clause read back from a .docx as the markup blocks it could have been drafted from.

``ncm-docs absorb`` turns a clause edited by hand in Word into negotiated wording for
the partnership file; rebuilding must give the same document, so the blocks keep what
the writer's markup can say: each paragraph's numbered level (from its style, or, after
a re-save that renamed the styles, from its list level), sub-headings, tables, bold runs
and cross-references (``REF`` fields back to ``[[clause-id]]``). Direct formatting other
than bold is not kept.
"""

from __future__ import annotations

from lxml import etree

from ..markup import Block, Paragraph, Ref, Run, Table, Text, _merge
from .carriers import ClauseRef
from .numbering import Numbering
from .reader import W, ReadClause, ReadDocument, parse_xml
from .styles import LEVEL_STYLES, SUBHEADING

#: Parts whose clause heading is numbered in the same list as its paragraphs (level = list level).
_HEADED_LISTS = {"operative", "schedule"}


class _Styles:
    """The document's style names, and the numbering of its styles."""

    def __init__(self, document: ReadDocument) -> None:
        parts = document.parts
        styles = parse_xml(parts["word/styles.xml"], document.path, "word/styles.xml") if "word/styles.xml" in parts else None
        numbering = parse_xml(parts["word/numbering.xml"], document.path, "word/numbering.xml") if "word/numbering.xml" in parts else None
        self.names = {}
        if styles is not None:
            for style in styles.iter(f"{W}style"):
                name = style.find(f"{W}name")
                self.names[style.get(f"{W}styleId", "")] = (name.get(f"{W}val", "") if name is not None else "").lower()
        self.numbering = Numbering(numbering, styles)

    def style_of(self, p: etree._Element) -> str:
        node = p.find(f"{W}pPr/{W}pStyle")
        return node.get(f"{W}val", "") if node is not None else ""

    def is_subheading(self, p: etree._Element) -> bool:
        style = self.style_of(p)
        return style == SUBHEADING or "subheading" in self.names.get(style, "")

    def level(self, p: etree._Element, part: str) -> int:
        style = self.style_of(p)
        levels = {s: level for level, s in LEVEL_STYLES.get(part, {}).items()}
        if style in levels and (level := levels[style]):
            return level
        found = self.numbering._list_of(p)
        if found is None or style in levels:
            return 0
        ilvl = found[1]
        return max(0, min(4, ilvl if part in _HEADED_LISTS else ilvl + 1))


def clause_blocks(clause: ReadClause, part: str, document: ReadDocument, known: list[ClauseRef]) -> list[Block]:
    """The blocks of ``clause`` (its heading left out), as markup would express them."""
    styles = _Styles(document)
    targets = {ref.bookmark: ref.id for ref in known}
    blocks: list[Block] = []
    first = True
    for element in clause.elements:
        if element.tag == f"{W}p":
            if first:  # the heading
                first = False
                continue
            blocks.append(Paragraph(_runs(element, targets), 0 if styles.is_subheading(element) else styles.level(element, part),
                                    heading=styles.is_subheading(element)))
        elif element.tag == f"{W}tbl":
            first = False
            rows = []
            for row in element.iter(f"{W}tr"):
                rows.append([_merge([r for p in cell.iter(f"{W}p") for r in _runs(p, targets)]) for cell in row.iter(f"{W}tc")])
            blocks.append(Table(rows))
    return blocks


def _runs(p: etree._Element, targets: dict[str, str]) -> list[Run]:
    """A paragraph's runs: text with bold kept, REF fields as cross-references (their cached
    numbers dropped), field instructions and deleted text left out."""
    out: list[Run] = []
    field: list[str] | None = None  # instruction text of the field being read
    in_result = False
    for run in p.iter(f"{W}r"):
        for child in run:
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    field, in_result = [], False
                elif kind == "separate" and field is not None:
                    in_result = True
                    target = _ref_target("".join(field), targets)
                    if target:
                        out.append(Ref(target))
                    else:
                        in_result = False  # another field: keep its shown text
                        field = None
                elif kind == "end":
                    field, in_result = None, False
            elif tag == f"{W}instrText" and field is not None and not in_result:
                field.append(child.text or "")
            elif tag == f"{W}t" and not (field is not None):
                out.append(Text(child.text or "", _bold(run)))
            elif tag == f"{W}tab" and field is None:
                out.append(Text(" ", _bold(run)))
    return _merge(out)


def _ref_target(instruction: str, targets: dict[str, str]) -> str | None:
    words = instruction.split()
    if len(words) >= 2 and words[0] == "REF":
        return targets.get(words[1])
    return None


def _bold(run: etree._Element) -> bool:
    node = run.find(f"{W}rPr/{W}b")
    if node is None:
        return False
    return node.get(f"{W}val", "true") not in ("0", "false", "off")
