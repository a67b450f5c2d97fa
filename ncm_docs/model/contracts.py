"""Services, terms, the head contract and the subcontracts."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Annotated

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

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
    delivered_by: ShortName | None = Field(
        default=None,
        description="For a service outside the head contract: the short name of the partner that provides it "
        "under its own statutory functions or a section 75 arrangement (e.g. a council's adult social care). "
        "Leave out for services in the head contract.",
    )


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


class YearValue(Model):
    """The value of one contract year in a payment profile."""

    year: int = Field(ge=1, le=100, description="The contract year, counted from 1 at commencement.")
    value: Money = Field(description="The contract price for that year, in pounds.")


@dataclass(frozen=True)
class PaymentYear:
    """One contract year of a payment profile as drafted: its number, first and last day, and price."""

    year: int
    start: date
    end: date
    value: Decimal


class _Valued(Model):
    """A contract's value: per year (with an optional profile by year) and in total."""

    # The fields are declared in each subclass, so that they keep their order in the file.
    if TYPE_CHECKING:
        annual_value: Decimal
        payment_profile: list[YearValue]
        total_value: Decimal | None
        term: Term

    @model_validator(mode="before")
    @classmethod
    def _annual_from_profile(cls, data: Any) -> Any:
        if isinstance(data, dict) and "annual_value" not in data and data.get("payment_profile"):
            first = [row for row in data["payment_profile"] if isinstance(row, dict) and row.get("year") == 1]
            if first and "value" in first[0]:
                data = {**data, "annual_value": first[0]["value"]}
        return data

    @model_validator(mode="after")
    def _profile_fits(self) -> "_Valued":
        years = [row.year for row in self.payment_profile]
        if len(set(years)) != len(years):
            raise ValueError("payment_profile lists a contract year twice")
        if years != sorted(years):
            raise ValueError("payment_profile must list contract years in order")
        last = self.term.initial_years + self.term.total_extension_years
        if years and years[-1] > last:
            raise ValueError(f"payment_profile lists year {years[-1]} but the contract can run for only {last} years")
        return self

    def value_in_year(self, year: int) -> Decimal:
        """The contract price for contract year ``year`` (1-based).

        A year the profile does not list takes the value of the last listed year before it,
        or ``annual_value`` before the first listed year.
        """
        value = self.annual_value
        for row in self.payment_profile:
            if row.year > year:
                break
            value = row.value
        return value

    @property
    def payment_rows(self) -> list[PaymentYear]:
        """One row per contract year of the initial term (and any later year the profile lists)."""
        last = max([self.term.initial_years, *(row.year for row in self.payment_profile)])
        rows = []
        for year in range(1, last + 1):
            start = add_years(self.term.commencement, year - 1)
            end = add_years(self.term.commencement, year) - timedelta(days=1)
            rows.append(PaymentYear(year, start, end, self.value_in_year(year)))
        return rows

    @property
    def later_years_value(self) -> Decimal:
        """The contract price of each contract year after those in ``payment_rows`` (in an extension)."""
        return self.value_in_year(len(self.payment_rows) + 1)

    @property
    def yearly_values(self) -> list[Decimal]:
        """The contract price of each year of the initial term, in order."""
        return [self.value_in_year(y) for y in range(1, self.term.initial_years + 1)]

    @property
    def initial_term_value(self) -> Decimal:
        """The total contract price over the initial term."""
        return sum(self.yearly_values, Decimal(0))

    @property
    def has_varying_values(self) -> bool:
        """True if the price differs between years of the initial term."""
        return len(set(self.yearly_values)) > 1

    def value_on(self, day: date) -> Decimal:
        """The annual contract price in the contract year that contains ``day`` (0 outside the term)."""
        if day < self.term.commencement or day > self.term.latest_expiry:
            return Decimal(0)
        year = 1
        while add_years(self.term.commencement, year) <= day:
            year += 1
        return self.value_in_year(year)


class HeadContract(_Valued):
    """The lead-provider contract between the commissioners and the lead provider."""

    form: Line = Field(
        default="NHS Standard Contract",
        description="The contract form the head contract is based on.",
    )
    services: list[ServiceId] = Field(min_length=1)
    annual_value: Money = Field(
        description="The contract price for each contract year (for a year the payment_profile does not list). "
        "May be left out when payment_profile is given: it is then the first year's value."
    )
    payment_profile: list[YearValue] = Field(
        default_factory=list,
        description="Where the value changes from year to year: the contract price of each listed contract year. "
        "A year not listed is paid at the value of the last listed year before it (or annual_value before the first).",
    )
    total_value: Money | None = Field(
        default=None,
        description="The total value over the initial term as announced (e.g. a ten-year contract 'worth "
        "£1.6bn'). Must equal the sum of the yearly values; printed beside them.",
    )
    term: Term


class Subcontract(_Valued):
    """A subcontract from the lead provider to one other provider."""

    provider: ShortName
    services: list[ServiceId] = Field(min_length=1)
    annual_value: Money = Field(
        description="The contract price for each contract year (for a year the payment_profile does not list). "
        "May be left out when payment_profile is given: it is then the first year's value."
    )
    payment_profile: list[YearValue] = Field(
        default_factory=list,
        description="Where the value changes from year to year: the contract price of each listed contract year. "
        "A year not listed is paid at the value of the last listed year before it (or annual_value before the first).",
    )
    total_value: Money | None = Field(
        default=None,
        description="The total value over the initial term as announced (e.g. a ten-year contract 'worth "
        "£1.6bn'). Must equal the sum of the yearly values; printed beside them.",
    )
    term: Term
