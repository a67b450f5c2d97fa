"""Revising a partnership: from one version of a partnership file to the next.

``changes`` compares two versions (data and drafted documents); ``rules`` checks the
change against the agreement being varied (approvals, adherence, reconciliation);
``draft`` drafts the paperwork (deed of variation, deeds of adherence, new
subcontracts, head-contract variation, withdrawal notices, redlines).
The typed ``doc.variation`` object clause bodies see lives below, in ``ncm_docs.variation``.
"""
