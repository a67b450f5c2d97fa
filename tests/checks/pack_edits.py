"""Hand edits to a built pack, as a lawyer's Word session would make them (python-docx).

Each edit is data (``{"op": ..., ...}``) so rule cases can list them in YAML.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
from docx.oxml.ns import qn
from helpers import delete_clause


def replace_text(path: Path, old: str, new: str, required: bool = True) -> int:
    """Replace ``old`` with ``new`` in every paragraph of the body; return how many paragraphs changed.

    Works on the paragraph's text nodes (runs, hyperlinks, field results alike): a match
    inside one node is replaced there; one spread over several puts the new text in the first.
    """
    document = docx.Document(str(path))
    changed = 0
    for paragraph in document.element.body.iter(qn("w:p")):
        nodes = list(paragraph.iter(qn("w:t")))
        if old not in "".join(t.text or "" for t in nodes):
            continue
        single = [t for t in nodes if old in (t.text or "")]
        if single:
            for node in single:
                node.text = node.text.replace(old, new)
        else:
            nodes[0].text = "".join(t.text or "" for t in nodes).replace(old, new)
            for node in nodes[1:]:
                node.text = ""
        changed += 1
    assert changed or not required, f"{old!r} not found in {path.name}"
    if changed:
        document.save(str(path))
    return changed


def set_property(path: Path, name: str, value: str) -> None:
    """Change one custom document property."""
    document = docx.Document(str(path))
    part = next(p for p in document.part.package.parts if str(p.partname) == "/docProps/custom.xml")
    xml = part.blob.decode("utf-8")
    start = xml.index(f'name="{name}"')
    vstart = xml.index("<vt:lpwstr>", start) + len("<vt:lpwstr>")
    vend = xml.index("</vt:lpwstr>", vstart)
    part._blob = (xml[:vstart] + value + xml[vend:]).encode("utf-8")
    document.save(str(path))


def drop_properties(path: Path) -> None:
    """Remove every custom document property, as some editors do."""
    document = docx.Document(str(path))
    part = next(p for p in document.part.package.parts if str(p.partname) == "/docProps/custom.xml")
    xml = part.blob.decode("utf-8")
    head = xml[: xml.index("<op:property") if "<op:property" in xml else xml.index("<property")]
    tail = xml[xml.rindex("</Properties>"):] if "</Properties>" in xml else xml[xml.rindex("</op:Properties>"):]
    part._blob = (head + tail).encode("utf-8")
    document.save(str(path))


def _clause_blocks(document, clause_id: str) -> list:
    """The body blocks of a clause: its heading (which carries its bookmark) to the next clause's heading."""
    from ncm_docs.docx.carriers import clause_bookmark, is_clause_bookmark

    blocks = [c for c in document.element.body if c.tag in (qn("w:p"), qn("w:tbl"))]

    def bookmarks(block):
        return [b.get(qn("w:name"), "") for b in block.iter(qn("w:bookmarkStart"))]

    start = next((i for i, b in enumerate(blocks) if clause_bookmark(clause_id) in bookmarks(b)), None)
    if start is None:
        raise AssertionError(f"no clause {clause_id}")
    end = next((i for i in range(start + 1, len(blocks)) if any(is_clause_bookmark(n) for n in bookmarks(blocks[i]))), len(blocks))
    return blocks[start:end]


def _clause_ids(document) -> list[str]:
    """The ids of the clauses in a document, in order (from its clause bookmarks)."""
    from ncm_docs.docx.reader import read_docx_bytes
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    return [c.id for c in read_docx_bytes(buffer.getvalue(), "document.docx").clauses]


def swap_text(path: Path, clause_id: str, a: str, b: str) -> None:
    """Swap two texts (table cells, say) within one clause: each node reading ``a`` reads ``b`` and vice versa."""
    document = docx.Document(str(path))
    nodes = [t for block in _clause_blocks(document, clause_id) for t in block.iter(qn("w:t")) if t.text in (a, b)]
    assert {t.text for t in nodes} == {a, b}, f"{a!r} and {b!r} are not both in {clause_id}"
    for node in nodes:
        node.text = b if node.text == a else a
    document.save(str(path))


