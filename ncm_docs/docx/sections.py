"""A .docx body as the diff engine sees it: clauses and other blocks, as lines of text.

Each clause content control (tag ``ncm:<id>@<version>``) is a ``Section`` with its id;
every other paragraph or table of the body is a ``Section`` without one. Lines are
paragraphs and table rows with the same text the reader gives (``block_lines``), and
carry their XML element as ``ref`` for the redline writer.
"""

from __future__ import annotations

from lxml import etree

from ..diff.model import DocText, Line, Section
from .reader import W, ReadDocument, block_lines, paragraph_text
from .reader import clause_tag_of as clause_id

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
    """Lines of one block-level element (a paragraph, a table, anything else as one line)."""
    if element.tag == f"{W}p":
        return [Line(paragraph_text(element), "p", 0, element)]
    if element.tag == f"{W}tbl":
        return [row_line(row) for row in element.iter(f"{W}tr")]
    return [Line("\n".join(block_lines([element])), "other", 0, element)]  # type: ignore[arg-type]


def document_sections(body: etree._Element) -> list[Section]:
    """The body's clauses and other blocks, in order."""
    sections: list[Section] = []
    for child in body:
        if child.tag in PROPERTY_TAGS or not isinstance(child.tag, str):
            continue
        found = clause_id(child)
        if found is None:
            sections.append(Section(None, element_lines(child), ref=child))
            continue
        content = child.find(f"{W}sdtContent")
        lines = container_lines(content) if content is not None else []
        title = lines[0].text if lines else ""
        sections.append(Section(found[0], lines, found[1], title, child))
    return sections


def doc_text(document: ReadDocument, name: str | None = None) -> DocText:
    """A read .docx as the diff engine's ``DocText``."""
    return DocText(name or document.path.name, document_sections(document.body))
