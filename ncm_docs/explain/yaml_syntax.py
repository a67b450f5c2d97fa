"""A YAML file that cannot be read: which line, and what probably went wrong.

The YAML parser says where it gave up ("did not find expected key"); the mistake is
often on that line or the one before it. Each rule below looks at the parser's
complaint and the lines around it, and says in plain words what to change.
"""

from __future__ import annotations

import re

import yaml

_KEY = re.compile(r"^(\s*)(-\s+)?([^\s:#][^:#]*?):(\s|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], index: int) -> tuple[int, str] | None:
    """The nearest line above ``index`` with content (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i, lines[i]
    return None


def _quote(line: str) -> str:
    text = line.strip()
    text = text if len(text) <= 60 else text[:57] + "..."
    mark = '"' if "'" in text and '"' not in text else "'"
    return f"{mark}{text}{mark}"


def explain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """(line, message) for a YAML syntax error in ``text``."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None, f"the file is not valid YAML ({exc.problem or exc})"
    lines = text.splitlines() or [""]
    index = min(mark.line, len(lines) - 1)
    line = lines[index] if lines else ""
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    previous = _previous(lines, index)
    for rule in _RULES:
        found = rule(problem, context, lines, index, mark.column, previous, exc)
        if found:
            return found
    return index + 1, (f"the layout of {_quote(line)} is not valid YAML: check that it is indented like the lines "
                       "around it (spaces, not tabs) and written 'key: value'")


def _tab(problem, context, lines, index, column, previous, exc):
    line = lines[index]
    if "\t" in line[: max(column, 1) + 1] or (problem.startswith("found character") and line[column:column + 1] == "\t"):
        return index + 1, "this line is indented with a tab: YAML needs spaces (use 2 spaces per level)"
    return None


def _special_start(problem, context, lines, index, column, previous, exc):
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = lines[index][column:column + 1] or "?"
        return index + 1, f"a value cannot start with '{char}' in YAML: put the whole value in quotes, e.g. \"{lines[index][column:].strip()}\""
    if "alias" in problem or "alias" in context:
        return index + 1, "a value cannot start with '*' in YAML (it marks a reference): put the whole value in quotes"
    return None


def _unclosed_quote(problem, context, lines, index, column, previous, exc):
    if "quoted scalar" in context:
        start = exc.context_mark.line if exc.context_mark else index
        return start + 1, f"a quotation mark opened on this line is never closed: {_quote(lines[start])}; add the closing quote"
    return None


def _unclosed_bracket(problem, context, lines, index, column, previous, exc):
    if "flow sequence" in context or "flow mapping" in context:
        start = exc.context_mark.line if exc.context_mark else index
        closer = "]" if "sequence" in context else "}"
        return start + 1, (f"a bracket opened on this line is not closed with '{closer}' before the next line: "
                           f"{_quote(lines[start])} (or a comma is missing between two entries)")
    return None


def _colon_in_value(problem, context, lines, index, column, previous, exc):
    if "mapping values are not allowed" not in problem:
        return None
    line = lines[index]
    key = _KEY.match(line)
    if key and column > key.end():
        value = line[key.end():].strip()
        field = key.group(3).strip()
        return index + 1, (f"the value of '{field}' contains ': ', which YAML reads as a new field: "
                           f"put the value in quotes: {field}: \"{value}\"")
    if previous is not None:
        prev_index, prev = previous
        prev_key = _KEY.match(prev)
        if prev_key is None and prev.strip():
            return prev_index + 1, (f"{_quote(prev)} has no ': ' after its field name, so YAML joins it to the next line: "
                                    "write 'field: value' with a space after the colon")
        if _indent(line) > _indent(prev) and prev_key and prev[prev_key.end():].strip():
            return index + 1, (f"{_quote(line)} is indented further than {_quote(prev)} on line {prev_index + 1}: "
                               "fields of one section start in the same column")
    return index + 1, (f"YAML cannot read {_quote(line)}: check its indentation against the line above, and put a value "
                       "that contains ': ' in quotes")


def _not_lined_up(problem, context, lines, index, column, previous, exc):
    if "expected '-' indicator" in problem or ("expected key" in problem and "block mapping" in context):
        line = lines[index]
        start = exc.context_mark.line if exc.context_mark else None
        unclosed = _unclosed(lines, start if start is not None else 0, index)
        if unclosed is not None:
            return unclosed + 1, (f"the quotation mark that opens the value in {_quote(lines[unclosed])} is never closed: "
                                  "add the closing quote at the end of the value")
        stray = _stray_quote(lines, start if start is not None else 0, index)
        if "expected key" in problem and stray is not None:
            return stray + 1, (f"text follows a closing quotation mark in {_quote(lines[stray])}: quote the whole value; "
                               "an apostrophe inside single quotes is written twice ('St Mary''s'), or use double quotes")
        if line.lstrip().startswith("-"):
            above = next((i for i in range(index - 1, -1, -1) if lines[i].lstrip().startswith("- ")
                          and _indent(lines[i]) != _indent(line)), None)
            other = f" (the entry on line {above + 1} starts in column {_indent(lines[above]) + 1})" if above is not None else ""
            return index + 1, (f"the list entry {_quote(line)} is not lined up with the entries above it{other}: "
                               "entries of one list start in the same column")
        where = f" that starts on line {start + 1}" if start is not None else ""
        return index + 1, (f"{_quote(line)} is not lined up with the fields around it{where}: "
                           "fields of one section start in the same column (check the line above too)")
    return None


_CLOSED_EARLY = re.compile(r"""^\s*(?:-\s+)?[^:#'"]+:\s+(?:'[^']*'|"[^"]*")[^\s#,\]}]""")


_OPENED = re.compile(r"""^\s*(?:-\s+)?[^:#'"]+:\s+(["'])(?!.*\1)""")


def _unclosed(lines: list[str], first: int, last: int) -> int | None:
    """The line, from ``last - 1`` back to ``first``, whose value opens a quote it never closes."""
    for i in range(last - 1, max(first, 0) - 1, -1):
        if _OPENED.match(lines[i]):
            return i
    return None


def _stray_quote(lines: list[str], first: int, last: int) -> int | None:
    """The line, from ``last`` back to ``first``, whose quoted value has text after its closing quote."""
    for i in range(last, max(first, 0) - 1, -1):
        if _CLOSED_EARLY.match(lines[i]):
            return i
    return None


def _undefined_alias(problem, context, lines, index, column, previous, exc):
    if "undefined alias" in problem:
        return index + 1, "a value cannot start with '*' in YAML (it marks a reference): put the whole value in quotes"
    return None


def _end_of_file(problem, context, lines, index, column, previous, exc):
    if "end of stream" in problem or "document end" in problem:
        return index + 1, "the file ends in the middle of a value: check for an unclosed quote or bracket"
    return None


_RULES = [_tab, _unclosed_quote, _unclosed_bracket, _special_start, _undefined_alias, _colon_in_value, _not_lined_up, _end_of_file]
