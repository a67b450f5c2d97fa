"""Reading a .docx back: its clauses, properties and plain text.

Used by ``check`` and ``diff``, for generated files and for files edited by hand in Word
or LibreOffice. Parts come through ``safezip`` (size, ratio, macro and DOCTYPE checks) and
XML is parsed with entity resolution and network access off.

Clauses are found carrier by carrier (see ``carriers``): the bookmark on each heading,
named in the document's clause map (or in the manifest the caller passes); for a clause
whose bookmark is gone, a paragraph between its neighbours reading exactly its title;
then the one heading between its neighbours. Packs built before the bookmarks carry
content controls tagged ``ncm:<id>@<version>``, read as before. A clause runs from its
heading to the next clause's heading.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..errors import DocxError
from .carriers import END_OF_COVER, BOOKMARK_PREFIX, ClauseRef, is_clause_bookmark, legacy_tag, parse_clause_map
from .revisions import accept_all, has_revisions, proposals as find_proposals, reject_all
from .safezip import read_docx_bytes_parts, read_docx_parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False)
#: Range marks Word may write between paragraphs; the reader moves them into the paragraph
#: they start or end (a bookmark starting before a paragraph starts at its first character).
_RANGE_STARTS = {f"{W}{n}" for n in ("bookmarkStart", "commentRangeStart", "moveFromRangeStart", "moveToRangeStart", "permStart", "customXmlInsRangeStart", "customXmlDelRangeStart")}
_RANGE_ENDS = {f"{W}{n}" for n in ("bookmarkEnd", "commentRangeEnd", "moveFromRangeEnd", "moveToRangeEnd", "permEnd", "customXmlInsRangeEnd", "customXmlDelRangeEnd", "proofErr")}


@dataclass
class ReadClause:
    """A clause found in a .docx: its id and version, its text, and the body elements it spans."""

    id: str
    version: str
    title: str
    lines: list[str]  # title first, then one line per paragraph / table row
    elements: list[etree._Element] = field(repr=False, default_factory=list)
    carrier: str = "bookmark"  # how it was found: tag, bookmark, title or heading

    @property
    def text(self) -> str:
        """Canonical text: the same as ``document.clause_text`` for an unedited file."""
        return "\n".join(self.lines)


@dataclass(frozen=True)
class ReadProposal:
    """Tracked changes one author proposes in one paragraph: who, where, what."""

    author: str
    date: str
    clause_id: str | None  # None: outside the clauses (the cover page, the contents)
    where: str  # "clause 14.3", "Schedule 2, paragraph 1.2", "the Parties clause", "the cover page"
    changes: str  # "'25%' -> '30%'; insert 'promptly'"

    def describe(self) -> str:
        """One line: ``NCH proposes in clause 14.3 (alliance.risk-gain-share): '25%' -> '30%'``."""
        where = f"{self.where} ({self.clause_id})" if self.clause_id else self.where
        return f"{self.author} proposes in {where}: {self.changes}"

    def as_dict(self) -> dict:
        return {"author": self.author, "date": self.date, "clause": self.clause_id, "where": self.where, "changes": self.changes}


@dataclass
class ReadDocument:
    """What ncm-docs can read back from a .docx.

    A file with tracked changes is read as agreed so far: every proposal rejected.
    ``proposals`` lists them; ``accepted`` is the same file read as if all were accepted.
    """

    path: Path
    clauses: list[ReadClause]
    properties: dict[str, str]
    title: str
    body: etree._Element = field(repr=False)
    parts: dict[str, bytes] = field(repr=False, default_factory=dict)
    front_lines: list[str] = field(default_factory=list)  # the cover page: body before the first clause
    clause_map: list[ClauseRef] | None = None  # the document's own list of its clauses, if kept
    proposals: list[ReadProposal] = field(default_factory=list)
    known: list[ClauseRef] = field(repr=False, default_factory=list)
    accepted_body: etree._Element | None = field(repr=False, default=None)
    marked_body: etree._Element | None = field(repr=False, default=None)

    @property
    def marked(self) -> etree._Element:
        """The body as the file holds it, tracked changes and all."""
        return self.marked_body if self.marked_body is not None else self.body

    @cached_property
    def accepted(self) -> "ReadDocument":
        """This document as if every proposed change were accepted (itself if there are none)."""
        if self.accepted_body is None:
            return self
        return _document(self.path, self.parts, self.accepted_body, self.known, self.clause_map, self.properties, self.title)

    def clause(self, clause_id: str) -> ReadClause | None:
        """The clause with this id, if present."""
        return next((c for c in self.clauses if c.id == clause_id), None)

    @property
    def full_text(self) -> str:
        """Every paragraph of the body as text, one per line (tables: cells tab-separated)."""
        return "\n".join(block_lines(self.body))


def parse_xml(data: bytes, path: Path, part: str) -> etree._Element:
    """Parse one XML part safely (no entities, no network, no DOCTYPE in any encoding).

    ``safezip`` refuses a DOCTYPE before parsing; the parser's own view is checked too, so
    an encoding the byte-level check misread cannot slip one through.
    """
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"{path}: {part} is not well-formed XML ({exc.msg})") from None
    except ValueError as exc:  # lxml refuses some inputs (an encoding declaration it cannot use) before parsing
        raise DocxError(f"{path}: {part} is not XML ncm-docs can read ({exc})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise DocxError(f"{path}: part {part} has a DOCTYPE: refused (entities are never resolved)")
    return root


def paragraph_text(p: etree._Element) -> str:
    """Text of a paragraph: its ``w:t`` runs (field results included, instructions not).

    Deleted text (``w:delText``) is not text: a file with tracked changes reads as if
    they were accepted. Page numbers (PAGEREF results, as in the contents) are not text
    either: they are layout, which a word processor fills in when it opens the file.
    """
    if _has_page_ref(p):
        return _text_without_page_refs(p)
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


def clause_tag_of(element: etree._Element) -> tuple[str, str] | None:
    """``(clause id, version)`` if ``element`` is an old-style clause content control, else None."""
    if element.tag != f"{W}sdt":
        return None
    tag = element.find(f"{W}sdtPr/{W}tag")
    return legacy_tag(tag.get(f"{W}val") if tag is not None else None)


def block_children(body: etree._Element) -> list[etree._Element]:
    """The body's block-level children, section properties left out."""
    return [c for c in body if isinstance(c.tag, str) and c.tag != f"{W}sectPr"]


