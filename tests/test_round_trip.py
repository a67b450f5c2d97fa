"""Word round trip: packs re-saved by LibreOffice, or shaped as Word saves them, still check and diff.

The LibreOffice tests (marked ``libreoffice``, run in CI) open every document of a built pack
in LibreOffice headless and save it as .docx again, as a user who opens and saves a file
there does: nothing edited, the pack must check clean and diff as unchanged; an edit made
before the re-save must be reported against its clause id. ``word_shapes.wordify`` does
to a file what Word does when it saves (paragraph ids, rsids, split runs, proofing marks,
rendered page breaks, bookmarks before paragraphs, the contents in a content control).
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from helpers import ROOT, resave_with_libreoffice
from word_shapes import wordify

from ncm_docs.cli import main
from ncm_docs.docx.reader import read_docx
from ncm_docs.pack import build_pack

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _findings(folder) -> list[dict]:
    return json.loads(run("check", folder, "--format", "json").stdout)


def _copy_pack(source, target, files) -> None:
    """``target``: the manifest of ``source`` and the given (re-saved) documents."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "manifest.json", target / "manifest.json")
    for path in files:
        if path.parent != target:
            shutil.copy(path, target / path.name)


@pytest.fixture(scope="module")
def seed_pack(tmp_path_factory):
    from conftest import SEED

    out = tmp_path_factory.mktemp("round-trip") / "pack"
    build_pack(SEED, out)
    return out


def _replace(path, old: str, new: str) -> None:
    import docx

    document = docx.Document(str(path))
    hits = [p for p in document.paragraphs if old in p.text]
    assert hits, f"{old!r} not in {path.name}"
    for paragraph in hits:
        for run_ in paragraph.runs:
            run_.text = run_.text.replace(old, new)
    document.save(str(path))


# -- LibreOffice ------------------------------------------------------------------------------

@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_a_pack_resaved_in_libreoffice_checks_clean_and_diffs_unchanged(sample, tmp_path, soffice):
    built = tmp_path / "built"
    build_pack(sample, built)
    resaved = tmp_path / "resaved"
    _copy_pack(built, resaved, resave_with_libreoffice(soffice, sorted(built.glob("*.docx")), resaved))
    for path in resaved.glob("*.docx"):  # LibreOffice really did rewrite them
        assert path.read_bytes() != (built / path.name).read_bytes()
    assert _findings(resaved) == []
    result = run("check", resaved, "--strict")
    assert result.exit_code == 0, result.stdout
    result = run("diff", built, resaved)
    assert result.exit_code == 0, result.stdout
    assert "0 with changes" in result.stdout


@pytest.mark.libreoffice
def test_an_edit_in_a_resaved_file_is_reported_by_its_clause_id(seed_pack, tmp_path, soffice):
    edited = tmp_path / "edited"
    shutil.copytree(seed_pack, edited)
    _replace(edited / "alliance-agreement.docx", "within 30 minutes of its start time", "within 45 minutes of its start time")
    resaved = tmp_path / "resaved"
    _copy_pack(edited, resaved, resave_with_libreoffice(soffice, [edited / "alliance-agreement.docx"], resaved))
    for name in ("lead-provider-contract.docx", "subcontract-nwmh.docx", "subcontract-ngpf.docx", "subcontract-nch.docx"):
        shutil.copy(seed_pack / name, resaved / name)
    findings = _findings(resaved)
    edits = [f for f in findings if f["rule"] == "NCM208"]
    assert [f["location"] for f in edits] == ["alliance.governance"], findings
    assert "'30' -> '45'" in edits[0]["message"]
    assert not [f for f in findings if f["rule"] == "NCM207"]
    diff = json.loads(run("diff", seed_pack / "alliance-agreement.docx", resaved / "alliance-agreement.docx", "--format", "json").stdout)
    changed = [s for d in diff["documents"] for s in d["clauses"] if s["status"] != "unchanged"]
    assert [(s["id"], s["status"]) for s in changed] == [("alliance.governance", "changed")]


