"""Revising a partnership: from one version of a partnership file to the next.

``changes`` compares two versions (data and drafted documents); ``rules`` checks the
change against the agreement being varied (approvals, adherence, reconciliation);
``draft`` drafts the paperwork (deed of variation, deeds of adherence, new
subcontracts, head-contract variation, withdrawal notices, redlines).
``model`` holds the typed ``doc.variation`` object clause bodies see.

This package's ``__init__`` imports nothing, so ``ncm_docs.context`` can import
``ncm_docs.vary.model`` without a cycle.
"""
