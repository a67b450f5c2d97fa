"""``absorb``: carry a hand-edited pack back into the partnership file it was built from.

Lawyers negotiate in Word; the next build must not throw their words away. ``absorb``
reads a pack (as agreed: pending tracked changes are proposals and stay out unless
``accept_proposals``) against the partnership file it was built from and writes a new
partnership file, the same file with its comments and key order kept, plus:

- **data changes**: an edit that only changes a value the documents print from the data
  (a party's legal name or address, a date, a term, a money value, a percentage) is
  made to the data, so every document that prints it follows on the next build;
- **clause overrides**: any other edit to a clause becomes negotiated wording for that
  clause (``clause_overrides``: the text as clause markup, the library version it was
  negotiated against, the library's text then, who and when where the file says so).

Anything it cannot carry back (a clause deleted whole, a cover page edited by hand, a
clause pasted in from elsewhere, pending proposals) is reported, never dropped silently.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from .checks.packs import FRONT, Pack, PackDocument, accepted_pack, read_pack
from .docx.carriers import ClauseRef
from .docx.clause_markup import clause_blocks
from .errors import AbsorbError, DataError
from .files import sha256, write_files
from .load import read_data, validate_partnership
from .markup import format_body
from .model import Partnership


@dataclass
class DataChange:
    """A value changed in the data: where, from what, to what, seen in which documents."""

    path: str
    old: Any
    new: Any
    files: list[str]

    def describe(self) -> str:
        return f"{self.path}: {_show(self.old)} -> {_show(self.new)} (edited in {', '.join(self.files)})"


@dataclass
class AbsorbReport:
    """What ``absorb`` carried back, and what it could not."""

    output: Path
    data_changes: list[DataChange] = field(default_factory=list)
    overrides: list[dict] = field(default_factory=list)
    not_absorbed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "output": str(self.output),
            "data_changes": [{"path": c.path, "old": _plain(c.old), "new": _plain(c.new), "files": c.files} for c in self.data_changes],
            "overrides": [{k: _plain(v) for k, v in o.items() if k not in ("text", "library_text")} for o in self.overrides],
            "not_absorbed": self.not_absorbed,
        }


def _show(value: Any) -> str:
    if isinstance(value, dict) and "lines" in value:
        return ", ".join([*value["lines"], value.get("postcode", "")])
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.date, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# -- facts the documents print, back to the data -------------------------------------------------

def _parse_date(text: str) -> _dt.date:
    return _dt.datetime.strptime(" ".join(text.split()), "%d %B %Y").date()


def _parse_years(text: str) -> int:
    match = re.fullmatch(r"(\d+) years?", text.strip())
    if not match:
        raise ValueError(text)
    return int(match.group(1))


def _parse_number(text: str, prefix: str = "", suffix: str = "") -> int | float:
    body = text.strip()
    if not body.startswith(prefix) or not body.endswith(suffix):
        raise ValueError(text)
    body = body[len(prefix):len(body) - len(suffix) if suffix else None].replace(",", "")
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise ValueError(text) from None
    return int(value) if value == value.to_integral_value() else float(value)


def _parse_address(text: str) -> dict:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) < 2:
        raise ValueError(text)
    return {"lines": parts[:-1], "postcode": parts[-1]}


#: Path step: a key, or (list key, item key, item value) to find an item of a list.
Step = str | tuple[str, str, str]


def _data_target(key: str, p: Partnership) -> tuple[list[Step], Callable[[str], Any]] | None:
    """Where in the data a fact (by its manifest key) comes from, and how to read its printed value back."""
    parts = key.split(".")

    def party(short_name: str) -> Step | None:
        for collection in ("commissioners", "providers"):
            if any(x.short_name == short_name for x in getattr(p, collection)):
                return (collection, "short_name", short_name)
        return None

    term_of = {"head_contract": ["head_contract", "term"], "alliance": ["alliance", "term"]}
    if parts[0] == "party" and len(parts) == 3 and party(parts[1]):
        if parts[2] == "legal_name":
            return [party(parts[1]), "legal_name"], lambda s: s.strip()
        if parts[2] == "address":
            return [party(parts[1]), "address"], _parse_address
    if key == "document.agreement_date":
        return ["document", "agreement_date"], _parse_date
    if parts[0] == "subcontract" and len(parts) == 3:
        base: list[Step] = [("subcontracts", "provider", parts[1])]
        if parts[2] == "annual_value":
            return [*base, "annual_value"], lambda s: _parse_number(s, "£")
        term_of[f"subcontract.{parts[1]}"] = [*base, "term"]
        parts = [f"subcontract.{parts[1]}", parts[2]]
    if len(parts) == 2 and parts[0] in term_of:
        if parts[1] == "commencement":
            return [*term_of[parts[0]], "commencement"], _parse_date
        if parts[1] == "initial_years":
            return [*term_of[parts[0]], "initial_years"], _parse_years
    if key == "head_contract.annual_value":
        return ["head_contract", "annual_value"], lambda s: _parse_number(s, "£")
    if parts[0] == "service" and len(parts) == 3 and parts[2] == "annual_value":
        return [("services", "id", parts[1]), "annual_value"], lambda s: _parse_number(s, "£")
    if parts[:2] == ["alliance", "risk_share"] and len(parts) == 3 and hasattr(p.alliance.risk_gain_share, "shares"):
        return ["alliance", "risk_gain_share", "shares", parts[2]], lambda s: _parse_number(s, "", "%")
    if parts[:2] == ["alliance", "risk_gain_share"] and len(parts) == 3:
        return ["alliance", "risk_gain_share", parts[2]], lambda s: _parse_number(s, "", "%")
    return None


def _path_text(steps: list[Step]) -> str:
    """``providers[NCH].address``: a path as the partnership file's reader would write it."""
    return ".".join(f"{step[0]}[{step[2]}]" if isinstance(step, tuple) else step for step in steps)


