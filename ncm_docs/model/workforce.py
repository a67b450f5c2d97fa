"""Staff transfers: who moves, when, and how their pensions are protected."""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .base import Line, Model, ShortName

PensionArrangement = Literal[
    "nhs_pension_scheme",
    "nhs_pension_direction",
    "lgps_admission_agreement",
    "lgps_scheme_employer",
    "broadly_comparable_scheme",
]

#: How each pension arrangement is drafted: what the new employer must do or keep.
PENSION_TEXT: dict[str, str] = {
    "nhs_pension_scheme": "continuing membership of the NHS Pension Scheme, the New Employer being an "
    "employing authority under that scheme",
    "nhs_pension_direction": "access to the NHS Pension Scheme under a direction made by the Secretary of "
    "State for the New Employer, obtained before the transfer date and kept in force",
    "lgps_admission_agreement": "continuing membership of the Local Government Pension Scheme under an "
    "admission agreement between the New Employer and the administering authority of the fund, made before "
    "the transfer date",
    "lgps_scheme_employer": "continuing membership of the Local Government Pension Scheme, the New Employer "
    "being a scheme employer in that scheme",
    "broadly_comparable_scheme": "membership of a pension scheme certified by the Government Actuary's "
    "Department as broadly comparable to the scheme the staff belonged to before the transfer",
}


#: Short labels for tables.
PENSION_LABEL: dict[str, str] = {
    "nhs_pension_scheme": "NHS Pension Scheme",
    "nhs_pension_direction": "NHS Pension Scheme, by direction",
    "lgps_admission_agreement": "Local Government Pension Scheme, by admission agreement",
    "lgps_scheme_employer": "Local Government Pension Scheme",
    "broadly_comparable_scheme": "Broadly comparable scheme",
}


class StaffTransfer(Model):
    """Staff who move with a service under TUPE (the Transfer of Undertakings Regulations 2006)."""

    model_config = ConfigDict(populate_by_name=True)

    from_party: ShortName | None = Field(
        default=None,
        alias="from",
        description="Short name of the party the staff transfer from (a commissioner or a provider). Leave out "
        "and give from_employer for an employer outside the partnership, such as an outgoing provider.",
    )
    from_employer: Line | None = Field(
        default=None,
        description="Legal name of an employer outside the partnership that the staff transfer from.",
    )
    to_party: ShortName = Field(alias="to", description="Short name of the provider the staff transfer to.")
    services: list[str] = Field(
        min_length=1, description="Ids of the services the staff work in (the services that move)."
    )
    staff_count: int = Field(
        ge=1, le=1_000_000, description="How many staff are expected to transfer (as stated in the employee "
        "liability information)."
    )
    transfer_date: _dt.date = Field(description="The date the staff transfer (the service transfer date).")
    pension: PensionArrangement = Field(
        description="How the transferring staff's pensions are protected: 'nhs_pension_scheme', "
        "'nhs_pension_direction' (access for a non-NHS employer by direction), 'lgps_admission_agreement', "
        "'lgps_scheme_employer' or 'broadly_comparable_scheme'."
    )

    @model_validator(mode="after")
    def _one_source(self) -> "StaffTransfer":
        if (self.from_party is None) == (self.from_employer is None):
            raise ValueError("give exactly one of from (a party's short name) or from_employer (an outside employer)")
        if self.from_party is not None and self.from_party.casefold() == self.to_party.casefold():
            raise ValueError(f"staff cannot transfer from {self.to_party} to itself")
        return self

    @property
    def pension_label(self) -> str:
        """The pension arrangement in a few words, for a table."""
        return PENSION_LABEL[self.pension]

    @property
    def pension_text(self) -> str:
        """The pension arrangement in words."""
        return PENSION_TEXT[self.pension]
