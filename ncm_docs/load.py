"""Reading a partnership file (YAML or JSON) into a validated ``Partnership``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import DataError, Problem
from .explain import TooLongNumber, explain_errors, explain_yaml_error
from .explain.values import MAX_INT_DIGITS
from .model import Partnership

#: Largest partnership file ncm-docs will read.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Most YAML aliases (``*name``) a file may use: enough for real files, too few for alias bombs.
MAX_ALIASES = 100
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 40
#: Most values a file may hold once aliases are expanded (a real partnership has a few thousand).
MAX_EXPANDED_NODES = 200_000


class _Guards:
    """Refusals added to PyYAML's safe loading: duplicate keys, alias bombs, deep nesting.

    They live in the composer and constructor, which are Python in both loaders below.
    """

    _aliases = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.YAMLError(
                    f"line {event.start_mark.line + 1}: more than {MAX_ALIASES} aliases "
                    "(refused: this looks like an alias bomb)"
                )
        depth = getattr(self, "_depth", 0) + 1
        if depth > MAX_DEPTH:
            event = self.peek_event()
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep")
        self._depth = depth
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth - 1

    def get_single_node(self):  # type: ignore[override]
        node = super().get_single_node()
        if node is not None and self._aliases:
            size = _expanded_size(node, {})
            if size > MAX_EXPANDED_NODES:
                raise yaml.YAMLError(
                    f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                    "(refused: this looks like an alias bomb)"
                )
        return node

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                continue
            if key in seen:
                raise yaml.YAMLError(
                    f"line {key_node.start_mark.line + 1}: duplicate key '{key}' "
                    f"(first given on line {seen[key]})"
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


#: YAML tags a partnership file never needs; they would build sets, bytes or ordered pairs.
_REFUSED_TAGS = {
    "tag:yaml.org,2002:set": "!!set (write a plain list: one '- ' line per entry)",
    "tag:yaml.org,2002:omap": "!!omap (write a plain section of 'key: value' lines)",
    "tag:yaml.org,2002:pairs": "!!pairs (write a plain section of 'key: value' lines)",
    "tag:yaml.org,2002:binary": "!!binary (write the text itself)",
}


def _refuse_tag(loader, node):
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {_REFUSED_TAGS[node.tag]} is not used in partnership files", node.start_mark
    )


def _timestamp(loader, node):
    """A date or date-time; an impossible one (2027-02-30, T25:00) stays text for the schema to explain."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _integer(loader, node):
    """An integer; one longer than Python reads from text is kept aside for the schema to refuse."""
    text = loader.construct_scalar(node)
    if sum(c.isdigit() for c in text) > MAX_INT_DIGITS:
        return TooLongNumber(text)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _add_constructors(loader) -> None:
    for tag in _REFUSED_TAGS:
        loader.add_constructor(tag, _refuse_tag)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    loader.add_constructor("tag:yaml.org,2002:int", _integer)


class _PySafeLoader(_Guards, yaml.SafeLoader):
    """The guarded safe loader on PyYAML's pure-Python scanner and parser."""


_add_constructors(_PySafeLoader)


