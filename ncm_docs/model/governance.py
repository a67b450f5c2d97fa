"""Alliance governance: the leadership team and how it decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field, WithJsonSchema, model_validator

from .base import Line, Model, Percent, Person, ShortName, Text, ValueKind

#: A partner's standing on the leadership team.
MemberStatus = Literal["voting", "non_voting", "consultative"]


class Representative(Model):
    """A partner's member of the leadership team (and deputy), and the partner's standing there."""

    provider: ShortName
    member: Person
    deputy: Person | None = Field(
        default=None, description="The member's deputy. Required for a voting member."
    )
    status: MemberStatus = Field(
        default="voting",
        description="The partner's standing: 'voting' (a full member with a vote), 'non_voting' (attends "
        "and speaks, counts for neither votes nor quorum) or 'consultative' (receives papers and reports and "
        "must be consulted on matters that affect it, but does not vote; usually takes no risk or gain share).",
    )

    @model_validator(mode="after")
    def _voting_member_has_deputy(self) -> "Representative":
        if self.status == "voting" and self.deputy is None:
            raise ValueError("a voting member needs a deputy")
        return self

    @property
    def votes(self) -> bool:
        """True for a voting member."""
        return self.status == "voting"


class Unanimity(Model):
    """Every voting member must agree."""

    kind: Literal["unanimity"] = "unanimity"


class Majority(Model):
    """A decision needs at least ``threshold_percent`` of the voting members."""

    kind: Literal["majority"]
    threshold_percent: Percent = Field(gt=50)


#: What voting weights are based on.
WeightBasis = Literal["agreed", "annual_contract_value", "population"]

#: How each basis is stated in words.
WEIGHT_BASIS_TEXT: dict[str, str] = {
    "agreed": "as agreed between the Partners",
    "annual_contract_value": "in proportion to the annual value of each Partner's Service Contract",
    "population": "in proportion to the population each Partner serves",
}


class WeightedVote(Model):
    """Each member's vote carries a weight; a decision needs ``threshold_percent`` of the weight."""

    kind: Literal["weighted"]
    weights: dict[ShortName, Annotated[Decimal, Field(gt=0, le=100), WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100}), ValueKind("weight")]] | None = Field(
        default=None,
        description="Each voting member's weight, by short name. May be left out where basis is "
        "'annual_contract_value': the weights are then worked out from the contract values (and recomputed "
        "when they change). Weights given with that basis must agree with it.",
    )
    basis: WeightBasis = Field(
        default="agreed",
        description="What the weights are based on, stated in the agreement: 'agreed' (as the partners "
        "agree), 'annual_contract_value' (in proportion to each partner's annual contract value) or "
        "'population' (in proportion to the population each serves; give the weights).",
    )
    threshold_percent: Percent = Field(gt=50)

    @model_validator(mode="after")
    def _weights_given_unless_derived(self) -> "WeightedVote":
        if self.weights is None and self.basis != "annual_contract_value":
            raise ValueError(f"give weights (only basis 'annual_contract_value' works them out); basis is '{self.basis}'")
        return self

    @property
    def basis_text(self) -> str:
        """The basis in words, e.g. 'in proportion to the annual value of each Partner's Service Contract'."""
        return WEIGHT_BASIS_TEXT[self.basis]


class Consensus(Model):
    """Members seek consensus; unresolved matters escalate after ``escalate_after_days``."""

    kind: Literal["consensus"]
    escalate_after_days: int = Field(ge=1, le=365, description="Business Days before an unresolved matter escalates.")


DecisionRule = Annotated[
    Union[Unanimity, Majority, WeightedVote, Consensus], Field(discriminator="kind")
]


class EscalationStep(Model):
    """One step of the deadlock escalation path."""

    body: Line = Field(
        description="Who the matter goes to, e.g. 'the chairs of the Partners' boards'. Name people other than "
        "the Members (a Member cannot resolve a deadlock it is part of)."
    )
    within_days: int = Field(ge=1, le=365, description="Business Days this step has to resolve the matter.")


class Governance(Model):
    """The Alliance Leadership Team and its decision rules."""

    leadership_team_name: Line = "Alliance Leadership Team"
    representatives: list[Representative] = Field(min_length=1)
    chair: ShortName = Field(description="Short name of the provider whose member chairs.")
    quorum: int = Field(ge=1, le=100)
    meeting_frequency: Literal["weekly", "fortnightly", "monthly", "every two months", "quarterly"]
    alliance_manager: Person | None = None
    decision_rule: DecisionRule = Field(default_factory=Unanimity)
    reserved_matters: list[Text] = Field(default_factory=list)
    deadlock_escalation: list[EscalationStep] = Field(default_factory=list)
    mediation_provider: Line = Field(
        default="the Centre for Effective Dispute Resolution",
        description="The default appointing body: nominates a mediator, facilitator or other independent person "
        "the parties cannot agree on.",
    )
    expert_appointing_body: Line = Field(
        default="the President of the Institute of Chartered Accountants in England and Wales",
        description="Nominates the independent accountant who decides accounting disputes (binding expert "
        "determination) if the parties cannot agree on one.",
    )
    dispute_escalation_to: Line = Field(
        default="the chair of the board or governing body of each Party in dispute",
        description="Who a dispute goes to after the Members have tried to settle it: people other than the "
        "Members, e.g. the chairs of the Partners' boards.",
    )

    @property
    def voting_members(self) -> list[str]:
        """Short names of the partners whose members vote, in file order."""
        return [r.provider for r in self.representatives if r.votes]
