"""Titles and plain-English descriptions of the schema's fields (``field_help.yaml``).

The JSON Schema, the starter file of ``ncm-docs init`` and the error messages all take
their wording from this one table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

from .fields import _models_in

_TABLE = Path(__file__).with_name("field_help.yaml")

#: Where the schema says it comes from; editors show it, validators use it as the base URI.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@lru_cache(maxsize=1)
def help_table() -> dict[str, dict[str, tuple[str, str]]]:
    """Model name -> field name -> (title, description)."""
    data = yaml.safe_load(_TABLE.read_text(encoding="utf-8"))
    return {model: {name: (pair[0], pair[1]) for name, pair in fields.items()} for model, fields in data.items()}


def field_help(model: type[BaseModel], field: str) -> tuple[str, str] | None:
    """(title, description) of ``field`` (its alias, as written in a file) of ``model``."""
    table = help_table()
    for cls in model.__mro__:
        entry = table.get(cls.__name__, {}).get(field)
        if entry:
            return entry
    return None


def all_models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from ``root``, by class name."""
    found: dict[str, type[BaseModel]] = {}
    todo = [root]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            todo += _models_in(info.annotation)
    return found


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a file writes for ``model``'s fields (aliases where a field has one)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def schema_with_help(root: type[BaseModel], schema_id: str) -> dict:
    """``root``'s JSON Schema with every field's title and description from the table."""
    schema = root.model_json_schema(by_alias=True)
    models = all_models(root)
    for name, definition in [(root.__name__, schema), *schema.get("$defs", {}).items()]:
        model = models.get(name)
        if model is None:
            continue
        infos = {info.alias or name: info for name, info in model.model_fields.items()}
        for key, prop in definition.get("properties", {}).items():
            entry = field_help(model, key)
            if entry:
                prop["title"], prop["description"] = entry
            if key in infos:
                _field_bounds(prop, infos[key].metadata)
            _closed_keys(prop)
            if (name, key) in _ALSO_A_NAME:
                prop["items"] = {"anyOf": [{"type": "string", "minLength": 1}, prop["items"]]}
        if name in _REQUIRED_ONE_OF:
            _required_one_of(definition, _REQUIRED_ONE_OF[name])
    return {"$schema": SCHEMA_DIALECT, "$id": schema_id, **schema}


#: Models whose validators fill some fields from others, so a file may give either set of keys:
#: a body in two roles takes its name, address and signatory from its commissioner entry; a
#: contract's annual value can come from year 1 of its payment profile.
_REQUIRED_ONE_OF: dict[str, tuple[tuple[str, ...], ...]] = {
    "Provider": (("legal_name", "short_name", "address", "signatory", "kind"), ("commissioner",)),
    "HeadContract": (("annual_value",), ("payment_profile",)),
    "Subcontract": (("annual_value",), ("payment_profile",)),
}
#: Lists whose items may also be written as a bare name (older files: a KPI as its name alone).
_ALSO_A_NAME = {("Alliance", "kpis")}


def _required_one_of(definition: dict, alternatives: tuple[tuple[str, ...], ...]) -> None:
    """Needs all the keys of one alternative, instead of every key of all of them."""
    named = {key for alternative in alternatives for key in alternative}
    required = [key for key in definition.get("required", []) if key not in named]
    if required:
        definition["required"] = required
    else:
        definition.pop("required", None)
    definition["anyOf"] = [{"required": list(alternative)} for alternative in alternatives]


#: Field-level bounds (``Field(gt=50)``) and their JSON Schema keywords.
_BOUNDS = {Gt: ("exclusiveMinimum", "gt"), Ge: ("minimum", "ge"), Lt: ("exclusiveMaximum", "lt"), Le: ("maximum", "le")}


def _field_bounds(prop: dict, metadata: list) -> None:
    """Bounds a field adds to its type, which a type's own fixed schema (``WithJsonSchema``) leaves out."""
    numeric = [s for s in [prop, *prop.get("anyOf", [])] if s.get("type") in ("number", "integer")]
    for item in metadata:
        keyword = _BOUNDS.get(type(item))
        if keyword:
            for schema in numeric:
                schema[keyword[0]] = getattr(item, keyword[1])


def _closed_keys(prop: dict) -> None:
    """A map whose keys must match a pattern (short names) takes no other keys."""
    for schema in [prop, *prop.get("anyOf", [])]:
        if "patternProperties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
