"""File names of the documents in a pack, for naming documents in findings."""

from __future__ import annotations

HEAD = "lead-provider-contract.docx"
ALLIANCE = "alliance-agreement.docx"


def subcontract_file(short_name: str) -> str:
    """The file a provider's subcontract is written to (default clause library naming)."""
    from ..assemble import slugify

    return f"subcontract-{slugify(short_name)}.docx"
