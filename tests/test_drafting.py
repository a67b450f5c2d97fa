"""The drafting a solicitor would issue (issue 13): key sentences of the bundled library, for
every decision rule and risk-share method, and the risk/gain share arithmetic.

Each test drafts the seed partnership (patched) with the bundled clause library and reads the
documents as plain text, so a sentence that loses its legal effect fails here first.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ncm_docs.assemble import assemble_all
from ncm_docs.load import validate_partnership
from ncm_docs.model.settlement import settle, worked_examples
from ncm_docs.text import document_text

from checks.rule_cases import patched

DECISION_RULES = {
    "unanimity": {"kind": "unanimity"},
    "majority": {"kind": "majority", "threshold_percent": 75},
    "weighted": {"kind": "weighted", "weights": {"NHFT": 40, "NWMH": 30, "NGPF": 20, "NCH": 10}, "threshold_percent": 75},
    "consensus": {"kind": "consensus", "escalate_after_days": 15},
}
RISK_SHARES = {
    "fixed": {"method": "fixed", "shares": {"NHFT": 55, "NWMH": 25, "NGPF": 12, "NCH": 8}, "risk_cap_percent": 2, "gain_cap_percent": 3},
    "equal": {"method": "equal", "risk_cap_percent": 2},
    "proportional": {"method": "proportional", "gain_cap_percent": 3},
}


def draft(library, seed_data, patch: dict | None = None) -> dict[str, str]:
    """Every document of the patched seed partnership as plain text, by file stem, lines joined."""
    p = validate_partnership(patched(seed_data, patch))
    return {doc.file_stem: " ".join(document_text(doc).split()) for doc in assemble_all(p, library)}


@pytest.fixture(scope="module")
def seed_texts(library, seed_data):
    return draft(library, seed_data)


# ---- 1 and 2: the risk/gain share as a calculation, paid by one route -------------------


@pytest.mark.parametrize("method", sorted(RISK_SHARES))
def test_every_risk_share_method_defines_the_calculation(method, library, seed_data):
    aa = draft(library, seed_data, {"set": {"alliance.risk_gain_share": RISK_SHARES[method]}})["alliance-agreement"]
    for sentence in (
        "a Partner's Partner Budget is the total amount payable to it for that Financial Year for its Services under its Service Contract",
        "a Partner's Actual Cost is the cost it properly incurs in providing its Services in that Financial Year, worked out under the cost rules",
        "a Partner's Variance is its Partner Budget less its Actual Cost",
        "the Alliance Outturn is the total of the Variances of the Sharing Partners. If it is positive, it is an Alliance Gain",
        "Each Sharing Partner's Balancing Payment for a Financial Year is its Share (a Share of an Alliance Loss counting as a negative amount) less its Variance.",
        "Any part of an Alliance Gain that cannot be allocated in that way is paid into the Shared Pot.",
        "Part B: Cost Rules",
        "Actual Cost excludes: contributions to, and spending from, the Shared Pot; Balancing Payments;",
        "Part D: Worked examples",
        "Example 1: an Alliance Gain.",
        "Example 2: an Alliance Loss.",
    ):
        assert sentence in aa, sentence
    expected = {
        "fixed": "is the fixed percentage set out against its name in Schedule 6, Part A. The percentages may be changed only by a variation",
        "equal": "is an equal part of 100% shared among the Sharing Partners that take part in sharing it",
        "proportional": "is its Contract Value as a percentage of the total Contract Values of the Sharing Partners that take part in sharing it, calculated at the start of each Financial Year",
    }[method]
    assert expected in aa
    assert "financial protocol" not in aa and "Alliance Budget" not in aa


def test_no_agreement_to_agree_on_costs_and_no_undefined_budgets(seed_texts):
    aa = seed_texts["alliance-agreement"]
    assert "financial protocol" not in aa
    assert "budgets" not in aa.replace("Partner Budgets", "")


@pytest.mark.parametrize("route", ["alliance_agreement", "subcontracts"])
def test_the_alliance_agreement_and_every_subcontract_state_one_route(route, library, seed_data):
    texts = draft(library, seed_data, {"set": {"alliance.risk_gain_share.payment_route": route}})
    aa = texts["alliance-agreement"]
    subcontracts = [t for name, t in texts.items() if name.startswith("subcontract-")]
    if route == "alliance_agreement":
        assert "Balancing Payments are made under this Agreement and not under any Service Contract." in aa
        for sc in subcontracts:
            assert "are made under the Alliance Agreement and not under this Sub-Contract. They do not change the Sub-Contract Price" in sc
            assert "adjustment to the Sub-Contract Price for that Financial Year" not in sc
    else:
        assert "Balancing Payments are made through the Service Contracts." in aa
        assert "adjusting the payments due under the Subcontracts" not in aa
        for sc in subcontracts:
            assert "The Sub-Contractor's Balancing Payment for each Financial Year, as shown in a reconciliation statement approved under the Alliance Agreement" in sc
            assert "is an adjustment to the Sub-Contract Price for that Financial Year" in sc
            assert "by the Sub-Contractor's Balancing Payment under the Alliance Agreement, as this clause provides." in sc
    assert "made through the Material Sub-Contracts" in texts["lead-provider-contract"] if route == "subcontracts" else "under the Alliance Agreement. They do not change the Contract Price" in texts["lead-provider-contract"]


def test_a_subcontractor_that_takes_no_share_is_told_so(library, seed_data):
    texts = draft(library, seed_data, {"set": {
        "alliance.risk_gain_share": {"method": "equal", "partner_terms": {"NCH": {"shares_in": "neither"}}},
    }})
    assert "The Sub-Contractor takes no share of an alliance gain or loss" in texts["subcontract-nch"]
    assert "NCH takes no share of an Alliance Gain or an Alliance Loss and makes and receives no payment under this clause." in texts["alliance-agreement"]


def test_the_quality_gateway_ties_gains_to_kpi_results(seed_texts, library, seed_data):
    aa = seed_texts["alliance-agreement"]
    assert ("An Alliance Gain is shared only if the Alliance passes the quality gateway for that Financial Year, which it does if at "
            "least two of the three gateway KPIs meet their targets") in aa
    assert "every Sharing Partner's Share of the Alliance Gain is nil and the whole Alliance Gain is paid into the Shared Pot" in aa
    no_gate = draft(library, seed_data, {"delete": ["alliance.quality_gateway"]})["alliance-agreement"]
    assert "quality gateway" not in no_gate


# ---- the arithmetic ------------------------------------------------------------------------


def _partnership(seed_data, rgs: dict | None = None):
    return validate_partnership(patched(seed_data, {"set": {"alliance.risk_gain_share": rgs}} if rgs else None))


@pytest.mark.parametrize("method", sorted(RISK_SHARES))
def test_balancing_payments_and_the_shared_pot_net_to_nothing(method, seed_data):
    p = _partnership(seed_data, RISK_SHARES[method])
    for example in worked_examples(p):
        assert sum(r.balancing_payment for r in example.rows) + example.to_shared_pot == 0
        for row in example.rows:
            assert row.variance + row.balancing_payment == row.share  # each ends holding its Share
            side = "gain" if example.is_gain else "loss"
            cap = p.cap_amount(row.partner, side)
            if cap is not None:
                assert abs(row.share) <= cap


def test_the_seed_examples_in_pounds(seed_data):
    gain, loss = worked_examples(_partnership(seed_data))
    assert gain.outturn == Decimal(1052000) and loss.outturn == Decimal(-1052000)
    nhft = gain.rows[0]
    assert (nhft.variance, nhft.share, nhft.balancing_payment) == (1499000, 578600, -920400)
    capped = {r.partner: r.share for r in loss.rows if r.capped}
    assert capped == {"NGPF": -126000, "NCH": -58000}  # 2% of their Contract Values
    assert sum(r.share for r in loss.rows) == loss.outturn  # what the caps hold back is reallocated


def test_a_gain_above_every_cap_goes_to_the_shared_pot(seed_data):
    p = _partnership(seed_data)
    budgets = {m: p.contract_value(m) for m in p.sharing_partners}
    result = settle(p, {m: b * Decimal("0.8") for m, b in budgets.items()})  # everyone 20% under budget
    assert all(r.capped for r in result.rows)
    assert result.to_shared_pot == result.outturn - sum(r.share for r in result.rows) > 0
    assert sum(r.balancing_payment for r in result.rows) + result.to_shared_pot == 0


def test_a_failed_gateway_sends_the_whole_gain_to_the_shared_pot(seed_data):
    p = _partnership(seed_data)
    costs = {m: p.contract_value(m) - 1000 for m in p.sharing_partners}
    result = settle(p, costs, gateway_passed=False)
    assert all(r.share == 0 for r in result.rows)
    assert result.to_shared_pot == result.outturn == 4000


def test_a_gain_only_partner_bears_no_loss(seed_data):
    p = _partnership(seed_data, {"method": "equal", "partner_terms": {"NCH": {"shares_in": "gains_only"}}})
    loss = worked_examples(p)[1]
    nch = next(r for r in loss.rows if r.partner == "NCH")
    assert not nch.takes_part and nch.percent == 0
    assert nch.balancing_payment == 0 and nch.share == nch.variance  # it keeps its own Variance
    others = [r for r in loss.rows if r.takes_part]
    assert sum(r.share for r in others) == sum(r.variance for r in others)  # the others share their own total
    assert sum(r.balancing_payment for r in loss.rows) + loss.to_shared_pot == 0


def test_the_schedule_shows_a_partner_that_keeps_its_own_variance(library, seed_data):
    aa = draft(library, seed_data, {"set": {"alliance.risk_gain_share": {"method": "equal", "partner_terms": {"NCH": {"shares_in": "gains_only"}}}}})["alliance-agreement"]
    assert "NCH shares in any Alliance Gain only and never makes a payment towards an Alliance Loss" in aa
    assert ("In a Financial Year with an Alliance Loss, a Sharing Partner that takes no share of it makes and receives no Balancing Payment: "
            "its own Variance stays with it") in aa
    assert "| No share: keeps its own Variance | None |" in aa


# ---- 3: the term follows the head contract; no decision can stop it ----------------------


@pytest.mark.parametrize("rule", sorted(DECISION_RULES))
def test_the_term_runs_with_the_head_contract_under_every_decision_rule(rule, library, seed_data):
    aa = draft(library, seed_data, {"set": {"alliance.governance.decision_rule": DECISION_RULES[rule]}})["alliance-agreement"]
    assert "This Agreement takes effect on the date on which it has been signed by every Partner named in it (the Effective Date)." in aa
    assert "This Agreement continues for as long as the Head Contract continues, including any extension of the Head Contract" in aa
    assert "Whenever the Head Contract is extended, this Agreement is extended automatically for the same period." in aa
    assert "No Partner may end this Agreement by notice." in aa
    assert "extending the Term" not in aa.lower().replace("extending the term | no decision", "")
    assert not re.search(r"extend this Agreement[^.]*unanimous", aa)
    assert "any date that every Partner agrees in writing, with the prior written approval of the Co-ordinating Commissioner" in aa


# ---- 4: the head contract is the Standard Contract with local terms in their place ---------


def test_the_head_contract_keeps_the_standard_contract_order_of_precedence(seed_texts):
    lpc = seed_texts["lead-provider-contract"]
    assert "first the General Conditions, then the Service Conditions, then the Particulars. These Local Terms form part of the Particulars" in lpc
    assert ("Contract means the contract between the Commissioners and the Lead Provider made on the NHS Standard Contract 2027/28 "
            "(full length), consisting of the Particulars (including these Local Terms), the Service Conditions and the General Conditions") in lpc
    assert "these Local Terms, which are incorporated into Schedule 2 of the Particulars" in lpc
    assert "ENTIRE AGREEMENT" not in lpc and "is the whole agreement between the parties" not in lpc
    assert "apply to this Contract without change" in lpc  # the General Conditions' boilerplate is not restated


# ---- 5: a departed Partner stops being a Party ------------------------------------------


def test_a_departed_partner_is_no_longer_a_party(seed_texts):
    aa = seed_texts["alliance-agreement"]
    assert "On its Exit Date the departing Partner ceases to be a Party and a Partner." in aa
    assert "It does not need to sign, and is not bound by, any variation of this Agreement made after its Exit Date." in aa
    assert "an organisation ceases to be a Party on its Exit Date" in aa
    assert "A variation needs the signature of those who are Parties when it is made" in aa


# ---- 6: escalation past the Members, in Business Days, with default appointers -------------


@pytest.mark.parametrize("rule", sorted(DECISION_RULES))
def test_escalation_goes_to_people_who_are_not_members(rule, library, seed_data):
    aa = draft(library, seed_data, {"set": {"alliance.governance.decision_rule": DECISION_RULES[rule]}})["alliance-agreement"]
    assert "A Deadlock Matter is never referred to an individual who is a Member or a Deputy" in aa
    assert "any Partner may ask the Centre for Effective Dispute Resolution to nominate that individual, and the nomination binds the Partners" in aa
    assert "who will try to resolve it within 10 Business Days after it is referred to them" in aa
    assert "it will be referred to the chair of the board or governing body of each Party in dispute. Where that person is a Member or Deputy" in aa
    assert ("nominated by the President of the Institute of Chartered Accountants in England and Wales at the request of any of them" in aa)
    assert "The expert's decision is final and binding on the Parties to the Dispute" in aa
    assert "if the Parties to it agree, be referred to an independent chartered accountant" not in aa
    if rule == "consensus":
        assert "within 15 Business Days after it was first put to a meeting" in aa


# ---- 7: the subcontract flows the head contract down properly -----------------------------


def test_the_subcontract_flow_down(seed_texts):
    nwmh, ngpf = seed_texts["subcontract-nwmh"], seed_texts["subcontract-ngpf"]
    for sc in (nwmh, ngpf):
        for sentence in (
            "CONDITIONS PRECEDENT",
            "the parties have initialled those copies and annexed them to this Sub-Contract as its Annex",
            "Part B: Provisions that do not flow down",
            "The Commissioners' rights to terminate the Head Contract or any Service, including on notice without cause",
            "Do not flow down. The Head Provider may end this Sub-Contract only under clause",
            "except the provisions listed in Part B of Schedule 2, which apply only as that Part states",
            "the indicative activity plan for the Sub-Contracted Services",
            "So far as any Sub-Contracted Service is an essential service under the Head Contract",
            "the safeguarding policies and Mental Capacity Act policies in the Head Provider Documents",
            "Enquiries under section 42 of the Care Act 2014 are for the local authority.",
            "NHS England's guidance on managing conflicts of interest in the NHS",
            "must comply with the Equality Act 2010",
            "must comply with the Modern Slavery Act 2015",
            "the Head Provider will discuss the concern with the Alliance Leadership Team, as the Alliance Agreement provides",
        ):
            assert sentence in sc, sentence
        assert "the Alliance's safeguarding arrangements" not in sc
    assert "must not allow a change of control to take place without the Head Provider's prior written consent" in ngpf
    assert "a change of control of the Sub-Contractor takes place without the Head Provider's consent" in ngpf
    assert "change of control" not in nwmh.replace("Change in control", "")  # an NHS trust is not controlled


# ---- 8: default termination and removal ----------------------------------------------------


def test_removal_of_a_partner(seed_texts):
    aa = seed_texts["alliance-agreement"]
    for sentence in (
        "Each of the following is a Removal Event for a Partner:",
        "in the case of a Partner that is not an NHS body or a local authority, it becomes insolvent",
        "a registration with the Care Quality Commission that it needs to provide its Services is cancelled",
        "a change of control of it takes place without the prior written consent of the other Partners",
        "it is prevented by a Force Majeure Event from performing its Services",
        "It is an Excluded Partner for the decision and does not vote.",
        "The Lead Provider may be removed only with the prior written consent of the Co-ordinating Commissioner",
        "A Force Majeure Event is an event or circumstance beyond a Party's reasonable control",
        "No Party may terminate this Agreement for breach or by notice.",
    ):
        assert sentence in aa, sentence


# ---- 9: information governance -----------------------------------------------------------


@pytest.mark.parametrize("arrangement", ["separate", "joint"])
def test_information_sharing_states_every_basis(arrangement, library, seed_data):
    aa = draft(library, seed_data, {"set": {"alliance.information_sharing.controller_arrangement": arrangement}})["alliance-agreement"]
    for sentence in (
        "No personal data is shared under this Agreement until the Information Sharing Protocol has been adopted",
        "any condition in Schedule 1 to the Data Protection Act 2018 that the Article 9 condition needs",
        "its basis under the common law duty of confidentiality: for the direct care of the individual, implied consent",
        "support under section 251 of the National Health Service Act 2006",
        "the sending Party will apply the national data opt-out unless the policy exempts the flow",
        "This Agreement does not authorise any flow of personal data to or from an organisation that is not a Party.",
        "That duty is the local authority's, not the Partner's.",
        "paragraph 2 of Part 1 of Schedule 1 to the Data Protection Act 2018 (health or social care purposes)",
        "Not individual care: the opt-out applies unless the flow is exempt.",
    ):
        assert sentence in aa, sentence
    if arrangement == "joint":
        assert "No joint processing starts until the Information Sharing Protocol has been adopted" in aa


def test_flows_with_non_parties_are_listed_apart(library, seed_data):
    aa = draft(library, seed_data, {"append": {"alliance.information_sharing.flows": {
        "from": "NHFT", "to": "NCVS", "purpose": "Inviting people to community groups, with their agreement.",
        "data_categories": ["name and contact details"], "lawful_basis": "consent", "special_category_condition": "explicit_consent",
        "direct_care": False, "confidentiality_basis": "explicit_consent"}}})["alliance-agreement"]
    assert "Part B: Flows with organisations that are not Parties" in aa
    assert "NHFT to NCVS" in aa.split("Part B: Flows with organisations that are not Parties")[1]


# ---- 10: measurable KPIs, tied to money ----------------------------------------------------


def test_kpis_are_measurable(seed_texts):
    aa, lpc = seed_texts["alliance-agreement"], seed_texts["lead-provider-contract"]
    row = "Emergency admissions of people aged 65 and over per 1,000 population | 248 per 1,000 (2025/26) | 235 per 1,000 or fewer"
    assert row in aa and row in lpc
    assert "Secondary Uses Service (SUS) admitted patient care data | Monthly | Yes" in aa
    assert "The Alliance passes the quality gateway for a Financial Year only if at least two of the three gateway KPIs meet their targets" in aa


# ---- 11: the smaller points ----------------------------------------------------------------


def test_smaller_points(seed_texts, library, seed_data):
    lpc, aa = seed_texts["lead-provider-contract"], seed_texts["alliance-agreement"]
    assert "Alliance Leadership Team means the leadership team of the Alliance established under the Alliance Agreement" in lpc
    assert "shared budget" not in lpc and "Shared Pot" in lpc
    assert "The Lead Provider's member of the Alliance Leadership Team chairs it" not in lpc
    assert "Whenever the Lead Provider's representative is the chair" in lpc
    assert "Directors of Finance" not in aa
    assert "best for patient, best for system” basis" not in aa  # the Partners' own principles, not a second slogan


def test_weighted_votes_are_rebased_and_the_quorum_counts_weight(library, seed_data):
    aa = draft(library, seed_data, {"set": {"alliance.governance.decision_rule": DECISION_RULES["weighted"],
                                            "alliance.governance.quorum": 3}})["alliance-agreement"]
    assert "When a Partner leaves the Alliance its weight ceases to count and the threshold applies to the weights of the remaining Partners" in aa
    assert "The Partners present must also carry at least 75% of the total weight of the voting Partners' votes" in aa
    assert "A Partner is not entitled to vote on, and is left out of the count for, a decision about its own removal" in aa
