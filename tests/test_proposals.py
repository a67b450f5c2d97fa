"""Incoming tracked changes are proposals: reported by author and clause, never read as agreed.

A built seed pack gets tracked changes by two authors, made as Word writes them
(``tracked.py``): NCH retypes a figure and reformats a paragraph; NWMH inserts, deletes
and moves paragraphs. ``check`` and ``diff`` must read the agreed text (every proposal
rejected), list each proposal by author and clause, and check what accepting them would do.
"""

from __future__ import annotations

import json
import shutil

import pytest
import tracked
from click.testing import CliRunner

from ncm_docs.cli import main
from ncm_docs.docx.reader import read_docx

DOC = "alliance-agreement.docx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import SEED

    from ncm_docs.pack import build_pack

    out = tmp_path_factory.mktemp("proposals") / "built"
    build_pack(SEED, out)
    return out


@pytest.fixture
def proposed(built, tmp_path):
    """The seed pack with NCH's and NWMH's tracked changes in the alliance agreement."""
    pack = tmp_path / "proposed"
    shutil.copytree(built, pack)
    path = pack / DOC
    tracked.replace(path, "2%", "3%", "NCH", within="No Sharing Partner's Share of an Alliance Loss in any Financial Year may exceed")
    tracked.reformat(path, "For each Financial Year:", "NCH")
    tracked.delete_paragraph(path, "This clause does not apply to the service of court proceedings.", "NWMH")
    tracked.insert_paragraph(path, "A notice about withdrawal, removal or termination", "A notice sent by email must also be copied to the Alliance Manager.", "NWMH")
    tracked.move_paragraph(path, "The Partners will give proper consideration to the views of the Observers", "Each Observer may send its representative", "NWMH")
    return pack


def test_the_agreed_text_is_the_text_as_built(built, proposed):
    before, after = read_docx(built / DOC), read_docx(proposed / DOC)
    assert [c.text for c in after.clauses] == [c.text for c in before.clauses]
    assert "Alliance Loss in any Financial Year may exceed 3%" not in after.full_text
    assert "Alliance Loss in any Financial Year may exceed 2%" in after.full_text
    assert "copied to the Alliance Manager" not in after.full_text
    assert "service of court proceedings" in after.full_text


def test_the_accepted_text_has_every_proposal_once(proposed):
    accepted = read_docx(proposed / DOC).accepted
    text = accepted.full_text
    assert "Alliance Loss in any Financial Year may exceed 3%" in text and "Alliance Loss in any Financial Year may exceed 2%" not in text
    assert "copied to the Alliance Manager" in text and "service of court proceedings" not in text
    observers = accepted.clause("alliance.observers").lines
    assert sum("proper consideration to the views of the Observers" in line for line in observers) == 1
    assert "proper consideration to the views of the Observers" in observers[2]  # moved up, before "Each Observer may send"


def test_proposals_are_listed_by_author_and_clause(proposed):
    proposals = read_docx(proposed / DOC).proposals
    said = [p.describe() for p in proposals]
    assert "NCH proposes in clause 14.4 (alliance.risk-gain-share): '2%' -> '3%'" in said
    assert any(s.startswith("NCH proposes in clause 14.1 (alliance.risk-gain-share): reformat 'For each Financial Year") for s in said)
    assert any(s.startswith("NWMH proposes in clause 30.5 (alliance.notices): delete 'This clause does not apply") for s in said)
    assert any(s.startswith("NWMH proposes in clause 30.4 (alliance.notices): insert 'A notice sent by email") for s in said)
    moves = [s for s in said if "move 'The Partners will give proper consideration" in s]
    assert len(moves) == 2 and any(s.endswith(" here") for s in moves) and any(s.endswith("away from here") for s in moves)
    assert {p.author for p in proposals} == {"NCH", "NWMH"}


