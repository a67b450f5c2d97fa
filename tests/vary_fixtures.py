"""A small clause library for vary tests: the bundled variation clause folders plus a few
alliance, head-contract and subcontract clauses whose wording the tests control."""

from __future__ import annotations

from pathlib import Path

from helpers import LIBRARY_YAML, ROOT, build_file_tree, clause_file

HISTORY = ROOT / "samples" / "history"
VARIATION_FOLDERS = ("deed-of-variation", "accession-deed", "head-contract-variation", "withdrawal-notice")

ALLIANCE = {
    "alliance-agreement/parties.md": clause_file(
        "alliance.parties", "{% for p in doc.parties %}\n. {{ p.legal_name }}\n{% endfor %}\n", part="parties"),
    "alliance-agreement/term.md": clause_file(
        "alliance.term", ". This Agreement lasts {{ alliance.term.initial_years | years }}; decisions follow clause [[alliance.decision-making]].\n"),
    "alliance-agreement/decisions.md": clause_file(
        "alliance.decision-making",
        ". Each Partner has one vote.\n::: unanimity\n. Decisions are unanimous.\n::: majority\n"
        ". Decisions need {{ alliance.governance.decision_rule.threshold_percent | percent }} of the votes.\n"
        "::: weighted\n. Votes are weighted as [[alliance.schedule-shares]] sets out.\n:::\n",
        order=20, extra="choose: alliance.governance.decision_rule.kind\n"),
    "alliance-agreement/shares.md": clause_file(
        "alliance.schedule-shares",
        "| Partner | Share |\n{% for m, s in risk_shares.items() %}\n| {{ m }} | {{ s | percent }} |\n{% endfor %}\n"
        ". Losses are capped at {{ alliance.risk_gain_share.risk_cap_percent | percent }}.\n",
        part="schedule"),
    "lead-provider-contract/services.md": clause_file(
        "lpc.services", ". Services: {{ head_contract_services | map(attribute='name') | and_list }}; value {{ head_contract.annual_value | money }}.\n",
        documents="[lead-provider-contract]"),
    "subcontract/services.md": clause_file(
        "sub.services", ". {{ doc.provider.legal_name }} provides {{ doc.subcontract.services | join(', ') }}.\n",
        documents="[subcontract]"),
}


def vary_library(base: Path, extra: dict[str, str] | None = None) -> Path:
    """A clause library folder below ``base``: the real variation clauses plus ``ALLIANCE``."""
    files: dict[str, str] = {"library.yaml": LIBRARY_YAML, **ALLIANCE, **(extra or {})}
    for folder in VARIATION_FOLDERS:
        for path in sorted((ROOT / "clauses" / folder).glob("*.md")):
            files[f"{folder}/{path.name}"] = path.read_text(encoding="utf-8")
    return build_file_tree(base / "clauses", files)
