"""Word output a lawyer can work in: numbering, cross-references, contents, definitions.

These tests inspect word/document.xml of an alliance agreement drafted from the small,
complete library in ``word_library.py``, so they do not depend on the bundled wording.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from helpers import build_file_tree
from lxml import etree
from word_library import clause_file, word_library

from ncm_docs.docx.styles import HEADING_STYLES, LEVEL_STYLES
from ncm_docs.pack import build_pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOC = "alliance-agreement.docx"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The seed alliance agreement drafted from the Word-test library: (folder, xml root, manifest)."""
    from conftest import SEED

    base = tmp_path_factory.mktemp("word")
    lib = build_file_tree(base / "clauses", word_library())
    out = base / "out"
    build_pack(SEED, out, clauses_dir=lib, only={"alliance-agreement"})
    root = etree.fromstring(zipfile.ZipFile(out / DOC).read("word/document.xml"))
    manifest = json.loads((out / "manifest.json").read_text())
    return out, root, manifest


def _style(p) -> str | None:
    node = p.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val") if node is not None else None


def _clauses(source) -> dict[str, list]:
    """Clause id -> the body elements it spans, as the reader finds them (a path or .docx bytes)."""
    from ncm_docs.docx.reader import read_docx, read_docx_bytes

    read = read_docx_bytes(source, "doc.docx") if isinstance(source, bytes) else read_docx(source)
    return {c.id: c.elements for c in read.clauses}


def _paragraphs(elements) -> list:
    return [p for element in elements for p in element.iter(f"{W}p")]


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _numbered_styles(path) -> dict[str, tuple[str, str]]:
    """Paragraph style id -> (numId, ilvl) for styles linked to a list."""
    styles = etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))
    out = {}
    for s in styles.iter(f"{W}style"):
        num = s.find(f"{W}pPr/{W}numPr")
        if num is not None:
            out[s.get(f"{W}styleId")] = (num.find(f"{W}numId").get(f"{W}val"), num.find(f"{W}ilvl").get(f"{W}val"))
    return out


def test_every_clause_paragraph_is_numbered_by_word_and_never_typed(pack):
    out, root, _ = pack
    numbered = _numbered_styles(out / DOC)
    must_be_numbered = {s for part in ("operative", "schedule") for lvl, s in LEVEL_STYLES[part].items() if lvl}
    must_be_numbered |= {HEADING_STYLES["operative"], HEADING_STYLES["schedule"], LEVEL_STYLES["parties"][1], LEVEL_STYLES["recitals"][1]}
    assert must_be_numbered <= set(numbered), must_be_numbered - set(numbered)
    seen = set()
    for elements in _clauses(out / DOC).values():
        for p in _paragraphs(elements):
            style = _style(p)
            assert p.find(f"{W}pPr/{W}numPr") is None, "numbering must come from the style, not direct formatting"
            if style in numbered:
                seen.add(style)
                assert not re.match(r"^\s*(\d+(\.\d+)*\.?|\([a-zA-Z]+\)|Schedule \d+)\s", _text(p)), f"typed number in {_text(p)!r}"
    # the library uses every level: 1. / 1.1 / 1.1.1 / (a) / (i), schedules, parties, recitals
    assert {"NcmHeading1", "NcmLevel2", "NcmLevel3", "NcmLevel4", "NcmLevel5", "NcmScheduleHeading", "NcmSched2", "NcmSched3", "NcmParty", "NcmRecital"} <= seen


