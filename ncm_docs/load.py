"""Reading a partnership file (YAML or JSON) into a validated ``Partnership``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import DataError
from .model import Partnership
from .model.fields import fields_at
from .suggest import suggest

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


class _PySafeLoader(_Guards, yaml.SafeLoader):
    """The guarded safe loader on PyYAML's pure-Python scanner and parser."""


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


def parse_data(path: Path, raw: bytes) -> Any:
    """Parse the bytes of a YAML or JSON file (``path`` names it in errors)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}: line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    else:
        try:
            data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = exc.problem or exc.context or "invalid YAML"
            if "could not determine a constructor" in str(exc):
                problem = f"{problem} (tags that build Python objects are refused: ncm-docs only reads plain data)"
            raise DataError(f"{path}: {where}invalid YAML: {problem}") from None
        except yaml.YAMLError as exc:
            raise DataError(f"{path}: invalid YAML: {exc}") from None
        except RecursionError:
            raise DataError(f"{path}: invalid YAML: nested too deeply") from None
    return data


def load_partnership(path: str | Path) -> Partnership:
    """Load and validate a partnership file.

    Raises ``DataError`` with one line per problem, each naming the file and field.
    """
    path = Path(path)
    data, _ = read_data(path)
    return validate_partnership(data, path)


def validate_partnership(data: Any, path: Path | str = "<data>") -> Partnership:
    """Validate already-parsed data as a partnership."""
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of sections (partnership, document, providers, ...), got {_kind(data)}")
    try:
        return Partnership.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path}: {format_error(err)}" for err in exc.errors()]
        raise DataError("\n".join(_dedupe(lines))) from None


def format_error(err: dict) -> str:
    """One readable line for one pydantic error: ``field.path: what is wrong``."""
    loc = _loc_text(err["loc"])
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        if not loc:  # a model-level validator: its lines already carry their field paths
            return message
        return f"{loc}: {message}"
    if kind in {"literal_error", "enum"}:
        expected = ctx.get("expected", "")
        return f"{loc}: {value!r} is not one of {expected}"
    if kind == "union_tag_invalid":
        return f"{loc}: {ctx.get('tag')!r} is not one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"{loc}: missing '{ctx.get('discriminator', 'kind').strip(chr(39))}' (one of the alternatives must be named)"
    if kind == "missing":
        return f"{loc}: required field is missing"
    if kind == "extra_forbidden":
        field = str(err["loc"][-1])
        hint = suggest(field, _allowed_keys(err["loc"][:-1]))
        return f"{loc}: unknown field{hint}"
    return f"{loc}: {err['msg']}" + (f" (got {_short(value)})" if kind.endswith("_type") or kind.endswith("_parsing") else "")


def _allowed_keys(parent_loc) -> list[str]:
    """The field names allowed at ``parent_loc`` in the schema (for did-you-mean)."""
    return fields_at(Partnership, [p for p in parent_loc if isinstance(p, str)])


def _loc_text(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {"unanimity", "majority", "weighted", "consensus", "equal", "proportional", "fixed"}:
            continue  # union tags pydantic inserts; the user never wrote them
        else:
            out += ("." if out else "") + str(part)
    return out


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "an empty file"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dedupe(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))
