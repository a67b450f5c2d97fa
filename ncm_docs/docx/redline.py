"""Word tracked changes: NEW marked up against OLD, and accepting or rejecting them again.

``redline_docx`` takes two .docx files and returns NEW with every difference as a
revision Word and LibreOffice show: ``w:ins``/``w:del`` around runs (each with
``w:id``, ``w:author`` and ``w:date``), the paragraph mark of a whole inserted or
deleted paragraph marked too (``w:pPr/w:rPr/w:ins``), and whole table rows marked in
``w:trPr``. Deleted text comes from OLD's own runs, so it keeps its formatting. A clause
that moved is deleted where it was and inserted where it is now. Styles, numbering
and clause bookmarks of NEW are untouched, and a removed clause comes back with its own
heading bookmark when the deletion is rejected.

``accept_all`` and ``reject_all`` (from ``revisions``) resolve every revision of a body in
place; tests use them to prove that accepting gives NEW's text and rejecting OLD's.
"""

from __future__ import annotations

import copy
from lxml import etree

from ..diff.align import diff_documents, diff_lines
from ..diff.model import (
    ADDED, CHANGED, CHANGED_LINE, DELETED, EQUAL_LINE, INSERTED, MOVED, MOVED_FROM, REMOVED, UNCHANGED,
    DocumentDiff, LineChange,
)
from ..diff.words import EQUAL, INSERT
from ..errors import DocxError
from .package import write_zip
from .reader import W, ReadDocument, read_docx_bytes
from .revisions import TRACKED as _TRACKED, accept_all, reject_all, revision_count  # noqa: F401 (accept/reject/count: public here too)
from .sections import PROPERTY_TAGS, container_lines, doc_text

DOCUMENT = "word/document.xml"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Where a paragraph mark revision goes among ``w:pPr`` children: before these.
_PPR_AFTER_RPR = {f"{W}sectPr", f"{W}pPrChange"}


class Revisions:
    """Makes revision marks with unique ids, one author and one date."""

    def __init__(self, first_id: int, author: str, date: str | None, live_bookmarks: set[str] = frozenset()) -> None:
        self.next_id = first_id
        self.author = author
        self.date = date
        self.live_bookmarks = live_bookmarks  # bookmark names NEW has: a deleted copy must not repeat them

    def new_id(self) -> str:
        """A fresh id for a revision, bookmark or content control."""
        value = self.next_id
        self.next_id += 1
        return str(value)

    def mark(self, kind: str) -> etree._Element:
        """An empty ``w:ins`` or ``w:del`` element (``kind`` "ins" or "del")."""
        element = etree.Element(f"{W}{kind}")
        element.set(f"{W}id", self.new_id())
        element.set(f"{W}author", self.author)
        if self.date:
            element.set(f"{W}date", self.date)
        return element


# -- public API -------------------------------------------------------------------------

def redline_docx(old: bytes, new: bytes, *, author: str = "ncm-docs", date: str | None = None,
                 old_name: str = "OLD.docx", new_name: str = "NEW.docx") -> bytes:
    """NEW (.docx bytes) with tracked changes against OLD; both read through the safe reader."""
    old_doc, new_doc = read_docx_bytes(old, old_name), read_docx_bytes(new, new_name)
    diff = diff_documents(doc_text(old_doc), doc_text(new_doc))
    return redline_document(new_doc, diff, author=author, date=date)


def redline_document(new: ReadDocument, diff: DocumentDiff, *, author: str = "ncm-docs", date: str | None = None) -> bytes:
    """The .docx bytes of ``new`` marked up with ``diff``.

    ``diff`` must come from ``diff_documents`` over ``doc_text`` of OLD and of ``new``
    (its lines point at their XML elements). ``new``'s XML tree is rewritten in place.
    ``date`` defaults to NEW's last-modified date, so the output is deterministic.
    """
    if new.proposals:
        authors = ", ".join(sorted({p.author for p in new.proposals}))
        raise DocxError(
            f"{new.path}: has {len(new.proposals)} pending tracked change{'s' if len(new.proposals) != 1 else ''} "
            f"(by {authors}); accept or reject them in Word first, then make the redline"
        )
    date = date if date is not None else modified_date(new)
    root = new.body.getroottree().getroot()
    live = {b.get(f"{W}name") for b in new.body.iter(f"{W}bookmarkStart")}
    revisions = Revisions(_max_id(root) + 1, author, date, live)
    _rebuild_body(new.body, diff, revisions)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_zip([(name, data if name == DOCUMENT else part) for name, part in new.parts.items()])


