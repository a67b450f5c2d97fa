"""Word redlines: accepting every change gives NEW, rejecting every change gives OLD.

Two versions of a document are drafted from small clause libraries (or built directly
from ``Document`` objects); the redline's XML is parsed, every revision accepted (or
rejected) by ``accept_all``/``reject_all``, and the result compared with NEW (or OLD)
paragraph by paragraph, style and text.
"""

from __future__ import annotations

import copy
import zipfile

import pytest
from helpers import LIBRARY_YAML, build_file_tree, clause_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ncm_docs.docx.reader import W, paragraph_text, read_docx_bytes
from ncm_docs.docx.redline import accept_all, redline_docx, reject_all, revision_count

DATE = "2027-01-01T00:00:00Z"

BASE = {
    "a/intro.md": clause_file("alliance.intro", ". The Partners agree to work together in good faith.\n. This agreement starts on the commencement date.\n", order=10),
    "a/decisions.md": clause_file("alliance.decisions", ". A decision is made only if every voting member agrees.\n. Reserved matters are never decided by the team; see clause [[alliance.intro]].\n", order=20),
    "a/share.md": clause_file("alliance.share", ". The shares are:\n| Partner | Share |\n| NHFT | 55% |\n| NWMH | 25% |\n| NGPF | 20% |\n", order=30),
    "a/observers.md": clause_file("alliance.observers", ". Observers attend meetings but never vote.\n. Observers receive the papers.\n", order=40),
    "a/exit.md": clause_file("alliance.exit", ". A Partner may withdraw on six months' notice.\n", order=50),
}


def _edit(**changes) -> dict:
    files = dict(BASE)
    for name, text in changes.items():
        path = f"a/{name}.md"
        if text is None:
            del files[path]
        else:
            files[path] = text
    return files


#: Kinds of change, each as the NEW library (OLD is always BASE).
CASES = {
    "word change": _edit(decisions=clause_file("alliance.decisions", ". A decision is made if at least 75% of the voting members agree.\n. Reserved matters are never decided by the team; see clause [[alliance.intro]].\n", order=20)),
    "clause added": _edit(accession=clause_file("alliance.accession", ". A new Partner joins by signing a deed of adherence.\n.. The deed is in the form the Partners agree.\n", order=25)),
    "clause removed": _edit(exit=None),
    "clause moved": _edit(observers=clause_file("alliance.observers", ". Observers attend meetings but never vote.\n. Observers receive the papers.\n", order=15)),
    "moved and changed": _edit(observers=clause_file("alliance.observers", ". Observers attend all meetings but never vote.\n", order=15)),
    "table cell changed": _edit(share=clause_file("alliance.share", ". The shares are:\n| Partner | Share |\n| NHFT | 50% |\n| NWMH | 25% |\n| NGPF | 20% |\n", order=30)),
    "table rows added and removed": _edit(share=clause_file("alliance.share", ". The shares are:\n| Partner | Share |\n| NHFT | 50% |\n| NGPF | 20% |\n| HOSP | 5% |\n", order=30)),
    "table removed": _edit(share=clause_file("alliance.share", ". The shares are set out in the schedule.\n", order=30)),
    "paragraphs added and removed": _edit(observers=clause_file("alliance.observers", ". Observers attend meetings but never vote.\n. Observers sign a confidentiality undertaking.\n", order=40)),
    "title changed": _edit(exit=clause_file("alliance.exit", ". A Partner may withdraw on six months' notice.\n", order=50).replace("title: Exit", "title: Withdrawal")),
    "everything at once": _edit(
        decisions=clause_file("alliance.decisions", ". A decision is made if at least 75% of the voting members agree.\n", order=20),
        share=clause_file("alliance.share", ". The shares are:\n| Partner | Share |\n| NHFT | 50% |\n| HOSP | 5% |\n", order=30),
        observers=clause_file("alliance.observers", ". Observers attend meetings but never vote.\n", order=5),
        exit=None,
        accession=clause_file("alliance.accession", ". A new Partner joins by signing a deed of adherence.\n", order=45),
    ),
}


def draft(tmp_path, files: dict, partnership: dict, tag: str) -> bytes:
    """The alliance agreement drafted from a clause library made of ``files``."""
    from ncm_docs.library import load_library
    from ncm_docs.load import validate_partnership
    from ncm_docs.pack import draft_pack

    library = load_library(build_file_tree(tmp_path / tag / "clauses", {"library.yaml": LIBRARY_YAML, **files}))
    p = validate_partnership(copy.deepcopy(partnership), f"{tag}.yaml")
    return draft_pack(p, library, input_name=f"{tag}.yaml", input_sha256="0" * 64, only={"alliance-agreement"}).files["alliance-agreement.docx"]


