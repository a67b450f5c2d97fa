"""Clause diffs between two versions of a document. Knows nothing about Word XML.

The public API::

    from ncm_docs.diff import diff_documents, diff_lines, word_diff
    diff = diff_documents(old_doctext, new_doctext)   # -> DocumentDiff

``ncm_docs.docx.sections.doc_text`` turns a read .docx into the ``DocText`` this
package works on; ``ncm_docs.docx.redline`` writes a ``DocumentDiff`` as tracked changes.
"""

from __future__ import annotations

from .align import align, diff_documents, diff_lines
from .model import DocText, DocumentDiff, Line, LineChange, Section, SectionDiff
from .words import similarity, word_diff

__all__ = [
    "align", "diff_documents", "diff_lines", "similarity", "word_diff",
    "DocText", "DocumentDiff", "Line", "LineChange", "Section", "SectionDiff",
]
