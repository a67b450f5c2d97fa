"""Document rules for tracked changes (NCM23x): proposals are reported, never taken as agreed.

A document sent back with Track Changes on is read as agreed so far, every proposal
rejected (see ``docx.revisions``), so the other document rules see only what was agreed.
These rules list the proposals themselves, and check what the pack would say if they
were all accepted.
"""

from __future__ import annotations

from typing import Iterator

from .packs import Pack, accepted_pack
from .registry import Hit, all_rules, hit, rule

#: Rules whose findings on the accepted text would only repeat the proposals.
_ABOUT_PROPOSALS = {"NCM208", "NCM230", "NCM231"}


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
