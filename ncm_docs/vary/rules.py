"""Checking a change against the rules of the agreement being varied.

A variation of the alliance agreement needs the approval the current decision rule
requires (under unanimity, every voting member), recorded in the new version's
``approvals``; a joining provider needs what its deed of adherence names (a
representative and a service contract); a change to the risk/gain share needs the
date the old share is reconciled to. Each problem is one line naming the file and field.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

from ..history import continuity_problems
from ..formats import percent
from ..model import Partnership
from ..model.governance import Consensus, Majority, Unanimity, WeightedVote
from ..variation import Variation


def transition_problems(old: Partnership, new: Partnership, variation: Variation, old_path: Path, new_path: Path, *, alliance_changed: bool) -> list[str]:
    """Every reason the change from ``old`` to ``new`` cannot be drafted, one line each."""
    problems: list[str] = []
    o, n = f"{old_path}", f"{new_path}"
    if old.partnership.short_name != new.partnership.short_name:
        problems.append(
            f"{n}: partnership.short_name '{new.partnership.short_name}' differs from '{old.partnership.short_name}' "
            f"in {o}: vary compares two versions of one partnership"
        )
    if old.document.version == new.document.version:
        problems.append(f"{n}: document.version: '{new.document.version}' is the same as in {o}; give the new version its own number")
    if new.document.agreement_date <= old.document.agreement_date:
        problems.append(
            f"{n}: document.agreement_date: {new.document.agreement_date} is not after version "
            f"{old.document.version}'s date ({old.document.agreement_date})"
        )
    if old.lead_provider.short_name != new.lead_provider.short_name:
        problems.append(
            f"{n}: providers: the lead provider changes from {old.lead_provider.short_name} to "
            f"{new.lead_provider.short_name}; that is a novation of every contract, which vary does not draft"
        )
    problems += continuity_problems(old, new, n)
    if alliance_changed:
        problems += approval_problems(old, new, n)
    for p in variation.joining:
        if new.representative_of(p.short_name) is None:
            problems.append(
                f"{n}: alliance.governance.representatives: {p.short_name} joins the alliance but has no "
                "representative; its deed of adherence names one"
            )
        if not p.lead and new.subcontract_for(p.short_name) is None:
            problems.append(
                f"{n}: subcontracts: {p.short_name} joins the alliance but holds no subcontract; every "
                "member needs a service contract in the family before it adheres"
            )
    if variation.risk_share_changed:
        problems += _changeover(old, new, n)
    return problems


def approval_problems(old: Partnership, new: Partnership, n: str) -> list[str]:
    """Whether ``new.approvals`` meets the decision rule of ``old`` for varying the alliance agreement."""
    rule = old.alliance.governance.decision_rule
    voters = old.alliance.governance.voting_members
    if new.approvals is None:
        return [
            f"{n}: approvals: missing; varying the alliance agreement needs {requirement(old)} "
            f"of version {old.document.version}: add approvals: {{approved_by: [...], date: ..., minute_reference: ...}}"
        ]
    problems = []
    a = new.approvals
    unknown = [s for s in a.approved_by if s not in voters]
    if unknown:
        problems.append(
            f"{n}: approvals.approved_by: {', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a voting "
            f"member of version {old.document.version} (members: {', '.join(voters)})"
        )
    approved = [s for s in voters if s in a.approved_by]
    missing = [s for s in voters if s not in a.approved_by]
    if isinstance(rule, WeightedVote):
        weights = old.vote_weights
        total = sum(weights.values(), Decimal(0))
        got = sum((weights.get(s, Decimal(0)) for s in approved), Decimal(0))
        share = got * 100 / total if total else Decimal(0)
        if share < rule.threshold_percent:
            problems.append(
                f"{n}: approvals.approved_by: under version {old.document.version}'s weighted vote a variation needs "
                f"{percent(rule.threshold_percent)} of the weight; the approvals carry {percent(round(share, 2))}; "
                f"not approved: {', '.join(missing)}"
            )
    elif isinstance(rule, Majority):
        needed = math.ceil(rule.threshold_percent * len(voters) / 100)
        if len(approved) < needed:
            problems.append(
                f"{n}: approvals.approved_by: under version {old.document.version}'s {percent(rule.threshold_percent)} "
                f"majority, {needed} of the {len(voters)} voting members must approve; {len(approved)} did; "
                f"not approved: {', '.join(missing)}"
            )
    elif missing:  # unanimity or consensus: everyone
        problems.append(
            f"{n}: approvals.approved_by: under version {old.document.version}'s {_rule_name(rule)} every voting "
            f"member must approve; missing: {', '.join(missing)}"
        )
    if a.date <= old.document.agreement_date:
        problems.append(
            f"{n}: approvals.date: {a.date} is not after version {old.document.version}'s date "
            f"({old.document.agreement_date}), so it cannot approve the change from that version"
        )
    if a.date > new.document.agreement_date:
        problems.append(f"{n}: approvals.date: {a.date} is after the variation's date (document.agreement_date {new.document.agreement_date})")
    return problems


def requirement(p: Partnership) -> str:
    """The approval ``p``'s decision rule requires, in words."""
    rule = p.alliance.governance.decision_rule
    voters = p.alliance.governance.voting_members
    if isinstance(rule, WeightedVote):
        return f"approvals carrying {percent(rule.threshold_percent)} of the weighted vote"
    if isinstance(rule, Majority):
        return f"the approval of {math.ceil(rule.threshold_percent * len(voters) / 100)} of the {len(voters)} voting members"
    return f"the approval of every voting member ({', '.join(voters)}) under the {_rule_name(rule)}"


def _rule_name(rule: Unanimity | Consensus | Majority | WeightedVote) -> str:
    return {"unanimity": "unanimity rule", "consensus": "consensus rule"}.get(rule.kind, rule.kind)


def _changeover(old: Partnership, new: Partnership, n: str) -> list[str]:
    field = "alliance.risk_gain_share.reconciliation.changeover_date"
    date = new.alliance.risk_gain_share.reconciliation.changeover_date
    if date is None:
        return [
            f"{n}: {field}: missing; the risk/gain share changes, so give the date the previous share is "
            "reconciled to and the new one applies from"
        ]
    earlier = old.alliance.risk_gain_share.reconciliation.changeover_date
    if earlier is not None and date <= earlier:
        return [f"{n}: {field}: {date} is not after the previous changeover ({earlier}); give the new one"]
    if date <= old.document.agreement_date:
        return [f"{n}: {field}: {date} is not after version {old.document.version}'s date ({old.document.agreement_date})"]
    return []
