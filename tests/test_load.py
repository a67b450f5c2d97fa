"""Reading partnership files: every problem is one readable line naming file and field."""

from __future__ import annotations

import copy
import json

import pytest

from ncm_docs.errors import DataError
from ncm_docs.load import load_partnership


def _error(write_partnership, data, name="partnership.yaml") -> str:
    path = write_partnership(data, name)
    with pytest.raises(DataError) as info:
        load_partnership(path)
    return str(info.value)


def test_seed_sample_loads(seed):
    assert seed.lead_provider.short_name == "NHFT"
    assert [p.short_name for p in seed.subcontractors] == ["NWMH", "NGPF", "NCH"]
    assert sum(seed.risk_shares.values()) == 100


def test_unknown_enum_value_names_file_field_and_choices(write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    data["providers"][2]["kind"] = "trsut"
    message = _error(write_partnership, data)
    assert "partnership.yaml, line 85, providers[3] (NGPF).kind: 'trsut' is not one of the choices" in message
    assert "nhs_trust" in message


def test_unknown_field_suggests_the_right_one(write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    data["alliance"]["governance"]["quorom"] = data["alliance"]["governance"].pop("quorum")
    message = _error(write_partnership, data)
    assert "alliance.governance: unknown field 'quorom': did you mean 'quorum'? ('quorum' is required and missing)" in message
    assert len(message.splitlines()) == 1  # the missing quorum is the same problem, not a second one


def test_wrong_type_is_reported_with_the_value(write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    data["head_contract"]["annual_value"] = "lots"
    assert "head_contract.annual_value:" in _error(write_partnership, data)


def test_duplicate_short_names_and_two_leads(write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    data["providers"][1]["short_name"] = "nhft"
    data["providers"][1]["lead"] = True
    message = _error(write_partnership, data)
    assert "providers[2] (nhft).short_name: 'nhft' is already used by providers[1] (NHFT).short_name" in message
    assert "exactly one provider must have 'lead: true' (found 2" in message


def test_reference_to_unknown_party(write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    data["subcontracts"][0]["provider"] = "NOPE"
    message = _error(write_partnership, data)
    assert "subcontracts[1] (NOPE).provider: 'NOPE' is not a known provider" in message


def test_control_characters_are_rejected(write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    data["providers"][0]["legal_name"] = "Bad\x07Name"
    assert "providers[1] (NHFT).legal_name: " in _error(write_partnership, data)
    assert "U+0007" in _error(write_partnership, data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("partnership: [unclosed\n", "bracket opened on this line is not closed"),
        ("a: 1\na: 2\n", "line 2: duplicate key 'a' (first given on line 1)"),
        ("x: !!python/object/apply:os.system ['true']\n", "refused"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_bad_yaml(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_partnership(path)
    assert str(info.value).startswith(f"{path}")
    assert expected in str(info.value)


def test_yaml_error_gives_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("partnership:\n  name: x\n  area: [a, b\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.yaml, line 3: a bracket opened on this line is not closed"):
        load_partnership(path)


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="alias bomb"):
        load_partnership(path)


def test_non_utf8_bytes(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("partnership:\n  name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"line 2: not valid UTF-8"):
        load_partnership(path)


def test_json_partnership_loads(tmp_path, seed_data):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(seed_data, default=str), encoding="utf-8")
    assert load_partnership(path).partnership.short_name == "NICP"


def test_schema_export_uses_yaml_names():
    from ncm_docs.model import Partnership

    schema = json.dumps(Partnership.model_json_schema(by_alias=True))
    assert '"from"' in schema and '"decision_rule"' in schema


def test_computed_shares_always_sum_to_exactly_100(write_partnership, seed_data):
    from decimal import Decimal

    for method in ("equal", "proportional"):
        data = copy.deepcopy(seed_data)
        data["providers"] = data["providers"][:3]
        data["subcontracts"] = data["subcontracts"][:2]
        data["alliance"]["governance"]["representatives"] = data["alliance"]["governance"]["representatives"][:3]
        data["alliance"]["shared_pot"]["contributions"] = data["alliance"]["shared_pot"]["contributions"][:3]
        data["alliance"]["information_sharing"]["flows"] = data["alliance"]["information_sharing"]["flows"][:2]
        data["alliance"]["governance"]["quorum"] = 3
        data["alliance"]["risk_gain_share"] = {"method": method}
        shares = load_partnership(write_partnership(data)).risk_shares
        assert sum(shares.values()) == Decimal(100), (method, shares)
        assert len(shares) == 3
