"""Every partnership shape drafted right for its shape.

* The three shape samples (a council as a partner, an integrated care organisation with a
  section 75 pool and staff transfers, partners on different terms) say each stated fact in
  the right documents, in the right words.
* Each shape drafted with one, two and several of each thing (subcontracts, extension
  options, escalation steps, voting members) has the singular or plural wording that fits.
* A property test generates partnerships across the shapes: every one checks clean, and its
  drafting contains none of the wrong-number or dead-text patterns in ``shapes.WORDING``.
  ``NCM_DOCS_SHAPE_EXAMPLES`` raises the number of examples (a few in CI).
"""

from __future__ import annotations

import os
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from shapes import Partner, Shape, build, facts, vary, wording_problems
from ncm_docs.assemble import assemble_all
from ncm_docs.checks import check_pack, check_partnership
from ncm_docs.load import load_partnership, validate_partnership
from ncm_docs.text import document_text

from conftest import SAMPLES


def _texts(partnership, library) -> dict[str, str]:
    """Each drafted document's plain text, by file stem."""
    return {doc.file_stem: document_text(doc) for doc in assemble_all(partnership, library)}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _clean(partnership) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check_partnership(partnership) if f.severity in ("error", "warning")]


# ---- the shape samples: each fact in the right documents, in the right words -------------


@pytest.fixture(scope="module")
def council(library):
    return _texts(load_partnership(SAMPLES / "council-partner-mental-health.yaml"), library)


@pytest.fixture(scope="module")
def ico(library):
    return _texts(load_partnership(SAMPLES / "ico-section75-staff-transfer.yaml"), library)


@pytest.fixture(scope="module")
def differentiated(library):
    return _texts(load_partnership(SAMPLES / "differentiated-partners.yaml"), library)


def test_council_in_two_roles_is_one_party_signing_once(council):
    aa, head = _flat(council["alliance-agreement"]), _flat(council["lead-provider-contract"])
    assert "Ashcombe Borough Council, a local authority, of Civic Centre, Station Road, Ashcombe, AC1 1AA (ABC), which is a " \
           "party in two roles: as a Commissioner and, acting through its Adult Social Care service, as a Partner;" in aa
    parties = aa.split("BACKGROUND")[0]
    assert parties.count("Ashcombe Borough Council") == 1
    assert aa.count("Signed for and on behalf of Ashcombe Borough Council") == 1
    assert head.count("Signed for and on behalf of Ashcombe Borough Council") == 1
    assert "subcontract-abc" not in council, "the council does not contract with the lead it commissions"
    assert "ABC, one of the Commissioners, is also a Partner. Acting through its Adult Social Care service, it provides the " \
           "service “Mental health social work” in the exercise of its own statutory functions, and does not hold a Subcontract." in aa
    assert "is not a party to this Agreement." not in aa and "are not parties to this Agreement." not in aa
    assert "That service is not part of the Services and ABC is not a sub-contractor of the Lead Provider." in head
    assert "Partner means each Party other than a Commissioner (except ABC, which is also a Partner)" in aa


def test_council_sample_wording_follows_its_counts_and_data(council):
    aa, head = _flat(council["alliance-agreement"]), _flat(council["lead-provider-contract"])
    assert "ASHCOMBE LIVING WELL ALLIANCE AGREEMENT" in aa and "Alliance Alliance" not in aa + head
    assert "through a sub-contract with Ashcombe Mind. By entering into this Contract the Commissioners approve that sub-contract." in head
    assert "The Lead Provider has entered into the Alliance Agreement with the Commissioners and Ashcombe Mind." in head
    assert "the Lead Provider has subcontracted part of the Services to AMIND (Recovery and wellbeing support) under a Subcontract." in aa
    assert "or on 31 March 2038 if its extension option is taken." in aa
    assert "If the extension is taken, this Contract ends on 31 March 2038." in head
    assert "The Deadlock Matter is then referred to the Chief Executives of the Partners, who will try to resolve it within 15 Business Days" in aa
    assert "is quorate only if the Member (or Deputy) of every Partner is present." in aa
    assert "is not represented at a quorate meeting" not in aa
    assert "put the person and their family at the centre of every decision" in aa
    assert "best for patient" not in aa


