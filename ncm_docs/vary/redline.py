"""The redline step of ``vary``: one function, wired to the diff engine when it is present.

The diff engine and Word redline writer are built separately (``ncm_docs/diff`` and
``ncm_docs/docx/redline.py``). Until they are part of ncm-docs, ``redline_documents``
returns no files and a note saying why, so ``vary`` still drafts everything else.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..document import Document


def redline_documents(pairs: list[tuple[Document | None, Document | None]], template_dir: Path | None = None) -> tuple[dict[str, bytes], list[str]]:
    """A redline .docx (``redline-<file>.docx``) for each changed (old, new) pair, and notes.

    Pairs with no old side (new documents) or no new side (ended ones) get no redline:
    there is nothing to compare.
    """
    if importlib.util.find_spec("ncm_docs.docx.redline") is None:
        return {}, ["no redlines: this build of ncm-docs has no Word redline writer (ncm_docs/docx/redline.py)"]
    return {}, ["no redlines: the redline writer's interface is not wired to vary yet"]
