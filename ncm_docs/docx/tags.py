"""How a clause is identified in a .docx: ``ncm:<clause id>@<version>``, for the writer and every reader."""

from __future__ import annotations

#: What every clause tag starts with.
TAG_PREFIX = "ncm:"


def clause_tag(clause_id: str, version: str) -> str:
    """The tag that identifies a clause and its library version."""
    return f"{TAG_PREFIX}{clause_id}@{version}"