def normalise_range_marks(body: etree._Element) -> None:
    """Move range marks written between paragraphs into the paragraph they start (or end) at.

    Word writes a bookmark that starts at a paragraph's first character before the
    paragraph; the meaning is the same inside it, and then every mark travels with its
    paragraph through check, diff and redline.
    """
    for child in list(body):
        if child.tag in _RANGE_STARTS:
            target = child.getnext()
            while target is not None and target.tag in _RANGE_STARTS:
                target = target.getnext()
            if target is not None and target.tag == f"{W}p":
                props = target.find(f"{W}pPr")
                index = target.index(props) + 1 if props is not None else 0
                while index < len(target) and target[index].tag in _RANGE_STARTS:
                    index += 1
                target.insert(index, child)
        elif child.tag in _RANGE_ENDS:
            target = child.getprevious()
            while target is not None and target.tag in _RANGE_ENDS:
                target = target.getprevious()
            if target is not None and target.tag == f"{W}p":
                target.append(child)


def _bookmarks_in(element: etree._Element) -> list[str]:
    if element.tag != f"{W}p":
        return []
    return [b.get(f"{W}name", "") for b in element.iter(f"{W}bookmarkStart")]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _heading_styles(parts: dict[str, bytes], path: Path) -> set[str]:
    """Style ids that look like headings: a name with "heading" in it, or an outline level.

    Only for finding clauses whose bookmark is gone; style ids are not relied on (a
    LibreOffice re-save renames them after their names).
    """
    data = parts.get("word/styles.xml")
    if not data:
        return set()
    out = set()
    for style in parse_xml(data, path, "word/styles.xml").iter(f"{W}style"):
        name = style.find(f"{W}name")
        label = (name.get(f"{W}val", "") if name is not None else "") + " " + style.get(f"{W}styleId", "")
        if "heading" in label.lower() or style.find(f"{W}pPr/{W}outlineLvl") is not None:
            out.add(style.get(f"{W}styleId", ""))
    return out


