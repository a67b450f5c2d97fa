"""The kinds of document ncm-docs drafts: one registry entry per kind, plus its clauses.

A kind says which documents of its type a partnership needs (one, one per subcontract, or
none), who signs each and in what role, which other documents it must name by title (and
date), and which document records a change to it when the partnership is varied. Its
title and file-name pattern come from the clause library's ``library.yaml``; its wording
from the clauses whose ``documents:`` list names it. Nothing else in ncm-docs names a kind:
assembly, checks, build, batch and vary all read this table.

To add a kind: add an entry to ``PACK`` (drafted by ``build``) or ``VARIATION`` (drafted by
``vary``), declare its title and file in ``clauses/library.yaml``, and write its clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union

from .files import slugify
from .model import Partnership, Provider, Subcontract
from .model.parties import Commissioner, Observer

Party = Union[Commissioner, Provider, Observer]


@dataclass(frozen=True)
class Signatory:
    """A party to a document and the role it signs in."""

    party: Party
    role: str


@dataclass(frozen=True)
class Instance:
    """One document of a kind for a partnership: its signatories, and for per-party kinds
    the provider (and subcontract) it is about."""

    signatories: tuple[Signatory, ...]
    provider: Provider | None = None
    subcontract: Subcontract | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of document (see the module docstring)."""

    name: str  # as in library.yaml and clause front matter
    label: str  # how messages name it: "the alliance agreement"
    default_file: str  # file-name pattern of the bundled library ({slug}: the provider)
    instances: Callable[[Partnership], list[Instance]]
    #: Kinds this kind names by title, and (True) with their date in the same clause (rule
    #: NCM205). The alliance agreement's list of subcontracts may give titles alone
    #: (domain.md asks dates of the other three).
    references: dict[str, bool] = field(default_factory=dict)
    varied_by: str | None = None  # the kind of document that records a change to it (vary)
    per_provider: bool = False  # one document per provider ({slug} in the file name)

    def file_name(self, short_name: str = "") -> str:
        """The .docx name the bundled library gives this kind (for a provider's short name)."""
        return self.default_file.replace("{slug}", slugify(short_name) if short_name else "") + ".docx"


# -- who signs: the roles each kind gives its parties ----------------------------------


def commissioner_role(c: Commissioner) -> str:
    """A commissioner's role in every document it signs."""
    return "Co-ordinating Commissioner" if c.coordinating else "Commissioner"


def alliance_role(member: Party) -> str:
    """A party's role in the alliance and the documents drafted under it."""
    if isinstance(member, Provider):
        return "Lead Provider" if member.lead else "Partner"
    if isinstance(member, Commissioner):
        return commissioner_role(member)
    return "Observer"


def _signed(parties: list[Party], role: Callable[[Party], str] = alliance_role) -> tuple[Signatory, ...]:
    return tuple(Signatory(x, role(x)) for x in parties)


def _head_contract(p: Partnership) -> list[Instance]:
    parties = [*_signed(list(p.commissioners), commissioner_role), Signatory(p.lead_provider, "Lead Provider")]  # type: ignore[arg-type]
    return [Instance(tuple(parties))]


def _subcontracts(p: Partnership) -> list[Instance]:
    out = []
    for sub in p.subcontracts:
        provider = p.party(sub.provider)
        signatories = (Signatory(p.lead_provider, "Head Provider"), Signatory(provider, "Sub-Contractor"))
        out.append(Instance(signatories, provider, sub))  # type: ignore[arg-type]
    return out


def _alliance(p: Partnership) -> list[Instance]:
    return [Instance(_signed(list(p.alliance_signatories), lambda x: two_role_alliance_role(p, x)))]


def two_role_alliance_role(p: Partnership, member: Party) -> str:
    """``alliance_role``, except that a body in two roles signing as a commissioner too signs in both."""
    if isinstance(member, Provider) and member.commissioner and p.alliance.commissioners_are_parties:
        return commissioner_role(p.commissioner_entry(member.commissioner)) + " and Partner"
    return alliance_role(member)


def data_sharing_parties(p: Partnership) -> list[Party]:
    """Who signs the data-sharing agreement: every party to a flow that leaves the alliance,
    alliance signatories first, in file order."""
    named = {s for f in p.flows_outside_alliance for s in (f.from_party, f.to_party)}
    inside = [x for x in p.alliance_signatories if x.short_name in named]
    outside = [x for x in [*p.commissioners, *p.observers] if x.short_name in named and x not in inside]
    return [*inside, *outside]


def _data_sharing(p: Partnership) -> list[Instance]:
    return [Instance(_signed(data_sharing_parties(p)))] if p.flows_outside_alliance else []


#: The documents of a pack, in the order they are drafted and written.
PACK: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("lead-provider-contract", "the lead-provider contract", "lead-provider-contract", _head_contract,
             references={"alliance-agreement": True}, varied_by="head-contract-variation"),
        Kind("subcontract", "a subcontract", "subcontract-{slug}", _subcontracts,
             references={"lead-provider-contract": True}, per_provider=True),
        Kind("alliance-agreement", "the alliance agreement", "alliance-agreement", _alliance,
             references={"lead-provider-contract": True, "subcontract": False}, varied_by="deed-of-variation"),
        Kind("data-sharing-agreement", "the data-sharing agreement", "data-sharing-agreement", _data_sharing,
             references={"alliance-agreement": True}),
    )
}

#: The documents ``vary`` drafts; their parties come from the variation (see vary/draft.py).
VARIATION: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("deed-of-variation", "the deed of variation", "deed-of-variation", lambda p: []),
        Kind("accession-deed", "a deed of adherence", "accession-deed-{slug}", lambda p: [], per_provider=True),
        Kind("head-contract-variation", "the head-contract variation", "head-contract-variation", lambda p: []),
        Kind("withdrawal-notice", "a notice of withdrawal", "withdrawal-notice-{slug}", lambda p: [], per_provider=True),
    )
}

ALL: dict[str, Kind] = {**PACK, **VARIATION}


def get(name: str) -> Kind:
    """The kind called ``name`` (``KeyError`` if there is none)."""
    return ALL[name]


def file_name(kind: str, short_name: str = "") -> str:
    """The .docx name the bundled library gives a document of ``kind`` (see ``Kind.file_name``)."""
    return ALL[kind].file_name(short_name)
