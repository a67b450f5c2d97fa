"""Validation errors as plain English: a table from error type to message, with the fix.

``explain_errors`` turns pydantic's errors for a partnership file into one
``FieldProblem`` per real problem: where it is (``providers[3] (NCH).kind``, and the line
in a YAML file) and a message that says what is wrong and what to write instead.
No validation-library wording reaches the reader. Knock-on errors are merged into the
problem that caused them (a misspelt key and the "missing" field it leaves behind are
one problem).

The web app places ``FieldProblem.loc`` next to its form field; the CLI prints
``location: message`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel

from ..suggest import suggest
from .locations import clean_loc, describe, value_at, humanize_paths, parse_path, yaml_line, yaml_scalar
from .target import Target, section_fields, target_at
from .values import (
    TooLongNumber, character_name, date_advice, money_advice, number_advice, percent_advice, yaml_reading,
)


@dataclass(frozen=True)
class FieldProblem:
    """One problem in a partnership file."""

    loc: tuple  # keys and 0-based positions into the data, for placing the message next to a field
    location: str  # the same, for a reader: providers[3] (NCH).kind
    message: str  # what is wrong and what to write instead
    line: int | None = None  # the line in a YAML file, where known

    def as_pair(self) -> tuple[str, str]:
        """``(location, message)``."""
        return self.location, self.message


@dataclass
class _Error:
    """One pydantic error with everything a message may need."""

    type: str
    loc: tuple
    input: Any
    ctx: dict
    target: Target
    typed: str | None  # the value exactly as typed in a YAML file, if known
    quoted: bool  # typed in quotes

    @property
    def key(self) -> str:
        return self.target.field or next((str(p) for p in reversed(self.loc) if isinstance(p, str)), "value")

    @property
    def shown(self) -> str:
        """What the file says, as the reader typed it."""
        if self.typed is not None and not self.quoted:
            return self.typed
        if isinstance(self.input, str):
            return f'"{self.input}"' if len(self.input) <= 60 else f'"{self.input[:57]}..."'
        return repr(self.input) if isinstance(self.input, TooLongNumber) else str(self.input)


# ---- the pieces messages are made of ---------------------------------------------------


def _lower_first(text: str) -> str:
    """``The date ...`` as ``the date ...``; an acronym (``ODS``, ``SIRO``) stays as it is."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def _hint(e: _Error) -> str:
    """The field's description as a trailing hint: ' (the date the agreement starts, ...)'."""
    return f" ({_lower_first(e.target.description.rstrip('.'))})" if e.target.description else ""


def _choices(values: list[str]) -> str:
    return ", ".join(values)


def _empty(e: _Error) -> str:
    if e.loc and isinstance(e.loc[-1], int):  # an entry of a list
        return f"this entry is empty: write it, or remove its line{_hint(e)}"
    return f"is empty: write a value after '{e.key}:'{_hint(e)}"


def _yaml_misread(e: _Error) -> str | None:
    """An unquoted value YAML turned into a number, yes/no or date where text was meant."""
    if e.typed is not None and not e.quoted and not isinstance(e.input, str) and e.input is not None:
        return f'you wrote {e.typed}, which YAML reads as {yaml_reading(e.input)}; put it in quotes: {e.key}: "{e.typed}"'
    return None


def _not_a_list_or_section(e: _Error) -> str | None:
    if isinstance(e.input, list):
        return f"should be a single value, not a list{_hint(e)}"
    if isinstance(e.input, dict):
        return f"should be a single value, not a section of fields{_hint(e)}"
    return None


# ---- one function per kind of error -------------------------------------------------------


def _missing(e: _Error) -> str:
    return f"missing: add '{e.key}:'{_hint(e)}"


def _text_type(e: _Error) -> str:
    if e.input is None:
        return _empty(e)
    return (_yaml_misread(e) or _not_a_list_or_section(e)
            or f'should be text in quotes: "{e.input}" (the file gives {yaml_reading(e.input)})')


def _text_too_short(e: _Error) -> str:
    return _empty(e)


def _text_too_long(e: _Error) -> str:
    limit = e.ctx.get("max_length", 0)
    return f"is {len(str(e.input)):,} characters long; the most allowed is {limit:,}"


