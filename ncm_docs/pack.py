"""Building a pack: every document of a partnership, plus manifest.json, written safely.

Everything is drafted in memory first; only when every document has rendered are the
files written, each to a temporary name and then renamed into place, so a failure or
an interruption never leaves a half-written file. Existing files are kept unless
``force`` is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, kinds
from . import manifest as manifest_format
from .assemble import assemble, plan_documents, select
from .checks import check_partnership
from .checks.expectations import pack_expectations
from .document import Document
from .docx.reader import generated_front_lines
from .docx.template import house_style_dir, load_template, template_for
from .library.house_style import compile_part
from .docx.writer import render_docx_and_cover
from .errors import ModelErrors, OutputError, OverrideConflicts
from .files import sha256, write_pack
from .history import change_log
from .library import ClauseLibrary, load_library
from .load import read_data, validate_partnership
from .model import Partnership
from .overrides import override_conflicts
from .pdf import find_soffice, pdf_bytes
from .terms import defined_terms, document_vocabulary
from .vocabulary import family_names


@dataclass
class DraftedPack:
    """A pack drafted in memory: file name -> bytes, plus its manifest."""

    files: dict[str, bytes]
    manifest: dict
    documents: list[Document] = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # overrides the library changed since (drafted anyway: --allow-errors)

    def summary(self) -> dict:
        """What was built, for ``--format json``."""
        return {"documents": self.manifest["documents"], "input": self.manifest["input"]}


@dataclass
class BuildResult:
    """What ``build_pack`` wrote."""

    outdir: Path
    manifest: dict
    findings: list = field(default_factory=list)  # model-rule findings (warnings and advice)
    conflicts: list = field(default_factory=list)  # negotiated clauses the library changed (with --allow-errors)

    @property
    def documents(self) -> list[dict]:
        """Per-document manifest entries."""
        return self.manifest["documents"]

    def summary(self) -> dict:
        """The manifest, plus where it was written."""
        return {"output": str(self.outdir), **self.manifest}


def template_hashes(template_dir: Path | None) -> dict[str, str]:
    """sha256 of every template a pack can use (one per document type, deduplicated)."""
    paths = {template_for(kind, template_dir) for kind in kinds.PACK}
    return {path.name: sha256(path.read_bytes()) for path in sorted(paths)}


def pack_fingerprint(input_sha256: str, library: ClauseLibrary, template_dir: Path | None = None, only: set[str] | None = None,
                     allow_errors: bool = False) -> str:
    """What a pack depends on, as one hash: input, clause library, templates, tool version, ``only``
    (and ``allow_errors`` when set: a pack drafted despite errors is not one drafted cleanly).

    Stored in each pack's manifest; ``ncm-docs batch`` skips a pack whose fingerprint is unchanged.
    """
    basis = {
        "tool_version": __version__,
        "input_sha256": input_sha256,
        "library_sha256": library.digest,
        "templates": template_hashes(template_dir),
        "only": sorted(only or ()),
        **({"allow_errors": True} if allow_errors else {}),
    }
    return sha256(json.dumps(basis, sort_keys=True).encode("utf-8"))


def draft_pack(
    partnership: Partnership,
    library: ClauseLibrary,
    *,
    input_name: str,
    input_sha256: str,
    only: set[str] | None = None,
    template_dir: Path | None = None,
    allow_errors: bool = False,
) -> DraftedPack:
    """Draft every document (or those in ``only``) in memory."""
    family = plan_documents(partnership, library)
    plans = select(family, only)
    if only and not plans:
        known = [p.file_stem for p in family]
        raise OutputError(f"--only {', '.join(sorted(only))}: no such document (known: {', '.join(known)})")
    files: dict[str, bytes] = {}
    entries = []
    documents = []
    template_hashes = {}
    names = family_names(partnership, family)
    for plan in plans:
        doc = assemble(partnership, library, plan)
        data, template_name, template_sha, cover = render_document(doc, partnership, library, input_sha256, template_dir)
        template_hashes[template_name] = template_sha
        files[doc.file_stem + ".docx"] = data
        documents.append(doc)
        entry = manifest_format.document_entry(doc, data, generated_front_lines(cover))
        entry["vocabulary"] = document_vocabulary(library, doc, names)
        entry["defined"] = defined_terms(doc, doc.terms, names - {party.role for party in doc.parties})
        entries.append(entry)
    manifest = {
        **manifest_format.head(library, template_hashes),
        "input": {"file": input_name, "sha256": input_sha256},
        "partnership": partnership.partnership.name,
        "version": partnership.document.version,
        "status": partnership.document.status,
        "agreement_date": partnership.document.agreement_date.isoformat(),
        "history": change_log(partnership),
        "documents": entries,
        **pack_expectations(partnership, library, family, only),
        "fingerprint": pack_fingerprint(input_sha256, library, template_dir, only, allow_errors),
    }
    return DraftedPack(files, manifest, documents)


def render_document(doc: Document, partnership: Partnership, library: ClauseLibrary, input_sha256: str, template_dir: Path | None) -> tuple[bytes, str, str, bytes]:
    """Stamp ``doc`` with its provenance and render it.

    Returns (bytes, template file name, template sha256, the rendered ``word/document.xml``
    without its clauses, whose text the manifest records as the cover page).
    """
    doc.properties = {
        "ncm.tool": "ncm-docs",
        "ncm.tool_version": __version__,
        "ncm.input_sha256": input_sha256,
        "ncm.library_name": library.info.name,
        "ncm.library_version": library.version,
        "ncm.library_sha256": library.digest,
        "ncm.document_kind": doc.kind,
        "ncm.document_file": doc.file_stem + ".docx",
        "ncm.partnership": partnership.partnership.name,
        "ncm.version": doc.version,
        "ncm.status": doc.status,
        "ncm.agreement_date": doc.agreement_date,
    }
    template_path = template_for(doc.kind, template_dir)
    template = load_template(template_path, compile_part)
    data, cover = render_docx_and_cover(doc, template)
    return data, template_path.name, template.sha256, cover


def draft_from_data(
    path: Path,
    data,
    raw: bytes,
    library,
    *,
    only: set[str] | None = None,
    template_dir: Path | None = None,
    allow_errors: bool = False,
) -> tuple[DraftedPack, list]:
    """Validate a partnership file's parsed ``data``, run the model rules, and draft its pack.

    The one path from a partnership file to a drafted pack, for ``build`` and ``batch``.
    ``library`` is a ``ClauseLibrary`` or a function returning one (called only when the
    data is valid). The house style is ``template_dir`` if given, else the partnership's
    ``document.house_style`` folder, else the bundled default. Raises ``ModelErrors``
    (nothing drafted) if a model rule finds an error, and ``OverrideConflicts`` if the
    library changed a clause the partnership overrides with negotiated wording, unless
    ``allow_errors`` (then the negotiated wording is drafted and the conflicts returned).
    """
    partnership = validate_partnership(data, path, raw)
    findings = check_partnership(partnership, str(path))
    if not allow_errors and any(f.severity == "error" for f in findings):
        raise ModelErrors(path, findings)
    if callable(library):
        library = library()
    conflicts = override_conflicts(partnership, library, only) if partnership.clause_overrides else []
    if conflicts and not allow_errors:
        raise OverrideConflicts(path, conflicts)
    template_dir = template_dir or house_style_dir(path, partnership.document.house_style)
    drafted = draft_pack(partnership, library, input_name=path.name, input_sha256=sha256(raw), only=only, template_dir=template_dir,
                         allow_errors=allow_errors)
    drafted.conflicts = conflicts
    return drafted, findings


def build_pack(
    partnership_path: str | Path,
    outdir: str | Path,
    *,
    force: bool = False,
    only: set[str] | None = None,
    clauses_dir: Path | None = None,
    template_dir: Path | None = None,
    library: ClauseLibrary | None = None,
    pdf: bool = False,
    allow_errors: bool = False,
) -> BuildResult:
    """Load a partnership file, draft its documents and write the pack folder.

    The model rules run first: ``ModelErrors`` (nothing written) if any finds an error,
    unless ``allow_errors``.

    The house style is ``template_dir`` if given, else the partnership's
    ``document.house_style`` folder, else the bundled default. With ``pdf``, a PDF of
    each document is made through LibreOffice and written with the rest.
    """
    path = Path(partnership_path)
    if pdf:
        find_soffice()  # before any work: a missing LibreOffice is a usage error
    data, raw = read_data(path)
    drafted, findings = draft_from_data(
        path, data, raw, library or (lambda: load_library(clauses_dir)), only=only, template_dir=template_dir, allow_errors=allow_errors
    )
    files = dict(drafted.files)
    if pdf:
        files.update(pdf_bytes(drafted.files))
    files[manifest_format.FILE_NAME] = manifest_format.to_bytes(drafted.manifest)
    write_pack(Path(outdir), files, force=force)
    return BuildResult(Path(outdir), drafted.manifest, findings, drafted.conflicts)
