"""``Document`` -> .docx bytes, through a house-style template parsed once.

The body is built as a string from the named builders in ``xml``: each clause's heading
and paragraphs straight in the body (nothing wraps them, so every reader sees them), a
bookmark on every clause heading that names the clause, a clause map part listing the
clauses (see ``carriers``), REF fields with their numbers already cached, a contents
list whose page numbers are PAGEREF fields. Numbering comes from the template's styles, never from typed numbers.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..clause_cache import cached_for_clause
from ..document import Document, Paragraph, Ref, RenderedClause, Table, Text
from ..formats import long_date
from . import xml
from .carriers import END_OF_COVER, ClauseRef, clause_bookmark, clause_map_xml
from .package import PrecompressedPart, write_zip
from .styles import SIGNATURE_BLOCK_OPENINGS, HEADING_STYLES, LEVEL_STYLES, SUBHEADING, TABLE, TABLE_TEXT, TOC_ENTRY, TOC_HEADING
from .template import CORE, CUSTOM, DOCUMENT, TemplateParty, WordTemplate

#: The bookmark on a clause's heading (its carrier, and the target of REF fields).
bookmark_name = clause_bookmark


class _Ids:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _body_parts(doc: Document) -> tuple[str, str]:
    """(the contents page, the clauses): what comes before the first clause, and the rest."""
    numbers = doc.numbers()
    bookmark_ids = _Ids()
    contents = ""
    toc = [(c.label if c.part == "schedule" else f"{c.number}.", c.title, bookmark_name(c.id)) for c in doc.clauses if c.number]
    if toc:
        contents = xml.table_of_contents(TOC_HEADING, "Contents", toc, TOC_ENTRY) + xml.page_break()
    out: list[str] = []
    for clause in doc.clauses:
        out.append(_heading(clause, bookmark_ids) + _clause_blocks(clause, numbers))
    return contents, "".join(out)


def _heading(clause: RenderedClause, ids: _Ids) -> str:
    style = HEADING_STYLES[clause.part]
    if clause.part == "schedule":
        content = xml.line_break() + xml.run(clause.title)
    else:
        content = xml.run(clause.title)
    return xml.paragraph(style, xml.bookmark(ids.next(), bookmark_name(clause.id), content))


def _clause_blocks(clause: RenderedClause, numbers: dict[str, str]) -> str:
    """A clause's blocks as XML, remembered by ``RenderedClause.cache_key``: boilerplate
    renders to the same text in document after document, and so to the same XML."""
    return cached_for_clause("xml", clause, numbers, lambda: _blocks(clause.blocks, clause.part, numbers))


#: Space above each signature block after the first, and above a signature line (twips):
#: blocks stand apart, and each signatory has room to sign above the line.
SIGNATURE_BLOCK_GAP, SIGNATURE_LINE_ROOM = 560, 400


def _opens_signature_block(paragraph: Paragraph) -> bool:
    first = paragraph.runs[0] if paragraph.runs else None
    return isinstance(first, Text) and first.text.lstrip().startswith(SIGNATURE_BLOCK_OPENINGS)


def _signature_space(blocks, index: int, part: str, after_table: bool) -> bool | int:
    """The space above block ``index``: apart from the block before it if it opens a
    signature block, room to sign if it is a signature line, else as after a table."""
    block = blocks[index]
    if part == "execution" and isinstance(block, Paragraph) and block.runs and isinstance(block.runs[0], Text):
        if index and _opens_signature_block(block):
            return SIGNATURE_BLOCK_GAP
        if block.runs[0].text.lstrip().startswith(("Signature", "signature")):
            return SIGNATURE_LINE_ROOM
    return after_table


def _runs(runs, numbers: dict[str, str]) -> str:
    out = []
    for r in runs:
        if isinstance(r, Text):
            out.append(xml.run(r.text, bold=r.bold))
        elif isinstance(r, Ref):
            out.append(xml.ref_field(bookmark_name(r.target), numbers[r.target]))
    return "".join(out)


#: A cell that holds an amount: money, a number or a percentage (or nothing to show).
_AMOUNT = re.compile(r"(£\s?)?[-−]?[0-9][0-9,]*(\.[0-9]+)?\s?%?|nil|none|n/a|[-–—]", re.IGNORECASE)


def amount_columns(table: Table) -> set[int]:
    """The columns of ``table`` whose cells below the header are all amounts (aligned right,
    so that the digits line up)."""
    body = table.rows[1:]
    columns = set()
    for c in range(max((len(r) for r in table.rows), default=0)):
        cells = ["".join(r.text for r in row[c] if isinstance(r, Text)).strip() for row in body if c < len(row)]
        filled = [t for t in cells if t]
        if filled and all(_AMOUNT.fullmatch(t) for t in filled) and any(ch.isdigit() for t in filled for ch in t):
            columns.add(c)
    return columns


def _blocks(blocks, part: str, numbers: dict[str, str]) -> str:
    out = []
    after_table = False
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            amounts = amount_columns(block)
            rows = [[xml.paragraph(TABLE_TEXT, _runs(cell, numbers), align="right" if c in amounts else None) for c, cell in enumerate(row)]
                    for row in block.rows]
            out.append(xml.table(rows, TABLE))
            after_table = True
            continue
        assert isinstance(block, Paragraph)
        style = SUBHEADING if block.heading else LEVEL_STYLES[part][block.level]
        # A paragraph that introduces a list ("The Partners shall:") stays with the list.
        last = block.runs[-1] if block.runs else None
        introduces = part != "execution" and isinstance(last, Text) and last.text.rstrip().endswith(":")
        # A signature block ("Signed for and on behalf of", lines for signature, name,
        # title, date) never splits across pages: it runs until the next sub-heading or the
        # next block's opening line. Chaining every block together would make one chain
        # longer than a page, which a word processor then breaks anywhere.
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        in_signature_block = (
            part == "execution" and isinstance(following, Paragraph) and not following.heading
            and not _opens_signature_block(following)
        )
        out.append(xml.paragraph(style, _runs(block.runs, numbers), keep_next=introduces or in_signature_block,
                                 space_before=_signature_space(blocks, index, part, after_table)))
        after_table = False
    return "".join(out)


def render_docx(doc: Document, template: WordTemplate) -> bytes:
    """The complete .docx file for ``doc``, deterministic for the same inputs."""
    return render_docx_and_cover(doc, template)[0]


#: Stands where the first clause would be, so the cover can be read without the clauses.
_END_OF_COVER = xml.paragraph_marker(END_OF_COVER)


def render_docx_and_cover(doc: Document, template: WordTemplate) -> tuple[bytes, bytes]:
    """The .docx file for ``doc``, and its ``word/document.xml`` with the clauses left out.

    The second is what a reader sees before the first clause (cover page, contents): the
    manifest records its text without unzipping and parsing the whole document again.
    """
    contents, clauses = _body_parts(doc)
    context = {
        "title": doc.title,
        "version": doc.version,
        "status": doc.status,
        "draft": doc.status != "final",
        "agreement_date": long_date(_date(doc.agreement_date)),
        "parties": [TemplateParty(p.legal_name, p.short_name, p.role) for p in doc.parties],
        "body": Markup(contents + clauses),
    }
    cover = template.templated[DOCUMENT].render({**context, "body": Markup(contents + _END_OF_COVER)})
    parts: list[tuple[str, bytes] | PrecompressedPart] = []
    for name in template.order:
        if name in template.templated:
            parts.append((name, template.templated[name].render(context)))
        elif name == CORE:
            keywords = ", ".join(sorted({p.short_name for p in doc.parties}))
            parts.append((name, xml.core_properties(doc.title, doc.kind, keywords, f"{doc.agreement_date}T00:00:00Z").encode("utf-8")))
        elif name == CUSTOM:
            parts.append((name, xml.custom_properties(doc.properties).encode("utf-8")))
        elif name == template.clause_map:
            clauses = [ClauseRef(c.id, c.version, c.title) for c in doc.clauses]
            parts.append((name, clause_map_xml(clauses).encode("utf-8")))
        else:
            parts.append(template.static[name])
    return write_zip(parts), cover


def _date(iso: str):
    import datetime as _dt

    return _dt.date.fromisoformat(iso)
