"""The content-control tag of packs built before the bookmark carriers: ``ncm:<clause id>@<version>``.

New documents carry no tags (see ``carriers``); readers still recognise them in older packs.
"""

from __future__ import annotations

#: What every clause tag starts with.
TAG_PREFIX = "ncm:"


def clause_tag(clause_id: str, version: str) -> str:
    """The tag that identified a clause and its library version."""
    return f"{TAG_PREFIX}{clause_id}@{version}"
