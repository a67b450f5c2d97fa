"""Loading and validating a clause library folder, once per process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Template, TemplateSyntaxError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ClauseError, ClauseFileError
from ..markup import REFERENCE
from ..model import Provider
from ..suggest import suggest
from .clause import Clause, read_clause_file
from .definitions import FILE_NAME, Definitions, load_definitions
from .compiled import TemplateCompiler, cache_key, load_cached, save_cached
from .environment import ClauseEnvironment, make_environment
from .names import NameChecker, name_types

#: Largest clause file the loader reads.
MAX_CLAUSE_BYTES = 512 * 1024


class DocumentType(BaseModel):
    """A document type as declared in ``library.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    file: str = Field(pattern=r"^[a-z0-9\-]*(\{slug\})?[a-z0-9\-]*$")


class LibraryInfo(BaseModel):
    """``library.yaml``: the library's identity and document types."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    documents: dict[str, DocumentType]


@dataclass
class ClauseLibrary:
    """A validated clause library: every clause compiled, every name checked."""

    root: Path
    info: LibraryInfo
    clauses: dict[str, Clause]
    env: ClauseEnvironment
    title_templates: dict[str, Template]
    digest: str  # sha256 over every file, for manifests and skip-unchanged
    definitions: Definitions | None = None  # definitions.yaml, compiled

    @property
    def version(self) -> str:
        """The library's declared version."""
        return self.info.version

    def for_document(self, kind: str) -> list[Clause]:
        """Clauses that can appear in a document type, in part and order."""
        from .clause import PARTS

        chosen = [c for c in self.clauses.values() if kind in c.meta.documents]
        return sorted(chosen, key=lambda c: (PARTS.index(c.meta.part), c.meta.order, c.id))

    def get(self, clause_id: str) -> Clause:
        """The clause with this id, or a ``ClauseError`` naming near misses."""
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise ClauseError(f"unknown clause id '{clause_id}'{suggest(clause_id, list(self.clauses))}") from None


def default_clauses_dir() -> Path:
    """The clause library shipped with ncm-docs (inside the wheel, or the source tree)."""
    from .._resources import resource_dir

    return resource_dir("clauses")


def load_library(root: str | Path | None = None) -> ClauseLibrary:
    """Load, compile and validate every clause under ``root``.

    Raises ``ClauseError`` listing every problem, one per line, each naming the file and line.
    """

    root = Path(root) if root is not None else default_clauses_dir()
    if not root.is_dir():
        raise ClauseError(f"{root}: clause library folder not found")
    info_path = root / "library.yaml"
    try:
        info = LibraryInfo.model_validate(yaml.safe_load(info_path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ClauseError(f"{info_path}: missing (a clause library needs library.yaml)") from None
    except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()
        raise ClauseError(f"{info_path}: invalid: {' '.join(first[:3])}") from None

    env = make_environment()
    problems: list[str] = []
    clauses: dict[str, Clause] = {}
    paths = sorted(p for p in root.rglob("*.md") if p.name.lower() != "readme.md")
    raws = [(path, path.read_bytes()) for path in paths]
    digest = hashlib.sha256(info_path.read_bytes())
    for path, raw in raws:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + raw)
    definitions_path = root / FILE_NAME
    if definitions_path.is_file():
        digest.update(FILE_NAME.encode() + b"\0" + definitions_path.read_bytes())
    key = cache_key(digest.hexdigest())
    compiler = TemplateCompiler(env, name_types(), load_cached(key))
    for path, raw in raws:
        if len(raw) > MAX_CLAUSE_BYTES:
            problems.append(f"{path}: file is larger than {MAX_CLAUSE_BYTES:,} bytes")
            continue
        try:
            clause = read_clause_file(path, raw.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(f"{path}: not valid UTF-8")
            continue
        except ClauseFileError as exc:
            problems.append(f"{path}, line {exc.line}: {exc}")
            continue
        if clause.id in clauses:
            problems.append(f"{path}: clause id '{clause.id}' is already used by {clauses[clause.id].path}")
            continue
        unknown = [d for d in clause.meta.documents if d not in info.documents]
        if unknown:
            problems.append(
                f"{path}, line {clause.key_lines.get('documents', 2)}: unknown document type "
                f"'{unknown[0]}' (known: {', '.join(info.documents)})"
            )
        problems += _compile(clause, compiler)
        clauses[clause.id] = clause

    for clause in clauses.values():
        problems += _check_references(clause, clauses)

    definitions, definition_problems = load_definitions(root, compiler, clauses, info.documents)
    problems += definition_problems

    title_templates: dict[str, Template] = {}
    title_types = {**compiler.types, "provider": Provider}  # a per-provider title names its provider
    for kind, doc_type in info.documents.items():
        try:
            title_templates[kind] = env.from_string(doc_type.title)
            if compiler.cached is None:  # validated already when the library was cached
                checker = NameChecker(title_types, env.filters)
                problems += [f"{info_path}: documents.{kind}.title: {p.message}" for p in checker.check(env.parse(doc_type.title))]
        except TemplateSyntaxError as exc:
            problems.append(f"{info_path}: documents.{kind}.title: {exc.message}")
    if problems:
        raise ClauseError("\n".join(problems))
    if compiler.cached is None:
        save_cached(key, compiler.recorded)  # validated: later runs skip parsing and checking
    return ClauseLibrary(root, info, clauses, env, title_templates, digest.hexdigest(), definitions)


def _compile(clause: Clause, compiler: TemplateCompiler) -> list[str]:
    """Compile a clause's body and expressions; check every name against the schema."""
    problems: list[str] = []
    env, types = compiler.env, compiler.types
    try:
        clause.template, tree = compiler.compile(clause.source)
    except TemplateSyntaxError as exc:
        return [f"{clause.where(exc.lineno)}: {exc.message}"]
    problems += [f"{clause.where(p.line)}: {p.message}" for p in compiler.check_names(tree)]
    for key in ("when", "choose"):
        expression = getattr(clause.meta, key)
        if expression is None:
            continue
        line = clause.key_lines.get(key, 2)
        try:
            setattr(clause, f"{key}_expr", env.compile_expression(expression, undefined_to_none=False))
            if compiler.cached is None:  # validated already when the library was cached
                expr_tree = env.parse("{{ " + expression + " }}")
                problems += [f"{clause.path}, line {line}: {key}: {p.message}" for p in NameChecker(types, env.filters).check(expr_tree)]
        except TemplateSyntaxError as exc:
            problems.append(f"{clause.path}, line {line}: {key}: {exc.message}")
    if clause.meta.choose and not clause.alternatives:
        problems.append(f"{clause.path}, line {clause.key_lines.get('choose', 2)}: 'choose' is set but the body has no '::: name' sections")
    if clause.alternatives and not clause.meta.choose:
        problems.append(f"{clause.path}: the body has '::: name' sections but no 'choose' expression")
    return problems


def _check_references(clause: Clause, clauses: dict[str, Clause]) -> list[str]:
    problems = []
    for offset, line in enumerate(clause.raw_body.split("\n")):
        for match in REFERENCE.finditer(line):
            target = match.group(1)
            where = f"{clause.path}, line {clause.body_line + offset}"
            if target not in clauses:
                    problems.append(f"{where}: cross-reference to unknown clause '{target}'{suggest(target, list(clauses))}")
            elif not set(clauses[target].meta.documents) & set(clause.meta.documents):
                problems.append(f"{where}: cross-reference to '{target}', which is in none of this clause's documents")
    return problems
