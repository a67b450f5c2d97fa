"""What a clause-library upgrade changes: every partnership and document whose text for one
clause would read differently under the current library than under an older one.

Both libraries draft each document in full (so numbering and cross-references are real),
then the clause's text is compared. Nothing is written.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .assemble import assemble, plan_documents
from .document import clause_text
from .errors import DataError
from .library import ClauseLibrary
from .load import load_partnership

#: File suffixes read as partnership files when a folder is given.
PARTNERSHIP_SUFFIXES = (".yaml", ".yml", ".json")
_WORD = re.compile(r"\S+|\s+")


@dataclass
class DocumentImpact:
    """How one document's text for the clause changes."""

    partnership: str
    file: str
    change: str  # amended | added | removed
    old_label: str
    new_label: str
    old_version: str
    new_version: str
    old_text: str
    new_text: str

    @property
    def words(self) -> str:
        """The change word by word: ``[-removed-]{+inserted+}``."""
        return word_changes(self.old_text, self.new_text)


@dataclass
class ImpactReport:
    """Every document a clause change reaches, and how many were looked at."""

    clause_id: str
    old_version: str
    new_version: str
    partnerships: int
    documents_checked: int
    impacts: list[DocumentImpact] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain data for ``--format json``."""
        data = asdict(self)
        for item, impact in zip(data["impacts"], self.impacts):
            item["words"] = impact.words
        return data


def partnership_files(inputs: list[Path]) -> list[Path]:
    """The partnership files among ``inputs`` (folders are searched recursively), sorted."""
    found: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            found |= {p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in PARTNERSHIP_SUFFIXES}
        elif item.is_file():
            found.add(item)
        else:
            raise DataError(f"{item}: no such file or folder")
    if not found:
        raise DataError(f"{', '.join(map(str, inputs))}: no partnership files (*.yaml, *.yml, *.json) found")
    return sorted(found)


def clause_impact(clause_id: str, inputs: list[Path], library: ClauseLibrary, against: ClauseLibrary) -> ImpactReport:
    """Compare drafting with ``library`` against drafting with the older ``against`` library for one clause."""
    new_clause = library.clauses.get(clause_id)
    old_clause = against.clauses.get(clause_id)
    if new_clause is None and old_clause is None:
        library.get(clause_id)  # raises, with a did-you-mean
    kinds = set(new_clause.meta.documents if new_clause else []) | set(old_clause.meta.documents if old_clause else [])
    report = ImpactReport(clause_id, old_clause.version if old_clause else "", new_clause.version if new_clause else "", 0, 0)
    for path in partnership_files(inputs):
        partnership = load_partnership(path)
        report.partnerships += 1
        plans = {lib_key: {p.file_stem: p for p in plan_documents(partnership, lib) if p.kind in kinds} for lib_key, lib in (("new", library), ("old", against))}
        for stem in dict.fromkeys([*plans["old"], *plans["new"]]):
            report.documents_checked += 1
            before = _clause(partnership, against, plans["old"].get(stem), clause_id)
            after = _clause(partnership, library, plans["new"].get(stem), clause_id)
            if (before and before[0]) == (after and after[0]):
                continue  # same text (a version raised without a wording change is not an impact)
            (old_text, old_label, old_version), (new_text, new_label, new_version) = (before or ("", "", "")), (after or ("", "", ""))
            change = "added" if before is None else "removed" if after is None else "amended"
            report.impacts.append(DocumentImpact(str(path), stem + ".docx", change, old_label, new_label, old_version, new_version, old_text, new_text))
    return report


def _clause(partnership, library: ClauseLibrary, plan, clause_id: str) -> tuple[str, str, str] | None:
    """(text, label, version) of the clause as drafted in ``plan``'s document, or None if absent."""
    if plan is None:
        return None
    doc = assemble(partnership, library, plan)
    clause = next((c for c in doc.clauses if c.id == clause_id), None)
    return (clause_text(clause, doc.numbers()), clause.label, clause.version) if clause else None


def word_changes(old: str, new: str) -> str:
    """``new`` with word-level changes marked: ``[-removed-]`` and ``{+inserted+}``."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)
