"""Money: the shared pot and the risk/gain share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field

from .base import Date, Model, Money, Percent, ShortName, Text


class Contribution(Model):
    """A party's annual contribution to the shared pot."""

    party: ShortName
    annual_amount: Money


class SharedPot(Model):
    """The pooled budget the alliance manages together."""

    host: ShortName = Field(description="Short name of the provider that holds the pot.")
    contributions: list[Contribution] = Field(min_length=1)
    purposes: list[Text] = Field(min_length=1)

    @property
    def total(self) -> Decimal:
        """The total annual contributions."""
        return sum((c.annual_amount for c in self.contributions), Decimal(0))


class Reconciliation(Model):
    """When the risk/gain share is worked out and settled."""

    frequency: Literal["quarterly", "annually"] = "annually"
    within_days: int = Field(default=60, ge=1, le=365)
    changeover_date: Date | None = Field(
        default=None,
        description=(
            "Where a variation changes the risk/gain share: the date the previous share is "
            "reconciled to and this one applies from."
        ),
    )


class _ShareBase(Model):
    risk_cap_percent: Percent | None = Field(
        default=None, description="Cap on a member's share of losses, as % of its contract value."
    )
    gain_cap_percent: Percent | None = Field(
        default=None, description="Cap on a member's share of gains, as % of its contract value."
    )
    reconciliation: Reconciliation = Field(default_factory=Reconciliation)


class EqualShare(_ShareBase):
    """Every member takes an equal share."""

    method: Literal["equal"]


class ProportionalShare(_ShareBase):
    """Shares in proportion to each member's contract value."""

    method: Literal["proportional"]


class FixedShare(_ShareBase):
    """Shares fixed as percentages per member."""

    method: Literal["fixed"]
    shares: dict[ShortName, Percent]


RiskGainShare = Annotated[
    Union[EqualShare, ProportionalShare, FixedShare], Field(discriminator="method")
]
