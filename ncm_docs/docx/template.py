"""A Word house-style template, read and compiled once, rendered many times.

Loading does all the slow work: unzip, let docxtpl's ``patch_xml`` repair Jinja tags
that Word split across runs, check and compile each templated part, and deflate every
part that never changes. Rendering a document is then string work plus deflating the
few parts that do change.

House styles are shared between firms, so a template's Jinja is not trusted: the
caller passes the compiler that puts each part in the clauses' sandbox
(``library.house_style.compile_part``), which allows only the names in ``TEMPLATE_NAMES``
and bounds every render. A partnership file's ``document.house_style`` must name a folder
beside it (or below a root listed in ``NCM_DOCS_HOUSE_STYLES``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Protocol

from ..errors import PathRefused, TemplateError
from . import carriers, xml
from .package import PrecompressedPart
from .safezip import read_docx_parts
from .styles import REQUIRED_STYLES

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
SETTINGS = "word/settings.xml"
_TAG = re.compile(r"\{[{%#]")
_TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
#: Folders (separated like PATH) where ``document.house_style`` may point, besides the
#: partnership file's own folder.
HOUSE_STYLE_ROOTS_VARIABLE = "NCM_DOCS_HOUSE_STYLES"


@dataclass(frozen=True)
class TemplateParty:
    """A party as a template sees it."""

    legal_name: str
    short_name: str
    role: str


#: Every name a template's Jinja may use, and its type (for the check at load time).
TEMPLATE_NAMES: dict[str, object] = {
    "title": str, "version": str, "status": str, "draft": bool, "agreement_date": str,
    "parties": list[TemplateParty], "body": str,
}


class CompiledPart(Protocol):
    """A templated part, compiled: renders the context to the part's bytes (``TemplateError`` if it cannot)."""

    def render(self, context: dict[str, Any]) -> bytes: ...


#: Compiles a templated part: (Jinja source, the names it may use with their types, the
#: template and part for messages) -> ``CompiledPart``; raises ``TemplateError``.
PartCompiler = Callable[[str, dict[str, Any], str], CompiledPart]


@dataclass
class WordTemplate:
    """A parsed house-style template."""

    path: Path
    order: list[str]  # part names in package order
    static: dict[str, PrecompressedPart]
    templated: dict[str, CompiledPart]
    styles: set[str] = field(default_factory=set)
    sha256: str = ""  # of the template file, for manifests and skip-unchanged
    clause_map: str = ""  # the part that holds each document's clause map (see carriers)


def _patch_xml(source: str) -> str:
    """docxtpl's repair of split tags and its ``{%p %}``/``{{p }}`` paragraph tags."""
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, source)  # type: ignore[arg-type] - uses no instance state