@pytest.mark.libreoffice
def test_a_resave_through_word_97_format_loses_the_clause_map_but_not_the_clauses(seed_pack, tmp_path, soffice):
    resaved = tmp_path / "via-doc"
    files = resave_with_libreoffice(soffice, sorted(seed_pack.glob("*.docx")), resaved, via="doc")
    _copy_pack(seed_pack, resaved, files)
    read = read_docx(resaved / "alliance-agreement.docx")
    assert read.clause_map is None  # .doc has no custom XML parts
    assert _findings(resaved) == []  # the manifest names the clauses; the heading bookmarks place them
    assert "0 with changes" in run("diff", seed_pack, resaved).stdout  # the other side's map names them


# -- Word's shape --------------------------------------------------------------------------------

def test_a_file_shaped_as_word_saves_it_checks_clean_and_diffs_unchanged(seed_pack, tmp_path):
    shaped = tmp_path / "shaped"
    shutil.copytree(seed_pack, shaped)
    for path in shaped.glob("*.docx"):
        path.write_bytes(wordify(path.read_bytes()))
    xml = __import__("zipfile").ZipFile(shaped / "alliance-agreement.docx").read("word/document.xml")
    assert b"w14:paraId" in xml and b"w:proofErr" in xml and b"lastRenderedPageBreak" in xml and b"<w:sdt>" in xml
    assert _findings(shaped) == []
    assert "0 with changes" in run("diff", seed_pack, shaped).stdout
    # every clause found by its bookmark, though Word moved most of them before their paragraph
    read = read_docx(shaped / "alliance-agreement.docx")
    assert {c.carrier for c in read.clauses} == {"bookmark"} and len(read.clauses) == 50


def _drop_bookmark(path, clause_id: str, retitle: str | None = None) -> None:
    """Retype a clause heading in Word: its bookmark goes, and (``retitle``) its wording changes."""
    import docx
    from docx.oxml.ns import qn

    from ncm_docs.docx.carriers import clause_bookmark

    document = docx.Document(str(path))
    for mark in list(document.element.body.iter(qn("w:bookmarkStart"))):
        if mark.get(qn("w:name")) == clause_bookmark(clause_id):
            paragraph = mark.getparent()
            for end in paragraph.iter(qn("w:bookmarkEnd")):
                if end.get(qn("w:id")) == mark.get(qn("w:id")):
                    paragraph.remove(end)
            paragraph.remove(mark)
            if retitle:
                texts = list(paragraph.iter(qn("w:t")))
                texts[0].text = retitle
                for node in texts[1:]:
                    node.text = ""
            document.save(str(path))
            return
    raise AssertionError(clause_id)


