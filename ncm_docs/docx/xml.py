"""Named builders for the WordprocessingML ncm-docs writes. Every string of raw XML lives here.

Functions return XML text fragments; all user text goes through ``text`` or ``attr``,
which escape it, so nothing a partnership file says can break the markup.
"""

from __future__ import annotations

import re

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPING = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
EMPTY_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
CUSTOM_PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _escape(data: str) -> str:
    """``xml.sax.saxutils.escape`` (``&`` first, then ``>`` and ``<``), without importing
    it: saxutils pulls in urllib and the HTTP client, a tenth of a second at start-up."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _quoteattr(data: str) -> str:
    """``xml.sax.saxutils.quoteattr``: escaped, line breaks and tabs as references, quoted."""
    data = _escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in data:
        return '"%s"' % data.replace('"', "&quot;") if "'" in data else "'%s'" % data
    return '"%s"' % data


def text(value: str) -> str:
    """Escape text for an XML text node (``&``, ``<``, ``>``)."""
    if _NEEDS_ESCAPING.search(value) is None:
        return value  # the usual case, found by one scan in C
    if _INVALID_XML.search(value):
        value = _INVALID_XML.sub("", value)
    return _escape(value)


def attr(value: str) -> str:
    """Escape and quote a value for an XML attribute."""
    return _quoteattr(_INVALID_XML.sub("", value))


def run(value: str, bold: bool = False, style: str | None = None) -> str:
    """One run of text."""
    props = ""
    if style:
        props = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
    elif bold:
        props = "<w:rPr><w:b/></w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def line_break() -> str:
    """A line break within a paragraph."""
    return "<w:r><w:br/></w:r>"


#: Space above a paragraph that follows a table, in twentieths of a point.
SPACE_AFTER_TABLE = 200


def paragraph(style: str, content: str = "", keep_next: bool = False, space_before: bool | int = False, align: str | None = None) -> str:
    """A paragraph in ``style`` holding ``content`` (runs, fields, bookmarks).

    ``keep_next`` keeps it on the page of the next paragraph; ``space_before`` adds
    space above it: ``True`` for a paragraph that follows a table, or a number of twips;
    ``align`` (``right``...) overrides the style's alignment.
    """
    before = SPACE_AFTER_TABLE if space_before is True else int(space_before)
    extra = ("<w:keepNext/>" if keep_next else "") + (f'<w:spacing w:before="{before}"/>' if before else "")
    extra += f'<w:jc w:val="{align}"/>' if align else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{content}</w:p>'


def bookmark(bookmark_id: int, name: str, content: str) -> str:
    """``content`` wrapped in a bookmark named ``name``."""
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name={attr(name)}/>{content}<w:bookmarkEnd w:id="{bookmark_id}"/>'


def complex_field(instruction: str, cached: str, bold: bool = False) -> str:
    """A field (REF, PAGE, TOC...) with its cached result already filled in."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> {text(instruction)} </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r>{props}<w:t xml:space="preserve">{text(cached)}</w:t></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def ref_field(bookmark_name: str, cached_number: str, bold: bool = False) -> str:
    """A cross-reference to a numbered paragraph: ``REF name \\w \\h``, number cached."""
    return complex_field(f"REF {bookmark_name} \\w \\h", cached_number, bold)


def paragraph_marker(name: str) -> str:
    """An empty paragraph holding only a bookmark called ``name`` (marks a place in a body)."""
    return f"<w:p>{bookmark(0, name, '')}</w:p>"


def table(rows: list[list[str]], style: str, width_twips: int = 9026) -> str:
    """A table; ``rows`` hold cell contents (paragraph XML); the first row repeats as a header."""
    columns = max((len(r) for r in rows), default=1)
    col_width = width_twips // columns
    grid = "".join(f'<w:gridCol w:w="{col_width}"/>' for _ in range(columns))
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]
    for index, row in enumerate(rows):
        header = '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' if index == 0 else "<w:trPr><w:cantSplit/></w:trPr>"
        cells = list(row) + ["<w:p/>"] * (columns - len(row))
        out.append(
            "<w:tr>" + header
            + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{col_width}" w:type="dxa"/></w:tcPr>{cell}</w:tc>' for cell in cells)
            + "</w:tr>"
        )
    out.append("</w:tbl>")
    return "".join(out)


