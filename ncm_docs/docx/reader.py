"""Reading a .docx back: clauses by content-control tag, properties, plain text.

Used by ``check`` and ``diff``, for generated files and for files edited by hand in
Word. Parts come through ``safezip`` (size, ratio, macro and DOCTYPE checks) and XML is
parsed with entity resolution and network access off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import DocxError
from .safezip import read_docx_bytes_parts, read_docx_parts
from .writer import TAG_PREFIX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False)


@dataclass
class ReadClause:
    """A clause found in a .docx by its content-control tag."""

    id: str
    version: str
    title: str
    lines: list[str]  # title first, then one line per paragraph / table row
    element: etree._Element = field(repr=False)

    @property
    def text(self) -> str:
        """Canonical text: the same as ``document.clause_text`` for an unedited file."""
        return "\n".join(self.lines)


@dataclass
class ReadDocument:
    """What ncm-docs can read back from a .docx."""

    path: Path
    clauses: list[ReadClause]
    properties: dict[str, str]
    title: str
    body: etree._Element = field(repr=False)
    parts: dict[str, bytes] = field(repr=False, default_factory=dict)

    def clause(self, clause_id: str) -> ReadClause | None:
        """The clause with this id, if present."""
        return next((c for c in self.clauses if c.id == clause_id), None)

    @property
    def full_text(self) -> str:
        """Every paragraph of the body as text, one per line (tables: cells tab-separated)."""
        return "\n".join(block_lines(self.body))


def parse_xml(data: bytes, path: Path, part: str) -> etree._Element:
    """Parse one XML part safely (no entities, no network)."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"{path}: {part} is not well-formed XML ({exc.msg})") from None


def paragraph_text(p: etree._Element) -> str:
    """Text of a paragraph: its ``w:t`` runs (field results included, instructions not).

    Deleted text (``w:delText``) is not text: a file with tracked changes reads as if
    they were accepted.
    """
    out = []
    for node in p.iter(f"{W}t", f"{W}tab"):
        if node.tag == f"{W}tab":
            if node.getparent() is not None and node.getparent().tag == f"{W}r":
                out.append("\t")
        else:
            out.append(node.text or "")
    return "".join(out)


def block_lines(container: etree._Element) -> list[str]:
    """Lines of a body or content control: one per paragraph, one per table row."""
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            lines.append(paragraph_text(child))
        elif tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = ["\n".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in row.iter(f"{W}tc")]
                lines.append("\t".join(cells))
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                lines += block_lines(content)
        elif tag in (f"{W}ins", f"{W}customXml", f"{W}smartTag"):
            lines += block_lines(child)
    return lines


def _tag_of(sdt: etree._Element) -> str | None:
    tag = sdt.find(f"{W}sdtPr/{W}tag")
    return tag.get(f"{W}val") if tag is not None else None


def read_docx(path: str | Path) -> ReadDocument:
    """Read a .docx: its clauses (by ``ncm:`` tag), custom properties and title."""
    path = Path(path)
    return read_parts(read_docx_parts(path), path)


def read_docx_bytes(data: bytes, name: str | Path) -> ReadDocument:
    """``read_docx`` for a .docx held in memory (e.g. drafted by ``draft_pack``)."""
    return read_parts(read_docx_bytes_parts(data, name), Path(name))


def read_parts(parts: dict[str, bytes], path: Path) -> ReadDocument:
    """A ``ReadDocument`` from parts already read through ``safezip``."""
    if "word/document.xml" not in parts:
        raise DocxError(f"{path}: not a Word document (no word/document.xml)")
    root = parse_xml(parts["word/document.xml"], path, "word/document.xml")
    body = root.find(f"{W}body")
    if body is None:
        raise DocxError(f"{path}: word/document.xml has no body")
    clauses = []
    for sdt in body.iter(f"{W}sdt"):
        tag = _tag_of(sdt)
        if not tag or not tag.startswith(TAG_PREFIX) or "@" not in tag:
            continue
        clause_id, _, version = tag[len(TAG_PREFIX):].rpartition("@")
        content = sdt.find(f"{W}sdtContent")
        lines = block_lines(content) if content is not None else []
        title = lines[0] if lines else ""
        clauses.append(ReadClause(clause_id, version, title, lines, sdt))
    properties = {}
    if "docProps/custom.xml" in parts:
        custom = parse_xml(parts["docProps/custom.xml"], path, "docProps/custom.xml")
        for prop in custom.iter(f"{_CP}property"):
            value = prop.find(f"{_VT}lpwstr")
            properties[prop.get("name", "")] = value.text or "" if value is not None else ""
    title = ""
    if "docProps/core.xml" in parts:
        core = parse_xml(parts["docProps/core.xml"], path, "docProps/core.xml")
        node = core.find("{http://purl.org/dc/elements/1.1/}title")
        title = (node.text or "") if node is not None else ""
    return ReadDocument(path, clauses, properties, title, body, parts)
