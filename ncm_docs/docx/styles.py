"""The paragraph and table style ids the writer uses, by part and level.

A house-style template must define every id in ``REQUIRED_STYLES``; the default
template (templates/default.docx) shows how, linking the numbered styles to Word
multilevel lists so numbers are never typed in.
"""

#: Numbered levels (markup ``.`` to ``....``) -> style, for each part of a document.
LEVEL_STYLES = {
    "operative": {0: "NcmBody", 1: "NcmLevel2", 2: "NcmLevel3", 3: "NcmLevel4", 4: "NcmLevel5"},
    "schedule": {0: "NcmBodyFlush", 1: "NcmSched2", 2: "NcmSched3", 3: "NcmSched4", 4: "NcmSched5"},
    "parties": {0: "NcmBodyFlush", 1: "NcmParty", 2: "NcmBodyFlush", 3: "NcmBodyFlush", 4: "NcmBodyFlush"},
    "recitals": {0: "NcmBodyFlush", 1: "NcmRecital", 2: "NcmBodyFlush", 3: "NcmBodyFlush", 4: "NcmBodyFlush"},
    "execution": {0: "NcmBodyFlush", 1: "NcmBodyFlush", 2: "NcmBodyFlush", 3: "NcmBodyFlush", 4: "NcmBodyFlush"},
}

#: The heading style of a clause, by part.
HEADING_STYLES = {
    "operative": "NcmHeading1",
    "schedule": "NcmScheduleHeading",
    "parties": "NcmPartHeading",
    "recitals": "NcmPartHeading",
    "execution": "NcmExecutionHeading",
}

SUBHEADING = "NcmSubheading"
TABLE = "NcmTable"
TABLE_TEXT = "NcmTableText"
TOC_HEADING = "NcmTocHeading"
TOC_ENTRY = "TOC1"

REQUIRED_STYLES = sorted(
    {s for levels in LEVEL_STYLES.values() for s in levels.values()}
    | set(HEADING_STYLES.values())
    | {SUBHEADING, TABLE, TABLE_TEXT, TOC_HEADING, TOC_ENTRY}
)

#: How a signature block opens in the execution part ("Signed for and on behalf of ...",
#: "Executed as a deed by ..."): a block is kept on one page, up to the next opening.
SIGNATURE_BLOCK_OPENINGS = ("Signed", "Executed", "SIGNED", "EXECUTED")