def body_of(data: bytes) -> etree._Element:
    return read_docx_bytes(data, "test.docx").marked


def paragraphs(body: etree._Element) -> list[tuple[str, str]]:
    """Every paragraph of a body (tables included), as (style, text)."""
    out = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((style.get(f"{W}val") if style is not None else "", paragraph_text(p)))
    return out


def tags(body: etree._Element) -> list[str]:
    """The clause bookmarks of a body, in order: which clauses it holds."""
    return [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart") if b.get(f"{W}name", "").startswith("_Ncm_")]


def clause_ids(body: etree._Element, *versions: bytes) -> list[str]:
    """The clauses the reader finds in ``body``, knowing the clauses of ``versions``."""
    from ncm_docs.docx.reader import find_clauses
    from ncm_docs.docx.styles import HEADING_STYLES

    known = {ref.id: ref for data in versions for ref in read_docx_bytes(data, "v.docx").clause_map}
    return [c.id for c in find_clauses(body, list(known.values()), lambda: set(HEADING_STYLES.values()))]


def clause_paragraphs(body: etree._Element, clause_id: str, version: bytes) -> list[etree._Element]:
    """The paragraphs of one clause in a redline: its heading (found by its bookmark) and as
    many paragraphs after it as the clause has in ``version`` (the .docx it comes from)."""
    from ncm_docs.docx.carriers import clause_bookmark

    count = len(read_docx_bytes(version, "v.docx").clause(clause_id).lines)
    paras = [p for p in body if p.tag == f"{W}p"]
    start = next(i for i, p in enumerate(paras) if clause_bookmark(clause_id) in [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart")])
    return paras[start:start + count]


def check_round_trip(old: bytes, new: bytes) -> etree._Element:
    """Assert accept-all == NEW and reject-all == OLD; return the redline's body."""
    redline = redline_docx(old, new, author="Legal team", date=DATE)
    body = body_of(redline)
    old_body, new_body = body_of(old), body_of(new)
    accepted, rejected = accept_all(copy.deepcopy(body)), reject_all(copy.deepcopy(body))
    assert paragraphs(accepted) == paragraphs(new_body)
    assert paragraphs(rejected) == paragraphs(old_body)
    assert tags(accepted) == tags(new_body)
    # A clause's bookmark can be in one place only: a moved clause keeps it where it moved
    # to, so after rejecting, the reader finds it at its old place by its heading.
    assert clause_ids(rejected, old, new) == clause_ids(old_body, old, new)
    assert clause_ids(accepted, old, new) == clause_ids(new_body, old, new)
    assert revision_count(accepted) == revision_count(rejected) == 0
    return body


@pytest.fixture
def two_versions(tmp_path, seed_data):
    def make(new_files: dict, old_files: dict = BASE) -> tuple[bytes, bytes]:
        return draft(tmp_path, old_files, seed_data, "old"), draft(tmp_path, new_files, seed_data, "new")

    return make


@pytest.mark.parametrize("case", list(CASES))
def test_accept_gives_new_and_reject_gives_old(two_versions, case):
    old, new = two_versions(CASES[case])
    body = check_round_trip(old, new)
    assert revision_count(body) > 0


def test_revisions_have_unique_ids_author_and_date(two_versions):
    old, new = two_versions(CASES["everything at once"])
    root = etree.fromstring(zipfile.ZipFile(__import__("io").BytesIO(redline_docx(old, new, author="Legal team", date=DATE))).read("word/document.xml"))
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert marks
    assert all(m.get(f"{W}author") == "Legal team" and m.get(f"{W}date") == DATE for m in marks)
    ids = [m.get(f"{W}id") for m in marks]
    bookmark_ids = {b.get(f"{W}id") for b in root.iter(f"{W}bookmarkStart")}
    assert len(ids) == len(set(ids)) and not set(ids) & bookmark_ids


def test_whole_paragraphs_are_marked_on_the_paragraph_mark(two_versions):
    old, new = two_versions(CASES["everything at once"])
    body = body_of(redline_docx(old, new, date=DATE))
    added = clause_paragraphs(body, "alliance.accession", new)
    removed = clause_paragraphs(body, "alliance.exit", old)
    for paras, kind in ((added, "ins"), (removed, "del")):
        assert paras and all(p.find(f"{W}pPr/{W}rPr/{W}{kind}") is not None for p in paras)
    assert not any(p.iter(f"{W}delText") for p in added for _ in p.iter(f"{W}delText"))
    assert all(list(p.iter(f"{W}delText")) for p in removed)


def test_a_word_change_marks_only_the_changed_words(two_versions):
    old, new = two_versions(CASES["word change"])
    body = body_of(redline_docx(old, new, date=DATE))
    deleted = "".join(t.text for t in body.iter(f"{W}delText"))
    inserted = "".join(t.text for ins in body.iter(f"{W}ins") for t in ins.iter(f"{W}t"))
    assert "only" in deleted and "every" in deleted and "Reserved" not in deleted
    assert "75%" in inserted and "Reserved" not in inserted
    # styles and the heading bookmark of the changed clause are untouched
    assert ("NcmLevel2", "A decision is made if at least 75% of the voting members agree.") in paragraphs(accept_all(body))


def test_identical_documents_give_no_revisions(two_versions):
    old, new = two_versions(BASE)
    assert revision_count(body_of(redline_docx(old, new, date=DATE))) == 0


def test_redline_is_deterministic_and_defaults_to_new_modified_date(two_versions):
    old, new = two_versions(CASES["everything at once"])
    assert redline_docx(old, new) == redline_docx(old, new)
    body = body_of(redline_docx(old, new))
    assert {m.get(f"{W}date") for m in body.iter(f"{W}ins")} == {"2027-03-15T00:00:00Z"}


def test_redline_opens_in_python_docx(two_versions, tmp_path):
    import docx

    old, new = two_versions(CASES["everything at once"])
    path = tmp_path / "redline.docx"
    path.write_bytes(redline_docx(old, new, date=DATE))
    assert docx.Document(str(path)).paragraphs


# -- random edits, built directly from Document objects (no clause files) -----------------

_WORDS = ["the", "Partner", "shall", "not", "agree", "75%", "notice", "Board", "each", "vote", "£4,000,000", "within", "days"]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
_clause = st.lists(_sentence, min_size=0, max_size=4)
_document = st.dictionaries(st.sampled_from([f"c{i}" for i in range(8)]), _clause, min_size=1, max_size=6)


def _docx(clauses: dict[str, list[str]], order: list[str]) -> bytes:
    from ncm_docs.docx.template import load_template, template_for
    from ncm_docs.library.house_style import compile_part
    from ncm_docs.docx.writer import render_docx
    from ncm_docs.document import Document, Paragraph, RenderedClause, Table, Text

    doc = Document("alliance-agreement", "x", "Test", "1", "draft", "2027-03-15", [])
    for number, cid in enumerate(order, start=1):
        blocks = [Paragraph([Text(s)], level=1) for s in clauses[cid]]
        if clauses[cid] and len(clauses[cid]) % 2:
            blocks.append(Table([[[Text("Partner")], [Text("Share")]], *[[[Text(s)], [Text(str(len(s)))]] for s in clauses[cid]]]))
        doc.clauses.append(RenderedClause(f"alliance.{cid}", "1.0.0", cid.upper(), "operative", str(number), blocks))
    return render_docx(doc, load_template(template_for("alliance-agreement", None), compile_part))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=_document, new=_document, data=st.data())
def test_random_edits_round_trip(old, new, data):
    old_order = data.draw(st.permutations(sorted(old)))
    new_order = data.draw(st.permutations(sorted(new)))
    check_round_trip(_docx(old, old_order), _docx(new, new_order))


# -- LibreOffice ------------------------------------------------------------------------

@pytest.mark.libreoffice
def test_libreoffice_shows_the_revisions(two_versions, tmp_path, soffice):
    import subprocess

    old, new = two_versions(CASES["everything at once"])
    path = tmp_path / "redline.docx"
    path.write_bytes(redline_docx(old, new, author="Legal team", date=DATE))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", "fodt", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )
    flat = etree.parse(str(tmp_path / "redline.fodt"))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    dc = "http://purl.org/dc/elements/1.1/"
    regions = list(flat.iter(f"{{{text}}}changed-region"))
    kinds = {child.tag.split("}")[1] for region in regions for child in region}
    assert {"insertion", "deletion"} <= kinds
    authors = {a.text for a in flat.iter(f"{{{dc}}}creator") if a.getparent().tag == f"{{{office}}}change-info"}
    assert authors == {"Legal team"}
    # deleted text is still in the document, as a revision, next to the inserted text
    document_text = " ".join(" ".join(flat.getroot().find(f"{{{office}}}body").itertext()).split())
    assert "withdraw on six months" in document_text and "deed of adherence" in document_text
    assert len(regions) >= 5
