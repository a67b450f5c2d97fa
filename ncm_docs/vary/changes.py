"""Comparing two versions of a partnership: its data, and its drafted documents clause by clause.

Clauses are aligned by id. A clause counts as amended only when its substance changes:
cross-references are compared by the clause they point at, not by number, so a clause
that is merely renumbered (because another was inserted) is not amended.
"""

from __future__ import annotations

from dataclasses import replace

from ..document import Document, Paragraph, RenderedClause, Table, clause_text, plain_runs
from ..library.clause import PARTS
from ..model import Partnership
from ..variation import AmendedClause, HeadContractChange, Variation, WordingLine

#: The parts of an agreement a deed of variation amends. Parties and execution blocks are
#: never amended: new parties join by a deed of adherence instead.
VARIED_PARTS = ("operative", "schedule")


def amended_clauses(old: Document, new: Document, parts: tuple[str, ...] = VARIED_PARTS) -> list[AmendedClause]:
    """The clauses of ``parts`` that are added, amended or deleted from ``old`` to ``new``."""
    before = {c.id: c for c in old.clauses if c.part in parts}
    after = {c.id: c for c in new.clauses if c.part in parts}
    by_id = {cid: cid for cid in [*before, *after, *old.numbers(), *new.numbers()]}
    old_numbers, new_numbers = old.numbers(), new.numbers()
    out: list[AmendedClause] = []
    for cid in dict.fromkeys([*before, *after]):
        was, now = before.get(cid), after.get(cid)
        if was and now and clause_text(was, by_id) == clause_text(now, by_id):
            continue
        change = "added" if was is None else "deleted" if now is None else "amended"
        ref = now or was
        out.append(AmendedClause(
            id=cid,
            title=ref.title,
            part=ref.part,
            change=change,
            old_label=was.label if was else "",
            new_label=now.label if now else "",
            old_version=was.version if was else "",
            new_version=now.version if now else "",
            old_text=clause_text(was, old_numbers) if was else "",
            new_text=clause_text(now, new_numbers) if now else "",
            wording=wording(now, new_numbers) if now else [],
        ))
    out.sort(key=_position)
    parts = iter(range(1, len(out) + 1))
    return [a if a.change == "deleted" else replace(a, schedule_part=next(parts)) for a in out]


def _position(a: AmendedClause) -> tuple[int, int, int]:
    label = (a.old_label or a.new_label).removeprefix("Schedule ")
    return (PARTS.index(a.part), int(label) if label.isdigit() else 0, 0 if a.old_label else 1)


def wording(clause: RenderedClause, numbers: dict[str, str]) -> list[WordingLine]:
    """A clause's text as lines to quote in a deed: numbered paragraphs, headings, table rows."""
    lines: list[WordingLine] = []
    for block, number in zip(clause.blocks, clause.sub_numbers()):
        if isinstance(block, Table):
            lines += [WordingLine("", "", cells=[plain_runs(cell, numbers) for cell in row]) for row in block.rows]
        elif isinstance(block, Paragraph):
            lines.append(WordingLine(number, plain_runs(block.runs, numbers), heading=block.heading))
    return lines


def changed_documents(old_docs: list[Document], new_docs: list[Document]) -> list[tuple[Document | None, Document | None]]:
    """Pairs (old, new) of documents, by file stem, whose text differs (None where one side is missing)."""
    old_by, new_by = {d.file_stem: d for d in old_docs}, {d.file_stem: d for d in new_docs}
    pairs = []
    for stem in dict.fromkeys([*old_by, *new_by]):
        a, b = old_by.get(stem), new_by.get(stem)
        if a is None or b is None or document_texts(a) != document_texts(b):
            pairs.append((a, b))
    return pairs


def document_texts(doc: Document) -> list[str]:
    """Every clause of ``doc`` as canonical text, for comparing two drafts."""
    numbers = doc.numbers()
    return [clause_text(c, numbers) for c in doc.clauses]


def head_contract_change(old: Partnership, new: Partnership) -> HeadContractChange | None:
    """How the head contract's terms change (services, value, term, parties); None if they do not."""
    old_services, new_services = set(old.head_contract.services), set(new.head_contract.services)
    old_comm = {c.short_name for c in old.commissioners}
    new_comm = {c.short_name for c in new.commissioners}
    old_subs = {s.provider: s for s in old.subcontracts}
    new_subs = {s.provider: s for s in new.subcontracts}
    change = HeadContractChange(
        services_added=[s for s in new.head_contract_services if s.id not in old_services],
        services_removed=[s for s in old.head_contract_services if s.id not in new_services],
        old_value=old.head_contract.annual_value,
        new_value=new.head_contract.annual_value,
        old_term=old.head_contract.term,
        new_term=new.head_contract.term,
        commissioners_joining=[c for c in new.commissioners if c.short_name not in old_comm],
        commissioners_leaving=[c for c in old.commissioners if c.short_name not in new_comm],
        new_subcontracts=[s for p, s in new_subs.items() if p not in old_subs],
        ended_subcontracts=[s for p, s in old_subs.items() if p not in new_subs],
        changed_subcontracts=[s for p, s in new_subs.items() if p in old_subs and old_subs[p] != s],
    )
    terms_change = (
        change.services_added or change.services_removed or change.value_changed or change.term_changed
        or change.commissioners_joining or change.commissioners_leaving
        or old.head_contract.form != new.head_contract.form
    )
    return change if terms_change else None


def risk_share_changed(old: Partnership, new: Partnership) -> bool:
    """True if the risk/gain share changes: method, shares, caps or reconciliation terms."""
    def terms(p: Partnership) -> dict:
        data = p.alliance.risk_gain_share.model_dump()
        data["reconciliation"].pop("changeover_date", None)
        return data

    return terms(old) != terms(new) or old.loss_shares != new.loss_shares or old.gain_shares != new.gain_shares


def build_variation(old: Partnership, new: Partnership, old_alliance: Document | None, new_alliance: Document | None) -> Variation:
    """The typed ``doc.variation`` for the change from ``old`` to ``new``."""
    old_names = {p.short_name for p in old.providers}
    new_names = {p.short_name for p in new.providers}
    amended = amended_clauses(old_alliance, new_alliance) if old_alliance and new_alliance else []
    agreement_date = old.history[0].date if old.history else old.document.agreement_date
    return Variation(
        previous=old,
        old_version=old.document.version,
        new_version=new.document.version,
        date=new.document.agreement_date,
        agreement_date=agreement_date,
        earlier_variations=[r.date for r in old.history[1:]],
        approval=new.approvals,
        amended_clauses=amended,
        joining=[p for p in new.providers if p.short_name not in old_names],
        withdrawing=[p for p in old.providers if p.short_name not in new_names],
        continuing=[p for p in new.providers if p.short_name in old_names],
        risk_share_changed=risk_share_changed(old, new),
        risk_share_changeover=new.alliance.risk_gain_share.reconciliation.changeover_date,
        head_contract=head_contract_change(old, new),
    )