def page_break() -> str:
    """A paragraph holding a page break."""
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def page_ref_field(bookmark_name: str) -> str:
    """The page a bookmark is on: ``PAGEREF name \\h``, marked dirty and with no cached result.

    A page number depends on layout, which only a word processor knows: LibreOffice
    works it out as it lays the page out (on screen and in a PDF); Word updates the
    field as the file opens (``update_fields_on_open``). No number is cached, so none
    can be stale.
    """
    return (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {text(bookmark_name)} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def table_of_contents(heading_style: str, heading: str, entries: list[tuple[str, str, str]], entry_style: str) -> str:
    """The contents list: ``entries`` are (number, title, bookmark) tuples.

    Each entry links to its clause and ends with the clause's page number (a PAGEREF
    field after the style's dot-leader tab). The list is not wrapped in a TOC field:
    LibreOffice shows a TOC field's stored text as it was saved, without page numbers,
    whereas it lays out PAGEREF fields itself.
    """
    lines = [paragraph(heading_style, run(heading))]
    for number, title, target in entries:
        link = f'<w:hyperlink w:anchor={attr(target)} w:history="1">{run(number)}<w:r><w:tab/></w:r>{run(title)}</w:hyperlink>'
        lines.append(paragraph(entry_style, link + "<w:r><w:tab/></w:r>" + page_ref_field(target)))
    return "".join(lines)


#: Elements of ``w:settings`` that come after ``w:updateFields`` (ECMA-376 Part 1, 17.15.1.78).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)


def update_fields_on_open(settings: str) -> str:
    """``word/settings.xml`` asking Word to update fields (page numbers) when the file opens."""
    if "<w:updateFields " in settings:
        return re.sub(r'<w:updateFields w:val="[^"]*"\s*/>', '<w:updateFields w:val="true"/>', settings)
    found = [m.start() for name in _AFTER_UPDATE_FIELDS for m in [re.search(rf"<(?:w|m|sl):{name}[\s/>]", settings)] if m]
    at = min(found) if found else settings.rindex("</w:settings>")
    return settings[:at] + '<w:updateFields w:val="true"/>' + settings[at:]


def custom_properties(props: dict[str, str]) -> str:
    """``docProps/custom.xml`` holding ``props`` as text properties."""
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name={attr(name)}>'
        f"<vt:lpwstr>{text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(props.items()), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{items}</Properties>"
    )


def core_properties(title: str, subject: str, keywords: str, timestamp: str) -> str:
    """``docProps/core.xml`` with fixed, deterministic values."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(title)}</dc:title><dc:subject>{text(subject)}</dc:subject>"
        f"<dc:creator>ncm-docs</dc:creator><cp:keywords>{text(keywords)}</cp:keywords>"
        "<cp:lastModifiedBy>ncm-docs</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def add_content_type_override(content_types: str, part_name: str, content_type: str) -> str:
    """``[Content_Types].xml`` with an Override for ``part_name`` (once)."""
    if f'PartName="{part_name}"' in content_types:
        return content_types
    override = f'<Override PartName="{part_name}" ContentType="{content_type}"/>'
    return content_types.replace("</Types>", override + "</Types>")


def add_relationship(rels: str, rel_type: str, target: str) -> str:
    """A ``.rels`` part with a relationship of ``rel_type`` to ``target`` (once)."""
    if f'Target="{target}"' in rels:
        return rels
    ids = {int(m) for m in re.findall(r'Id="rId(\d+)"', rels)}
    new_id = max(ids, default=0) + 1
    rel = f'<Relationship Id="rId{new_id}" Type="{rel_type}" Target="{target}"/>'
    return rels.replace("</Relationships>", rel + "</Relationships>")
