"""Building packs: escaping, determinism, content controls, numbering, safe writes."""

from __future__ import annotations

import copy
import hashlib
import json
import zipfile

import docx
import pytest
from lxml import etree

from ncm_docs.errors import OutputError
from ncm_docs.pack import build_pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _build(tmp_path, write_partnership, data, **kwargs):
    path = write_partnership(data)
    out = tmp_path / "out"
    build_pack(path, out, **kwargs)
    return out


def test_seed_builds_the_whole_family(tmp_path, write_partnership, seed_data):
    out = _build(tmp_path, write_partnership, seed_data)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([
        "alliance-agreement.docx", "lead-provider-contract.docx", "manifest.json",
        "subcontract-nch.docx", "subcontract-ngpf.docx", "subcontract-nwmh.docx",
    ])
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["documents"]:
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["clauses"], entry["file"]


def test_same_input_gives_the_same_bytes(tmp_path, write_partnership, seed_data):
    first = _build(tmp_path / "a", write_partnership, seed_data)
    second = _build(tmp_path / "b", write_partnership, seed_data)
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    with zipfile.ZipFile(first / "alliance-agreement.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_markup_in_names_appears_verbatim_and_escaped(tmp_path, write_partnership, seed_data):
    data = copy.deepcopy(seed_data)
    tricky = "Smith & Jones <Care> \"Ltd\" {{ 7*7 }} **x** [[y]] | z"
    data["providers"][3]["legal_name"] = tricky
    out = _build(tmp_path, write_partnership, data)
    for name in ("alliance-agreement.docx", "subcontract-nch.docx"):
        document = docx.Document(str(out / name))
        text = "\n".join(p.text for p in document.paragraphs)
        assert tricky in text, name
        assert "49" not in text.split(tricky)[0][-5:]
        raw = zipfile.ZipFile(out / name).read("word/document.xml")
        etree.fromstring(raw)  # well-formed
        assert b"Smith &amp; Jones &lt;Care&gt;" in raw


def test_every_clause_carries_its_id_in_a_heading_bookmark_and_the_clause_map(tmp_path, write_partnership, seed_data):
    from ncm_docs.docx.carriers import clause_bookmark
    from ncm_docs.docx.reader import clause_map_of

    out = _build(tmp_path, write_partnership, seed_data)
    manifest = json.loads((out / "manifest.json").read_text())
    entry = next(e for e in manifest["documents"] if e["kind"] == "alliance-agreement")
    package = zipfile.ZipFile(out / entry["file"])
    root = etree.fromstring(package.read("word/document.xml"))
    body = root.find(f"{W}body")
    assert not list(body.iter(f"{W}sdt")), "no content control may hide clause paragraphs from readers"
    headings = [p for p in body if p.tag == f"{W}p" and any(b.get(f"{W}name", "").startswith("_Ncm_") for b in p.iter(f"{W}bookmarkStart"))]
    names = [b.get(f"{W}name") for p in headings for b in p.iter(f"{W}bookmarkStart")]
    assert names == [clause_bookmark(c["id"]) for c in entry["clauses"]]
    for p, clause in zip(headings, entry["clauses"]):  # the bookmark opens and closes in its heading
        assert "".join(t.text for t in p.iter(f"{W}t")) == clause["title"]
        assert len(list(p.iter(f"{W}bookmarkEnd"))) == 1
    mapped = clause_map_of({n: package.read(n) for n in package.namelist()}, out / entry["file"])
    assert [(c.id, c.version, c.title) for c in mapped] == [(c["id"], c["version"], c["title"]) for c in entry["clauses"]]


def test_python_docx_sees_every_body_paragraph_and_table_of_every_sample(tmp_path):
    import docx

    from conftest import SAMPLES

    for sample in sorted(SAMPLES.glob("*.yaml")):
        out = tmp_path / sample.stem
        build_pack(sample, out)
        for path in sorted(out.glob("*.docx")):
            document = docx.Document(str(path))
            body = document.element.body
            in_tables = sum(1 for t in body.iter(f"{W}tbl") for _ in t.iter(f"{W}p"))
            assert len(document.paragraphs) == len(list(body.iter(f"{W}p"))) - in_tables, path.name
            assert len(document.tables) == len(list(body.iter(f"{W}tbl"))), path.name


def test_numbered_paragraphs_use_word_numbering_not_typed_numbers(tmp_path, write_partnership, seed_data):
    out = _build(tmp_path, write_partnership, seed_data)
    z = zipfile.ZipFile(out / "alliance-agreement.docx")
    root = etree.fromstring(z.read("word/document.xml"))
    styles = etree.fromstring(z.read("word/styles.xml"))
    numbered_styles = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style") if s.find(f"{W}pPr/{W}numPr") is not None}
    used = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None]
    assert "NcmHeading1" in numbered_styles and "NcmLevel2" in numbered_styles
    assert sum(1 for s in used if s == "NcmHeading1") >= 10
    import re

    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in numbered_styles:
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            assert not re.match(r"^\s*(\d+(\.\d+)*\.?|\([a-z]+\))\s", text), f"typed number in {text!r}"


def test_every_ref_field_points_at_a_bookmark_with_the_right_number(tmp_path, write_partnership, seed_data, library):
    out = _build(tmp_path, write_partnership, seed_data)
    for path in out.glob("*.docx"):
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        bookmarks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
        for instr in root.iter(f"{W}instrText"):
            words = (instr.text or "").split()
            if words and words[0] == "REF":
                assert words[1] in bookmarks, f"{path.name}: REF to missing bookmark {words[1]}"


