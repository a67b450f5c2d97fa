"""Performance: the alliance's KPIs and the quality gateway that ties them to the gain share."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import Line, Model

KpiFrequency = Literal["monthly", "quarterly", "annually"]


class KPI(Model):
    """A key performance indicator: what is measured, from where, how often, and the target.

    A bare string in a partnership file is read as a KPI with only a name, so older files
    keep working; the schedule then says how the missing details are to be fixed.
    """

    name: Line = Field(description="What is measured, e.g. 'Emergency admissions of people aged 65 and over per 1,000 population'.")
    baseline: Line | None = Field(default=None, description="The starting level and its period, e.g. '24.6 (2025/26)'.")
    target: Line | None = Field(default=None, description="The level to reach, e.g. '22.0 or lower by 2028/29'.")
    source: Line | None = Field(default=None, description="Where the measurement comes from, e.g. 'Secondary Uses Service (SUS) data'.")
    frequency: KpiFrequency | None = Field(default=None, description="How often it is measured and reported.")
    gateway: bool = Field(
        default=False,
        description="True if the KPI counts towards the quality gateway that gains must pass before they are paid.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @property
    def measurable(self) -> bool:
        """True if the KPI has a baseline, a target, a source and a frequency."""
        return all((self.baseline, self.target, self.source, self.frequency))

    def __str__(self) -> str:
        return self.name


class QualityGateway(Model):
    """The KPI results an Alliance Gain must pass before any of it is paid to the Partners."""

    kpis_met: int | None = Field(
        default=None,
        ge=1,
        description="How many of the gateway KPIs must meet their targets in the Financial Year; default all of them.",
    )
