"""Where a .docx keeps which clause is which: the provenance carriers.

Clauses are not wrapped in anything: every paragraph and table stays a plain child of
the body, so python-docx, pandoc, mammoth and the Word navigation pane see them all.
Instead each clause carries its identity in two places that Word and LibreOffice both
keep on a re-save (checked with real LibreOffice re-saves in the tests):

1. a **bookmark on its heading**, named from the clause id (``_Ncm_alliance_risk_share``);
   numbered clauses' cross-references (``REF``) and contents entries point at it too;
2. a **clause map**: a custom XML part (``customXml/itemN.xml``) listing every clause in
   order with its id, version, title and bookmark.

A clause runs from its heading to the next clause's heading. When a carrier is lost (a
heading retyped so its bookmark went with it, or a file pasted into a new document), the
reader falls back carrier by carrier and then to headings and titles (see ``reader``).
Packs built before these carriers existed wrapped each clause in a content control
tagged ``ncm:<id>@<version>``; the reader still reads those.

Measured with LibreOffice 7.4: a re-save keeps bookmarks that start and end in one
paragraph, custom XML parts and custom document properties; it drops ``w:tag`` of
content controls and document variables (``w:docVars``), renames style ids after their
names ("NcmHeading1" becomes "NCMClauseHeading"), and splits a bookmark that spans
several paragraphs into two bookmarks of the same name. So no carrier here relies on a
style id, a document variable or a bookmark spanning paragraphs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from . import xml
from .tags import TAG_PREFIX as LEGACY_TAG_PREFIX

#: Every clause bookmark starts with this (a leading underscore hides it in Word's list).
BOOKMARK_PREFIX = "_Ncm_"
#: Marks where the cover page ends in the cover-only render (``writer.render_docx_and_cover``).
END_OF_COVER = "_NcmEndOfCover"
#: Namespace of the clause map part; also its schema reference in ``itemProps``.
MAP_NAMESPACE = "urn:ncm-docs:clause-map:1"
#: A fixed data-store item id: the same for every document, so output stays deterministic.
MAP_ITEM_ID = "{5E1B6D0A-3C2F-4E7B-9A41-6C0D2E8F7B13}"
#: Word's longest bookmark name.
MAX_BOOKMARK = 40


@dataclass(frozen=True)
class ClauseRef:
    """A clause as a document or manifest lists it: id, version, title."""

    id: str
    version: str
    title: str

    @property
    def bookmark(self) -> str:
        """The bookmark on this clause's heading."""
        return clause_bookmark(self.id)


def clause_bookmark(clause_id: str) -> str:
    """The Word bookmark on a clause's heading: hidden, at most 40 characters."""
    name = BOOKMARK_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", clause_id)
    if len(name) > MAX_BOOKMARK:
        name = name[:33] + "_" + hashlib.sha1(clause_id.encode()).hexdigest()[:6]
    return name


def is_clause_bookmark(name: str) -> bool:
    """True for a bookmark ncm-docs put on a clause heading."""
    return name.startswith(BOOKMARK_PREFIX) and name != END_OF_COVER


# -- the clause map part -----------------------------------------------------------------

MAP_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
MAP_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
MAP_PROPS_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"


def map_part_names(existing: set[str]) -> tuple[str, str, str]:
    """(item, item properties, item relationships) part names for the clause map: the first
    ``customXml/itemN.xml`` a template does not already use."""
    n = 1
    while f"customXml/item{n}.xml" in existing:
        n += 1
    return f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml", f"customXml/_rels/item{n}.xml.rels"


def clause_map_xml(clauses: list[ClauseRef]) -> str:
    """The clause map: every clause of a document in order."""
    items = "".join(
        f"<clause id={xml.attr(c.id)} version={xml.attr(c.version)} bookmark={xml.attr(c.bookmark)} title={xml.attr(c.title)}/>"
        for c in clauses
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<clauses xmlns="{MAP_NAMESPACE}">{items}</clauses>'


def map_props_xml() -> str:
    """The data-store item properties of the clause map part."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{MAP_ITEM_ID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{MAP_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    )


def map_rels_xml(props_name: str) -> str:
    """The relationships of the clause map part (to its properties)."""
    target = props_name.rsplit("/", 1)[-1]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{MAP_PROPS_REL_TYPE}" Target="{target}"/></Relationships>'
    )


def parse_clause_map(root) -> list[ClauseRef] | None:
    """The clauses a parsed custom XML part lists, or None if it is not a clause map."""
    if root.tag != f"{{{MAP_NAMESPACE}}}clauses":
        return None
    return [
        ClauseRef(node.get("id", ""), node.get("version", ""), node.get("title", ""))
        for node in root.iter(f"{{{MAP_NAMESPACE}}}clause") if node.get("id")
    ]


def legacy_tag(tag: str | None) -> tuple[str, str] | None:
    """``(clause id, version)`` from an old content-control tag ``ncm:<id>@<version>``."""
    if not tag or not tag.startswith(LEGACY_TAG_PREFIX) or "@" not in tag:
        return None
    clause_id, _, version = tag[len(LEGACY_TAG_PREFIX):].rpartition("@")
    return clause_id, version
