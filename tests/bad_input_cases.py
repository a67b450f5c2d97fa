"""The bad-input catalogue: each case is an input and the one-line error it must give.

Every case runs through the real CLI (``tests/test_bad_inputs.py``) and must exit 2 with
one readable ``Error:`` message naming the file and place, no traceback, and no output
written (existing outputs untouched). Cases are data: a name, how to make the input
from the seed sample, the command, and the text the message must contain.
"""

from __future__ import annotations

import copy
import io
import json
import struct
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Callable

import yaml

from helpers import LIBRARY_YAML, ROOT, clause_file

SEED_TEXT = (ROOT / "samples" / "northshire.yaml").read_text(encoding="utf-8")
SEED = yaml.safe_load(SEED_TEXT)
DEFAULT_TEMPLATE = (ROOT / "templates" / "default.docx").read_bytes()


@dataclass
class Case:
    """One bad input: files to write, the command to run, what the message must say."""

    id: str
    files: Callable[[], dict[str, str | bytes]]
    expected: list[str]
    args: list[str] = field(default_factory=lambda: ["build", "{dir}/partnership.yaml", "-o", "{dir}/out"])


def seed_with(change: Callable[[dict], None]) -> Callable[[], dict[str, str]]:
    """Files: the seed partnership after ``change`` has edited a deep copy of it."""

    def make() -> dict[str, str]:
        data = copy.deepcopy(SEED)
        change(data)
        return {"partnership.yaml": yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}

    return make


def raw(text: str | bytes, name: str = "partnership.yaml") -> Callable[[], dict[str, str | bytes]]:
    """Files: one file with exactly this content."""
    return lambda: {name: text}


def _set(path: str, value) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _rename_key(path: str, new: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[new] = node.pop(last)

    return change


def _delete(path: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return change


def with_library(clauses: dict[str, str], library_yaml: str = LIBRARY_YAML) -> Callable[[], dict[str, str]]:
    """Files: the seed partnership plus a clause library folder ``lib/``."""

    def make() -> dict[str, str]:
        files = {"partnership.yaml": SEED_TEXT, "lib/library.yaml": library_yaml}
        files.update({f"lib/{k}": v for k, v in clauses.items()})
        return files

    return make


LIB_ARGS = ["build", "{dir}/partnership.yaml", "-o", "{dir}/out", "--clauses", "{dir}/lib"]
TPL_ARGS = ["build", "{dir}/partnership.yaml", "-o", "{dir}/out", "--template", "{dir}/tpl"]


def with_template(data: bytes) -> Callable[[], dict[str, str | bytes]]:
    """Files: the seed partnership plus a template folder ``tpl/`` holding ``default.docx``."""
    return lambda: {"partnership.yaml": SEED_TEXT, "tpl/default.docx": data}


def rezip(source: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    """A copy of a .docx with its parts changed by ``change``."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _split_tag_template() -> bytes:
    """A template whose ``{{ title }}`` Word split across runs (must still work)."""

    def change(parts):
        xml = parts["word/header1.xml"].decode()
        xml = xml.replace("{{ title }}", '{{ ti</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">tle }}')
        parts["word/header1.xml"] = xml.encode()

    return rezip(DEFAULT_TEMPLATE, change)


def _deep_yaml() -> str:
    return "partnership: " + "[" * 60 + "]" * 60 + "\n"


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _seed_pack() -> dict[str, bytes]:
    """The seed pack's files (drafted once, in memory)."""
    global _PACK
    if _PACK is None:
        from ncm_docs.library import load_library
        from ncm_docs.load import validate_partnership
        from ncm_docs import manifest
        from ncm_docs.pack import draft_pack

        drafted = draft_pack(validate_partnership(copy.deepcopy(SEED)), load_library(), input_name="northshire.yaml", input_sha256="0" * 64)
        _PACK = {**drafted.files, manifest.FILE_NAME: manifest.to_bytes(drafted.manifest)}
    return _PACK


_PACK: dict[str, bytes] | None = None
GOOD_DOCX = "alliance-agreement.docx"


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * 300_000_000)  # 300 MB that deflates to ~300 KB
    return out.getvalue()


_BAD_DOCX: dict[str, Callable[[], bytes]] = {
    "not-a-zip": lambda: b"%PDF-1.7 this is not a Word file",
    "truncated": lambda: _seed_pack()[GOOD_DOCX][:5000],
    "zip-bomb": _zip_bomb,
    "doctype-entities": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.__setitem__(
        "word/document.xml", b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>')),
    "missing-document-part": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.pop("word/document.xml")),
    "macro-enabled-docm": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.__setitem__("word/vbaProject.bin", b"\0" * 128)),
    "malformed-xml": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.__setitem__("word/document.xml", b"<w:document><w:body>")),
}
def _recompressed(method: int, part: str = "word/document.xml") -> bytes:
    """The seed document with one part compressed by another zip method (Python can read it; a .docx may not use it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_seed_pack()[GOOD_DOCX])) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            w.writestr(info.filename, z.read(info), compress_type=method if info.filename == part else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _corrupt_deflate() -> bytes:
    """The seed document with bytes inside word/document.xml's deflate stream flipped (zlib.error)."""
    data = bytearray(_seed_pack()[GOOD_DOCX])
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        offset = z.getinfo("word/document.xml").header_offset
    name_length, extra_length = struct.unpack("<HH", bytes(data[offset + 26 : offset + 30]))
    start = offset + 30 + name_length + extra_length
    for i in range(5, 25):
        data[start + i] ^= 0xFF
    return bytes(data)


