"""Facts: values the documents of a family must state alike, as they are printed.

At build time the pack records the catalogue of facts in ``manifest.json`` (legal
names, addresses, roles, contract values, dates, terms, percentages, document titles),
each with the exact text the clause filters print. At check time a fact *occurs* in a
document wherever that text appears in the document as built; if a hand edit changes
an occurrence, the checks compare what each document now says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from ..formats import long_date, money, percent, years

if TYPE_CHECKING:
    from ..model import Partnership

#: Fact kinds, and what a disagreement about each is called.
KINDS = ("party", "role", "title", "date", "term", "value", "percent", "rule")
#: The clauses that state the alliance's decision rule (ids of the bundled library).
DECISION_CLAUSES = ("alliance.decision-making", "alliance.schedule-decision-matrix")
#: How the decision clauses print a rule that needs every Partner's agreement.
UNANIMITY_WORDS = "every Partner"


@dataclass(frozen=True)
class Fact:
    """One fact: a key, what kind it is, a label for messages, and its printed value.

    ``parts`` limits where it counts: roles are only facts in the cover page and the
    parties clause, not wherever the word "Partner" appears. ``clauses`` limits it to
    clauses by id: "every Partner" states the decision rule only in the decision clauses.
    """

    key: str
    kind: str
    label: str
    value: str
    parts: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The fact for the manifest."""
        out = {"key": self.key, "kind": self.kind, "label": self.label, "value": self.value, "parts": list(self.parts)}
        if self.clauses:
            out["clauses"] = list(self.clauses)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Fact":
        """A fact from its manifest entry."""
        return cls(data["key"], data["kind"], data["label"], data["value"], tuple(data.get("parts") or ()), tuple(data.get("clauses") or ()))


def partnership_facts(p: "Partnership") -> Iterator[Fact]:
    """Every fact of a partnership that documents print."""
    for party in [*p.commissioners, *p.providers]:
        sn = party.short_name
        yield Fact(f"party.{sn}.legal_name", "party", f"the legal name of {sn}", party.legal_name)
        yield Fact(f"party.{sn}.address", "party", f"the address of {sn}", party.address.one_line)
    yield Fact("document.agreement_date", "date", "the agreement date", long_date(p.document.agreement_date))
    terms = [("head_contract", "the head contract", p.head_contract.term), ("alliance", "the alliance agreement", p.alliance.term)]
    terms += [(f"subcontract.{s.provider}", f"the {s.provider} subcontract", s.term) for s in p.subcontracts]
    for key, name, term in terms:
        yield Fact(f"{key}.commencement", "date", f"the commencement of {name}", long_date(term.commencement))
        yield Fact(f"{key}.expiry", "date", f"the expiry of {name}", long_date(term.expiry))
        yield Fact(f"{key}.latest_expiry", "date", f"the latest expiry of {name}", long_date(term.latest_expiry))
        yield Fact(f"{key}.initial_years", "term", f"the initial term of {name}", years(term.initial_years))
    yield Fact("head_contract.annual_value", "value", "the head contract's annual value", money(p.head_contract.annual_value))
    for s in p.subcontracts:
        yield Fact(f"subcontract.{s.provider}.annual_value", "value", f"the {s.provider} subcontract's annual value", money(s.annual_value))
    for s in p.services:
        yield Fact(f"service.{s.id}.annual_value", "value", f"the annual value of service {s.id}", money(s.annual_value))
    pot = p.alliance.shared_pot
    yield Fact("alliance.shared_pot.total", "value", "the shared pot's annual total", money(pot.total))
    for c in pot.contributions:
        yield Fact(f"alliance.shared_pot.{c.party}", "value", f"{c.party}'s shared pot contribution", money(c.annual_amount))
    if any(x.lead for x in p.providers):
        for sn, share in p.risk_shares.items():
            yield Fact(f"alliance.risk_share.{sn}", "percent", f"{sn}'s risk/gain share", percent(share))
        if p.shares_differ:
            for sn, share in p.gain_shares.items():
                yield Fact(f"alliance.gain_share.{sn}", "percent", f"{sn}'s share of a gain", percent(share))
    rgs = p.alliance.risk_gain_share
    for cap in ("risk_cap_percent", "gain_cap_percent"):
        value = getattr(rgs, cap)
        if value is not None:
            yield Fact(f"alliance.risk_gain_share.{cap}", "percent", f"the {cap.split('_')[0]} cap", percent(value))
    decision_rule = p.alliance.governance.decision_rule
    threshold = getattr(decision_rule, "threshold_percent", None)
    if threshold is not None:
        yield Fact("alliance.decision_threshold", "percent", "the decision threshold", percent(threshold))
    if decision_rule.kind == "unanimity":
        yield Fact("alliance.decision_rule", "rule", "the decision rule (unanimity)", UNANIMITY_WORDS, clauses=DECISION_CLAUSES)


def document_facts(documents: Iterable[tuple[str, str, Iterable[tuple[str, str]]]]) -> Iterator[Fact]:
    """Titles and roles of the documents: ``(file, title, [(short name, role)])`` each."""
    roles: dict[str, set[str]] = {}
    for file, title, parties in documents:
        yield Fact(f"title.{file}", "title", f"the title of {file}", title)
        for short_name, role in parties:
            roles.setdefault(role, set()).add(short_name)
    for role, names in sorted(roles.items()):
        yield Fact(f"role.{role}", "role", f"the role '{role}' ({', '.join(sorted(names))})", role, ("front", "parties"))


def occurrences(value: str, text: str) -> list[tuple[int, int]]:
    """Where ``value`` appears in ``text`` as a whole (not inside a longer number or word)."""
    if value not in text:  # the common case, and much faster than the pattern
        return []
    return [m.span() for m in _pattern(value).finditer(text)]


_PATTERNS: dict[str, re.Pattern] = {}


def _pattern(value: str) -> re.Pattern:
    pattern = _PATTERNS.get(value)
    if pattern is None:
        before = r"(?<![\w£.,])" if value[:1].isalnum() or value[:1] == "£" else ""
        after = r"(?![\w%]|[.,]\d)" if value[-1:].isalnum() or value[-1:] == "%" else ""
        pattern = _PATTERNS[value] = re.compile(before + re.escape(value) + after)
    return pattern
