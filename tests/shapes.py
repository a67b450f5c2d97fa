"""Partnerships of every shape, built from a few numbers and choices, for the shape tests.

``Shape`` says how many of each thing a partnership has (partners, subcontracts, extension
options, escalation steps, commissioners) and on what terms (a council in two roles,
partners that share gains only or nothing, non-voting and consultative partners, a section
75 pool, staff transfers, a payment profile). ``build(shape)`` turns it into partnership
data that validates and that the model rules find clean (no errors, no warnings), so a test
can vary one thing at a time, and a property test can vary them all.

``WORDING`` is the list of singular/plural and dead-text patterns the drafting must never
contain, each with the facts of the shape that make it wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

#: Names for partners, in order (unique, and not one a substring of another).
_WORDS = ["Ashgrove", "Birchfield", "Cedarwell", "Dunmere", "Elmstead", "Fernleigh", "Glenholme", "Hawthorne"]
#: Kinds of subcontracted partner, in rotation.
_KINDS = ["charity", "community_interest_company", "gp_federation", "pharmacy"]
_NUMBER_WORDS = "one two three four five six seven eight nine ten".split()


@dataclass(frozen=True)
class Partner:
    """A partner other than the lead: how it shares and where it sits."""

    shares_in: str = "gains_and_losses"  # gains_and_losses | gains_only | neither
    status: str = "voting"  # voting | non_voting | consultative
    cap: str | None = None  # None (the common cap) | 'amount' | 'percent'


@dataclass(frozen=True)
class Shape:
    """How many of each thing, and on what terms."""

    name: str = "Ashby Integrated Care Partnership"
    partners: tuple[Partner, ...] = (Partner(), Partner(), Partner())
    council_partner: bool = False  # the council commissions and is a partner (one body, two roles)
    council_delivers_under: str = "own_functions"  # or 'subcontract'
    commissioners: int = 2  # 1: the ICB; 2: + a council; 3: + NHS England
    commissioners_are_parties: bool = False
    extensions: tuple[int, ...] = (3,)
    steps: int = 2
    rule: str = "unanimity"  # unanimity | majority | weighted | weighted_by_value | consensus
    method: str = "fixed"  # equal | proportional | fixed
    common_caps: bool = True
    section_75: str | None = None  # None | 'commissioners' | 'lead_delegated'
    transfers: int = 0  # 0..3
    profile: bool = False
    observers: int = 1


@dataclass(frozen=True)
class Facts:
    """What a shape has, counted as the drafting sees it."""

    subcontracts: int
    partners: int
    voting: int
    extensions: int
    steps: int
    commissioners: int
    quorum: int
    name: str
    two_role: bool
    gain_only: tuple[str, ...] = field(default_factory=tuple)


def facts(shape: Shape) -> Facts:
    """The counts of ``shape`` that decide its wording."""
    subs = len(shape.partners) + (1 if shape.council_partner and shape.council_delivers_under == "subcontract" else 0)
    voting = 1 + sum(p.status == "voting" for p in shape.partners) + (1 if shape.council_partner else 0)
    return Facts(
        subcontracts=subs,
        partners=len(shape.partners) + (1 if shape.council_partner else 0),
        voting=voting,
        extensions=len(shape.extensions),
        steps=shape.steps,
        commissioners=_commissioner_count(shape),
        quorum=voting,
        name=shape.name,
        two_role=shape.council_partner,
        gain_only=tuple(f"P{i + 1}" for i, p in enumerate(shape.partners) if p.shares_in == "gains_only" and p.status != "consultative"),
    )


def _commissioner_count(shape: Shape) -> int:
    needs_council = shape.council_partner or shape.section_75 or shape.transfers >= 1
    return max(shape.commissioners, 2 if needs_council else 1)


def _person(name: str, title: str = "Chief Executive") -> dict:
    return {"name": name, "title": title}


def _address(n: int) -> dict:
    return {"lines": [f"{n} High Street", "Ashby"], "postcode": f"AB{n} 1AA"}


def _ig(word: str) -> dict:
    return {
        "ig_lead": _person(f"{word} Lead", "Information Governance Lead"),
        "caldicott_guardian": _person(f"{word} Guardian", "Medical Director"),
        "siro": _person(f"{word} Siro", "Director of Finance"),
    }


def _split(total: int, n: int) -> list[int]:
    """``total`` split into ``n`` whole numbers that differ by at most one."""
    return [total // n + (1 if i < total % n else 0) for i in range(n)]


def build(shape: Shape) -> dict:
    """Partnership data for ``shape``."""
    ncomm = _commissioner_count(shape)
    commissioners = [{
        "legal_name": "NHS Ashby Integrated Care Board", "short_name": "ICB", "kind": "icb", "coordinating": True,
        "address": _address(1), "signatory": _person("Ada Icb"),
    }]
    if ncomm >= 2:
        commissioners.append({
            "legal_name": "Ashby Borough Council", "short_name": "ABC", "kind": "local_authority",
            "address": _address(2), "signatory": _person("Carl Council", "Director of Adult Social Services"),
        })
    if ncomm >= 3:
        commissioners.append({
            "legal_name": "NHS England", "short_name": "NHSE", "kind": "nhs_england",
            "commissions": "specialised rehabilitation services",
            "address": _address(3), "signatory": _person("Nia England", "Regional Director"),
        })
    providers = [{
        "legal_name": "Ashby Hospitals NHS Foundation Trust", "short_name": "LEAD", "kind": "nhs_foundation_trust",
        "lead": True, "ods_code": "RZZ", "address": _address(10), "signatory": _person("Lena Lead"),
        "information_governance": _ig("Lead"),
    }]
    # Weighted by contract value, a large lead would carry every vote alone (NCM120): keep it
    # below half of the other voting partners' values together.
    others = sum(2_000_000 + i * 1_000_000 for i, p in enumerate(shape.partners) if p.status == "voting")
    core = max(1_000_000, others // 2) if shape.rule == "weighted_by_value" else 40_000_000
    services = [{"id": "CORE", "name": "Core community services", "description": "Community nursing and therapies.", "annual_value": core}]
    subcontracts = []
    term = {"commencement": "2028-04-01", "initial_years": 5, "extensions": list(shape.extensions)}
    for i, partner in enumerate(shape.partners):
        sn, word, kind = f"P{i + 1}", _WORDS[i], _KINDS[i % len(_KINDS)]
        entry = {
            "legal_name": f"{word} {'Care Trust' if kind == 'charity' else 'Health CIC' if kind == 'community_interest_company' else 'GP Federation Limited' if kind == 'gp_federation' else 'Pharmacy Limited'}",
            "short_name": sn, "kind": kind, "company_number": f"0{i + 1}234567",
            "address": _address(20 + i), "signatory": _person(f"{word} Boss"), "information_governance": _ig(word),
        }
        if kind == "charity":
            entry["charity_number"] = f"11{i + 1}2345"
        if kind == "gp_federation":
            entry["legal_form"] = "company_limited_by_guarantee"
            entry["member_practice_count"] = 12 + i
        providers.append(entry)
        value = 2_000_000 + i * 1_000_000
        services.append({"id": f"S{i + 1}", "name": f"{word} service", "description": f"The {word} service.", "annual_value": value})
        subcontracts.append({"provider": sn, "services": [f"S{i + 1}"], "annual_value": value, "term": dict(term)})
    if shape.council_partner:
        council = {"commissioner": "ABC", "acting_through": "its Adult Social Care service", "information_governance": _ig("Council")}
        if shape.council_delivers_under == "subcontract":
            council["delivers_under"] = "subcontract"
            services.append({"id": "ASC", "name": "Adult social care", "description": "Care Act assessments.", "annual_value": 1_500_000})
            subcontracts.append({"provider": "ABC", "services": ["ASC"], "annual_value": 1_500_000, "term": dict(term)})
        else:
            services.append({"id": "ASC", "name": "Adult social care", "description": "Care Act assessments.", "annual_value": 5_000_000, "delivered_by": "ABC"})
        providers.append(council)
    head_services = [s["id"] for s in services if "delivered_by" not in s]
    head_value = sum(s["annual_value"] for s in services if "delivered_by" not in s)
    head = {"form": "NHS Standard Contract 2028/29 (full length)", "services": head_services, "annual_value": head_value, "term": dict(term)}
    if shape.profile:
        head["payment_profile"] = [{"year": y, "value": head_value + (y - 1) * 1_000_000} for y in range(1, 6)]
        head["total_value"] = sum(r["value"] for r in head["payment_profile"])
    data = {
        "partnership": {"name": shape.name, "short_name": "AICP", "area": "the Borough of Ashby"},
        "document": {"version": "1.0", "status": "draft", "agreement_date": "2028-02-01"},
        "commissioners": commissioners,
        "providers": providers,
        "observers": [{"legal_name": f"Healthwatch Ashby {n + 1}", "short_name": f"HW{n + 1}", "representative": _person(f"Olive Observer{n + 1}", "Manager")} for n in range(shape.observers)],
        "services": services,
        "head_contract": head,
        "subcontracts": subcontracts,
        "alliance": _alliance(shape, providers, term),
    }
    if shape.section_75:
        data["section_75"] = {
            "title": "Ashby Section 75 Agreement", "date": "2028-01-15", "parties": ["ICB", "ABC"], "host": "ABC",
            "annual_amount": 30_000_000,
        }
        if shape.section_75 == "lead_delegated":
            data["section_75"].update(parties=["ICB", "ABC", "LEAD"], arrangements=["pooled_fund", "integrated_provision"],
                                      delegated_to="LEAD", delegated_functions=["assessing adults' needs for care and support under the Care Act 2014"])
    moves = [
        {"from": "ABC", "to": "LEAD", "services": ["CORE"], "staff_count": 40, "transfer_date": "2028-04-01", "pension": "lgps_admission_agreement"},
        {"from_employer": "Ashby Community Services Limited", "to": "LEAD", "services": ["CORE"], "staff_count": 25, "transfer_date": "2028-04-01", "pension": "nhs_pension_scheme"},
    ]
    if shape.partners:
        moves.append({"from": "LEAD", "to": "P1", "services": ["S1"], "staff_count": 6, "transfer_date": "2028-04-01", "pension": "nhs_pension_direction"})
    data["staff_transfers"] = moves[: shape.transfers]
    return data


def _alliance(shape: Shape, providers: list[dict], term: dict) -> dict:
    members = [p.get("short_name") or p["commissioner"] for p in providers]
    status = {"LEAD": "voting", "ABC": "voting"} | {f"P{i + 1}": p.status for i, p in enumerate(shape.partners)}
    reps = []
    for m in members:
        rep = {"provider": m, "member": _person(f"Member {m}"), "status": status[m]}
        if status[m] == "voting":
            rep["deputy"] = _person(f"Deputy {m}", "Director")
        reps.append(rep)
    voters = [m for m in members if status[m] == "voting"]
    rule = _rule(shape, voters)
    partners = {f"P{i + 1}": p for i, p in enumerate(shape.partners)}
    takes = {m: ("neither" if status[m] == "consultative" else partners[m].shares_in if m in partners else ("neither" if m == "ABC" and shape.council_delivers_under != "subcontract" else "gains_and_losses")) for m in members}
    share: dict = {"method": shape.method, "reconciliation": {"frequency": "annually", "within_days": 60}}
    if shape.common_caps or shape.method == "equal":
        share["risk_cap_percent"] = 2
        share["gain_cap_percent"] = 3
    terms = {}
    for m, p in partners.items():
        t = {}
        if takes[m] != "gains_and_losses" and shape.method != "fixed":
            t["shares_in"] = takes[m]
        elif takes[m] != "gains_and_losses":
            t["shares_in"] = takes[m]
        if p.cap == "amount":
            t["loss_cap"] = {"amount": 50_000}
        elif p.cap == "percent":
            t["loss_cap"] = {"percent_of_contract_value": 1}
        if t:
            terms[m] = t
    if "ABC" in members and takes["ABC"] != "gains_and_losses":
        terms["ABC"] = {"shares_in": takes["ABC"]}
    if not shape.common_caps:  # caps per partner only: an uncapped small partner would be a finding (NCM129)
        for m in members:
            if takes[m] == "gains_and_losses" and "loss_cap" not in terms.get(m, {}):
                terms.setdefault(m, {})["loss_cap"] = {"percent_of_contract_value": 2}
    if terms:
        share["partner_terms"] = terms
    if shape.method == "fixed":
        gainers = [m for m in members if takes[m] in ("gains_and_losses", "gains_only")]
        losers = [m for m in members if takes[m] == "gains_and_losses"]
        gains = dict(zip(gainers, _split(100, len(gainers))))
        losses = dict(zip(losers, _split(100, len(losers))))
        gain_shares = {m: gains.get(m, 0) for m in members}
        loss_shares = {m: losses.get(m, 0) for m in members}
        if gain_shares == loss_shares:
            share["shares"] = gain_shares
        else:
            share["gain_shares"], share["loss_shares"] = gain_shares, loss_shares
    steps = [
        {"body": "the Chief Executives of the Partners", "within_days": 10},
        {"body": "the Chairs of the Partners", "within_days": 15},
        {"body": "an independent facilitator agreed by the Partners", "within_days": 20},
    ][: shape.steps]
    contributors = ["LEAD"] + [m for m in members if m.startswith("P")]
    flows = []
    if len(members) > 1:
        flows.append({"from": "LEAD", "to": members[1], "purpose": "Referral and joint care planning for shared patients.",
                      "data_categories": ["demographics", "care plans"], "lawful_basis": "public_task",
                      "special_category_condition": "health_or_social_care"})
    return {
        "commissioners_are_parties": shape.commissioners_are_parties,
        "term": dict(term),
        "vision": "People in Ashby get joined-up care close to home.",
        "objectives": ["reduce avoidable emergency admissions"],
        "principles": ["best for people, best for Ashby", "share information openly"],
        "governance": {
            "representatives": reps, "chair": "LEAD", "quorum": len(voters), "meeting_frequency": "monthly",
            "decision_rule": rule,
            "reserved_matters": ["entering into, varying or ending a Partner's own Service Contract"],
            "deadlock_escalation": steps,
        },
        "shared_pot": {"host": "LEAD", "contributions": [{"party": m, "annual_amount": 10_000} for m in contributors],
                       "purposes": ["the costs of the alliance manager"]},
        "risk_gain_share": share,
        "information_sharing": {"controller_arrangement": "separate", "flows": flows},
    }


def _rule(shape: Shape, voters: list[str]) -> dict:
    n = len(voters)
    kind = shape.rule
    if kind.startswith("weighted") and n < 3:
        kind = "unanimity"  # two members weighted is unanimity under another name (NCM128)
    if kind == "weighted_by_value" and shape.council_partner:
        kind = "weighted"  # the council's own services have no contract value, so no weight (NCM118)
    if kind == "majority" and n < 3:
        kind = "unanimity"
    if kind in ("unanimity", "consensus") and n >= 3 and shape.steps == 0:
        kind = "majority"  # unanimity among three or more needs an escalation path (NCM121)
    if kind == "majority":
        return {"kind": "majority", "threshold_percent": 51}
    if kind == "weighted":
        return {"kind": "weighted", "weights": {v: 10 for v in voters}, "threshold_percent": 60}
    if kind == "weighted_by_value":
        return {"kind": "weighted", "basis": "annual_contract_value", "threshold_percent": 51}
    if kind == "consensus":
        return {"kind": "consensus", "escalate_after_days": 14}
    return {"kind": "unanimity"}


# ---- the wording list: patterns that are wrong for a shape ---------------------------------

@dataclass(frozen=True)
class Wording:
    """A pattern the drafting must not contain when ``wrong_when(facts)`` holds."""

    name: str
    pattern: str
    wrong_when: Callable[[Facts], bool]

    def found(self, text: str) -> list[str]:
        """The matches of the pattern in ``text``."""
        return [m.group(0) for m in re.finditer(self.pattern, text)]


def _plural_nouns_after_one() -> str:
    nouns = "Partners|Members|votes|Sub-Contractors|sub-contracts|Subcontracts|options|periods|Commissioners are|years"
    return rf"\b(?:one|1) (?:{nouns})\b"


def _singular_nouns_after_many() -> str:
    words = "|".join(_NUMBER_WORDS[1:])
    return rf"\b(?:{words}|[2-9]) (?:Partner|Member|vote|Sub-Contractor|sub-contract|option|period|year)\b(?![-'’])"


#: Plural-for-one, one-for-plural and dead-text patterns, with when each is wrong.
WORDING: list[Wording] = [
    Wording("one-with-plural-noun", _plural_nouns_after_one(), lambda f: True),
    Wording("many-with-singular-noun", _singular_nouns_after_many(), lambda f: True),
    Wording("alliance-alliance", r"Alliance Alliance", lambda f: True),
    Wording("unresolved-cross-reference", r"\[\[", lambda f: True),
    Wording("one-subcontract-as-many", r"sub-contracts with [^.]*\. By entering into this Contract the Commissioners approve those", lambda f: f.subcontracts == 1),
    Wording("one-subcontract-as-many", r"to each of the other Partners under a Subcontract", lambda f: f.subcontracts == 1),
    Wording("one-subcontract-as-many", r"namely to", lambda f: True),
    Wording("one-subcontract-as-many", r"following sub-contracts as Material Sub-Contracts", lambda f: f.subcontracts == 1),
    Wording("many-subcontracts-as-one", r"through a sub-contract with", lambda f: f.subcontracts > 1),
    Wording("many-subcontracts-as-one", r"approve that sub-contract", lambda f: f.subcontracts > 1),
    Wording("one-option-as-many", r"If every extension is taken", lambda f: f.extensions == 1),
    Wording("one-option-as-many", r"if every extension option is taken", lambda f: f.extensions == 1),
    Wording("many-options-as-one", r"If the extension is taken|extend this (?:Contract|Sub-Contract|Agreement) once", lambda f: f.extensions > 1),
    Wording("extension-without-option", r"extended under this clause|extending the Term|If every extension|If the extension", lambda f: f.extensions == 0),
    Wording("one-step-as-many", r"in turn, to each of the following", lambda f: f.steps == 1),
    Wording("two-members-as-many", r"any two Members ask", lambda f: f.voting <= 2),
    Wording("dead-quorum-text", r"is not represented at a quorate meeting|at which not every (?:voting )?Partner is represented", lambda f: f.quorum >= f.voting),
    Wording("two-role-body-as-non-party", r"are not parties to this Agreement\.|is not a party to this Agreement\.", lambda f: f.two_role),
]


def wording_problems(text: str, f: Facts) -> list[str]:
    """Every listed pattern that is wrong for ``f`` and found in ``text``."""
    return [f"{w.name}: {m!r}" for w in WORDING if w.wrong_when(f) for m in w.found(text)]


def vary(shape: Shape, **changes) -> Shape:
    """``shape`` with some fields changed."""
    return replace(shape, **changes)
