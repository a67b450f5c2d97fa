"""``ncm-docs absorb``: negotiated edits in a built pack carried back into the partnership file.

The round trip of the issue: in a built seed pack a word is edited, a paragraph deleted,
a paragraph inserted (all in the alliance agreement) and a party's address changed (in
every document that prints it), with python-docx as Word would; ``absorb`` writes a new
partnership file; building it gives all four edits and checks clean. A later library
change to an overridden clause is reported as a conflict by ``build`` and ``impact``.
"""

from __future__ import annotations

import copy
import json
import re
import shutil

import docx
import pytest
import yaml
from click.testing import CliRunner
from helpers import ROOT

from ncm_docs.cli import main
from ncm_docs.docx.reader import read_docx

DOC = "alliance-agreement.docx"
NEW_PARAGRAPH = "A copy of every notice sent by email must also be sent to the Alliance Manager."


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _paragraph(document, text):
    return next(p for p in document.paragraphs if text in p.text)


def _replace_in_runs(paragraph, old: str, new: str) -> None:
    hits = [r for r in paragraph.runs if old in r.text]
    assert hits, (old, paragraph.text)
    for run_ in hits:
        run_.text = run_.text.replace(old, new)


def _version(clause: str) -> str:
    """The bundled library's version of an alliance-agreement clause."""
    text = (ROOT / "clauses" / "alliance-agreement" / f"{clause}.md").read_text(encoding="utf-8")
    return re.search(r"^version: (\S+)$", text, re.M).group(1)


def edit_like_a_lawyer(pack) -> None:
    """The four edits, made with python-docx the way Word stores them."""
    path = pack / DOC
    document = docx.Document(str(path))
    _replace_in_runs(_paragraph(document, "This Agreement continues for as long as the Head Contract continues"), "including any extension", "including every extension")
    deleted = _paragraph(document, "This clause does not apply to the service of court proceedings.")
    deleted._element.getparent().remove(deleted._element)
    anchor = _paragraph(document, "A notice about withdrawal, removal or termination")
    inserted = copy.deepcopy(anchor._element)
    anchor._element.addnext(inserted)
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(inserted, anchor._parent)
    for extra in paragraph.runs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph.runs[0].text = NEW_PARAGRAPH
    document.save(str(path))
    for file in sorted(pack.glob("*.docx")):  # NCH moved down the road: every document that prints its address
        document = docx.Document(str(file))
        places = [p for p in document.paragraphs if "12 Mill Lane" in p.text]
        for p in places:
            _replace_in_runs(p, "12 Mill Lane", "14 Mill Lane")
        if places:
            document.save(str(file))


@pytest.fixture
def negotiated(tmp_path):
    """(partnership file, its pack edited by hand)."""
    from ncm_docs.pack import build_pack

    partnership = tmp_path / "northshire.yaml"
    shutil.copy(ROOT / "samples" / "northshire.yaml", partnership)
    pack = tmp_path / "returned"
    build_pack(partnership, pack)
    edit_like_a_lawyer(pack)
    return partnership, pack


def test_absorb_then_rebuild_keeps_all_four_edits_and_checks_clean(negotiated, tmp_path):
    partnership, pack = negotiated
    output = tmp_path / "northshire-v1.1.yaml"
    result = run("absorb", partnership, pack, "-o", output)
    assert result.exit_code == 0, result.output
    assert "data: providers[NCH].address: Orchard Centre, 12 Mill Lane, Southby, NS6 1PE -> Orchard Centre, 14 Mill Lane, Southby, NS6 1PE" in result.output
    assert f"clause override: alliance.term (library {_version('term')})" in result.output
    assert f"clause override: alliance.notices (library {_version('notices')})" in result.output

    before, after = partnership.read_text(encoding="utf-8"), output.read_text(encoding="utf-8")
    assert after.startswith(before.split("\n", 1)[0])  # the leading comment is kept
    assert [line for line in after.splitlines() if line.startswith("#") or line[:1].isalpha()][:12] == \
        [line for line in before.splitlines() if line.startswith("#") or line[:1].isalpha()][:12]  # comments and key order
    data = yaml.safe_load(after)
    assert data["providers"][3]["address"] == {"lines": ["Orchard Centre", "14 Mill Lane", "Southby"], "postcode": "NS6 1PE"}
    overrides = {o["clause"]: o for o in data["clause_overrides"]}
    assert set(overrides) == {"alliance.term", "alliance.notices"}
    assert "every extension" in overrides["alliance.term"]["text"] and "any extension" in overrides["alliance.term"]["library_text"]
    assert "[[alliance.termination]]" in overrides["alliance.term"]["text"]  # cross-references stay references

    rebuilt = tmp_path / "rebuilt"
    assert run("build", output, "-o", rebuilt).exit_code == 0
    text = read_docx(rebuilt / DOC).full_text
    assert "including every extension of the Head Contract" in text
    assert "service of court proceedings" not in text
    assert NEW_PARAGRAPH in text
    for file in ("alliance-agreement.docx", "subcontract-nch.docx"):
        assert "Orchard Centre, 14 Mill Lane, Southby, NS6 1PE" in read_docx(rebuilt / file).full_text
    findings = json.loads(run("check", rebuilt, "--format", "json").stdout)
    assert {f["rule"] for f in findings} == {"NCM232"}, findings  # overrides are advice; nothing else
    assert run("check", rebuilt, "--strict").exit_code == 0


