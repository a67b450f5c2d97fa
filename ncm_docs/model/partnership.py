"""The whole partnership: the one typed description every document is drafted from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from ..exposed import clause_function
from .base import Date, Flag, Line, Model, ShortName, Text
from .contracts import HeadContract, Service, Subcontract, Term
from .data import DataFlow, InformationSharing
from .finance import Cap, FixedShare, ProportionalShare, RiskGainShare, Section75, SharedPot
from .governance import Governance, WeightedVote
from .history import Approval, Revision
from .overrides import ClauseOverride
from .parties import Commissioner, Observer, Provider
from .performance import KPI, QualityGateway
from .settlement import Settlement, example_rates, sharing_partners, worked_examples
from .workforce import StaffTransfer

#: Fields a provider in two roles takes from its commissioner entry.
_SAME_BODY_FIELDS = ("legal_name", "short_name", "address", "signatory")

ContractingModel = Literal[
    "lead_provider_alliance", "pure_alliance", "separate_contracts", "special_purpose_vehicle"
]


class PartnershipInfo(Model):
    """Who the partnership is and how it contracts."""

    name: Line = Field(description="e.g. 'Northshire Integrated Care Partnership'.")
    short_name: ShortName
    area: Line = Field(description="The place served, e.g. 'the Borough of Northshire'.")
    model: ContractingModel = "lead_provider_alliance"

    @property
    def alliance_agreement_name(self) -> str:
        """The alliance agreement's name: '<name> Alliance Agreement', or '<name> Agreement' for '... Alliance'."""
        if self.name.casefold().endswith("alliance"):
            return f"{self.name} Agreement"
        return f"{self.name} Alliance Agreement"


class DocumentInfo(Model):
    """Metadata every document in the pack carries."""

    version: Line = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
    status: Literal["draft", "final"] = "draft"
    agreement_date: Date
    governing_law: Literal["England and Wales"] = "England and Wales"
    house_style: Line | None = Field(
        default=None,
        description="Folder of Word house-style templates (default.docx or <document-type>.docx), "
        "relative to this file; --template takes precedence.",
    )


class Alliance(Model):
    """The alliance agreement all providers sign."""

    commissioners_are_parties: Flag = False
    nhs_contract: Flag = Field(
        default=False,
        description="True if the agreement is an 'NHS contract' under section 9 NHS Act 2006.",
    )
    term: Term
    vision: Text
    objectives: list[Text] = Field(min_length=1)
    principles: list[Text] = Field(min_length=1)
    governance: Governance
    shared_pot: SharedPot
    risk_gain_share: RiskGainShare
    information_sharing: InformationSharing
    kpis: list[KPI] = Field(
        default_factory=list,
        description="Key performance indicators: each a name, or a name with baseline, target, source, frequency "
        "and whether it counts towards the quality gateway.",
    )
    quality_gateway: QualityGateway | None = Field(
        default=None,
        description="If set, an Alliance Gain is paid only when the gateway KPIs meet their targets.",
    )

    @model_validator(mode="after")
    def _gateway_has_kpis(self) -> "Alliance":
        gate = self.quality_gateway
        if gate is not None:
            count = len(self.gateway_kpis)
            if not count:
                raise ValueError("quality_gateway: no KPI has a target, so there is nothing to pass; give targets (and 'gateway: true') to the KPIs it tests")
            if gate.kpis_met is not None and gate.kpis_met > count:
                raise ValueError(f"quality_gateway.kpis_met: {gate.kpis_met} is more than the {count} gateway KPIs")
        return self

    @property
    def gateway_kpis(self) -> list[KPI]:
        """The KPIs that count towards the quality gateway (every KPI with a target if none is marked)."""
        marked = [k for k in self.kpis if k.gateway]
        return marked or [k for k in self.kpis if k.target]


