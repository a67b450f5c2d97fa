"""Alliance governance: the leadership team and how it decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field, WithJsonSchema

from .base import Line, Model, Percent, Person, ShortName, Text, ValueKind


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
    weights: dict[ShortName, Annotated[Decimal, Field(gt=0, le=100), WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100}), ValueKind("weight")]]
    threshold_percent: Percent = Field(gt=50)


class Consensus(Model):
    """Members seek consensus; unresolved matters escalate after ``escalate_after_days``."""

    kind: Literal["consensus"]
    escalate_after_days: int = Field(ge=1, le=365)


DecisionRule = Annotated[
    Union[Unanimity, Majority, WeightedVote, Consensus], Field(discriminator="kind")
]


class EscalationStep(Model):
    """One step of the deadlock or dispute escalation path."""

    body: Line = Field(description="Who the matter goes to, e.g. 'the Chief Executives'.")
    within_days: int = Field(ge=1, le=365)


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
    mediation_provider: Line = "the Centre for Effective Dispute Resolution"
