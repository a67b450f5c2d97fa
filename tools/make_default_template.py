"""Write templates/default.docx: ncm-docs' clean default house style.

Run ``python tools/make_default_template.py``. The output is deterministic. A house-style
template made in Word must keep the style ids listed in ``ncm_docs/docx/styles.py`` and the
``{{p body }}`` paragraph; everything else (fonts, colours, letterhead, headers) is yours.

``--font``, ``--accent``, ``--letterhead`` and ``--output`` write a variant: a quick start
for a house style, and what the tests use as a second, custom template.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ncm_docs.docx.package import write_zip  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


@dataclass(frozen=True)
class HouseStyle:
    """What a variant changes: body font, accent colour (hex RGB), first-page letterhead text."""

    font: str = "Arial"
    accent: str = "1F3864"
    letterhead: str = ""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>
</Relationships>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>ncm-docs default house style</dc:title><dc:creator>ncm-docs</dc:creator></cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>ncm-docs</Application></Properties>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {W}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"""


def pstyle(style_id, name, *, based="Normal", ppr="", rpr="", next_style=None, outline=None):
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/>{nxt}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def numbered(num_id, ilvl):
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def styles_xml(house: HouseStyle):
    font, accent = escape(house.font, {'"': "&quot;"}), house.accent
    s = []
    s.append(f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
             '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
             '<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="160" w:line="276" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>')
    s.append('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>')
    s.append('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>')
    s.append('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>')
    s.append('<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>')
    # cover page
    s.append(pstyle("NcmTitle", "NCM Title", ppr='<w:spacing w:before="2400" w:after="480"/><w:jc w:val="center"/>', rpr=f'<w:b/><w:color w:val="{accent}"/><w:sz w:val="44"/>'))
    s.append(pstyle("NcmCoverText", "NCM Cover Text", ppr='<w:spacing w:after="240"/><w:jc w:val="center"/>', rpr='<w:sz w:val="24"/>'))
    s.append(pstyle("NcmDraftMark", "NCM Draft Mark", ppr='<w:spacing w:before="480"/><w:jc w:val="center"/>', rpr='<w:b/><w:color w:val="C00000"/><w:sz w:val="28"/>'))
    # part headings and contents
    s.append(pstyle("NcmPartHeading", "NCM Part Heading", ppr='<w:keepNext/><w:spacing w:before="360" w:after="240"/><w:jc w:val="left"/>', rpr=f'<w:b/><w:caps/><w:color w:val="{accent}"/><w:sz w:val="24"/>'))
    s.append(pstyle("NcmTocHeading", "NCM Contents Heading", based="NcmPartHeading"))
    # contents: wide enough a number column for "Schedule 10", page numbers after a dot leader;
    # single-spaced so that the contents of a long agreement (50 entries) fit on one page
    s.append(pstyle("TOC1", "toc 1", ppr='<w:tabs><w:tab w:val="left" w:pos="1440"/><w:tab w:val="right" w:leader="dot" w:pos="9016"/></w:tabs><w:spacing w:after="20" w:line="240" w:lineRule="auto"/><w:ind w:left="1440" w:hanging="1440"/><w:jc w:val="left"/>'))
    s.append(pstyle("TOC2", "toc 2", based="TOC1", ppr='<w:ind w:left="1440" w:hanging="1440"/>'))
    # parties and recitals
    s.append(pstyle("NcmParty", "NCM Party", ppr=numbered(3, 0) + '<w:ind w:left="720" w:hanging="720"/>'))
    s.append(pstyle("NcmRecital", "NCM Recital", ppr=numbered(4, 0) + '<w:ind w:left="720" w:hanging="720"/>'))
    # Word's built-in "heading 1", with no look of its own: the clause and schedule headings are
    # based on it, so pandoc and other readers that know only built-in headings see them as
    # headings (Word's navigation pane goes by their outline level).
    s.append('<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
             '<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr></w:style>')
    # operative clauses: one multilevel list, 1 / 1.1 / 1.1.1 / (a) / (i)
    s.append(pstyle("NcmHeading1", "NCM Clause Heading", based="Heading1", ppr=numbered(1, 0) + '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:ind w:left="720" w:hanging="720"/><w:jc w:val="left"/>', rpr='<w:b/><w:caps/>', next_style="NcmLevel2", outline=0))
    s.append(pstyle("NcmLevel2", "NCM Clause Level 2", ppr=numbered(1, 1) + '<w:ind w:left="720" w:hanging="720"/>'))
    s.append(pstyle("NcmLevel3", "NCM Clause Level 3", ppr=numbered(1, 2) + '<w:ind w:left="1584" w:hanging="864"/>'))
    s.append(pstyle("NcmLevel4", "NCM Clause Level 4", ppr=numbered(1, 3) + '<w:ind w:left="2160" w:hanging="576"/>'))
    s.append(pstyle("NcmLevel5", "NCM Clause Level 5", ppr=numbered(1, 4) + '<w:ind w:left="2736" w:hanging="576"/>'))
    s.append(pstyle("NcmBody", "NCM Body Text", ppr='<w:ind w:left="720"/>'))
    s.append(pstyle("NcmBodyFlush", "NCM Body Flush"))
    s.append(pstyle("NcmSubheading", "NCM Subheading", ppr='<w:keepNext/><w:spacing w:before="200" w:after="120"/><w:jc w:val="left"/>', rpr='<w:b/>'))
    # schedules: Schedule 1 / 1. / 1.1 / (a) / (i), restarting in every schedule
    s.append(pstyle("NcmScheduleHeading", "NCM Schedule Heading", based="Heading1", ppr=numbered(2, 0) + '<w:pageBreakBefore/><w:keepNext/><w:spacing w:after="360"/><w:jc w:val="center"/>', rpr=f'<w:b/><w:color w:val="{accent}"/><w:sz w:val="24"/>', outline=0))
    s.append(pstyle("NcmSched2", "NCM Schedule Level 2", ppr=numbered(2, 1) + '<w:ind w:left="720" w:hanging="720"/>'))
    s.append(pstyle("NcmSched3", "NCM Schedule Level 3", ppr=numbered(2, 2) + '<w:ind w:left="1440" w:hanging="720"/>'))
    s.append(pstyle("NcmSched4", "NCM Schedule Level 4", ppr=numbered(2, 3) + '<w:ind w:left="2016" w:hanging="576"/>'))
    s.append(pstyle("NcmSched5", "NCM Schedule Level 5", ppr=numbered(2, 4) + '<w:ind w:left="2592" w:hanging="576"/>'))
    # execution, tables, header and footer
    s.append(pstyle("NcmExecutionHeading", "NCM Execution Heading", based="NcmPartHeading", ppr='<w:pageBreakBefore/>'))
    s.append(pstyle("NcmTableText", "NCM Table Text", ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>', rpr='<w:sz w:val="18"/>'))
    s.append(pstyle("NcmLetterhead", "NCM Letterhead", ppr='<w:spacing w:after="0"/><w:jc w:val="right"/>', rpr=f'<w:b/><w:color w:val="{accent}"/><w:sz w:val="20"/>'))
    s.append(pstyle("NcmHeader", "NCM Header", ppr='<w:tabs><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/><w:jc w:val="right"/>', rpr='<w:color w:val="595959"/><w:sz w:val="16"/>'))
    s.append(pstyle("NcmFooter", "NCM Footer", ppr='<w:tabs><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/><w:jc w:val="left"/>', rpr='<w:color w:val="595959"/><w:sz w:val="16"/>'))
    s.append('<w:style w:type="character" w:customStyle="1" w:styleId="NcmDefinedTerm"><w:name w:val="NCM Defined Term"/><w:rPr><w:b/></w:rPr></w:style>')
    s.append('<w:style w:type="table" w:customStyle="1" w:styleId="NcmTable"><w:name w:val="NCM Table"/><w:basedOn w:val="TableNormal"/><w:tblPr>'
             '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
             '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
             '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/></w:tblBorders>'
             '</w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="' + accent + '"/></w:tcPr></w:tblStylePr></w:style>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>' + "".join(s) + "</w:styles>"


def lvl(ilvl, fmt, text, style=None, left=0, hanging=0, suffix="tab", jc="left"):
    pstyle_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle_xml}<w:suff w:val="{suffix}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="{jc}"/><w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>')


def abstract(abstract_id, levels):
    filler = [lvl(i, "decimal", f"%{i + 1}.", left=720 * (i + 1), hanging=720) for i in range(len(levels), 9)]
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
            + "".join(levels) + "".join(filler) + "</w:abstractNum>")


def numbering_xml():
    operative = [
        lvl(0, "decimal", "%1.", "NcmHeading1", 720, 720),
        lvl(1, "decimal", "%1.%2", "NcmLevel2", 720, 720),
        lvl(2, "decimal", "%1.%2.%3", "NcmLevel3", 1584, 864),
        lvl(3, "lowerLetter", "(%4)", "NcmLevel4", 2160, 576),
        lvl(4, "lowerRoman", "(%5)", "NcmLevel5", 2736, 576),
    ]
    schedule = [
        lvl(0, "decimal", "Schedule %1", "NcmScheduleHeading", 0, 0, suffix="nothing", jc="center"),
        lvl(1, "decimal", "%2.", "NcmSched2", 720, 720),
        lvl(2, "decimal", "%2.%3", "NcmSched3", 1440, 720),
        lvl(3, "lowerLetter", "(%4)", "NcmSched4", 2016, 576),
        lvl(4, "lowerRoman", "(%5)", "NcmSched5", 2592, 576),
    ]
    parties = [lvl(0, "decimal", "(%1)", "NcmParty", 720, 720)]
    recitals = [lvl(0, "upperLetter", "(%1)", "NcmRecital", 720, 720)]
    body = "".join(abstract(i, levels) for i, levels in enumerate([operative, schedule, parties, recitals], start=1))
    nums = "".join(f'<w:num w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>' for i in range(1, 5))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>{body}{nums}</w:numbering>'


def para(style, text):
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def field(instr, cached):
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{cached}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def document_xml():
    body = [
        para("NcmDraftMark", "{% if draft %}DRAFT: SUBJECT TO CONTRACT{% endif %}"),
        para("NcmTitle", "{{ title }}"),
        para("NcmCoverText", "Dated {{ agreement_date }}"),
        para("NcmCoverText", "between"),
        '<w:p><w:pPr><w:pStyle w:val="NcmCoverText"/></w:pPr><w:r><w:t>{%p for party in parties %}</w:t></w:r></w:p>',
        para("NcmCoverText", "{{ party.legal_name }} ({{ party.role }})"),
        '<w:p><w:pPr><w:pStyle w:val="NcmCoverText"/></w:pPr><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>',
        para("NcmCoverText", "Version {{ version }}"),
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
        para("Normal", "{{p body }}"),
        '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:headerReference w:type="first" r:id="rId6"/><w:footerReference w:type="default" r:id="rId5"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
        '<w:titlePg/></w:sectPr>',
    ]
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>' + "".join(body) + "</w:body></w:document>"


def header_xml():
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W}>'
            + para("NcmHeader", "{{ title }}") + "</w:hdr>")