def _duplicate_part() -> bytes:
    """Two parts named word/document.xml: Word could show one while check reads the other."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_seed_pack()[GOOD_DOCX])) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            w.writestr(info.filename, z.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
            w.writestr("Word/Document.xml", b"<w:document/>")
    return out.getvalue()


_UTF16_DOCTYPE = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
_BAD_DOCX.update({
    "corrupt-deflate": _corrupt_deflate,
    "lzma-member": lambda: _recompressed(zipfile.ZIP_LZMA),
    "bzip2-member": lambda: _recompressed(zipfile.ZIP_BZIP2),
    "duplicate-part": _duplicate_part,
    "utf16-doctype": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.__setitem__("word/document.xml", _UTF16_DOCTYPE.encode("utf-16"))),
    "utf16-doctype-no-bom": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.__setitem__("word/settings.xml", _UTF16_DOCTYPE.encode("utf-16-le"))),
    "ebcdic-part": lambda: rezip(_seed_pack()[GOOD_DOCX], lambda p: p.__setitem__("word/document.xml", '<?xml version="1.0" encoding="cp037"?><d/>'.encode("cp037"))),
})
_BAD_DOCX_MESSAGES = {
    "corrupt-deflate": "part word/document.xml is corrupt",
    "lzma-member": "compressed with LZMA",
    "bzip2-member": "compressed with bzip2",
    "duplicate-part": "two parts named word/document.xml",
    "utf16-doctype": "has a DOCTYPE: refused",
    "utf16-doctype-no-bom": "has a DOCTYPE: refused",
    "ebcdic-part": "in an encoding ncm-docs does not know",
    "not-a-zip": "not a .docx",
    "truncated": "not a .docx",
    "zip-bomb": "refused as a zip bomb",
    "doctype-entities": "has a DOCTYPE: refused",
    "missing-document-part": "no word/document.xml",
    "macro-enabled-docm": "contains macros",
    "malformed-xml": "not well-formed XML",
}


def diff_case(kind: str) -> Case:
    """``ncm-docs diff good.docx bad.docx``: the bad file is named."""
    return Case(
        f"diff-docx-{kind}",
        lambda: {"good.docx": _seed_pack()[GOOD_DOCX], "bad.docx": _BAD_DOCX[kind]()},
        ["bad.docx", _BAD_DOCX_MESSAGES[kind]],
        ["diff", "{dir}/good.docx", "{dir}/bad.docx"],
    )


def check_case(kind: str) -> Case:
    """``ncm-docs check PACK`` where one document of the pack is broken."""

    def files() -> dict[str, bytes]:
        pack = {f"pack/{name}": data for name, data in _seed_pack().items()}
        pack[f"pack/{GOOD_DOCX}"] = _BAD_DOCX[kind]()
        return pack

    return Case(f"check-docx-{kind}", files, [GOOD_DOCX, _BAD_DOCX_MESSAGES[kind]], ["check", "{dir}/pack"])


CASES: list[Case] = [
    # ---- partnership files -------------------------------------------------------------
    Case("yaml-syntax", raw("partnership:\n  name: [unclosed\ndocument: {}\n"), ["partnership.yaml, line 2", "bracket opened on this line is not closed"]),
    Case("yaml-tab-indent", raw("partnership:\n\tname: x\n"), ["partnership.yaml, line 2", "indented with a tab"]),
    Case("json-syntax", raw('{"partnership": {"name": "x",}}', "partnership.json"), ["partnership.json: line 1, column", "not valid JSON"],
         ["build", "{dir}/partnership.json", "-o", "{dir}/out"]),
    Case("empty-file", raw(""), ["partnership.yaml: expected a mapping of sections", "an empty file"]),
    Case("top-level-list", raw("- a\n- b\n"), ["expected a mapping", "a list"]),
    Case("wrong-type-money", seed_with(_set("head_contract.annual_value", "lots")), ["partnership.yaml, line", "head_contract.annual_value: write a plain number of pounds"]),
    Case("wrong-type-list", seed_with(_set("services", "all of them")), ["partnership.yaml, line", "services: should be a list"]),
    Case("wrong-enum", seed_with(_set("providers.2.kind", "trsut")), ["partnership.yaml, line", "providers[3] (NGPF).kind: 'trsut' is not one of the choices"]),
    Case("wrong-decision-kind", seed_with(_set("alliance.governance.decision_rule", {"kind": "unanimous"})), ["alliance.governance.decision_rule.kind: kind 'unanimous' is not one of the choices (did you mean 'unanimity'?)"]),
    Case("missing-field", seed_with(_delete("document.agreement_date")), ["document.agreement_date: missing: add 'agreement_date:'"]),
    Case("missing-section", seed_with(_delete("alliance")), ["alliance: missing: add 'alliance:'"]),
    Case("unknown-field-suggests", seed_with(_rename_key("alliance.governance.quorum", "quorom")), ["alliance.governance: unknown field 'quorom': did you mean 'quorum'?"]),
    Case("unknown-top-level", seed_with(_set("comissioners", [])), ["unknown field 'comissioners' (did you mean 'commissioners'?)"]),
    Case("duplicate-short-name", seed_with(_set("providers.1.short_name", "NHFT")), ["providers[2] (NHFT).short_name: 'NHFT' is already used by providers[1] (NHFT).short_name"]),
    Case("duplicate-legal-name", seed_with(_set("providers.2.legal_name", "Northshire Hospitals NHS Foundation Trust")), ["providers[3] (NGPF).legal_name: 'Northshire Hospitals NHS Foundation Trust' is already used"]),
    Case("duplicate-yaml-key", raw(SEED_TEXT.replace("  short_name: NICP\n", "  short_name: NICP\n  short_name: NICP2\n")), ["duplicate key 'short_name'"]),
    Case("two-lead-providers", seed_with(_set("providers.1.lead", True)), ["exactly one provider must have 'lead: true' (found 2"]),
    Case("no-coordinating", seed_with(_set("commissioners.0.coordinating", False)), ["exactly one commissioner must have 'coordinating: true' (found 0)"]),
    Case("unknown-party-reference", seed_with(_set("subcontracts.0.provider", "NOPE")), ["subcontracts[1] (NOPE).provider: 'NOPE' is not a known provider"]),
    Case("unknown-service-reference", seed_with(_set("subcontracts.0.services", ["NOPE"])), ["subcontracts[1] (NWMH).services[1] (NOPE): 'NOPE' is not a known service"]),
    Case("dates-out-of-order", seed_with(_set("subcontracts.0.term.commencement", "2026-01-01")), ["subcontracts[1] (NWMH).term.commencement: 2026-01-01 is before the head contract's commencement"]),
    Case("invalid-date", seed_with(_set("document.agreement_date", "2027-02-30")), ["document.agreement_date: \"2027-02-30\" is not a real date: February 2027 has 28 days"]),
    Case("negative-share", seed_with(_set("alliance.risk_gain_share.shares.NHFT", -5)), ["alliance.risk_gain_share.shares.NHFT: must be a percentage from 0 to 100 (you wrote -5)"]),
    Case("share-over-100", seed_with(_set("alliance.risk_gain_share.shares.NHFT", 150)), ["alliance.risk_gain_share.shares.NHFT: must be a percentage from 0 to 100 (you wrote 150)"]),
    Case("negative-money", seed_with(_set("services.0.annual_value", -1)), ["services[1] (ACUTE).annual_value: cannot be negative"]),
    Case("non-utf8", raw(SEED_TEXT.replace("Northam", "Nortḧam").encode("utf-8").replace("ḧ".encode(), b"\xe9")), ["partnership.yaml: line", "not valid UTF-8"]),
    Case("huge-file", raw(b"# padding\n" * (5_300_000 // 10)), ["partnership.yaml: file is", "the limit is 5,242,880"]),
    Case("deep-nesting", raw(_deep_yaml()), ["nested more than 40 levels deep"]),
    Case("alias-bomb", raw(_alias_bomb()), ["alias bomb"]),
    Case("python-object-tag", raw("partnership: !!python/object/apply:os.system ['echo pwned']\n"), ["tags that build Python objects are refused"]),
    Case("control-character", seed_with(_set("providers.0.legal_name", "Northshire\x1bHospitals")), ["providers[1] (NHFT).legal_name: contains the control character U+001B"]),
    Case("line-break-in-name", seed_with(_set("providers.0.legal_name", "Northshire\nHospitals")), ["providers[1] (NHFT).legal_name: must be a single line"]),
    Case("unsafe-short-name", seed_with(_set("providers.1.short_name", "../etc")), ["providers[2] (../etc).short_name: '/' (solidus) is not allowed in a short name"]),
    Case("slug-collision", seed_with(lambda d: (_set("providers.2.short_name", "N-CH")(d), _set("subcontracts.1.provider", "N-CH")(d),
                                               _set("providers.3.short_name", "N&CH")(d), _set("subcontracts.2.provider", "N&CH")(d),
                                               _set("alliance.governance.representatives.2.provider", "N-CH")(d), _set("alliance.governance.representatives.3.provider", "N&CH")(d),
                                               d["alliance"]["shared_pot"]["contributions"][2].update(party="N-CH"), d["alliance"]["shared_pot"]["contributions"][3].update(party="N&CH"),
                                               d["alliance"]["risk_gain_share"].update(shares={"NHFT": 55, "NWMH": 25, "N-CH": 12, "N&CH": 8}),
                                               d["alliance"]["information_sharing"]["flows"][1].update({"from": "N-CH"}),
                                               d["alliance"]["information_sharing"]["flows"][2].update(to="N&CH"))),
         ["would both be written to subcontract-n-ch.docx"]),
    Case("name-too-long", seed_with(_set("providers.0.legal_name", "x" * 10_001)), ["providers[1] (NHFT).legal_name: is 10,001 characters long; the most allowed is 10,000"]),
    # ---- clause libraries ---------------------------------------------------------------
    Case("clause-sandbox-class", with_library({"a/x.md": clause_file("alliance.x", "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")}), ["x.md, line 9: '__class__' is not allowed"], LIB_ARGS),
    Case("clause-sandbox-globals", with_library({"a/x.md": clause_file("alliance.x", "{{ lead_provider.party.__globals__ }}\n")}), ["x.md, line 9: '__globals__' is not allowed"], LIB_ARGS),
    Case("clause-range-bomb", with_library({"a/x.md": clause_file("alliance.x", "{% for i in range(10**10) %}x{% endfor %}\n")}), ["x.md, line 9: 'range' is undefined"], LIB_ARGS),
    Case("clause-syntax-error", with_library({"a/x.md": clause_file("alliance.x", "fine\n{% if providers %}\nno endif\n")}), ["x.md, line 1", "endif"], LIB_ARGS),
    Case("clause-undefined-name", with_library({"a/x.md": clause_file("alliance.x", "{{ partnrship.name }}\n")}), ["x.md, line 9: 'partnrship' is undefined (did you mean 'partnership'?)"], LIB_ARGS),
    Case("clause-id-collision", with_library({"a/x.md": clause_file("alliance.x", "a\n"), "b/y.md": clause_file("alliance.x", "b\n")}), ["y.md: clause id 'alliance.x' is already used by"], LIB_ARGS),
    Case("clause-unknown-key", with_library({"a/x.md": clause_file("alliance.x", "a\n", extra="condition: observers\n")}), ["x.md, line 8: unknown front-matter key 'condition'"], LIB_ARGS),
    Case("clause-no-front-matter", with_library({"a/x.md": "Just text\n"}), ["x.md, line 1: a clause file must start with '---'"], LIB_ARGS),
    Case("clause-not-utf8", with_library({"a/x.md": clause_file("alliance.x", "caf\udce9\n").encode("utf-8", "surrogateescape")}), ["x.md: not valid UTF-8"], LIB_ARGS),
    Case("clause-bad-reference", with_library({"a/x.md": clause_file("alliance.x", "see [[alliance.nope]]\n")}), ["x.md, line 9: cross-reference to unknown clause 'alliance.nope'"], LIB_ARGS),
    Case("library-yaml-missing", lambda: {"partnership.yaml": SEED_TEXT, "lib/a/x.md": clause_file("alliance.x", "a\n")}, ["library.yaml: missing"], LIB_ARGS),
    Case("library-folder-missing", lambda: {"partnership.yaml": SEED_TEXT}, ["lib: clause library folder not found"], LIB_ARGS),
    # ---- templates -----------------------------------------------------------------------
    Case("template-not-a-zip", with_template(b"This is not a Word file"), ["default.docx: not a .docx (not a zip file, or truncated)"], TPL_ARGS),
    Case("template-truncated", with_template(DEFAULT_TEMPLATE[: len(DEFAULT_TEMPLATE) // 2]), ["default.docx: not a .docx"], TPL_ARGS),
    Case("template-missing-styles", with_template(rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/styles.xml", b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'))),
         ["default.docx: word/styles.xml lacks the styles"], TPL_ARGS),
    Case("template-no-body-marker", with_template(rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/document.xml", p["word/document.xml"].replace(b"{{p body }}", b"nothing")))),
         ["has no '{{p body }}' paragraph"], TPL_ARGS),
    Case("template-bad-jinja", with_template(rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/header1.xml", p["word/header1.xml"].replace(b"{{ title }}", b"{{ title ")))),
         ["default.docx: word/header1.xml: Jinja syntax error"], TPL_ARGS),
    Case("template-doctype", with_template(rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/settings.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'))),
         ["part word/settings.xml has a DOCTYPE: refused"], TPL_ARGS),
    Case("template-macros", with_template(rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/vbaProject.bin", b"\0" * 64))),
         ["contains macros"], TPL_ARGS),
    Case("template-folder-empty", lambda: {"partnership.yaml": SEED_TEXT, "tpl/readme.txt": "empty"}, ["tpl: no default.docx"], TPL_ARGS),
    # ---- outputs -------------------------------------------------------------------------
    Case("output-is-a-file", lambda: {"partnership.yaml": SEED_TEXT, "out": "I am a file"}, ["out' is a file"]),
    Case("output-exists", lambda: {"partnership.yaml": SEED_TEXT, "out/alliance-agreement.docx": b"precious edits"}, ["would overwrite alliance-agreement.docx; use --force"]),
    Case("only-unknown-document", lambda: {"partnership.yaml": SEED_TEXT}, ["--only subcontract-nobody: no such document"],
         ["build", "{dir}/partnership.yaml", "-o", "{dir}/out", "--only", "subcontract-nobody"]),
]

CASES += [diff_case(kind) for kind in _BAD_DOCX] + [check_case(kind) for kind in _BAD_DOCX]


def _manifest(change: Callable[[dict], object]) -> Callable[[], bytes]:
    """The seed pack's manifest.json changed by ``change`` (which may return bytes to use instead)."""

    def make() -> bytes:
        data = json.loads(_seed_pack()["manifest.json"])
        result = change(data)
        return result if isinstance(result, bytes) else json.dumps(data).encode("utf-8")

    return make