class Partnership(Model):
    """One NHS lead-provider + alliance partnership."""

    partnership: PartnershipInfo
    document: DocumentInfo
    commissioners: list[Commissioner] = Field(min_length=1)
    providers: list[Provider] = Field(min_length=1)
    observers: list[Observer] = Field(default_factory=list)
    services: list[Service] = Field(min_length=1)
    head_contract: HeadContract
    subcontracts: list[Subcontract] = Field(default_factory=list)
    alliance: Alliance
    section_75: Section75 | None = Field(
        default=None,
        description="The agreement under section 75 of the NHS Act 2006 (pooled fund, lead commissioning or "
        "integrated provision) behind the head contract, if any.",
    )
    staff_transfers: list[StaffTransfer] = Field(
        default_factory=list,
        description="Staff who transfer under TUPE when services move, with their pension arrangements.",
    )
    history: list[Revision] = Field(
        default_factory=list, description="The change log, oldest first; the last entry is this version."
    )
    approvals: Approval | None = Field(
        default=None, description="The approval of the change from the previous version to this one."
    )
    clause_overrides: list[ClauseOverride] = Field(
        default_factory=list,
        description="Negotiated clause wording used instead of the clause library's (written by "
        "'ncm-docs absorb'); optional.",
    )

    # ---- one body in two roles: the provider entry takes the commissioner's identity ----

    @model_validator(mode="before")
    @classmethod
    def _same_body(cls, data: Any) -> Any:
        """Fill a two-role provider's name, address and signatory from its commissioner entry."""
        if not isinstance(data, dict) or not isinstance(data.get("providers"), list):
            return data
        commissioners = {c.get("short_name"): c for c in data.get("commissioners") or [] if isinstance(c, dict)}
        providers = []
        for entry in data["providers"]:
            source = commissioners.get(entry.get("commissioner")) if isinstance(entry, dict) else None
            if source is not None:
                filled = {k: source[k] for k in _SAME_BODY_FIELDS if k in source and k not in entry}
                if "kind" not in entry and source.get("kind") == "local_authority":
                    filled["kind"] = "local_authority"
                entry = {**filled, **entry}
            providers.append(entry)
        return {**data, "providers": providers}

    # ---- cross-field integrity: what drafting cannot do without ----------

    @model_validator(mode="after")
    def _integrity(self) -> "Partnership":
        problems: list[str] = []
        named = [(g, i, x) for g, i, x in self._named_parties() if not getattr(x, "commissioner", None)]
        _unique(problems, "short_name", named)
        names_unique = not problems  # else references to the lost name are knock-on noise: check them later
        _unique(problems, "legal_name", named, attr="legal_name")
        problems += self._same_body_problems()
        _unique(problems, "id", [("services", i, s) for i, s in enumerate(self.services)], attr="id")

        leads = [p.short_name for p in self.providers if p.lead]
        if len(leads) != 1 and self.partnership.model != "pure_alliance":
            problems.append(
                f"providers: exactly one provider must have 'lead: true' (found {len(leads)}"
                + (f": {', '.join(leads)})" if leads else ")")
            )
        coordinating = [c.short_name for c in self.commissioners if c.coordinating]
        if len(coordinating) != 1:
            problems.append(
                "commissioners: exactly one commissioner must have 'coordinating: true' "
                f"(found {len(coordinating)})"
            )

        providers = {p.short_name for p in self.providers}
        parties = providers | {c.short_name for c in self.commissioners}
        services = {s.id for s in self.services}
        gov = self.alliance.governance
        refs: list[tuple[str, str, set[str], str]] = []
        refs += [(f"head_contract.services[{i}]", s, services, "service") for i, s in enumerate(self.head_contract.services)]
        for i, sub in enumerate(self.subcontracts):
            refs.append((f"subcontracts[{i}].provider", sub.provider, providers, "provider"))
            refs += [(f"subcontracts[{i}].services[{j}]", s, services, "service") for j, s in enumerate(sub.services)]
        refs += [(f"alliance.governance.representatives[{i}].provider", r.provider, providers, "provider") for i, r in enumerate(gov.representatives)]
        refs.append(("alliance.governance.chair", gov.chair, providers, "provider"))
        if isinstance(gov.decision_rule, WeightedVote) and gov.decision_rule.weights:
            refs += [(f"alliance.governance.decision_rule.weights.{k}", k, providers, "provider") for k in gov.decision_rule.weights]
        pot = self.alliance.shared_pot
        refs.append(("alliance.shared_pot.host", pot.host, providers, "provider"))
        refs += [(f"alliance.shared_pot.contributions[{i}].party", c.party, parties, "commissioner or provider") for i, c in enumerate(pot.contributions)]
        rgs = self.alliance.risk_gain_share
        if isinstance(rgs, FixedShare):
            for name in ("shares", "gain_shares", "loss_shares"):
                refs += [(f"alliance.risk_gain_share.{name}.{k}", k, providers, "provider") for k in getattr(rgs, name) or {}]
        refs += [(f"alliance.risk_gain_share.partner_terms.{k}", k, providers, "provider") for k in rgs.partner_terms]
        s75 = self.section_75
        if s75 is not None:
            refs += [(f"section_75.parties[{i}]", k, parties, "commissioner or provider") for i, k in enumerate(s75.parties)]
        for i, move in enumerate(self.staff_transfers):
            if move.from_party is not None:
                refs.append((f"staff_transfers[{i}].from", move.from_party, parties, "commissioner or provider"))
            refs.append((f"staff_transfers[{i}].to", move.to_party, providers, "provider"))
            refs += [(f"staff_transfers[{i}].services[{j}]", sv, services, "service") for j, sv in enumerate(move.services)]
        everyone = parties | {o.short_name for o in self.observers}
        for i, flow in enumerate(self.alliance.information_sharing.flows):
            refs.append((f"alliance.information_sharing.flows[{i}].from", flow.from_party, everyone, "party"))
            refs.append((f"alliance.information_sharing.flows[{i}].to", flow.to_party, everyone, "party"))
        refs += [(f"services[{i}].delivered_by", sv.delivered_by, providers, "provider") for i, sv in enumerate(self.services) if sv.delivered_by]
        head_start = self.head_contract.term.commencement
        for i, sub in enumerate(self.subcontracts):
            if sub.term.commencement < head_start:
                problems.append(
                    f"subcontracts[{i}].term.commencement: {sub.term.commencement} is before the head contract's "
                    f"commencement ({head_start}); a subcontract cannot start before the contract it depends on"
                )
        for where, value, known, what in refs:
            if names_unique and value not in known:
                problems.append(f"{where}: '{value}' is not a known {what} (known: {', '.join(sorted(known))})")

        seen_overrides: dict[tuple[str, str], int] = {}
        for i, override in enumerate(self.clause_overrides):
            for doc in override.documents or ["*"]:
                if (override.clause, doc) in seen_overrides:
                    problems.append(
                        f"clause_overrides[{i}]: clause '{override.clause}' is already overridden for "
                        f"{'every document' if doc == '*' else doc} by clause_overrides[{seen_overrides[(override.clause, doc)]}]"
                    )
                seen_overrides[(override.clause, doc)] = i
        problems += self._history_problems()
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _same_body_problems(self) -> list[str]:
        problems: list[str] = []
        commissioners = {c.short_name: c for c in self.commissioners}
        for i, provider in enumerate(self.providers):
            if provider.commissioner is None:
                continue
            where = f"providers[{i}]"
            source = commissioners.get(provider.commissioner)
            if source is None:
                problems.append(
                    f"{where}.commissioner: '{provider.commissioner}' is not a known commissioner "
                    f"(known: {', '.join(sorted(commissioners))})"
                )
                continue
            if [x.commissioner for x in self.providers].count(provider.commissioner) > 1:
                problems.append(f"{where}.commissioner: another provider entry is already commissioner {provider.commissioner}")
            if source.kind != "local_authority" or provider.kind != "local_authority":
                problems.append(
                    f"{where}.commissioner: only a local authority commissions and provides as one body; "
                    f"{provider.commissioner} is {source.description}"
                )
            for name in _SAME_BODY_FIELDS:
                if getattr(provider, name) != getattr(source, name):
                    problems.append(
                        f"{where}.{name}: differs from commissioner {provider.commissioner}'s; one legal person "
                        f"has one {name.replace('_', ' ')} (leave it out to take the commissioner's)"
                    )
        return problems

    def _history_problems(self) -> list[str]:
        problems: list[str] = []
        seen: set[str] = set()
        for i, rev in enumerate(self.history):
            if rev.version in seen:
                problems.append(f"history[{i}].version: '{rev.version}' is listed twice")
            seen.add(rev.version)
            if i and rev.date < self.history[i - 1].date:
                problems.append(f"history[{i}].date: {rev.date} is earlier than the entry before it ({self.history[i - 1].date})")
        if self.history and self.history[-1].version != self.document.version:
            problems.append(
                f"history[{len(self.history) - 1}].version: the last entry must be this version "
                f"(document.version '{self.document.version}'), not '{self.history[-1].version}'"
            )
        if self.approvals:
            names = [n.casefold() for n in self.approvals.approved_by]
            doubles = sorted({n for n in self.approvals.approved_by if names.count(n.casefold()) > 1})
            if doubles:
                problems.append(f"approvals.approved_by: {', '.join(doubles)} listed more than once")
        return problems

    def _named_parties(self) -> list[tuple[str, int, object]]:
        return (
            [("commissioners", i, c) for i, c in enumerate(self.commissioners)]
            + [("providers", i, p) for i, p in enumerate(self.providers)]
            + [("observers", i, o) for i, o in enumerate(self.observers)]
        )

    # ---- convenient views used by clauses and checks -----------------------

    @property
    def lead_provider(self) -> Provider:
        """The lead provider that holds the head contract."""
        return next(p for p in self.providers if p.lead)

    @property
    def partners(self) -> list[Provider]:
        """Every provider other than the lead provider, in file order."""
        return [p for p in self.providers if not p.lead]

    @property
    def subcontractors(self) -> list[Provider]:
        """The providers other than the lead that deliver under a subcontract from it, in file order."""
        return [p for p in self.providers if not p.lead and p.delivery == "subcontract"]

    def commissioner_entry(self, short_name: str) -> Commissioner:
        """The commissioner entry with this short name (for a body in two roles, its commissioner role)."""
        return next(c for c in self.commissioners if c.short_name == short_name)

    @property
    def own_function_partners(self) -> list[Provider]:
        """Partners other than the lead that deliver outside a subcontract (own functions or section 75)."""
        return [p for p in self.providers if not p.lead and p.delivery != "subcontract"]

    @clause_function
    def services_delivered_by(self, short_name: str) -> list[Service]:
        """The services outside the head contract that this partner provides itself (``delivered_by``)."""
        return [s for s in self.services if s.delivered_by == short_name]

    @property
    def two_role_bodies(self) -> list[Provider]:
        """Providers that are also commissioners (one legal person in two roles), in file order."""
        return [p for p in self.providers if p.commissioner]

    @property
    def commissioners_only(self) -> list[Commissioner]:
        """The commissioners that are not also providers."""
        both = {p.commissioner for p in self.providers if p.commissioner}
        return [c for c in self.commissioners if c.short_name not in both]

    @property
    def coordinating_commissioner(self) -> Commissioner:
        """The commissioner that acts for all commissioners."""
        return next(c for c in self.commissioners if c.coordinating)

    @property
    def alliance_members(self) -> list[Provider]:
        """The providers that are members of the alliance (every provider)."""
        return list(self.providers)

    @property
    def alliance_signatories(self) -> list[Commissioner | Provider]:
        """Who signs the alliance agreement: the commissioners where they are parties, then every provider.

        Each legal person signs once: a body in two roles (a commissioner that is also a
        provider) takes its commissioner's place, as its provider entry, and is not listed again.
        """
        if not self.alliance.commissioners_are_parties:
            return list(self.providers)
        two_role = {p.commissioner: p for p in self.providers if p.commissioner}
        return [*(two_role.get(c.short_name, c) for c in self.commissioners), *(p for p in self.providers if not p.commissioner)]

    @property
    def flows_outside_alliance(self) -> list[DataFlow]:
        """Information flows to or from a body that does not sign the alliance agreement
        (an observer, or a commissioner that is not a party): the data-sharing agreement's flows."""
        signs = {x.short_name for x in self.alliance_signatories}
        return [f for f in self.alliance.information_sharing.flows if f.from_party not in signs or f.to_party not in signs]

    @property
    def head_contract_services(self) -> list[Service]:
        """The services in the head contract, in the order listed there."""
        by_id = {s.id: s for s in self.services}
        return [by_id[i] for i in self.head_contract.services if i in by_id]

    @property
    def lead_retained_value(self) -> Decimal:
        """The head contract value less everything subcontracted."""
        return self.head_contract.annual_value - sum((s.annual_value for s in self.subcontracts), Decimal(0))

    @property
    def gain_shares(self) -> dict[str, Decimal]:
        """Each provider's percentage of an alliance gain, by short name, to two decimal places."""
        return self._shares("gain")

    @property
    def loss_shares(self) -> dict[str, Decimal]:
        """Each provider's percentage of an alliance loss, by short name, to two decimal places."""
        return self._shares("loss")

    @property
    def risk_shares(self) -> dict[str, Decimal]:
        """Each provider's percentage of risk (an alliance loss); the same as its gain share unless they differ."""
        return self.loss_shares

    @property
    def shares_differ(self) -> bool:
        """True if any partner's share of a gain differs from its share of a loss."""
        return self.gain_shares != self.loss_shares

    def _shares(self, side: str) -> dict[str, Decimal]:
        rgs = self.alliance.risk_gain_share
        members = [p.short_name for p in self.providers]
        if isinstance(rgs, FixedShare):
            stated = rgs.stated_gain_shares if side == "gain" else rgs.stated_loss_shares
            return {m: stated.get(m, Decimal(0)) for m in members}
        taking = [m for m in members if self.takes_share(m, side)]
        if isinstance(rgs, ProportionalShare):
            values = {m: self.contract_value(m) for m in taking}
        else:
            values = {m: Decimal(1) for m in taking}
        shares = _shares_of_100(values)
        return {m: shares.get(m, Decimal(0)) for m in members}

    @clause_function
    def takes_share(self, short_name: str, side: str) -> bool:
        """Whether a partner takes part in sharing gains (``side='gain'``) or losses (``'loss'``).

        A consultative partner takes no share; otherwise its ``partner_terms`` decide.
        """
        rep = self.representative_of(short_name)
        if rep is not None and rep.status == "consultative":
            return False
        shares_in = self.alliance.risk_gain_share.terms_of(short_name).shares_in
        return shares_in == "gains_and_losses" or (shares_in == "gains_only" and side == "gain")

    @property
    def share_groups(self) -> dict[str, list[Provider]]:
        """The partners grouped by how they take part in the risk/gain share, in file order.

        Keys: ``gains_and_losses``, ``gains_only``, ``losses_only``, ``neither``.
        """
        groups: dict[str, list[Provider]] = {"gains_and_losses": [], "gains_only": [], "losses_only": [], "neither": []}
        for p in self.providers:
            groups[self.share_terms(p.short_name)].append(p)
        return groups

    @property
    def shares_differentiated(self) -> bool:
        """True if not every partner shares in both gains and losses."""
        return len(self.share_groups["gains_and_losses"]) != len(self.providers)

    @clause_function
    def share_terms(self, short_name: str) -> str:
        """How a partner takes part in the risk/gain share: 'gains_and_losses', 'gains_only' or 'neither'."""
        gain = self.gain_shares.get(short_name, Decimal(0)) > 0
        loss = self.loss_shares.get(short_name, Decimal(0)) > 0
        if gain and loss:
            return "gains_and_losses"
        if gain:
            return "gains_only"
        return "losses_only" if loss else "neither"

    @property
    def loss_caps(self) -> dict[str, Cap]:
        """The cap on each loss-bearing partner's share of a loss, for partners that have one."""
        rgs = self.alliance.risk_gain_share
        return {m: cap for m, share in self.loss_shares.items() if share and (cap := rgs.loss_cap(m)) is not None}

    @property
    def gain_caps(self) -> dict[str, Cap]:
        """The cap on each gain-sharing partner's share of a gain, for partners that have one."""
        rgs = self.alliance.risk_gain_share
        return {m: cap for m, share in self.gain_shares.items() if share and (cap := rgs.gain_cap(m)) is not None}

    @property
    def uniform_loss_cap(self) -> Cap | None:
        """The one cap every loss-bearing partner has, if they all have the same; else None."""
        return _uniform(self.loss_caps, [m for m, s in self.loss_shares.items() if s])

    @property
    def uniform_gain_cap(self) -> Cap | None:
        """The one cap every gain-sharing partner has, if they all have the same; else None."""
        return _uniform(self.gain_caps, [m for m, s in self.gain_shares.items() if s])

    @clause_function
    def cap_amount(self, short_name: str, side: str) -> Decimal | None:
        """The cap on a partner's share of a loss or gain in money, or None if it has no cap."""
        rgs = self.alliance.risk_gain_share
        cap = rgs.loss_cap(short_name) if side == "loss" else rgs.gain_cap(short_name)
        if cap is None:
            return None
        if cap.amount is not None:
            return cap.amount
        return (self.contract_value(short_name) * cap.percent_of_contract_value / 100).quantize(Decimal("0.01"))

    @property
    def voting_members(self) -> list[Provider]:
        """The partners whose members vote on the leadership team, in file order."""
        voters = set(self.alliance.governance.voting_members)
        return [p for p in self.providers if p.short_name in voters]

    @property
    def vote_weights(self) -> dict[str, Decimal]:
        """Each voting member's weight in a weighted vote (stated, or worked out from its basis); else empty."""
        rule = self.alliance.governance.decision_rule
        if not isinstance(rule, WeightedVote):
            return {}
        if rule.weights is not None:
            return dict(rule.weights)
        return self.derived_vote_weights

    @property
    def derived_vote_weights(self) -> dict[str, Decimal]:
        """Weights worked out from the stated basis (annual contract value), as percentages; else empty."""
        rule = self.alliance.governance.decision_rule
        if not isinstance(rule, WeightedVote) or rule.basis != "annual_contract_value" or not any(x.lead for x in self.providers):
            return {}
        return _shares_of_100({m: self.contract_value(m) for m in self.alliance.governance.voting_members})

    @property
    def sharing_partners(self) -> list[str]:
        """Short names of the partners that take a share of an alliance gain or loss, in file order."""
        return sharing_partners(self)

    @property
    def risk_share_examples(self) -> list[Settlement]:
        """Two illustrative years of the risk/gain share from this partnership's numbers (see settlement.py)."""
        return worked_examples(self)

    @property
    def risk_share_example_rates(self) -> dict[str, Decimal]:
        """How far each sharing partner's spending is above (+) or below (-) budget in the first example, in %."""
        return example_rates(self)

    @clause_function
    def contract_value(self, short_name: str) -> Decimal:
        """Annual value of the contract a provider holds in the family (lead: what it retains)."""
        if short_name == self.lead_provider.short_name:
            return self.lead_retained_value
        return sum((s.annual_value for s in self.subcontracts if s.provider == short_name), Decimal(0))

    @clause_function
    def party(self, short_name: str) -> Commissioner | Provider | Observer:
        """The provider, commissioner or observer with this short name (a two-role body: its provider entry)."""
        for p in [*self.providers, *self.commissioners, *self.observers]:
            if p.short_name == short_name:
                return p
        raise KeyError(short_name)

    @clause_function
    def service(self, service_id: str) -> Service:
        """The service with this id."""
        return next(s for s in self.services if s.id == service_id)

    @clause_function
    def subcontract_for(self, short_name: str) -> Subcontract | None:
        """The subcontract held by this provider, if any."""
        return next((s for s in self.subcontracts if s.provider == short_name), None)

    @clause_function
    def representative_of(self, short_name: str):
        """The leadership-team representative of this provider, if any."""
        return next((r for r in self.alliance.governance.representatives if r.provider == short_name), None)


