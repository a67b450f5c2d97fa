"""Make a generated .docx look as Word saves it, for tests of the reader.

Word rewrites a document it saves: namespaces it declares as ignorable (``w14``, ``w15``)
with paragraph ids on every paragraph, revision-save ids (``w:rsidR``...), text split over
several runs of the same formatting with proofing marks between them, rendered page
breaks, bookmarks that start at a paragraph's first character written before the
paragraph, and the table of contents inside a content control. ``wordify`` applies all of
that to ``word/document.xml`` without changing a word of the text.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def wordify(data: bytes) -> bytes:
    """``data`` (a .docx) with its main part shaped as Word writes it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    # Word declares its extensions and marks them ignorable.
    xml = xml.replace("<w:document ", f'<w:document xmlns:mc="{MC}" xmlns:w14="{W14}" xmlns:w15="{W15}" mc:Ignorable="w14 w15" ', 1)
    root = etree.fromstring(xml.encode("utf-8"))
    body = root.find(f"{W}body")
    for n, p in enumerate(root.iter(f"{W}p")):
        p.set(f"{{{W14}}}paraId", f"{0x10000000 + n:08X}")
        p.set(f"{{{W14}}}textId", "77777777")
        p.set(f"{W}rsidR", "00A1B2C3")
        p.set(f"{W}rsidRDefault", "00D4E5F6")
        for r in list(p.iter(f"{W}r")):
            r.set(f"{W}rsidRPr", "00C0FFEE")
            _split_run(r)
    for n, p in enumerate(p for p in body if p.tag == f"{W}p"):
        if n % 7 == 3:  # a page break Word rendered here last time
            run = p.find(f"{W}r")
            if run is not None:
                run.insert(1 if run.find(f"{W}rPr") is not None else 0, etree.Element(f"{W}lastRenderedPageBreak"))
    for p in [p for p in body if p.tag == f"{W}p"]:
        _bookmark_before(p)
    _toc_in_content_control(body)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _split_run(run: etree._Element) -> None:
    """Split a run's text at its first space into two runs with the same formatting,
    a proofing mark between them."""
    texts = run.findall(f"{W}t")
    if len(texts) != 1 or " " not in (texts[0].text or "").strip():
        return
    text = texts[0].text
    cut = text.index(" ", 1 if text.startswith(" ") else 0) + 1
    second = copy.deepcopy(run)
    texts[0].text = text[:cut]
    second.find(f"{W}t").text = text[cut:]
    for t in (texts[0], second.find(f"{W}t")):
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addnext(second)
    proof = etree.Element(f"{W}proofErr")
    proof.set(f"{W}type", "spellStart")
    run.addnext(proof)


def _bookmark_before(p: etree._Element) -> None:
    """A bookmark starting at the paragraph's first character goes before the paragraph."""
    props = p.find(f"{W}pPr")
    first = p[1] if props is not None and len(p) > 1 else (p[0] if props is None and len(p) else None)
    if first is not None and first.tag == f"{W}bookmarkStart":
        p.addprevious(first)


def _toc_in_content_control(body: etree._Element) -> None:
    entries = [p for p in body if p.tag == f"{W}p" and re.fullmatch(r"TOC\d", _style(p) or "")]
    if not entries:
        return
    sdt = etree.Element(f"{W}sdt")
    props = etree.SubElement(sdt, f"{W}sdtPr")
    gallery = etree.SubElement(etree.SubElement(props, f"{W}docPartObj"), f"{W}docPartGallery")
    gallery.set(f"{W}val", "Table of Contents")
    content = etree.SubElement(sdt, f"{W}sdtContent")
    entries[0].addprevious(sdt)
    for p in entries:
        content.append(p)


def _style(p: etree._Element) -> str | None:
    node = p.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val") if node is not None else None
