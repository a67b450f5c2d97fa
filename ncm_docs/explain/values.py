"""What a wrongly written value probably meant: dates, money, percentages, numbers.

Each function takes what the file says (the text as typed where it is known) and returns
a phrase that tells the reader what to write instead, naming the value they meant when
that is unambiguous.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

#: Python refuses to read integers longer than this from text (a defence against slow parsing).
MAX_INT_DIGITS = 4300


class TooLongNumber:
    """A number in a file with more digits than any field could need (read, never converted)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"a number of {len(self.text):,} digits"


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(.*))?")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")

FORMAT = "write dates as YYYY-MM-DD, e.g. 2027-03-15"


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _fmt_day(year: int, month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]} {year}"


def date_advice(value: Any, shown: str | None = None) -> str:
    """What is wrong with a date and what to write (``value``: as typed, or as read)."""
    shown = shown or str(value)
    if isinstance(value, dt.datetime):
        return f"write the date only, without a time: {value.date().isoformat()} (you wrote {shown})"
    text = str(value).strip()
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups()[:3])
        fixed = _iso(year, month, day)
        if fixed and iso.group(4):
            return f"write the date only, without a time: {fixed} (you wrote {shown})"
        return _impossible(shown, year, month, day)
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        a, b, year = (int(g) for g in numeric.groups())
        day_first, month_first = _iso(year, b, a), _iso(year, a, b)
        if day_first and month_first and a != b:
            return (f"{shown} could be {_fmt_day(year, b, a)} or {_fmt_day(year, a, b)}: "
                    f"write {day_first} or {month_first} (dates are written YYYY-MM-DD)")
        meant = day_first or month_first
        if meant:
            return f"write {meant} (dates are written YYYY-MM-DD; you wrote {shown})"
        return f"{shown} is not a real date; {FORMAT}"
    for pattern, order in ((_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy")):
        words = pattern.fullmatch(text)
        if words:
            first, second, year = words.groups()
            day, month_name = (first, second) if order == "dmy" else (second, first)
            month = MONTHS.get(month_name.lower())
            if month:
                meant = _iso(int(year), month, int(day))
                if meant:
                    return f"write {meant} (dates are written YYYY-MM-DD; you wrote {shown})"
                return _impossible(shown, int(year), month, int(day))
    return f"{FORMAT} (you wrote {shown})"


def _impossible(shown: str, year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"{shown} is not a real date: there is no month {month}; {FORMAT}"
    if year < 1:
        return f"{shown} is not a real date: there is no year {year}; {FORMAT}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{shown} is not a real date: {calendar.month_name[month]} {year} has {last} days"
    return f"{FORMAT} (you wrote {shown})"


_SCALE = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "mn": 1_000_000,
          "bn": 1_000_000_000, "billion": 1_000_000_000}
_SCALED = re.compile(r"£?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(k|thousand|m|mn|million|bn|billion)", re.IGNORECASE)
_NUMBER_IN = re.compile(r"-?[0-9][0-9,]*(?:\.[0-9]+)?")


def money_advice(value: Any) -> str:
    """What to write for an amount of money that is not a plain number of pounds."""
    text = str(value).strip()
    scaled = _SCALED.fullmatch(text)
    if scaled:
        try:
            amount = Decimal(scaled.group(1).replace(",", "")) * _SCALE[scaled.group(2).lower()]
        except InvalidOperation:
            amount = None
        if amount is not None:
            plain = format(amount.normalize(), "f")
            return f"write the amount in full, as a plain number of pounds: {plain}"
    return 'write a plain number of pounds, e.g. 181700000 (or "£181,700,000" in quotes, with commas every three digits)'


def percent_advice(value: Any) -> str:
    """What to write for a percentage that is not a plain number."""
    text = str(value).strip()
    number = _NUMBER_IN.search(text)
    if text.endswith("%") and number and number.group() == text[:-1].strip():
        return f"write {number.group()}, without the % sign"
    return "write a plain number from 0 to 100, e.g. 55 (no % sign)"


def number_advice(value: Any) -> str:
    """What to write where a whole number is needed."""
    text = str(value).strip()
    number = _NUMBER_IN.search(text)
    if number and number.group() != text:
        return f"write just the number: {number.group().replace(',', '')}"
    return "write a whole number, e.g. 10"


def character_name(char: str) -> str:
    """A character as a reader can recognise it: ``'“' (left double quotation mark)``."""
    if char == " ":
        return "a space"
    if char == "\t":
        return "a tab"
    name = unicodedata.name(char, "").lower()
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return f"'{shown}' ({name})" if name else f"'{shown}'"


def yaml_reading(value: Any) -> str:
    """How YAML read an unquoted value that was meant as text: 'the number 342391'."""
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    if isinstance(value, TooLongNumber):
        return repr(value)
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a section of fields"
    return "text"
