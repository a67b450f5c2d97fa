"""What the clauses of variation documents see as ``doc.variation``: plain, typed data.

Typed dataclasses (not dicts) so the clause loader can check every name a clause uses,
e.g. ``doc.variation.amended_clauses`` or ``a.wording``, before anything renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .model import Approval, Commissioner, Partnership, Provider, Service, Subcontract, Term


@dataclass(frozen=True)
class WordingLine:
    """One line of a clause's new wording, as quoted in a deed.

    ``cells`` is set for a table row (and ``text`` is empty); ``number`` is the printed
    number of a numbered paragraph ("12.1", "(a)"), empty otherwise.
    """

    number: str
    text: str
    heading: bool = False
    cells: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AmendedClause:
    """A clause of a document that a variation adds, replaces or deletes.

    ``change`` is ``added``, ``amended`` or ``deleted``. ``old_label``/``new_label`` are the
    printed numbers ("12", "Schedule 3") before and after; ``reference`` is how a deed
    names the clause ("clause 12", "Schedule 3").
    """

    id: str
    title: str
    part: str
    change: str
    old_label: str
    new_label: str
    old_version: str
    new_version: str
    old_text: str
    new_text: str
    wording: list[WordingLine] = field(default_factory=list)
    schedule_part: int = 0  # the Part of a deed's schedule that sets out the new wording; 0 if deleted

    @property
    def reference(self) -> str:
        """'clause 12' or 'Schedule 3', by the numbering of the agreement as it stood (new numbering for an added clause)."""
        label = self.old_label or self.new_label
        return label if self.part == "schedule" else f"clause {label}"

    @property
    def after_reference(self) -> str:
        """For an added clause: where it goes, by the new numbering ('clause 13', 'Schedule 4')."""
        return self.new_label if self.part == "schedule" else f"clause {self.new_label}"


@dataclass(frozen=True)
class HeadContractChange:
    """How the head contract changes between the two versions."""

    services_added: list[Service]
    services_removed: list[Service]
    old_value: Decimal
    new_value: Decimal
    old_term: Term
    new_term: Term
    commissioners_joining: list[Commissioner]
    commissioners_leaving: list[Commissioner]
    new_subcontracts: list[Subcontract]
    ended_subcontracts: list[Subcontract]
    changed_subcontracts: list[Subcontract]

    @property
    def value_changed(self) -> bool:
        """True if the annual value changes."""
        return self.old_value != self.new_value

    @property
    def term_changed(self) -> bool:
        """True if the commencement, initial term or extension options change."""
        return self.old_term != self.new_term

    @property
    def subcontracting_changed(self) -> bool:
        """True if a subcontract is added, ended or changed."""
        return bool(self.new_subcontracts or self.ended_subcontracts or self.changed_subcontracts)


@dataclass(frozen=True)
class Variation:
    """The change from one version of a partnership to the next (``doc.variation``)."""

    previous: Partnership
    old_version: str
    new_version: str
    date: date
    agreement_date: date
    earlier_variations: list[date]
    approval: Approval | None
    amended_clauses: list[AmendedClause]
    joining: list[Provider]
    withdrawing: list[Provider]
    continuing: list[Provider]
    risk_share_changed: bool
    risk_share_changeover: date | None
    head_contract: HeadContractChange | None

    @property
    def replacements(self) -> list[AmendedClause]:
        """Amended and added clauses: those with new wording to set out."""
        return [a for a in self.amended_clauses if a.change != "deleted"]

    @property
    def renumbered(self) -> bool:
        """True if a clause is added or deleted, so later clauses are renumbered."""
        return any(a.change != "amended" for a in self.amended_clauses)

    @property
    def amended_operative(self) -> list[AmendedClause]:
        """Amended clauses in the operative part."""
        return [a for a in self.amended_clauses if a.part == "operative"]

    @property
    def amended_schedules(self) -> list[AmendedClause]:
        """Amended schedules."""
        return [a for a in self.amended_clauses if a.part == "schedule"]
