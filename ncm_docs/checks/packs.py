"""A pack folder read back for the document rules: as built (manifest) and as it is now.

Every document is read through the safe .docx reader. Each document is split into
*segments*: its cover page and its clauses (found by their carriers; see
``docx.carriers``, with the manifest's list of clauses as the last fallback). A segment's text
as built comes from the manifest; its text now comes from the file. Where they differ,
the changed words are found, and so are the facts whose printed value they touched.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..docx.carriers import ClauseRef
from ..docx.reader import ReadClause, ReadDocument, read_docx, read_docx_bytes
from .. import manifest as manifest_format
from ..errors import DataError
from .facts import Fact, occurrences

FRONT = "cover page"
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class Segment:
    """The cover page or one clause of a document: its text as built and now."""

    id: str  # clause id, or FRONT
    part: str  # the clause's part, or "front"
    label: str  # "clause 12", "Schedule 2", "the parties clause", "the cover page"
    version: str
    title: str
    original: str | None  # None: the manifest holds no text (an older pack)
    original_sha256: str
    current: str | None  # None: not found in the file

    @property
    def edited(self) -> bool:
        """True if the text now differs from the text as built."""
        if self.current is None:
            return False
        return hashlib.sha256(self.current.encode("utf-8")).hexdigest() != self.original_sha256

    @cached_property
    def _diff(self):
        old, new = _tokens(self.original or ""), _tokens(self.current or "")
        matcher = difflib.SequenceMatcher(None, [t for t, _ in old], [t for t, _ in new], autojunk=False)
        return old, new, matcher.get_opcodes()

    @property
    def changes(self) -> list[tuple[str, str]]:
        """The hand edits as ``(text as built, text now)`` pairs, in order."""
        if not self.edited or self.original is None or self.current is None:
            return []
        old, new, opcodes = self._diff
        return [(_text(self.original, old, i1, i2), _text(self.current, new, j1, j2))
                for op, i1, i2, j1, j2 in opcodes if op != "equal"]

    def changed_text_at(self, span: tuple[int, int]) -> str | None:
        """What the original text at ``span`` says now, or None if no edit touched it."""
        if not self.edited or self.original is None or self.current is None:
            return None
        old, new, opcodes = self._diff
        first = next((k for k, (_, (s, _e)) in enumerate(old) if s >= span[0]), len(old))
        last = next((k for k, (_, (s, _e)) in enumerate(old) if s >= span[1]), len(old))
        touched = any(
            op != "equal" and (i1 < last and first < i2 or (i1 == i2 and first < i1 < last))
            for op, i1, i2, _j1, _j2 in opcodes
        )
        if not touched:
            return None
        return _text(self.current, new, _map(opcodes, first, start=True), _map(opcodes, last, start=False))


def _tokens(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(m.group(), m.span()) for m in _TOKEN.finditer(text)]


def _text(text: str, tokens, i1: int, i2: int) -> str:
    return text[tokens[i1][1][0]:tokens[i2 - 1][1][1]] if i1 < i2 else ""


def _map(opcodes, index: int, start: bool) -> int:
    """The token index in the new text matching token ``index`` of the old.

    A span that starts or ends inside a replaced stretch takes in all of its replacement.
    """
    for op, i1, i2, j1, j2 in opcodes:
        if i1 <= index < i2:
            if op == "equal":
                return j1 + index - i1
            return j1 if start or index == i1 else j2
    return opcodes[-1][4] if opcodes else 0


@dataclass
class PackDocument:
    """One document of the pack: its manifest entry, the file as read, its segments."""

    file: str
    kind: str
    title: str
    entry: dict
    read: ReadDocument | None  # None: the file is missing
    segments: list[Segment] = field(default_factory=list)
    unknown_clauses: list[ReadClause] = field(default_factory=list)

    def segment(self, segment_id: str) -> Segment | None:
        """The segment with this id."""
        return next((s for s in self.segments if s.id == segment_id), None)


@dataclass(frozen=True)
class FactChange:
    """A fact's printed value changed by hand in one segment of one document."""

    value: str
    facts: tuple[Fact, ...]
    file: str
    segment: Segment
    now: str


