"""Model rules (NCM1xx): consistency relations a valid partnership file can still break.

Schema validation already refuses what drafting cannot do without (unknown references,
duplicate names, two leads). These rules check the relations between the documents
that will be drafted, before any exists, plus advice drawn from practice. Each rule is
one function over a ``Partnership`` that yields ``hit(...)``s.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Iterator

from ..formats import money, plain_number
from ..model import Partnership, Provider
from ..model.contracts import add_years
from ..model.governance import Consensus, Majority, Unanimity, WeightedVote
from .names import ALLIANCE, DATA_SHARING, HEAD, subcontract_file
from .registry import Hit, hit, rule

#: Provider kinds that sit outside the NHS VAT position when they hold the contract.
_VEHICLE_KINDS = {"special_purpose_vehicle", "limited_liability_partnership"}
#: Purposes too vague to tell a data subject what their data is used for.
_VAGUE_PURPOSES = {"tbc", "tbd", "n/a", "na", "various", "general", "other", "as required", "care", "admin"}


def _lead(p: Partnership) -> Provider | None:
    return next((x for x in p.providers if x.lead), None)


def _voters(p: Partnership) -> list[str]:
    return p.alliance.governance.voting_members


# ---- parties and contracts ----------------------------------------------------


@rule("NCM100", "no-lead-provider", "error", "model",
      "providers: no provider has 'lead: true', so there is no one to hold {head} and let the subcontracts")
def no_lead_provider(p: Partnership) -> Iterator[Hit]:
    """The family needs one lead provider to hold the head contract.

    The schema lets a pure alliance have no lead, but ncm-docs drafts the lead-provider
    hybrid: without a lead there is no head contract and no subcontracts.

    Bad: every provider has ``lead: false`` (``partnership.model: pure_alliance``).
    Good: one provider has ``lead: true``.
    """
    if _lead(p) is None:
        yield hit("providers", [HEAD], head=HEAD)


@rule("NCM101", "one-subcontract-per-provider", "error", "model",
      "{provider} has {count} subcontracts; {need} ({file})")
def one_subcontract_per_provider(p: Partnership) -> Iterator[Hit]:
    """Every non-lead provider that delivers under a subcontract holds exactly one.

    An alliance member without a contract in the family has no contractual duty to
    deliver anything; two subcontracts for one provider make two documents of the
    same name and no single statement of its obligations. A partner that delivers under
    its own statutory functions or a section 75 arrangement (``delivers_under``; the
    default for a council that is also a commissioner) holds none.

    Bad: providers NHFT (lead), NWMH and NGPF; ``subcontracts`` has only NWMH.
    Good: one subcontract for NWMH and one for NGPF.
    """
    counts = Counter(s.provider for s in p.subcontracts)
    for i, provider in enumerate(p.providers):
        if provider.lead:
            continue
        count = counts.get(provider.short_name, 0)
        file = subcontract_file(provider.short_name)
        if provider.delivery == "subcontract" and count != 1:
            need = "every provider other than the lead that delivers under a subcontract needs exactly one"
            yield hit(f"providers[{i}] ({provider.short_name})", [file], provider=provider.short_name, count=count, file=file, need=need)
        elif provider.delivery != "subcontract" and count:
            need = (f"it delivers under {'its own statutory functions' if provider.delivery == 'own_functions' else 'the section 75 arrangement'} "
                    "(delivers_under), so it holds none; set delivers_under: subcontract if the lead subcontracts it")
            yield hit(f"providers[{i}] ({provider.short_name})", [file], provider=provider.short_name, count=count, file=file, need=need)


@rule("NCM102", "lead-subcontracts-itself", "error", "model",
      "subcontracts[{index}]: the lead provider {provider} cannot subcontract to itself")
def lead_subcontracts_itself(p: Partnership) -> Iterator[Hit]:
    """The lead provider holds the head contract; it never holds a subcontract.

    Bad: ``subcontracts: [{provider: NHFT, ...}]`` where NHFT has ``lead: true``.
    Good: subcontracts only for the other providers.
    """
    lead = _lead(p)
    for i, sub in enumerate(p.subcontracts):
        if lead is not None and sub.provider == lead.short_name:
            yield hit(f"subcontracts[{i}].provider", [subcontract_file(sub.provider)], index=i, provider=sub.provider)


@rule("NCM103", "subcontracted-service-outside-head", "error", "model",
      "subcontracts[{index}].services: {service} is subcontracted to {provider} but is not in {head}'s services")
def subcontracted_service_outside_head(p: Partnership) -> Iterator[Hit]:
    """Each subcontracted service lies within the head contract's services.

    The lead provider can only pass down what it has been commissioned to provide.

    Bad: head contract services [ACUTE, COMMUNITY]; a subcontract for MENTAL_HEALTH.
    Good: MENTAL_HEALTH is in the head contract's services too.
    """
    head = set(p.head_contract.services)
    for i, sub in enumerate(p.subcontracts):
        for service in sub.services:
            if service not in head:
                yield hit(f"subcontracts[{i}].services", [HEAD, subcontract_file(sub.provider)],
                          index=i, service=service, provider=sub.provider, head=HEAD)


@rule("NCM104", "service-not-contracted", "warning", "model",
      "services: {service} is in scope but not in {head}'s services, so no contract covers it")
def service_not_contracted(p: Partnership) -> Iterator[Hit]:
    """Every service in scope is commissioned through the head contract.

    A service a partner provides under its own statutory functions (``delivered_by``, e.g. a
    council's own social work) is in scope without being in the head contract.

    Bad: ``services`` lists WELLBEING; ``head_contract.services`` does not.
    Good: the head contract lists every service (or the service is removed from scope, or
    says ``delivered_by`` the partner that provides it itself).
    """
    head = set(p.head_contract.services)
    for i, service in enumerate(p.services):
        if service.id not in head and not service.delivered_by:
            yield hit(f"services[{i}] ({service.id})", [HEAD], service=service.id, head=HEAD)


# ---- terms ---------------------------------------------------------------------


@rule("NCM105", "subcontract-outlasts-head", "error", "model",
      "subcontracts[{index}].term: {file} can run to {sub_end}, past {head}'s last possible day {head_end}")
def subcontract_outlasts_head(p: Partnership) -> Iterator[Hit]:
    """A subcontract's term, with every extension, ends no later than the head contract's.

    When the head contract ends the lead has nothing left to subcontract.

    Bad: head contract 1 April 2027 for 10 + 5 years; a subcontract for 10 + 10 years.
    Good: the subcontract runs for 10 + 5 years, or less.
    """
    head_end = p.head_contract.term.latest_expiry
    for i, sub in enumerate(p.subcontracts):
        if sub.term.latest_expiry > head_end:
            file = subcontract_file(sub.provider)
            yield hit(f"subcontracts[{i}].term", [file, HEAD], index=i, file=file, head=HEAD,
                      sub_end=sub.term.latest_expiry.isoformat(), head_end=head_end.isoformat())


@rule("NCM106", "subcontract-initial-term-outlasts-head", "warning", "model",
      "subcontracts[{index}].term: {file}'s initial term ends {sub_end}, after {head}'s initial term ({head_end})")
def subcontract_initial_term_outlasts_head(p: Partnership) -> Iterator[Hit]:
    """A subcontract's initial term ends within the head contract's initial term.

    Otherwise the subcontract depends on the commissioners taking up an extension of the
    head contract that they need not take.

    Bad: head contract 5 years + 5; subcontract 7 years.
    Good: subcontract 5 years + 5 (its extension follows the head contract's).
    """
    head_end = p.head_contract.term.expiry
    for i, sub in enumerate(p.subcontracts):
        if sub.term.expiry > head_end and sub.term.latest_expiry <= p.head_contract.term.latest_expiry:
            file = subcontract_file(sub.provider)
            yield hit(f"subcontracts[{i}].term", [file, HEAD], index=i, file=file, head=HEAD,
                      sub_end=sub.term.expiry.isoformat(), head_end=head_end.isoformat())


@rule("NCM107", "alliance-term-gap", "error", "model",
      "alliance.term: {alliance} {problem}")
def alliance_term_gap(p: Partnership) -> Iterator[Hit]:
    """The alliance term covers the contracts it governs.

    The alliance agreement governs how the providers perform their contracts; if it starts
    later or ends sooner there is a period where the contracts run with no alliance.

    Bad: head contract from 1 April 2027 for 10 + 5 years; alliance for 10 years only.
    Good: the alliance runs from 1 April 2027 for 10 + 5 years (exit tied to the contracts ending).
    """
    term = p.alliance.term
    contracts = [("the head contract", p.head_contract.term, HEAD)]
    contracts += [(f"the {s.provider} subcontract", s.term, subcontract_file(s.provider)) for s in p.subcontracts]
    for name, contract, file in contracts:
        if term.commencement > contract.commencement:
            yield hit("alliance.term.commencement", [ALLIANCE, file], alliance=ALLIANCE,
                      problem=f"starts {term.commencement.isoformat()}, after {name} ({contract.commencement.isoformat()})")
    head = p.head_contract.term
    if term.latest_expiry < head.latest_expiry:
        yield hit("alliance.term", [ALLIANCE, HEAD], alliance=ALLIANCE,
                  problem=f"can last only to {term.latest_expiry.isoformat()}, before the head contract ({head.latest_expiry.isoformat()})")


# ---- money ----------------------------------------------------------------------


@rule("NCM108", "subcontract-values-exceed-head", "error", "model",
      "subcontracts: {when} the subcontract values total {total}, more than {head}'s value {head_value}")
def subcontract_values_exceed_head(p: Partnership) -> Iterator[Hit]:
    """Subcontract values together do not exceed the head contract value, year by year.

    The lead provider pays its subcontractors out of what the commissioners pay it. Where a
    contract has a payment profile, each contract year is compared.

    Bad: head contract £10,000,000; subcontracts £6,000,000 and £5,000,000.
    Good: subcontracts total £10,000,000 or less (the lead keeps the difference).
    """
    files = [HEAD, *(subcontract_file(s.provider) for s in p.subcontracts)]
    contracts = [p.head_contract, *p.subcontracts]
    if not _profiled(p):  # one comparison of the annual values, as the year-by-year ones would all agree
        days = [p.head_contract.term.commencement]
    else:  # the first day of every contract year of every contract
        days = sorted({add_years(c.term.commencement, y) for c in contracts
                       for y in range(c.term.initial_years + c.term.total_extension_years)})
    for day in (d for d in days if d <= p.head_contract.term.latest_expiry):
        head_value = p.head_contract.value_on(day) if _profiled(p) else p.head_contract.annual_value
        total = sum((s.value_on(day) if _profiled(p) else s.annual_value for s in p.subcontracts), Decimal(0))
        if total > head_value:
            when = "in each contract year" if not _profiled(p) else f"in the contract year that includes {day.isoformat()},"
            yield hit("subcontracts[*].annual_value", files, when=when, total=_money(total), head=HEAD, head_value=_money(head_value))
            return


def _profiled(p: Partnership) -> bool:
    return any(c.payment_profile for c in [p.head_contract, *p.subcontracts])


@rule("NCM109", "head-value-differs-from-services", "warning", "model",
      "head_contract.annual_value: {head_value} differs from the total of its services' annual values ({total})")
def head_value_differs_from_services(p: Partnership) -> Iterator[Hit]:
    """The head contract value equals the total of the services it commissions.

    A difference usually means a service value or the contract value was not updated.

    Bad: services worth £181,700,000; ``head_contract.annual_value: 180000000``.
    Good: ``head_contract.annual_value: 181700000``.
    """
    total = sum((s.annual_value for s in p.head_contract_services), Decimal(0))
    if total != p.head_contract.annual_value:
        yield hit("head_contract.annual_value", [HEAD], head_value=_money(p.head_contract.annual_value), total=_money(total))


@rule("NCM110", "risk-shares-not-100", "error", "model",
      "alliance.risk_gain_share: the members' shares {what}total {total}%, not 100%")
def risk_shares_not_100(p: Partnership) -> Iterator[Hit]:
    """The risk/gain shares cover the members exactly: they sum to 100%.

    Where gain shares and loss shares are given apart, each set sums to 100%.

    Bad: ``shares: {NHFT: 55, NWMH: 25, NGPF: 12, NCH: 5}`` (97%).
    Good: ``shares: {NHFT: 55, NWMH: 25, NGPF: 12, NCH: 8}``.
    """
    if _lead(p) is None:
        return
    sides = [("", p.loss_shares)] if not p.shares_differ else [("of a gain ", p.gain_shares), ("of a loss ", p.loss_shares)]
    for what, shares in sides:
        total = sum(shares.values(), Decimal(0))
        tolerance = Decimal("0.005") * len(shares)  # rounding of computed shares to 2 places
        if abs(total - 100) > tolerance:
            yield hit("alliance.risk_gain_share", [ALLIANCE], total=_plain(total), what=what)


@rule("NCM111", "risk-share-member-missing", "error", "model",
      "alliance.risk_gain_share: {provider} is an alliance member but has no share (give 0 if it takes none)")
def risk_share_member_missing(p: Partnership) -> Iterator[Hit]:
    """A fixed risk/gain share names every member, even one that takes no share.

    A member left out silently takes 0%; say so explicitly, as Symphony-style alliances
    do for "consultative" partners.

    Bad: four members, ``shares`` names three.
    Good: ``shares`` names all four (``NCH: 0`` if NCH takes no risk or gain).
    """
    rgs = p.alliance.risk_gain_share
    for name in ("shares", "gain_shares", "loss_shares"):
        shares = getattr(rgs, name, None)
        if shares is None:
            continue
        for member in p.providers:
            if member.short_name not in shares:
                yield hit(f"alliance.risk_gain_share.{name}.{member.short_name}", [ALLIANCE], provider=member.short_name)


@rule("NCM112", "pot-contribution-from-non-party", "warning", "model",
      "alliance.shared_pot.contributions[{index}]: {party} pays into the shared pot but is not a party to {alliance}")
def pot_contribution_from_non_party(p: Partnership) -> Iterator[Hit]:
    """Only parties to the alliance agreement contribute to its shared pot.

    A commissioner paying into a pot governed by an agreement it has not signed has no
    say over how the pot is spent, and no agreement to point to.

    Bad: ICB contributes; ``alliance.commissioners_are_parties: false``.
    Good: ``commissioners_are_parties: true``, or the ICB pays through the head contract.
    """
    if p.alliance.commissioners_are_parties:
        return
    commissioners = {c.short_name for c in p.commissioners}
    for i, c in enumerate(p.alliance.shared_pot.contributions):
        if c.party in commissioners:
            yield hit(f"alliance.shared_pot.contributions[{i}].party", [ALLIANCE], index=i, party=c.party, alliance=ALLIANCE)


@rule("NCM113", "pot-contribution-exceeds-contract", "warning", "model",
      "alliance.shared_pot.contributions[{index}]: {party} pays {amount} a year into the pot, more than its contract is worth ({value})")
def pot_contribution_exceeds_contract(p: Partnership) -> Iterator[Hit]:
    """A provider's pot contribution comes out of its contract payments, so is smaller.

    Bad: NCH's subcontract is worth £2,900,000 a year; it contributes £3,000,000.
    Good: it contributes £150,000.
    """
    if _lead(p) is None:
        return
    providers = {x.short_name for x in p.providers if not x.commissioner}
    for i, c in enumerate(p.alliance.shared_pot.contributions):
        if c.party in providers and p.party(c.party).delivery == "subcontract" and c.annual_amount > p.contract_value(c.party):
            yield hit(f"alliance.shared_pot.contributions[{i}].annual_amount", [ALLIANCE], index=i, party=c.party,
                      amount=_money(c.annual_amount), value=_money(p.contract_value(c.party)))


# ---- decisions -------------------------------------------------------------------


@rule("NCM114", "voting-members-not-partners", "error", "model",
      "alliance.governance.representatives: {provider} {problem}; every partner has exactly one entry (voting, non-voting or consultative)")
def voting_members_not_partners(p: Partnership) -> Iterator[Hit]:
    """The leadership team lists every partner exactly once, with its standing.

    Each partner has one representative entry; its ``status`` says whether it votes
    (``voting``), attends without a vote (``non_voting``) or is consulted (``consultative``).

    Bad: four providers, three representatives (or NWMH listed twice).
    Good: one representative for each of the four providers.
    """
    counts = Counter(r.provider for r in p.alliance.governance.representatives)
    for provider in p.providers:
        count = counts.get(provider.short_name, 0)
        if count == 0:
            yield hit("alliance.governance.representatives", [ALLIANCE], provider=provider.short_name, problem="has no representative")
        elif count > 1:
            yield hit("alliance.governance.representatives", [ALLIANCE], provider=provider.short_name, problem=f"has {count} representatives")


@rule("NCM115", "observer-votes", "error", "model",
      "observers[{index}]: {observer}'s representative {person} is also a voting member or deputy for {provider}; observers never vote")
def observer_votes(p: Partnership) -> Iterator[Hit]:
    """Observers attend without a vote, so nobody represents an observer and votes too.

    Bad: Healthwatch's representative is also NCH's deputy on the leadership team.
    Good: the observer's representative holds no seat on the leadership team.
    """
    seats = {}
    for r in p.alliance.governance.representatives:
        seats.setdefault(r.member.name.casefold(), r.provider)
        if r.deputy is not None:
            seats.setdefault(r.deputy.name.casefold(), r.provider)
    for i, o in enumerate(p.observers):
        provider = seats.get(o.representative.name.casefold())
        if provider:
            yield hit(f"observers[{i}].representative", [ALLIANCE], index=i, observer=o.short_name,
                      person=o.representative.name, provider=provider)


@rule("NCM116", "quorum-unreachable", "error", "model",
      "alliance.governance.quorum: {quorum} is more than the {voters} voting members, so no meeting can be quorate")
def quorum_unreachable(p: Partnership) -> Iterator[Hit]:
    """A quorum is reachable: it is no more than the number of voting members.

    Bad: four voting members, ``quorum: 5``.
    Good: ``quorum: 4``.
    """
    voters = len(set(_voters(p)))
    if p.alliance.governance.quorum > voters:
        yield hit("alliance.governance.quorum", [ALLIANCE], quorum=p.alliance.governance.quorum, voters=voters)


@rule("NCM117", "unanimity-without-every-member", "error", "model",
      "alliance.governance.quorum: unanimity with {voters} members needs {voters} votes, but a quorum of {quorum} lets {quorum} decide")
def unanimity_without_every_member(p: Partnership) -> Iterator[Hit]:
    """Unanimity counts every member: with N members a decision needs N votes.

    If the quorum is below N, "every member present" can be fewer than every member,
    and a decision binds partners who never agreed to it.

    Bad: ``decision_rule: {kind: unanimity}``, four members, ``quorum: 3``.
    Good: ``quorum: 4`` (or a majority rule with reserved matters kept unanimous).
    """
    gov = p.alliance.governance
    voters = len(set(_voters(p)))
    if isinstance(gov.decision_rule, Unanimity) and gov.quorum < voters:
        yield hit("alliance.governance.quorum", [ALLIANCE], voters=voters, quorum=gov.quorum)


@rule("NCM118", "weights-not-members", "error", "model",
      "alliance.governance.decision_rule.weights: {provider} {problem}")
def weights_not_members(p: Partnership) -> Iterator[Hit]:
    """A weighted vote gives a weight to every voting member and to nobody else.

    A weight worked out from contract values is 0 for a partner with no Service Contract
    (a council providing under its own functions), which is no vote at all.

    Bad: weights for NHFT, NWMH and NGPF; NCH has a representative but no weight.
    Good: a weight for each of the four voting members.
    """
    rule_ = p.alliance.governance.decision_rule
    if not isinstance(rule_, WeightedVote):
        return
    voters = set(_voters(p))
    weights = p.vote_weights
    for provider in sorted(voters - set(weights)):
        yield hit("alliance.governance.decision_rule.weights", [ALLIANCE], provider=provider, problem="is a voting member but has no weight")
    for provider in sorted(v for v in voters if v in weights and not weights[v]):
        yield hit("alliance.governance.decision_rule.weights", [ALLIANCE], provider=provider,
                  problem="is a voting member, but weighted by annual contract value its weight is 0 (it holds no Service Contract); give the weights, or make it non-voting")
    for provider in sorted(set(weights) - voters):
        yield hit(f"alliance.governance.decision_rule.weights.{provider}", [ALLIANCE], provider=provider, problem="has a weight but no representative to cast it")


@rule("NCM119", "chair-not-voting-member", "error", "model",
      "alliance.governance.chair: {chair} has no voting member on the {team}, so nobody can chair for it")
def chair_not_voting_member(p: Partnership) -> Iterator[Hit]:
    """The chair is a voting member's representative.

    Bad: ``chair: NCH`` with no representative for NCH (or a non-voting one).
    Good: ``chair: NHFT`` and NHFT has a representative.
    """
    gov = p.alliance.governance
    if gov.chair not in _voters(p):
        yield hit("alliance.governance.chair", [ALLIANCE], chair=gov.chair, team=gov.leadership_team_name)


@rule("NCM120", "one-member-decides", "warning", "model",
      "alliance.governance.decision_rule: {provider} holds {weight} of {total} votes, enough to reach the {threshold}% threshold alone")
def one_member_decides(p: Partnership) -> Iterator[Hit]:
    """No single member can carry a weighted vote on its own.

    Bad: weights NHFT 80, others 20 in all; threshold 75%.
    Good: NHFT 40, NWMH 25, NGPF 15, NCH 20; threshold 75%.
    """
    rule_ = p.alliance.governance.decision_rule
    weights = p.vote_weights
    if not isinstance(rule_, WeightedVote) or len(weights) < 2:
        return
    total = sum(weights.values(), Decimal(0))
    for provider, weight in weights.items():
        if weight * 100 >= rule_.threshold_percent * total:
            yield hit(f"alliance.governance.decision_rule.weights.{provider}", [ALLIANCE], provider=provider,
                      weight=_plain(weight), total=_plain(total), threshold=_plain(rule_.threshold_percent))


@rule("NCM121", "unanimity-without-deadlock-escalation", "warning", "model",
      "alliance.governance.deadlock_escalation: {rule} among {voters} members with no escalation path; one member can block every decision")
def unanimity_without_deadlock_escalation(p: Partnership) -> Iterator[Hit]:
    """Unanimity or consensus across several members needs a deadlock escalation path.

    Bad: four members, unanimity, ``deadlock_escalation: []``.
    Good: escalation to the chief executives within 10 days, then a facilitator.
    """
    gov = p.alliance.governance
    voters = len(set(_voters(p)))
    if isinstance(gov.decision_rule, (Unanimity, Consensus)) and voters >= 3 and not gov.deadlock_escalation:
        yield hit("alliance.governance.deadlock_escalation", [ALLIANCE], rule=gov.decision_rule.kind, voters=voters)


@rule("NCM122", "no-reserved-matters", "advice", "model",
      "alliance.governance.reserved_matters: a {rule} vote with no reserved matters lets the alliance outvote a partner on anything")
def no_reserved_matters(p: Partnership) -> Iterator[Hit]:
    """A majority or weighted vote keeps some matters reserved to each partner's board.

    Bad: ``decision_rule: {kind: majority, threshold_percent: 75}``, ``reserved_matters: []``.
    Good: reserved matters such as changes to a partner's own service contract.
    """
    gov = p.alliance.governance
    if isinstance(gov.decision_rule, (Majority, WeightedVote)) and not gov.reserved_matters:
        yield hit("alliance.governance.reserved_matters", [ALLIANCE], rule=gov.decision_rule.kind)


# ---- information sharing -------------------------------------------------------------


def _flows(p: Partnership):
    return enumerate(p.alliance.information_sharing.flows)


@rule("NCM123", "flow-to-itself", "error", "model",
      "alliance.information_sharing.flows[{index}]: a flow from {party} to itself is not sharing")
def flow_to_itself(p: Partnership) -> Iterator[Hit]:
    """Every information flow names two different parties.

    Bad: ``{from: NHFT, to: NHFT, ...}``.
    Good: ``{from: NHFT, to: NWMH, ...}``.
    """
    for i, flow in _flows(p):
        if flow.from_party == flow.to_party:
            yield hit(f"alliance.information_sharing.flows[{i}]", [ALLIANCE], index=i, party=flow.from_party)


@rule("NCM124", "flow-outside-alliance", "advice", "model",
      "alliance.information_sharing.flows[{index}]: {party} does not sign {alliance}, so the flow is drafted into {dsa}, which {party} must sign")
def flow_outside_alliance(p: Partnership) -> Iterator[Hit]:
    """Flows with observers, or with commissioners who are not alliance parties, need their own agreement.

    The alliance's information-sharing terms bind only those who sign it; ncm-docs drafts a
    data-sharing agreement for these flows, and the other organisation must sign it.

    Bad: a flow from NHFT to Healthwatch (an observer), covered by nothing Healthwatch signs.
    Good: the data-sharing agreement is agreed and signed by Healthwatch, or no such flow.
    """
    signatories = {x.short_name for x in p.alliance_signatories}
    for i, flow in _flows(p):
        for party in dict.fromkeys([flow.from_party, flow.to_party]):
            if party not in signatories:
                yield hit(f"alliance.information_sharing.flows[{i}]", [ALLIANCE, DATA_SHARING], index=i, party=party,
                          alliance=ALLIANCE, dsa=DATA_SHARING)


@rule("NCM144", "data-sharing-party-without-address", "warning", "model",
      "observers[{index}].address: {party} signs {dsa} but has no address to state in it")
def data_sharing_party_without_address(p: Partnership) -> Iterator[Hit]:
    """An observer that shares personal data signs the data-sharing agreement, so it needs an address.

    A party to an agreement is identified by its name and address.

    Bad: a flow to Healthwatch (an observer) and no ``address`` for Healthwatch.
    Good: ``address: {lines: [The Old Library, 4 Station Approach, London], postcode: SE29 3QA}``.
    """
    named = {s for f in p.flows_outside_alliance for s in (f.from_party, f.to_party)}
    for i, observer in enumerate(p.observers):
        if observer.short_name in named and observer.address is None:
            yield hit(f"observers[{i}].address", [DATA_SHARING], index=i, party=observer.short_name, dsa=DATA_SHARING)


@rule("NCM125", "flow-purpose-vague", "warning", "model",
      "alliance.information_sharing.flows[{index}].purpose: '{purpose}' does not say what the information is used for")
def flow_purpose_vague(p: Partnership) -> Iterator[Hit]:
    """Every flow names a specific purpose (UK GDPR purpose limitation).

    Bad: ``purpose: various``.
    Good: ``purpose: Co-ordinating discharge and follow-up for patients with mental and physical health needs.``
    """
    for i, flow in _flows(p):
        purpose = flow.purpose.strip()
        if purpose.casefold().rstrip(".") in _VAGUE_PURPOSES or len(purpose.split()) < 3:
            yield hit(f"alliance.information_sharing.flows[{i}].purpose", [ALLIANCE], index=i, purpose=purpose)


@rule("NCM126", "public-body-legitimate-interests", "warning", "model",
      "alliance.information_sharing.flows[{index}].lawful_basis: {party} is a public body and cannot rely on legitimate interests for its tasks")
def public_body_legitimate_interests(p: Partnership) -> Iterator[Hit]:
    """Public authorities cannot use legitimate interests for their public tasks (Article 6(1) UK GDPR).

    Bad: an NHS trust shares care records on ``lawful_basis: legitimate_interests``.
    Good: ``lawful_basis: public_task``.
    """
    public = {x.short_name for x in p.providers if x.is_nhs_body or x.kind == "local_authority"}
    public |= {c.short_name for c in p.commissioners}
    for i, flow in _flows(p):
        if flow.lawful_basis == "legitimate_interests" and flow.from_party in public:
            yield hit(f"alliance.information_sharing.flows[{i}].lawful_basis", [ALLIANCE], index=i, party=flow.from_party)


@rule("NCM127", "consent-as-lawful-basis", "advice", "model",
      "alliance.information_sharing.flows[{index}].lawful_basis: consent is rarely the right basis for sharing care information between providers")
def consent_as_lawful_basis(p: Partnership) -> Iterator[Hit]:
    """Consent is a poor lawful basis for routine care sharing: it can be withdrawn at any time.

    Bad: ``lawful_basis: consent`` for discharge summaries.
    Good: ``lawful_basis: public_task`` with ``special_category_condition: health_or_social_care``.
    """
    for i, flow in _flows(p):
        if flow.lawful_basis == "consent":
            yield hit(f"alliance.information_sharing.flows[{i}].lawful_basis", [ALLIANCE], index=i)


# ---- shapes: differentiated partners, two roles, section 75, staff, values ---------------


@rule("NCM128", "majority-is-unanimity", "warning", "model",
      "alliance.governance.decision_rule: {what} needs every one of the {voters} voting members, so it is unanimity under another name")
def majority_is_unanimity(p: Partnership) -> Iterator[Hit]:
    """A majority or weighted threshold that every member must meet is unanimity in disguise.

    With three members, a 75% majority needs three votes; the agreement then says "majority"
    but works as a veto for each member. Say unanimity, or lower the threshold.

    Bad: three voting members, ``decision_rule: {kind: majority, threshold_percent: 75}``.
    Good: ``threshold_percent: 66`` (two of three), or ``kind: unanimity``.
    """
    rule_ = p.alliance.governance.decision_rule
    voters = _voters(p)
    if len(voters) < 2:
        return
    if isinstance(rule_, Majority):
        needed = math.ceil(rule_.threshold_percent * len(voters) / 100)
        if needed >= len(voters):
            yield hit("alliance.governance.decision_rule.threshold_percent", [ALLIANCE], voters=len(voters),
                      what=f"a {_plain(rule_.threshold_percent)}% majority of {len(voters)} members")
    elif isinstance(rule_, WeightedVote):
        weights = p.vote_weights
        total = sum(weights.values(), Decimal(0))
        smallest = min((weights.get(v, Decimal(0)) for v in voters), default=Decimal(0))
        if total and (total - smallest) * 100 < rule_.threshold_percent * total:
            yield hit("alliance.governance.decision_rule.threshold_percent", [ALLIANCE], voters=len(voters),
                      what=f"a {_plain(rule_.threshold_percent)}% weighted threshold")


@rule("NCM129", "uncapped-loss-share-exceeds-contract", "warning", "model",
      "alliance.risk_gain_share: {provider} takes an uncapped {share} of alliance losses; a loss of {point}% of the alliance budget would cost it more than its whole contract ({value})")
def uncapped_loss_share_exceeds_contract(p: Partnership) -> Iterator[Hit]:
    """A small partner's uncapped share of losses should not outrun what its contract is worth.

    An equal split can put a quarter or a half of every alliance loss on a small charity
    whose contract is a few per cent of the budget: an overspend well within the normal
    range would then cost it more than its whole income from the alliance. Cap its loss
    share, or share losses in proportion to contract value.

    Bad: ``method: equal`` among four partners and no cap, where a peer-support charity's
    subcontract is £1,900,000 of a £60,200,000 budget.
    Good: ``risk_cap_percent: 1``, or ``method: proportional``, or the charity on ``gains_only``.
    """
    if _lead(p) is None:
        return
    budget = p.head_contract.annual_value
    rgs = p.alliance.risk_gain_share
    for member, share in p.loss_shares.items():
        if not share or rgs.loss_cap(member) is not None or not budget:
            continue
        value = p.contract_value(member)
        exposure = share * budget / 100
        if exposure > value:
            point = (value * 100 * 100 / (share * budget)).quantize(Decimal("0.1"))
            yield hit(f"alliance.risk_gain_share ({member})", [ALLIANCE], provider=member, share=_plain(share) + "%",
                      point=_plain(point), value=_money(value))


@rule("NCM130", "ccg-after-abolition", "error", "model",
      "commissioners[{index}]: {commissioner} is a clinical commissioning group, but CCGs were abolished on 1 July 2022 and {when} is later; name the integrated care board that took its functions")
def ccg_after_abolition(p: Partnership) -> Iterator[Hit]:
    """Clinical commissioning groups ceased to exist on 1 July 2022 (Health and Care Act 2022).

    Integrated care boards took over their functions. A document dated, or a contract
    starting, on or after that day cannot be made with a CCG.

    Bad: ``kind: ccg`` with ``document.agreement_date: 2027-03-15``.
    Good: ``kind: icb`` and the ICB's legal name.
    """
    abolished = date(2022, 7, 1)
    when = None
    if p.document.agreement_date >= abolished:
        when = f"the agreement date ({p.document.agreement_date.isoformat()})"
    elif p.head_contract.term.commencement >= abolished:
        when = f"the head contract's commencement ({p.head_contract.term.commencement.isoformat()})"
    if when is None:
        return
    for i, c in enumerate(p.commissioners):
        if c.kind == "ccg":
            yield hit(f"commissioners[{i}].kind", [HEAD, ALLIANCE], index=i, commissioner=c.short_name, when=when)


@rule("NCM131", "body-on-both-sides", "warning", "model",
      "providers[{index}]: {provider} looks like the same body as commissioner {commissioner} ({why}); one body in two roles is one party: write the provider as 'commissioner: {commissioner}'")
def body_on_both_sides(p: Partnership) -> Iterator[Hit]:
    """A council that commissions and provides is one legal person, so it is one party.

    Entered twice under two names it would be drafted as two parties that contract with
    each other, consent to each other and sign twice. The two-roles model
    (``commissioner: <short name>`` on the provider entry) lists it once, with both roles.

    Bad: commissioner "Ashcombe Borough Council" and a provider "Ashcombe Borough Council
    Adult Social Care" at the same address.
    Good: the provider entry says ``commissioner: ABC`` and ``acting_through: its Adult Social Care service``.
    """
    for i, provider in enumerate(p.providers):
        if provider.commissioner or provider.kind != "local_authority":
            continue  # only a council can be both (a trust at a commissioner's address is a tenant)
        for c in p.commissioners:
            name, other = provider.legal_name.casefold(), c.legal_name.casefold()
            why = None
            if provider.address.one_line.casefold() == c.address.one_line.casefold():
                why = "same address"
            elif name.startswith(other) or other.startswith(name):
                why = "same name"
            if why:
                yield hit(f"providers[{i}]", [HEAD, ALLIANCE], index=i, provider=provider.short_name, commissioner=c.short_name, why=why)
                break


@rule("NCM132", "weights-disagree-with-basis", "error", "model",
      "alliance.governance.decision_rule.weights.{provider}: {weight} is {actual}% of the vote, but {basis} it would be {expected}%")
def weights_disagree_with_basis(p: Partnership) -> Iterator[Hit]:
    """Weights stated beside a basis follow that basis.

    The agreement states the rule in words ("weighted by annual contract value"); a weight
    typed by hand that does not follow it contradicts the agreement's own rule. Leave the
    weights out and they are worked out from the contract values (and recomputed when
    those change).

    Bad: ``basis: annual_contract_value`` with equal weights for a £150m lead and a £6m partner.
    Good: no ``weights`` (derived), or weights in proportion to the contract values.
    """
    rule_ = p.alliance.governance.decision_rule
    if not isinstance(rule_, WeightedVote) or rule_.weights is None:
        return
    expected = p.derived_vote_weights
    total = sum(rule_.weights.values(), Decimal(0))
    if not expected or not total:
        return
    for member, weight in rule_.weights.items():
        actual = weight * 100 / total
        want = expected.get(member, Decimal(0))
        if abs(actual - want) > Decimal("0.5"):
            yield hit(f"alliance.governance.decision_rule.weights.{member}", [ALLIANCE], provider=member, weight=_plain(weight),
                      actual=_plain(actual.quantize(Decimal("0.01"))), expected=_plain(want), basis="weighted by annual contract value")


@rule("NCM133", "consultative-partner-with-share", "error", "model",
      "alliance.risk_gain_share: {provider} is a consultative partner but takes {what}; a consultative partner has no vote and no share")
def consultative_partner_with_share(p: Partnership) -> Iterator[Hit]:
    """A consultative partner is consulted and kept informed; it takes no risk or gain.

    Giving it a share makes it a risk-sharing partner without a vote on how the money is
    spent. Make it a voting (or non-voting) member, or give it no share.

    Bad: NCH has ``status: consultative`` and ``shares: {NCH: 8, ...}``.
    Good: ``NCH: 0`` in the shares, or NCH's status ``voting``.
    """
    for r in p.alliance.governance.representatives:
        if r.status != "consultative":
            continue
        gain, loss = p.gain_shares.get(r.provider, Decimal(0)), p.loss_shares.get(r.provider, Decimal(0))
        parts = [f"{_plain(gain)}% of gains"] * bool(gain) + [f"{_plain(loss)}% of losses"] * bool(loss)
        if parts:
            yield hit(f"alliance.risk_gain_share ({r.provider})", [ALLIANCE], provider=r.provider, what=" and ".join(parts))


@rule("NCM134", "share-terms-contradict", "error", "model",
      "alliance.risk_gain_share.partner_terms.{provider}: shares_in is {terms}, but the fixed shares give it {what}")
def share_terms_contradict(p: Partnership) -> Iterator[Hit]:
    """A partner's stated terms and its fixed shares say the same thing.

    A gain-only partner never pays towards a loss, so its loss share is 0; a partner that
    shares in neither has no share at all.

    Bad: ``partner_terms: {NCH: {shares_in: gains_only}}`` with ``shares: {NCH: 8, ...}`` (8% of losses too).
    Good: ``gain_shares: {NCH: 8, ...}`` and ``loss_shares: {NCH: 0, ...}``.
    """
    rgs = p.alliance.risk_gain_share
    if rgs.method != "fixed":
        return
    for member, terms in rgs.partner_terms.items():
        gain, loss = p.gain_shares.get(member, Decimal(0)), p.loss_shares.get(member, Decimal(0))
        if terms.shares_in == "gains_only" and loss:
            yield hit(f"alliance.risk_gain_share.partner_terms.{member}", [ALLIANCE], provider=member, terms="gains_only", what=f"{_plain(loss)}% of losses")
        elif terms.shares_in == "neither" and (gain or loss):
            yield hit(f"alliance.risk_gain_share.partner_terms.{member}", [ALLIANCE], provider=member, terms="neither",
                      what=f"{_plain(gain)}% of gains and {_plain(loss)}% of losses")


@rule("NCM135", "section-75-parties", "error", "model",
      "section_75.parties: {problem}")
def section_75_parties(p: Partnership) -> Iterator[Hit]:
    """Section 75 arrangements are made between NHS bodies and local authorities.

    Section 75 of the NHS Act 2006 lets an NHS body and a local authority pool funds, lead
    commission or provide in an integrated way; a charity or company cannot be a party, and
    an arrangement needs at least one of each side.

    Bad: ``section_75.parties: [ICB, NCH]`` where NCH is a community interest company.
    Good: ``section_75.parties: [ICB, NCC]`` (an ICB and a county council).
    """
    s75 = p.section_75
    if s75 is None:
        return
    bodies = [p.party(x) for x in s75.parties]
    others = [b.short_name for b in bodies if not (b.is_nhs_body or b.kind == "local_authority")]
    if others:
        yield hit("section_75.parties", [HEAD], problem=f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} neither an NHS body nor a local authority")
    if not any(b.kind == "local_authority" for b in bodies) or not any(b.is_nhs_body for b in bodies):
        yield hit("section_75.parties", [HEAD], problem="a section 75 arrangement needs at least one NHS body and one local authority")


@rule("NCM136", "staff-transfer-outside-contract", "error", "model",
      "staff_transfers[{index}]: staff move to {provider} with {service}, but {provider}'s contract does not include it")
def staff_transfer_outside_contract(p: Partnership) -> Iterator[Hit]:
    """Staff transfer with a service, to the provider whose contract now includes it.

    TUPE moves the staff assigned to a service to the new provider of that service; if the
    receiving provider's contract does not include the service, nothing in the family
    explains why it employs them.

    Bad: staff move to NGPF with COMMUNITY, which only the lead provider delivers.
    Good: staff move to NGPF with PRIMARY_CARE, in NGPF's subcontract.
    """
    for i, move in enumerate(p.staff_transfers):
        provider = p.party(move.to_party)
        if getattr(provider, "lead", False):
            held = set(p.head_contract.services) - {sv for s in p.subcontracts for sv in s.services}
        else:
            sub = p.subcontract_for(move.to_party)
            held = set(sub.services) if sub else set()
        for service in move.services:
            if service not in held:
                files = [HEAD] if getattr(provider, "lead", False) else [subcontract_file(move.to_party)]
                yield hit(f"staff_transfers[{i}].services", files, index=i, provider=move.to_party, service=service)


@rule("NCM137", "total-value-differs", "error", "model",
      "{where}.total_value: {stated} differs from the sum of the contract's yearly values over its initial term ({total})")
def total_value_differs(p: Partnership) -> Iterator[Hit]:
    """A contract's announced total value equals the sum of its yearly values.

    Long contracts are announced by their total value; the documents print both, so they
    must agree.

    Bad: ``total_value: 1600000000`` on a 10-year contract at £150,000,000 a year.
    Good: ``total_value: 1500000000``, or a payment profile that adds up to £1.6bn.
    """
    contracts = [("head_contract", p.head_contract, HEAD)]
    contracts += [(f"subcontracts[{i}]", s, subcontract_file(s.provider)) for i, s in enumerate(p.subcontracts)]
    for where, contract, file in contracts:
        if contract.total_value is not None and contract.total_value != contract.initial_term_value:
            yield hit(f"{where}.total_value", [file], where=where, stated=_money(contract.total_value), total=_money(contract.initial_term_value))


@rule("NCM138", "pension-arrangement-unavailable", "warning", "model",
      "staff_transfers[{index}].pension: {provider} is {kind}, which cannot offer {arrangement}; {instead}")
def pension_arrangement_unavailable(p: Partnership) -> Iterator[Hit]:
    """The pension arrangement fits the new employer.

    Only an NHS employer offers the NHS Pension Scheme as of right; an independent
    provider needs a direction to give access; only a scheme employer (a council) is in the
    Local Government Pension Scheme as of right, others join by an admission agreement.

    Bad: staff move to a community interest company with ``pension: nhs_pension_scheme``.
    Good: ``pension: nhs_pension_direction``.
    """
    for i, move in enumerate(p.staff_transfers):
        provider = p.party(move.to_party)
        nhs, council = provider.is_nhs_body, provider.kind == "local_authority"
        instead = None
        if move.pension == "nhs_pension_scheme" and not nhs:
            instead = "use nhs_pension_direction (access by direction) or another arrangement"
        elif move.pension == "nhs_pension_direction" and nhs:
            instead = "an NHS employer needs no direction: use nhs_pension_scheme"
        elif move.pension == "lgps_scheme_employer" and not council:
            instead = "use lgps_admission_agreement"
        if instead:
            yield hit(f"staff_transfers[{i}].pension", [HEAD], index=i, provider=move.to_party, kind=provider.description,
                      arrangement=move.pension.replace("_", " "), instead=instead)


# ---- drafting: information governance and KPIs --------------------------------------------


_SAFEGUARDING = re.compile(r"safeguard|section 42|s\.? ?42\b", re.IGNORECASE)


@rule("NCM150", "safeguarding-on-legal-obligation", "warning", "model",
      "alliance.information_sharing.flows[{index}].lawful_basis: {sender} raises safeguarding concerns on 'legal obligation', "
      "but the duty to make enquiries (section 42 Care Act 2014) is the local authority's; use public_task with "
      "special_category_condition: safeguarding")
def safeguarding_on_legal_obligation(p: Partnership) -> Iterator[Hit]:
    """A provider raising a safeguarding concern relies on public task, not a legal obligation of its own.

    Section 42 of the Care Act 2014 puts the duty to make enquiries on the local authority.
    A provider that tells the council about a concern is not complying with a legal
    obligation of its own (unless, say, a Safeguarding Adults Board has required the
    information under section 45), so Article 6(1)(c) is the wrong basis; Article 6(1)(e)
    with Article 9(2)(g) and paragraph 18 of Schedule 1 to the Data Protection Act 2018 fits.

    Bad: a flow from an NHS trust to the council "raising safeguarding adults concerns",
    ``lawful_basis: legal_obligation``.
    Good: the same flow with ``lawful_basis: public_task`` and
    ``special_category_condition: safeguarding``.
    """
    councils = {c.short_name for c in p.commissioners if c.kind == "local_authority"}
    councils |= {x.short_name for x in p.providers if x.kind == "local_authority"}
    for i, flow in _flows(p):
        if flow.lawful_basis == "legal_obligation" and _SAFEGUARDING.search(flow.purpose) and flow.from_party not in councils:
            yield hit(f"alliance.information_sharing.flows[{i}].lawful_basis", [ALLIANCE], index=i, sender=flow.from_party)


@rule("NCM151", "kpi-not-measurable", "advice", "model",
      "alliance.kpis: {which} {have} no {missing}; a KPI needs a baseline, a target, a source and a frequency to be measured{gateway}")
def kpi_not_measurable(p: Partnership) -> Iterator[Hit]:
    """Each KPI can be measured: it has a baseline, a target, a measurement source and a frequency.

    A KPI that is only a name cannot be reported against or tied to the gain share; the
    schedules then say "Not yet set" and leave the gap to be agreed later.

    Bad: ``kpis: [Emergency admissions of people aged 65 and over per 1,000 population]``.
    Good: the same KPI with ``baseline``, ``target``, ``source`` and ``frequency``.
    """
    gaps: dict[tuple[str, ...], list[int]] = {}
    for i, kpi in enumerate(p.alliance.kpis):
        missing = tuple(name for name in ("baseline", "target", "source", "frequency") if not getattr(kpi, name))
        if missing:
            gaps.setdefault(missing, []).append(i)
    for missing, indexes in gaps.items():
        gate = p.alliance.quality_gateway is not None and "target" in missing
        which = f"KPI {indexes[0] + 1}" if len(indexes) == 1 else "KPIs " + _and([str(i + 1) for i in indexes], "and")
        yield hit(f"alliance.kpis[{indexes[0]}]", [ALLIANCE, HEAD], which=which, have="has" if len(indexes) == 1 else "have",
                  missing=_and(list(missing)), gateway="; without a target a KPI cannot count towards the quality gateway" if gate else "")


def _and(items: list[str], word: str = "or") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


# ---- contracting model (advice from the field) ----------------------------------------


@rule("NCM140", "vehicle-vat-exposure", "warning", "model",
      "{where}: {what} holds the contract; supplies to it may attract VAT at 20% (the UnitingCare contract collapsed on an unfunded VAT bill)")
def vehicle_vat_exposure(p: Partnership) -> Iterator[Hit]:
    """A special-purpose vehicle or LLP holding the contract sits outside the NHS VAT position.

    Supplies from the NHS partners to a vehicle they own can attract VAT at the standard
    rate. An unfunded VAT liability contributed to the collapse of the UnitingCare contract
    (Cambridgeshire and Peterborough, about £726m over 5 years, ended after 8 months).

    Bad: ``partnership.model: special_purpose_vehicle``, or a lead provider of kind
    ``limited_liability_partnership``.
    Good: an NHS trust as lead provider, or VAT advice funded in the contract price.
    """
    lead = _lead(p)
    if p.partnership.model == "special_purpose_vehicle":
        yield hit("partnership.model", [HEAD], where="partnership.model", what="a special-purpose vehicle")
    elif lead is not None and lead.kind in _VEHICLE_KINDS:
        index = p.providers.index(lead)
        yield hit(f"providers[{index}].kind", [HEAD], where=f"providers[{index}].kind",
                  what=f"{lead.short_name}, a {lead.kind.replace('_', ' ')},")


@rule("NCM141", "pure-alliance", "warning", "model",
      "partnership.model: a pure alliance of equals clashes with the NHS Standard Contract, which is one commissioner contract per provider")
def pure_alliance(p: Partnership) -> Iterator[Hit]:
    """A pure alliance without a lead provider does not fit the 1:1 NHS Standard Contract.

    Bad: ``partnership.model: pure_alliance``.
    Good: ``partnership.model: lead_provider_alliance`` with one lead provider.
    """
    if p.partnership.model == "pure_alliance":
        yield hit("partnership.model", [HEAD, ALLIANCE])


@rule("NCM142", "separate-contracts", "warning", "model",
      "partnership.model: separate contracts tied only by a non-contractual agreement give no contractual certainty")
def separate_contracts(p: Partnership) -> Iterator[Hit]:
    """Separate contracts plus a non-contractual agreement lack contractual certainty.

    Nobody can enforce the joint commitments, so the alliance lasts only while goodwill does.

    Bad: ``partnership.model: separate_contracts``.
    Good: ``partnership.model: lead_provider_alliance``.
    """
    if p.partnership.model == "separate_contracts":
        yield hit("partnership.model", [HEAD, ALLIANCE])


@rule("NCM143", "nhs-contract-mixed", "advice", "model",
      "alliance.nhs_contract: section 9 NHS Act 2006 covers only NHS bodies; {names} would be bound by ordinary contract law instead")
def nhs_contract_mixed(p: Partnership) -> Iterator[Hit]:
    """An "NHS contract" under section 9 of the NHS Act 2006 binds only NHS bodies.

    Between NHS bodies the agreement creates no enforceable contractual rights and disputes
    go to the Secretary of State. A charity, company or GP federation in the same alliance
    is outside section 9, so the agreement has two legal characters at once: say so
    expressly, and make sure the dispute clause works for both.

    Bad: ``alliance.nhs_contract: true`` with a community interest company as a member.
    Good: ``alliance.nhs_contract: false``, or every member an NHS trust or foundation trust.
    """
    if not p.alliance.nhs_contract:
        return
    members = list(p.providers) + (list(p.commissioners) if p.alliance.commissioners_are_parties else [])
    others = [m.short_name for m in members if not m.is_nhs_body]
    if others:
        yield hit("alliance.nhs_contract", [ALLIANCE], names=", ".join(others))


def _money(value: Decimal) -> str:
    return money(value)


def _plain(value: Decimal) -> str:
    return plain_number(value)
