"""``manifest.json``: the one record of what a pack folder holds, and its only owner.

Written by ``build``, ``vary`` and ``batch``; read by ``check``, ``diff`` and ``batch``. A
pack manifest records the tool and clause-library versions, the input's hash, and per
document its file, kind, title, parties, and each clause's id, version, text and text hash
(plus the facts and expectations ``check`` needs, added by the caller).

Pure data (layer 0): the drafted ``Document`` and plain values in, JSON bytes out; and back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import __version__
from .document import Document, clause_text
from .errors import DataError
from .files import sha256

#: The manifest's file name inside a pack folder.
FILE_NAME = "manifest.json"
#: Largest manifest read back (a pack of a hundred documents is well under 20 MB).
MAX_BYTES = 64 * 1024 * 1024


def head(library: Any, templates: dict[str, str]) -> dict:
    """The fields every manifest starts with: the tool, the clause library, the templates.

    ``library`` is a ``ClauseLibrary`` (its ``info.name``, ``version`` and ``digest``).
    """
    return {
        "tool": "ncm-docs",
        "tool_version": __version__,
        "library": {"name": library.info.name, "version": library.version, "sha256": library.digest},
        "templates": dict(sorted(templates.items())),
    }


def document_entry(doc: Document, data: bytes, front_lines: list[str]) -> dict:
    """A document's entry: file, kind, the partnership version it reflects, parties, clauses,
    and ``front_lines`` (the text before the first clause: the cover page)."""
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
                **({"override": c.override} if c.override else {}),
            }
            for c, text in zip(doc.clauses, texts)
        ],
        "front": {"text": front, "text_sha256": sha256(front.encode("utf-8"))},
    }


def to_bytes(manifest: dict) -> bytes:
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


def read(folder: Path) -> dict:
    """The manifest of the pack in ``folder``, checked for the shape readers rely on.

    Raises ``DataError`` naming the folder or the manifest and the field.
    """
    path = folder / FILE_NAME
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(f"{folder}: no {FILE_NAME} (not a pack written by ncm-docs build)") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise DataError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB: not a pack manifest")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text: not a pack manifest") from None
    except RecursionError:
        raise DataError(f"{path}: nested too deeply: not a pack manifest") from None
    except ValueError as exc:  # JSONDecodeError, and integers too long to read
        raise DataError(f"{path}: not valid JSON ({str(exc).splitlines()[0]})") from None
    problem = shape_problem(manifest)
    if problem:
        raise DataError(f"{path}: {problem}")
    return manifest


def shape_problem(manifest: Any) -> str | None:
    """Why ``manifest`` is not a pack manifest readers can use, or None."""
    if not isinstance(manifest, dict):
        return "not a pack manifest (expected a JSON object)"
    if not isinstance(manifest.get("documents"), list):
        return "documents: missing (not a pack manifest)"
    for i, entry in enumerate(manifest["documents"]):
        if not isinstance(entry, dict):
            return f"documents[{i}]: not an object"
        if not isinstance(entry.get("file"), str) or not entry["file"] or Path(entry["file"]).name != entry["file"]:
            return f"documents[{i}].file: missing or not a plain file name"
        for key in ("kind", "title", "version", "sha256"):
            if key in entry and not isinstance(entry[key], str):
                return f"documents[{i}].{key}: not text"
        clauses = entry.get("clauses", [])
        if not isinstance(clauses, list):
            return f"documents[{i}].clauses: not a list"
        for j, clause in enumerate(clauses):
            if not isinstance(clause, dict) or not isinstance(clause.get("id"), str):
                return f"documents[{i}].clauses[{j}].id: missing"
            for key in ("version", "title", "part", "label", "text", "text_sha256"):
                if key in clause and not isinstance(clause[key], str):
                    return f"documents[{i}].clauses[{j}].{key}: not text"
        front = entry.get("front", {})
        if not isinstance(front, dict) or any(v is not None and not isinstance(v, str) for v in front.values()):
            return f"documents[{i}].front: malformed"
        if entry.get("vocabulary") is not None and not _texts(entry["vocabulary"]):
            return f"documents[{i}].vocabulary: not a list of text"
        parties = entry.get("parties", [])
        if not isinstance(parties, list):
            return f"documents[{i}].parties: not a list"
        for j, party in enumerate(parties):
            if not isinstance(party, dict) or any(party.get(k) is not None and not isinstance(party[k], str) for k in ("legal_name", "short_name", "role")):
                return f"documents[{i}].parties[{j}]: malformed"
    for key in ("facts", "expected", "history"):
        if manifest.get(key) is not None and not isinstance(manifest[key], list):
            return f"{key}: not a list"
    if manifest.get("only") is not None and not _texts(manifest["only"]):
        return "only: not a list of text"
    for i, item in enumerate(manifest.get("expected") or []):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("file", "kind", "title")):
            return f"expected[{i}]: needs file, kind and title as text"
    for i, item in enumerate(manifest.get("facts") or []):
        if not isinstance(item, dict):
            return f"facts[{i}]: not an object"
        if not all(isinstance(item.get(k), str) for k in ("key", "kind", "label", "value")) or not item["value"]:
            return f"facts[{i}]: needs key, kind, label and value as text"
        for key in ("parts", "clauses"):
            if item.get(key) is not None and not _texts(item[key]):
                return f"facts[{i}].{key}: not a list of text"
    for key in ("input", "library", "templates"):
        if manifest.get(key) is not None and not isinstance(manifest[key], dict):
            return f"{key}: not an object"
        for name, value in (manifest.get(key) or {}).items():
            if value is not None and not isinstance(value, str):
                return f"{key}.{name}: not text"
    if manifest.get("agreement_date") is not None and not isinstance(manifest["agreement_date"], str):
        return "agreement_date: not text"
    return None


def _texts(value: Any) -> bool:
    """True if ``value`` is a list of strings."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def read_if_written_by_us(folder: Path) -> dict | None:
    """The manifest ncm-docs wrote in ``folder``, or None (absent, unreadable, or another tool's)."""
    try:
        manifest = read(folder)
    except DataError:
        return None
    return manifest if manifest.get("tool") == "ncm-docs" else None


def files_written(manifest: dict | None) -> set[str]:
    """The files a manifest says ncm-docs wrote (plain names only), the manifest included."""
    if manifest is None:
        return set()
    names = {d.get("file") for d in manifest["documents"] if isinstance(d, dict)}
    return {n for n in names if isinstance(n, str) and n and Path(n).name == n} | {FILE_NAME}