@dataclass
class Pack:
    """A pack folder: its manifest, documents, facts and the hand edits to them."""

    folder: Path
    manifest: dict
    documents: list[PackDocument]
    facts: list[Fact]
    docx_names: list[str] = field(default_factory=list)  # every .docx in the folder, listed or not

    @cached_property
    def facts_by_value(self) -> dict[str, tuple[Fact, ...]]:
        """Facts grouped by printed value (two facts can print alike: '1 April 2027')."""
        groups: dict[str, list[Fact]] = {}
        for fact in self.facts:
            groups.setdefault(fact.value, []).append(fact)
        return {value: tuple(facts) for value, facts in groups.items()}

    def occurrences(self, doc: PackDocument, value: str) -> list[tuple[Segment, tuple[int, int]]]:
        """Where ``value`` appears in ``doc`` as built, limited to the parts (and clauses) its facts count in."""
        facts = self.facts_by_value[value]
        parts = set() if any(not f.parts for f in facts) else {p for f in facts for p in f.parts}
        clauses = set() if any(not f.clauses for f in facts) else {c for f in facts for c in f.clauses}
        out = []
        for segment in doc.segments:
            if segment.original is None or (parts and segment.part not in parts) or (clauses and segment.id not in clauses):
                continue
            out += [(segment, span) for span in occurrences(value, segment.original)]
        return out

    @cached_property
    def fact_changes(self) -> list[FactChange]:
        """Every occurrence of a fact that a hand edit changed."""
        out = []
        for doc in self.present:
            if not any(s.edited for s in doc.segments):
                continue
            for value, facts in self.facts_by_value.items():
                for segment, span in self.occurrences(doc, value):
                    if segment.edited:
                        now = segment.changed_text_at(span)
                        if now is not None:
                            out.append(FactChange(value, facts, doc.file, segment, now))
        return out

    @property
    def present(self) -> list[PackDocument]:
        """The documents whose files were read."""
        return [d for d in self.documents if d.read is not None]

    def document(self, file: str) -> PackDocument | None:
        """The document of this file name."""
        return next((d for d in self.documents if d.file == file), None)


def read_pack(folder: str | Path) -> Pack:
    """Read a pack folder: the manifest and every document it lists that exists."""
    folder = Path(folder)
    manifest = manifest_format.read(folder)
    documents = []
    for entry in manifest["documents"]:
        path = folder / entry["file"]
        read = read_docx(path, _known(entry)) if path.exists() else None
        documents.append(_document(entry, read))
    names = sorted(p.name for p in folder.glob("*.docx"))
    return Pack(folder, manifest, documents, _facts(manifest, folder / manifest_format.FILE_NAME), names)


def read_pack_files(label: str | Path, manifest: dict, files: dict[str, bytes]) -> Pack:
    """A pack held in memory (``{file name: .docx bytes}`` and its manifest), read like a folder.

    ``label`` names the pack in findings; every file goes through the safe .docx reader.
    """
    label = Path(label)
    problem = manifest_format.shape_problem(manifest)
    if problem:
        raise DataError(f"{label / manifest_format.FILE_NAME}: {problem}")
    documents = []
    for entry in manifest["documents"]:
        data = files.get(entry["file"])
        documents.append(_document(entry, read_docx_bytes(data, label / entry["file"], _known(entry)) if data is not None else None))
    return Pack(label, manifest, documents, _facts(manifest, label / manifest_format.FILE_NAME), sorted(n for n in files if n.lower().endswith(".docx")))


def _known(entry: dict) -> list[ClauseRef]:
    """The clauses a manifest entry lists: the reader's last fallback for clauses whose carriers were lost."""
    return [ClauseRef(c["id"], c.get("version", ""), c.get("title", "")) for c in entry.get("clauses", [])]


def _facts(manifest: dict, path: Path) -> list[Fact]:
    try:
        return [Fact.from_dict(f) for f in manifest.get("facts") or []]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"{path}: facts: malformed ({exc})") from None


def accepted_pack(pack: Pack) -> Pack | None:
    """``pack`` read as if every tracked change in its documents were accepted; None if it has none."""
    if not any(d.read.proposals for d in pack.present):
        return None
    documents = [_document(d.entry, d.read.accepted if d.read is not None else None) for d in pack.documents]
    return Pack(pack.folder, pack.manifest, documents, pack.facts, pack.docx_names)


def _document(entry: dict, read: ReadDocument | None) -> PackDocument:
    doc = PackDocument(entry["file"], entry.get("kind", ""), entry.get("title", ""), entry, read)
    found = {c.id: c for c in read.clauses} if read else {}
    front = entry.get("front") or {}
    if front:
        current = "\n".join(read.front_lines) if read else None
        doc.segments.append(Segment(FRONT, "front", "the cover page", "", "", front.get("text"), front.get("text_sha256", ""), current))
    for c in entry.get("clauses", []):
        clause = found.get(c["id"])
        label = f"clause {c['label']}" if c.get("label", "").isdigit() else (c.get("label") or f"the {c.get('title', c['id']).lower()} clause")
        doc.segments.append(Segment(
            c["id"], c.get("part", "operative"), f"{label} ({c['id']})", c.get("version", ""), c.get("title", ""),
            c.get("text"), c.get("text_sha256", ""), clause.text if clause else None,
        ))
    listed = {c["id"] for c in entry.get("clauses", [])}
    doc.unknown_clauses = [c for c in (read.clauses if read else []) if c.id not in listed]
    return doc