@lru_cache(maxsize=32)
def load_template(path: Path, compile_part: PartCompiler) -> WordTemplate:
    """Read, check and compile a template .docx (cached per process).

    ``compile_part`` compiles each templated part (``library.house_style.compile_part``:
    the sandbox); it is given ``TEMPLATE_NAMES``, the names the writer provides.
    """
    parts = read_docx_parts(path, what="template")
    if DOCUMENT not in parts:
        raise TemplateError(f"{path}: not a Word document (no {DOCUMENT})")
    styles_xml = parts.get("word/styles.xml", b"").decode("utf-8", "replace")
    styles = set(re.findall(r'w:styleId="([^"]+)"', styles_xml))
    missing = [s for s in REQUIRED_STYLES if s not in styles]
    if missing:
        raise TemplateError(
            f"{path}: word/styles.xml lacks the styles {', '.join(missing)}; "
            "start your house style from templates/default.docx so every ncm-docs style exists"
        )
    templated: dict[str, CompiledPart] = {}
    for name, data in parts.items():
        if not _TEMPLATED.match(name):
            continue
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateError(f"{path}: {name} is not UTF-8: save the template again from Word") from None
        if name != DOCUMENT and not _TAG.search(source):
            continue
        patched = _patch_xml(source)
        if name == DOCUMENT and not re.search(r"\{\{\s*body\s*\}\}", patched):
            raise TemplateError(f"{path}: {DOCUMENT} has no '{{{{p body }}}}' paragraph to hold the clauses")
        templated[name] = compile_part(patched, TEMPLATE_NAMES, f"{path}: {name}")
    content_types = xml.add_content_type_override(parts[CONTENT_TYPES].decode("utf-8"), "/" + CUSTOM, xml.CUSTOM_PROPS_TYPE)
    rels = xml.add_relationship(parts.get(ROOT_RELS, b"").decode("utf-8"), xml.CUSTOM_PROPS_REL, CUSTOM)
    # The clause map: a custom XML part, its properties and its relationship (see carriers).
    map_name, props_name, map_rels_name = carriers.map_part_names(set(parts))
    content_types = xml.add_content_type_override(content_types, "/" + props_name, carriers.MAP_CONTENT_TYPE)
    parts[DOCUMENT_RELS] = xml.add_relationship(
        parts.get(DOCUMENT_RELS, xml.EMPTY_RELS.encode()).decode("utf-8"), carriers.MAP_REL_TYPE, "../" + map_name,
    ).encode("utf-8")
    parts[props_name] = carriers.map_props_xml().encode("utf-8")
    parts[map_rels_name] = carriers.map_rels_xml(props_name).encode("utf-8")
    parts[CONTENT_TYPES] = content_types.encode("utf-8")
    parts[ROOT_RELS] = rels.encode("utf-8")
    if SETTINGS in parts:  # page numbers in the contents are fields: Word updates them on opening
        parts[SETTINGS] = xml.update_fields_on_open(parts[SETTINGS].decode("utf-8")).encode("utf-8")
    order = [CONTENT_TYPES] + [n for n in parts if n != CONTENT_TYPES]
    generated = (CORE, CUSTOM, map_name)
    for name in generated:
        if name not in order:
            order.append(name)
    static = {n: PrecompressedPart.of(n, parts[n]) for n in order if n in parts and n not in templated and n not in generated}
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return WordTemplate(path, order, static, templated, styles, digest, map_name)


def template_for(kind: str, template_dir: Path | None) -> Path:
    """The template for a document type: ``<kind>.docx`` if present, else ``default.docx``."""
    from .._resources import resource_dir

    folder = template_dir if template_dir is not None else resource_dir("templates")
    specific = folder / f"{kind}.docx"
    if specific.is_file():
        return specific
    default = folder / "default.docx"
    if not default.is_file():
        raise TemplateError(f"{folder}: no default.docx (or {kind}.docx) house-style template")
    return default


def house_style_dir(partnership_path: Path, value: str | None) -> Path | None:
    """The folder named by ``document.house_style``, relative to the partnership file.

    Confined: the folder (symbolic links followed) must be the partnership file's own
    folder or inside it, or inside a root listed in ``NCM_DOCS_HOUSE_STYLES``. A data file
    cannot make ncm-docs read a template from anywhere else.
    """
    if value is None:
        return None
    base = Path(partnership_path).resolve().parent
    try:
        folder = (base / value).resolve()
    except (OSError, RuntimeError, ValueError):
        raise TemplateError(f"{partnership_path}: document.house_style: '{value}' is not a usable folder name") from None
    roots = [base] + house_style_roots()
    if not any(folder == root or root in folder.parents for root in roots):
        raise PathRefused(
            f"{partnership_path}: document.house_style: '{value}' is outside the folder of the partnership file; "
            f"keep the house style beside it, or list its folder in {HOUSE_STYLE_ROOTS_VARIABLE}"
        )
    if not folder.is_dir():
        raise TemplateError(f"{partnership_path}: document.house_style: folder '{value}' not found (looked in {folder})")
    return folder


def house_style_roots() -> list[Path]:
    """The folders listed in ``NCM_DOCS_HOUSE_STYLES`` (resolved), where house styles may also live."""
    value = os.environ.get(HOUSE_STYLE_ROOTS_VARIABLE, "")
    return [Path(item).expanduser().resolve() for item in value.split(os.pathsep) if item.strip()]
