"""Document rules for negotiation (NCM23x): tracked changes and negotiated clause wording.

A document sent back with Track Changes on is read as agreed so far, every proposal
rejected (see ``docx.revisions``), so the other document rules see only what was agreed.
NCM230 and NCM231 list the proposals and check what the pack would say if they were all
accepted. NCM232 lists the clauses drafted from negotiated wording (``clause_overrides``,
written by ``ncm-docs absorb``) rather than from the clause library.
"""

from __future__ import annotations

from typing import Iterator

from .packs import Pack, accepted_pack
from .registry import Hit, all_rules, hit, rule

#: Rules whose findings on the accepted text would only repeat the proposals.
_ABOUT_PROPOSALS = {"NCM208", "NCM230", "NCM231", "NCM232"}


@rule("NCM230", "tracked-change-proposed", "warning", "document",
      "{file}: {proposal}")
def tracked_change_proposed(pack: Pack) -> Iterator[Hit]:
    """Tracked changes in a document are proposals, listed by author and clause; none is agreed.

    A counterparty who edits with Track Changes on proposes wording; until the change is
    accepted in Word it is not part of the agreement. The other rules read the document
    with every proposal rejected; NCM231 checks it as if all were accepted.

    Bad: NCH's solicitor tracked "25%" -> "30%" in the alliance agreement and sent it back.
    Good: the proposals accepted or rejected in Word (and the partnership file changed to match).
    """
    for doc in pack.present:
        for proposal in doc.read.proposals:
            yield hit(proposal.clause_id or "cover page", [doc.file], file=doc.file, proposal=proposal.describe())


@rule("NCM231", "proposal-breaks-check", "warning", "document",
      "{file}: if the tracked changes are accepted, {rule} would report: {message}")
def proposal_breaks_check(pack: Pack) -> Iterator[Hit]:
    """What the other rules would report if every tracked change were accepted.

    Accepting a proposal can make the documents disagree (a party's name changed in one
    document only) or leave a reference dangling. The pack is checked a second time with
    every proposal accepted, and whatever that finds that the agreed text does not is
    reported here, before anyone clicks Accept All.

    Bad: a tracked change renames NGPF in its subcontract but not in the alliance agreement.
    Good: the same change proposed in every document that names NGPF.
    """
    accepted = accepted_pack(pack)
    if accepted is None:
        return
    rules = [r for r in all_rules("document") if r.id not in _ABOUT_PROPOSALS]
    agreed = {(f.rule, f.location, f.message) for r in rules for f in r.findings(pack)}
    for r in rules:
        for finding in r.findings(accepted):
            if (finding.rule, finding.location, finding.message) not in agreed:
                file = finding.documents[0] if finding.documents else "the pack"
                message = finding.message.removeprefix(f"{file}: ")
                yield hit(finding.location, finding.documents, file=file, rule=finding.rule, message=message)


@rule("NCM232", "clause-overridden", "advice", "document",
      "{file}: {where} uses negotiated wording{who}, not the clause library's (library version {version})")
def clause_overridden(pack: Pack) -> Iterator[Hit]:
    """Clauses drafted from negotiated wording (``clause_overrides``) are listed, so nobody mistakes them for library text.

    ``ncm-docs absorb`` carries hand-edited clauses back into the partnership file as
    overrides; the next build drafts them as agreed, so they are not hand edits (NCM208).
    They no longer follow the clause library: when the library changes such a clause,
    ``build`` and ``impact`` report the conflict.

    Bad: (nothing wrong) the notices clause as NWMH negotiated it, recorded as an override.
    Good: the same, listed here as advice.
    """
    for doc in pack.documents:
        for clause in doc.entry.get("clauses", []):
            info = clause.get("override")
            if not isinstance(info, dict):
                continue
            segment = doc.segment(clause["id"])
            where = segment.label if segment is not None else clause["id"]
            who = "".join(f" {k} {info[v]}" for k, v in (("agreed by", "agreed_by"), ("on", "agreed_on")) if info.get(v))
            yield hit(clause["id"], [doc.file], file=doc.file, where=where, who=f" ({who.strip()})" if who else "",
                      version=info.get("library_version", "?"))
