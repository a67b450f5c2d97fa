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
    _forms_the_loader_accepts(schema.get("$defs", {}))
    return {"$schema": SCHEMA_DIALECT, "$id": schema_id, **schema}


#: Models a file may also give in a shorter form the loader turns into the full one.
_SHORT_FORMS = {"KPI": {"type": "string", "minLength": 1, "description": "A KPI given by its name alone."}}
#: Fields a provider takes from its commissioner entry when it is the same body (``commissioner:``).
_SAME_BODY_FIELDS = ("legal_name", "short_name", "address", "signatory", "kind")


def _forms_the_loader_accepts(defs: dict) -> None:
    """What the schema must accept besides each model's own object: a KPI as a bare name, and a
    provider that names its commissioner entry without repeating the fields it takes from it."""
    for name, short in _SHORT_FORMS.items():
        if name in defs:
            full = defs[name]
            defs[name] = {k: full[k] for k in ("title", "description") if k in full}
            defs[name]["anyOf"] = [short, {k: v for k, v in full.items() if k not in ("title",)}]
    provider = defs.get("Provider")
    if provider and "commissioner" in provider.get("properties", {}):
        taken = [f for f in _SAME_BODY_FIELDS if f in provider.get("required", [])]
        provider["required"] = [f for f in provider.get("required", []) if f not in taken]
        provider["if"] = {"not": {"required": ["commissioner"]}}
        provider["then"] = {"required": taken}
    for name in ("HeadContract", "Subcontract"):  # a payment profile may give year 1's value instead
        contract = defs.get(name)
        if contract and "payment_profile" in contract.get("properties", {}) and "annual_value" in contract.get("required", []):
            contract["required"] = [f for f in contract["required"] if f != "annual_value"]
            contract["if"] = {"not": {"required": ["payment_profile"]}}
            contract["then"] = {"required": ["annual_value"]}


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
