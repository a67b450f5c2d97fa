"""``definitions.yaml``: a clause library's defined terms, read and compiled once.

The file lists every defined term once: the term (Jinja, so a term can come from the
partnership, e.g. the leadership team's name), the document types it may appear in, and its
definition (Jinja over the partnership, like a clause body, and it may cross-refer with
``[[clause-id]]``). Drafting the definitions clause from it is ``ncm_docs.terms``' job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml
from jinja2 import Template, TemplateSyntaxError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..load import safe_yaml, safe_yaml_node
from ..markup import REFERENCE
from ..suggest import suggest

#: The definitions file inside a clause library folder.
FILE_NAME = "definitions.yaml"


class TermSpec(BaseModel):
    """One entry of ``definitions.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    documents: list[str] | None = None
    plural: str | None = None  # the other form that counts as a use: default the term + "s"


class DefinitionsFile(BaseModel):
    """``definitions.yaml``: the terms, and capitalised names that are not defined terms."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: list[TermSpec] = Field(default_factory=list)
    not_terms: list[str] = Field(default_factory=list)


@dataclass
class CompiledTerm:
    """A term with its compiled templates and where it is in the file."""

    spec: TermSpec
    line: int
    term: Template
    definition: Template
    plural: Template | None


@dataclass
class Definitions:
    """A library's defined terms, compiled once."""

    path: Path | None
    terms: list[CompiledTerm] = field(default_factory=list)
    not_terms: tuple[str, ...] = ()

    def for_document(self, kind: str) -> list[CompiledTerm]:
        """The terms that may appear in a document type."""
        return [t for t in self.terms if t.spec.documents is None or kind in t.spec.documents]


def load_definitions(root: Path, compiler, clause_ids: Iterable[str], kinds: Iterable[str]) -> tuple[Definitions, list[str]]:
    """Read and compile ``root/definitions.yaml`` (absent: no terms); return it and its problems.

    ``compiler`` is the library's ``TemplateCompiler`` (compiled code from the cache when
    the library was validated before).
    """
    path = root / FILE_NAME
    if not path.is_file():
        return Definitions(None), []
    try:
        text = path.read_text(encoding="utf-8")
        data = safe_yaml(text) or {}
        node = safe_yaml_node(text)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return Definitions(path), [f"{path}: not valid YAML ({str(exc).splitlines()[0]})"]
    lines = _item_lines(node)
    try:
        parsed = DefinitionsFile.model_validate(data)
    except ValidationError as exc:
        err = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")  # a misspelt key first
        loc = err["loc"]
        line = lines[loc[1]] if len(loc) > 1 and loc[0] == "terms" and isinstance(loc[1], int) and loc[1] < len(lines) else 1
        where = ".".join(str(x) for x in loc[:-1] if loc[-1:] and err["type"] == "extra_forbidden") or ".".join(map(str, loc))
        if err["type"] == "extra_forbidden":
            model = TermSpec if loc[0] == "terms" else DefinitionsFile
            message = f"unknown key '{loc[-1]}'{suggest(str(loc[-1]), list(model.model_fields))}"
        else:
            message = err["msg"]
        return Definitions(path), [f"{path}, line {line}: {where}: {message}"]
    known_ids, known_kinds = set(clause_ids), list(kinds)
    problems: list[str] = []
    compiled: list[CompiledTerm] = []
    for index, spec in enumerate(parsed.terms):
        line = lines[index] if index < len(lines) else 1
        where = f"{path}, line {line}: terms[{index}] ({spec.term})"
        for kind in spec.documents or []:
            if kind not in known_kinds:
                problems.append(f"{where}: unknown document type '{kind}'{suggest(kind, known_kinds)}")
        templates = {}
        for key in ("term", "definition", "plural"):
            source = getattr(spec, key)
            if source is None:
                continue
            try:
                templates[key], tree = compiler.compile(source)
            except TemplateSyntaxError as exc:
                problems.append(f"{where}: {key}: {exc.message}")
                continue
            problems += [f"{where}: {key}: {p.message}" for p in compiler.check_names(tree)]
        for target in REFERENCE.findall(spec.definition):
            if target not in known_ids:
                problems.append(f"{where}: cross-reference to unknown clause '{target}'{suggest(target, sorted(known_ids))}")
        if "term" in templates and "definition" in templates:
            compiled.append(CompiledTerm(spec, line, templates["term"], templates["definition"], templates.get("plural")))
    return Definitions(path, compiled, tuple(parsed.not_terms)), problems


def _item_lines(node) -> list[int]:
    """Line number (1-based) of each item of the top-level ``terms`` list."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "terms" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []
