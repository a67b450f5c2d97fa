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
from .tags import TAG_PREFIX

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
    front_lines: list[str] = field(default_factory=list)  # the cover page: body before the first clause

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
        lines += _element_lines(child)
    return lines


def _element_lines(child: etree._Element) -> list[str]:
    tag = child.tag
    if tag == f"{W}p":
        return [paragraph_text(child)]
    if tag == f"{W}tbl":
        lines = []
        for row in child.iter(f"{W}tr"):
            cells = ["\n".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in row.iter(f"{W}tc")]
            lines.append("\t".join(cells))
        return lines
    if tag == f"{W}sdt":
        content = child.find(f"{W}sdtContent")
        return block_lines(content) if content is not None else []
    if tag in (f"{W}ins", f"{W}customXml", f"{W}smartTag"):
        return block_lines(child)
    return []


def _tag_of(sdt: etree._Element) -> str | None:
    tag = sdt.find(f"{W}sdtPr/{W}tag")
    return tag.get(f"{W}val") if tag is not None else None


def clause_tag_of(element: etree._Element) -> tuple[str, str] | None:
    """``(clause id, version)`` if ``element`` is a clause content control, else None."""
    if element.tag != f"{W}sdt":
        return None
    tag = _tag_of(element)
    if not tag or not tag.startswith(TAG_PREFIX) or "@" not in tag:
        return None
    clause_id, _, version = tag[len(TAG_PREFIX):].rpartition("@")
    return clause_id, version


def front_lines(body: etree._Element) -> list[str]:
    """Lines of the body before its first clause content control (the cover page)."""
    lines: list[str] = []
    for child in body:
        if clause_tag_of(child) is not None:
            break
        lines += _element_lines(child)
    return lines


def generated_front_lines(document_xml: bytes) -> list[str]:
    """The lines before the first clause of a ``word/document.xml`` ncm-docs has just
    rendered (trusted bytes, for the manifest; see ``writer.render_docx_and_cover``)."""
    root = etree.fromstring(document_xml, _PARSER)
    return front_lines(root.find(f"{W}body"))


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
        found = clause_tag_of(sdt)
        if found is None:
            continue
        clause_id, version = found
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
    return ReadDocument(path, clauses, properties, title, body, parts, front_lines(body))
