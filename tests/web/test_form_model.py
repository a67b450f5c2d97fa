"""The form generated from the schema, reading it back, saving into YAML, and the HTML preview."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import yaml

from ncm_docs.load import parse_data
from ncm_docs.web.schemaform import STEPS, field_errors, finding_path, form_spec, read_form, spec_at, unflatten
from ncm_docs.web.yamlsave import updated_file

SEED = Path(__file__).resolve().parents[2] / "samples" / "northshire.yaml"


def test_every_schema_field_is_on_exactly_one_step():
    shown = [path for _, paths in STEPS for path in paths]
    assert len(shown) == len(set(shown))
    covered = set()
    for path in shown:
        covered.add(path.split(".")[0] if path.count(".") == 0 else path)
    top = {f.key for f in form_spec().fields}
    alliance = {f"alliance.{f.key}" for f in spec_at("alliance").fields}
    assert top - {"alliance"} <= covered
    assert alliance <= covered


def test_widgets_follow_the_schema():
    assert spec_at("document.agreement_date").widget == "date"
    assert spec_at("services").item.child("annual_value").unit == "£"
    assert spec_at("alliance.risk_gain_share").variants["fixed"][-1].widget == "map"
    assert spec_at("alliance.governance.chair").widget == "ref"
    assert spec_at("head_contract.services").widget == "refs"
    assert spec_at("alliance.governance.quorum").unit == "members"
    assert dict(spec_at("providers").item.child("kind").choices)["nhs_foundation_trust"] == "NHS foundation trust"
    assert spec_at("alliance.governance.alliance_manager").optional


def test_unflatten_and_read_form_type_values_as_yaml_would():
    items = [("partnership.name", "A"), ("providers[3].short_name", "X"), ("providers[1].short_name", "Y"),
             ("head_contract.annual_value", "1,500,000"), ("head_contract.term.commencement", "2027-04-01"),
             ("head_contract.term.initial_years", "10"), ("alliance.governance.decision_rule.kind", "majority"),
             ("alliance.governance.decision_rule.threshold_percent", "66.5"), ("alliance.governance.decision_rule.escalate_after_days", "9"),
             ("alliance.nhs_contract", "false"), ("alliance.nhs_contract", "true"), ("head_contract.services", ""),
             ("head_contract.services", "ACUTE"), ("_csrf", "t")]
    assert unflatten([("a[0].b", "1")]) == {"a": {0: {"b": ["1"]}}}
    data = read_form(items)
    assert [p["short_name"] for p in data["providers"]] == ["Y", "X"]
    assert data["head_contract"]["annual_value"] == 1500000
    assert data["head_contract"]["term"]["commencement"] == dt.date(2027, 4, 1)
    assert data["alliance"]["governance"]["decision_rule"] == {"kind": "majority", "threshold_percent": 66.5}
    assert data["alliance"]["nhs_contract"] is True
    assert data["head_contract"]["services"] == ["ACUTE"]
    assert "_csrf" not in data


def test_errors_are_placed_on_their_fields_in_plain_english():
    from pydantic import ValidationError

    from ncm_docs.model import Partnership

    data = parse_data(SEED, SEED.read_bytes())
    data["providers"][0]["short_name"] = "bad/name"
    data["alliance"]["governance"]["quorum"] = "four"
    data["subcontracts"][0]["provider"] = "NOPE"
    try:
        Partnership.model_validate(data)
    except ValidationError as exc:
        errors = dict(field_errors(exc.errors()))
    assert errors["providers[0].short_name"].startswith("Use up to 40 letters")
    assert errors["alliance.governance.quorum"] == "Enter a whole number."
    data["providers"][0]["short_name"] = "NHFT"
    data["alliance"]["governance"]["quorum"] = 4
    try:
        Partnership.model_validate(data)
    except ValidationError as exc:
        errors = dict(field_errors(exc.errors()))
    assert "is not a known provider" in errors["subcontracts[0].provider"]
    assert finding_path("providers[1] (NWMH)") == "providers[1]"
    assert finding_path("subcontracts[*].annual_value") == "subcontracts.annual_value"


def test_an_unchanged_save_is_byte_for_byte_the_file():
    for sample in sorted(SEED.parent.glob("*.yaml")):
        raw = sample.read_bytes()
        assert updated_file(sample.name, raw, parse_data(sample, raw)) == raw, sample.name


def test_a_save_changes_only_what_changed_and_keeps_comments():
    raw = SEED.read_bytes()
    data = parse_data(SEED, raw)
    changed = copy.deepcopy(data)
    changed["alliance"]["governance"]["deadlock_escalation"].pop()
    changed["observers"][0]["receives"] = ["minutes"]
    out = updated_file("northshire.yaml", raw, changed).decode("utf-8")
    assert out.startswith("# Northshire Integrated Care Partnership: the seed sample.")
    assert "independent facilitator" not in out
    assert "receives: [minutes]" in out
    assert yaml.safe_load(out)["alliance"]["governance"]["quorum"] == 4


def test_a_json_file_is_saved_as_json_in_its_own_order(tmp_path):
    data = parse_data(SEED, SEED.read_bytes())
    import json

    raw = json.dumps(data, default=str, indent=2).encode("utf-8")
    changed = copy.deepcopy(data)
    changed["partnership"]["area"] = "the Shire"
    out = json.loads(updated_file("p.json", raw, changed))
    assert out["partnership"]["area"] == "the Shire" and list(out) == list(data)


def test_the_preview_html_has_numbers_headings_terms_tables_and_escapes_text(seed, library):
    from ncm_docs.assemble import assemble_all
    from ncm_docs.web.htmldoc import document_html

    doc = next(d for d in assemble_all(seed, library) if d.kind == "alliance-agreement")
    html = str(document_html(doc, {"alliance.decision-making": "unanimity"}))
    assert '<h2 class="doc-title">' in html and "Dated 15 March 2027" in html
    assert 'data-clause="alliance.decision-making"' in html and 'data-choice="unanimity"' in html
    assert '<span class="num">' in html and "<table>" in html and '<th scope="col">' in html
    assert '<a class="xref" href="#c-' in html and '<a class="term" href="#t-' in html and "<dfn" in html
    assert 'class="doc-part">Schedules<' in html


def test_user_text_in_the_preview_is_escaped(seed_data, library):
    from ncm_docs.assemble import assemble_all
    from ncm_docs.load import validate_partnership
    from ncm_docs.web.htmldoc import document_html

    data = copy.deepcopy(seed_data)
    data["providers"][1]["legal_name"] = "Evil <script>alert(1)</script> Trust"
    partnership = validate_partnership(data)
    html = "".join(str(document_html(d)) for d in assemble_all(partnership, library))
    assert "<script>" not in html and "Evil &lt;script&gt;alert(1)&lt;/script&gt; Trust" in html