def test_existing_files_are_never_overwritten_without_force(tmp_path, write_partnership, seed_data):
    out = _build(tmp_path, write_partnership, seed_data)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    path = write_partnership(seed_data)
    with pytest.raises(OutputError, match="use --force"):
        build_pack(path, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    build_pack(path, out, force=True)


def test_a_failed_build_writes_nothing(tmp_path, write_partnership, seed_data, mini_library):
    from helpers import clause_file

    lib_dir = mini_library({
        "a/ok.md": clause_file("alliance.ok", ". fine\n"),
        "a/bad.md": clause_file("contract.bad", "{{ doc.subcontract }}\n", documents="[lead-provider-contract]"),
    })
    path = write_partnership(seed_data)
    out = tmp_path / "never"
    from ncm_docs.errors import RenderError

    with pytest.raises(RenderError):
        build_pack(path, out, clauses_dir=lib_dir)
    assert not out.exists()


def test_only_one_document(tmp_path, write_partnership, seed_data):
    out = _build(tmp_path, write_partnership, seed_data, only={"subcontract-nwmh"})
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "subcontract-nwmh.docx"]


def test_provenance_in_custom_properties(tmp_path, write_partnership, seed_data):
    from ncm_docs.docx.reader import read_docx

    out = _build(tmp_path, write_partnership, seed_data)
    manifest = json.loads((out / "manifest.json").read_text())
    doc = read_docx(out / "alliance-agreement.docx")
    assert doc.properties["ncm.input_sha256"] == manifest["input"]["sha256"]
    assert doc.properties["ncm.library_version"] == manifest["library"]["version"]
    assert doc.properties["ncm.document_kind"] == "alliance-agreement"


def test_reader_round_trips_clause_text_hashes(tmp_path, write_partnership, seed_data):
    from ncm_docs.docx.reader import read_docx

    out = _build(tmp_path, write_partnership, seed_data)
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["documents"]:
        read = read_docx(out / entry["file"])
        assert [c.id for c in read.clauses] == [c["id"] for c in entry["clauses"]]
        for clause, expected in zip(read.clauses, entry["clauses"]):
            assert hashlib.sha256(clause.text.encode()).hexdigest() == expected["text_sha256"], clause.id


def test_clause_caches_key_on_the_numbers_references_resolve_to():
    """Boilerplate XML and text are cached by rendered text: the same text referring to a
    clause numbered differently in two documents must not share an entry."""
    from ncm_docs.document import RenderedClause, clause_text
    from ncm_docs.docx.writer import _clause_blocks
    from ncm_docs.markup import parse_body

    source = ". As set out in clause [[alliance.term]], the Partners agree.\n"
    first = RenderedClause("alliance.x", "1.0.0", "X", "operative", "3", parse_body(source), source)
    second = RenderedClause("alliance.x", "1.0.0", "X", "operative", "5", parse_body(source), source)
    assert "<w:t xml:space=\"preserve\">4</w:t>" in _clause_blocks(first, {"alliance.term": "4"})
    assert "<w:t xml:space=\"preserve\">7</w:t>" in _clause_blocks(second, {"alliance.term": "7"})
    assert "clause 4," in clause_text(first, {"alliance.term": "4"})
    assert "clause 7," in clause_text(second, {"alliance.term": "7"})
    changed = RenderedClause("alliance.x", "1.0.0", "X", "operative", "3", parse_body(". Other words.\n"), None)
    assert "Other words." in _clause_blocks(changed, {}) and "Other words." in clause_text(changed, {})


def test_reserved_device_names_give_safe_file_names(tmp_path, write_partnership, seed_data):
    """A short name like CON (a reserved device name on Windows) only ever forms part of a
    longer, lowercase file name inside the output folder."""
    text = yaml_dump(seed_data)
    for before, after in ((": NCH\n", ": CON\n"), ("NCH:", "CON:"), ("[NCH", "[CON"), (", NCH", ", CON")):
        text = text.replace(before, after)  # rename the CIC's short name everywhere it is used
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build_pack(path, out)
    assert (out / "subcontract-con.docx").is_file()
    assert all(p.parent == out for p in out.rglob("*"))


def yaml_dump(data) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_signature_blocks_keep_together_but_not_with_each_other():
    """Each block keeps its lines on one page; the last line of a block does not keep with
    the next block (one chain of every block would be longer than a page)."""
    import re

    from ncm_docs.document import RenderedClause
    from ncm_docs.docx.writer import _clause_blocks
    from ncm_docs.markup import parse_body

    source = "".join(f"Signed for and on behalf of **P{i}** by:\nSignature: ____\nName: N{i}\nDate: ____\n" for i in (1, 2))
    clause = RenderedClause("alliance.execution", "1.0.0", "Signatures", "execution", "", parse_body(source), None)
    paragraphs = re.findall(r"<w:p>.*?</w:p>", _clause_blocks(clause, {}))
    keeps = ["<w:keepNext/>" in p for p in paragraphs]
    assert keeps == [True, True, True, False, True, True, True, False]


def test_no_break_spaces_in_names_survive_everywhere(tmp_path, write_partnership, seed_data):
    """Whitespace folding (for folded YAML definitions) must not touch the data: a name
    with a no-break space reads the same in the definitions as in the parties block."""
    from ncm_docs.checks import check_pack

    data = copy.deepcopy(seed_data)
    data["partnership"]["name"] = "Northshire\u00a0Integrated Care Partnership"
    from ncm_docs.docx.reader import read_docx

    out = _build(tmp_path, write_partnership, data)
    text = read_docx(out / "subcontract-nwmh.docx").full_text  # clauses sit in content controls
    assert "Northshire\u00a0Integrated Care Partnership Lead Provider Contract" in text
    assert "Northshire Integrated" not in text
    assert not [f.message for f in check_pack(out) if f.severity == "error"]