def test_council_sample_gain_only_partner_never_pays_towards_a_loss(council):
    aa = _flat(council["alliance-agreement"])
    assert "AMIND shares in any Alliance Gain only and never makes a payment towards an Alliance Loss" in aa
    assert "In a Financial Year with an Alliance Loss, a Sharing Partner that takes no share of it makes and receives no " \
           "Balancing Payment: its own Variance stays with it" in aa
    assert "ABC takes no share of an Alliance Gain or an Alliance Loss and makes and receives no payment under this clause." in aa
    assert "| Ashcombe Mind (AMIND) | £1,800,000 | 10% | 0% | 3% (£54,000) | No share |" in aa
    assert "| Ashcombe Borough Council (ABC) | None (no Service Contract) | 0% | 0% | No share | No share |" in aa


def test_ico_section_75_with_the_lead_provider_as_a_party(ico):
    head = _flat(ico["lead-provider-contract"])
    assert "NHS Wealdbridge and Downland Integrated Care Board, Wealdbridge City Council and Wealdbridge Royal NHS Foundation " \
           "Trust have made an agreement under section 75 of the National Health Service Act 2006 titled “Wealdbridge Health " \
           "and Social Care Section 75 Agreement” and dated 12 February 2027 (the Section 75 Agreement). It establishes a " \
           "pooled fund and integrated provision arrangements." in head
    assert "hosted by Wealdbridge City Council and amounts to £248,000,000 for each financial year" in head
    assert "The Lead Provider is a party to the Section 75 Agreement." in head
    assert "The Lead Provider is not a party" not in head
    assert "Under the Section 75 Agreement the Lead Provider exercises the following functions of Wealdbridge City Council:" in head
    assert "WCC keeps its statutory responsibility for those functions." in head


def test_ico_staff_transfers_in_the_head_contract_and_the_subcontract_concerned(ico):
    head, sub = _flat(ico["lead-provider-contract"]), _flat(ico["subcontract-wgpf"])
    assert "| Wealdbridge City Council | Wealdbridge Royal NHS Foundation Trust | Adult social care | 412 | 1 April 2027 | " \
           "Local Government Pension Scheme, by admission agreement |" in head
    assert "| Wealdbridge Community Services Limited | Wealdbridge Royal NHS Foundation Trust | Adult community health services | 305 |" in head
    assert "continuing membership of the Local Government Pension Scheme under an admission agreement between the New " \
           "Employer and the administering authority of the fund, made before the transfer date" in head
    assert "Where the Outgoing Employer is not a party to this Contract (Wealdbridge Community Services Limited), the " \
           "Commissioners must use reasonable endeavours" in head
    assert "the Transferring Staff have access to the NHS Pension Scheme under a direction made by the Secretary of State " \
           "for the New Employer, obtained before the transfer date and kept in force." in sub
    assert "| the Head Provider | the Sub-Contractor | Urgent treatment centre | 26 | 1 April 2027 |" in sub


def test_ico_values_total_and_by_year(ico):
    head, sub = _flat(ico["lead-provider-contract"]), _flat(ico["subcontract-wgpf"])
    assert "The Contract Price for each Contract Year is the amount set out against it in the payment profile below." in head
    assert "| 10 | 1 April 2036 to 31 March 2037 | £284,000,000 |" in head
    assert "The total Contract Price over the initial period of 10 years is £2,660,000,000." in head
    assert "For each Contract Year of an extension under clause" in head
    assert "The total Sub-Contract Price over the initial period of 10 years is £140,000,000." in sub
    assert "Wealdbridge GP Federation Limited, a federation of general practices constituted as a company limited by " \
           "guarantee, with 31 member practices" in sub


def test_ico_two_members_several_options_and_steps(ico):
    aa = _flat(ico["alliance-agreement"])
    assert "or any Member asks for one" in aa
    assert "The Deadlock Matter is then referred, in turn, to each of the following" in aa
    assert "or on 31 March 2042 if every extension option under it is taken." in aa
    assert "the Lead Provider has subcontracted part of the Services to each of the other Partners under a Subcontract" not in aa
    assert "the Lead Provider has subcontracted part of the Services to WGPF (Urgent treatment centre) under a Subcontract." in aa


