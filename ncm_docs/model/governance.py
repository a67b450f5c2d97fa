"""Alliance governance: the leadership team and how it decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field

from .base import Line, Model, Percent, Person, ShortName, Text


class Representative(Model):
    """A provider's voting member of the leadership team, and their deputy."""

    provider: ShortName
    member: Person
    deputy: Person


class Unanimity(Model):
    """Every voting member must agree."""

    kind: Literal["unanimity"] = "unanimity"


class Majority(Model):
    """A decision needs at least ``threshold_percent`` of the voting members."""

    kind: Literal["majority"]
    threshold_percent: Percent = Field(gt=50)


class WeightedVote(Model):
    """Each member's vote carries a weight; a decision needs ``threshold_percent`` of the weight."""

    kind: Literal["weighted"]
    weights: dict[ShortName, Annotated[Decimal, Field(gt=0, le=100)]]
    threshold_percent: Percent = Field(gt=50)


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
    quorum: int = Field(ge=1)
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
