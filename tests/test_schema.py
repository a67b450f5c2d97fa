"""The JSON Schema (``ncm-docs schema``) agrees with the tool and explains every field.

Agreement, both ways where a schema can say it: every sample and starter file the tool
accepts, the schema accepts; every typical mistake a schema can express (a wrong type, an
impossible date, a value out of range, a misspelt key), the schema rejects too. What
a JSON Schema cannot say (cross-references, "exactly one lead provider") only the tool
checks. Values are read as an editor's YAML 1.2 language server reads them: dates as text.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
from click.testing import CliRunner

from helpers import ROOT
from ncm_docs.cli import main
from ncm_docs.explain import TooLongNumber
from ncm_docs.load import safe_yaml
from ncm_docs.model import Partnership
from ncm_docs.model.help import all_models, field_help, field_names, help_table
from ncm_docs.starter import SHAPES, starter_text
from test_mistakes import MISTAKES


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.output)


def _as_editor_reads(value):
    """Parsed YAML as JSON types: dates as the text they were typed as."""
    if isinstance(value, dict):
        return {str(k): _as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_reads(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, TooLongNumber):
        return 10 ** 100  # as large as matters: no field takes it
    return value


def _errors(schema: dict, data) -> list:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(_as_editor_reads(data)))


def test_the_schema_is_a_valid_2020_12_schema_with_an_id(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:ncm-docs:partnership-schema:")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_field_has_a_title_and_a_plain_description(schema):
    models = all_models(Partnership)
    count = 0
    for name, definition in [("Partnership", schema), *schema["$defs"].items()]:
        for key, prop in definition.get("properties", {}).items():
            count += 1
            assert (prop.get("title"), prop.get("description")) == field_help(models[name], key), (name, key)
            assert len(prop["description"]) > 20, key
            for jargon in ("pydantic", "regex", "Decimal", "None", "str", "int", "bool", "dict"):
                assert not re.search(rf"\b{jargon}\b", prop["description"]), (key, jargon)
    assert count > 120


def test_the_help_table_names_only_fields_that_exist():
    models = all_models(Partnership)
    names = {cls.__name__: cls for m in models.values() for cls in m.__mro__}
    for model_name, fields in help_table().items():
        assert model_name in names, model_name
        model = names[model_name]
        known = set(field_names(model)) if hasattr(model, "model_fields") else set()
        subclasses = [m for m in models.values() if issubclass(m, model)]
        known |= {f for m in subclasses for f in field_names(m)}
        for field in fields:
            assert field in known, (model_name, field)


SAMPLES = sorted((ROOT / "samples").rglob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_sample_is_valid_against_the_schema(schema, path):
    data = safe_yaml(path.read_text(encoding="utf-8"))
    assert _errors(schema, data) == []


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_starter_is_valid_against_the_schema(schema, shape):
    assert _errors(schema, safe_yaml(starter_text(shape))) == []


def test_money_as_people_write_it_is_valid_against_the_schema(schema):
    data = safe_yaml((ROOT / "samples" / "northshire.yaml").read_text(encoding="utf-8"))
    data["head_contract"]["annual_value"] = "£181,700,000"
    data["services"][0]["annual_value"] = "121,500,000.50"
    assert _errors(schema, data) == []
    data["services"][0]["annual_value"] = "£121.5m"
    assert _errors(schema, data)


#: Mistakes the tool rejects that a JSON Schema cannot express, with the reason.
SCHEMA_CANNOT_SAY = {
    "money-tenths-of-pence": "decimal places of a number",
    "duplicate-short-name": "uniqueness across lists",
    "unknown-provider": "a cross-reference",
    "two-leads": "exactly one item with lead: true",
}


def _parses(mistake) -> bool:
    try:
        safe_yaml(mistake.content())
        return True
    except Exception:  # not YAML at all (layout, tags): an editor shows the syntax error itself
        return False


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m.name.endswith(".yaml") and _parses(m)], ids=lambda m: m.id)
def test_the_schema_rejects_the_typical_mistakes_too(schema, mistake):
    data = safe_yaml(mistake.content())
    if mistake.id in SCHEMA_CANNOT_SAY:
        assert _errors(schema, data) == [], "the schema now says this: remove it from SCHEMA_CANNOT_SAY"
    else:
        assert _errors(schema, data), f"the schema accepts {mistake.id}"
