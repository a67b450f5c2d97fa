"""Shared building blocks for the partnership schema.

Every model forbids unknown keys (a misspelt key is an error, never ignored) and
every free-text field rejects control characters, so nothing invisible reaches a
legal document.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SHORT_NAME = r"^[A-Za-z0-9][A-Za-z0-9 &'.\-]{0,39}$"


def _no_control_characters(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise ValueError(
            f"contains the control character U+{ord(match.group()):04X} "
            f"at position {match.start() + 1}; remove it"
        )
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
]

#: Free text that may run over several lines (descriptions, purposes).
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100_000),
    AfterValidator(_no_control_characters),
]

#: A short name used as the key that links parties across the file (e.g. ``NHFT``).
ShortName = Annotated[
    str,
    StringConstraints(pattern=_SHORT_NAME),
    Field(description="Short name used to refer to this party elsewhere in the file."),
]

#: An amount of money in pounds sterling, never negative.
Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]

#: A percentage from 0 to 100.
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]


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