def modified_date(document: ReadDocument) -> str | None:
    """``dcterms:modified`` of a .docx (the default revision date), if it has one."""
    core = document.parts.get("docProps/core.xml", b"")
    if not core:
        return None
    from .reader import parse_xml

    node = parse_xml(core, document.path, "docProps/core.xml").find("{http://purl.org/dc/terms/}modified")
    return (node.text or "").strip() or None if node is not None else None


# -- the body and its sections -------------------------------------------------------------

def _rebuild_body(body: etree._Element, diff: DocumentDiff, revisions: Revisions) -> None:
    blocks: list[etree._Element] = []
    for entry in diff.sections:
        section = entry.section
        if section.id is None:
            blocks += _blocks(entry.lines, revisions)
            continue
        legacy = _is_content_control(section.ref)
        if entry.status == UNCHANGED:
            blocks += section.ref
            continue
        if entry.status in (REMOVED, MOVED_FROM):
            changes = entry.lines
        elif entry.status in (ADDED, MOVED):
            changes = [LineChange(INSERTED, None, line) for line in entry.new.lines]
        else:
            assert entry.status == CHANGED
            changes = entry.lines
        content = _blocks(changes, revisions)
        if entry.status == MOVED_FROM:  # its bookmarks live on where it moved to
            for element in content:
                for mark in list(element.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
                    mark.getparent().remove(mark)
        if legacy:  # an older pack: the clause keeps its content control
            source = entry.old.ref if entry.status in (REMOVED, MOVED_FROM) else entry.new.ref
            sdt = _sdt_copy(source[0], revisions) if entry.status in (REMOVED, MOVED_FROM) else source[0]
            _set_blocks(sdt.find(f"{W}sdtContent"), content)
            content = [sdt]
        blocks += content
    _set_blocks(body, blocks)


def _sdt_copy(sdt: etree._Element, revisions: Revisions) -> etree._Element:
    """An old content control (a pack built before the bookmark carriers), emptied, for
    deleted content; fresh ids so none clash with NEW."""
    shell = etree.Element(sdt.tag, dict(sdt.attrib))
    for child in sdt:
        if child.tag == f"{W}sdtContent":
            shell.append(etree.Element(child.tag))
        else:
            shell.append(copy.deepcopy(child))
    for node in shell.iter(f"{W}id"):
        node.set(f"{W}val", revisions.new_id())
    return shell


def _is_content_control(ref) -> bool:
    return bool(ref) and ref[0].tag == f"{W}sdt"


def _set_blocks(container: etree._Element, blocks: list[etree._Element]) -> None:
    """Replace the block children of ``container``, keeping its property elements in place."""
    leading = [c for c in container if c.tag in PROPERTY_TAGS and c.tag != f"{W}sectPr"]
    trailing = [c for c in container if c.tag == f"{W}sectPr"]
    for child in list(container):
        container.remove(child)
    for child in leading + blocks + trailing:
        container.append(child)


def _blocks(changes: list[LineChange], revisions: Revisions) -> list[etree._Element]:
    """Block elements for aligned lines; table rows regrouped into their tables."""
    out: list[etree._Element] = []
    shell_source: dict[int, etree._Element] = {}  # id(shell) -> the table its rows came from
    for change in changes:
        line = change.new if change.op != DELETED else change.old
        source = line.ref
        table = source.getparent() if line.kind == "row" else None
        if change.op == EQUAL_LINE:
            element = source
        elif change.op == CHANGED_LINE:
            element = _changed(change, revisions)
        elif change.op == INSERTED:
            element = source if line.kind in ("other", "mark") else _mark_inserted(source, revisions)
        else:
            if line.kind in ("other", "mark"):
                continue
            element = _mark_deleted(copy.deepcopy(source), revisions)
            _drop_live_bookmarks(element, revisions.live_bookmarks)
            _refresh_bookmark_ids(element, revisions)
        if table is None:
            out.append(element)
            continue
        last = out[-1] if out else None
        fits = last is not None and id(last) in shell_source and (
            shell_source[id(last)] is table or change.op == DELETED
        )
        if not fits:
            last = _table_shell(table)
            shell_source[id(last)] = table
            out.append(last)
        last.append(element)
    return out


def _table_shell(table: etree._Element) -> etree._Element:
    """A copy of a table's properties and grid, without rows."""
    shell = etree.Element(table.tag, dict(table.attrib))
    for child in table:
        if child.tag != f"{W}tr":
            shell.append(copy.deepcopy(child))
    return shell


def _drop_live_bookmarks(element: etree._Element, live: set[str]) -> None:
    """Remove from a deleted copy the bookmarks NEW still has (a name may exist once)."""
    ids = {b.get(f"{W}id") for b in element.iter(f"{W}bookmarkStart") if b.get(f"{W}name") in live}
    for mark in list(element.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
        if mark.get(f"{W}id") in ids:
            mark.getparent().remove(mark)


def _refresh_bookmark_ids(element: etree._Element, revisions: Revisions) -> None:
    ids: dict[str, str] = {}
    for mark in element.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd"):
        old = mark.get(f"{W}id", "")
        ids.setdefault(old, revisions.new_id())
        mark.set(f"{W}id", ids[old])


# -- changed paragraphs and rows -----------------------------------------------------------

def _changed(change: LineChange, revisions: Revisions) -> etree._Element:
    old, new = change.old.ref, change.new.ref
    if change.new.kind == "row":
        for old_cell, new_cell in zip(old.iter(f"{W}tc"), new.iter(f"{W}tc")):
            _set_blocks(new_cell, _blocks(diff_lines(container_lines(old_cell), container_lines(new_cell)), revisions))
        return new
    if change.new.kind in ("other", "mark"):
        return new
    return _redline_paragraph(old, new, change.words, revisions)


def _redline_paragraph(old_p: etree._Element, new_p: etree._Element, words: list[tuple[str, str]], revisions: Revisions) -> etree._Element:
    """Mark ``new_p`` up in place: inserted words wrapped in ``w:ins``, deleted ones restored in ``w:del``."""
    inserts: list[tuple[int, int]] = []
    deletes: list[tuple[int, int, int]] = []  # (new position, old start, old end)
    pos_new = pos_old = 0
    for op, text in words:
        if op == EQUAL:
            pos_new, pos_old = pos_new + len(text), pos_old + len(text)
        elif op == INSERT:
            inserts.append((pos_new, pos_new + len(text)))
            pos_new += len(text)
        else:
            deletes.append((pos_new, pos_old, pos_old + len(text)))
            pos_old += len(text)
    for cut in sorted({p for span in inserts for p in span} | {d[0] for d in deletes}):
        _split_runs_at(new_p, cut)
    runs = _text_runs(new_p)
    old_runs = _text_runs(old_p)
    for at, start, end in deletes:
        deleted = revisions.mark("del")
        for run, run_start, run_end in old_runs:
            lo, hi = max(start, run_start), min(end, run_end)
            if lo < hi:
                deleted.append(_deleted_run(run, _run_text(run)[lo - run_start:hi - run_start]))
        after = next((r for r, s, _ in runs if s == at), None)
        if after is not None:
            _outermost_wrapper(after).addprevious(deleted)
        else:
            before = next((r for r, _, e in reversed(runs) if e == at), None)
            if before is not None:
                _outermost_wrapper(before).addnext(deleted)
            else:
                new_p.append(deleted)
    for start, end in inserts:
        _wrap_runs([r for r, s, e in runs if s >= start and e <= end], "ins", revisions)
    return new_p


def _outermost_wrapper(run: etree._Element) -> etree._Element:
    parent = run.getparent()
    return parent if parent is not None and parent.tag in _TRACKED else run


def _run_text(run: etree._Element) -> str:
    return "".join("\t" if c.tag == f"{W}tab" else (c.text or "") for c in run if c.tag in (f"{W}t", f"{W}tab"))


def _text_runs(p: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """Runs carrying text, with their character span in the paragraph's text."""
    out, pos = [], 0
    for run in p.iter(f"{W}r"):
        if run.getparent() is not None and run.getparent().tag in (f"{W}del", f"{W}moveFrom"):
            continue
        length = len(_run_text(run))
        if length:
            out.append((run, pos, pos + length))
            pos += length
    return out


def _split_runs_at(p: etree._Element, cut: int) -> None:
    """Split the run that spans character ``cut`` in two, so a run starts exactly there."""
    for run, start, end in _text_runs(p):
        if start < cut < end:
            _split_run(run, cut - start)
            return


def _split_run(run: etree._Element, offset: int) -> None:
    second = etree.Element(run.tag, dict(run.attrib))
    props = run.find(f"{W}rPr")
    if props is not None:
        second.append(copy.deepcopy(props))
    pos, moving = 0, False
    for child in list(run):
        if child.tag == f"{W}rPr":
            continue
        if moving:
            second.append(child)
            continue
        length = len(child.text or "") if child.tag == f"{W}t" else 1 if child.tag == f"{W}tab" else 0
        if pos + length <= offset:
            pos += length
            if pos == offset and length:
                moving = True
            continue
        # the cut falls inside this w:t
        head, tail = child.text[: offset - pos], child.text[offset - pos:]
        child.text = head
        child.set(_XML_SPACE, "preserve")
        rest = etree.SubElement(second, f"{W}t")
        rest.text = tail
        rest.set(_XML_SPACE, "preserve")
        moving = True
    run.addnext(second)


def _deleted_run(old_run: etree._Element, text: str) -> etree._Element:
    """A run holding ``text`` as deleted text, formatted like ``old_run``."""
    run = etree.Element(f"{W}r")
    props = old_run.find(f"{W}rPr")
    if props is not None:
        run.append(copy.deepcopy(props))
    for index, piece in enumerate(text.split("\t")):
        if index:
            etree.SubElement(run, f"{W}tab")
        if piece:
            node = etree.SubElement(run, f"{W}delText")
            node.text = piece
            node.set(_XML_SPACE, "preserve")
    return run


def _wrap_runs(runs: list[etree._Element], kind: str, revisions: Revisions) -> None:
    """Wrap runs in revision marks, consecutive siblings sharing one mark."""
    current: etree._Element | None = None
    for run in runs:
        parent = run.getparent()
        if parent is None or parent.tag in _TRACKED:
            continue
        if current is not None and run.getprevious() is current:
            current.append(run)
            continue
        current = revisions.mark(kind)
        run.addprevious(current)
        current.append(run)


# -- whole paragraphs and rows ---------------------------------------------------------------

def _mark_inserted(element: etree._Element, revisions: Revisions) -> etree._Element:
    """Mark a paragraph or row (and everything in it) as inserted, in place."""
    _mark_whole(element, "ins", revisions)
    return element


def _mark_deleted(element: etree._Element, revisions: Revisions) -> etree._Element:
    """Mark a copy of an old paragraph or row (and everything in it) as deleted."""
    for node in element.iter(f"{W}t", f"{W}instrText"):
        node.tag = f"{W}delText" if node.tag == f"{W}t" else f"{W}delInstrText"
    _mark_whole(element, "del", revisions)
    return element


def _mark_whole(element: etree._Element, kind: str, revisions: Revisions) -> None:
    if element.tag == f"{W}tr":
        props = element.find(f"{W}trPr")
        if props is None:
            props = etree.Element(f"{W}trPr")
            exceptions = element.find(f"{W}tblPrEx")
            (exceptions.addnext if exceptions is not None else lambda e: element.insert(0, e))(props)
        props.append(revisions.mark(kind))
    paragraphs = [element] if element.tag == f"{W}p" else list(element.iter(f"{W}p"))
    for p in paragraphs:
        _wrap_runs(list(p.iter(f"{W}r")), kind, revisions)
        _mark_paragraph(p, kind, revisions)


def _mark_paragraph(p: etree._Element, kind: str, revisions: Revisions) -> None:
    """Mark the paragraph mark itself (``w:pPr/w:rPr/w:ins`` or ``w:del``)."""
    props = p.find(f"{W}pPr")
    if props is None:
        props = etree.Element(f"{W}pPr")
        p.insert(0, props)
    run_props = props.find(f"{W}rPr")
    if run_props is None:
        run_props = etree.Element(f"{W}rPr")
        later = next((c for c in props if c.tag in _PPR_AFTER_RPR), None)
        (later.addprevious if later is not None else props.append)(run_props)
    run_props.insert(0, revisions.mark(kind))


def _max_id(root: etree._Element) -> int:
    highest = 0
    for element in root.iter():
        value = element.get(f"{W}id") if isinstance(element.tag, str) else None
        if value is None and isinstance(element.tag, str) and element.tag == f"{W}id":
            value = element.get(f"{W}val")
        if value is not None and value.lstrip("-").isdigit():
            highest = max(highest, int(value))
    return highest