def test_schedule_numbering_restarts_in_every_schedule(pack):
    out, _, _ = pack
    numbering = etree.fromstring(zipfile.ZipFile(out / DOC).read("word/numbering.xml"))
    num_id, _ = _numbered_styles(out / DOC)["NcmScheduleHeading"]
    abstract_id = next(n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
    abstract = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    levels = {lvl.get(f"{W}ilvl"): lvl for lvl in abstract.iter(f"{W}lvl")}
    assert levels["0"].find(f"{W}lvlText").get(f"{W}val") == "Schedule %1"
    assert levels["1"].find(f"{W}lvlText").get(f"{W}val") == "%2."
    # no lvlRestart="0": level 2 restarts after each "Schedule N"
    assert levels["1"].find(f"{W}lvlRestart") is None


def test_every_ref_field_points_at_a_bookmark_and_caches_its_number(pack):
    out, root, manifest = pack
    labels = {c["id"]: c["label"] for c in manifest["documents"][0]["clauses"]}
    bookmarks = {}
    for clause_id, elements in _clauses(out / DOC).items():
        for p in _paragraphs(elements):
            for b in p.iter(f"{W}bookmarkStart"):
                bookmarks[b.get(f"{W}name")] = labels[clause_id]
    refs = 0
    for instr in root.iter(f"{W}instrText"):
        words = (instr.text or "").split()
        if words[:1] != ["REF"]:
            continue
        refs += 1
        assert words[1] in bookmarks, f"REF to missing bookmark {words[1]}"
        assert words[2:] == ["\\w", "\\h"]
        # the cached result sits between the 'separate' and 'end' field characters
        run = instr.getparent().getnext().getnext()
        assert run.find(f"{W}t").text == bookmarks[words[1]]
    assert refs >= 8


def test_contents_lists_every_clause_with_a_live_page_number_on_its_own_page(pack):
    out, root, manifest = pack
    entries = [p for p in root.iter(f"{W}p") if _style(p) == "TOC1"]
    labels = [c for c in manifest["documents"][0]["clauses"] if c["label"]]
    assert [_text(p) for p in entries] == [
        (f"{c['label']}." if c["part"] == "operative" else c["label"]) + c["title"] for c in labels
    ]
    bookmarks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    for p in entries:
        anchor = p.find(f"{W}hyperlink").get(f"{W}anchor")
        assert anchor in bookmarks
        # the page number: a PAGEREF field to the clause, marked for update, no number cached
        instr = [i.text.split() for i in p.iter(f"{W}instrText")]
        assert instr == [["PAGEREF", anchor, "\\h"]]
        begin = next(f for f in p.iter(f"{W}fldChar") if f.get(f"{W}fldCharType") == "begin")
        assert begin.get(f"{W}dirty") == "true"
    # no TOC field: LibreOffice would show a TOC field's saved text, which has no page numbers
    assert not [i for i in root.iter(f"{W}instrText") if (i.text or "").strip().startswith("TOC")]
    body = root.find(f"{W}body")
    heading = _paragraphs(next(iter(_clauses(out / DOC).values())))[0]
    first_clause = next(i for i, child in enumerate(body) if _text(child) == _text(heading))
    assert any(br.get(f"{W}type") == "page" for br in body[first_clause - 1].iter(f"{W}br"))
    settings = zipfile.ZipFile(out / DOC).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/><w:compat>' in settings  # Word updates the page numbers on opening


def test_update_fields_goes_where_word_expects_it_in_any_settings():
    from ncm_docs.docx.xml import update_fields_on_open

    bare = '<w:settings xmlns:w="w"></w:settings>'
    assert update_fields_on_open(bare) == '<w:settings xmlns:w="w"><w:updateFields w:val="true"/></w:settings>'
    word = '<w:settings><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:footnotePr/><w:compat/><w:rsids/></w:settings>'
    assert update_fields_on_open(word) == word.replace("<w:footnotePr/>", '<w:updateFields w:val="true"/><w:footnotePr/>')
    off = '<w:settings><w:updateFields w:val="false"/><w:compat/></w:settings>'
    assert update_fields_on_open(off) == '<w:settings><w:updateFields w:val="true"/><w:compat/></w:settings>'


def _definitions(root):
    from ncm_docs.docx.reader import find_clauses

    definitions = next(c for c in find_clauses(root.find(f"{W}body"), []) if c.id == "alliance_definitions")
    out = []
    for p in _paragraphs(definitions.elements):
        runs = list(p.iter(f"{W}r"))
        if runs and runs[0].find(f"{W}rPr/{W}b") is not None and " means " in _text(p):
            out.append((runs[0].find(f"{W}t").text, _text(p)))
    return out


def test_definitions_list_exactly_the_terms_used_alphabetically_in_bold(pack):
    _, root, _ = pack
    definitions = _definitions(root)
    terms = [t for t, _ in definitions]
    assert terms == sorted(terms, key=lambda t: t.replace("-", "").casefold())
    # every term defined in the data and used elsewhere, and nothing else
    assert terms == ["Agreement", "Alliance Leadership Team", "Commencement Date", "Host Partner", "Partner", "Service Contract", "Shared Pot"]
    assert "Unused Term" not in _text(root)
    assert all(text.endswith(";") for _, text in definitions[:-1]) and definitions[-1][1].endswith(".")
    other = " ".join(_text(p) for p in root.iter(f"{W}p") if p not in {d for d in root.iter(f"{W}p") if " means " in _text(d)})
    for term in terms:
        assert re.search(rf"\b{re.escape(term)}s?\b", other) or term == "Host Partner", term


def test_definitions_follow_what_the_document_uses(tmp_path, seed, mini_library):
    from ncm_docs.assemble import assemble, plan_documents
    from ncm_docs.library import load_library

    files = word_library()
    files["alliance/term.md"] = files["alliance/term.md"].replace("starts on the Commencement Date", "starts on 1 April 2027")
    files["alliance/shared-pot.md"] = files["alliance/shared-pot.md"].replace("The Host Partner shall hold", "NHFT shall hold")
    lib = load_library(build_file_tree(tmp_path / "lib", files))
    plan = plan_documents(seed, lib, only={"alliance-agreement"})[0]
    doc = assemble(seed, lib, plan)
    assert "Commencement Date" not in doc.defined_terms
    # 'Host Partner' is now used only in the definition of 'Shared Pot': kept through it
    assert "Host Partner" in doc.defined_terms


def find_undefined_terms(partnership, library):
    """Assemble every document of ``partnership``; its undefined capitalised terms (NCM212's finder)."""
    from ncm_docs.assemble import assemble, plan_documents
    from ncm_docs.terms import document_vocabulary
    from ncm_docs.vocabulary import family_names, undefined_terms

    plans = plan_documents(partnership, library)
    names = family_names(partnership, plans)
    found = []
    for plan in plans:
        doc = assemble(partnership, library, plan)
        found += undefined_terms(doc, [], document_vocabulary(library, doc, names), [])
    return found


def test_longer_terms_are_matched_first_and_plurals_count():
    from ncm_docs.terms import RenderedTerm, terms_used

    terms = [RenderedTerm("Service", "Services", []), RenderedTerm("Service Contract", "Service Contracts", []), RenderedTerm("Partner", "Partners", [])]
    assert terms_used("each Service Contract of the Partners", terms) == {"Service Contract", "Partner"}
    assert terms_used("the Services under a Service Contract", terms) == {"Service", "Service Contract"}
    assert terms_used("Partnership and Servicemen", terms) == set()


def test_undefined_capitalised_terms_are_reported(tmp_path, seed):
    from ncm_docs.library import load_library

    files = word_library()
    files["alliance/exit.md"] = files["alliance/exit.md"].replace(
        "on six months' notice", "on six months' notice to the Joint Venture Board under the National Health Service Act 2006"
    )
    lib = load_library(build_file_tree(tmp_path / "lib", files))
    found = find_undefined_terms(seed, lib)
    assert [(f.clause_id, f.term) for f in found] == [("alliance.exit", "Joint Venture Board")]
    clean = load_library(build_file_tree(tmp_path / "clean", word_library()))
    assert find_undefined_terms(seed, clean) == []


@pytest.mark.parametrize("sentence, reported", [
    ("The Joint Venture Board decides.", ["Joint Venture Board"]),
    ("The Secretary of State for Health decides.", ["Secretary of State for Health"]),
    ("The Joint Venture Board's decision binds.", ["Joint Venture Board"]),
    ("Under the Health and Care Act 2022 it applies.", []),  # a statute
    ("THIS AGREEMENT binds.", []),  # an all-capital heading
    ("A **Joint Venture Board** is set up. The Joint Venture Board meets.", []),  # defined in place
    ("The Alliance Leadership Team and the Shared Pot.", []),  # defined terms
    ("Northshire Hospitals NHS Foundation Trust agrees.", []),  # a name from the data
    ("Each Partner agrees. If Partners agree, it applies.", []),  # sentence openings
])
def test_undefined_term_cases(tmp_path, seed, sentence, reported):
    from ncm_docs.library import load_library

    files = word_library({"alliance/extra.md": clause_file("alliance.extra", "Extra", f". {sentence}\n", order=80)})
    lib = load_library(build_file_tree(tmp_path / "lib", files))
    assert [f.term for f in find_undefined_terms(seed, lib) if f.clause_id == "alliance.extra"] == reported


@pytest.mark.parametrize("entry, message", [
    ("  - term: X Y\n    definition: means {{ alliance.governance.quorom }}\n", "line 19: terms[8] (X Y): definition: 'alliance.governance.quorom' is not in the schema (did you mean 'quorum'?)"),
    ("  - term: X Y\n    definition: means clause [[alliance.trem]]\n", "line 19: terms[8] (X Y): cross-reference to unknown clause 'alliance.trem' (did you mean 'alliance.term'?)"),
    ("  - term: X Y\n    definition: means z\n    documents: [alliance-agrement]\n", "unknown document type 'alliance-agrement' (did you mean 'alliance-agreement'?)"),
    ("  - term: X Y\n    definiton: means z\n", "line 19: terms.8: unknown key 'definiton' (did you mean 'definition'?)"),
])
def test_bad_definitions_are_reported_with_file_and_line(tmp_path, entry, message):
    from ncm_docs.errors import ClauseError
    from ncm_docs.library import load_library

    files = word_library()
    files["definitions.yaml"] = files["definitions.yaml"].replace("not_terms:", entry + "not_terms:")
    with pytest.raises(ClauseError) as exc:
        load_library(build_file_tree(tmp_path / "lib", files))
    assert str(tmp_path / "lib" / "definitions.yaml") in str(exc.value)
    assert message in str(exc.value)


def test_a_term_defined_twice_is_an_error(tmp_path, seed):
    from ncm_docs.assemble import assemble_all
    from ncm_docs.errors import RenderError
    from ncm_docs.library import load_library

    files = word_library()
    files["definitions.yaml"] = files["definitions.yaml"].replace("not_terms:", "  - term: Agreement\n    definition: means again\nnot_terms:")
    lib = load_library(build_file_tree(tmp_path / "lib", files))
    with pytest.raises(RenderError, match="the term 'Agreement' is defined twice"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_headings_keep_with_next_and_widows_are_controlled(pack):
    out, root, _ = pack
    styles = etree.fromstring(zipfile.ZipFile(out / DOC).read("word/styles.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    for style in (*HEADING_STYLES.values(), "NcmSubheading"):
        node = by_id[style]
        while node.find(f"{W}pPr/{W}keepNext") is None and node.find(f"{W}basedOn") is not None:
            node = by_id[node.find(f"{W}basedOn").get(f"{W}val")]
        assert node.find(f"{W}pPr/{W}keepNext") is not None, style
    assert styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}widowControl") is not None
    intro = next(p for p in root.iter(f"{W}p") if _text(p).endswith("shall:"))
    assert intro.find(f"{W}pPr/{W}keepNext") is not None


def test_signature_blocks_do_not_split_across_pages(tmp_path, seed):
    from ncm_docs.assemble import assemble, plan_documents
    from ncm_docs.docx.template import load_template, template_for
    from ncm_docs.library.house_style import compile_part
    from ncm_docs.docx.writer import render_docx
    from ncm_docs.library import load_library

    body = "{% for p in doc.parties %}\n## Signed for and on behalf of {{ p.legal_name }}\nSignature:\nName: {{ p.signatory.name }}\nDate:\n{% endfor %}\n"
    files = word_library({"alliance/execution.md": clause_file("alliance.execution", "Execution", body, part="execution")})
    lib = load_library(build_file_tree(tmp_path / "lib", files))
    doc = assemble(seed, lib, plan_documents(seed, lib, only={"alliance-agreement"})[0])
    data = render_docx(doc, load_template(template_for(doc.kind, None), compile_part))
    execution = _clauses(data)["alliance.execution"]
    lines = [(_text(p), p.find(f"{W}pPr/{W}keepNext") is not None) for p in _paragraphs(execution)][1:]
    for text, keep in lines:
        if text.startswith(("Signature", "Name")):
            assert keep, text
        if text.startswith("Date"):
            assert not keep, text