#: Constrained text: the pattern (as the schema states it) -> what it is, what it may hold.
_PATTERNS: dict[str, tuple[str, str, str, int | None, str]] = {
    # pattern: (noun, characters allowed, first character, most characters, example)
    r"^[A-Za-z0-9][A-Za-z0-9 &'.\-]{0,39}$": ("a short name", "letters A-Z, digits, spaces and & ' . -", "a letter or digit", 40, "NHFT"),
    r"^[0-9A-Za-z][0-9A-Za-z.\-]*$": ("a version", "letters A-Z, digits, dots and hyphens", "a letter or digit", None, '"1.0"'),
    r"^[A-Za-z][A-Za-z0-9_\-]{0,31}$": ("a service id", "letters A-Z, digits, _ and -", "a letter", 32, "MENTAL_HEALTH"),
    r"^[a-z0-9]+(?:[.\-][a-z0-9]+)*$": ("a clause id", "lower-case letters, digits, dots and hyphens", "a letter or digit", None, "alliance.notices"),
    r"^\d+\.\d+\.\d+$": ("a library version", "three numbers with dots between them", "a digit", None, "1.0.0"),
}
_ALLOWED_CHARS = {
    "a short name": set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 &'.-"),
    "a version": set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"),
    "a service id": set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"),
    "a clause id": set("abcdefghijklmnopqrstuvwxyz0123456789.-"),
    "a library version": set("0123456789."),
}
_CURLY = "“”‘’„‟«»"


def _pattern(e: _Error) -> str:
    value = str(e.input)
    known = _PATTERNS.get(str(e.ctx.get("pattern", "")))
    if known is None:
        return f"{e.shown} is not written as this field needs{_hint(e)}"
    noun, allowed, first, most, example = known
    chars = _ALLOWED_CHARS[noun]
    if most and len(value) > most:
        return f"{e.shown} is {len(value)} characters long; {noun} has at most {most} (e.g. {example})"
    if any(c in _CURLY for c in value):
        straight = value.strip(_CURLY)
        return (f"{e.shown} has curly quotation marks (from a word processor), which are not allowed in {noun}: "
                f'write {e.key}: "{straight}" with straight quotes, or no quotes')
    bad = next((c for c in value if c not in chars), None)
    if bad is not None:
        return f"{character_name(bad)} is not allowed in {noun}: use {allowed} (e.g. {example})"
    if value[:1] and value[0] not in chars or value[:1] in set(" &'.-_"):
        return f"{e.shown} must start with {first} (e.g. {example})"
    return f"{e.shown} is not {noun}: use {allowed}, starting with {first} (e.g. {example})"


def _whole_number(e: _Error) -> str:
    if e.input is None:
        return _empty(e)
    if isinstance(e.input, TooLongNumber):
        return f"is {e.input!r}: far too long for this field{_hint(e)}"
    if isinstance(e.input, bool):
        return f"write a number, not {str(e.input).lower()}{_hint(e)}"
    if isinstance(e.input, float) or e.type == "int_from_float":
        return f"write a whole number, without a decimal point (you wrote {e.shown}){_hint(e)}"
    return (_not_a_list_or_section(e) or f"{number_advice(e.input)} (you wrote {e.shown}){_hint(e)}")


def _bound(e: _Error) -> str:
    kind = e.target.kind
    ctx = e.ctx
    if kind == "money" and ctx.get("ge") == 0:
        return f"cannot be negative (you wrote {e.shown})"
    if kind == "percent" and (ctx.get("ge") == 0 or ctx.get("le") == 100):
        return f"must be a percentage from 0 to 100 (you wrote {e.shown})"
    if "ge" in ctx:
        return f"must be at least {ctx['ge']} (you wrote {e.shown}){_hint(e)}"
    if "gt" in ctx:
        return f"must be more than {ctx['gt']} (you wrote {e.shown}){_hint(e)}"
    if "le" in ctx:
        return f"must be at most {ctx['le']} (you wrote {e.shown}){_hint(e)}"
    return f"must be less than {ctx.get('lt')} (you wrote {e.shown}){_hint(e)}"


def _decimal(e: _Error) -> str:
    if e.input is None:
        return _empty(e)
    if isinstance(e.input, TooLongNumber):
        return f"is {e.input!r}: far too long for this field{_hint(e)}"
    misread = _not_a_list_or_section(e)
    if misread:
        return misread
    if e.target.kind == "money":
        return f"{money_advice(e.input)} (you wrote {e.shown})"
    if e.target.kind == "percent":
        return f"{percent_advice(e.input)} (you wrote {e.shown})"
    return f"write a plain number, e.g. 40 (you wrote {e.shown}){_hint(e)}"


