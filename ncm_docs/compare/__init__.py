"""Comparing two versions (a use case): two .docx files, two pack folders or two partnership files.

``inputs`` reads both sides and aligns them with the diff engine (``ncm_docs.diff``, which
knows nothing about Word); ``report`` and ``html`` present the result; ``redlines`` writes
tracked-change Word files.

    from ncm_docs.compare import compare, redlines
"""

from __future__ import annotations

from .inputs import Comparison, DocumentPair, compare, input_kind, redlines

__all__ = ["Comparison", "DocumentPair", "compare", "input_kind", "redlines"]
