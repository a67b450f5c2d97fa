"""Rule cases as data: ``cases/<rule id>.yaml`` holds a ``trigger`` and a ``clean`` case.

A model-rule case is a patch to the seed partnership (``set``, ``append``, ``delete``,
paths dotted with list indices). A document-rule case builds the seed pack with the
test clause library (optionally patched: ``partnership``; drafted with ``build.only``)
and then makes hand edits to it (``edits``, see ``pack_edits.py``). A case file with
``library: bundled`` builds with the bundled clause library instead: the rules that read
what clauses say (NCM213 to NCM219) are tested against the library's real wording.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
LIBRARY = HERE / "library"


def load_case(rule_id: str) -> dict:
    """The case file of a rule."""
    return yaml.safe_load((CASES / f"{rule_id}.yaml").read_text(encoding="utf-8")) or {}


def _walk(data, path: str):
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, (int(last) if isinstance(node, list) else last)


def patched(seed: dict, patch: dict | None) -> dict:
    """A deep copy of ``seed`` with ``patch`` applied: set, then append, then delete."""
    data = copy.deepcopy(seed)
    patch = patch or {}
    for path, value in (patch.get("set") or {}).items():
        node, key = _walk(data, path)
        node[key] = copy.deepcopy(value)
    for path, value in (patch.get("append") or {}).items():
        node, key = _walk(data, path)
        node[key].append(copy.deepcopy(value))
    for path in sorted(patch.get("delete") or [], key=lambda p: [int(x) if x.isdigit() else 0 for x in p.split(".")], reverse=True):
        node, key = _walk(data, path)
        del node[key]
    return data