def _node(data: Any, steps: list[Step]) -> tuple[Any, Any]:
    """The container holding the last step, and that step's key."""
    node = data
    for step in steps[:-1]:
        node = _step(node, step)
    last = steps[-1]
    if isinstance(last, tuple):
        raise AbsorbError(f"cannot set a list item as a whole ({last})")
    return node, last


def _step(node: Any, step: Step) -> Any:
    if isinstance(step, tuple):
        collection, item_key, value = step
        return next(item for item in node[collection] if item.get(item_key) == value)
    return node[step]


def _set(data: Any, steps: list[Step], value: Any) -> None:
    container, key = _node(data, steps)
    current = container.get(key)
    if isinstance(value, dict) and isinstance(current, dict):  # an address: keep the mapping (and its style)
        for k, v in value.items():
            if isinstance(v, list) and isinstance(current.get(k), list):
                current[k][:] = v
            else:
                current[k] = v
        return
    container[key] = value


# -- reading the pack ---------------------------------------------------------------------------

def _who_and_when(document: PackDocument, clause_id: str, proposals: list) -> tuple[str | None, _dt.date | None]:
    """Who edited a clause and when, where the file says: the authors of its accepted tracked
    changes (``proposals``: the document's, when they are taken as agreed), else the
    document's last editor (if not ncm-docs itself)."""
    read = document.read
    if proposals:
        mine = [p for p in proposals if p.clause_id == clause_id]
        if mine:
            authors = ", ".join(dict.fromkeys(p.author for p in mine))
            dates = sorted(p.date[:10] for p in mine if p.date)
            return authors, _date_or_none(dates[-1]) if dates else None
    core = read.parts.get("docProps/core.xml", b"") if read is not None else b""
    by = _core_value(core, "lastModifiedBy")
    when = _core_value(core, "modified")
    if by and by != "ncm-docs":
        return by, _date_or_none((when or "")[:10])
    return None, None


def _core_value(core: bytes, name: str) -> str | None:
    match = re.search(rb"<[\w]*:?" + name.encode() + rb"\b[^>]*>([^<]*)<", core)
    return match.group(1).decode("utf-8", "replace").strip() if match else None