def test_a_clause_whose_heading_lost_its_bookmark_is_found_by_its_title(seed_pack, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(seed_pack, pack)
    _drop_bookmark(pack / "alliance-agreement.docx", "alliance.term")
    read = read_docx(pack / "alliance-agreement.docx")
    assert read.clause("alliance.term").carrier == "title"
    assert _findings(pack) == []


def test_a_retitled_clause_without_its_bookmark_is_found_as_the_heading_between_its_neighbours(seed_pack, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(seed_pack, pack)
    _drop_bookmark(pack / "alliance-agreement.docx", "alliance.term", retitle="Duration")
    findings = _findings(pack)
    assert [(f["rule"], f["location"]) for f in findings] == [("NCM208", "alliance.term")]
    assert findings[0]["message"].endswith("was edited by hand: 'Commencement and duration' -> 'Duration'")
    assert read_docx(pack / "alliance-agreement.docx").clause("alliance.term").carrier == "heading"


def test_a_clause_deleted_heading_and_all_is_missing(seed_pack, tmp_path):
    from helpers import delete_clause

    pack = tmp_path / "pack"
    shutil.copytree(seed_pack, pack)
    delete_clause(pack / "alliance-agreement.docx", "alliance.observers")
    findings = _findings(pack)
    assert [(f["rule"], f["location"]) for f in findings if f["rule"] == "NCM207"] == [("NCM207", "alliance.observers")]


def _as_built_before_bookmarks(data: bytes) -> bytes:
    """A .docx as ncm-docs wrote it before the bookmark carriers: each clause in a content
    control tagged ``ncm:<id>@<version>``, no clause map."""
    import io
    import zipfile

    from lxml import etree

    from ncm_docs.docx.reader import read_docx_bytes

    read = read_docx_bytes(data, "old.docx")
    for n, clause in enumerate(read.clauses, start=1):
        sdt = etree.Element(f"{W}sdt")
        props = etree.SubElement(sdt, f"{W}sdtPr")
        etree.SubElement(props, f"{W}alias").set(f"{W}val", clause.title)
        etree.SubElement(props, f"{W}tag").set(f"{W}val", f"ncm:{clause.id}@{clause.version}")
        etree.SubElement(props, f"{W}id").set(f"{W}val", str(n))
        content = etree.SubElement(sdt, f"{W}sdtContent")
        clause.elements[0].addprevious(sdt)
        for element in clause.elements:
            content.append(element)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name.startswith("customXml/"):
                continue
            content = source.read(name)
            if name == "word/document.xml":
                content = etree.tostring(read.body.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(name, content)
    return out.getvalue()


def test_a_pack_built_with_content_controls_still_checks_and_diffs(seed_pack, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(seed_pack, old)
    for path in old.glob("*.docx"):
        path.write_bytes(_as_built_before_bookmarks(path.read_bytes()))
    read = read_docx(old / "alliance-agreement.docx")
    assert read.clause_map is None and {c.carrier for c in read.clauses} == {"tag"} and len(read.clauses) == 50
    assert _findings(old) == []
    assert "0 with changes" in run("diff", old, seed_pack).stdout


def test_a_redline_between_two_packs_built_with_content_controls_keeps_them(seed_pack, tmp_path):
    import copy

    from ncm_docs.docx.reader import read_docx_bytes
    from ncm_docs.docx.redline import accept_all, redline_docx, reject_all

    old = _as_built_before_bookmarks((seed_pack / "alliance-agreement.docx").read_bytes())
    edited = tmp_path / "edited.docx"
    edited.write_bytes((seed_pack / "alliance-agreement.docx").read_bytes())
    _replace(edited, "within 30 minutes of its start time", "within 45 minutes of its start time")
    delete_target = tmp_path / "deleted.docx"
    delete_target.write_bytes(edited.read_bytes())
    from helpers import delete_clause

    delete_clause(delete_target, "alliance.observers")
    new = _as_built_before_bookmarks(delete_target.read_bytes())
    red = read_docx_bytes(redline_docx(old, new, date="2027-01-01T00:00:00Z"), "red.docx")
    tags = lambda body: [t.get(f"{W}val") for t in body.iter(f"{W}tag")]  # noqa: E731
    old_body, new_body = read_docx_bytes(old, "o.docx").marked, read_docx_bytes(new, "n.docx").marked
    assert tags(accept_all(copy.deepcopy(red.marked))) == tags(new_body)
    assert tags(reject_all(copy.deepcopy(red.marked))) == tags(old_body)  # the deleted clause's control comes back


def test_diff_finds_a_clause_whose_bookmark_was_lost_by_the_clause_map(seed_pack, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(seed_pack, pack)
    _drop_bookmark(pack / "alliance-agreement.docx", "alliance.term")
    _drop_bookmark(pack / "alliance-agreement.docx", "alliance.observers", retitle="Observers and guests")
    report = json.loads(run("diff", seed_pack / "alliance-agreement.docx", pack / "alliance-agreement.docx", "--format", "json").stdout)
    changed = [(c["id"], c["status"]) for d in report["documents"] for c in d["clauses"]]
    assert changed == [("alliance.observers", "changed")]  # the retitled one, by its id; the other unchanged
