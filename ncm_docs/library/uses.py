"""Which parts of the partnership a clause reads: for tracing a data change to its clauses.

A clause's body, ``when`` and ``choose`` are parsed again and every name chain
(``alliance.governance.decision_rule.kind``) is collected. Derived views and helper
functions (``lead_provider``, ``party(...)``) stand for the data they are computed
from, listed in ``DERIVED``.
"""

from __future__ import annotations

from jinja2 import nodes

from .clause import Clause

#: Derived names and helper functions -> the partnership paths they read.
DERIVED: dict[str, tuple[str, ...]] = {
    "lead_provider": ("providers",),
    "subcontractors": ("providers",),
    "coordinating_commissioner": ("commissioners",),
    "alliance_members": ("providers", "commissioners", "alliance.commissioners_are_parties"),
    "head_contract_services": ("services", "head_contract.services"),
    "lead_retained_value": ("head_contract.annual_value", "subcontracts"),
    "risk_shares": ("alliance.risk_gain_share", "providers", "subcontracts"),
    "gain_shares": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "loss_shares": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "shares_differ": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "shares_differentiated": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "share_groups": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "takes_share": ("alliance.risk_gain_share", "alliance.governance.representatives"),
    "share_terms": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "loss_caps": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "gain_caps": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "uniform_loss_cap": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "uniform_gain_cap": ("alliance.risk_gain_share", "providers", "subcontracts", "alliance.governance.representatives"),
    "cap_amount": ("alliance.risk_gain_share", "providers", "subcontracts", "head_contract"),
    "voting_members": ("providers", "alliance.governance.representatives"),
    "vote_weights": ("alliance.governance.decision_rule", "alliance.governance.representatives", "providers", "subcontracts", "head_contract"),
    "derived_vote_weights": ("alliance.governance.decision_rule", "alliance.governance.representatives", "providers", "subcontracts", "head_contract"),
    "partners": ("providers",),
    "own_function_partners": ("providers",),
    "two_role_bodies": ("providers",),
    "commissioners_only": ("commissioners", "providers"),
    "services_delivered_by": ("services",),
    "contract_value": ("subcontracts", "head_contract"),
    "party": ("providers", "commissioners", "observers"),
    "service": ("services",),
    "subcontract_for": ("subcontracts",),
    "representative_of": ("alliance.governance.representatives",),
    "doc": ("providers", "commissioners", "partnership", "subcontracts", "alliance.commissioners_are_parties"),
}


def clause_uses(clause: Clause, env) -> set[str]:
    """Dotted partnership paths the clause reads (``when``, ``choose`` and body)."""
    sources = [clause.source] + ["{{ " + e + " }}" for e in (clause.meta.when, clause.meta.choose) if e]
    chains: set[str] = set()
    for source in sources:
        _collect(env.parse(source), chains)
    uses: set[str] = set()
    for chain in chains:
        uses.update(DERIVED.get(chain.split(".", 1)[0], (chain,)))
    return uses


def _collect(node: nodes.Node, out: set[str]) -> None:
    """Add the longest name chains under ``node`` (``a.b.c``, not also ``a`` and ``a.b``)."""
    if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
        chain = _chain(node)
        if chain:
            out.add(chain)
        inner = node
        while isinstance(inner, (nodes.Getattr, nodes.Getitem)):
            if isinstance(inner, nodes.Getitem):
                _collect(inner.arg, out)
            inner = inner.node
        if not isinstance(inner, nodes.Name):
            _collect(inner, out)
        return
    for child in node.iter_child_nodes():
        _collect(child, out)


def _chain(node: nodes.Node) -> str:
    parts: list[str] = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        else:
            parts.clear()
        node = node.node
    if not isinstance(node, nodes.Name):
        return ""
    return ".".join([node.name, *reversed(parts)])


def reads(uses: set[str], path: str) -> bool:
    """Whether a clause with these ``uses`` reads the data at ``path`` (list keys ignored)."""
    plain = _plain(path)
    return any(plain == u or plain.startswith(u + ".") or u.startswith(plain + ".") for u in uses)


def _plain(path: str) -> str:
    import re

    return re.sub(r"\[[^\]]*\]", "", path)
