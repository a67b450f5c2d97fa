"""A drafted ``Document`` as formatted HTML: the live preview.

The same document model the Word writer reads (``ncm_docs.document``), drawn as HTML:
the cover, then each clause with its printed number and heading, numbered paragraphs at
their levels (numbers from ``RenderedClause.sub_numbers``, as Word prints them),
sub-headings, tables with a header row, cross-references as links to the clause they
name, and defined terms linked to their definition. Every piece of text is escaped.
Each clause carries its id and version, so the page can show the clause's drafting
note and alternatives when it is clicked.
"""

from __future__ import annotations

import datetime as _dt
import re

from markupsafe import Markup, escape as _markup_escape

from ..document import Document, Paragraph, Ref, RenderedClause, Table, Text
from ..formats import long_date

_PART_HEADINGS = {"schedule": "Schedules", "execution": "Execution"}
#: Clause HTML by what determines it (see ``_clause_cached``); bounded like the drafting caches.
_CACHE: dict[tuple, str] = {}
_CACHE_SIZE = 4096


def escape(text: str) -> str:
    """``text`` escaped for HTML (markupsafe's C implementation)."""
    return str(_markup_escape(text))


def document_html(doc: Document, choices: dict[str, str] | None = None) -> Markup:
    """The whole document as an ``<article>``; ``choices``: clause id -> the alternative used."""
    choices = choices or {}
    numbers = doc.numbers()
    terms = _TermLinker(doc)
    out = [f'<article class="doc" lang="en-GB" aria-label="{escape(doc.title)}">', _cover(doc)]
    part = None
    for clause in doc.clauses:
        if clause.part != part:
            part = clause.part
            if part in _PART_HEADINGS:
                out.append(f'<h3 class="doc-part">{_PART_HEADINGS[part]}</h3>')
        out.append(_clause_cached(clause, numbers, terms, choices.get(clause.id)))
    out.append("</article>")
    return Markup("\n".join(out))


def clause_html(doc: Document, clause_id: str) -> Markup:
    """One clause of ``doc`` as HTML (for the clause library's example wording)."""
    clause = next(c for c in doc.clauses if c.id == clause_id)
    body = _clause(clause, doc.numbers(), _TermLinker(doc), None, about=False)
    return Markup(f'<div class="doc doc-excerpt" lang="en-GB">{body}</div>')


def _cover(doc: Document) -> str:
    try:
        dated = long_date(_dt.date.fromisoformat(doc.agreement_date))
    except (TypeError, ValueError):
        dated = doc.agreement_date
    status = "Draft" if doc.status == "draft" else "Final"
    return (
        '<header class="doc-cover">'
        f'<p class="doc-status doc-status-{escape(doc.status)}">{status} · version {escape(doc.version)}</p>'
        f'<h2 class="doc-title">{escape(doc.title)}</h2>'
        f'<p class="doc-dated">Dated {escape(str(dated))}</p>'
        "</header>"
    )


def _clause_cached(clause: RenderedClause, numbers: dict[str, str], terms: "_TermLinker", choice: str | None) -> str:
    """``_clause``, remembered: boilerplate draws the same from one preview to the next.

    The key is what the HTML depends on: the clause's rendered text and the numbers its
    references resolve to (``RenderedClause.cache_key``), its id, version and number, the
    alternative chosen, and the document's defined terms. A clause changed after parsing
    (the definitions) is always drawn afresh.
    """
    base = clause.cache_key(numbers)
    if base is None:
        return _clause(clause, numbers, terms, choice)
    key = (base, clause.id, clause.version, clause.number, choice, terms.key)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        found = _CACHE[key] = _clause(clause, numbers, terms, choice)
    return found


def _clause(clause: RenderedClause, numbers: dict[str, str], terms: "_TermLinker", choice: str | None, about: bool = True) -> str:
    label = _label(clause)
    attrs = f'id="c-{escape(clause.id)}" class="clause part-{escape(clause.part)}" data-clause="{escape(clause.id)}" data-version="{escape(clause.version)}"'
    if choice:
        attrs += f' data-choice="{escape(choice)}"'
    title = f'{f"<span class=num>{escape(label)}</span> " if label else ""}{escape(clause.title)}'
    if about:
        title = (
            f'<button type="button" class="clause-about" data-clause="{escape(clause.id)}" '
            f'title="Clause {escape(clause.id)} {escape(clause.version)}: show its drafting note">{title}</button>'
        )
    heading = f'<h4 class="clause-title">{title}</h4>'
    body = []
    definitions = _is_definitions(clause)
    for block, number in zip(clause.blocks, clause.sub_numbers()):
        if isinstance(block, Table):
            body.append(_table(block, numbers, terms))
        elif isinstance(block, Paragraph):
            text = _runs(block.runs, numbers, terms, define=definitions)
            if block.heading:
                body.append(f'<p class="sub-heading">{text}</p>')
            else:
                num = f'<span class="num">{escape(number)}</span>' if number else ""
                body.append(f'<p class="lvl-{block.level}">{num}<span class="text">{text}</span></p>')
    return f"<section {attrs}>{heading}{''.join(body)}</section>"


def _label(clause: RenderedClause) -> str:
    if clause.part == "operative" and clause.number:
        return f"{clause.number}."
    return clause.label


def _table(table: Table, numbers: dict[str, str], terms: "_TermLinker") -> str:
    if not table.rows:
        return ""
    head, *rows = table.rows
    out = ['<div class="table-wrap"><table><thead><tr>']
    out += [f'<th scope="col">{_runs(cell, numbers, terms)}</th>' for cell in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{_runs(cell, numbers, terms)}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _runs(runs, numbers: dict[str, str], terms: "_TermLinker", define: bool = False) -> str:
    out = []
    for index, run in enumerate(runs):
        if isinstance(run, Ref):
            label = numbers.get(run.target, "??")
            out.append(f'<a class="xref" href="#c-{escape(run.target)}">{escape(label)}</a>')
        elif isinstance(run, Text):
            if run.bold and define and index == 0 and run.text in terms.defined:
                out.append(f'<dfn id="{terms.anchor(run.text)}"><strong>{escape(run.text)}</strong></dfn>')
            elif run.bold:
                out.append(f"<strong>{escape(run.text)}</strong>")
            else:
                out.append(terms.link(run.text))
    return "".join(out)


def _is_definitions(clause: RenderedClause) -> bool:
    return clause.source is None and any(
        isinstance(b, Paragraph) and b.runs and isinstance(b.runs[0], Text) and b.runs[0].bold for b in clause.blocks
    )


class _TermLinker:
    """Links each use of a defined term to its definition."""

    def __init__(self, doc: Document) -> None:
        self.defined = set(doc.defined_terms)
        forms: dict[str, str] = {}
        for term in doc.terms:
            if term.term in self.defined:
                forms[term.term] = term.term
                if term.plural:
                    forms[term.plural] = term.term
        self.forms = forms
        self.key = tuple(sorted(forms.items()))
        self.anchors = {term: "t-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") for term in set(forms.values()) | self.defined}
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w'])({alternatives})(?![\w])") if forms else None

    def anchor(self, term: str) -> str:
        return self.anchors.get(term) or "t-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")

    def link(self, text: str) -> str:
        if self.pattern is None or not text:
            return escape(text)
        out, pos = [], 0
        for match in self.pattern.finditer(text):
            out.append(escape(text[pos:match.start()]))
            term = self.forms[match.group(1)]
            out.append(f'<a class="term" href="#{self.anchor(term)}">{escape(match.group(1))}</a>')
            pos = match.end()
        out.append(escape(text[pos:]))
        return "".join(out)
