"""A Word house-style template, read and compiled once, rendered many times.

Loading does all the slow work: unzip, let docxtpl's ``patch_xml`` repair Jinja tags
that Word split across runs, compile each templated part in a sandboxed, autoescaping
Jinja environment, and deflate every part that never changes. Rendering a document is
then string work plus deflating the few parts that do change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, Template, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateError
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


@dataclass
class WordTemplate:
    """A parsed house-style template."""

    path: Path
    order: list[str]  # part names in package order
    static: dict[str, PrecompressedPart]
    templated: dict[str, Template]
    styles: set[str] = field(default_factory=set)
    sha256: str = ""  # of the template file, for manifests and skip-unchanged
    clause_map: str = ""  # the part that holds each document's clause map (see carriers)


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.globals.clear()
    return env


def _patch_xml(source: str) -> str:
    """docxtpl's repair of split tags and its ``{%p %}``/``{{p }}`` paragraph tags."""
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, source)  # type: ignore[arg-type] - uses no instance state


@lru_cache(maxsize=32)
def load_template(path: Path) -> WordTemplate:
    """Read, check and compile a template .docx (cached per process)."""
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
    env = _environment()
    templated: dict[str, Template] = {}
    for name, data in parts.items():
        if not _TEMPLATED.match(name):
            continue
        source = data.decode("utf-8")
        if name != DOCUMENT and not _TAG.search(source):
            continue
        patched = _patch_xml(source)
        if name == DOCUMENT and not re.search(r"\{\{\s*body\s*\}\}", patched):
            raise TemplateError(f"{path}: {DOCUMENT} has no '{{{{p body }}}}' paragraph to hold the clauses")
        try:
            templated[name] = env.from_string(patched)
        except TemplateSyntaxError as exc:
            raise TemplateError(f"{path}: {name}: Jinja syntax error: {exc.message}") from None
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
    """The folder named by ``document.house_style``, relative to the partnership file."""
    if value is None:
        return None
    folder = (Path(partnership_path).parent / value).resolve()
    if not folder.is_dir():
        raise TemplateError(f"{partnership_path}: document.house_style: folder '{value}' not found (looked in {folder})")
    return folder
