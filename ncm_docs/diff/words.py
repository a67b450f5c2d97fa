"""Word-level differences between two pieces of text, and how alike two texts are.

Text is split into words, runs of spaces and single punctuation marks, so a change
never splits a word and "£4,000,000" changes as a whole figure. Knows nothing about Word.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

#: One token: a word (letters, digits, and the marks inside numbers and names), a run of
#: spaces, or one other character.
_TOKEN = re.compile(r"[\w£$€%]+(?:[.,'’/-][\w£$€%]+)*|\s+|[^\w\s]")

EQUAL, INSERT, DELETE = "=", "+", "-"


def tokens(text: str) -> list[str]:
    """``text`` split into words, spaces and punctuation (joined they give ``text`` back)."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` turning ``old`` into ``new``; ``op`` is ``=``, ``-`` or ``+``.

    The ``=`` and ``-`` pieces joined give ``old``; the ``=`` and ``+`` pieces give ``new``.
    A lone space between two changes is folded into them, so a changed phrase reads as
    one deletion and one insertion.
    """
    a, b = tokens(old), tokens(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            ops.append((INSERT, "".join(b[j1:j2])))
    return _merge(_fold_spaces(ops))


def _fold_spaces(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = list(ops)
    for i in range(1, len(out) - 1):
        op, text = out[i]
        if op == EQUAL and text.isspace() and out[i - 1][0] != EQUAL and out[i + 1][0] != EQUAL:
            out[i] = ("~", text)
    folded: list[tuple[str, str]] = []
    for op, text in out:
        if op == "~":
            folded += [(DELETE, text), (INSERT, text)]
        else:
            folded.append((op, text))
    return folded


def _merge(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent pieces of one kind joined; within a change, deletions before insertions."""
    out: list[tuple[str, str]] = []
    pending = {DELETE: "", INSERT: ""}
    for op, text in ops + [(EQUAL, "")]:
        if op == EQUAL:
            for kind in (DELETE, INSERT):
                if pending[kind]:
                    out.append((kind, pending[kind]))
                    pending[kind] = ""
            if text:
                if out and out[-1][0] == EQUAL:
                    out[-1] = (EQUAL, out[-1][1] + text)
                else:
                    out.append((EQUAL, text))
        else:
            pending[op] += text
    return out


@lru_cache(maxsize=4096)
def _bag(text: str, words_only: bool) -> Counter:
    return Counter(t for t in tokens(text) if not t.isspace() and (not words_only or any(c.isalpha() for c in t)))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 (no word in common) to 1 (the same words).

    Words with letters count; numbers and punctuation only when neither text has a
    word, so "4. Share" is like "3. Share" (renumbered), not like "4. Observers".
    """
    if a == b:
        return 1.0
    bag_a, bag_b = _bag(a, True), _bag(b, True)
    if not bag_a and not bag_b:
        bag_a, bag_b = _bag(a, False), _bag(b, False)
    total = sum(bag_a.values()) + sum(bag_b.values())
    if not total:
        return 1.0
    return 2 * sum((bag_a & bag_b).values()) / total
