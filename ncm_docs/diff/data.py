"""What changed in the partnership data between two versions, in words a reviewer reads.

Lists of parties, services, contracts and flows are matched by their natural key
(short name, id, provider...), so a provider added in the middle of the list is one
addition, not every later provider changed. Knows nothing about Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys that name an item of a list, tried in this order.
ITEM_KEYS = ("short_name", "id", "provider", "party", "name")


@dataclass
class DataChange:
    """One change: ``kind`` is changed, added or removed; ``path`` like ``providers[HOSP]``."""

    path: str
    kind: str
    old: Any = None
    new: Any = None
    affects: list[tuple[str, str]] = field(default_factory=list)  # (document file, clause id or "" for all of it)

    def describe(self) -> str:
        """One line: ``alliance.governance.decision_rule.kind: unanimity -> majority``."""
        if self.kind == "added":
            return f"{self.path}: added {_show(self.new)}"
        if self.kind == "removed":
            return f"{self.path}: removed {_show(self.old)}"
        return f"{self.path}: {_show(self.old)} -> {_show(self.new)}"

    def as_json(self) -> dict:
        return {
            "path": self.path, "kind": self.kind, "old": self.old, "new": self.new,
            "summary": self.describe(),
            "affects": [{"document": d, "clause": c} for d, c in self.affects],
        }


def diff_data(old: Any, new: Any, path: str = "") -> list[DataChange]:
    """Every change between two JSON-like values (dicts, lists, scalars)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[DataChange] = []
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(DataChange(sub, "removed", old[key], None))
            elif key not in old:
                out.append(DataChange(sub, "added", None, new[key]))
            else:
                out += diff_data(old[key], new[key], sub)
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _diff_list(old, new, path)
    if old != new:
        return [DataChange(path, "changed", old, new)]
    return []


def _diff_list(old: list, new: list, path: str) -> list[DataChange]:
    key = _item_key(old + new)
    if key is None:
        if all(not isinstance(x, (dict, list)) for x in old + new):
            return [DataChange(f"{path}[]", "removed", x) for x in old if x not in new] + [
                DataChange(f"{path}[]", "added", None, x) for x in new if x not in old
            ]
        out = []
        for index in range(max(len(old), len(new))):
            sub = f"{path}[{index}]"
            if index >= len(new):
                out.append(DataChange(sub, "removed", old[index]))
            elif index >= len(old):
                out.append(DataChange(sub, "added", None, new[index]))
            else:
                out += diff_data(old[index], new[index], sub)
        return out
    old_items = {x[key]: x for x in old}
    new_items = {x[key]: x for x in new}
    out = []
    for name, item in old_items.items():
        sub = f"{path}[{name}]"
        if name not in new_items:
            out.append(DataChange(sub, "removed", item))
        else:
            out += diff_data(item, new_items[name], sub)
    out += [DataChange(f"{path}[{name}]", "added", None, item) for name, item in new_items.items() if name not in old_items]
    return out


def _item_key(items: list) -> str | None:
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for key in ITEM_KEYS:
        values = [x.get(key) for x in items]
        if all(isinstance(v, (str, int)) for v in values):
            return key
    return None


def _show(value: Any) -> str:
    if isinstance(value, dict):
        name = next((value[k] for k in ("legal_name", "name", "short_name", "id") if isinstance(value.get(k), str)), None)
        key = next((value[k] for k in ITEM_KEYS if isinstance(value.get(k), str)), None)
        if name and key and name != key:
            return f"{key} ({name})"
        return name or key or "{...}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)
