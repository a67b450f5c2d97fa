"""Where in a partnership file a problem is, said so that a reader can find it.

A location is the path of keys and list positions from the top of the file, with list
items counted from 1 and named by their short name (or id): ``providers[3] (NCH).kind``.
Where the file is YAML, the line the value is on comes from the composed node tree.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

#: Keys that name a list item, most telling first.
_LABEL_KEYS = ("short_name", "id", "provider", "party", "version", "body")
_MAX_LABEL = 40

Loc = tuple  # of str keys and 0-based int positions


def item_label(item: Any) -> str:
    """A short name for a list item: its short name, id, provider...; '' if none fits."""
    if isinstance(item, dict):
        for key in _LABEL_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip() and len(value) <= _MAX_LABEL and "\n" not in value:
                return value.strip()
        if isinstance(item.get("from"), str) and isinstance(item.get("to"), str):
            return f"{item['from']} to {item['to']}"
        return ""
    if isinstance(item, str) and item.strip() and len(item) <= 24 and "\n" not in item:
        return item.strip()
    return ""


def clean_loc(loc: Loc, data: Any) -> Loc:
    """``loc`` without the parts pydantic adds that the file does not have (union tags)."""
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part not in node and part != "[key]":
            tags = {v for k, v in node.items() if k in ("kind", "method") and isinstance(v, str)}
            if part in tags:
                continue  # the alternative pydantic tried, named by the value the file gave
        out.append(part)
        node = _child(node, part)
    return tuple(out)


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def value_at(data: Any, loc: Loc) -> Any:
    """The data at ``loc`` (None where the path runs out)."""
    node = data
    for part in loc:
        node = _child(node, part)
    return node


def describe(loc: Loc, data: Any) -> str:
    """``providers[3] (NCH).kind`` for ``('providers', 2, 'kind')``."""
    out = ""
    node = data
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            child = _child(node, part)
            label = item_label(child)
            out += f"[{part + 1}]" + (f" ({label})" if label else "")
        else:
            out += ("." if out else "") + str(part)
        node = _child(node, part)
    return out


_PATH = re.compile(r"(?<![\w.\[])([a-z_]+(?:\.[a-z_]+|\[\d+\])*\[\d+\](?:\.[a-z_]+|\[\d+\])*)")
_PART = re.compile(r"\.?([A-Za-z_][\w]*)|\[(\d+)\]")


def parse_path(text: str) -> Loc | None:
    """``('providers', 0, 'short_name')`` from ``providers[0].short_name`` (0-based, as code writes it).

    Keys of ``shares`` and ``weights`` are short names and may hold any character a
    short name can: everything after ``shares.`` is the key.
    """
    loc: list = []
    pos = 0
    while pos < len(text):
        if loc and loc[-1] in ("shares", "weights") and text[pos] == ".":
            loc.append(text[pos + 1 :])
            return tuple(loc)
        match = _PART.match(text, pos)
        if not match or (pos == 0 and text[0] == "."):
            return None
        loc.append(match.group(1) if match.group(1) else int(match.group(2)))
        pos = match.end()
    return tuple(loc) or None


def humanize_paths(message: str, data: Any) -> str:
    """Code-style paths inside a message (``providers[0].short_name``) as locations."""

    def replace(match: re.Match) -> str:
        loc = parse_path(match.group(1))
        return describe(loc, data) if loc else match.group(1)

    return _PATH.sub(replace, message)


def yaml_line(root: yaml.Node | None, loc: Loc, *, key: bool = False) -> int | None:
    """The 1-based line of the value at ``loc`` in a composed YAML tree (of its key, with ``key``).

    Where the path runs out (a missing field), the line of the deepest part that exists.
    """
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    parts = [p for p in loc if p != "[key]"]
    for i, part in enumerate(parts):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if pair is None:
                break
            node = pair[1]
            line = (pair[0] if key and i == len(parts) - 1 else pair[1]).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def yaml_scalar(root: yaml.Node | None, loc: Loc) -> yaml.ScalarNode | None:
    """The scalar node at ``loc``, to see what was typed (``node.value``) and how (``node.style``)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node if isinstance(node, yaml.ScalarNode) else None