def _decimal_places(e: _Error) -> str:
    places = e.ctx.get("decimal_places")
    if e.target.kind == "money":
        return f"pounds and pence only: at most 2 decimal places (you wrote {e.shown})"
    return f"at most {places} decimal places (you wrote {e.shown})"


def _decimal_digits(e: _Error) -> str:
    if e.target.kind == "money":
        return f"is too large (you wrote {e.shown}); the most an amount can be is 9,999,999,999,999.99"
    return f"has too many digits (you wrote {e.shown}){_hint(e)}"


def _not_finite(e: _Error) -> str:
    return f"must be a real number, not {e.shown}{_hint(e)}"


def _flag(e: _Error) -> str:
    if e.input is None:
        return _empty(e)
    quotes = ", without quotes" if isinstance(e.input, str) else ""
    return f"write true or false{quotes} (you wrote {e.shown})"


def _date(e: _Error) -> str:
    if e.input is None:
        return _empty(e)
    if isinstance(e.input, (int, float)) and not isinstance(e.input, bool):
        return f"write a full date as YYYY-MM-DD, e.g. 2027-03-15 (you wrote {e.shown})"
    return _not_a_list_or_section(e) or date_advice(e.typed if e.typed is not None else e.input, e.shown)


def _choice(e: _Error) -> str:
    choices = e.target.choices or [c.strip(" '") for c in str(e.ctx.get("expected", "")).replace(" or ", ", ").split(",") if c.strip()]
    if e.input is None:
        return f"is empty: write one of {_choices(choices)}"
    if isinstance(e.input, (list, dict)):
        return f"should be one of {_choices(choices)}, not {yaml_reading(e.input)}"
    misread = _yaml_misread(e) if all(isinstance(c, str) for c in choices) and not isinstance(e.input, str) else None
    if misread:
        return misread
    return f"'{e.input}' is not one of the choices{suggest(str(e.input), choices)}: write one of {_choices(choices)}"


def _tag_invalid(e: _Error) -> str:
    tag = e.ctx.get("tag", e.input)
    if isinstance(tag, (list, dict)) or not isinstance(tag, (str, int, float)):
        tag = yaml_reading(tag)
    tag = str(tag)
    expected = [t.strip(" '") for t in str(e.ctx.get("expected_tags", "")).split(",") if t.strip()]
    key = str(e.ctx.get("discriminator", "kind")).strip("'")
    return f"{key} '{tag}' is not one of the choices{suggest(tag, expected)}: write {key}: followed by one of {_choices(expected)}"


def _tag_missing(e: _Error) -> str:
    if not isinstance(e.input, dict):
        return _section(e)
    key = str(e.ctx.get("discriminator", "kind")).strip("'")
    values = e.target.alternatives.get(key, [])
    return f"needs a '{key}:' line saying which kind it is: one of {_choices(values)}"


def _list(e: _Error) -> str:
    if e.input is None:
        return f"is empty: add at least one entry, each on its own line starting with '- '{_hint(e)}"
    if isinstance(e.input, dict):
        return "should be a list (each entry on its own line starting with '- '), not a section of fields"
    shown = e.typed if e.typed is not None else e.input
    if isinstance(shown, str) and 0 < len(shown) <= 40 and "\n" not in shown:
        return f"should be a list: write each entry on its own line starting with '- ', or [{shown}] in square brackets"
    return f"should be a list: write each entry on its own line starting with '- '{_hint(e)}"


def _too_short(e: _Error) -> str:
    least = e.ctx.get("min_length", 1)
    return f"needs at least {least} entr{'y' if least == 1 else 'ies'}{_hint(e)}"


def _too_long(e: _Error) -> str:
    return f"has {e.ctx.get('actual_length')} entries; at most {e.ctx.get('max_length')} are allowed{_hint(e)}"


def _map(e: _Error) -> str:
    if e.input is None:
        return f"is empty: add one 'SHORT NAME: number' line per provider, indented below{_hint(e)}"
    return f"should be one 'SHORT NAME: number' line per provider, indented below, e.g. NHFT: 55{_hint(e)}"


