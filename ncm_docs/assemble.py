"""Partnership + clause library -> ``Document`` objects. Knows nothing about Word XML.

For each document type this module decides who the parties are, which clauses are
included (``when``), which alternative applies (``choose``), renders every body in
the sandbox, numbers the clauses and resolves cross-references.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import TemplateError as JinjaTemplateError

from . import kinds
from .context import DocContext, Titles, build_context
from .terms import library_definitions, place_definitions, render_terms
from .document import Document, PartyRef, Ref, RenderedClause, Table
from .errors import EmptyValueError, MarkupError, RenderError, RenderLimitError, UnknownDocumentError
from .files import slugify
from .library import ClauseLibrary
from .library.clause import Clause
from .library.environment import RENDER_FAILURES, describe_render_error, render_bounded, render_timer
from .markup import Paragraph, parse_body, unescape
from .model import Partnership, Provider
from .model.parties import Commissioner, Observer
from .suggest import suggest

@dataclass(frozen=True)
class DocPlan:
    """One document to draft: its type, file stem, title and parties."""

    kind: str
    file_stem: str
    title: str
    parties: tuple[PartyRef, ...]
    context: DocContext


def party_ref(p: Commissioner | Provider | Observer, role: str) -> PartyRef:
    """A party to a document, in the role it signs in."""
    address = p.address.one_line if p.address is not None else ""
    return PartyRef(p.legal_name, p.short_name, role, address, p.signatory.name, p.signatory.title)


def plan_documents(partnership: Partnership, library: ClauseLibrary, only: set[str] | None = None,
                   option: str = "--only") -> list[DocPlan]:
    """The documents of a pack (every ``kinds.PACK`` kind the library declares), each with
    its title and parties.

    ``only`` limits the plan to file stems (e.g. ``{"subcontract-nwmh"}``) or kinds; a name
    that is neither is an ``UnknownDocumentError`` naming ``option`` (how it was given).
    """
    titles = document_titles(partnership, library)
    plans: list[DocPlan] = []
    for kind in kinds.PACK.values():
        doc_type = library.info.documents.get(kind.name)
        if doc_type is None:  # a library that does not draft this kind
            continue
        for instance in kind.instances(partnership):
            provider = instance.provider
            stem = doc_type.file.replace("{slug}", slugify(provider.short_name) if provider else "")
            title = titles.of(kind.name, provider.short_name if provider else "")
            members = [s.party for s in instance.signatories]
            parties = tuple(party_ref(s.party, s.role) for s in instance.signatories)
            ctx = DocContext(kind.name, title, members, titles, instance.subcontract, provider)
            plans.append(DocPlan(kind.name, stem, title, parties, ctx))
    stems: dict[str, str] = {}
    for plan in plans:
        if plan.file_stem in stems:
            raise RenderError(
                f"{plan.kind} and {stems[plan.file_stem]} would both be written to {plan.file_stem}.docx: "
                "give the providers short names that differ in letters or digits"
            )
        stems[plan.file_stem] = f"{plan.kind} '{plan.title}'" if kinds.PACK[plan.kind].per_provider else plan.kind
    return select(plans, only, option)


def select(plans: list[DocPlan], only: set[str] | None, option: str = "--only") -> list[DocPlan]:
    """The plans named in ``only`` (file stems or kinds); all of them if ``only`` is empty.

    A name that is neither a file stem of these plans nor a pack kind is an
    ``UnknownDocumentError`` naming ``option`` (how the user gave it: ``--only``, ``--doc``),
    with the known names and a did-you-mean.
    """
    if not only:
        return plans
    stems = [p.file_stem for p in plans]
    types = list(kinds.PACK)
    known = [*stems, *[k for k in types if k not in stems]]
    unknown = sorted(name for name in only if name not in known)
    if unknown:
        raise UnknownDocumentError.from_problems([
            f"{option} {name}: no such document{suggest(name, known)}; this partnership's documents are "
            f"{', '.join(stems)} (or give a type: {', '.join(types)})"
            for name in unknown
        ])
    return [d for d in plans if d.file_stem in only or d.kind in only]


def render_title(p: Partnership, library: ClauseLibrary, kind: str, **extra) -> str:
    """A document type's title from ``library.yaml`` for this partnership (``extra``: e.g. ``provider``)."""
    try:
        text = render_bounded(library.title_templates[kind], {**build_context(p, None), **extra})  # type: ignore[arg-type]
    except (JinjaTemplateError, EmptyValueError, RenderLimitError, *RENDER_FAILURES) as exc:
        raise RenderError(f"{library.root / 'library.yaml'}: documents.{kind}.title: {describe_render_error(exc)}") from None
    return unescape(text.strip())


def document_titles(p: Partnership, library: ClauseLibrary) -> Titles:
    """The titles of a pack's documents (every kind the library declares), for references between them."""
    by_kind: dict[str, str] = {}
    per_provider: dict[str, dict[str, str]] = {}
    for kind in kinds.PACK.values():
        if kind.name not in library.info.documents:
            continue
        if kind.per_provider:
            providers = [i.provider for i in kind.instances(p) if i.provider is not None]
            per_provider[kind.name] = {x.short_name: render_title(p, library, kind.name, provider=x) for x in providers}
        else:
            by_kind[kind.name] = render_title(p, library, kind.name)
    return Titles(by_kind, per_provider)