def test_differentiated_partners_each_on_their_own_terms(differentiated):
    aa = _flat(differentiated["alliance-agreement"])
    assert "(a) CCHT, SCGP and CCS share in any Alliance Gain and bear a share of any Alliance Loss;" in aa
    assert "(b) SAH shares in any Alliance Gain only and never makes a payment towards an Alliance Loss" in aa
    assert "(c) HPG takes no share of an Alliance Gain or an Alliance Loss" in aa
    assert "(a) for CCHT, 2% of its Contract Value; (b) for SCGP, £250,000; and (c) for CCS, 1% of its Contract Value." in aa
    assert "| St Aldhelm's Hospice (SAH) | £6,000,000 | 9.81% | 0% | 3% (£180,000) | No share |" in aa
    assert "| Harbourside Pharmacy Group Limited (HPG) | £800,000 | 0% | 0% | No share | No share |" in aa
    assert "CCS is a non-voting Partner. Its Member attends meetings of the Partnership Board and may speak, but does not " \
           "vote and does not count towards the quorum." in aa
    assert "HPG is a consultative Partner. A consultative Partner receives the agendas, papers, minutes and performance reports" in aa
    assert "| Coastmoor Carers Support CIC (CCS) | Non-voting | Daniel Price, Managing Director | None appointed |" in aa


def test_differentiated_weights_follow_contract_values_with_the_basis_in_words(differentiated):
    aa = _flat(differentiated["alliance-agreement"])
    assert "Each voting Partner has one vote, which carries the weight set out against its name in Schedule 7. The weights " \
           "are set in proportion to the annual value of each Partner's Service Contract" in aa
    assert "The weights are recalculated at the start of each Financial Year" in aa
    assert "| Coastmoor Community Health NHS Trust (CCHT) | 63.33 |" in aa
    assert "| St Aldhelm's Hospice (SAH) | 10 |" in aa
    assert "Coastmoor Carers Support CIC (CCS) | 1" not in aa.split("Part B")[1]


def test_differentiated_commissioners_and_party_descriptions(differentiated):
    head, sub = _flat(differentiated["lead-provider-contract"]), _flat(differentiated["subcontract-scgp"])
    assert "NHS England, the body corporate established under section 1H of the National Health Service Act 2006" in head
    assert "NHS England commissions specialised rehabilitation services for patients with complex needs." in head
    assert "This Contract contains no option to extend it." in head
    assert "extended under this clause" not in head
    assert "The total Contract Price over the initial period of 5 years is £310,000,000." in head
    assert "a federation of general practices constituted as a company limited by shares, whose member practices are Abbey " \
           "Manor Surgery, Hendford Medical Centre, Preston Grove Practice, Oaklands Surgery and Ryalls Park Medical Centre" in sub
    assert "Harbourside Pharmacy Group Limited, a community pharmacy contractor (company number 07719924)" in head + _flat(differentiated["subcontract-hpg"])


@pytest.mark.parametrize("sample", ["council-partner-mental-health", "ico-section75-staff-transfer", "differentiated-partners"])
def test_shape_samples_check_clean_and_contain_no_wrong_wording(sample, library):
    partnership = load_partnership(SAMPLES / f"{sample}.yaml")
    assert not [f for f in check_partnership(partnership)], "the shape samples have no findings at all"
    text = "\n".join(_texts(partnership, library).values())
    for bad in ("Alliance Alliance", "[[", "namely to", "best for patient, best for system"):
        assert bad not in text


