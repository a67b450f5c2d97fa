"""Information sharing between the parties."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from .base import Line, Model, ShortName, Text

LawfulBasis = Literal[
    "public_task", "legal_obligation", "contract", "vital_interests", "legitimate_interests", "consent"
]
SpecialCategoryCondition = Literal[
    "health_or_social_care", "public_health", "explicit_consent", "vital_interests", "legal_claims"
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
SPECIAL_CATEGORY_TEXT = {
    "health_or_social_care": "Article 9(2)(h) UK GDPR (health or social care)",
    "public_health": "Article 9(2)(i) UK GDPR (public health)",
    "explicit_consent": "Article 9(2)(a) UK GDPR (explicit consent)",
    "vital_interests": "Article 9(2)(c) UK GDPR (vital interests)",
    "legal_claims": "Article 9(2)(f) UK GDPR (legal claims)",
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
