"""Parties: commissioners, providers and observers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Address, Flag, Line, Model, Person, ShortName

CommissionerKind = Literal["icb", "ccg", "local_authority", "nhs_england"]

ProviderKind = Literal[
    "nhs_foundation_trust",
    "nhs_trust",
    "gp_federation",
    "gp_practice",
    "pharmacy",
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
    "nhs_england": "the body corporate established under section 1H of the National Health Service Act 2006",
    "nhs_foundation_trust": "an NHS foundation trust",
    "nhs_trust": "an NHS trust",
    "gp_federation": "a federation of general practices",
    "gp_practice": "a general practice",
    "pharmacy": "a community pharmacy contractor",
    "charity": "a registered charity",
    "community_interest_company": "a community interest company",
    "company": "a company",
    "limited_liability_partnership": "a limited liability partnership",
    "special_purpose_vehicle": "a special-purpose vehicle",
}

#: Kinds that are NHS bodies for the purposes of section 9 of the NHS Act 2006.
NHS_BODY_KINDS = frozenset({"icb", "ccg", "nhs_england", "nhs_foundation_trust", "nhs_trust"})

LegalForm = Literal[
    "company_limited_by_guarantee",
    "company_limited_by_shares",
    "community_interest_company",
    "charitable_incorporated_organisation",
    "community_benefit_society",
    "limited_liability_partnership",
    "partnership",
]

#: How each legal form is described after a party's kind.
LEGAL_FORM_TEXT: dict[str, str] = {
    "company_limited_by_guarantee": "a company limited by guarantee",
    "company_limited_by_shares": "a company limited by shares",
    "community_interest_company": "a community interest company",
    "charitable_incorporated_organisation": "a charitable incorporated organisation",
    "community_benefit_society": "a community benefit society",
    "limited_liability_partnership": "a limited liability partnership",
    "partnership": "a partnership",
}

#: How a provider delivers its part of the services.
Delivery = Literal["subcontract", "own_functions", "section_75"]


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
        """True for NHS bodies (ICB, CCG, NHS England, NHS trust, NHS foundation trust)."""
        return self.kind in NHS_BODY_KINDS  # type: ignore[attr-defined]


class Commissioner(Party):
    """A commissioner: an ICB (formerly CCG), a local authority or NHS England."""

    kind: CommissionerKind
    coordinating: Flag = Field(
        default=False, description="True for the co-ordinating commissioner (exactly one)."
    )
    commissions: Line | None = Field(
        default=None,
        description="What this commissioner commissions under the head contract, in words that follow "
        "'commissions', e.g. 'specialised mental health services' (NHS England) or 'adult social care "
        "support' (a council). Printed in the recitals; leave out to describe the commissioners together.",
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


#: Provider kinds that need no registration number (a council has no company or ODS number).
_UNREGISTERED_KINDS = frozenset({"local_authority"})


class Provider(Party):
    """A provider of services: the lead provider or a partner."""

    kind: ProviderKind
    company_number: Line | None = None
    ods_code: Line | None = Field(default=None, description="NHS Organisation Data Service code.")
    charity_number: Line | None = None
    lead: Flag = Field(default=False, description="True for the lead provider (exactly one).")
    information_governance: InformationGovernance
    commissioner: ShortName | None = Field(
        default=None,
        description="One body in two roles: the short name of the commissioner that is the same legal "
        "person as this provider (e.g. a council that commissions and whose adult social care service is "
        "an alliance partner). Its legal name, short name, address and signatory are taken from that "
        "commissioner entry, so give only the provider's own fields here. The body is listed once in each "
        "document, with both roles, and signs once.",
    )
    acting_through: Line | None = Field(
        default=None,
        description="The department or service through which the body acts as a provider, e.g. "
        "'its Adult Social Care service'. Printed in the parties block after 'acting through'.",
    )
    delivers_under: Delivery | None = Field(
        default=None,
        description="How this provider delivers its part of the services: 'subcontract' (under a "
        "subcontract from the lead provider), 'own_functions' (under its own statutory functions, "
        "outside the contract family) or 'section_75' (under the section 75 arrangement). Default: "
        "'own_functions' for a body that is also a commissioner, 'subcontract' otherwise.",
    )
    legal_form: LegalForm | None = Field(
        default=None,
        description="The provider's legal form where its kind does not say it, e.g. a GP federation "
        "that is 'company_limited_by_guarantee'. Printed in the parties block.",
    )
    member_practices: list[Line] = Field(
        default_factory=list,
        description="A GP federation's member practices by name. Printed in the parties block.",
    )
    member_practice_count: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="A GP federation's number of member practices, where they are not listed by name.",
    )

    @model_validator(mode="after")
    def _has_an_identifier(self) -> "Provider":
        if self.kind in _UNREGISTERED_KINDS or self.commissioner:
            return self
        if not (self.company_number or self.ods_code or self.charity_number):
            raise ValueError(
                "give at least one of company_number, ods_code or charity_number "
                "(only a local authority may have none)"
            )
        return self

    @model_validator(mode="after")
    def _practices_agree(self) -> "Provider":
        if self.member_practices and self.member_practice_count not in (None, len(self.member_practices)):
            raise ValueError(
                f"member_practice_count is {self.member_practice_count} but member_practices lists "
                f"{len(self.member_practices)}; give one, or make them agree"
            )
        return self

    @property
    def delivery(self) -> Delivery:
        """How this provider delivers: ``delivers_under`` or its default for the provider's roles."""
        if self.delivers_under:
            return self.delivers_under
        return "own_functions" if self.commissioner else "subcontract"

    @property
    def is_also_commissioner(self) -> bool:
        """True for one body in two roles (a commissioner that is also a provider)."""
        return self.commissioner is not None

    @property
    def practice_count(self) -> int | None:
        """The number of member practices, listed or stated."""
        return len(self.member_practices) if self.member_practices else self.member_practice_count

    @property
    def description(self) -> str:
        """Kind, legal form and member practices, as a parties block describes the provider."""
        text = KIND_DESCRIPTIONS[self.kind]
        if self.legal_form and LEGAL_FORM_TEXT[self.legal_form] != text:
            text += " constituted as " + LEGAL_FORM_TEXT[self.legal_form]
        count = self.practice_count
        if self.member_practices:
            names = self.member_practices
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            noun = "practice is" if count == 1 else "practices are"
            text += f", whose member {noun} {listed}"
        elif count:
            text += ", with one member practice" if count == 1 else f", with {count} member practices"
        return text

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