def duplicate_clause(path: Path, clause_id: str | None, replace: dict | None = None, keep_bookmarks: bool = True) -> None:
    """Paste a copy of a clause (every clause, with ``None``) just before it, its text changed by ``replace``.

    ``keep_bookmarks``: the copy keeps the heading's bookmark, as an edit of the XML would
    (Word itself drops a pasted bookmark whose name is taken).
    """
    import copy

    document = docx.Document(str(path))
    ids = _clause_ids(document) if clause_id is None else [clause_id]
    for one in ids:
        blocks = _clause_blocks(document, one)
        for block in blocks:
            pasted = copy.deepcopy(block)
            for old, new in (replace or {}).items():
                for node in pasted.iter(qn("w:t")):
                    node.text = (node.text or "").replace(old, new)
            if not keep_bookmarks:
                for mark in list(pasted.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
                    mark.getparent().remove(mark)
            blocks[0].addprevious(pasted)
    document.save(str(path))


def hide_text(path: Path, text: str, how: str) -> None:
    """Hide the runs of the paragraph containing ``text``: ``vanish``, ``white`` (on white), ``tiny`` (1 pt) or ``style`` (a hidden character style)."""
    document = docx.Document(str(path))
    paragraph = next((p for p in document.element.body.iter(qn("w:p")) if text in "".join(t.text or "" for t in p.iter(qn("w:t")))), None)
    assert paragraph is not None, f"{text!r} not found in {path.name}"
    if how == "style":
        styles = document.styles.element
        style = styles.makeelement(qn("w:style"), {qn("w:type"): "character", qn("w:styleId"): "Quiet"})
        props = style.makeelement(qn("w:rPr"), {})
        props.append(props.makeelement(qn("w:vanish"), {}))
        style.append(props)
        styles.append(style)
    for run in paragraph.iter(qn("w:r")):
        props = run.find(qn("w:rPr"))
        if props is None:
            props = run.makeelement(qn("w:rPr"), {})
            run.insert(0, props)
        name, attributes = {
            "vanish": (qn("w:vanish"), {}),
            "white": (qn("w:color"), {qn("w:val"): "FFFFFF"}),
            "tiny": (qn("w:sz"), {qn("w:val"): "2"}),
            "style": (qn("w:rStyle"), {qn("w:val"): "Quiet"}),
        }[how]
        if how == "style":
            props.insert(0, props.makeelement(name, attributes))
        else:
            props.append(props.makeelement(name, attributes))
    document.save(str(path))


def apply(folder: Path, edits: list[dict]) -> None:
    """Apply a list of edits (from a case file) to the pack in ``folder``."""
    for edit in edits:
        op = edit["op"]
        files = sorted(folder.glob("*.docx")) if edit.get("file") == "*" else [folder / edit["file"]] if "file" in edit else []
        if op == "replace":
            everywhere = edit.get("file") == "*"
            changed = sum(replace_text(path, edit["old"], edit["new"], required=not everywhere) for path in files)
            assert changed, f"{edit['old']!r} not found in any document"
        elif op == "delete":
            for path in files:
                path.unlink()
        elif op == "copy":
            (folder / edit["to"]).write_bytes((folder / edit["file"]).read_bytes())
        elif op == "set_property":
            for path in files:
                set_property(path, edit["name"], edit["value"])
        elif op == "drop_properties":
            for path in files:
                drop_properties(path)
        elif op == "delete_clause":
            for path in files:
                delete_clause(path, edit["clause"])
        elif op == "propose":  # a tracked change by ``author`` (see tests/tracked.py)
            import tracked

            for path in files:
                tracked.replace(path, edit["old"], edit["new"], edit["author"], edit.get("within"))
        elif op == "swap":
            for path in files:
                swap_text(path, edit["clause"], edit["a"], edit["b"])
        elif op == "duplicate_clause":
            for path in files:
                duplicate_clause(path, edit.get("clause"), edit.get("replace"), edit.get("keep_bookmarks", True))
        elif op == "hide":
            for path in files:
                hide_text(path, edit["text"], edit["how"])
        elif op == "manifest":
            manifest_path = folder / "manifest.json"
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            manifest.update(edit["set"])
            manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        else:
            raise AssertionError(f"unknown edit op {op!r}")