def _style_of(p: etree._Element) -> str:
    node = p.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val", "") if node is not None else ""


def locate_clauses(children: list[etree._Element], known: list[ClauseRef], heading_styles=lambda: set()) -> list[tuple[int, str, str, str]]:
    """Where each clause starts: ``(index in children, clause id, version, carrier)``, in order.

    ``known`` lists the clauses expected, in order (the clause map or the manifest).
    First each heading's clause bookmark; then, for a known clause whose bookmark is
    gone, a paragraph between its found neighbours that reads exactly its title; then a
    heading anywhere that reads exactly its title (the clause moved); then the only
    heading-styled paragraph between its neighbours (the clause was retitled). A clause bookmark no known clause
    has (a clause pasted in from another document) starts a clause whose id is the
    bookmark's name without its prefix.
    """
    by_bookmark = {ref.bookmark: ref for ref in known}
    found: dict[str, tuple[int, str, str, str]] = {}
    claimed: set[int] = set()
    for index, child in enumerate(children):
        for name in _bookmarks_in(child):
            if not is_clause_bookmark(name):
                continue
            ref = by_bookmark.get(name)
            clause_id = ref.id if ref else name[len(BOOKMARK_PREFIX):]
            if clause_id not in found and index not in claimed:
                found[clause_id] = (index, clause_id, ref.version if ref else "", "bookmark")
                claimed.add(index)
    missing = [k for k, ref in enumerate(known) if ref.id not in found]
    if missing:
        titles = {_norm(ref.title) for ref in known}
        styles: set[str] | None = None
        for k in missing:
            ref = known[k]
            before = [found[r.id][0] for r in known[:k] if r.id in found]
            after = [found[r.id][0] for r in known[k + 1:] if r.id in found]
            lo, hi = (max(before) if before else -1), (min(after) if after else len(children))
            window = [i for i in range(lo + 1, hi) if i not in claimed and children[i].tag == f"{W}p"]
            title = _norm(ref.title)
            match = next((i for i in window if _norm(paragraph_text(children[i])) == title), None)
            carrier = "title"
            if match is None:  # moved: a heading reading exactly its title, anywhere
                styles = heading_styles() if styles is None else styles
                match = next((i for i, child in enumerate(children) if i not in claimed and child.tag == f"{W}p"
                              and _style_of(child) in styles and _norm(paragraph_text(child)) == title), None)
            if match is None and before and after:  # retitled: the one heading between its neighbours
                headings = [i for i in window if _style_of(children[i]) in styles and _norm(paragraph_text(children[i])) not in titles]
                match, carrier = (headings[0], "heading") if len(headings) == 1 else (None, carrier)
            if match is not None:
                found[ref.id] = (match, ref.id, ref.version, carrier)
                claimed.add(match)
    return sorted(found.values())


def _legacy_clauses(children: list[etree._Element]) -> list[ReadClause] | None:
    """Clauses of a pack built before the bookmark carriers: one tagged content control each."""
    clauses = []
    for sdt in children:
        found = clause_tag_of(sdt)
        if found is None:
            continue
        content = sdt.find(f"{W}sdtContent")
        lines = block_lines(content) if content is not None else []
        clauses.append(ReadClause(found[0], found[1], lines[0] if lines else "", lines, [sdt], "tag"))
    return clauses or None


