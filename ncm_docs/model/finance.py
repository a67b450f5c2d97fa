"""Money: the shared pot, the risk/gain share and section 75 pooled funds."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .base import Date, Line, Model, Money, Percent, ShortName, Text


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


#: The one route by which Balancing Payments are made.
PaymentRoute = Literal["alliance_agreement", "subcontracts"]


class Cap(Model):
    """A limit on one partner's share of a loss or a gain in a financial year."""

    percent_of_contract_value: Percent | None = Field(
        default=None, description="The cap as a percentage of the partner's annual contract value."
    )
    amount: Money | None = Field(default=None, description="The cap as an amount of money (pounds) a year.")

    @model_validator(mode="after")
    def _exactly_one(self) -> "Cap":
        if (self.percent_of_contract_value is None) == (self.amount is None):
            raise ValueError("give exactly one of percent_of_contract_value or amount")
        return self


#: What a partner takes a share of.
ShareIn = Literal["gains_and_losses", "gains_only", "neither"]


class PartnerShareTerms(Model):
    """One partner's own terms in the risk/gain share, where they differ from everyone else's."""

    shares_in: ShareIn = Field(
        default="gains_and_losses",
        description="What the partner takes a share of: 'gains_and_losses' (full risk share), "
        "'gains_only' (never pays towards a loss) or 'neither' (e.g. a consultative partner). "
        "With method 'equal' or 'proportional' the shares are worked out among the partners that take "
        "part; with method 'fixed' the stated shares must agree.",
    )
    loss_cap: Cap | None = Field(
        default=None,
        description="The partner's own cap on its share of a loss; replaces risk_cap_percent for it.",
    )
    gain_cap: Cap | None = Field(
        default=None,
        description="The partner's own cap on its share of a gain; replaces gain_cap_percent for it.",
    )


class _ShareBase(Model):
    risk_cap_percent: Percent | None = Field(
        default=None, description="Cap on a member's share of losses, as % of its contract value."
    )
    gain_cap_percent: Percent | None = Field(
        default=None, description="Cap on a member's share of gains, as % of its contract value."
    )
    reconciliation: Reconciliation = Field(default_factory=Reconciliation)
    payment_route: PaymentRoute = Field(
        default="alliance_agreement",
        description="How Balancing Payments are made: 'alliance_agreement' (paid between the partners through "
        "the host under the alliance agreement, leaving every contract price unchanged) or 'subcontracts' (an "
        "express adjustment to each subcontract's price, the lead provider settling with each subcontractor). "
        "The alliance agreement and every subcontract state the same route.",
    )
    partner_terms: dict[ShortName, PartnerShareTerms] = Field(
        default_factory=dict,
        description="Differentiated partners: each partner's own terms (what it shares in, its own caps), "
        "by short name. Partners not listed share in gains and losses on the common caps.",
    )

    def terms_of(self, short_name: str) -> PartnerShareTerms:
        """The partner's own terms, or the common terms."""
        return self.partner_terms.get(short_name) or _COMMON_TERMS

    def loss_cap(self, short_name: str) -> Cap | None:
        """The cap on this partner's share of a loss (its own, or the common percentage)."""
        own = self.terms_of(short_name).loss_cap
        if own is not None:
            return own
        return Cap(percent_of_contract_value=self.risk_cap_percent) if self.risk_cap_percent is not None else None

    def gain_cap(self, short_name: str) -> Cap | None:
        """The cap on this partner's share of a gain (its own, or the common percentage)."""
        own = self.terms_of(short_name).gain_cap
        if own is not None:
            return own
        return Cap(percent_of_contract_value=self.gain_cap_percent) if self.gain_cap_percent is not None else None


_COMMON_TERMS = PartnerShareTerms()


class EqualShare(_ShareBase):
    """Every member that takes part takes an equal share."""

    method: Literal["equal"]


class ProportionalShare(_ShareBase):
    """Shares in proportion to each taking-part member's contract value."""

    method: Literal["proportional"]


