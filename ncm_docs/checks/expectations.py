"""What a pack must hold, recorded in ``manifest.json`` at build time for ``check``.

``check PACK_DIR`` has no partnership file, only the pack; so the build records the
whole family the partnership calls for (even when drafted with ``--only``) and the
catalogue of facts the documents print.
"""

from __future__ import annotations

from ..assemble import plan_documents, slugify
from ..library import ClauseLibrary
from ..model import Partnership
from .facts import document_facts, partnership_facts


def pack_expectations(partnership: Partnership, library: ClauseLibrary, only: set[str] | None = None) -> dict:
    """Manifest keys ``expected``, ``only`` and ``facts`` for a pack of ``partnership``."""
    plans = plan_documents(partnership, library)
    expected = [{"file": f"{plan.file_stem}.docx", "kind": plan.kind, "title": plan.title} for plan in plans]
    pattern = library.info.documents["subcontract"].file
    held = {s.provider for s in partnership.subcontracts}
    for provider in partnership.subcontractors:
        if provider.short_name not in held:
            file = pattern.replace("{slug}", slugify(provider.short_name)) + ".docx"
            expected.append({"file": file, "kind": "subcontract", "title": f"subcontract with {provider.legal_name}"})
    documents = [(f"{plan.file_stem}.docx", plan.title, [(p.short_name, p.role) for p in plan.parties]) for plan in plans]
    facts = [*partnership_facts(partnership), *document_facts(documents)]
    return {
        "expected": expected,
        "only": sorted(only) if only else None,
        "facts": [f.as_dict() for f in facts],
    }
