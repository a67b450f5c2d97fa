"""Information sharing between the parties."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .base import Line, Model, ShortName, Text

LawfulBasis = Literal[
    "public_task", "legal_obligation", "contract", "vital_interests", "legitimate_interests", "consent"
]
SpecialCategoryCondition = Literal[
    "health_or_social_care", "public_health", "explicit_consent", "vital_interests", "legal_claims", "safeguarding"
]

#: How each lawful basis is cited in a document.
LAWFUL_BASIS_TEXT = {
    "public_task": "Article 6(1)(e) UK GDPR (public task)",
    "legal_obligation": "Article 6(1)(c) UK GDPR (legal obligation)",
    "contract": "Article 6(1)(b) UK GDPR (contract)",
    "vital_interests": "Article 6(1)(d) UK GDPR (vital interests)",
    "legitimate_interests": "Article 6(1)(f) UK GDPR (legitimate interests)",
    "consent": "Article 6(1)(a) UK GDPR (consent)",
}
ConfidentialityBasis = Literal[
    "implied_consent", "explicit_consent", "section_251", "legal_requirement", "public_interest", "not_confidential"
]

SPECIAL_CATEGORY_TEXT = {
    "health_or_social_care": "Article 9(2)(h) UK GDPR (health or social care)",
    "public_health": "Article 9(2)(i) UK GDPR (public health)",
    "explicit_consent": "Article 9(2)(a) UK GDPR (explicit consent)",
    "vital_interests": "Article 9(2)(c) UK GDPR (vital interests)",
    "legal_claims": "Article 9(2)(f) UK GDPR (legal claims)",
    "safeguarding": "Article 9(2)(g) UK GDPR (substantial public interest)",
}

#: The Data Protection Act 2018 Schedule 1 condition an Article 9 condition needs (None: none needed).
SCHEDULE_1_TEXT = {
    "health_or_social_care": "paragraph 2 of Part 1 of Schedule 1 to the Data Protection Act 2018 (health or social care purposes)",
    "public_health": "paragraph 3 of Part 1 of Schedule 1 to the Data Protection Act 2018 (public health)",
    "explicit_consent": None,
    "vital_interests": None,
    "legal_claims": None,
    "safeguarding": "paragraph 18 of Part 2 of Schedule 1 to the Data Protection Act 2018 (safeguarding of children and of individuals at risk)",
}

#: How each basis under the common-law duty of confidentiality is cited in a document.
CONFIDENTIALITY_TEXT = {
    "implied_consent": "implied consent for the direct care of the individual",
    "explicit_consent": "the individual's explicit consent",
    "section_251": "support under section 251 of the National Health Service Act 2006 and the Health Service "
    "(Control of Patient Information) Regulations 2002",
    "legal_requirement": "a requirement of law or a court order",
    "public_interest": "an overriding public interest, decided case by case",
    "not_confidential": "none needed: the information is not confidential (for example, it is anonymised)",
}


class DataFlow(Model):
    """One flow of information from one party to another."""

    model_config = ConfigDict(populate_by_name=True)

    from_party: ShortName = Field(alias="from")
    to_party: ShortName = Field(alias="to")
    purpose: Text
    data_categories: list[Line] = Field(min_length=1)
    lawful_basis: LawfulBasis
    special_category_condition: SpecialCategoryCondition | None = None
    direct_care: bool = Field(
        default=True,
        description="True if the flow is for the individual care of the people concerned; false for planning, "
        "population health management, research or other purposes, to which the national data opt-out applies.",
    )
    confidentiality_basis: ConfidentialityBasis | None = Field(
        default=None,
        description="The basis for setting aside the common-law duty of confidentiality; default implied consent "
        "for a direct-care flow. Required for any other flow.",
    )

    @model_validator(mode="after")
    def _confidentiality_basis_for_other_purposes(self) -> "DataFlow":
        if not self.direct_care and self.confidentiality_basis in (None, "implied_consent"):
            raise ValueError(
                "confidentiality_basis: a flow that is not for direct care cannot rely on implied consent; give "
                "explicit_consent, section_251, legal_requirement, public_interest or not_confidential"
            )
        return self

    @property
    def confidentiality_text(self) -> str:
        """The common-law confidentiality basis as cited in a document."""
        return CONFIDENTIALITY_TEXT[self.confidentiality_basis or "implied_consent"]

    @property
    def schedule_1_text(self) -> str | None:
        """The Data Protection Act 2018 Schedule 1 condition the special-category condition needs, if any."""
        if not self.special_category_condition:
            return None
        return SCHEDULE_1_TEXT[self.special_category_condition]

    @property
    def lawful_basis_text(self) -> str:
        """The lawful basis (and special-category condition) as cited in a document."""
        text = LAWFUL_BASIS_TEXT[self.lawful_basis]
        if self.special_category_condition:
            text += " and " + SPECIAL_CATEGORY_TEXT[self.special_category_condition]
        return text


class InformationSharing(Model):
    """The controller arrangement and the flows of information."""

    controller_arrangement: Literal["separate", "joint"] = "separate"
    protocol_title: Line = "Alliance Information Sharing Protocol"
    flows: list[DataFlow] = Field(default_factory=list)
