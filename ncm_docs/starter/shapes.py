"""The partnerships ``ncm-docs init`` starts from: a few common shapes, built from example parts.

Every name, number and address a lawyer must supply is a placeholder in square brackets;
everything else is an example value that drafts a sound agreement as it stands. Each
shape builds and checks clean (tests/test_starter.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Partner:
    """An example subcontracted provider and the service it brings."""

    short_name: str
    kind: str
    legal_name: str
    identifier: tuple[str, str]  # (field, placeholder)
    service_id: str
    service_name: str
    service_description: str
    annual_value: int


#: Example partners, in the order shapes take them.
PARTNERS = [
    Partner("MHT", "nhs_trust", "[Name of mental health trust] NHS Trust", ("ods_code", "[ODS code]"),
            "MENTAL_HEALTH", "Community mental health services",
            "Community mental health teams, crisis resolution and home treatment for adults.", 20_000_000),
    Partner("GPFED", "gp_federation", "[Name of GP federation] Limited", ("company_number", "[Company number]"),
            "PRIMARY_CARE", "Extended primary care access",
            "Evening and weekend GP appointments and enhanced care in care homes.", 6_000_000),
    Partner("CIC", "community_interest_company", "[Name of community interest company] CIC", ("company_number", "[Company number]"),
            "WELLBEING", "Community wellbeing and social prescribing",
            "Social prescribing link workers, falls prevention and community navigation.", 3_000_000),
    Partner("HOSPICE", "charity", "[Name of hospice]", ("charity_number", "[Charity number]"),
            "PALLIATIVE_CARE", "Specialist palliative care in the community",
            "Hospice at home, specialist palliative care nursing and bereavement support.", 4_000_000),
]

LEAD_SERVICES = [
    ("ACUTE", "Acute and urgent care", "Emergency department, acute medicine and same-day emergency care.", 120_000_000),
    ("COMMUNITY", "Adult community health services", "District nursing, community therapy, intermediate care and rapid response.", 30_000_000),
]


@dataclass(frozen=True)
class Shape:
    """A common shape of partnership: how many partners, how it decides, how it shares risk."""

    summary: str
    partners: int
    decision_rule: dict
    risk_share: str  # equal, proportional or fixed


SHAPES = {
    "lead-provider": Shape(
        "a lead NHS foundation trust subcontracting two partners; unanimous decisions; fixed risk shares",
        2, {"kind": "unanimity"}, "fixed"),
    "majority": Shape(
        "a lead provider and three partners; decisions by a 75% majority; risk shared in proportion to contract values",
        3, {"kind": "majority", "threshold_percent": 75}, "proportional"),
    "weighted-vote": Shape(
        "a lead provider and four partners; a weighted vote; risk shared in proportion to contract values",
        4, {"kind": "weighted", "weights": None, "threshold_percent": 65}, "proportional"),
}
DEFAULT_SHAPE = "lead-provider"


def _person(title: str, of: str) -> dict:
    """A person placeholder, distinct for each organisation and role (so no check mistakes two for one)."""
    return {"name": f"[Name of {of} {title.lower()}]", "title": title}


def _address(of: str) -> dict:
    """An address placeholder, distinct for each organisation (so no check mistakes two bodies for one)."""
    return {"lines": [f"[Building of {of}]", "[Street]", "[Town]"], "postcode": "[Postcode]"}


def _term(years: int, extensions: list[int]) -> dict:
    return {"commencement": date(2027, 4, 1), "initial_years": years, "extensions": extensions}


def starter_data(shape_name: str) -> dict:
    """The starter partnership of a shape, as plain data in file order."""
    shape = SHAPES[shape_name]
    partners = PARTNERS[: shape.partners]
    lead = "LEAD"
    members = [lead, *(p.short_name for p in partners)]
    services = [
        {"id": sid, "name": name, "description": text, "annual_value": value} for sid, name, text, value in LEAD_SERVICES
    ] + [
        {"id": p.service_id, "name": p.service_name, "description": p.service_description, "annual_value": p.annual_value}
        for p in partners
    ]
    providers = [{
        "legal_name": "[Name of lead provider] NHS Foundation Trust", "short_name": lead, "kind": "nhs_foundation_trust",
        "lead": True, "ods_code": "[ODS code]", "address": _address(lead), "signatory": _person("Chief Executive", lead),
        "information_governance": _ig(lead),
    }] + [{
        "legal_name": p.legal_name, "short_name": p.short_name, "kind": p.kind, p.identifier[0]: p.identifier[1],
        "address": _address(p.short_name), "signatory": _person("Chief Executive", p.short_name), "information_governance": _ig(p.short_name),
    } for p in partners]
    return {
        "partnership": {"name": "[Name of area] Integrated Care Partnership", "short_name": "ICP", "area": "[the area served]",
                        "model": "lead_provider_alliance"},
        "document": {"version": "1.0", "status": "draft", "agreement_date": date(2027, 3, 15)},
        "commissioners": [
            {"legal_name": "NHS [Name] Integrated Care Board", "short_name": "ICB", "kind": "icb", "coordinating": True,
             "address": _address("ICB"), "signatory": _person("Chief Executive", "ICB")},
            {"legal_name": "[Name] Council", "short_name": "COUNCIL", "kind": "local_authority",
             "address": _address("COUNCIL"), "signatory": _person("Director of Adult Social Services", "COUNCIL")},
        ],
        "providers": providers,
        "observers": [{
            "legal_name": "[Name of council for voluntary service]", "short_name": "CVS", "representative": _person("Chief Officer", "CVS"),
            "attends": ["alliance_leadership_team"], "receives": ["agendas_and_papers", "minutes"],
        }],
        "services": services,
        "head_contract": {
            "form": "NHS Standard Contract 2027/28 (full length)",
            "services": [s["id"] for s in services],
            "annual_value": sum(s["annual_value"] for s in services),
            "term": _term(10, [5]),
        },
        "subcontracts": [
            {"provider": p.short_name, "services": [p.service_id], "annual_value": p.annual_value, "term": _term(5, [5])}
            for p in partners
        ],
        "alliance": _alliance(shape, members),
        "section_75": None,
        "staff_transfers": [],
        "history": [{"version": "1.0", "date": date(2027, 3, 15), "summary": "The agreements are signed."}],
    }


def _ig(of: str) -> dict:
    return {
        "ig_lead": _person("Head of Information Governance", of),
        "caldicott_guardian": _person("Medical Director", of),
        "siro": _person("Director of Finance", of),
    }


def _alliance(shape: Shape, members: list[str]) -> dict:
    rule = dict(shape.decision_rule)
    if rule["kind"] == "weighted":
        rest = len(members) - 1
        rule["weights"] = {members[0]: 40, **dict(zip(members[1:], _split(60, rest)))}
    risk_share: dict = {"method": shape.risk_share}
    if shape.risk_share == "fixed":
        rest = len(members) - 1
        risk_share["shares"] = {members[0]: 60, **dict(zip(members[1:], _split(40, rest)))}
    risk_share.update({"risk_cap_percent": 2, "gain_cap_percent": 3, "reconciliation": {"frequency": "annually", "within_days": 60}})
    return {
        "commissioners_are_parties": False,
        "nhs_contract": False,
        "term": _term(10, [5]),
        "vision": "[The alliance's vision, in a sentence or two.]",
        "objectives": ["[The first objective of the alliance]", "[The second objective of the alliance]"],
        "principles": [
            'make decisions on a "best for patient, best for system" basis',
            "share information openly and work on an open-book basis",
            "raise and resolve problems early and without blame",
            "respect each Partner's statutory duties and organisational sovereignty",
        ],
        "kpis": [
            {"name": f"[The {n} key performance indicator]", "baseline": "[Baseline and its period]", "target": "[Target, saying which way is better]",
             "source": "[Where it is measured from]", "frequency": "quarterly"}
            for n in ("first", "second")
        ],
        "governance": {
            "leadership_team_name": "Alliance Leadership Team",
            "representatives": [
                {"provider": m, "member": _person("Chief Executive", m), "deputy": _person("Director of Finance", m)} for m in members
            ],
            "chair": members[0],
            "quorum": len(members),
            "meeting_frequency": "monthly",
            "alliance_manager": _person("Alliance Director", "the"),
            "decision_rule": rule,
            "reserved_matters": [
                "any change to a Partner's constitution or statutory functions",
                "capital expenditure by a Partner above its own board's delegated limits",
                "entering into, varying or ending a Partner's own Service Contract",
            ],
            "deadlock_escalation": [
                {"body": "the chairs of the Partners' boards", "within_days": 10},
                {"body": "an independent facilitator agreed by the Partners", "within_days": 20},
            ],
            "mediation_provider": "the Centre for Effective Dispute Resolution",
        },
        "shared_pot": {
            "host": members[0],
            "contributions": [{"party": m, "annual_amount": 1_000_000 if i == 0 else 100_000} for i, m in enumerate(members)],
            "purposes": [
                "the costs of the alliance management team",
                "pump-priming new community services that reduce demand on hospital care",
            ],
        },
        "risk_gain_share": risk_share,
        "information_sharing": {
            "controller_arrangement": "separate",
            "flows": [
                {"from": members[0], "to": m,
                 "purpose": "Referring patients and co-ordinating the care of patients both partners treat.",
                 "data_categories": ["demographics", "referral reason", "care plans"],
                 "lawful_basis": "public_task", "special_category_condition": "health_or_social_care"}
                for m in members[1:]
            ],
        },
    }


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole numbers that add up to it exactly (the first ones take any remainder)."""
    base, left = divmod(total, parts)
    return [base + (1 if i < left else 0) for i in range(parts)]
