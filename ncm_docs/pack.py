"""Building a pack: every document of a partnership, plus manifest.json, written safely.

Everything is drafted in memory first; only when every document has rendered are the
files written, each to a temporary name and then renamed into place, so a failure or
an interruption never leaves a half-written file. Existing files are kept unless
``force`` is given.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .assemble import PACK_KINDS, assemble, plan_documents
from .document import Document, clause_text
from .checks import check_partnership
from .terms import defined_terms
from .vocabulary import document_vocabulary, family_names
from .checks.expectations import pack_expectations
from .docx.reader import generated_front_lines
from .docx.template import house_style_dir, load_template, template_for
from .docx.writer import render_docx_and_cover
from .errors import ModelErrors, OutputError
from .history import change_log
from .library import ClauseLibrary, load_library
from .load import read_data, validate_partnership
from .model import Partnership
from .pdf import find_soffice, pdf_bytes

MANIFEST = "manifest.json"


@dataclass
class DraftedPack:
    """A pack drafted in memory: file name -> bytes, plus its manifest."""

    files: dict[str, bytes]
    manifest: dict
    documents: list[Document] = field(default_factory=list)

    def summary(self) -> dict:
        """What was built, for ``--format json``."""
        return {"documents": self.manifest["documents"], "input": self.manifest["input"]}


@dataclass
class BuildResult:
    """What ``build_pack`` wrote."""

    outdir: Path
    manifest: dict
    findings: list = field(default_factory=list)  # model-rule findings (warnings and advice)

    @property
    def documents(self) -> list[dict]:
        """Per-document manifest entries."""
        return self.manifest["documents"]

    def summary(self) -> dict:
        """The manifest, plus where it was written."""
        return {"output": str(self.outdir), **self.manifest}


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def template_hashes(template_dir: Path | None) -> dict[str, str]:
    """sha256 of every template a pack can use (one per document type, deduplicated)."""
    paths = {template_for(kind, template_dir) for kind in PACK_KINDS}
    return {path.name: sha256(path.read_bytes()) for path in sorted(paths)}


def pack_fingerprint(input_sha256: str, library: ClauseLibrary, template_dir: Path | None = None, only: set[str] | None = None) -> str:
    """What a pack depends on, as one hash: input, clause library, templates, tool version, ``only``.

    Stored in each pack's manifest; ``ncm-docs batch`` skips a pack whose fingerprint is unchanged.
    """
    basis = {
        "tool_version": __version__,
        "input_sha256": input_sha256,
        "library_sha256": library.digest,
        "templates": template_hashes(template_dir),
        "only": sorted(only or ()),
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
) -> DraftedPack:
    """Draft every document (or those in ``only``) in memory."""
    plans = plan_documents(partnership, library, only=only)
    if only and not plans:
        known = [p.file_stem for p in plan_documents(partnership, library)]
        raise OutputError(f"--only {', '.join(sorted(only))}: no such document (known: {', '.join(known)})")
    files: dict[str, bytes] = {}
    entries = []
    documents = []
    template_hashes = {}
    names = family_names(partnership, plan_documents(partnership, library))
    for plan in plans:
        doc = assemble(partnership, library, plan)
        data, template_name, template_sha, cover = render_document(doc, partnership, library, input_sha256, template_dir)
        template_hashes[template_name] = template_sha
        files[doc.file_stem + ".docx"] = data
        documents.append(doc)
        entry = manifest_entry(doc, data, generated_front_lines(cover))
        entry["vocabulary"] = document_vocabulary(library, doc, names)
        entry["defined"] = defined_terms(doc, doc.terms, names - {party.role for party in doc.parties})
        entries.append(entry)
    manifest = {
        "tool": "ncm-docs",
        "tool_version": __version__,
        "input": {"file": input_name, "sha256": input_sha256},
        "partnership": partnership.partnership.name,
        "version": partnership.document.version,
        "status": partnership.document.status,
        "agreement_date": partnership.document.agreement_date.isoformat(),
        "library": {"name": library.info.name, "version": library.version, "sha256": library.digest},
        "templates": dict(sorted(template_hashes.items())),
        "history": change_log(partnership),
        "documents": entries,
        **pack_expectations(partnership, library, only),
        "fingerprint": pack_fingerprint(input_sha256, library, template_dir, only),
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
    template = load_template(template_path)
    data, cover = render_docx_and_cover(doc, template)
    return data, template_path.name, template.sha256, cover


def manifest_entry(doc: Document, data: bytes, front_lines: list[str]) -> dict:
    """A document's manifest entry: file, kind, the partnership version it reflects, parties,
    clauses, and ``front_lines`` (the text before the first clause: the cover page)."""
    numbers = doc.numbers()
    texts = [clause_text(c, numbers) for c in doc.clauses]
    front = "\n".join(front_lines)  # the cover page, for check
    return {
        "file": doc.file_stem + ".docx",
        "kind": doc.kind,
        "title": doc.title,
        "version": doc.version,
        "sha256": sha256(data),
        "parties": [{"legal_name": p.legal_name, "short_name": p.short_name, "role": p.role} for p in doc.parties],
        "clauses": [
            {
                "id": c.id,
                "version": c.version,
                "title": c.title,
                "part": c.part,
                "label": c.label,
                "text_sha256": sha256(text.encode("utf-8")),
                "text": text,
            }
            for c, text in zip(doc.clauses, texts)
        ],
        "front": {"text": front, "text_sha256": sha256(front.encode("utf-8"))},
    }


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as stable JSON, indented to three levels; deeper values (a clause entry,
    a list of names) sit on one line each. Readable, and written by json's C encoder: fully
    indented JSON goes through the pure-Python encoder at several times the cost."""
    return (_json(manifest, 0) + "\n").encode("utf-8")


