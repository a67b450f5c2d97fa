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
        elif op == "manifest":
            manifest_path = folder / "manifest.json"
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            manifest.update(edit["set"])
            manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        else:
            raise AssertionError(f"unknown edit op {op!r}")
