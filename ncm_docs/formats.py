"""How values are printed in documents: money, dates, percentages, lists, numbers in words.

Plain functions (layer 0); the clause library registers them as Jinja filters (``FILTERS``).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Iterable

_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def money(value: Decimal | int | float) -> str:
    """£1,234,567 (pence shown only when there are any: £1,234.50)."""
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def long_date(value: _dt.date) -> str:
    """1 April 2027."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def plain_number(value: Decimal | int | float) -> str:
    """A number without trailing zeros: 12.50 -> 12.5, 55.00 -> 55."""
    amount = Decimal(str(value))
    text = f"{amount.normalize():f}"
    return text


def percent(value: Decimal | int | float) -> str:
    """55% or 12.5%."""
    return plain_number(value) + "%"


def and_list(items: Iterable, word: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [str(i) for i in items]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def or_list(items: Iterable) -> str:
    """'A, B or C'."""
    return and_list(items, "or")


def words(value: int) -> str:
    """4 -> 'four' (numbers above twenty stay as digits)."""
    number = int(value)
    return _WORDS[number] if 0 <= number < len(_WORDS) else f"{number:,}"


def years(value: int) -> str:
    """1 -> '1 year', 5 -> '5 years'."""
    number = int(value)
    return f"{number} year" if number == 1 else f"{number} years"


FILTERS = {
    "money": money,
    "long_date": long_date,
    "percent": percent,
    "and_list": and_list,
    "or_list": or_list,
    "words": words,
    "years": years,
}