def _first_document(change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda data: change(data["documents"][0])


#: Malformed manifest.json -> text the one error line must contain (the field, or what is wrong).
_BAD_MANIFESTS: dict[str, tuple[Callable[[], bytes], str]] = {
    "not-json": (_manifest(lambda d: b'{"documents": [,]}'), "not valid JSON"),
    "not-utf8": (_manifest(lambda d: b'{"documents": "\xff"}'), "not UTF-8"),
    "nested-deeply": (_manifest(lambda d: b'{"documents": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"), "nested too deeply"),
    "integer-too-long": (_manifest(lambda d: b'{"documents": [], "x": ' + b"9" * 5_000 + b"}"), "not valid JSON"),
    "a-list": (_manifest(lambda d: b"[]"), "expected a JSON object"),
    "documents-missing": (_manifest(lambda d: d.pop("documents")), "documents: missing"),
    "document-file-a-path": (_manifest(_first_document(lambda e: e.__setitem__("file", "../../etc/passwd"))), "documents[0].file"),
    "clause-without-id": (_manifest(_first_document(lambda e: e["clauses"][0].pop("id"))), "documents[0].clauses[0].id"),
    "clause-label-null": (_manifest(_first_document(lambda e: e["clauses"][0].__setitem__("label", None))), "documents[0].clauses[0].label"),
    "front-not-text": (_manifest(_first_document(lambda e: e["front"].__setitem__("text", 7))), "documents[0].front"),
    "parties-malformed": (_manifest(_first_document(lambda e: e["parties"].append(["x"]))), "documents[0].parties"),
    "vocabulary-not-text": (_manifest(_first_document(lambda e: e.__setitem__("vocabulary", [{"a": 1}]))), "documents[0].vocabulary"),
    "fact-value-a-number": (_manifest(lambda d: d["facts"][0].__setitem__("value", 25)), "facts[0]"),
    "fact-parts-not-text": (_manifest(lambda d: d["facts"][0].__setitem__("parts", [1])), "facts[0].parts"),
    "expected-malformed": (_manifest(lambda d: d["expected"].append({"file": 1})), "expected["),
    "only-not-text": (_manifest(lambda d: d.__setitem__("only", [["x"]])), "only: not a list of text"),
    "input-hash-a-number": (_manifest(lambda d: d["input"].__setitem__("sha256", 12)), "input.sha256"),
    "library-not-an-object": (_manifest(lambda d: d.__setitem__("library", "x")), "library: not an object"),
    "agreement-date-a-number": (_manifest(lambda d: d.__setitem__("agreement_date", 2027)), "agreement_date: not text"),
}


def manifest_case(kind: str) -> Case:
    """``ncm-docs check PACK`` (and ``diff``) where the pack's manifest.json is malformed."""
    make, expected = _BAD_MANIFESTS[kind]

    def files() -> dict[str, bytes]:
        pack = {f"pack/{name}": data for name, data in _seed_pack().items()}
        pack["pack/manifest.json"] = make()
        return pack

    return Case(f"check-manifest-{kind}", files, ["manifest.json", expected], ["check", "{dir}/pack"])


CASES += [manifest_case(kind) for kind in _BAD_MANIFESTS]

#: Cases that are not errors: the input must build (the values appear verbatim).
GOOD_TEMPLATES = {"split-jinja-tag": _split_tag_template}