def _uniform(caps: dict[str, Cap], members: list[str]) -> Cap | None:
    values = {caps.get(m) for m in members}
    return next(iter(values)) if len(values) == 1 and None not in values else None


def _shares_of_100(weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """Percentages to two decimal places, in proportion to ``weights``, summing to exactly 100.

    Largest-remainder rounding: each share is rounded down to a hundredth and the
    hundredths left over go to the largest remainders (ties to the earlier member).
    """
    total = sum(weights.values(), Decimal(0))
    if not total:
        return {m: Decimal(0) for m in weights}
    exact = {m: w * 10000 / total for m, w in weights.items()}  # in hundredths of a percent
    floors = {m: int(v) for m, v in exact.items()}
    left = 10000 - sum(floors.values())
    order = sorted(weights, key=lambda m: (-(exact[m] - floors[m]), list(weights).index(m)))
    for m in order[:left]:
        floors[m] += 1
    return {m: Decimal(floors[m]) / 100 for m in weights}


def _unique(problems: list[str], label: str, items, attr: str = "short_name") -> None:
    seen: dict[str, str] = {}
    for group, index, item in items:
        value = getattr(item, attr)
        key = value.casefold()
        where = f"{group}[{index}].{attr}"
        if key in seen:
            hint = "; give each one its own"
            if group == "providers" and seen[key].startswith("commissioners"):
                hint = (f"; if the commissioner is also a provider (one body in two roles), write this provider "
                        f"entry as 'commissioner: <its short name>' with only the provider's own fields")
            problems.append(f"{where}: '{value}' is already used by {seen[key]}{hint}")
        else:
            seen[key] = where