def _json(value, level: int) -> str:
    if not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    if level >= 3 and not (isinstance(value, list) and isinstance(value[0], dict)):
        return json.dumps(value, ensure_ascii=False)
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_json(item, level + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if all(not isinstance(item, (dict, list)) for item in value):
        return json.dumps(value, ensure_ascii=False)
    return "[\n" + ",\n".join(f"{inner}{_json(item, level + 1)}" for item in value) + f"\n{pad}]"


def write_files(outdir: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Write ``files`` into ``outdir`` atomically: all or nothing, never half a file.

    Refuses (``OutputError``) if any file exists and ``force`` is false.
    """
    for name in files:
        if Path(name).name != name or name in {"", ".", ".."}:
            raise OutputError(f"{outdir}: refusing to write '{name}' (not a plain file name)")
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    existing = [n for n in files if (outdir / n).exists()]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise OutputError(f"{outdir}: would overwrite {shown}; use --force to replace them")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot create the folder ({exc.strerror})") from None
    temps: list[tuple[str, str]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=outdir)
            temps.append((tmp, name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, _FILE_MODE)
        _fsync_all([tmp for tmp, _ in temps])
        for tmp, name in temps:
            os.replace(tmp, outdir / name)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write ({exc.strerror})") from None
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Mode of written files: what ``open()`` would give (temporary files start private).
_FILE_MODE = 0o666 & ~_umask()
_SYNC_POOL: tuple[int, object] | None = None


def _fsync_all(paths: list[str]) -> None:
    """Flush files to disk together: concurrent fsyncs share one journal commit, so a pack
    of seven files costs about one flush rather than seven."""
    global _SYNC_POOL
    if _SYNC_POOL is None or _SYNC_POOL[0] != os.getpid():  # a thread pool does not survive fork
        from concurrent.futures import ThreadPoolExecutor

        _SYNC_POOL = (os.getpid(), ThreadPoolExecutor(8, thread_name_prefix="ncm-fsync"))
    list(_SYNC_POOL[1].map(_fsync, paths))  # type: ignore[attr-defined]


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    partnership = validate_partnership(data, path)
    findings = check_partnership(partnership, str(path))
    if not allow_errors and any(f.severity == "error" for f in findings):
        raise ModelErrors(path, findings)
    library = library or load_library(clauses_dir)
    template_dir = template_dir or house_style_dir(path, partnership.document.house_style)
    drafted = draft_pack(partnership, library, input_name=path.name, input_sha256=sha256(raw), only=only, template_dir=template_dir)
    files = dict(drafted.files)
    if pdf:
        files.update(pdf_bytes(drafted.files))
    files[MANIFEST] = manifest_bytes(drafted.manifest)
    write_files(Path(outdir), files, force=force)
    return BuildResult(Path(outdir), drafted.manifest, findings)