if yaml.__with_libyaml__:
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.cyaml import CParser
    from yaml.resolver import Resolver

    class _SafeLoader(_Guards, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """The guarded safe loader with libyaml scanning and parsing (about 5x faster).

        libyaml only produces events; composing nodes (where the alias and depth limits
        are checked) and constructing values (duplicate keys) stay in Python.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _add_constructors(_SafeLoader)

else:  # pragma: no cover - PyYAML built without libyaml
    _SafeLoader = _PySafeLoader  # type: ignore[misc]


def safe_yaml(text: str) -> Any:
    """Plain data from YAML text with the guards above (no object tags, no duplicate keys,
    no alias bombs, bounded depth), libyaml-fast. Raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader subclass


def safe_yaml_node(text: str) -> Any:
    """The composed node tree of YAML text (for line numbers), with the same guards."""
    return yaml.compose(text, Loader=_SafeLoader)


def _expanded_size(node, memo: dict[int, int]) -> int:
    """How many values ``node`` holds with every alias expanded (memoised, so cheap)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # guards against recursive structures
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_EXPANDED_NODES + 1)
    return memo[key]


def read_data(path: Path) -> tuple[Any, bytes]:
    """Read a YAML or JSON file into plain Python data; return it with the raw bytes."""
    raw = read_bytes(path)
    return parse_data(path, raw), raw


def read_bytes(path: Path) -> bytes:
    """The bytes of a partnership file, refusing files over ``MAX_FILE_BYTES``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise DataError(f"{path}: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None


#: Files people give by mistake where a partnership file is wanted.
_NOT_DATA = {".docx": "a Word document", ".docm": "a Word document", ".doc": "a Word document", ".pdf": "a PDF",
             ".odt": "an OpenDocument text", ".xlsx": "a spreadsheet", ".xls": "a spreadsheet", ".zip": "a zip file"}


def parse_data(path: Path, raw: bytes) -> Any:
    """Parse the bytes of a YAML or JSON file (``path`` names it in errors)."""
    what = _NOT_DATA.get(path.suffix.lower())
    if what:
        raise DataError(f"{path}: this is {what}, not a partnership file: give the partnership's .yaml or .json file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}: line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    if path.suffix.lower() == ".json":
        return _parse_json(path, text)
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        if "could not determine a constructor" in str(exc):
            mark = exc.problem_mark or exc.context_mark
            tag = (exc.problem or "").split("tag ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
            raise DataError.from_problems([Problem(str(path), f"line {mark.line + 1}" if mark else "",
                                                   f"the tag {tag} is refused: tags that build Python objects are refused "
                                                   "(ncm-docs only reads plain data)")]) from None
        if isinstance(exc, yaml.constructor.ConstructorError) and exc.problem and exc.problem.startswith("the tag"):
            mark = exc.problem_mark
            raise DataError.from_problems([Problem(str(path), f"line {mark.line + 1}", exc.problem)]) from None
        line, message = explain_yaml_error(exc, text)
        raise DataError.from_problems([Problem(str(path), f"line {line}" if line else "", message)]) from None
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: {exc}") from None
    except RecursionError:
        raise DataError(f"{path}: nested more than {MAX_DEPTH} levels deep") from None


def _json_int(text: str) -> int | TooLongNumber:
    return TooLongNumber(text) if len(text.lstrip("-")) > MAX_INT_DIGITS else int(text)


def _parse_json(path: Path, text: str) -> Any:
    try:
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise DataError(f"{path}: nested more than {MAX_DEPTH} levels deep") from None
    if _depth(data) > MAX_DEPTH:
        raise DataError(f"{path}: nested more than {MAX_DEPTH} levels deep")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in parsed JSON (without recursion)."""
    deepest = 0
    todo = [(data, 1)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, (list, dict)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            todo += [(child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)]
    return deepest


def load_partnership(path: str | Path) -> Partnership:
    """Load and validate a partnership file.

    Raises ``DataError`` with one line per problem, each naming the file and field.
    """
    path = Path(path)
    data, raw = read_data(path)
    return validate_partnership(data, path, raw)


def validate_partnership(data: Any, path: Path | str = "<data>", raw: bytes | None = None) -> Partnership:
    """Validate already-parsed data as a partnership.

    Raises ``DataError`` with one problem per mistake, each naming the file, the field
    (list items counted from 1 and named) and, given the YAML file's ``raw`` bytes, the line.
    """
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of sections (partnership, document, providers, ...), got {_kind(data)}")
    try:
        return Partnership.model_validate(data)
    except ValidationError as exc:
        try:
            found = explain_errors(exc.errors(), data, Partnership, _yaml_tree(path, raw))
        except Exception:  # a gap in the translator must never hide the problem behind "Internal error"
            found = explain_errors(exc.errors(), data, Partnership, None, plain=True)
        raise DataError.from_problems([
            Problem(str(path), f"line {p.line}, {p.location}" if p.line and p.location else (f"line {p.line}" if p.line else p.location), p.message)
            for p in found
        ]) from None


def _yaml_tree(path: Path | str, raw: bytes | None):
    """The composed node tree of a YAML file (for lines and values as typed), or None."""
    if raw is None or Path(str(path)).suffix.lower() == ".json":
        return None
    try:
        return safe_yaml_node(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "an empty file"}.get(type(value), type(value).__name__)