def assemble(partnership: Partnership, library: ClauseLibrary, plan: DocPlan, use_overrides: bool = True) -> Document:
    """Render every clause that applies to ``plan`` into a numbered ``Document``.

    A clause the partnership overrides (``clause_overrides``: negotiated wording) is
    drafted from the override's text, not the library's; ``use_overrides=False`` drafts
    the library's text regardless (to compare the two).
    """
    with render_timer():  # one signal handler for the document; each clause keeps its own limit
        return _assemble(partnership, library, plan, use_overrides)


def override_for(partnership: Partnership, clause_id: str, kind: str, file_stem: str):
    """The override of ``clause_id`` for this document, if any: one naming the file stem
    wins over one naming the document type, which wins over one for every document."""
    found = [o for o in partnership.clause_overrides if o.clause == clause_id and o.applies_to(kind, file_stem)]
    found.sort(key=lambda o: 0 if file_stem in o.documents else 1 if kind in o.documents else 2)
    return found[0] if found else None


def _override_blocks(override) -> list:
    try:
        return _parse_body(override.text)
    except MarkupError as exc:
        raise RenderError(f"clause_overrides ({override.clause}): text line {exc.line}: {exc}") from None


def _override_info(override) -> dict | None:
    if override is None:
        return None
    info = {"library_version": override.library_version}
    if override.agreed_by:
        info["agreed_by"] = override.agreed_by
    if override.agreed_on:
        info["agreed_on"] = override.agreed_on.isoformat()
    return info


def _assemble(partnership: Partnership, library: ClauseLibrary, plan: DocPlan, use_overrides: bool = True) -> Document:
    context = build_context(partnership, plan.context)
    doc = Document(
        kind=plan.kind,
        file_stem=plan.file_stem,
        title=plan.title,
        version=partnership.document.version,
        status=partnership.document.status,
        agreement_date=partnership.document.agreement_date.isoformat(),
        parties=list(plan.parties),
    )
    counters = {"operative": 0, "schedule": 0}
    for clause in library.for_document(plan.kind):
        if clause.when_expr is not None and not _evaluate(clause, "when", context):
            continue
        override = override_for(partnership, clause.id, plan.kind, plan.file_stem) if use_overrides else None
        if override is not None:
            blocks, source = _override_blocks(override), override.text
        else:
            blocks, source = render_clause_source(clause, context)
        part = clause.meta.part
        number = ""
        if part in counters:
            counters[part] += 1
            number = str(counters[part])
        title = override.title or clause.title if override is not None else clause.title
        doc.clauses.append(RenderedClause(clause.id, clause.version, title, part, number, blocks, source, _override_info(override)))
    doc.terms = render_terms(library_definitions(library), plan.kind, context)
    place_definitions(doc, doc.terms)
    _check_references(doc, library)
    return doc


def render_clause_source(clause: Clause, context: dict) -> tuple[list, str]:
    """Render one clause body (choosing its alternative); return its blocks and the
    rendered markup text they were parsed from."""
    local = context
    if clause.choose_expr is not None:
        choice = _evaluate(clause, "choose", context)
        choice = str(choice)
        if choice not in clause.alternatives:
            raise RenderError(
                f"{clause.where()}: choose value '{choice}' has no '::: {choice}' section "
                f"(sections: {', '.join(clause.alternatives)})"
            )
        local = {**context, "clause_choice": choice}
    try:
        text = render_bounded(clause.template, local)  # type: ignore[arg-type]
    except RenderLimitError as exc:
        raise RenderError(f"{clause.where()}: {exc}") from None
    except (JinjaTemplateError, EmptyValueError, *RENDER_FAILURES) as exc:
        raise RenderError(f"{clause.where(_template_line(exc))}: {describe_render_error(exc)}") from None
    try:
        return _parse_body(text), text
    except MarkupError as exc:
        raise RenderError(f"{clause.where()}: rendered line {exc.line}: {exc}") from None


def _parse_body(text: str) -> list:
    """``parse_body``, remembered: boilerplate renders to the same text in every document.

    Each caller gets its own list (definitions.py splices it); the blocks in it are
    shared between documents, so they are never changed in place.
    """
    return list(_parse_body_cached(text))


@lru_cache(maxsize=512)
def _parse_body_cached(text: str) -> tuple:
    return tuple(parse_body(text))


def _evaluate(clause: Clause, key: str, context: dict):
    expr = getattr(clause, f"{key}_expr")
    try:
        return expr(**context)
    except (JinjaTemplateError, *RENDER_FAILURES) as exc:
        line = clause.key_lines.get(key, 2)
        raise RenderError(f"{clause.path}, line {line}: {key}: {describe_render_error(exc)}") from None


def _template_line(exc: BaseException) -> int | None:
    """The template line a render error happened on, from the traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _check_references(doc: Document, library: ClauseLibrary) -> None:
    numbers = doc.numbers()
    for clause in doc.clauses:
        for block in clause.blocks:
            rows = [block.runs] if isinstance(block, Paragraph) else [cell for row in block.rows for cell in row] if isinstance(block, Table) else []
            for runs in rows:
                for run in runs:
                    if isinstance(run, Ref) and run.target not in numbers:
                        raise RenderError(
                            f"{library.get(clause.id).path}: cross-reference to '{run.target}', "
                            f"which is not included in the {doc.kind} ('{doc.title}')"
                        )


def assemble_all(partnership: Partnership, library: ClauseLibrary, only: set[str] | None = None, option: str = "--only") -> list[Document]:
    """Every document of the pack, assembled."""
    return [assemble(partnership, library, plan) for plan in plan_documents(partnership, library, only=only, option=option)]
