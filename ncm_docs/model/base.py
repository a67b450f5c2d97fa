"""Shared building blocks for the partnership schema.

Every model forbids unknown keys (a misspelt key is an error, never ignored) and
every free-text field rejects control characters, so nothing invisible reaches a
legal document.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, WithJsonSchema

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SHORT_NAME = r"^[A-Za-z0-9][A-Za-z0-9 &'.\-]{0,39}$"
#: Pounds as people write them: ``181700000``, ``181,700,000.50`` or ``£181,700,000``.
_POUNDS = r"£?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?"
#: Earliest and latest years a date may have: term arithmetic stays far from year 9999.
FIRST_YEAR, LAST_YEAR = 1990, 2199


class ValueKind:
    """What a value means (money, a percentage, a date, a short name...).

    Carried in a type's ``Annotated`` metadata (pydantic ignores it) so that error
    messages can say what to write for that kind of value (``ncm_docs/explain``).
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"ValueKind({self.name!r})"


def kind_of(metadata) -> str | None:
    """The ``ValueKind`` name among a type's metadata, if any."""
    return next((m.name for m in metadata if isinstance(m, ValueKind)), None)


def _no_control_characters(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise ValueError(
            f"contains the control character U+{ord(match.group()):04X} "
            f"at position {match.start() + 1}; remove it"
        )
    return value


def _plain_pounds(value):
    """``'£181,700,000'`` and ``'181,700,000'`` as ``'181700000'``: commas only every three digits."""
    if isinstance(value, str) and re.fullmatch(_POUNDS, value.strip()):
        return value.strip().lstrip("£").replace(",", "")
    return value


def _plausible_year(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"year {value.year} is out of range: dates run from {FIRST_YEAR} to {LAST_YEAR}")
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line (no line breaks)")
    return value


class Model(BaseModel):
    """Base for every schema model: strict keys, whitespace-trimmed strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


#: One line of text: a name, a title, an address line.
Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=10_000),
    AfterValidator(_no_control_characters),
    AfterValidator(_single_line),
    ValueKind("line"),
]

#: Free text that may run over several lines (descriptions, purposes).
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100_000),
    AfterValidator(_no_control_characters),
    ValueKind("text"),
]

#: A short name used as the key that links parties across the file (e.g. ``NHFT``).
ShortName = Annotated[
    str,
    StringConstraints(pattern=_SHORT_NAME),
    Field(description="Short name used to refer to this party elsewhere in the file."),
    ValueKind("short_name"),
]

#: An amount of money in pounds sterling, never negative; "£181,700,000" is accepted too.
Money = Annotated[
    Decimal,
    BeforeValidator(_plain_pounds),
    Field(ge=0, max_digits=15, decimal_places=2),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0, "maximum": 9_999_999_999_999.99},
        {"type": "string", "pattern": f"^{_POUNDS}$"},
    ]}),
    ValueKind("money"),
]

#: A percentage from 0 to 100, written as a plain number (55, not "55%").
Percent = Annotated[
    Decimal,
    Field(ge=0, le=100, max_digits=7, decimal_places=4),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
    ValueKind("percent"),
]

#: A calendar date, written YYYY-MM-DD, in a plausible range of years.
Date = Annotated[
    date,
    AfterValidator(_plausible_year),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^(199[0-9]|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"}),
    ValueKind("date"),
]

#: Yes or no, written ``true`` or ``false`` (never "yes" in quotes, 1 or 0).
Flag = Annotated[bool, Strict(), ValueKind("flag")]


class Person(Model):
    """A named individual and their job title."""

    name: Line
    title: Line


class Address(Model):
    """A postal address as lines plus a postcode."""

    lines: list[Line] = Field(min_length=1, max_length=8)
    postcode: Line

    @property
    def one_line(self) -> str:
        """The address on one line, comma separated."""
        return ", ".join([*self.lines, self.postcode])

