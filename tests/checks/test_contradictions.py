"""Contradictions between the documents, typed in by hand, caught by NCM213 to NCM219.

Each case edits the seed pack (built with the bundled clause library) in the way a lawyer
might in Word, putting back the wording issue 13 found in the first draft, and asserts that
the rule names both documents and the clauses involved. The pack as built is clean.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

import pack_edits
from ncm_docs.checks import check_pack
from ncm_docs.pack import build_pack

AA, HEAD, NWMH = "alliance-agreement.docx", "lead-provider-contract.docx", "subcontract-nwmh.docx"

#: rule id -> (edits, substrings every finding's message holds, documents the first finding names)
CASES = {
    "NCM213": (
        [(AA, "Balancing Payments are made under this Agreement and not under any Service Contract. They do not change the "
              "price payable under any Service Contract, and no Partner may set a Balancing Payment off against an amount "
              "due under a Service Contract.",
          "The balancing payments will be made by adjusting the payments due under the Subcontracts or, if that is not "
          "practicable, by payment between the Partners as the Alliance Leadership Team directs.")],
        ["by adjusting the Subcontract prices", "under the Alliance Agreement, leaving the prices unchanged",
         "alliance-agreement.docx clause 15 (alliance.balancing-payments)", "clause 9 (subcontract.price-and-payment)"],
        [AA],
    ),
    "NCM214": (
        [(AA, "This Agreement continues for as long as the Head Contract continues, including any extension of the Head "
              "Contract, and ends when the Head Contract expires or is terminated,",
          "Unless ended earlier, this Agreement continues for an initial term of 10 years from the Commencement Date, "
          "ending on 31 March 2037,")],
        ["alliance-agreement.docx can end on 31 March 2037", "lead-provider-contract.docx can (31 March 2042",
         "clause 3 (alliance.term)", "clause 3 (contract.term)"],
        [AA, HEAD],
    ),
    "NCM215": (
        [(AA, "Whenever the Head Contract is extended, this Agreement is extended automatically for the same period.",
          "The Partners may extend this Agreement once, for a further 5 years, by a unanimous decision of the Alliance "
          "Leadership Team recorded in writing.")],
        ["'The Partners may extend this Agreement once", "Co-ordinating Commissioner, acting for all the Commissioners, may extend",
         "clause 3 (alliance.term)", "clause 3 (contract.term)"],
        [AA, HEAD],
    ),
    "NCM216": (
        [(HEAD, "The Alliance Agreement decides which member of the Alliance chairs the Alliance Leadership Team, and how that can change.",
          "The Lead Provider's member of the Alliance Leadership Team chairs it.")],
        ["lets the leadership team change the chair", "clause 7 (contract.lead-provider-role)", "clause 6 (alliance.governance)"],
        [HEAD, AA],
    ),
    "NCM217": (
        [(AA, "any date that every Partner agrees in writing, with the prior written approval of the Co-ordinating Commissioner",
          "any date that all the Partners agree in writing"),
         (AA, ", and any agreement to end this Agreement early,", "")],
        ["approval for ending the Alliance Agreement", "clause 9 (contract.alliance-agreement)", "alliance-agreement.docx does not require it"],
        [HEAD, AA],
    ),
    "NCM218": (
        [(HEAD, "Alliance Leadership Team means the leadership team of the Alliance established under the Alliance Agreement;", "")],
        ["uses 'Alliance Leadership Team', which alliance-agreement.docx defines (clause 1 (alliance.definitions))",
         "clause 7 (contract.lead-provider-role)"],
        [HEAD, AA],
    ),
    "NCM219": (
        [(HEAD, "they take priority in the order General Condition 1.2 sets out: first the General Conditions, then the "
                "Service Conditions, then the Particulars. These Local Terms form part of the Particulars and so rank "
                "below the Service Conditions and the General Conditions.",
          "they take priority in this order:")],
        ["clause 2 (contract.contract-form) ranks local terms above the General Conditions"],
        [HEAD],
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_data):
    """The seed pack, built once with the bundled library."""
    folder = tmp_path_factory.mktemp("contradictions") / "pack"
    path = folder.parent / "northshire.yaml"
    path.write_text(yaml.safe_dump(seed_data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build_pack(path, folder)
    return folder


def test_the_pack_as_built_has_no_contradictions(built):
    assert [f.message for f in check_pack(built) if f.rule in CASES] == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_a_hand_edit_that_contradicts_another_document_is_caught(rule_id, built, tmp_path):
    edits, phrases, documents = CASES[rule_id]
    folder = tmp_path / "pack"
    shutil.copytree(built, folder)
    for file, old, new in edits:
        pack_edits.replace_text(folder / file, old, new)
    if rule_id == "NCM219":  # the old list form: local terms first, General Conditions last
        _insert_after(folder / HEAD, "they take priority in this order:",
                      ["these clauses and the Schedules;", "the rest of the completed Particulars;",
                       "the Service Conditions; and", "the General Conditions."])
    found = [f for f in check_pack(folder) if f.rule == rule_id]
    assert found, f"{rule_id} did not fire"
    for phrase in phrases:
        assert any(phrase in f.message for f in found), (phrase, [f.message for f in found])
    assert list(found[0].documents[: len(documents)]) == documents
    others = [f.rule for f in check_pack(folder) if f.rule in CASES and f.rule != rule_id]
    assert others == [], f"the edit for {rule_id} also set off {others}"


def test_each_subcontract_that_disagrees_is_named(built, tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(built, folder)
    pack_edits.replace_text(folder / AA, "Balancing Payments are made under this Agreement and not under any Service Contract. "
                            "They do not change the price payable under any Service Contract, and no Partner may set a Balancing "
                            "Payment off against an amount due under a Service Contract.",
                            "Balancing Payments are an adjustment to the Sub-Contract Price of each Partner's Subcontract.")
    named = sorted(f.documents[1] for f in check_pack(folder) if f.rule == "NCM213")
    assert named == ["subcontract-nch.docx", "subcontract-ngpf.docx", NWMH]


def test_an_alliance_agreement_that_gives_two_routes_contradicts_itself(built, tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(built, folder)
    pack_edits.replace_text(folder / AA, "They do not change the price payable under any Service Contract,",
                            "Alternatively the Lead Provider may pay a Balancing Payment by adjusting the payments due under the "
                            "Subcontracts. They do not change the price payable under any Service Contract,")
    found = [f for f in check_pack(folder) if f.rule == "NCM213" and f.documents == (AA,)]
    assert found and "alliance-agreement.docx pays Balancing Payments" in found[0].message


def _insert_after(path, anchor: str, lines: list[str]) -> None:
    """Add paragraphs after the paragraph holding ``anchor``, as typed in Word (copies of it)."""
    import copy

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    paragraph = next(p for p in document.element.body.iter(qn("w:p")) if anchor in "".join(t.text or "" for t in p.iter(qn("w:t"))))
    at = paragraph
    for text in lines:
        new = copy.deepcopy(paragraph)
        nodes = list(new.iter(qn("w:t")))
        nodes[0].text = text
        for node in nodes[1:]:
            node.text = ""
        at.addnext(new)
        at = new
    document.save(str(path))
