"""What a clause-library upgrade changes: every partnership and document whose text for one
clause would read differently under the current library than under an older one.

Both libraries draft each document in full (so numbering and cross-references are real),
then the clause's text is compared. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .assemble import assemble, override_for, plan_documents
from .diff.words import DELETE, EQUAL, INSERT, word_diff
from .document import Document, clause_text
from .errors import DataError
from .library import ClauseLibrary
from .library.clause import PARTS
from .load import load_partnership
from .vary.changes import amended_clauses
from .variation import AmendedClause

#: File suffixes read as partnership files when a folder is given.
PARTNERSHIP_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class DocumentImpact:
    """How one document's text for the clause changes (``clause.change``: added, amended or deleted)."""

    partnership: str
    file: str
    clause: AmendedClause

    @property
    def words(self) -> str:
        """The change word by word: ``[-removed-]{+inserted+}``."""
        return word_changes(self.clause.old_text, self.clause.new_text)


@dataclass
class OverrideConflict:
    """A partnership that overrides the clause with negotiated wording, in a document whose
    library text the change reaches: the three texts someone must reconcile."""

    partnership: str
    file: str
    override: int  # index in clause_overrides
    negotiated_version: str
    old_text: str  # the older library's text for this document
    new_text: str  # the current library's text
    override_text: str  # the negotiated text, which the document keeps

    def as_dict(self) -> dict:
        return {
            "partnership": self.partnership, "file": self.file, "override": self.override,
            "negotiated_version": self.negotiated_version, "old_library_text": self.old_text,
            "new_library_text": self.new_text, "override_text": self.override_text,
            "library_words": word_changes(self.old_text, self.new_text),
        }


@dataclass
class ImpactReport:
    """Every document a clause change reaches, and how many were looked at.

    Documents are compared on the library's text; a partnership that overrides the
    clause (``clause_overrides``) keeps its negotiated wording, so each such document
    is also a conflict, listed with all three texts.
    """

    clause_id: str
    old_version: str
    new_version: str
    partnerships: int
    documents_checked: int
    impacts: list[DocumentImpact] = field(default_factory=list)
    conflicts: list[OverrideConflict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain data for ``--format json``."""
        keys = ("change", "old_label", "new_label", "old_version", "new_version", "old_text", "new_text")
        return {
            "clause_id": self.clause_id,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "partnerships": self.partnerships,
            "documents_checked": self.documents_checked,
            "impacts": [
                {"partnership": i.partnership, "file": i.file, **{k: getattr(i.clause, k) for k in keys}, "words": i.words}
                for i in self.impacts
            ],
            "conflicts": [c.as_dict() for c in self.conflicts],
        }


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
        old_plans = {p.file_stem: p for p in plan_documents(partnership, against) if p.kind in kinds}
        new_plans = {p.file_stem: p for p in plan_documents(partnership, library) if p.kind in kinds}
        for stem in dict.fromkeys([*old_plans, *new_plans]):
            report.documents_checked += 1
            before = _draft(partnership, against, old_plans.get(stem))
            after = _draft(partnership, library, new_plans.get(stem))
            for change in amended_clauses(before or _empty(after), after or _empty(before), parts=PARTS):
                if change.id == clause_id:
                    report.impacts.append(DocumentImpact(str(path), stem + ".docx", change))
                    plan = new_plans.get(stem) or old_plans.get(stem)
                    override = override_for(partnership, clause_id, plan.kind, plan.file_stem)
                    if override is not None:
                        kept = _draft(partnership, library, plan, use_overrides=True)
                        text = next((clause_text(c, kept.numbers()) for c in kept.clauses if c.id == clause_id), "")
                        report.conflicts.append(OverrideConflict(
                            str(path), stem + ".docx", partnership.clause_overrides.index(override),
                            override.library_version, change.old_text, change.new_text, text,
                        ))
    return report


def _draft(partnership, library: ClauseLibrary, plan, use_overrides: bool = False) -> Document | None:
    """A document drafted from the library's text (overrides left out unless ``use_overrides``)."""
    return assemble(partnership, library, plan, use_overrides=use_overrides) if plan is not None else None


def _empty(doc: Document) -> Document:
    """``doc`` with no clauses: the other side of a document only one library drafts."""
    return replace(doc, clauses=[])


def word_changes(old: str, new: str) -> str:
    """``new`` with word-level changes marked: ``[-removed-]`` and ``{+inserted+}`` (the diff engine's word diff)."""
    marks = {EQUAL: "{}", DELETE: "[-{}-]", INSERT: "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in word_diff(old, new))
