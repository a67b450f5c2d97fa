"""``ncm-docs check`` end to end: hand-edited packs, samples, exit codes, build refusal, README."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from helpers import ROOT, run_cli
from rule_cases import LIBRARY, patched

import pack_edits
from ncm_docs.checks.facts import occurrences
from ncm_docs.pack import build_pack

SAMPLES = sorted((ROOT / "samples").glob("*.yaml")) + sorted((ROOT / "samples" / "history").glob("*.yaml"))


run = run_cli  # the suite's one CliRunner wrapper (tests/helpers.py)


@pytest.fixture
def pack(tmp_path, seed_data):
    """A fresh seed pack, built with the test clause library."""
    path = tmp_path / "northshire.yaml"
    path.write_text(yaml.safe_dump(seed_data, sort_keys=False), encoding="utf-8")
    folder = tmp_path / "pack"
    build_pack(path, folder, clauses_dir=LIBRARY)
    return folder


def _json(result) -> list[dict]:
    return json.loads(result.stdout)


def test_a_pack_as_built_checks_clean(pack):
    result = run("check", pack, "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == f"{pack}: no problems found"
    assert _json(run("check", pack, "--format", "json")) == []


def test_renaming_a_party_in_one_subcontract(pack):
    pack_edits.replace_text(pack / "subcontract-ngpf.docx", "Northshire GP Federation Limited", "Northshire GP Federation Ltd")
    result = run("check", pack)
    assert result.exit_code == 1
    findings = _json(run("check", pack, "--format", "json"))
    names = [f for f in findings if f["rule"] == "NCM203"]
    assert names and all(f["documents"][0] == "subcontract-ngpf.docx" for f in names)
    assert "'Northshire GP Federation Ltd'" in names[0]["message"] and "alliance-agreement.docx" in names[0]["message"]
    # human output: grouped under the file, with the rule id
    text = result.stdout
    assert re.search(r"^subcontract-ngpf\.docx\n  NCM203 error ", text, re.MULTILINE)


def test_changing_a_percentage_in_one_document(pack):
    pack_edits.replace_text(pack / "subcontract-nwmh.docx", "takes 25%", "takes 30%")
    findings = _json(run("check", pack, "--format", "json"))
    facts = [f for f in findings if f["rule"] == "NCM204"]
    assert len(facts) == 1
    assert facts[0]["documents"] == ["subcontract-nwmh.docx", "alliance-agreement.docx"]
    assert "NWMH's risk/gain share reads '30%'" in facts[0]["message"]
    assert facts[0]["severity"] == "error" and facts[0]["location"] == "t.sub.terms"


def test_deleting_a_document(pack):
    (pack / "subcontract-nch.docx").unlink()
    result = run("check", pack)
    assert result.exit_code == 1
    assert "NCM201 error   subcontract-nch.docx is missing from the pack folder" in result.stdout


def test_editing_a_clause_is_reported_with_the_changed_text(pack):
    pack_edits.replace_text(pack / "alliance-agreement.docx", "share risk and gain as follows", "share risk and gain equally, as follows")
    result = run("check", pack)
    assert result.exit_code == 0, "an edit alone is a warning"
    assert run("check", pack, "--strict").exit_code == 1
    [edited] = [f for f in _json(run("check", pack, "--format", "json")) if f["rule"] == "NCM208"]
    assert edited["documents"] == ["alliance-agreement.docx"]
    assert edited["message"] == (
        "alliance-agreement.docx: clause 2 (t.alliance.risk-share) was edited by hand: (nothing) -> 'equally,'"
    )


def test_json_findings_have_the_documented_keys(pack):
    (pack / "subcontract-nch.docx").unlink()
    [finding] = _json(run("check", pack, "--format", "json"))
    assert set(finding) >= {"rule", "severity", "message", "documents", "location"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_check_clean(sample, tmp_path):
    """No errors or warnings in any sample, as a partnership and as a pack (advice may remain)."""
    result = run("check", sample, "--strict")
    assert result.exit_code == 0, result.stdout
    build_pack(sample, tmp_path / "pack", clauses_dir=LIBRARY)
    result = run("check", tmp_path / "pack", "--strict")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_built_with_the_bundled_library_check_clean(sample, tmp_path, library):
    build_pack(sample, tmp_path / "pack", library=library)
    result = run("check", tmp_path / "pack", "--strict")
    assert result.exit_code == 0, result.stdout


def test_unreadable_input_exits_2(tmp_path):
    assert run("check", tmp_path / "nothing.yaml").exit_code == 2
    assert "no manifest.json" in run("check", tmp_path).stderr
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    result = run("check", tmp_path)
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {tmp_path / 'manifest.json'}: not valid JSON")


def test_a_corrupt_document_exits_2(pack):
    (pack / "alliance-agreement.docx").write_bytes(b"not a zip")
    result = run("check", pack)
    assert result.exit_code == 2
    assert "alliance-agreement.docx: not a .docx" in result.stderr


def test_partnership_findings_and_exit_codes(tmp_path, seed_data):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(patched(seed_data, {"set": {"alliance.governance.deadlock_escalation": []}})), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 0 and "NCM121 warning" in result.stdout
    assert run("check", path, "--strict").exit_code == 1
    path.write_text(yaml.safe_dump(patched(seed_data, {"set": {"alliance.governance.quorum": 5}})), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 1
    assert "NCM116 error   alliance.governance.quorum: 5 is more than the 4 voting members" in result.stdout


def test_build_refuses_on_model_errors_unless_allowed(tmp_path, seed_data):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(patched(seed_data, {"set": {"alliance.risk_gain_share.shares.NCH": 5}})), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", path, "-o", out, "--clauses", LIBRARY)
    assert result.exit_code == 1
    assert "NCM110 error" in result.stderr and "nothing was drafted" in result.stderr
    assert not out.exists()
    result = run("build", path, "-o", out, "--clauses", LIBRARY, "--allow-errors")
    assert result.exit_code == 0 and (out / "manifest.json").exists()


def test_list_rules(tmp_path):
    result = run("check", "--list-rules")
    assert result.exit_code == 0
    assert re.search(r"^NCM101 error +one-subcontract-per-provider", result.stdout, re.MULTILINE)
    rules = json.loads(run("check", "--list-rules", "--format", "json").stdout)
    assert {"id", "slug", "severity", "message", "doc"} <= set(rules[0])


def test_readme_rule_table_is_generated_from_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = run("check", "--list-rules", "--format", "markdown").stdout.strip()
    block = readme.split("<!-- rules:begin -->", 1)[1].split("<!-- rules:end -->", 1)[0].strip()
    assert block == table, "README rule table is stale: paste `ncm-docs check --list-rules --format markdown` between the rules markers"


def test_check_output_is_deterministic(pack):
    pack_edits.replace_text(pack / "subcontract-nwmh.docx", "takes 25%", "takes 30%")
    shutil.copy(pack / "alliance-agreement.docx", pack / "copy.docx")
    assert run("check", pack).stdout == run("check", pack).stdout


@pytest.mark.parametrize("value,text,found", [
    ("25%", "NWMH takes 25% of it", True),
    ("25%", "NWMH takes 125% of it", False),
    ("25%", "NWMH takes 2.25% of it", False),
    ("£2,900,000", "worth £12,900,000 a year", False),
    ("£2,900,000", "worth £2,900,000.50", False),
    ("£2,900,000", "(£2,900,000)", True),
    ("1 April 2027", "on 11 April 2027", False),
    ("10 years", "for 10 years.", True),
])
def test_fact_values_match_whole(value, text, found):
    assert bool(occurrences(value, text)) == found


def test_a_partnership_and_its_pack_together(pack, tmp_path):
    partnership = tmp_path / "northshire.yaml"
    result = run("check", partnership, pack)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{partnership}: no problems found", f"{pack}: no problems found"]
    (pack / "subcontract-nch.docx").unlink()
    result = run("check", partnership, pack, "--format", "json")
    assert result.exit_code == 1 and [f["rule"] for f in _json(result)] == ["NCM201"]