def find_clauses(body: etree._Element, known: list[ClauseRef], heading_styles=lambda: set()) -> list[ReadClause]:
    """The clauses of a body, each with the elements it spans (see ``locate_clauses``)."""
    children = block_children(body)
    legacy = _legacy_clauses(children)
    if legacy is not None:
        return legacy
    starts = locate_clauses(children, known, heading_styles)
    clauses = []
    for n, (index, clause_id, version, carrier) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(children)
        elements = children[index:end]
        lines = [line for element in elements for line in _element_lines(element)]
        clauses.append(ReadClause(clause_id, version, lines[0] if lines else "", lines, elements, carrier))
    return clauses


def front_lines(body: etree._Element, clauses: list[ReadClause]) -> list[str]:
    """Lines of the body before its first clause (the cover page)."""
    first = clauses[0].elements[0] if clauses and clauses[0].elements else None
    lines: list[str] = []
    for child in block_children(body):
        if child is first:
            break
        lines += _element_lines(child)
    return lines


def _has_page_ref(p: etree._Element) -> bool:
    return any("PAGEREF" in (i.text or "") for i in p.iter(f"{W}instrText")) or any(
        "PAGEREF" in (f.get(f"{W}instr") or "") for f in p.iter(f"{W}fldSimple"))


def _text_without_page_refs(p: etree._Element) -> str:
    """A paragraph's text, without the results of its PAGEREF fields."""
    out: list[str] = []
    fields: list[list] = []  # per open field: [instruction, in its result]
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
        tag = node.tag
        if tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
            elif kind == "end" and fields:
                fields.pop()
        elif tag == f"{W}instrText":
            if fields:
                fields[-1][0] += node.text or ""
        elif any(f[1] and "PAGEREF" in f[0] for f in fields):
            continue
        elif tag == f"{W}t":
            simple = next((a for a in node.iterancestors(f"{W}fldSimple")), None)
            if simple is None or "PAGEREF" not in (simple.get(f"{W}instr") or ""):
                out.append(node.text or "")
        elif tag == f"{W}tab" and node.getparent() is not None and node.getparent().tag == f"{W}r":
            out.append("\t")
    return "".join(out)


def generated_front_lines(document_xml: bytes) -> list[str]:
    """The lines before the first clause of a ``word/document.xml`` ncm-docs has just
    rendered without its clauses (trusted bytes, for the manifest; see
    ``writer.render_docx_and_cover``): up to the end-of-cover marker."""
    root = etree.fromstring(document_xml, _PARSER)
    lines: list[str] = []
    for child in block_children(root.find(f"{W}body")):
        if END_OF_COVER in _bookmarks_in(child):
            break
        lines += _element_lines(child)
    return lines


def read_docx(path: str | Path, known: list[ClauseRef] | None = None) -> ReadDocument:
    """Read a .docx: its clauses, custom properties and title.

    ``known`` lists the clauses the caller expects (from a manifest), for finding
    clauses whose carriers were lost; the document's own clause map is used too.
    """
    path = Path(path)
    return read_parts(read_docx_parts(path), path, known)


def read_docx_bytes(data: bytes, name: str | Path, known: list[ClauseRef] | None = None) -> ReadDocument:
    """``read_docx`` for a .docx held in memory (e.g. drafted by ``draft_pack``)."""
    return read_parts(read_docx_bytes_parts(data, name), Path(name), known)


def clause_map_of(parts: dict[str, bytes], path: Path) -> list[ClauseRef] | None:
    """The clause map a document carries (a custom XML part), if it kept one."""
    for name in sorted(parts):
        if re.fullmatch(r"customXml/item\d*\.xml", name):
            try:
                root = etree.fromstring(parts[name], _PARSER)
            except etree.XMLSyntaxError:
                continue
            found = parse_clause_map(root)
            if found is not None:
                return found
    return None


def _merge(known: list[ClauseRef] | None, mapped: list[ClauseRef] | None) -> list[ClauseRef]:
    """The caller's list (the manifest: the authority) with what only the document's map knows."""
    if not known:
        return list(mapped or [])
    ids = {ref.id for ref in known}
    return list(known) + [ref for ref in mapped or [] if ref.id not in ids]


