"""The rule catalogue: every rule's trigger and clean case, run by one parametrized test."""

from __future__ import annotations

import shutil

import pytest
import yaml
from rule_cases import CASES, LIBRARY, load_case, patched

import pack_edits
from ncm_docs.checks import all_rules, check_pack, check_partnership
from ncm_docs.load import validate_partnership
from ncm_docs.pack import build_pack

RULES = all_rules()


def test_rule_ids_and_slugs_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert len({r.slug for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.id[:3] == "NCM" and r.id[3:].isdigit(), r.id
        assert (r.target == "model") == r.id.startswith("NCM1"), r.id
        assert "Bad:" in r.doc and "Good:" in r.doc, f"{r.id}: docstring needs a bad and a good example"


def test_every_rule_has_both_cases_and_every_case_a_rule():
    files = {p.stem for p in CASES.glob("*.yaml")}
    assert files == {r.id for r in RULES}
    for r in RULES:
        case = load_case(r.id)
        assert "trigger" in case and "clean" in case, r.id


@pytest.fixture(scope="session")
def seed_pack(tmp_path_factory, seed_data):
    """The seed pack built with the test clause library, once."""
    folder = tmp_path_factory.mktemp("seed") / "pack"
    path = folder.parent / "northshire.yaml"
    path.write_text(yaml.safe_dump(seed_data, sort_keys=False), encoding="utf-8")
    build_pack(path, folder, clauses_dir=LIBRARY)
    return folder


@pytest.fixture(scope="session")
def bundled_seed_pack(tmp_path_factory, seed_data):
    """The seed pack built with the bundled clause library, once (for rules that read its wording)."""
    folder = tmp_path_factory.mktemp("bundled-seed") / "pack"
    path = folder.parent / "northshire.yaml"
    path.write_text(yaml.safe_dump(seed_data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build_pack(path, folder)
    return folder


def _document_findings(case: dict, library: str, seed_data, seed_pack, tmp_path):
    folder = tmp_path / "pack"
    if case.get("partnership") or case.get("build"):
        path = tmp_path / "partnership.yaml"
        path.write_text(yaml.safe_dump(patched(seed_data, case.get("partnership")), sort_keys=False, allow_unicode=True), encoding="utf-8")
        only = set((case.get("build") or {}).get("only") or []) or None
        build_pack(path, folder, clauses_dir=None if library == "bundled" else LIBRARY, only=only)
    else:
        shutil.copytree(seed_pack, folder)
    pack_edits.apply(folder, case.get("edits") or [])
    return check_pack(folder)


@pytest.mark.parametrize("kind", ["trigger", "clean"])
@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_case(rule, kind, seed_data, seed_pack, bundled_seed_pack, tmp_path):
    cases = load_case(rule.id)
    case = cases[kind] or {}
    if rule.target == "model":
        findings = check_partnership(validate_partnership(patched(seed_data, case)))
    else:
        library = cases.get("library", "test")
        pack = bundled_seed_pack if library == "bundled" else seed_pack
        findings = _document_findings(case, library, seed_data, pack, tmp_path)
    fired = [f for f in findings if f.rule == rule.id]
    if kind == "trigger":
        assert fired, f"{rule.id} did not fire; findings: {[f.rule for f in findings]}"
        assert all(f.severity == rule.severity for f in fired)
        assert all(f.documents for f in fired), "every finding names the documents involved"
    else:
        assert not fired, [f.message for f in fired]
