"""Writing edited partnership data back into its file, keeping comments and key order.

The file is read again as a round-trip document (``ruamel.yaml``) and the new data is
merged into it: unchanged values keep their exact spelling and quoting, comments and
key order stay, changed values are replaced in place, new keys go after their
neighbours in schema order, removed keys and list items go. Keys the form has no field
for are kept (``schemaform.carry_unknown``). JSON files are rewritten as indented JSON in
their own key order. The input has always been through the guarded loader first
(``load.parse_data``), so aliases, depth and duplicate keys are already bounded.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
from pathlib import PurePosixPath

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
import yaml
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from ..errors import DataError
from ..load import parse_data
from .schemaform import FieldSpec, form_spec

_STYLED = (FoldedScalarString, LiteralScalarString)
#: PyYAML's resolver: the loader ncm-docs reads files with (YAML 1.1, where ``yes`` is true).
_RESOLVER = yaml.resolver.Resolver()


def updated_file(name: str, original: bytes, data: dict) -> bytes:
    """The bytes of ``name`` with ``data`` (plain partnership data) merged into ``original``."""
    parse_data(PurePosixPath(name), original)  # the hostile-input guards, before any round-trip load
    text = original.decode("utf-8-sig")
    if PurePosixPath(name).suffix.lower() == ".json":
        merged = merge(json.loads(text) if text.strip() else {}, data, form_spec())
        return (json.dumps(merged, indent=2, ensure_ascii=False, default=_json_default) + "\n").encode("utf-8")
    writer = _yaml(*guess_indent(text))
    try:
        document = writer.load(text) if text.strip() else CommentedMap()
    except Exception as exc:  # ruamel raises many kinds; the guarded loader already accepted the text
        raise DataError(f"{name}: cannot be updated in place ({exc})") from None
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
    merged = merge(document, data, form_spec())
    out = io.StringIO()
    writer.dump(merged, out)
    return out.getvalue().encode("utf-8")


def guess_indent(text: str) -> tuple[int, int]:
    """(mapping indent, offset of a sequence's dash under its key) as the file writes them."""
    mapping, offset = None, None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for above, line in zip(lines, lines[1:]):
        if not above.rstrip().endswith(":"):
            continue
        parent = len(above) - len(above.lstrip())
        child = len(line) - len(line.lstrip())
        if child <= parent and not line.lstrip().startswith("- "):
            continue
        if line.lstrip().startswith("- "):
            offset = offset if offset is not None else child - parent
        else:
            mapping = mapping if mapping is not None else child - parent
        if mapping is not None and offset is not None:
            break
    return mapping or 2, offset if offset is not None else 2


def _yaml(mapping: int, offset: int) -> YAML:
    writer = YAML(typ="rt")
    writer.preserve_quotes = True
    writer.width = 4096  # never re-wrap a long line
    writer.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return writer


def merge(original, new, spec: FieldSpec | None):
    """``new`` written over ``original`` (see the module docstring); returns the merged value."""
    if isinstance(new, dict) and isinstance(original, dict):
        return _merge_mapping(original, new, spec)
    if isinstance(new, list) and isinstance(original, list):
        item = spec.item if spec is not None and spec.widget == "list" else None
        for i, value in enumerate(new[: len(original)]):
            merged = merge(original[i], value, item)
            if merged is not original[i]:
                original[i] = merged
        del original[len(new):]
        for value in new[len(original):]:
            original.append(_fresh(value))
        return original
    if _same(original, new):
        return original
    if isinstance(original, _STYLED) and isinstance(new, str):
        return type(original)(new)
    return _fresh(new)


def _merge_mapping(original: dict, new: dict, spec: FieldSpec | None) -> dict:
    known = _known_keys(spec)
    for key in [k for k in original if k not in new and (known is None or k in known)]:
        del original[key]
    order = list(new)
    for position, (key, value) in enumerate(new.items()):
        child = _child(spec, key)
        if key in original:
            merged = merge(original[key], value, child)
            if merged is not original[key]:
                original[key] = merged
            continue
        if child is not None and child.has_default and _same(child.default, value):
            continue  # a default the file never spelt out stays unsaid
        before = [k for k in order[:position] if k in original]
        if isinstance(original, CommentedMap) and before:
            original.insert(list(original).index(before[-1]) + 1, key, _fresh(value))
        elif isinstance(original, CommentedMap) and original:
            original.insert(0, key, _fresh(value))
        else:
            original[key] = _fresh(value)
    return original


def _known_keys(spec: FieldSpec | None) -> set | None:
    if spec is None or spec.widget == "map":
        return None
    keys = {f.key for f in spec.fields} | {f.key for fs in spec.variants.values() for f in fs}
    if spec.discriminator:
        keys.add(spec.discriminator)
    return keys


def _child(spec: FieldSpec | None, key: str) -> FieldSpec | None:
    if spec is None:
        return None
    if spec.widget == "map":
        return spec.item
    return spec.child(key)


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, _dt.date) and isinstance(b, _dt.date):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        return False
    return a is None and b is None


def _fresh(value):
    """A new value for the document: multi-line text as a literal block, text that YAML 1.1
    would read as something else (``yes``, ``0777``, ``1.0``, ``2027-01-01``) quoted,
    containers as round-trip ones."""
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _fresh(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    return value


def _json_default(value):
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
