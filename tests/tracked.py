"""Tracked changes made the way Word writes them, for tests: proposals by named authors.

Each function edits one .docx in place (through lxml, as Word's own XML would have it):
a word replaced (``w:del`` + ``w:ins``), a paragraph inserted or deleted (its runs and its
paragraph mark marked), a paragraph moved (``w:moveFrom``/``w:moveTo`` with their range
marks), a run reformatted (``w:rPrChange``).
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = "2027-02-01T10:00:00Z"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _Doc:
    def __init__(self, path: Path) -> None:
        self.path = path
        source = zipfile.ZipFile(path)
        self.parts = {i.filename: source.read(i) for i in source.infolist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.root.find(f"{W}body")
        self.next_id = 9000

    def mark(self, kind: str, author: str) -> etree._Element:
        element = etree.Element(f"{W}{kind}")
        element.set(f"{W}id", str(self.next_id))
        element.set(f"{W}author", author)
        element.set(f"{W}date", DATE)
        self.next_id += 1
        return element

    def paragraph(self, containing: str) -> etree._Element:
        for p in self.body.iter(f"{W}p"):
            if containing in "".join(t.text or "" for t in p.iter(f"{W}t")):
                return p
        raise AssertionError(f"no paragraph with {containing!r} in {self.path.name}")

    def save(self) -> None:
        self.parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in self.parts.items():
                target.writestr(name, data)
        self.path.write_bytes(out.getvalue())


def _run(text: str, props: etree._Element | None, tag: str = "t") -> etree._Element:
    run = etree.Element(f"{W}r")
    if props is not None:
        run.append(copy.deepcopy(props))
    node = etree.SubElement(run, f"{W}{tag}")
    node.text = text
    node.set(_SPACE, "preserve")
    return run


def _mark_paragraph(p: etree._Element, mark: etree._Element) -> None:
    props = p.find(f"{W}pPr")
    if props is None:
        props = etree.Element(f"{W}pPr")
        p.insert(0, props)
    run_props = props.find(f"{W}rPr")
    if run_props is None:
        run_props = etree.SubElement(props, f"{W}rPr")
    run_props.append(mark)


def replace(path: Path, old: str, new: str, author: str, within: str | None = None) -> None:
    """Propose ``new`` in place of ``old`` (in one run, of the paragraph containing ``within``):
    deleted and inserted, as Word marks a retyped word."""
    doc = _Doc(path)
    p = doc.paragraph(within or old)
    run = next(r for r in p.iter(f"{W}r") if old in "".join(t.text or "" for t in r.iter(f"{W}t")))
    text = "".join(t.text or "" for t in run.iter(f"{W}t"))
    props = run.find(f"{W}rPr")
    before, after = text.split(old, 1)
    pieces = []
    if before:
        pieces.append(_run(before, props))
    deleted = doc.mark("del", author)
    deleted.append(_run(old, props, "delText"))
    inserted = doc.mark("ins", author)
    inserted.append(_run(new, props))
    pieces += [deleted, inserted]
    if after:
        pieces.append(_run(after, props))
    for piece in pieces:
        run.addprevious(piece)
    run.getparent().remove(run)
    doc.save()


def insert_paragraph(path: Path, after: str, text: str, author: str) -> None:
    """Propose a new paragraph, styled like the one containing ``after``, right after it."""
    doc = _Doc(path)
    anchor = doc.paragraph(after)
    p = etree.Element(f"{W}p")
    if anchor.find(f"{W}pPr") is not None:
        props = copy.deepcopy(anchor.find(f"{W}pPr"))
        for child in list(props):
            if child.tag == f"{W}rPr":
                props.remove(child)
        p.append(props)
    _mark_paragraph(p, doc.mark("ins", author))
    inserted = doc.mark("ins", author)
    inserted.append(_run(text, None))
    p.append(inserted)
    anchor.addnext(p)
    doc.save()


def delete_paragraph(path: Path, containing: str, author: str) -> None:
    """Propose deleting the whole paragraph containing ``containing``."""
    doc = _Doc(path)
    p = doc.paragraph(containing)
    for run in list(p.iter(f"{W}r")):
        for node in run.iter(f"{W}t"):
            node.tag = f"{W}delText"
        mark = doc.mark("del", author)
        run.addprevious(mark)
        mark.append(run)
    _mark_paragraph(p, doc.mark("del", author))
    doc.save()


def move_paragraph(path: Path, containing: str, before: str, author: str) -> None:
    """Propose moving the paragraph containing ``containing`` to just before the one containing ``before``."""
    doc = _Doc(path)
    source = doc.paragraph(containing)
    target = doc.paragraph(before)
    moved = copy.deepcopy(source)
    name = f"move{doc.next_id}"
    for p, kind in ((source, "moveFrom"), (moved, "moveTo")):
        start = doc.mark(f"{kind}RangeStart", author)
        start.set(f"{W}name", name)
        end = etree.Element(f"{W}{kind}RangeEnd")
        end.set(f"{W}id", start.get(f"{W}id"))
        wrapper = doc.mark(kind, author)
        runs = [r for r in p if r.tag == f"{W}r"]
        if runs:
            runs[0].addprevious(wrapper)
            for run in runs:
                wrapper.append(run)
        wrapper.addprevious(start)
        wrapper.addnext(end)
        _mark_paragraph(p, doc.mark(kind, author))
    target.addprevious(moved)
    doc.save()


def reformat(path: Path, containing: str, author: str) -> None:
    """Propose making the first run of a paragraph bold (a formatting change)."""
    doc = _Doc(path)
    run = doc.paragraph(containing).find(f"{W}r")
    props = run.find(f"{W}rPr")
    if props is None:
        props = etree.Element(f"{W}rPr")
        run.insert(0, props)
    before = copy.deepcopy(props)
    etree.SubElement(props, f"{W}b")
    change = doc.mark("rPrChange", author)
    change.append(before)
    props.append(change)
    doc.save()
