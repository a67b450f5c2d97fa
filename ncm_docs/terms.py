"""The definitions clause of each document, drafted from the library's defined terms.

A clause places the list with a line ``{{ doc.definitions }}`` (or ``. {{ doc.definitions }}``
for numbered definitions); assembly replaces that line with exactly the terms the rest of
the document uses, alphabetically, each term in bold, ``;`` after each and ``.`` after the
last. A term used only inside another term's definition is included too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import TemplateError as JinjaTemplateError

from .clause_cache import cached_for_clause
from .errors import RenderError, RenderLimitError
from .library.definitions import Definitions
from .library.environment import RENDER_FAILURES, describe_render_error, render_bounded
from .markup import DEFINITIONS_MARKER as MARKER
from .markup import (
    Paragraph,
    Text,
    block_texts,
    is_marker,
    parse_inline,
    runs_text,
    unescape,
)
from .vocabulary import term_vocabulary


@dataclass(frozen=True)
class RenderedTerm:
    """A term rendered for one document."""

    term: str
    plural: str
    runs: list  # the definition as markup runs (text, bold, cross-references)


def render_terms(definitions: Definitions, kind: str, context: dict) -> list[RenderedTerm]:
    """Every term a document type may use, rendered with the document's context.

    Raises ``RenderError`` naming the definitions file, line and term.
    """
    out: list[RenderedTerm] = []
    seen: dict[str, int] = {}
    for compiled in definitions.for_document(kind):
        where = f"{definitions.path}, line {compiled.line}: terms ({compiled.spec.term})"
        try:
            term = _plain(render_bounded(compiled.term, context))
            plural = _plain(render_bounded(compiled.plural, context)) if compiled.plural else term + "s"
            body = render_bounded(compiled.definition, context).strip().rstrip(";.").strip()
            runs = parse_inline(_ASCII_SPACE.sub(" ", body).strip())
        except (JinjaTemplateError, RenderLimitError, *RENDER_FAILURES) as exc:
            raise RenderError(f"{where}: {describe_render_error(exc)}") from None
        if term in seen:
            raise RenderError(f"{where}: the term '{term}' is defined twice for the {kind} (see line {seen[term]})")
        seen[term] = compiled.line
        out.append(RenderedTerm(term, plural, runs))
    return out


#: Spaces and line breaks from the YAML (folded definitions); not the no-break spaces data may hold.
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def _plain(rendered: str) -> str:
    """A rendered term without markup escapes, its line breaks folded to spaces."""
    return _ASCII_SPACE.sub(" ", unescape(rendered)).strip()


def _pattern(term: RenderedTerm) -> re.Pattern:
    return _form_pattern(term.term, term.plural)


@lru_cache(maxsize=1024)
def _form_pattern(term: str, plural: str) -> re.Pattern:
    r"""Either form, not inside a longer word. The check on the character before sits after
    the first letter (``S(?<![\w-]S)ervice``), not in front, so the regex engine can skip
    ahead to that letter: the same matches, about ten times faster on a whole document."""
    forms = sorted({term, plural}, key=len, reverse=True)
    alternatives = (re.escape(f[0]) + r"(?<![\w\-]" + re.escape(f[0]) + ")" + re.escape(f[1:]) for f in forms)
    return re.compile("(?:" + "|".join(alternatives) + r")(?![\w\-])")


def terms_used(text: str, terms: list[RenderedTerm]) -> set[str]:
    """The terms ``text`` uses. One pass over the text with every form of every term,
    longest first, so 'Service Contract' does not also count as a use of 'Service'."""
    if not terms:
        return set()
    by_form: dict[str, str] = {}
    for term in terms:
        by_form.setdefault(term.term, term.term)
        by_form.setdefault(term.plural, term.term)
    pattern = _forms_pattern(tuple(sorted(by_form, key=len, reverse=True)))
    return {by_form[match.group(0)] for match in pattern.finditer(text)}


@lru_cache(maxsize=256)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """Any of ``forms`` (longest first), not inside a longer word; see ``_form_pattern``."""
    alternatives = (re.escape(f[0]) + r"(?<![\w\-]" + re.escape(f[0]) + ")" + re.escape(f[1:]) for f in forms)
    return re.compile("(?:" + "|".join(alternatives) + r")(?![\w\-])")


def select_terms(text: str, terms: list[RenderedTerm], numbers: dict[str, str]) -> list[RenderedTerm]:
    """The terms ``text`` uses, with the terms their definitions use, alphabetically."""
    by_name = {t.term: t for t in terms}
    chosen: set[str] = set()
    pending = terms_used(text, terms)
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        chosen.add(name)
        pending |= terms_used(runs_text(by_name[name].runs, numbers), terms) - chosen
    return sorted((by_name[n] for n in chosen), key=lambda t: (_sort_key(t.term), t.term))


def _sort_key(term: str) -> str:
    """Dictionary order, as a lawyer sorts: hyphens and apostrophes ignored ('Co-ordinating' after 'Contract')."""
    return re.sub(r"[^\w\s]", "", term).casefold()


def definition_paragraphs(chosen: list[RenderedTerm], level: int) -> list[Paragraph]:
    """One paragraph per term: the term in bold, its definition, ';' or a final '.'."""
    out = []
    for index, term in enumerate(chosen):
        end = "." if index == len(chosen) - 1 else ";"
        runs = [Text(term.term, bold=True), Text(" "), *term.runs, Text(end)]
        out.append(Paragraph(_merge(runs), level=level))
    return out


def _merge(runs: list) -> list:
    merged: list = []
    for run in runs:
        last = merged[-1] if merged else None
        if isinstance(run, Text) and isinstance(last, Text) and last.bold == run.bold:
            merged[-1] = Text(last.text + run.text, run.bold)
        else:
            merged.append(run)
    return merged


def place_definitions(doc, terms: list[RenderedTerm]) -> None:
    """Replace the marker paragraph of ``doc`` with the terms the document uses.

    Raises ``RenderError`` if the marker appears more than once.
    """
    # Only a clause whose rendered text holds the marker can have the marker paragraph.
    places = [(c, i) for c in doc.clauses if c.source is None or MARKER in c.source for i, b in enumerate(c.blocks) if is_marker(b)]
    if not places:
        return
    if len(places) > 1:
        raise RenderError(f"{doc.kind}: '{{{{ doc.definitions }}}}' is used in {places[0][0].id} and {places[1][0].id}; place the definitions once")
    numbers = doc.numbers()
    text = "\n".join(
        cached_for_clause("term-text", c, numbers, lambda c=c: "\n".join(block_texts(c.blocks, numbers)))
        for c in doc.clauses
    )
    clause, index = places[0]
    chosen = select_terms(text, terms, numbers)
    clause.blocks[index:index + 1] = definition_paragraphs(chosen, clause.blocks[index].level)
    clause.source = None  # its blocks no longer match its rendered text
    doc.defined_terms = [t.term for t in chosen]
    doc.definitions_clause = clause.id


def defined_terms(doc, terms: list[RenderedTerm], names: set[str] = frozenset()) -> list[dict]:
    """What ``doc`` defines, for the manifest: each term its definitions clause lists (with
    its other form) and each term defined in place in bold (other than ``names``, the
    partnership's own names), with the clause that defines it. ``check`` uses it to tell
    whether a term one document defines is defined where another uses it."""
    forms = {t.term: t.plural for t in terms}
    out = [{"term": t, "forms": [t, forms[t]] if forms.get(t) and forms[t] != t else [t], "clause": doc.definitions_clause}
           for t in doc.defined_terms]
    listed = set(doc.defined_terms)
    for clause in doc.clauses:
        if clause.id == doc.definitions_clause:
            continue
        for block in clause.blocks:
            if not isinstance(block, Paragraph):
                continue
            for run in block.runs:
                text = run.text.strip() if isinstance(run, Text) and run.bold else ""
                if text and text not in listed and text not in names and text[:1].isupper():
                    listed.add(text)
                    out.append({"term": text, "forms": [text], "clause": clause.id})
    return out


def library_definitions(library) -> Definitions:
    """The library's definitions (none if it has no definitions.yaml)."""
    return getattr(library, "definitions", None) or Definitions(None)


def document_vocabulary(library, doc, names: set[str]) -> list[str]:
    """The capitalised phrases ``doc`` (as assembled, with its rendered ``terms``) may use
    without a finding (see ``term_vocabulary``)."""
    return term_vocabulary(doc, doc.terms, library_definitions(library).not_terms, names)