def _date_or_none(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def _explained(original: str, current: str, replacements: list[tuple[str, str]]) -> bool:
    """True if replacing each old value by its new one turns ``original`` into ``current``."""
    text = original
    for old, new in replacements:
        text = text.replace(old, new)
    return text == current


def absorb(partnership_path: str | Path, pack_folder: str | Path, output: str | Path, *,
           force: bool = False, accept_proposals: bool = False) -> AbsorbReport:
    """Read ``pack_folder`` against ``partnership_path`` and write ``output`` (see the module docstring)."""
    path, folder, output = Path(partnership_path), Path(pack_folder), Path(output)
    if output.exists() and not force:
        raise AbsorbError(f"{output}: exists; use --force to replace it")
    data, raw = read_data(path)
    partnership = validate_partnership(data, path)
    pack = read_pack(folder)
    built_from = (pack.manifest.get("input") or {}).get("sha256")
    if built_from != sha256(raw):
        raise AbsorbError(
            f"{folder}: was not built from {path} as it is now (manifest input sha256 {str(built_from)[:12]}…, "
            f"file {sha256(raw)[:12]}…); absorb the pack into the partnership file it was built from"
        )
    report = AbsorbReport(output)
    pending = [(d.file, p) for d in pack.present for p in d.read.proposals]
    if pending and not accept_proposals:
        files = sorted({f for f, _ in pending})
        report.not_absorbed.append(
            f"{len(pending)} pending tracked change{'s' if len(pending) != 1 else ''} in {', '.join(files)}: proposals, "
            "not absorbed (accept or reject them in Word, or absorb with --accept-proposals)"
        )
    taken: dict[str, list] = {}
    if pending and accept_proposals:
        taken = {d.file: list(d.read.proposals) for d in pack.present}
        pack = accepted_pack(pack) or pack
    document = _load_for_editing(path, raw)
    facts = _absorb_facts(pack, partnership, document, report)
    _absorb_clauses(pack, partnership, document, facts, taken, report)
    text = _dump(path, document)
    try:
        from .load import parse_data

        validate_partnership(parse_data(output.with_suffix(path.suffix), text.encode("utf-8")), output)
    except DataError as exc:
        raise AbsorbError(f"{output}: the absorbed partnership would not be valid, so it was not written:\n{exc}") from None
    write_files(output.parent, {output.name: text.encode("utf-8")}, force=force)
    return report


def _absorb_facts(pack: Pack, partnership: Partnership, document: Any, report: AbsorbReport) -> list[tuple[str, str]]:
    """Make each recognised fact edit a data change; return the (old, new) printed values absorbed."""
    by_fact: dict[str, dict[str, set[str]]] = {}
    for change in pack.fact_changes:
        if not change.now:
            continue
        for fact in change.facts:
            by_fact.setdefault(fact.key, {}).setdefault(change.now, set()).add(change.file)
    absorbed: list[tuple[str, str]] = []
    facts = {f.key: f for f in pack.facts}
    for key, values in sorted(by_fact.items()):
        fact = facts[key]
        if len(values) > 1:
            report.not_absorbed.append(f"{fact.label}: edited to different values ({', '.join(sorted(values))}); not absorbed")
            continue
        [(now, files)] = values.items()
        target = _data_target(key, partnership)
        if target is None:
            continue  # not a value the data holds as printed: the clause edit becomes an override
        steps, parse = target
        try:
            value = parse(now)
        except ValueError:
            report.not_absorbed.append(f"{fact.label}: '{now}' cannot be read back as data; not absorbed")
            continue
        old = _step_value(partnership.model_dump(mode="python", by_alias=True), steps)
        _set(document, steps, value)
        report.data_changes.append(DataChange(_path_text(steps), old, value, sorted(files)))
        absorbed.append((fact.value, now))
    return absorbed


def _step_value(data: Any, steps: list[Step]) -> Any:
    node = data
    for step in steps:
        node = _step(node, step)
    return node


def _absorb_clauses(pack: Pack, partnership: Partnership, document: Any, facts: list[tuple[str, str]],
                    taken: dict[str, list], report: AbsorbReport) -> None:
    groups: dict[tuple[str, str, str | None], dict] = {}
    having: dict[str, list[str]] = {}  # clause id -> the documents that have it
    for doc in pack.present:
        stem = Path(doc.file).stem
        for segment in doc.segments:
            having.setdefault(segment.id, []).append(stem)
            if not segment.edited:
                continue
            if segment.original is None:
                report.not_absorbed.append(f"{doc.file}: {segment.label} was edited, but the pack is too old to record its text; not absorbed")
                continue
            if _explained(segment.original, segment.current, facts):
                continue  # the data changes above say it all
            if segment.id == FRONT:
                report.not_absorbed.append(f"{doc.file}: the cover page was edited by hand; not absorbed (it is drafted from the data and the template)")
                continue
            read = doc.read.clause(segment.id)
            known = [ClauseRef(c["id"], c.get("version", ""), c.get("title", "")) for c in doc.entry.get("clauses", [])]
            blocks = clause_blocks(read, segment.part, doc.read, known)
            text = format_body(blocks)
            if not text.strip():
                report.not_absorbed.append(f"{doc.file}: {segment.label} was emptied; not absorbed (a clause cannot be overridden with nothing)")
                continue
            if "\u27e6definitions\u27e7" in (segment.original or "") or segment.id.endswith(".definitions"):
                report.not_absorbed.append(f"{doc.file}: {segment.label} lists the defined terms, drafted from definitions.yaml; edit the definitions there (not absorbed)")
                continue
            title = read.title if read.title != segment.title else None
            who, when = _who_and_when(doc, segment.id, taken.get(doc.file, []))
            group = groups.setdefault((segment.id, text, title), {
                "clause": segment.id, "library_version": segment.version, "documents": [], "title": title, "text": text,
                "library_text": segment.original, "agreed_by": who, "agreed_on": when,
            })
            group["documents"].append(stem)
        for clause in doc.unknown_clauses:
            report.not_absorbed.append(f"{doc.file}: clause {clause.title!r} is not from this pack (pasted in?); not absorbed")
        for segment in doc.segments:
            if segment.current is None and segment.id != FRONT:
                report.not_absorbed.append(f"{doc.file}: {segment.label} was deleted whole; not absorbed (leave it out through the data, or override its wording)")
    existing = {o.clause: o for o in partnership.clause_overrides}
    for group in groups.values():
        if sorted(group["documents"]) == sorted(having.get(group["clause"], [])):
            group["documents"] = []  # every document that has the clause
        previous = existing.get(group["clause"])
        if previous is not None and previous.library_text:
            group["library_text"] = previous.library_text  # the library's text, not the earlier negotiated one
        report.overrides.append(group)
    _write_overrides(document, report.overrides)


def _write_overrides(document: Any, overrides: list[dict]) -> None:
    if not overrides:
        return
    entries = document.get("clause_overrides")
    if entries is None:
        entries = _new_list(document)
        document["clause_overrides"] = entries
        _comment(document, "clause_overrides",
                 "Negotiated clause wording (ncm-docs absorb): drafted instead of the clause library's text.\n"
                 "When the library changes one of these clauses, build and impact report the conflict.")
    for override in overrides:
        scope = sorted(override["documents"])
        for old in [e for e in entries if e.get("clause") == override["clause"] and sorted(e.get("documents") or []) == scope]:
            entries.remove(old)
        entries.append(_entry(document, override))


# -- YAML (comments and key order kept) and JSON --------------------------------------------------

def _load_for_editing(path: Path, raw: bytes) -> Any:
    text = raw.decode("utf-8-sig")
    if path.suffix.lower() == ".json":
        return json.loads(text)
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml.load(text)


def _dump(path: Path, document: Any) -> str:
    if path.suffix.lower() == ".json":
        return json.dumps(document, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  - item", as partnership files are written
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _new_list(document: Any) -> Any:
    if isinstance(document, dict) and type(document) is dict:
        return []
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def _comment(document: Any, key: str, text: str) -> None:
    if hasattr(document, "yaml_set_comment_before_after_key"):
        document.yaml_set_comment_before_after_key(key, before=text)


def _entry(document: Any, override: dict) -> Any:
    values = {k: override[k] for k in ("clause", "library_version", "documents", "title", "text", "library_text", "agreed_by", "agreed_on")
              if override.get(k) not in (None, [], "") or k in ("clause", "library_version", "text")}
    if type(document) is dict:  # JSON
        return {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in values.items()}
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    entry = CommentedMap()
    for key, value in values.items():
        if key in ("text", "library_text"):
            value = LiteralScalarString(value if value.endswith("\n") else value + "\n")
        elif key == "documents":
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            value = seq
        entry[key] = value
    return entry