def test_council_subcontracted_by_the_lead_never_consents_to_itself(library):
    shape = Shape(council_partner=True, council_delivers_under="subcontract", partners=(Partner(),))
    partnership = validate_partnership(build(shape))
    assert not _clean(partnership)
    texts = _texts(partnership, library)
    sub = _flat(texts["subcontract-abc"])
    assert "The Sub-Contractor is itself one of the Commissioners; the other Commissioners have approved this Sub-Contract" in sub
    assert "is given and exercised by the other Commissioners alone, and the Sub-Contractor does not give or exercise it." in sub
    assert "allow the Head Provider, the other Commissioners, their auditors" in sub
    assert "Co-ordinating Commissioner, acting for all the Commissioners, has approved this Sub-Contract" not in sub
    head = _flat(texts["lead-provider-contract"])
    assert "ABC is both a Commissioner and a Sub-Contractor." in head


# ---- one, two and several of each thing --------------------------------------------------

BASES = {
    "council": Shape(council_partner=True, commissioners_are_parties=True, partners=(Partner(shares_in="gains_only"),)),
    "ico": Shape(section_75="lead_delegated", transfers=3, profile=True, partners=(Partner(),), method="proportional"),
    "differentiated": Shape(partners=(Partner(), Partner(shares_in="gains_only"), Partner(status="non_voting", cap="amount"),
                                      Partner(status="consultative")), method="proportional", rule="weighted_by_value", commissioners=3),
}

#: (thing, count) -> what to change, and a sentence the drafting must then contain.
COUNTS = {
    ("subcontracts", 1): (lambda s: vary(s, partners=s.partners[:1]), "through a sub-contract with"),
    ("subcontracts", 2): (lambda s: vary(s, partners=(s.partners + (Partner(),))[:2]), "through sub-contracts with"),
    ("subcontracts", 3): (lambda s: vary(s, partners=(s.partners + (Partner(), Partner()))[:3]), "through sub-contracts with"),
    ("extensions", 0): (lambda s: vary(s, extensions=()), "This Contract contains no option to extend it."),
    ("extensions", 1): (lambda s: vary(s, extensions=(3,)), "If the extension is taken, this Contract ends on"),
    ("extensions", 2): (lambda s: vary(s, extensions=(2, 3)), "If every extension is taken, this Contract ends on"),
    ("extensions", 3): (lambda s: vary(s, extensions=(1, 1, 1)), "If every extension is taken, this Contract ends on"),
    ("steps", 0): (lambda s: vary(s, steps=0), "referred to the chairs of the Partners' boards or governing bodies"),
    ("steps", 1): (lambda s: vary(s, steps=1), "The Deadlock Matter is then referred to the Chief Executives of the Partners, who will try"),
    ("steps", 2): (lambda s: vary(s, steps=2), "The Deadlock Matter is then referred, in turn, to each of the following"),
    ("steps", 3): (lambda s: vary(s, steps=3), "The Deadlock Matter is then referred, in turn, to each of the following"),
    ("voting", 2): (lambda s: vary(s, partners=(Partner(),), council_partner=False, commissioners_are_parties=False), "any Member asks for one"),
    ("voting", 3): (lambda s: vary(s, partners=(Partner(), Partner()), council_partner=False), "any two Members ask for one"),
    ("voting", 5): (lambda s: vary(s, partners=(Partner(),) * 4, council_partner=False), "any two Members ask for one"),
}


@pytest.mark.parametrize("base", sorted(BASES))
@pytest.mark.parametrize("thing,count", sorted(COUNTS), ids=[f"{t}-{c}" for t, c in sorted(COUNTS)])
def test_each_shape_with_one_two_and_several_of_each_thing(base, thing, count, library):
    change, sentence = COUNTS[(thing, count)]
    shape = change(BASES[base])
    f = facts(shape)
    assert {"subcontracts": f.subcontracts, "extensions": f.extensions, "steps": f.steps, "voting": f.voting}[thing] == count, f
    partnership = validate_partnership(build(shape))
    assert not _clean(partnership)
    text = _flat("\n".join(_texts(partnership, library).values()))
    assert sentence in text
    assert not wording_problems(text, f)


# ---- the property test -----------------------------------------------------------------------

PARTNER = st.builds(
    Partner,
    shares_in=st.sampled_from(["gains_and_losses", "gains_and_losses", "gains_only", "neither"]),
    status=st.sampled_from(["voting", "voting", "non_voting", "consultative"]),
    cap=st.sampled_from([None, None, "amount", "percent"]),
)

