"""File names of the documents in a pack, for naming documents in findings."""

from __future__ import annotations

from .. import kinds

HEAD = kinds.file_name("lead-provider-contract")
ALLIANCE = kinds.file_name("alliance-agreement")
DATA_SHARING = kinds.file_name("data-sharing-agreement")


def subcontract_file(short_name: str) -> str:
    """The file a provider's subcontract is written to (default clause library naming)."""
    return kinds.file_name("subcontract", short_name)