class FixedShare(_ShareBase):
    """Shares fixed as percentages per member: one share for both, or gain and loss shares apart."""

    method: Literal["fixed"]
    shares: dict[ShortName, Percent] | None = Field(
        default=None, description="Each member's share of gains and of losses alike, by short name."
    )
    gain_shares: dict[ShortName, Percent] | None = Field(
        default=None,
        description="Each member's share of an alliance gain, by short name (with loss_shares, instead of shares).",
    )
    loss_shares: dict[ShortName, Percent] | None = Field(
        default=None,
        description="Each member's share of an alliance loss, by short name (with gain_shares, instead of "
        "shares). A gain-only partner has 0.",
    )

    @model_validator(mode="after")
    def _one_form(self) -> "FixedShare":
        separate = (self.gain_shares is not None, self.loss_shares is not None)
        if self.shares is not None and any(separate):
            raise ValueError("give either shares (the same for gains and losses) or gain_shares and loss_shares, not both")
        if self.shares is None and not all(separate):
            raise ValueError("give shares, or both gain_shares and loss_shares")
        return self

    @property
    def stated_gain_shares(self) -> dict[str, Decimal]:
        """The gain shares as stated."""
        return dict(self.shares if self.shares is not None else self.gain_shares or {})

    @property
    def stated_loss_shares(self) -> dict[str, Decimal]:
        """The loss shares as stated."""
        return dict(self.shares if self.shares is not None else self.loss_shares or {})


RiskGainShare = Annotated[
    Union[EqualShare, ProportionalShare, FixedShare], Field(discriminator="method")
]


Section75Arrangement = Literal["pooled_fund", "lead_commissioning", "integrated_provision"]

#: How each kind of section 75 arrangement is described.
SECTION_75_TEXT: dict[str, str] = {
    "pooled_fund": "a pooled fund",
    "lead_commissioning": "lead commissioning arrangements",
    "integrated_provision": "integrated provision arrangements",
}


class Section75(Model):
    """An agreement under section 75 of the NHS Act 2006 between NHS bodies and local authorities."""

    title: Line = Field(description="The agreement's title, e.g. 'Brixmoor Better Care Fund Section 75 Agreement'.")
    date: Date = Field(description="The date the section 75 agreement was made.")
    parties: list[ShortName] = Field(
        min_length=2,
        description="Short names of the parties to the section 75 agreement (commissioners, and any provider "
        "such as an NHS trust to which a council delegates functions).",
    )
    arrangements: list[Section75Arrangement] = Field(
        default=["pooled_fund"],
        min_length=1,
        description="What the agreement sets up: 'pooled_fund', 'lead_commissioning', 'integrated_provision'.",
    )
    host: ShortName = Field(description="Short name of the party that hosts the pooled fund (the pool manager's body).")
    annual_amount: Money | None = Field(
        default=None, description="The amount of the pooled fund for a financial year, in pounds."
    )
    delegated_functions: list[Text] = Field(
        default_factory=list,
        description="Functions a local authority delegates to an NHS body under integrated provision, e.g. "
        "'assessing and meeting adults' needs for care and support under Part 1 of the Care Act 2014'.",
    )
    delegated_to: ShortName | None = Field(
        default=None,
        description="Short name of the body that exercises the delegated functions (e.g. the lead provider trust).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "Section75":
        problems = []
        if self.host not in self.parties:
            problems.append(f"host '{self.host}' is not one of the parties ({', '.join(self.parties)})")
        if self.delegated_to and self.delegated_to not in self.parties:
            problems.append(f"delegated_to '{self.delegated_to}' is not one of the parties ({', '.join(self.parties)})")
        if self.delegated_functions and not self.delegated_to:
            problems.append("delegated_functions needs delegated_to: the body that exercises them")
        if self.delegated_to and not self.delegated_functions:
            problems.append("delegated_to needs delegated_functions: the functions it exercises")
        if "pooled_fund" in self.arrangements and self.annual_amount is None:
            problems.append("a pooled fund needs annual_amount")
        if len(set(self.arrangements)) != len(self.arrangements):
            problems.append("arrangements lists the same arrangement twice")
        if len({p.casefold() for p in self.parties}) != len(self.parties):
            problems.append("parties lists the same party twice")
        if problems:
            raise ValueError("; ".join(problems))
        return self
