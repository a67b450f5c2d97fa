"""A .docx body as the diff engine sees it: clauses and other blocks, as lines of text.

Each clause the reader found (see ``reader.find_clauses``) is a ``Section`` with its id,
whose ``ref`` is the list of body elements it spans; every other paragraph or table of
the body is a ``Section`` without one. Lines are paragraphs and table rows with the same
text the reader gives (``block_lines``), and carry their XML element as ``ref`` for the
redline writer.
"""

from __future__ import annotations

from lxml import etree

from ..diff.model import DocText, Line, Section
from .reader import W, ReadDocument, block_children, block_lines, paragraph_text

#: Property elements of a container, never lines: cell properties, section properties.
PROPERTY_TAGS = {f"{W}tcPr", f"{W}sectPr", f"{W}sdtPr", f"{W}sdtEndPr"}


def row_line(row: etree._Element) -> Line:
    """A table row as one line: its cells' text joined by tabs."""
    cells = [
        "\n".join(paragraph_text(p) for p in tc.iter(f"{W}p"))
        for tc in row.iter(f"{W}tc")
    ]
    return Line("\t".join(cells), "row", len(cells), row)


def container_lines(container: etree._Element) -> list[Line]:
    """Lines of a content control, table cell or body: paragraphs, table rows, other blocks."""
    lines: list[Line] = []
    for child in container:
        if child.tag in PROPERTY_TAGS or not isinstance(child.tag, str):
            continue
        lines += element_lines(child)
    return lines


def element_lines(element: etree._Element) -> list[Line]:
    """Lines of one block-level element (a paragraph, a table, anything else with text as one line)."""
    if element.tag == f"{W}p":
        return [Line(paragraph_text(element), "p", 0, element)]
    if element.tag == f"{W}tbl":
        return [row_line(row) for row in element.iter(f"{W}tr")]
    if element.tag == f"{W}sdt":
        content = element.find(f"{W}sdtContent")
        if content is not None and not any(c.tag in (f"{W}p", f"{W}tbl") for c in content):
            return []  # an empty or inline-only control between blocks holds no line
    if not block_lines([element]):  # type: ignore[arg-type]
        return [Line("", "mark", 0, element)]  # a range mark or other empty element: kept, never text
    return [Line("\n".join(block_lines([element])), "other", 0, element)]  # type: ignore[arg-type]


def _unwrapped(element: etree._Element) -> list[etree._Element]:
    """A content control outside the clauses (LibreOffice and Word put the table of contents
    in one) stands for its blocks, so a file re-saved with one diffs as unchanged against
    the same file without. A redline writes those blocks without the control."""
    if element.tag != f"{W}sdt":
        return [element]
    content = element.find(f"{W}sdtContent")
    if content is None:
        return [element]
    return [block for child in content if isinstance(child.tag, str) for block in _unwrapped(child)]


def document_sections(document: ReadDocument) -> list[Section]:
    """The body's clauses and other blocks, in order."""
    owner = {id(element): clause for clause in document.clauses for element in clause.elements}
    sections: list[Section] = []
    for child in block_children(document.body):
        clause = owner.get(id(child))
        if clause is None:
            sections += [Section(None, element_lines(block), ref=block) for block in _unwrapped(child)]
        elif child is clause.elements[0]:
            if clause.carrier == "tag":  # a content control (an older pack): its contents are the lines
                content = child.find(f"{W}sdtContent")
                lines = container_lines(content) if content is not None else []
            else:
                lines = [line for element in clause.elements for line in element_lines(element)]
            title = lines[0].text if lines else ""
            sections.append(Section(clause.id, lines, clause.version, title, clause.elements))
    return sections


def doc_text(document: ReadDocument, name: str | None = None) -> DocText:
    """A read .docx as the diff engine's ``DocText``."""
    return DocText(name or document.path.name, document_sections(document))
