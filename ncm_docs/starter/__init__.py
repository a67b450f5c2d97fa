"""The commented starter partnership that ``ncm-docs init`` writes.

    from ncm_docs.starter import starter_text, SHAPES

``starter_text(shape)`` is a complete partnership file: every section, every field
explained in a comment, placeholders in [square brackets] where only the parties can
supply the value. It builds and checks clean as it is.
"""

from __future__ import annotations

from .shapes import DEFAULT_SHAPE, SHAPES, starter_data

__all__ = ["DEFAULT_SHAPE", "SHAPES", "starter_text"]


def starter_text(shape: str = DEFAULT_SHAPE) -> str:
    """The starter partnership file of ``shape`` (a key of ``SHAPES``)."""
    from ..model import Partnership
    from .writer import CommentedYaml  # yaml and pydantic: loaded only when a starter is written

    header = f"""\
# A partnership file for ncm-docs, started with `ncm-docs init --shape {shape}`:
# {SHAPES[shape].summary}.
#
# Replace every value in [square brackets] with the real one; check the rest, which are
# examples that draft a sound agreement as they stand. Each field is explained once, above
# its first use. Dates are YYYY-MM-DD; amounts are pounds, as plain numbers.
#
# Then: ncm-docs check THIS-FILE      (consistency checks, before drafting)
#       ncm-docs build THIS-FILE -o out/   (the Word documents)
# Editors can check this file as you type: see "The partnership file" in the README.

"""
    return header + CommentedYaml(Partnership).write(starter_data(shape))