def _section(e: _Error) -> str:
    fields = ", ".join(section_fields(e.target.section)) if e.target.section else ""
    listed = f" ({fields})" if fields else ""
    if e.input is None:
        return f"is empty: add its fields{listed} on the lines below, indented"
    if isinstance(e.input, list):
        return f"should be a section of fields{listed}, not a list: remove the '- ' in front"
    return f"should be a section with its own fields{listed} on indented lines below, not {yaml_reading(e.input)} ({e.shown})"


def _own_message(e: _Error) -> str:
    """A validator of ours wrote the message: it is plain already."""
    error = e.ctx.get("error")
    return str(error) if error is not None else "is not valid here"


def _fallback(e: _Error) -> str:
    return f"{e.shown} is not valid here{_hint(e)}"


#: The table: pydantic error type -> message. Types not listed get ``_fallback``.
MESSAGES: dict[str, Callable[[_Error], str]] = {
    "missing": _missing,
    "string_type": _text_type,
    "string_sub_type": _text_type,
    "string_too_short": _text_too_short,
    "string_too_long": _text_too_long,
    "string_pattern_mismatch": _pattern,
    "int_type": _whole_number,
    "int_parsing": _whole_number,
    "int_parsing_size": _whole_number,
    "int_from_float": _whole_number,
    "greater_than": _bound,
    "greater_than_equal": _bound,
    "less_than": _bound,
    "less_than_equal": _bound,
    "decimal_type": _decimal,
    "decimal_parsing": _decimal,
    "decimal_max_places": _decimal_places,
    "decimal_max_digits": _decimal_digits,
    "decimal_whole_digits": _decimal_digits,
    "finite_number": _not_finite,
    "bool_type": _flag,
    "bool_parsing": _flag,
    "date_type": _date,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "literal_error": _choice,
    "enum": _choice,
    "union_tag_invalid": _tag_invalid,
    "union_tag_not_found": _tag_missing,
    "list_type": _list,
    "tuple_type": _list,
    "too_short": _too_short,
    "too_long": _too_long,
    "dict_type": _map,
    "model_type": _section,
    "model_attributes_type": _section,
    "value_error": _own_message,
    "assertion_error": _own_message,
}


# ---- putting it together ------------------------------------------------------------------


def explain_errors(errors: list[dict], data: Any, root: type[BaseModel], yaml_root=None, *, plain: bool = False) -> list[FieldProblem]:
    """One ``FieldProblem`` per real problem among pydantic's ``errors`` for ``data``.

    ``yaml_root`` (the composed YAML node tree, if the file is YAML) adds line numbers
    and shows values exactly as typed. ``plain`` gives the location and the field's
    description only, without the table: the fallback should an explanation itself fail.
    """
    if plain:
        return [_plain(tuple(err["loc"]), root) for err in errors]
    items = [(clean_loc(tuple(err["loc"]), data), err) for err in errors]
    problems: list[FieldProblem] = []
    handled: set[int] = set()
    problems += _merge_misplaced(items, data, root, yaml_root, handled)
    for index, (loc, err) in enumerate(items):
        if index in handled:
            continue
        if err["type"] == "extra_forbidden":
            problems.append(_extra(loc, data, root, yaml_root))
        elif err["type"] in ("value_error", "assertion_error") and "\n" in _own_text(err) or _starts_with_path(err):
            problems += _validator_lines(loc, err, data, yaml_root)
        else:
            problems.append(_one(loc, err, data, root, yaml_root))
    return list(dict.fromkeys(problems))


def _one(loc: tuple, err: dict, data: Any, root: type[BaseModel], yaml_root) -> FieldProblem:
    key_error = bool(loc) and loc[-1] == "[key]"
    target = target_at(root, loc)
    node = None if key_error else yaml_scalar(yaml_root, loc)
    error = _Error(err["type"], loc, err.get("input"), dict(err.get("ctx") or {}), target,
                   node.value if node is not None else None, bool(node is not None and node.style in ("'", '"')))
    if err["type"] == "union_tag_invalid":
        key = str(error.ctx.get("discriminator", "kind")).strip("'")
        loc = (*loc, key)
    message = MESSAGES.get(err["type"], _fallback)(error)
    if isinstance(error.input, TooLongNumber) and err["type"] not in ("int_type", "int_parsing", "decimal_type", "decimal_parsing"):
        message = f"is {error.input!r}: far too long for this field{_hint(error)}"
    where = loc
    if key_error:
        where = loc[:-2]
        message = f"'{loc[-2]}': {message}"
    message = humanize_paths(message, data)
    return FieldProblem(where, describe(where, data), message, yaml_line(yaml_root, loc, key=key_error))


