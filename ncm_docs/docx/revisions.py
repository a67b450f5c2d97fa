"""Tracked changes in a .docx: finding them, and accepting or rejecting them all.

A counterparty who edits with Track Changes on sends back *proposals*: insertions
(``w:ins``), deletions (``w:del``), moves (``w:moveFrom``/``w:moveTo``) and formatting
changes (``w:rPrChange``, ``w:pPrChange`` and the table ones). ncm-docs never treats
them as agreed: the reader reads a document as if every proposal were rejected (what
the parties have agreed so far), can read it as if every one were accepted, and lists
the proposals themselves by author and paragraph (``proposals``).

``accept_all`` and ``reject_all`` resolve every revision of a body in place, as Word's
Accept All / Reject All do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Revision wrappers around runs, paragraph marks and table rows.
TRACKED = {f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"}
#: Formatting changes: each holds the properties as they were before.
PROPERTY_CHANGES = {f"{W}{n}" for n in ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange", "tblGridChange", "tblPrExChange")}
#: Range marks of a move (no text, nothing to keep once the move is resolved).
_MOVE_RANGES = {f"{W}{n}" for n in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")}
#: Properties of a paragraph that its ``w:pPrChange`` does not cover.
_PPR_OWN = {f"{W}rPr", f"{W}sectPr", f"{W}pPrChange"}


def has_revisions(body: etree._Element) -> bool:
    """True if ``body`` holds any tracked change."""
    return next(body.iter(*TRACKED, *PROPERTY_CHANGES), None) is not None


def revision_count(body: etree._Element) -> int:
    """How many revision marks (insertions, deletions, moves) ``body`` holds."""
    return sum(1 for _ in body.iter(*TRACKED))


def accept_all(body: etree._Element) -> etree._Element:
    """Accept every revision of ``body`` in place (and return it)."""
    _resolve(body, keep=("ins", "moveTo"), drop=("del", "moveFrom"))
    for change in list(body.iter(*PROPERTY_CHANGES)):
        change.getparent().remove(change)
    return body


def reject_all(body: etree._Element) -> etree._Element:
    """Reject every revision of ``body`` in place (and return it)."""
    _resolve(body, keep=("del", "moveFrom"), drop=("ins", "moveTo"))
    for old, new in (("delText", "t"), ("delInstrText", "instrText")):
        for element in body.iter(f"{W}{old}"):
            element.tag = f"{W}{new}"
    for change in list(body.iter(*PROPERTY_CHANGES)):
        _restore_properties(change)
    return body


def _restore_properties(change: etree._Element) -> None:
    """Put back the properties a formatting change replaced."""
    props = change.getparent()
    before = change[0] if len(change) and isinstance(change[0].tag, str) else None
    keep = _PPR_OWN if props.tag == f"{W}pPr" else {change.tag}
    for child in list(props):
        if child.tag not in keep or child is change:
            props.remove(child)
    if before is not None:
        for index, child in enumerate(before):
            props.insert(index, child)


def _resolve(body: etree._Element, keep: tuple[str, str], drop: tuple[str, str]) -> etree._Element:
    keep_tags = {f"{W}{k}" for k in keep}
    drop_tags = {f"{W}{d}" for d in drop}
    marks = (f"{W}rPr", f"{W}trPr")
    for row in list(body.iter(f"{W}tr")):
        props = row.find(f"{W}trPr")
        if props is not None and any(c.tag in drop_tags for c in props):
            row.getparent().remove(row)
    for wrapper in list(body.iter(*drop_tags)):
        parent = wrapper.getparent()
        if parent is not None and parent.tag not in marks:
            parent.remove(wrapper)
    for p in list(body.iter(f"{W}p")):
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and any(c.tag in drop_tags for c in mark):
            _join_with_next(p)
    for wrapper in list(body.iter(*keep_tags, *drop_tags)):
        parent = wrapper.getparent()
        if parent is None:
            continue
        if parent.tag in marks:
            parent.remove(wrapper)
            continue
        for child in list(wrapper):
            wrapper.addprevious(child)
        parent.remove(wrapper)
    for mark in list(body.iter(*_MOVE_RANGES)):
        mark.getparent().remove(mark)
    for table in list(body.iter(f"{W}tbl")):
        if table.find(f"{W}tr") is None:
            table.getparent().remove(table)
    for sdt in list(body.iter(f"{W}sdt")):
        content = sdt.find(f"{W}sdtContent")
        if content is not None and len(content) == 0:
            sdt.getparent().remove(sdt)
    return body


def _join_with_next(p: etree._Element) -> None:
    """Remove a paragraph whose mark is gone; any text left in it joins the next paragraph."""
    following = p.getnext()
    content = [c for c in p if c.tag != f"{W}pPr"]
    has_text = any(True for c in content for _ in c.iter(f"{W}t", f"{W}delText"))
    if has_text and following is not None and following.tag == f"{W}p":
        anchor = following.find(f"{W}pPr")
        for child in reversed(content):
            (anchor.addnext if anchor is not None else lambda e: following.insert(0, e))(child)
    p.getparent().remove(p)


# -- proposals, as a reader reports them -------------------------------------------------------

#: What each kind of mark proposes.
_KINDS = {f"{W}ins": "insert", f"{W}del": "delete", f"{W}moveFrom": "move-from", f"{W}moveTo": "move-to"}


@dataclass
class Change:
    """One proposed change in a paragraph: insert, delete, move-from, move-to or format, and its text."""

    kind: str
    text: str


@dataclass
class Proposal:
    """The changes one author proposes in one paragraph (or table row)."""

    author: str
    date: str
    paragraph: etree._Element = field(repr=False)
    changes: list[Change] = field(default_factory=list)

    def describe(self) -> str:
        """The changes in words: ``'25%' -> '30%'; insert 'promptly'``."""
        out: list[str] = []
        items = self.changes
        k = 0
        while k < len(items):
            change = items[k]
            after = items[k + 1] if k + 1 < len(items) else None
            if change.kind == "delete" and after is not None and after.kind == "insert":
                out.append(f"{_quote(change.text)} -> {_quote(after.text)}")
                k += 2
                continue
            out.append({
                "insert": "insert {}", "delete": "delete {}", "move-from": "move {} away from here",
                "move-to": "move {} here", "format": "reformat {}",
            }[change.kind].format(_quote(change.text)))
            k += 1
        return "; ".join(out)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def _mark_text(mark: etree._Element) -> str:
    return "".join(
        "\t" if node.tag == f"{W}tab" else (node.text or "")
        for node in mark.iter(f"{W}t", f"{W}delText", f"{W}tab")
    )


def _owner_paragraph(element: etree._Element) -> etree._Element | None:
    node = element
    while node is not None and node.tag != f"{W}p":
        node = node.getparent()
    return node


def proposals(body: etree._Element) -> list[Proposal]:
    """Every proposed change of ``body`` (with its marks), grouped by paragraph and author, in order."""
    found: dict[tuple[int, str], Proposal] = {}
    order: list[tuple[int, str]] = []

    def add(paragraph, mark, kind: str, text: str) -> None:
        author = mark.get(f"{W}author") or "someone"
        key = (id(paragraph), author)
        if key not in found:
            found[key] = Proposal(author, mark.get(f"{W}date", ""), paragraph)
            order.append(key)
        proposal = found[key]
        if proposal.changes and proposal.changes[-1].kind == kind and kind != "format":
            proposal.changes[-1].text += text  # one change split over several marks
        elif text or kind == "format":
            proposal.changes.append(Change(kind, text))

    for element in body.iter(*TRACKED, *PROPERTY_CHANGES):
        parent = element.getparent()
        if element.tag in PROPERTY_CHANGES:
            owner = _owner_paragraph(element)
            owner = owner if owner is not None else parent
            text = _mark_text(parent.getparent()) if element.tag == f"{W}rPrChange" else ""
            add(owner, element, "format", text or _mark_text(owner))
            continue
        if parent is not None and parent.tag in (f"{W}rPr", f"{W}trPr"):
            continue  # a paragraph mark or a table row: their text is in their runs' marks
        owner = _owner_paragraph(element)
        if owner is None:  # a whole block wrapped at body level
            owner = element
        add(owner, element, _KINDS[element.tag], _mark_text(element))
    return [found[key] for key in order if found[key].changes]
