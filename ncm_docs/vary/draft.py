"""Drafting the paperwork that takes a partnership from one version to the next.

``draft_variation`` drafts both versions' packs in memory, compares them, checks the
change against the agreement being varied, and drafts: a deed of variation of the
alliance agreement (every amended clause in its new wording), a deed of adherence for
each joining provider, the new subcontract of each newly subcontracted provider, a
variation of the head contract where its terms change, a notice for each withdrawing
provider, and a redline (Word tracked changes) of every changed document. ``vary_pack`` writes them, with a
manifest, atomically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import kinds
from ..assemble import DocPlan, assemble, assemble_all, document_titles, party_ref, render_title
from ..files import slugify
from ..context import DocContext
from ..document import Document
from ..errors import VaryError
from ..docx.reader import generated_front_lines
from ..history import change_log
from ..library import ClauseLibrary, load_library
from ..load import read_data, validate_partnership
from ..model import Partnership, Provider
from .. import manifest as manifest_format
from ..files import write_pack
from ..pack import render_document
from ..variation import Variation
from .changes import build_variation, changed_documents, document_texts
from .redline import redline_documents
from .rules import transition_problems


@dataclass
class Version:
    """One version of the partnership as read from its file."""

    path: Path
    partnership: Partnership
    sha256: str

    @classmethod
    def read(cls, path: Path) -> "Version":
        """Load and validate a partnership file."""
        data, raw = read_data(path)
        return cls(path, validate_partnership(data, path, raw), hashlib.sha256(raw).hexdigest())


@dataclass
class DraftedVariation:
    """The variation paperwork drafted in memory: file name -> bytes, plus its manifest."""

    files: dict[str, bytes]
    manifest: dict
    variation: Variation
    documents: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def draft_variation(old: Version, new: Version, library: ClauseLibrary, template_dir: Path | None = None, *,
                    author: str = "ncm-docs", date: str | None = None) -> DraftedVariation:
    """Check the change from ``old`` to ``new`` and draft its paperwork in memory.

    Raises ``VaryError`` listing every problem (one line each) if the change is not a
    valid variation of the agreement as it stands in ``old``.
    """
    o, n = old.partnership, new.partnership
    old_docs, new_docs = assemble_all(o, library), assemble_all(n, library)
    alliance_old = _kind(old_docs, _VARIED_BY_DEED)
    alliance_new = _kind(new_docs, _VARIED_BY_DEED)
    variation = build_variation(o, n, alliance_old, alliance_new)
    alliance_changed = bool(
        variation.amended_clauses or variation.joining or variation.withdrawing or o.alliance != n.alliance
    )
    problems = transition_problems(o, n, variation, old.path, new.path, alliance_changed=alliance_changed)
    changed = changed_documents(old_docs, new_docs)
    if not problems and not (changed or alliance_changed or variation.head_contract):
        problems.append(f"{new.path}: nothing to vary: every document drafts the same as from {old.path}")
    if problems:
        raise VaryError("\n".join(problems))

    drafted: list[tuple[Document, Version]] = []
    for plan, version in _plans(old, new, library, variation):
        drafted.append((assemble(version.partnership, library, plan), version))
    new_subs = {s.provider for s in (variation.head_contract.new_subcontracts if variation.head_contract else [])}
    new_subs |= {p.short_name for p in variation.joining if n.subcontract_for(p.short_name)}
    drafted += [(d, new) for d in new_docs if kinds.PACK[d.kind].per_provider and _provider_of(d) in new_subs]

    files: dict[str, bytes] = {}
    entries, templates = [], {}
    for doc, version in drafted:
        data, template_name, template_sha, cover = render_document(doc, version.partnership, library, version.sha256, template_dir)
        templates[template_name] = template_sha
        files[doc.file_stem + ".docx"] = data
        entries.append(manifest_format.document_entry(doc, data, generated_front_lines(cover)))
    def rendered(doc: Document, version: Version) -> bytes:
        return render_document(doc, version.partnership, library, version.sha256, template_dir)[0]

    redlines = redline_documents([(a.file_stem, rendered(a, old), rendered(b, new)) for a, b in changed if a and b], author=author, date=date)
    notes: list[str] = []
    if o.alliance != n.alliance and not variation.amended_clauses:
        notes.insert(0, "the alliance data changes but no clause of the alliance agreement reads differently, so no deed of variation was drafted")
    for name, data in redlines.items():
        files[name] = data
        entries.append({"file": name, "kind": "redline", "version": f"{o.document.version} -> {n.document.version}", "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {
        **manifest_format.head(library, templates),
        "kind": "variation",
        "partnership": n.partnership.name,
        "from": _version_info(old),
        "to": _version_info(new),
        "approvals": n.approvals.model_dump(mode="json") if n.approvals else None,
        "history": change_log(n),
        "changes": _changes(variation, changed),
        "documents": entries,
    }
    return DraftedVariation(files, manifest, variation, [d for d, _ in drafted], notes)


def vary_pack(old_path: str | Path, new_path: str | Path, outdir: str | Path, *, force: bool = False, clauses_dir: Path | None = None, template_dir: Path | None = None, library: ClauseLibrary | None = None,
              author: str = "ncm-docs", date: str | None = None) -> DraftedVariation:
    """Read two versions of a partnership, draft the variation paperwork and write it to ``outdir``.

    The redlines' tracked changes are by ``author``, dated ``date`` (default: NEW's date).
    """
    old, new = Version.read(Path(old_path)), Version.read(Path(new_path))
    library = library or load_library(clauses_dir)
    drafted = draft_variation(old, new, library, template_dir, author=author, date=date)
    write_pack(Path(outdir), {**drafted.files, manifest_format.FILE_NAME: manifest_format.to_bytes(drafted.manifest)}, force=force)
    return drafted


#: The pack kind whose changes a deed of variation records (the alliance agreement).
_VARIED_BY_DEED = next(k.name for k in kinds.PACK.values() if k.varied_by == "deed-of-variation")


def _plans(old: Version, new: Version, library: ClauseLibrary, v: Variation) -> list[tuple[DocPlan, Version]]:
    """The variation documents to draft, each with the version it is drafted from."""
    n = new.partnership
    declared = library.info.documents
    titles = document_titles(n, library)
    plans: list[tuple[DocPlan, Version]] = []

    def plan(kind: str, version: Version, members: list, roles: list[str], provider: Provider | None = None) -> None:
        p = version.partnership
        extra = {"provider": provider} if provider else {}
        title = render_title(p, library, kind, **extra)
        stem = declared[kind].file.replace("{slug}", slugify(provider.short_name) if provider else "")
        sub = p.subcontract_for(provider.short_name) if provider else None
        ctx = DocContext(kind, title, members, titles if version is new else document_titles(p, library), sub, provider, v)
        parties = tuple(party_ref(m, r) for m, r in zip(members, roles))
        plans.append((DocPlan(kind, stem, title, parties, ctx), version))

    alliance_commissioners = list(n.commissioners) if n.alliance.commissioners_are_parties else []
    continuing = [*alliance_commissioners, *v.continuing]
    continuing_roles = [kinds.alliance_role(m) for m in continuing]
    if v.amended_clauses:
        plan("deed-of-variation", new, continuing, continuing_roles)
    for joiner in v.joining:
        plan("accession-deed", new, [joiner, *continuing], ["New Partner", *continuing_roles], joiner)
    if v.head_contract:
        leaving = v.head_contract.commissioners_leaving
        members = [*n.commissioners, *leaving, n.lead_provider]
        roles = [kinds.commissioner_role(c) for c in n.commissioners] + ["Outgoing Commissioner"] * len(leaving) + ["Lead Provider"]
        plan("head-contract-variation", new, members, roles)
    o = old.partnership
    for leaver in v.withdrawing:
        others = [m for m in o.providers if m.short_name != leaver.short_name]
        plan("withdrawal-notice", old, [leaver, *others], ["Withdrawing Partner", *(kinds.alliance_role(m) for m in others)], leaver)
    return plans


def _kind(docs: list[Document], kind: str) -> Document | None:
    return next((d for d in docs if d.kind == kind), None)


def _provider_of(doc: Document) -> str:
    """The provider a per-provider document is about (its last party: the subcontractor)."""
    return doc.parties[-1].short_name


def _version_info(v: Version) -> dict:
    p = v.partnership
    return {"file": v.path.name, "sha256": v.sha256, "version": p.document.version, "agreement_date": p.document.agreement_date.isoformat()}


def _changes(v: Variation, changed: list[tuple[Document | None, Document | None]]) -> dict:
    """What changes, for the manifest and ``--format json``."""
    from .changes import amended_clauses

    documents = []
    for a, b in changed:
        entry = {"file": (b or a).file_stem + ".docx", "change": "added" if a is None else "removed" if b is None else "amended"}
        if a is not None and b is not None:
            entry["clauses"] = [
                {"id": c.id, "change": c.change, "old_label": c.old_label, "new_label": c.new_label}
                for c in amended_clauses(a, b, parts=("parties", "recitals", "operative", "schedule", "execution"))
            ]
        documents.append(entry)
    return {
        "joining": [p.short_name for p in v.joining],
        "withdrawing": [p.short_name for p in v.withdrawing],
        "alliance_clauses": [
            {"id": c.id, "change": c.change, "old_label": c.old_label, "new_label": c.new_label, "title": c.title}
            for c in v.amended_clauses
        ],
        "head_contract": v.head_contract is not None,
        "risk_share_changed": v.risk_share_changed,
        "documents": documents,
    }


__all__ = ["DraftedVariation", "Version", "VaryError", "document_texts", "draft_variation", "vary_pack"]
