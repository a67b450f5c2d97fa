"""What the web app asks of the library: the same calls the CLI makes, in memory.

Previewing validates the form's data and runs the model rules exactly as ``ncm-docs
check`` does, then assembles one document as ``ncm-docs preview`` does and draws it as
HTML. Packs are drafted with ``draft_pack`` (as ``build``), edited packs checked with the
document rules (as ``check``), versions compared with ``compare`` / ``redlines`` (as
``diff``) and varied with ``draft_variation`` (as ``vary``). Nothing here drafts a word
of its own.
"""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from ..assemble import assemble, plan_documents
from .. import manifest as manifest_format
from ..checks import Finding, check_pack_files, check_partnership
from ..checks.packs import read_pack_files
from ..compare import compare, redlines
from ..compare.html import html_report
from ..context import build_context
from ..docx.safezip import MAX_FILE_BYTES as MAX_DOCX_BYTES, MAX_PARTS, MAX_RATIO, MAX_UNCOMPRESSED_BYTES
from ..docx.template import house_style_dir
from ..errors import DataError, NcmError, PathRefused
from ..files import sha256
from ..library import ClauseLibrary, load_library
from ..load import parse_data, read_data, validate_partnership
from ..model import Partnership
from ..pack import DraftedPack, draft_from_data
from .htmldoc import document_html
from .schemaform import field_errors, finding_path
from .workspace import Workspace

MANIFEST = manifest_format.FILE_NAME
manifest_bytes = manifest_format.to_bytes

#: Largest upload accepted in one request (a zip of a pack, or several .docx files).
MAX_UPLOAD_BYTES = MAX_DOCX_BYTES
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class Preview:
    """The result of previewing form data: problems by field, findings, one document as HTML."""

    errors: list[tuple[str, str]] = field(default_factory=list)  # (form path, message)
    findings: list[Finding] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (file stem, title)
    document: str = ""  # the stem shown
    html: str = ""
    problem: str = ""  # a drafting error not tied to a field

    def as_json(self) -> dict:
        """The preview for the page's script."""
        return {
            "ok": not self.errors and not self.problem and not any(f.severity == "error" for f in self.findings),
            "errors": [{"path": p, "message": m} for p, m in self.errors],
            "findings": [
                {"path": finding_path(f.location), "rule": f.rule, "severity": f.severity, "message": f.message,
                 "documents": list(f.documents)}
                for f in self.findings
            ],
            "documents": [{"stem": s, "title": t} for s, t in self.documents],
            "document": self.document,
            "html": self.html,
            "problem": self.problem,
        }


@dataclass
class UploadCheck:
    """An edited pack checked: findings grouped by document, and the hand edits."""

    uploaded: list[str]
    as_drafted: list[str]
    ignored: list[str]
    findings: list[Finding]
    edits: list[tuple[str, str, list[tuple[str, str]]]]  # (file, clause label, [(as built, now)])

    def by_document(self) -> list[tuple[str, list[Finding]]]:
        """Findings grouped by the document they name first."""
        groups: dict[str, list[Finding]] = {}
        for f in self.findings:
            groups.setdefault(f.documents[0] if f.documents else "the pack", []).append(f)
        return sorted(groups.items())


