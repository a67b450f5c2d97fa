"""``ncm-docs diff``: alignment, word diffs, data changes, reports, exit codes, hostile input."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile

import pytest
from helpers import clause_file, run_cli
from test_redline import BASE, CASES, draft

from ncm_docs.diff import DocText, Line, Section, diff_documents, word_diff


run = run_cli  # the suite's one CliRunner wrapper (tests/helpers.py)


def _section(cid, *lines):
    return Section(cid, [Line(t) for t in lines], "1.0.0", lines[0] if lines else "")


# -- the engine -----------------------------------------------------------------------------

@pytest.mark.parametrize("old,new", [
    ("A decision is made only if every member agrees.", "A decision is made if at least 75% of members agree."),
    ("", "New text."),
    ("Old text.", ""),
    ("£4,000,000 a year", "£4,500,000 a year"),
    ("same", "same"),
])
def test_word_diff_rebuilds_both_texts(old, new):
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "+") == old
    assert "".join(t for op, t in ops if op != "-") == new


def test_word_diff_keeps_figures_whole():
    assert ("-", "£4,000,000") in word_diff("£4,000,000 a year", "£4,500,000 a year")


def test_clauses_align_by_id_so_moves_are_moves():
    old = DocText("d", [_section("a", "A", "one"), _section("b", "B", "two"), _section("c", "C", "three")])
    new = DocText("d", [_section("c", "C", "three"), _section("a", "A", "one"), _section("b", "B", "two!")])
    diff = diff_documents(old, new)
    statuses = {s.id: s.status for s in diff.sections if s.status != "moved-from"}
    assert statuses == {"c": "moved", "a": "unchanged", "b": "changed"}
    assert diff.counts() == {"added": 0, "removed": 0, "changed": 1, "moved": 1, "other": 0}


def test_untagged_paragraphs_pair_by_similarity():
    old = DocText("d", [Section(None, [Line("The Partners agree to co-operate in good faith.")]), Section(None, [Line("Completely different.")])])
    new = DocText("d", [Section(None, [Line("The Partners agree to co-operate fully and in good faith.")])])
    diff = diff_documents(old, new)
    assert [s.status for s in diff.sections] == ["changed", "removed"]


# -- the command on .docx files ---------------------------------------------------------------

@pytest.fixture
def docx_pair(tmp_path, seed_data):
    old = tmp_path / "old.docx"
    new = tmp_path / "new.docx"
    old.write_bytes(draft(tmp_path, BASE, seed_data, "v1"))
    new.write_bytes(draft(tmp_path, CASES["everything at once"], seed_data, "v2"))
    return old, new


def test_text_report_lists_each_kind_of_change(docx_pair):
    result = run("diff", *docx_pair)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "new.docx: 1 added, 1 removed, 2 changed, 1 moved" in out
    assert "  + alliance.accession  Accession" in out
    assert "  - alliance.exit  Exit" in out
    assert "  > alliance.observers  Observers  (moved, wording changed)" in out
    assert "A decision is made [-only -]if [-every-]{+at least 75% of the+} voting" in out
    assert "\x1b[" not in out  # no colour when not a terminal


def test_identical_files_exit_0(docx_pair):
    result = run("diff", docx_pair[0], docx_pair[0])
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output


def test_json_report(docx_pair):
    result = run("diff", *docx_pair, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    clauses = {c["id"]: c for c in report["documents"][0]["clauses"]}
    assert {c["status"] for c in clauses.values()} == {"added", "removed", "changed", "moved"}
    changed = next(l for l in clauses["alliance.decisions"]["lines"] if l["op"] == "changed")
    assert ["-", "only "] in changed["words"]


def test_html_and_redline_files(docx_pair, tmp_path):
    from ncm_docs.docx.reader import read_docx
    from ncm_docs.docx.redline import revision_count

    html, redline = tmp_path / "report.html", tmp_path / "redline.docx"
    result = run("diff", *docx_pair, "--html", html, "--redline", redline, "--author", "Legal team", "--date", "2027-02-01")
    assert result.exit_code == 1, result.output
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("</style>")[1]
    assert "<del>only </del>" in page and "<ins>at least 75% of the</ins>" in page
    body = read_docx(redline).marked
    assert revision_count(body) > 0
    assert 'w:date="2027-02-01T00:00:00Z"' in zipfile.ZipFile(redline).read("word/document.xml").decode()
    again = run("diff", *docx_pair, "--redline", redline)
    assert again.exit_code == 2 and "--force" in again.output
    before = redline.read_bytes()
    assert run("diff", *docx_pair, "--redline", redline, "--force", "--author", "Legal team", "--date", "2027-02-01").exit_code == 1
    assert redline.read_bytes() == before  # deterministic


def test_bad_date_and_wrong_redline_target(docx_pair, tmp_path):
    assert run("diff", *docx_pair, "--date", "tomorrow").exit_code == 2
    result = run("diff", *docx_pair, "--redline", tmp_path / "folder")
    assert result.exit_code == 2 and "must name a .docx" in result.output
    assert not (tmp_path / "folder").exists()


# -- hostile and corrupt input ------------------------------------------------------------------

def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


_CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
_ENTITY_DOC = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize("content,message", [
    (b"this is not a zip", "not a .docx"),
    (_zip({"[Content_Types].xml": _CT, "word/document.xml": _ENTITY_DOC}), "DOCTYPE"),
    (_zip({"[Content_Types].xml": _CT, "word/document.xml": b"<w:document" + b" " * 50_000_000 + b"/>"}), "zip bomb"),
    (_zip({"[Content_Types].xml": _CT, "word/document.xml": b"<unclosed>"}), "not well-formed"),
])
def test_hostile_docx_is_refused_clearly(docx_pair, tmp_path, content, message):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    for args in ((bad, docx_pair[1]), (docx_pair[0], bad)):
        result = run("diff", *args, "--redline", tmp_path / "out.docx")
        assert result.exit_code == 2, result.output
        assert message in result.output and "bad.docx" in result.output and "Traceback" not in result.output
        assert "root:" not in result.output
    assert not (tmp_path / "out.docx").exists()


def test_mismatched_and_missing_inputs(docx_pair, tmp_path):
    result = run("diff", docx_pair[0], tmp_path)
    assert result.exit_code == 2 and "same kind" in result.output
    result = run("diff", docx_pair[0], tmp_path / "nope.docx")
    assert result.exit_code == 2 and "nope.docx" in result.output
    (tmp_path / "notes.txt").write_text("x")
    assert run("diff", tmp_path / "notes.txt", tmp_path / "notes.txt").exit_code == 2


# -- packs and partnership files -----------------------------------------------------------------

DATA_LIBRARY = {
    "a/decisions.md": clause_file(
        "alliance.decisions",
        ". Each Partner has one vote.\n\n::: unanimity\n. Decisions need every voting member.\n"
        "::: majority\n. Decisions need {{ alliance.governance.decision_rule.threshold_percent | percent }} of the voting members.\n:::\n",
        order=10, extra="choose: alliance.governance.decision_rule.kind\n"),
    "a/pot.md": clause_file("alliance.pot", ". The pot is hosted by {{ party(alliance.shared_pot.host).legal_name }}.\n", order=20),
    "a/members.md": clause_file("alliance.members", "| Partner | Short name |\n{% for p in providers %}| {{ p.legal_name }} | {{ p.short_name }} |\n{% endfor %}", order=30),
}


@pytest.fixture
def partnership_pair(tmp_path, seed_data, write_partnership, mini_library):
    library = mini_library(DATA_LIBRARY)
    v2 = copy.deepcopy(seed_data)
    v2["alliance"]["governance"]["decision_rule"] = {"kind": "majority", "threshold_percent": 75}
    v2["observers"][0]["representative"]["name"] = "Dee Holloway"
    return write_partnership(seed_data, "v1.yaml"), write_partnership(v2, "v2.yaml"), library


def test_partnership_files_summarise_data_and_affected_clauses(partnership_pair):
    v1, v2, library = partnership_pair
    result = run("diff", v1, v2, "--clauses", library)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "alliance.governance.decision_rule.kind: unanimity -> majority" in out
    assert "alliance.governance.decision_rule.threshold_percent: added 75" in out
    assert "affects alliance-agreement.docx: alliance.decisions" in out
    assert "alliance.pot" not in out.split("alliance-agreement.docx:")[0]
    report = json.loads(run("diff", v1, v2, "--clauses", library, "--format", "json").output)
    kinds = {c["path"]: c for c in report["data"]}
    assert kinds["alliance.governance.decision_rule.kind"]["affects"] == [{"document": "alliance-agreement.docx", "clause": "alliance.decisions"}]
    assert kinds["observers[NCVS].representative.name"]["affects"] == []


def test_provider_added_is_one_change(tmp_path, seed_data, write_partnership, mini_library):
    library = mini_library(DATA_LIBRARY)
    v2 = copy.deepcopy(seed_data)
    hospice = copy.deepcopy(v2["providers"][3])
    hospice.update(legal_name="St Wilfrid's Hospice", short_name="SWH", company_number="11223344")
    v2["providers"].append(hospice)
    v2["subcontracts"].append({**copy.deepcopy(v2["subcontracts"][2]), "provider": "SWH", "annual_value": 100000})
    v2["alliance"]["governance"]["representatives"].append({**copy.deepcopy(v2["alliance"]["governance"]["representatives"][3]), "provider": "SWH"})
    v2["alliance"]["governance"]["quorum"] = 5
    v2["alliance"]["shared_pot"]["contributions"].append({"party": "SWH", "annual_amount": 50000})
    v2["alliance"]["risk_gain_share"]["shares"] = {"NHFT": 50, "NWMH": 25, "NGPF": 12, "NCH": 8, "SWH": 5}
    result = run("diff", write_partnership(seed_data, "v1.yaml"), write_partnership(v2, "v2.yaml"), "--clauses", library)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "providers[SWH]: added SWH (St Wilfrid's Hospice)" in out
    assert "alliance.risk_gain_share.shares.NHFT: 55 -> 50" in out
    assert "affects alliance-agreement.docx: alliance.members" in out
    assert "subcontract-swh.docx: document added" in out
    lines = out.splitlines()
    after_quorum = lines[lines.index("  alliance.governance.quorum: 4 -> 5") + 1]
    assert not after_quorum.strip().startswith("affects")  # no clause reads the quorum


def test_packs_and_their_redline_folder(partnership_pair, tmp_path):
    from ncm_docs.docx.reader import read_docx
    from ncm_docs.docx.redline import revision_count
    from ncm_docs.pack import build_pack

    v1, v2, library = partnership_pair
    build_pack(v1, tmp_path / "p1", clauses_dir=library)
    build_pack(v2, tmp_path / "p2", clauses_dir=library)
    out = tmp_path / "redline"
    result = run("diff", tmp_path / "p1", tmp_path / "p2", "--redline", out)
    assert result.exit_code == 1, result.output
    assert "alliance-agreement.docx: 1 changed" in result.output
    assert "lead-provider-contract.docx: no changes" in result.output
    assert revision_count(read_docx(out / "alliance-agreement.docx").marked) > 0
    assert revision_count(read_docx(out / "lead-provider-contract.docx").marked) == 0
    assert run("diff", tmp_path / "p1", tmp_path / "p1").exit_code == 0


def test_history_samples_diff():
    from helpers import ROOT

    v1, v2 = ROOT / "samples/history/v1.yaml", ROOT / "samples/history/v2.yaml"
    if not v2.exists():
        pytest.skip("samples/history/v2.yaml has not landed on this branch yet")
    result = run("diff", v1, v2)
    assert result.exit_code == 1, result.output
    assert "alliance.governance.decision_rule.kind: unanimity -> majority" in result.output


def test_tracked_changes_are_dated_now_by_default_and_reproducible_on_request(docx_pair, tmp_path, monkeypatch):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    redline = tmp_path / "now.docx"
    assert run("diff", *docx_pair, "--redline", redline, "--author", "Jo Bloggs, Solicitor").exit_code == 1
    after = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    xml = zipfile.ZipFile(redline).read("word/document.xml").decode()
    dates = {dt.datetime.strptime(d, "%Y-%m-%dT%H:%M:%SZ") for d in re.findall(r'w:date="([^"]+)"', xml)}
    assert len(dates) == 1 and before <= next(iter(dates)) <= after  # now, not the agreement date
    assert set(re.findall(r'w:author="([^"]+)"', xml)) == {"Jo Bloggs, Solicitor"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    fixed = tmp_path / "fixed.docx"
    assert run("diff", *docx_pair, "--redline", fixed).exit_code == 1
    assert set(re.findall(r'w:date="([^"]+)"', zipfile.ZipFile(fixed).read("word/document.xml").decode())) == {"2027-01-15T08:00:00Z"}
