"""Writing partnership data as YAML a person reads: each field explained in a comment.

The comments come from the schema's help table (``ncm_docs/model/field_help.yaml``),
written above the first occurrence of each field. Small sections (a person, an
address, a term) stay on one line, as in the bundled samples. Strings are quoted only
where YAML would otherwise read them as something else.
"""

from __future__ import annotations

import datetime
import json
import textwrap

import yaml
from pydantic import BaseModel

from ..explain.target import target_at
from ..model.help import field_help

#: Sections written on one line: ``{name: ..., title: ...}``.
_INLINE = {"Person", "Address", "Term", "Contribution", "EscalationStep", "Reconciliation",
           "Unanimity", "Majority", "Consensus"}
WIDTH = 96


def scalar(value) -> str:
    """A scalar as YAML reads it back unchanged: plain where that is safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text and not text.startswith(("[", "{", "'", '"', "*", "&", "!", "|", ">", "%", "@", "`", "#", "-", "?")) \
            and ": " not in text and " #" not in text and not text.endswith(":") and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


class CommentedYaml:
    """Writes data of a schema ``root`` with help comments above the first of each field."""

    def __init__(self, root: type[BaseModel]) -> None:
        self.root = root
        self.lines: list[str] = []
        self.explained: set[tuple[str, str]] = set()

    def write(self, data: dict) -> str:
        """The YAML text of ``data``, top-level sections separated by a blank line."""
        for i, (key, value) in enumerate(data.items()):
            if i:
                self.lines.append("")
            self._entry(key, value, (key,), 0, self.root)
        return "\n".join(self.lines) + "\n"

    def _comment(self, model: type[BaseModel] | None, key: str, indent: int) -> None:
        if model is None or (model.__name__, key) in self.explained:
            return
        self.explained.add((model.__name__, key))
        entry = field_help(model, key)
        if entry:
            for line in textwrap.wrap(entry[1], WIDTH - indent - 2, break_on_hyphens=False):
                self.lines.append(" " * indent + "# " + line)

    def _inline_comments(self, section: type[BaseModel], value: dict, indent: int) -> None:
        """For a section written on one line: its fields explained, the first time it is written."""
        for key in value:
            if (section.__name__, key) in self.explained:
                continue
            self.explained.add((section.__name__, key))
            entry = field_help(section, key)
            if entry:
                lines = textwrap.wrap(f"{key}: {entry[1]}", WIDTH - indent - 4, break_on_hyphens=False)
                self.lines += [" " * indent + "#   " + line if i else " " * indent + "# - " + line for i, line in enumerate(lines)]

    def _entry(self, key: str, value, loc: tuple, indent: int, owner: type[BaseModel] | None) -> None:
        self._comment(owner, key, indent)
        pad = " " * indent
        target = target_at(self.root, loc)
        section = target.section_for(value)
        if isinstance(value, dict) and section is not None and section.__name__ in _INLINE:
            self._inline_comments(section, value, indent)
            self.lines.append(f"{pad}{key}: {_flow(value)}")
        elif isinstance(value, dict) and value:
            self.lines.append(f"{pad}{key}:")
            for k, v in value.items():
                self._entry(str(k), v, (*loc, k), indent + 2, section)
        elif isinstance(value, list) and value and all(not isinstance(v, (dict, list)) for v in value) \
                and len(_flow(value)) + indent + len(key) < WIDTH - 2 and all(len(str(v)) < 30 for v in value):
            self.lines.append(f"{pad}{key}: {_flow(value)}")
        elif isinstance(value, list) and value:
            self.lines.append(f"{pad}{key}:")
            for i, item in enumerate(value):
                self._item(item, (*loc, i), indent + 2)
        else:
            self.lines.append(f"{pad}{key}: {_flow(value)}")

    def _item(self, item, loc: tuple, indent: int) -> None:
        pad = " " * indent
        section = target_at(self.root, loc).section_for(item)
        if isinstance(item, dict) and section is not None and section.__name__ in _INLINE:
            self._inline_comments(section, item, indent)
        if isinstance(item, dict) and item and (section is None or section.__name__ not in _INLINE):
            first = True
            for k, v in item.items():
                before = len(self.lines)
                self._entry(str(k), v, (*loc, k), indent + 2, section)
                if first:  # the item's "- " goes on its first line that is not a comment
                    index = next(i for i in range(before, len(self.lines)) if not self.lines[i].lstrip().startswith("#"))
                    line = self.lines[index]
                    self.lines[index] = pad + "- " + line[indent + 2 :]
                    first = False
        else:
            self.lines.append(f"{pad}- {_flow(item)}")