class Drafting:
    """The library calls of one running app: one clause library, a few drafted packs remembered."""

    def __init__(self, workspace: Workspace, library: ClauseLibrary | None = None) -> None:
        self.workspace = workspace
        self.library = library or load_library()
        self._packs: OrderedDict[str, tuple[DraftedPack, list[Finding]]] = OrderedDict()
        self._lock = threading.Lock()
        self._examples: dict | None = None

    # ---- preview ---------------------------------------------------------------------

    def preview(self, data: dict, name: str, stem: str | None = None) -> Preview:
        """Validate ``data``, run the model rules, and draft the document ``stem`` (default: the first) as HTML."""
        result = Preview()
        try:
            partnership = Partnership.model_validate(data)
        except ValidationError as exc:
            result.errors = field_errors(exc.errors())
            return result
        result.findings = check_partnership(partnership, name)
        try:
            plans = plan_documents(partnership, self.library)
        except NcmError as exc:
            result.problem = exc.message
            return result
        except (StopIteration, KeyError):  # no lead provider: the model rules already say so
            result.problem = "The documents cannot be drafted until the problems above are put right."
            return result
        result.documents = [(p.file_stem, p.title) for p in plans]
        plan = next((p for p in plans if p.file_stem == stem), plans[0] if plans else None)
        if plan is None:
            return result
        result.document = plan.file_stem
        try:
            doc = assemble(partnership, self.library, plan)
        except NcmError as exc:
            result.problem = exc.message
            return result
        result.html = str(document_html(doc, self.choices(partnership, plan)))
        return result

    def choices(self, partnership: Partnership, plan) -> dict[str, str]:
        """Clause id -> the alternative its ``choose`` picks for this document."""
        chosen = {}
        context = None
        for clause in self.library.for_document(plan.kind):
            if clause.choose_expr is None:
                continue
            context = context or build_context(partnership, plan.context)
            try:
                chosen[clause.id] = str(clause.choose_expr(**context))
            except Exception:  # noqa: BLE001 - drafting reports the same problem with its location
                continue
        return chosen

    # ---- packs ------------------------------------------------------------------------

    def pack(self, name: str, allow_errors: bool = False) -> tuple[DraftedPack, list[Finding]]:
        """The saved file ``name`` drafted as ``build`` drafts it (remembered by content)."""
        path = self.workspace.resolve(name)
        data, raw = read_data(path)
        key = f"{name}:{sha256(raw)}"
        with self._lock:
            found = self._packs.get(key)
        if found is None:
            template_dir = self._house_style(path, data)
            found = draft_from_data(path, data, raw, self.library, template_dir=template_dir, allow_errors=allow_errors)
            if not any(f.severity == "error" for f in found[1]):
                with self._lock:
                    self._packs[key] = found
                    while len(self._packs) > 8:
                        self._packs.popitem(last=False)
        return found

    def _house_style(self, path: Path, data) -> Path | None:
        """The house-style folder the file names, refused if it lies outside the workspace."""
        value = (data.get("document") or {}).get("house_style") if isinstance(data, dict) and isinstance(data.get("document"), dict) else None
        if not isinstance(value, str):
            return None
        folder = house_style_dir(path, value)
        if folder is not None and not folder.is_relative_to(self.workspace.root):
            raise PathRefused(f"document.house_style: '{value}' is outside the folder the app serves")
        return folder

    def pack_zip(self, name: str, pdf: bool = False, allow_errors: bool = False) -> bytes:
        """The pack of ``name`` as a .zip: every .docx, manifest.json, and with ``pdf`` a PDF of each."""
        drafted, _ = self.pack(name, allow_errors)
        files = dict(drafted.files)
        if pdf:
            from ..pdf import pdf_bytes

            files.update(pdf_bytes(drafted.files))
        files[MANIFEST] = manifest_bytes(drafted.manifest)
        return zip_bytes(files)

    def document(self, name: str, file: str) -> bytes:
        """One file of the pack of ``name``: ``<stem>.docx``, ``<stem>.pdf`` or ``manifest.json``."""
        drafted, _ = self.pack(name)
        if file == MANIFEST:
            return manifest_bytes(drafted.manifest)
        stem, _, suffix = file.rpartition(".")
        docx = f"{stem}.docx"
        if docx not in drafted.files or suffix not in ("docx", "pdf"):
            raise PathRefused(f"'{file}' is not a document of this pack (documents: {', '.join(drafted.files)})")
        if suffix == "docx":
            return drafted.files[docx]
        from ..pdf import pdf_bytes

        return pdf_bytes({docx: drafted.files[docx]})[f"{stem}.pdf"]

    # ---- checking an edited pack --------------------------------------------------------

    def check_upload(self, name: str, uploads: list[tuple[str, bytes]]) -> UploadCheck:
        """Check Word files a lawyer edited (or a zip of the pack) against the pack of ``name``.

        Documents not uploaded are taken as drafted from the saved file; a ``manifest.json``
        in the upload is used instead of the saved file's.
        """
        docx: dict[str, bytes] = {}
        manifest = None
        ignored: list[str] = []
        for filename, data in expand_uploads(uploads):
            base = PurePosixPath(filename.replace("\\", "/")).name
            if base.lower().endswith(".docx") and not base.startswith("~$"):
                docx[base] = data
            elif base == MANIFEST:
                try:
                    manifest = json.loads(data.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise DataError(f"{filename}: not a readable manifest ({exc})") from None
            else:
                ignored.append(base)
        if not docx:
            raise DataError("no Word (.docx) files were uploaded")
        drafted, _ = self.pack(name, allow_errors=True)
        if manifest is None:
            manifest = drafted.manifest
        files = {n: d for n, d in drafted.files.items() if n not in docx} if manifest is drafted.manifest else {}
        as_drafted = sorted(files)
        files.update(docx)
        label = f"upload for {PurePosixPath(name).name}"
        findings = check_pack_files(label, manifest, files)
        pack = read_pack_files(label, manifest, files)
        edits = []
        for doc in pack.present:
            for segment in doc.segments:
                changes = segment.changes
                if changes:
                    edits.append((doc.file, segment.label, changes))
        return UploadCheck(sorted(docx), as_drafted, ignored, findings, edits)

    # ---- versions -------------------------------------------------------------------------

    def comparison(self, old: str, new: str):
        """``compare`` of two partnership files (or saved versions) in the workspace."""
        return compare(self.workspace.resolve(old, history=True), self.workspace.resolve(new, history=True))

    def compare_html(self, old: str, new: str) -> str:
        """The clause-aligned HTML report of ``ncm-docs diff --html``."""
        return html_report(self.comparison(old, new))

    def redline_zip(self, old: str, new: str) -> bytes:
        """Word redlines (tracked changes) of every changed document, as a .zip."""
        comparison = self.comparison(old, new)
        files = redlines(comparison, author="ncm-docs", date=None)
        return zip_bytes({f"redline-{n}": d for n, d in files.items()})

    def vary_zip(self, old: str, new: str) -> bytes:
        """The variation paperwork of ``ncm-docs vary`` as a .zip (``VaryError`` lists what blocks it)."""
        from ..vary.draft import Version, draft_variation

        old_v = Version.read(self.workspace.resolve(old, history=True))
        new_v = Version.read(self.workspace.resolve(new, history=True))
        drafted = draft_variation(old_v, new_v, self.library)
        return zip_bytes({**drafted.files, MANIFEST: manifest_bytes(drafted.manifest)})

    # ---- the clause library ------------------------------------------------------------------

    def examples(self) -> dict[str, str]:
        """Clause id -> its wording drafted for a bundled sample, as HTML (first sample that includes it)."""
        if self._examples is None:
            from .._resources import resource_dir
            from ..assemble import assemble_all
            from .htmldoc import clause_html

            out: dict[str, str] = {}
            for sample in sorted(resource_dir("samples").glob("*.yaml")):
                partnership = validate_partnership(parse_data(sample, sample.read_bytes()), sample)
                for doc in assemble_all(partnership, self.library):
                    for clause in doc.clauses:
                        if clause.id not in out:
                            out[clause.id] = f"{sample.name}, {doc.title}", str(clause_html(doc, clause.id))
            self._examples = out
        return self._examples


def alternative_texts(raw_body: str) -> dict[str, str]:
    """The source text of each ``::: name`` alternative of a clause body."""
    out: dict[str, list[str]] = {}
    current = None
    for line in raw_body.split("\n"):
        opened = re.match(r"^:::\s*([A-Za-z0-9_\-]+)\s*$", line.strip())
        if opened:
            current = opened.group(1)
            out[current] = []
        elif re.match(r"^:::\s*$", line.strip()):
            current = None
        elif current is not None:
            out[current].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in out.items()}


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic .zip of ``files`` (fixed timestamps, sorted names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def expand_uploads(uploads: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Uploaded files, with each .zip replaced by its members (size, count and ratio limited)."""
    out = []
    for filename, data in uploads:
        if not filename.lower().endswith(".zip"):
            out.append((filename, data))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise DataError(f"{filename}: not a zip file (or truncated)") from None
        with archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if len(infos) > MAX_PARTS:
                raise DataError(f"{filename}: {len(infos):,} files is more than the {MAX_PARTS:,} allowed")
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
                raise DataError(f"{filename}: would inflate to more than {MAX_UNCOMPRESSED_BYTES:,} bytes: refused as a zip bomb")
            for info in infos:
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
                    raise DataError(f"{filename}: {info.filename} compresses {info.file_size // info.compress_size}:1: refused as a zip bomb")
                if info.file_size > MAX_DOCX_BYTES:
                    raise DataError(f"{filename}: {info.filename} is larger than {MAX_DOCX_BYTES:,} bytes")
                try:
                    out.append((info.filename, archive.read(info)))
                except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
                    raise DataError(f"{filename}: {info.filename} is corrupt ({exc})") from None
    return out
