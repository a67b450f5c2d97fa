"""Capitalised terms a document uses without defining them (rule NCM212).

A document's vocabulary is what it may print capitalised without a finding: its defined
terms (both forms), terms defined in place (in bold), the library's ``not_terms`` and every
name from the partnership data. The build records each document's vocabulary in the
manifest, so ``check`` can scan a pack edited by hand without the partnership file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .markup import Paragraph, Text, block_texts


_WORD = r"[A-Z][A-Za-z'\u2019\-]*|[0-9]{4}"
#: Two or more capitalised words, joined by spaces or by "of"/"for" ("Secretary of State").
_PHRASE = re.compile(rf"(?:{_WORD})(?:(?: (?:of|for))? (?:{_WORD}))+")
#: Words that start a sentence or a clause, not a term.
_LEADING = {
    "A", "An", "All", "Any", "Each", "Every", "For", "If", "In", "No", "Neither", "None", "On", "Subject",
    "Such", "That", "The", "These", "This", "Those", "To", "Under", "Unless", "Where", "When", "Whether",
    "While", "Without", "With", "Nothing", "Both", "Either", "Notwithstanding", "By", "At", "Upon", "As", "It",
}


_POSSESSIVE = re.compile(r"['\u2019]s?$")
_YEAR = re.compile(r"[0-9]{4}")
_LETTER = re.compile(r"[A-Z]")


#: Parts of a document that carry a number: "Part A of Schedule 6" is a label, not a term.
_NUMBERED = frozenset({"Schedule", "Annex", "Appendix"})


@lru_cache(maxsize=16384)
def _candidate(phrase: str) -> str | None:
    """The term a capitalised phrase may be, or None: leading words, possessives, statutes
    ('... Act 2018'), all-capital headings ('THIS CONTRACT') and labels ('Part B') are not
    terms. Remembered: the same phrases recur throughout a document."""
    words = phrase.split(" ")
    while words and words[0] in _LEADING:
        words.pop(0)
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    if len([w for w in words if w[:1].isupper()]) < 2:
        return None
    if _YEAR.fullmatch(words[-1]) or all(w.isupper() or w in ("of", "for") for w in words):
        return None
    if _LETTER.fullmatch(words[-1]):  # "Part B", "Appendix A": a label, not a term
        return None
    if len(words) == 4 and _LETTER.fullmatch(words[1]) and words[2] == "of" and words[3] in _NUMBERED:
        return None  # "Part A of Schedule 6": a label within a numbered schedule or annex
    return " ".join(words)


@dataclass(frozen=True)
class UndefinedTerm:
    """A capitalised multi-word phrase used in a clause but not defined."""

    document: str  # file stem
    clause_id: str
    term: str


def term_vocabulary(doc, terms: list, not_terms: Iterable[str], names: Iterable[str]) -> list[str]:
    """Capitalised phrases ``doc`` may use without defining them: its defined terms (both
    forms), terms defined in place (in bold), ``not_terms`` and names from the data."""
    in_place = {r.text.strip() for c in doc.clauses for b in c.blocks if isinstance(b, Paragraph) for r in b.runs if isinstance(r, Text) and r.bold}
    return sorted({s for s in (*not_terms, *names, *in_place, *(t.term for t in terms), *(t.plural for t in terms)) if s})


def vocabulary_pattern(vocabulary: Iterable[str], text: str | None = None) -> re.Pattern:
    """A pattern matching any vocabulary entry as whole words (longest first).

    Given the ``text`` it will search, entries that do not occur in it are left out first
    (a substring test in C): the same matches from a far shorter alternation.
    """
    entries = [v for v in vocabulary if v and (text is None or v in text)]
    return _vocabulary_pattern(tuple(sorted(entries, key=len, reverse=True)))


@lru_cache(maxsize=256)
def _vocabulary_pattern(entries: tuple[str, ...]) -> re.Pattern:
    if not entries:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in entries) + r")(?!\w)")


class VocabularyScanner:
    """Finds undefined capitalised phrases in text against one document's vocabulary, fast.

    Exactly ``undefined_phrases`` with the whole vocabulary masked, line by line, but a
    line is skipped after one cheap scan when every capitalised phrase in it is a
    vocabulary entry or lies inside an occurrence of one in that line (a piece of a
    name such as "NHS Northshire and Wealdmoor ..."), as in most lines. Only the rest are
    masked, with a pattern of just the entries they contain.
    """

    def __init__(self, vocabulary: list[str]) -> None:
        self.vocabulary = [v for v in vocabulary if v]
        self.known = frozenset(self.vocabulary)
        self._containing: dict[str, list[str]] = {}

    def undefined(self, text: str) -> list[str]:
        """The undefined phrases of ``text``, in order of first appearance."""
        found: list[str] = []
        for line in text.split("\n"):
            if self._clean(line):
                continue
            for phrase in undefined_phrases(line, vocabulary_pattern(self.vocabulary, line)):
                if phrase not in found:
                    found.append(phrase)
        return found

    def _clean(self, line: str) -> bool:
        for match in _PHRASE.finditer(line):
            candidate = _candidate(match.group())
            if candidate is None or candidate in self.known:
                continue
            start = line.find(candidate, match.start(), match.end())
            if not self._covered(line, candidate, start, start + len(candidate)):
                return False
        return True

    def _covered(self, line: str, candidate: str, start: int, end: int) -> bool:
        entries = self._containing.get(candidate)
        if entries is None:
            entries = self._containing[candidate] = [v for v in self.vocabulary if candidate in v and v != candidate]
        for entry in entries:
            at = line.find(entry)
            while at != -1:
                if at <= start and end <= at + len(entry):
                    return True
                at = line.find(entry, at + 1)
        return False


def undefined_phrases(text: str, pattern: re.Pattern) -> list[str]:
    """Capitalised phrases of two or more words in ``text`` outside the vocabulary ``pattern``."""
    out = []
    for match in _PHRASE.finditer(pattern.sub("\0", text)):
        phrase = _candidate(match.group())
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def undefined_terms(doc, terms: list, not_terms: Iterable[str], names: Iterable[str]) -> list[UndefinedTerm]:
    """Capitalised phrases of two or more words in ``doc``'s paragraphs that are neither
    defined terms (``terms``, in either form), defined in place (in bold, as clause bodies
    define a term used only in one clause), listed ``not_terms``, nor a name from the data
    (``names``: party names and roles, titles, service names...). Tables and headings are
    not scanned: they hold data and titles. One finding per clause and phrase.
    """
    numbers = doc.numbers()
    scanner = VocabularyScanner(term_vocabulary(doc, terms, not_terms, names))
    found: list[UndefinedTerm] = []
    for clause in doc.clauses:
        seen: set[str] = set()
        for text in block_texts([b for b in clause.blocks if not (isinstance(b, Paragraph) and b.heading)], numbers, tables=False):
            for phrase in scanner.undefined(text):
                if phrase not in seen:
                    seen.add(phrase)
                    found.append(UndefinedTerm(doc.file_stem, clause.id, phrase))
    return found


def data_names(value) -> set[str]:
    """Every string in the partnership (names, titles, descriptions), for ``undefined_terms``."""
    out: set[str] = set()
    if hasattr(value, "model_dump"):  # a schema model (pydantic is not imported here)
        value = value.model_dump()
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out |= data_names(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            out |= data_names(v)
    return out


def family_names(partnership, plans) -> set[str]:
    """Names a document may print capitalised without defining them: every string in the
    partnership data, the titles of the documents and the parties' roles."""
    return data_names(partnership) | {p.title for p in plans} | {party.role for p in plans for party in p.parties}
