"""The redline step of ``vary``: each changed document as Word tracked changes (issue-4's writer)."""

from __future__ import annotations


def redline_documents(pairs: list[tuple[str, bytes, bytes]], author: str = "ncm-docs", date: str | None = None) -> dict[str, bytes]:
    """``redline-<stem>.docx`` for each (file stem, old .docx, new .docx): NEW marked up against OLD.

    The changes are by ``author``, dated ``date``; without one, NEW's own date, so the
    same inputs give the same bytes.
    """
    from ..docx.redline import redline_docx

    return {
        f"redline-{stem}.docx": redline_docx(old, new, author=author, date=date, old_name=f"{stem}.docx (old)", new_name=f"{stem}.docx (new)")
        for stem, old, new in pairs
    }
