"""Services, terms, the head contract and the subcontracts."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Annotated

from pydantic import Field

from .base import Date, Line, Model, Money, ShortName, Text

ServiceId = str


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for 29 February)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


class Service(Model):
    """A service in scope of the partnership."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]{0,31}$")
    name: Line
    description: Text
    annual_value: Money


class Term(Model):
    """Commencement, initial term and extension options of an agreement."""

    commencement: Date
    initial_years: int = Field(ge=1, le=50)
    extensions: list[Annotated[int, Field(ge=1, le=25)]] = Field(
        default_factory=list,
        max_length=10,
        description="Extension options in years, e.g. [2, 1]: a 2-year then a 1-year option.",
    )

    @property
    def expiry(self) -> date:
        """Last day of the initial term."""
        return add_years(self.commencement, self.initial_years) - timedelta(days=1)

    @property
    def latest_expiry(self) -> date:
        """Last day if every extension option is taken."""
        return add_years(self.commencement, self.initial_years + sum(self.extensions)) - timedelta(days=1)

    @property
    def total_extension_years(self) -> int:
        """Years added if every extension option is taken."""
        return sum(self.extensions)


class HeadContract(Model):
    """The lead-provider contract between the commissioners and the lead provider."""

    form: Line = Field(
        default="NHS Standard Contract",
        description="The contract form the head contract is based on.",
    )
    services: list[ServiceId] = Field(min_length=1)
    annual_value: Money
    term: Term


class Subcontract(Model):
    """A subcontract from the lead provider to one other provider."""

    provider: ShortName
    services: list[ServiceId] = Field(min_length=1)
    annual_value: Money
    term: Term