SHAPES = st.builds(
    Shape,
    name=st.sampled_from(["Ashby Integrated Care Partnership", "Ashby Living Well Alliance", "Ashby Alliance"]),
    partners=st.lists(PARTNER, min_size=1, max_size=5).map(tuple),
    council_partner=st.booleans(),
    council_delivers_under=st.sampled_from(["own_functions", "own_functions", "subcontract"]),
    commissioners=st.integers(1, 3),
    commissioners_are_parties=st.booleans(),
    extensions=st.lists(st.integers(1, 3), max_size=3).map(tuple),
    steps=st.integers(0, 3),
    rule=st.sampled_from(["unanimity", "majority", "weighted", "weighted_by_value", "consensus"]),
    method=st.sampled_from(["equal", "proportional", "fixed"]),
    common_caps=st.booleans(),
    section_75=st.sampled_from([None, "commissioners", "lead_delegated"]),
    transfers=st.integers(0, 3),
    profile=st.booleans(),
    observers=st.integers(0, 1),
)


@settings(max_examples=int(os.environ.get("NCM_DOCS_SHAPE_EXAMPLES", "5")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(shape=SHAPES)
def test_generated_shapes_check_clean_and_draft_the_right_number(shape, library, tmp_path_factory):
    from ncm_docs import manifest
    from ncm_docs.files import write_files
    from ncm_docs.pack import draft_pack

    data = build(shape)
    note(yaml.safe_dump(data, sort_keys=False))
    partnership = validate_partnership(data)
    assert not _clean(partnership)
    pack = draft_pack(partnership, library, input_name="shape.yaml", input_sha256="0" * 64)
    folder = tmp_path_factory.mktemp("shape") / "pack"
    write_files(folder, {**pack.files, manifest.FILE_NAME: manifest.to_bytes(pack.manifest)})
    assert not [f"{f.rule} {f.message}" for f in check_pack(folder) if f.severity in ("error", "warning")]
    text = _flat("\n".join(_texts(partnership, library).values()))
    assert not wording_problems(text, facts(shape))


# ---- the schema says what each new field is for --------------------------------------------

#: Fields added for issue 12's shapes: (model, field names).
NEW_FIELDS = {
    "Commissioner": ["commissions"],
    "Provider": ["commissioner", "acting_through", "delivers_under", "legal_form", "member_practices", "member_practice_count"],
    "Service": ["delivered_by"],
    "HeadContract": ["annual_value", "payment_profile", "total_value"],
    "Subcontract": ["annual_value", "payment_profile", "total_value"],
    "Representative": ["deputy", "status"],
    "WeightedVote": ["weights", "basis"],
    "FixedShare": ["shares", "gain_shares", "loss_shares", "partner_terms"],
    "EqualShare": ["partner_terms"],
    "ProportionalShare": ["partner_terms"],
    "Partnership": ["section_75", "staff_transfers"],
    "Section75": None, "StaffTransfer": None, "Cap": None, "PartnerShareTerms": None, "YearValue": None,
}


def test_every_new_field_has_a_description_in_the_json_schema():
    from ncm_docs.model import Partnership

    schema = Partnership.model_json_schema(by_alias=True)
    defs = {**schema["$defs"], "Partnership": schema}
    missing = []
    for model, names in NEW_FIELDS.items():
        props = defs[model]["properties"]
        for name in names or list(props):
            if name in ("from", "to") and model == "StaffTransfer" or name in props and props[name].get("description"):
                continue
            missing.append(f"{model}.{name}")
    assert not missing
    transfer = defs["StaffTransfer"]["properties"]
    assert transfer["from"]["description"] and transfer["to"]["description"]


def test_existing_partnership_files_read_unchanged():
    """The shapes were added without changing any old form: every sample of the previous shape still loads."""
    for name in ("northshire", "lambeth-style-mental-health", "mcp-weighted-vote"):
        p = load_partnership(SAMPLES / f"{name}.yaml")
        assert p.gain_shares == p.loss_shares == p.risk_shares
        assert p.voting_members == p.providers
        assert p.subcontractors == p.partners
