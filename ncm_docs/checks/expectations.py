"""What a pack must hold, recorded in ``manifest.json`` at build time for ``check``.

``check PACK_DIR`` has no partnership file, only the pack; so the build records the
whole family the partnership calls for (even when drafted with ``--only``) and the
catalogue of facts the documents print.
"""

from __future__ import annotations

from .. import kinds
from ..assemble import DocPlan
from ..files import slugify
from ..library import ClauseLibrary
from ..model import Partnership
from .facts import document_facts, partnership_facts


def pack_expectations(partnership: Partnership, library: ClauseLibrary, family: list[DocPlan], only: set[str] | None = None) -> dict:
    """Manifest keys ``expected``, ``only`` and ``facts`` for a pack of ``partnership``.

    ``family`` is every document the partnership calls for (``assemble.plan_documents``).
    A provider that holds no subcontract is expected to have one all the same: the
    expectation is what tells ``check`` that one is missing.
    """
    expected = [{"file": f"{plan.file_stem}.docx", "kind": plan.kind, "title": plan.title} for plan in family]
    if "subcontract" in library.info.documents:
        pattern = library.info.documents["subcontract"].file
        held = {s.provider for s in partnership.subcontracts}
        label = kinds.get("subcontract").label.removeprefix("a ")
        for provider in partnership.subcontractors:
            if provider.short_name not in held:
                file = pattern.replace("{slug}", slugify(provider.short_name)) + ".docx"
                expected.append({"file": file, "kind": "subcontract", "title": f"{label} with {provider.legal_name}"})
    documents = [(f"{plan.file_stem}.docx", plan.title, [(p.short_name, p.role) for p in plan.parties]) for plan in family]
    facts = [*partnership_facts(partnership), *document_facts(documents)]
    return {
        "expected": expected,
        "only": sorted(only) if only else None,
        "facts": [f.as_dict() for f in facts],
    }