def test_the_rebuilt_notices_clause_keeps_its_numbering(negotiated, tmp_path):
    partnership, pack = negotiated
    output = tmp_path / "new.yaml"
    run("absorb", partnership, pack, "-o", output)
    run("build", output, "-o", tmp_path / "rebuilt")
    manifest = json.loads((tmp_path / "rebuilt" / "manifest.json").read_text())
    entry = next(e for e in manifest["documents"] if e["file"] == DOC)
    notices = next(c for c in entry["clauses"] if c["id"] == "alliance.notices")
    assert notices["override"] == {"library_version": _version("notices")}
    original = json.loads((pack / "manifest.json").read_text())
    built = next(c for e in original["documents"] if e["file"] == DOC for c in e["clauses"] if c["id"] == "alliance.notices")
    assert notices["text"].replace(NEW_PARAGRAPH, "This clause does not apply to the service of court proceedings.") == built["text"]
    rebuilt = read_docx(tmp_path / "rebuilt" / DOC).clause("alliance.notices")
    styles = [p.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr/{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pStyle").get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") for p in rebuilt.elements]
    assert styles == ["NcmHeading1", "NcmLevel2", "NcmLevel2", "NcmLevel4", "NcmLevel4", "NcmLevel4", "NcmLevel2", "NcmLevel2"]


def _changed_library(tmp_path):
    """The bundled library with the notices clause changed (a new version)."""
    library = tmp_path / "clauses-next"
    shutil.copytree(ROOT / "clauses", library)
    path = next(p for p in library.rglob("*.md") if "\nid: alliance.notices\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"version: {_version('notices')}", "version: 9.9.0", 1).replace("9.00 am on the second Business Day", "9.00 am on the third Business Day")
    path.write_text(text, encoding="utf-8")
    return library


def test_a_library_change_under_an_override_is_a_conflict_in_build_and_impact(negotiated, tmp_path):
    partnership, pack = negotiated
    output = tmp_path / "new.yaml"
    run("absorb", partnership, pack, "-o", output)
    library = _changed_library(tmp_path)
    result = run("build", output, "-o", tmp_path / "next", "--clauses", library)
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "next").exists()
    assert "1 negotiated clause conflict with the clause library" in result.output
    assert f"clause_overrides[1]: alliance.notices in alliance-agreement.docx: negotiated against {_version('notices')}, the library's clause is now 9.9.0" in result.output
    assert "[-second-]{+third+}" in result.output  # the library's old and new text
    assert "A copy of every notice sent by email" in result.output  # and the negotiated text
    forced = run("build", output, "-o", tmp_path / "forced", "--clauses", library, "--allow-errors")
    assert forced.exit_code == 0 and "drafted 1 negotiated clause the clause library has changed since" in forced.output
    assert NEW_PARAGRAPH in read_docx(tmp_path / "forced" / DOC).full_text
    impact = run("impact", "alliance.notices", output, "--clauses", library, "--against", ROOT / "clauses", "--format", "json")
    report = json.loads(impact.stdout)
    [conflict] = report["conflicts"]
    assert conflict["file"] == DOC and conflict["negotiated_version"] == _version("notices")
    assert "second Business Day" in conflict["old_library_text"] and "third Business Day" in conflict["new_library_text"]
    assert NEW_PARAGRAPH in conflict["override_text"]
    text = run("impact", "alliance.notices", output, "--clauses", library, "--against", ROOT / "clauses").stdout
    assert "conflict:" in text and "overrides alliance.notices with negotiated wording" in text