def letterhead_xml(house: HouseStyle):
    """The first-page (cover) header: the letterhead, empty in the default style."""
    content = para("NcmLetterhead", escape(house.letterhead)) if house.letterhead else '<w:p><w:pPr><w:pStyle w:val="NcmLetterhead"/></w:pPr></w:p>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W}>' + content + "</w:hdr>"


def footer_xml():
    left = '<w:r><w:t xml:space="preserve">Version {{ version }}{% if draft %} | DRAFT{% endif %}</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Page </w:t></w:r>'
    pages = field("PAGE", "1") + '<w:r><w:t xml:space="preserve"> of </w:t></w:r>' + field("NUMPAGES", "1")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {W}><w:p><w:pPr><w:pStyle w:val="NcmFooter"/></w:pPr>'
            + left + pages + "</w:p></w:ftr>")


def template_bytes(house: HouseStyle = HouseStyle()) -> bytes:
    """The template .docx for ``house`` (deterministic)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "word/_rels/document.xml.rels": DOC_RELS,
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(house),
        "word/numbering.xml": numbering_xml(),
        "word/settings.xml": SETTINGS,
        "word/header1.xml": header_xml(),
        "word/header2.xml": letterhead_xml(house),
        "word/footer1.xml": footer_xml(),
    }
    return write_zip([(name, text.encode("utf-8")) for name, text in parts.items()])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write ncm-docs' default house-style template, or a variant of it.")
    parser.add_argument("--font", default=HouseStyle.font, help="body font (default: %(default)s)")
    parser.add_argument("--accent", default=HouseStyle.accent, help="accent colour as hex RGB (default: %(default)s)")
    parser.add_argument("--letterhead", default="", help="text at the top of the cover page")
    parser.add_argument("--output", type=Path, default=ROOT / "templates" / "default.docx")
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(template_bytes(HouseStyle(args.font, args.accent.upper(), args.letterhead)))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
