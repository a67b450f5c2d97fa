"""Parties: commissioners, providers and observers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Address, Flag, Line, Model, Person, ShortName

CommissionerKind = Literal["icb", "ccg", "local_authority"]

ProviderKind = Literal[
    "nhs_foundation_trust",
    "nhs_trust",
    "gp_federation",
    "local_authority",
    "charity",
    "community_interest_company",
    "company",
    "limited_liability_partnership",
    "special_purpose_vehicle",
]

#: How each kind of organisation is described in a parties block.
KIND_DESCRIPTIONS: dict[str, str] = {
    "icb": "an integrated care board established under the National Health Service Act 2006",
    "ccg": "a clinical commissioning group established under the National Health Service Act 2006",
    "local_authority": "a local authority",
    "nhs_foundation_trust": "an NHS foundation trust",
    "nhs_trust": "an NHS trust",
    "gp_federation": "a federation of general practices",
    "charity": "a registered charity",
    "community_interest_company": "a community interest company",
    "company": "a company",
    "limited_liability_partnership": "a limited liability partnership",
    "special_purpose_vehicle": "a special-purpose vehicle",
}

#: Kinds that are NHS bodies for the purposes of section 9 of the NHS Act 2006.
NHS_BODY_KINDS = frozenset({"icb", "ccg", "nhs_foundation_trust", "nhs_trust"})


class Party(Model):
    """Fields every party to a document has."""

    legal_name: Line
    short_name: ShortName
    address: Address
    signatory: Person

    @property
    def description(self) -> str:
        """How the party's kind is described in a parties block."""
        return KIND_DESCRIPTIONS[self.kind]  # type: ignore[attr-defined]

    @property
    def is_nhs_body(self) -> bool:
        """True for NHS bodies (ICB, CCG, NHS trust, NHS foundation trust)."""
        return self.kind in NHS_BODY_KINDS  # type: ignore[attr-defined]


class Commissioner(Party):
    """A commissioner: an ICB (formerly CCG) or a local authority."""

    kind: CommissionerKind
    coordinating: Flag = Field(
        default=False, description="True for the co-ordinating commissioner (exactly one)."
    )

    @property
    def identifiers(self) -> str:
        """Registration numbers for a parties block: none are recorded for commissioners."""
        return ""


class InformationGovernance(Model):
    """A provider's named information-governance officers."""

    ig_lead: Person
    caldicott_guardian: Person
    siro: Person = Field(description="Senior Information Risk Owner.")


class Provider(Party):
    """A provider of services: the lead provider or a subcontractor."""

    kind: ProviderKind
    company_number: Line | None = None
    ods_code: Line | None = Field(default=None, description="NHS Organisation Data Service code.")
    charity_number: Line | None = None
    lead: Flag = Field(default=False, description="True for the lead provider (exactly one).")
    information_governance: InformationGovernance

    @model_validator(mode="after")
    def _has_an_identifier(self) -> "Provider":
        if not (self.company_number or self.ods_code or self.charity_number):
            raise ValueError("give at least one of company_number, ods_code or charity_number")
        return self

    @property
    def identifiers(self) -> str:
        """Registration numbers as they appear in a parties block."""
        parts = []
        if self.company_number:
            parts.append(f"company number {self.company_number}")
        if self.charity_number:
            parts.append(f"registered charity number {self.charity_number}")
        if self.ods_code:
            parts.append(f"ODS code {self.ods_code}")
        return ", ".join(parts)


ObserverMeeting = Literal["alliance_leadership_team", "alliance_management_group"]
ObserverPaper = Literal["agendas_and_papers", "minutes", "performance_reports"]


class Observer(Model):
    """An organisation that attends alliance meetings without a vote."""

    legal_name: Line
    short_name: ShortName
    representative: Person
    address: Address | None = Field(
        default=None,
        description="Registered address: needed when the observer signs a data-sharing agreement (it receives or sends personal data).",
    )
    attends: list[ObserverMeeting] = Field(default=["alliance_leadership_team"], min_length=1)
    receives: list[ObserverPaper] = Field(default=["agendas_and_papers", "minutes"])

    @property
    def signatory(self) -> Person:
        """Who signs for the observer (its representative), where it is a party to a document."""
        return self.representative

    @property
    def description(self) -> str:
        """How an observer is described in a parties block."""
        return "an observer of the alliance"

    @property
    def identifiers(self) -> str:
        """Registration numbers for a parties block: none are recorded for observers."""
        return ""