"""Negotiated clause wording against the clause library: conflicts, in three texts.

A partnership's ``clause_overrides`` record clause wording agreed in negotiation, each
against the library version it replaced. When the library later changes such a clause
(another version, or the clause gone), neither side may be dropped silently: each
conflict carries the library's text when the wording was negotiated, its text now, and
the negotiated text, and ``build`` stops on it (``impact`` lists it) until someone
decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataclasses import replace

from .assemble import assemble, plan_documents
from .diff.words import DELETE, EQUAL, INSERT, word_diff
from .document import RenderedClause, clause_text, clause_text_uncached
from .library import ClauseLibrary
from .markup import parse_body
from .model import Partnership


@dataclass
class OverrideConflict:
    """One override of a clause the library has changed since, in one document."""

    index: int  # position in clause_overrides
    clause: str
    file: str  # the document it is drafted into ("" if the clause is in none any more)
    negotiated_version: str
    library_version: str  # "" if the library no longer has the clause
    old_text: str | None  # the library's text when the wording was negotiated (if recorded)
    new_text: str  # the library's text now, for this document ("" if the clause is gone)
    override_text: str  # the negotiated text

    def describe(self) -> str:
        """The conflict and its three texts, for a terminal."""
        where = f" in {self.file}" if self.file else ""
        now = f"now {self.library_version}" if self.library_version else "no longer in the library"
        out = [f"  clause_overrides[{self.index}]: {self.clause}{where}: negotiated against {self.negotiated_version}, the library's clause is {now}"]
        if self.old_text is not None and self.new_text:
            out.append("    library change:  " + _one_line(word_changes(self.old_text, self.new_text)))
        elif self.new_text:
            out.append("    library text now: " + _one_line(self.new_text))
        out.append("    negotiated text: " + _one_line(self.override_text))
        out.append(f"    keep it: set clause_overrides[{self.index}].library_version to {self.library_version or '(remove the clause)'};"
                   f" take the library's: delete clause_overrides[{self.index}]")
        return "\n".join(out)

    def as_dict(self) -> dict:
        return {
            "override": self.index, "clause": self.clause, "file": self.file,
            "negotiated_version": self.negotiated_version, "library_version": self.library_version,
            "old_library_text": self.old_text, "new_library_text": self.new_text, "override_text": self.override_text,
        }


def _one_line(text: str) -> str:
    return " / ".join(line for line in text.split("\n") if line.strip())


def word_changes(old: str, new: str) -> str:
    """``new`` with word-level changes marked: ``[-removed-]`` and ``{+inserted+}``."""
    marks = {EQUAL: "{}", DELETE: "[-{}-]", INSERT: "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in word_diff(old, new))


def override_text(override, drafted: RenderedClause, numbers: dict[str, str]) -> str:
    """An override's text as clause text (heading, then one line per paragraph or row)."""
    clause = replace(drafted, title=override.title or drafted.title, blocks=parse_body(override.text), source=None)
    return clause_text_uncached(clause, numbers)


def override_conflicts(partnership: Partnership, library: ClauseLibrary, only: set[str] | None = None) -> list[OverrideConflict]:
    """Every override whose clause the library has changed since it was negotiated."""
    out: list[OverrideConflict] = []
    stale = [(i, o) for i, o in enumerate(partnership.clause_overrides)
             if o.clause not in library.clauses or library.clauses[o.clause].version != o.library_version]
    if not stale:
        return out
    plans = plan_documents(partnership, library, only=only)
    for index, override in stale:
        clause = library.clauses.get(override.clause)
        current = clause.version if clause else ""
        found = False
        for plan in plans:
            if clause is None or plan.kind not in clause.meta.documents or not override.applies_to(plan.kind, plan.file_stem):
                continue
            doc = assemble(partnership, library, plan, use_overrides=False)
            drafted = next((c for c in doc.clauses if c.id == override.clause), None)
            if drafted is None:
                continue
            found = True
            out.append(OverrideConflict(
                index, override.clause, plan.file_stem + ".docx", override.library_version, current,
                override.library_text, clause_text(drafted, doc.numbers()), override_text(override, drafted, doc.numbers()),
            ))
        if not found:
            bare = RenderedClause(override.clause, current, override.clause, "operative", "", [])
            out.append(OverrideConflict(index, override.clause, "", override.library_version, current,
                                        override.library_text, "", override_text(override, bare, {})))
    return out