def test_absorb_refuses_a_pack_built_from_another_file(negotiated, tmp_path):
    partnership, pack = negotiated
    other = tmp_path / "other.yaml"
    other.write_text(partnership.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    result = run("absorb", other, pack, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2 and "was not built from" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_absorb_never_overwrites_without_force(negotiated, tmp_path):
    partnership, pack = negotiated
    output = tmp_path / "out.yaml"
    output.write_text("keep me", encoding="utf-8")
    result = run("absorb", partnership, pack, "-o", output)
    assert result.exit_code == 2 and "use --force" in result.output
    assert output.read_text(encoding="utf-8") == "keep me"
    assert run("absorb", partnership, pack, "-o", output, "--force").exit_code == 0


def test_pending_tracked_changes_are_not_absorbed_unless_accepted(tmp_path):
    import tracked

    from ncm_docs.pack import build_pack

    partnership = tmp_path / "p.yaml"
    shutil.copy(ROOT / "samples" / "northshire.yaml", partnership)
    pack = tmp_path / "pack"
    build_pack(partnership, pack)
    tracked.replace(pack / DOC, "any extension", "every extension", "NWMH", within="This Agreement continues for as long as the Head Contract continues")
    result = run("absorb", partnership, pack, "-o", tmp_path / "held.yaml")
    assert result.exit_code == 1
    assert "not absorbed: 1 pending tracked change in alliance-agreement.docx" in result.output
    assert "clause_overrides" not in (tmp_path / "held.yaml").read_text(encoding="utf-8")
    result = run("absorb", partnership, pack, "-o", tmp_path / "taken.yaml", "--accept-proposals")
    assert result.exit_code == 0, result.output
    [override] = yaml.safe_load((tmp_path / "taken.yaml").read_text(encoding="utf-8"))["clause_overrides"]
    assert override["clause"] == "alliance.term" and override["agreed_by"] == "NWMH" and str(override["agreed_on"]) == "2027-02-01"
    assert "every extension" in override["text"]


def test_an_edited_value_becomes_data_and_a_deleted_clause_is_reported(tmp_path):
    from helpers import delete_clause

    from ncm_docs.pack import build_pack

    partnership = tmp_path / "p.json"
    partnership.write_text(json.dumps(yaml.safe_load((ROOT / "samples" / "northshire.yaml").read_text(encoding="utf-8")), indent=2, default=str), encoding="utf-8")
    pack = tmp_path / "pack"
    build_pack(partnership, pack)
    for file in sorted(pack.glob("*.docx")):
        document = docx.Document(str(file))
        places = [p for p in document.paragraphs if "Northshire GP Federation Limited" in p.text]
        for p in places:
            _replace_in_runs(p, "Northshire GP Federation Limited", "Northshire GP Federation Ltd")
        if places:
            document.save(str(file))
    delete_clause(pack / DOC, "alliance.observers")
    output = tmp_path / "p2.json"
    result = run("absorb", partnership, pack, "-o", output, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [c["path"] for c in report["data_changes"]] == ["providers[NGPF].legal_name"]
    assert report["overrides"] == []
    assert any("was deleted whole" in item and "alliance.observers" in item for item in report["not_absorbed"])
    data = json.loads(output.read_text(encoding="utf-8"))
    assert list(data) == list(json.loads(partnership.read_text(encoding="utf-8")))  # key order kept
    assert data["providers"][2]["legal_name"] == "Northshire GP Federation Ltd"


def test_overrides_are_optional_and_described_in_the_schema():
    schema = json.loads(run("schema").stdout)
    assert "clause_overrides" in schema["properties"] and "clause_overrides" not in schema.get("required", [])
    override = schema["$defs"]["ClauseOverride"]
    assert set(override["required"]) == {"clause", "library_version", "text"}
    assert all(prop.get("description") for name, prop in override["properties"].items() if name != "note")


def test_a_bad_override_is_a_clear_data_error(tmp_path):
    data = yaml.safe_load((ROOT / "samples" / "northshire.yaml").read_text(encoding="utf-8"))
    data["clause_overrides"] = [{"clause": "alliance.notices", "library_version": "1.0", "text": ". x"}]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "clause_overrides" in result.output and "library_version" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("body", [
    ". The **Partners** shall act under clause [[alliance.term]].\n.. A sub-paragraph costing £4.5m (50%).\n",
    "## A sub-heading\nPlain text with * and # and | and \\ in it.\n| Partner | Share |\n| NHFT | 55% |\n",
    "... (a) level three\n.... level four\n",
])
def test_format_body_is_the_inverse_of_parse_body(body):
    from ncm_docs.markup import format_body, parse_body

    blocks = parse_body(body)
    assert parse_body(format_body(blocks)) == blocks