def test_check_reports_proposals_and_never_treats_them_as_agreed(proposed):
    result = run("check", proposed)
    assert result.exit_code == 0, result.stdout  # proposals are warnings
    assert run("check", proposed, "--strict").exit_code == 1
    findings = json.loads(run("check", proposed, "--format", "json").stdout)
    # No NCM208: nothing was edited outright. Accepting NCH's '2%' -> '3%' would leave the
    # risk cap disagreeing with the partnership file (NCM240), which NCM231 says beforehand.
    assert {f["rule"] for f in findings} == {"NCM230", "NCM231"}, findings
    assert len([f for f in findings if f["rule"] == "NCM230"]) == 6
    [breaks] = [f for f in findings if f["rule"] == "NCM231"]
    assert "NCM240 would report: the risk cap reads '3%'" in breaks["message"] and breaks["severity"] == "warning"
    assert "NCM230 warning alliance-agreement.docx: NCH proposes in clause 14.4 (alliance.risk-gain-share): '2%' -> '3%'" in result.stdout


def test_check_says_what_accepting_would_break(built, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(built, pack)
    tracked.replace(pack / "subcontract-ngpf.docx", "Northshire GP Federation Limited", "Northshire GP Federation Ltd", "NGPF")
    findings = json.loads(run("check", pack, "--format", "json").stdout)
    rules = {f["rule"] for f in findings}
    assert "NCM203" not in rules  # as agreed, the names still match
    [breaks] = [f for f in findings if f["rule"] == "NCM231" and "NCM203" in f["message"]][:1]
    assert breaks["message"].startswith("subcontract-ngpf.docx: if the tracked changes are accepted, NCM203 would report:")
    assert "'Northshire GP Federation Ltd'" in breaks["message"] and breaks["severity"] == "warning"


def test_diff_compares_the_agreed_text_and_lists_the_proposals(built, proposed):
    result = run("diff", built, proposed)
    assert result.exit_code == 1, "pending proposals in NEW are differences"
    assert "alliance-agreement.docx: no changes to the agreed text" in result.stdout
    assert "? 6 tracked changes pending in NEW (proposals: compared as rejected)" in result.stdout
    assert "NWMH proposes in clause 30.5 (alliance.notices): delete" in result.stdout
    report = json.loads(run("diff", built, proposed, "--format", "json").stdout)
    entry = next(d for d in report["documents"] if d["name"] == DOC)
    assert entry["clauses"] == [] and len(entry["proposals"]["new"]) == 6 and entry["proposals"]["old"] == []
    assert {"author", "date", "clause", "where", "changes"} == set(entry["proposals"]["new"][0])


def test_a_redline_of_a_file_with_pending_proposals_is_refused(built, proposed, tmp_path):
    result = run("diff", built / DOC, proposed / DOC, "--redline", tmp_path / "red.docx")
    assert result.exit_code == 2
    assert "6 pending tracked changes (by NCH, NWMH)" in result.output
    assert not (tmp_path / "red.docx").exists()


def test_rejecting_and_accepting_restore_formatting_changes(proposed):
    from ncm_docs.docx.reader import W

    read = read_docx(proposed / DOC)
    paragraph = next(p for p in read.body.iter(f"{W}p") if "Alliance Outturn" in "".join(read.body.itertext()) and
                     "For each Financial Year:" in "".join(t.text or "" for t in p.iter(f"{W}t")))
    assert paragraph.find(f"{W}r/{W}rPr/{W}b") is None  # agreed: not bold
    accepted = read.accepted.body
    paragraph = next(p for p in accepted.iter(f"{W}p") if "For each Financial Year:" in "".join(t.text or "" for t in p.iter(f"{W}t")))
    assert paragraph.find(f"{W}r/{W}rPr/{W}b") is not None  # accepted: bold
    assert next(accepted.iter(f"{W}rPrChange"), None) is None


@pytest.mark.libreoffice
def test_proposals_survive_a_libreoffice_resave(proposed, tmp_path, soffice):
    from helpers import resave_with_libreoffice

    expected = sorted(json.dumps(f, sort_keys=True) for f in json.loads(run("check", proposed, "--format", "json").stdout))
    [resaved] = resave_with_libreoffice(soffice, [proposed / DOC], tmp_path / "lo")
    shutil.copy(resaved, proposed / DOC)
    found = sorted(json.dumps(f, sort_keys=True) for f in json.loads(run("check", proposed, "--format", "json").stdout))
    assert found == expected and len(found) == 7
