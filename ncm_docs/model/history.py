"""A partnership's change log and the approval of the change to this version."""

from __future__ import annotations


from pydantic import Field

from .base import Date, Line, Model, ShortName, Text


class Revision(Model):
    """One version of the partnership in its change log."""

    version: Line = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
    date: Date
    summary: Text


class Approval(Model):
    """How the change from the previous version to this one was approved.

    ``approved_by`` names the voting members of the previous version who approved the
    change; ``ncm-docs vary`` checks them against that version's decision rule.
    """

    approved_by: list[ShortName] = Field(min_length=1)
    date: Date
    minute_reference: Line | None = Field(
        default=None, description="Where the decision is recorded, e.g. 'ALT minute 2028/14'."
    )
