"""Comparing two versions: two .docx files, two pack folders, or two partnership files.

``compare`` reads both sides (every .docx through the safe reader; partnership files
are drafted in memory with ``draft_pack``), pairs documents by file name, aligns each
pair clause by clause (a file with tracked changes is compared as agreed, every proposal
rejected, and its proposals are listed apart) and, for partnership files, lists the changed data and the
clauses each change reaches. ``redlines`` turns a comparison into tracked-change .docx files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diff.align import diff_documents
from ..diff.data import DataChange, diff_data
from ..diff.model import ADDED, REMOVED, UNCHANGED, DocText, DocumentDiff
from ..docx.reader import read_docx, read_docx_bytes
from ..docx.redline import redline_document
from ..docx.sections import doc_text
from ..errors import NcmError
from ..files import PARTNERSHIP_SUFFIXES, sha256


@dataclass
class DocumentPair:
    """One document in both versions (``old`` or ``new`` None if it is only in one)."""

    name: str
    old: object | None  # ReadDocument
    new: object | None
    diff: DocumentDiff

    def proposals(self, side: str) -> list:
        """Pending tracked changes in one side's file (``old`` or ``new``): not compared, listed."""
        document = self.old if side == "old" else self.new
        return list(getattr(document, "proposals", None) or [])


@dataclass
class Comparison:
    """Everything ``ncm-docs diff`` reports."""

    kind: str  # docx, pack or partnership
    old: str
    new: str
    documents: list[DocumentPair]
    data: list[DataChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """True if any document or any data differs, or NEW holds tracked changes still pending."""
        return bool(self.data) or any(p.diff.has_changes or p.proposals("new") for p in self.documents)


def input_kind(path: Path) -> str:
    """``docx``, ``pack`` or ``partnership`` for a path given to ``diff``."""
    if path.is_dir():
        return "pack"
    if not path.exists():
        raise NcmError(f"{path}: no such file or folder")
    if path.suffix.lower() == ".docx":
        return "docx"
    if path.suffix.lower() in PARTNERSHIP_SUFFIXES:
        return "partnership"
    raise NcmError(f"{path}: not a .docx, a pack folder or a partnership file (.yaml, .yml, .json)")


def compare(old: str | Path, new: str | Path, *, clauses_dir: Path | None = None, template_dir: Path | None = None) -> Comparison:
    """Read both versions and align them; see the module docstring."""
    old, new = Path(old), Path(new)
    kind = input_kind(old)
    if input_kind(new) != kind:
        raise NcmError(f"{old} is a {kind} but {new} is a {input_kind(new)}: compare two of the same kind")
    if kind == "docx":
        documents = _pair({new.name: read_docx(old)}, {new.name: read_docx(new)})
        return Comparison(kind, str(old), str(new), documents)
    if kind == "pack":
        return Comparison(kind, str(old), str(new), _pair(_read_pack(old), _read_pack(new)))
    return _compare_partnerships(old, new, clauses_dir, template_dir)


def _read_pack(folder: Path) -> dict:
    files = sorted(p for p in folder.glob("*.docx") if not p.name.startswith((".", "~$")))
    if not files:
        raise NcmError(f"{folder}: no .docx files in this folder")
    return {p.name: read_docx(p) for p in files}


def _pair(old: dict, new: dict) -> list[DocumentPair]:
    from ..docx.reader import with_known_clauses

    pairs = []
    for name in list(new) + [n for n in old if n not in new]:
        before, after = old.get(name), new.get(name)
        if before is not None and after is not None:  # a side whose clause map was lost learns the other's
            if before.clause_map is None and after.clause_map:
                before = with_known_clauses(before, after.clause_map)
            elif after.clause_map is None and before.clause_map:
                after = with_known_clauses(after, before.clause_map)
        old_text = doc_text(before, name) if before is not None else DocText(name, [])
        new_text = doc_text(after, name) if after is not None else DocText(name, [])
        diff = diff_documents(old_text, new_text, name)
        if before is None:
            diff.status = ADDED
        elif after is None:
            diff.status = REMOVED
        pairs.append(DocumentPair(name, before, after, diff))
    return pairs


def _compare_partnerships(old: Path, new: Path, clauses_dir: Path | None, template_dir: Path | None) -> Comparison:
    # Drafting loads the schema, Jinja and the clause library: only for partnership files,
    # so comparing two .docx files never pays for them.
    from ..library import load_library
    from ..library.uses import clause_uses, reads
    from ..load import read_data, validate_partnership
    from ..pack import draft_pack

    library = load_library(clauses_dir)
    sides = []
    for path in (old, new):
        data, raw = read_data(path)
        partnership = validate_partnership(data, path, raw)
        drafted = draft_pack(partnership, library, input_name=path.name, input_sha256=sha256(raw), template_dir=template_dir)
        documents = {name: read_docx_bytes(content, name) for name, content in drafted.files.items()}
        sides.append((partnership.model_dump(mode="json", by_alias=True), documents))
    documents = _pair(sides[0][1], sides[1][1])
    changes = diff_data(sides[0][0], sides[1][0])
    uses = {cid: clause_uses(clause, library.env) for cid, clause in library.clauses.items()}
    for change in changes:
        for pair in documents:
            if pair.diff.status in (ADDED, REMOVED):  # a whole document: name it, not each clause
                if any(e.id in uses and reads(uses[e.id], change.path) for e in pair.diff.sections):
                    change.affects.append((pair.name, ""))
                continue
            for entry in pair.diff.sections:
                if entry.id in uses and entry.status != UNCHANGED and reads(uses[entry.id], change.path):
                    if (pair.name, entry.id) not in change.affects:
                        change.affects.append((pair.name, entry.id))
    return Comparison("partnership", str(old), str(new), documents, changes)


def redlines(comparison: Comparison, *, author: str, date: str | None) -> dict[str, bytes]:
    """Tracked-change .docx bytes per document (a removed document: all of it deleted).

    Rewrites the documents' XML trees in place: make reports before calling this.
    """
    out = {}
    for pair in comparison.documents:
        base = pair.new if pair.new is not None else pair.old
        out[pair.name] = redline_document(base, pair.diff, author=author, date=date)
    return out
