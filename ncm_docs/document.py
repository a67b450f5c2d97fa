"""The drafted document as plain data: what assembly produces and every writer reads."""

from __future__ import annotations


from dataclasses import dataclass, field

from .clause_cache import cached_for_clause
from .markup import REFERENCE, Block, Paragraph, Ref, Table, Text


@dataclass(frozen=True)
class PartyRef:
    """A party to a document and the role it signs in."""

    legal_name: str
    short_name: str
    role: str
    address: str
    signatory_name: str
    signatory_title: str


@dataclass
class RenderedClause:
    """A clause rendered for one document."""

    id: str
    version: str
    title: str
    part: str
    number: str  # "12" for operative clauses, "3" for schedules, "" otherwise
    blocks: list[Block]
    source: str | None = None  # the rendered markup the blocks were parsed from; None once changed
    override: dict | None = None  # negotiated wording used instead of the library's: who, when, against which version

    def cache_key(self, numbers: dict[str, str]) -> tuple | None:
        """What this clause's output depends on, for caches: its rendered text, part and
        title, and the numbers its cross-references resolve to; None if the blocks were
        changed after parsing (the definitions clause)."""
        if self.source is None:
            return None
        return (self.source, self.part, self.title, tuple(numbers.get(t) for t in _REF_IN_SOURCE.findall(self.source)))

    @property
    def label(self) -> str:
        """The clause's printed label: '12', 'Schedule 3', or ''."""
        if self.part == "schedule":
            return f"Schedule {self.number}"
        return self.number

    def sub_numbers(self) -> list[str]:
        """The number each block carries (for plain text and checks), '' if none."""
        counters = [0, 0, 0, 0]
        out = []
        for block in self.blocks:
            if isinstance(block, Paragraph) and block.level and not block.heading:
                lvl = block.level - 1
                counters[lvl] += 1
                for deeper in range(lvl + 1, 4):
                    counters[deeper] = 0
                out.append(_format_number(self.part, self.number, counters, lvl))
            else:
                out.append("")
        return out


@dataclass
class Document:
    """One drafted document: metadata, parties and clauses in order."""

    kind: str
    file_stem: str
    title: str
    version: str
    status: str
    agreement_date: str  # ISO date
    parties: list[PartyRef]
    clauses: list[RenderedClause] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    defined_terms: list[str] = field(default_factory=list)  # terms its definitions clause lists
    definitions_clause: str = ""  # the id of the clause that lists them
    terms: list = field(default_factory=list)  # every term the document type may define, rendered

    def part(self, name: str) -> list[RenderedClause]:
        """The clauses of one part, in order."""
        return [c for c in self.clauses if c.part == name]

    def numbers(self) -> dict[str, str]:
        """Clause id -> printed label, for resolving cross-references."""
        return {c.id: c.label for c in self.clauses if c.number}


def _letters(n: int, upper: bool = False) -> str:
    text = ""
    while n:
        n, rem = divmod(n - 1, 26)
        text = chr(ord("a") + rem) + text
    return text.upper() if upper else text


def _roman(n: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(part: str, number: str, counters: list[int], lvl: int) -> str:
    """The printed number of a numbered paragraph, mirroring the Word list levels."""
    if part == "parties":
        return f"({counters[0]})" if lvl == 0 else ""
    if part == "recitals":
        return f"({_letters(counters[0], upper=True)})" if lvl == 0 else ""
    prefix = number if part == "operative" else ""
    if lvl == 0:
        return f"{prefix}.{counters[0]}" if prefix else f"{counters[0]}."
    if lvl == 1:
        return f"{prefix}.{counters[0]}.{counters[1]}" if prefix else f"{counters[0]}.{counters[1]}"
    if lvl == 2:
        return f"({_letters(counters[2])})"
    return f"({_roman(counters[3])})"


#: A cross-reference in rendered markup (escaped data never matches: its brackets are escaped).
_REF_IN_SOURCE = REFERENCE
def clause_text(clause: RenderedClause, numbers: dict[str, str]) -> str:
    """``clause_text_uncached``, remembered by ``RenderedClause.cache_key``."""
    return cached_for_clause("text", clause, numbers, lambda: clause_text_uncached(clause, numbers))


def clause_text_uncached(clause: RenderedClause, numbers: dict[str, str]) -> str:
    """A clause's canonical text: title, then one line per paragraph or table row.

    Table cells are separated by tabs. Numbers from Word numbering are not part of
    the text; cross-references show their cached numbers. The docx reader produces
    exactly this from a generated file, so hand edits can be detected.
    """
    lines = [clause.title]
    for block in clause.blocks:
        if isinstance(block, Table):
            lines += ["\t".join(plain_runs(cell, numbers) for cell in row) for row in block.rows]
        else:
            lines.append(plain_runs(block.runs, numbers))
    return "\n".join(lines)


def plain_runs(runs, numbers: dict[str, str]) -> str:
    """Runs as plain text with cross-references resolved."""
    return "".join(r.text if isinstance(r, Text) else numbers.get(r.target, "??") for r in runs)


__all__ = ["Block", "clause_text", "Document", "Paragraph", "PartyRef", "Ref", "RenderedClause", "Table", "Text", "plain_runs"]
