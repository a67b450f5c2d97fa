"""Negotiated clause wording: a clause's text as the parties agreed it, in place of the library's.

Written by ``ncm-docs absorb`` from a pack edited by hand, or by hand. Each override names
the clause and the library version it was negotiated against, so that when the clause
library later changes that clause the change is reported as a conflict (the library's
old text, its new text, and the negotiated text) instead of either side being dropped.
"""

from __future__ import annotations

from pydantic import Field

from .base import Date, Line, Model, Text

_CLAUSE_ID = r"^[a-z0-9]+(?:[.\-][a-z0-9]+)*$"


class ClauseOverride(Model):
    """One clause's negotiated wording, used instead of the clause library's when drafting."""

    clause: str = Field(pattern=_CLAUSE_ID, description="The clause id, e.g. 'alliance.notices'.")
    library_version: str = Field(
        pattern=r"^\d+\.\d+\.\d+$",
        description="The clause library version of the clause this wording was negotiated against; "
        "when the library's version differs, build and impact report a conflict.",
    )
    documents: list[Line] = Field(
        default_factory=list,
        description="The documents it applies to: file stems such as 'subcontract-nwmh' or document types "
        "such as 'alliance-agreement'; empty for every document that has the clause.",
    )
    title: Line | None = Field(default=None, description="The negotiated heading, if it changed.")
    text: Text = Field(
        description="The clause body as agreed, in clause markup ('. ' numbered paragraphs, '|' table rows, "
        "'**bold**', '[[clause-id]]' cross-references) and literal: no Jinja, no data lookups."
    )
    library_text: Text | None = Field(
        default=None,
        description="The clause as the library drafted it when the wording was negotiated (heading, then one "
        "line per paragraph): the base of the three-way view of a conflict.",
    )
    agreed_by: Line | None = Field(default=None, description="Who proposed or agreed the wording, e.g. 'NWMH'.")
    agreed_on: Date | None = Field(default=None, description="When, where the edited file says.")
    note: Text | None = None

    def applies_to(self, kind: str, file_stem: str) -> bool:
        """True if this override is for a document of ``kind`` written to ``file_stem``."""
        return not self.documents or kind in self.documents or file_stem in self.documents
