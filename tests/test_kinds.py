"""The registry of document kinds, and the kind it was proved with: the data-sharing agreement."""

from __future__ import annotations

import copy
import dataclasses

import pytest
import yaml

from ncm_docs import kinds
from ncm_docs.assemble import plan_documents
from ncm_docs.checks import check_pack
from ncm_docs.docx.reader import read_docx
from ncm_docs.library import load_library
from ncm_docs.load import validate_partnership
from ncm_docs.pack import build_pack

from checks import pack_edits
from helpers import LIBRARY_YAML, ROOT, clause_file

MCP = ROOT / "samples" / "mcp-weighted-vote.yaml"
LAMBETH = ROOT / "samples" / "lambeth-style-mental-health.yaml"


def _body(path) -> str:
    return "\n".join(c.text for c in read_docx(path).clauses)


def test_every_pack_kind_is_declared_by_the_bundled_library(library):
    assert set(kinds.ALL) == set(library.info.documents)
    for kind in kinds.ALL.values():
        assert library.info.documents[kind.name].file == kind.default_file, kind.name
        assert library.for_document(kind.name), f"{kind.name} has no clauses"


def test_the_seed_has_no_flows_leaving_the_alliance_and_no_data_sharing_agreement(seed, library):
    assert seed.flows_outside_alliance == []
    assert "data-sharing-agreement" not in {p.kind for p in plan_documents(seed, library)}


def test_a_data_sharing_agreement_is_drafted_for_flows_that_leave_the_alliance(tmp_path, library):
    build_pack(MCP, tmp_path / "pack", library=library)
    text = _body(tmp_path / "pack" / "data-sharing-agreement.docx")
    # its parties: the alliance members in those flows, then the bodies outside it
    assert "Black Tame Community Healthcare NHS Trust, an NHS trust" in text
    assert "Wyrecastle Metropolitan Borough Council, a local authority" in text
    assert "Wyrecastle Council for Voluntary Service, an observer of the alliance, of Voluntary Action Centre" in text
    assert "Its terms do not bind WMBC and WCVS, which are not parties to it." in text
    assert "Each Party is a separate controller" in text
    assert "Schedule 1 to the Data Protection Act 2018" in text
    assert "national data opt-out" in text
    # flows between alliance members stay in the alliance agreement's schedule only
    schedule = next(c for c in read_docx(tmp_path / "pack" / "data-sharing-agreement.docx").clauses if c.id == "dsa.schedule-flows")
    rows = [line.split("\t") for line in schedule.text.splitlines() if "\t" in line]
    assert [r[1] for r in rows[1:]] == ["BTCH to WMBC", "WCC to WCVS"]


def test_a_data_sharing_agreement_pack_checks_clean(tmp_path, library):
    build_pack(LAMBETH, tmp_path / "pack", library=library)
    assert (tmp_path / "pack" / "data-sharing-agreement.docx").exists()
    assert [f for f in check_pack(tmp_path / "pack") if f.severity != "advice"] == []


def test_the_checks_read_the_new_kind_through_the_registry(tmp_path, library):
    """NCM205: the data-sharing agreement must name the alliance agreement by its title and date."""
    build_pack(LAMBETH, tmp_path / "pack", library=library)
    pack_edits.replace_text(tmp_path / "pack" / "data-sharing-agreement.docx", "Lambeth", "Elsewhere", required=False)
    pack_edits.replace_text(tmp_path / "pack" / "data-sharing-agreement.docx", "Alliance Agreement”", "Alliance Deal”")
    found = [f for f in check_pack(tmp_path / "pack") if f.rule == "NCM205"]
    assert found and found[0].documents[0] == "data-sharing-agreement.docx"


def test_an_observer_without_an_address_is_a_warning(seed_data):
    from ncm_docs.checks import check_partnership

    data = copy.deepcopy(seed_data)
    data["alliance"]["information_sharing"]["flows"][0]["to"] = "NCVS"
    partnership = validate_partnership(data)
    assert sorted(f.rule for f in check_partnership(partnership) if f.rule in ("NCM124", "NCM144")) == ["NCM124", "NCM144"]


def test_a_new_kind_needs_one_registry_entry_plus_its_clauses(monkeypatch, mini_library, seed):
    """A memorandum of understanding between the commissioners, added without touching assembly."""
    memo = kinds.Kind(
        "memorandum", "the memorandum", "memorandum",
        lambda p: [kinds.Instance(tuple(kinds.Signatory(c, kinds.commissioner_role(c)) for c in p.commissioners))],
        references={"lead-provider-contract": False},
    )
    monkeypatch.setattr(kinds, "PACK", {**kinds.PACK, "memorandum": memo})
    monkeypatch.setattr(kinds, "ALL", {**kinds.ALL, "memorandum": memo})
    info = yaml.safe_load(LIBRARY_YAML)
    info["documents"]["memorandum"] = {"title": "{{ partnership.name }} Memorandum", "file": "memorandum"}
    library = load_library(mini_library({
        "library.yaml": yaml.safe_dump(info),
        "m/body.md": clause_file("memo.body", ". The Commissioners agree to meet monthly.\n", documents="[memorandum]"),
    }))
    plans = [p for p in plan_documents(seed, library) if p.kind == "memorandum"]
    assert len(plans) == 1
    assert plans[0].title.endswith("Memorandum")
    assert [r.role for r in plans[0].parties] == ["Co-ordinating Commissioner", "Commissioner"]


def test_kinds_are_frozen_data():
    kind = kinds.get("subcontract")
    assert kind.per_provider and kind.file_name("NCH") == "subcontract-nch.docx"
    with pytest.raises(dataclasses.FrozenInstanceError):
        kind.name = "x"  # type: ignore[misc]