def with_known_clauses(document: ReadDocument, known: list[ClauseRef]) -> ReadDocument:
    """``document`` with its clauses found again knowing ``known`` (e.g. the clause map of the
    version it is compared with, when its own map was lost in a re-save through .doc)."""
    import dataclasses

    merged = _merge(known, document.clause_map)
    clauses = find_clauses(document.body, merged, lambda: _heading_styles(document.parts, document.path))
    return dataclasses.replace(document, clauses=clauses, front_lines=front_lines(document.body, clauses), known=merged)


def read_parts(parts: dict[str, bytes], path: Path, known: list[ClauseRef] | None = None) -> ReadDocument:
    """A ``ReadDocument`` from parts already read through ``safezip``."""
    if "word/document.xml" not in parts:
        raise DocxError(f"{path}: not a Word document (no word/document.xml)")
    root = parse_xml(parts["word/document.xml"], path, "word/document.xml")
    body = root.find(f"{W}body")
    if body is None:
        raise DocxError(f"{path}: word/document.xml has no body")
    normalise_range_marks(body)
    mapped = clause_map_of(parts, path)
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
    merged = _merge(known, mapped)
    if not has_revisions(body):
        return _document(path, parts, body, merged, mapped, properties, title)
    # Tracked changes are proposals: read the agreed text (all rejected), keep the accepted
    # text for checking what the document would say, and list the proposals on the marked copy.
    proposals = _proposals(body, merged, parts, path)
    agreed = reject_all(copy.deepcopy(body))
    accepted = accept_all(copy.deepcopy(body))
    document = _document(path, parts, agreed, merged, mapped, properties, title)
    document.proposals = proposals
    document.accepted_body = accepted
    document.marked_body = body
    return document


def _document(path: Path, parts: dict[str, bytes], body: etree._Element, known: list[ClauseRef],
              mapped: list[ClauseRef] | None, properties: dict[str, str], title: str) -> ReadDocument:
    clauses = find_clauses(body, known, lambda: _heading_styles(parts, path))
    return ReadDocument(path, clauses, properties, title, body, parts, front_lines(body, clauses), mapped, known=known)


def _proposals(body: etree._Element, known: list[ClauseRef], parts: dict[str, bytes], path: Path) -> list[ReadProposal]:
    """The proposed changes of a marked-up body, each placed in its clause and paragraph."""
    from .numbering import Numbering

    clauses = find_clauses(body, known, lambda: _heading_styles(parts, path))
    owner = {element: clause for clause in clauses for element in clause.elements}
    numbering = Numbering(
        parse_xml(parts["word/numbering.xml"], path, "word/numbering.xml") if "word/numbering.xml" in parts else None,
        parse_xml(parts["word/styles.xml"], path, "word/styles.xml") if "word/styles.xml" in parts else None,
    )
    labels = numbering.labels(body)
    out = []
    for proposal in find_proposals(body):
        block = proposal.paragraph
        while block.getparent() is not None and block.getparent() is not body:
            block = block.getparent()
        clause = owner.get(block)
        label = labels.get(proposal.paragraph) if proposal.paragraph.tag == f"{W}p" else None
        if clause is None:
            where = "the cover page" if not clauses or _before(body, block, clauses[0].elements[0]) else "outside the clauses"
        elif label:
            if label[:1].isdigit():
                where = f"clause {label}"
            elif label.startswith("("):  # parties and recitals: "(2)", "(B)"
                where = f"the {clause.title} clause, paragraph {label}"
            else:
                where = label  # "Schedule 2, paragraph 1.2"
        else:
            heading = labels.get(clause.elements[0])
            where = (f"clause {heading}" if heading and heading[:1].isdigit() else heading) if heading else f"the {clause.title} clause"
        out.append(ReadProposal(proposal.author, proposal.date, clause.id if clause else None, where, proposal.describe()))
    return out


def _before(body: etree._Element, a: etree._Element, b: etree._Element) -> bool:
    children = list(body)
    return a in children and b in children and children.index(a) < children.index(b)