def _own_text(err: dict) -> str:
    error = (err.get("ctx") or {}).get("error")
    return str(error) if error is not None else ""


def _starts_with_path(err: dict) -> bool:
    if err["type"] not in ("value_error", "assertion_error"):
        return False
    head = _own_text(err).split(": ", 1)[0]
    return " " not in head and parse_path(head) is not None and ": " in _own_text(err)


def _validator_lines(loc: tuple, err: dict, data: Any, yaml_root) -> list[FieldProblem]:
    """A validator's message: one problem per line, each ``path: message`` (paths 0-based)."""
    out = []
    for line in _own_text(err).splitlines():
        head, sep, rest = line.partition(": ")
        path = parse_path(head) if sep and " " not in head else None
        where, message = ((*loc, *path), rest) if path is not None else (loc, line)
        out.append(FieldProblem(where, describe(where, data), humanize_paths(message, data), yaml_line(yaml_root, where)))
    return out


def _extra(loc: tuple, data: Any, root: type[BaseModel], yaml_root) -> FieldProblem:
    parent = loc[:-1]
    key = str(loc[-1])
    allowed = section_fields(target_at(root, parent).section_for(value_at(data, parent)) if parent else root)
    hint = suggest(key, allowed)
    listed = f"; the fields allowed here are {', '.join(allowed)}" if allowed else ""
    message = f"unknown field '{key}'{hint}{listed}"
    return FieldProblem(parent, describe(parent, data), message, yaml_line(yaml_root, loc, key=True))


def _merge_misplaced(items: list[tuple[tuple, dict]], data: Any, root: type[BaseModel], yaml_root, handled: set[int]) -> list[FieldProblem]:
    """A misspelt key and the field it leaves missing; fields that belong one level down.

    Each pair (or group) is one problem, so the reader is not told the same thing twice.
    """
    problems = []
    extras: dict[tuple, list[int]] = {}
    for index, (loc, err) in enumerate(items):
        if err["type"] == "extra_forbidden":
            extras.setdefault(loc[:-1], []).append(index)
    for index, (loc, err) in enumerate(items):
        parent = loc[:-1]
        if parent not in extras or not loc:
            continue
        empty_section = err["type"] in ("model_type", "model_attributes_type") and err.get("input") is None
        if err["type"] != "missing" and not empty_section:
            continue
        field = str(loc[-1])
        waiting = [i for i in extras[parent] if i not in handled]
        section = target_at(root, loc).section
        inner = [i for i in waiting if section is not None and str(items[i][0][-1]) in section_fields(section)]
        if inner:  # the fields of `field` written at the level above it
            names = [str(items[i][0][-1]) for i in inner]
            handled.update([index, *inner])
            verb = "belongs" if len(names) == 1 else "belong"
            message = (f"{', '.join(names)} {verb} inside {field}: indent {'it' if len(names) == 1 else 'them'} "
                       f"under the '{field}:' line")
            problems.append(FieldProblem(parent, describe(parent, data), message, yaml_line(yaml_root, items[inner[0]][0], key=True)))
            continue
        if err["type"] != "missing":
            continue
        misspelt = [i for i in waiting if suggest(str(items[i][0][-1]), [field])]
        if misspelt:
            wrong = str(items[misspelt[0]][0][-1])
            handled.update([index, misspelt[0]])
            message = f"unknown field '{wrong}': did you mean '{field}'? ('{field}' is required and missing)"
            problems.append(FieldProblem(parent, describe(parent, data), message, yaml_line(yaml_root, items[misspelt[0]][0], key=True)))
    return problems


def _plain(loc: tuple, root: type[BaseModel]) -> FieldProblem:
    where = "".join(f"[{p + 1}]" if isinstance(p, int) else ("." if i else "") + str(p) for i, p in enumerate(loc))
    try:
        description = target_at(root, loc).description
    except Exception:
        description = ""
    return FieldProblem(loc, where, "is not written as this field needs" + (f": {description}" if description else ""))
