"""Defined terms: one data file for the library, a definitions clause generated per document.

``clauses/definitions.yaml`` lists every defined term once: the term (Jinja, so a
term can come from the partnership, e.g. the leadership team's name), the document
types it may appear in, and its definition (Jinja over the partnership, like a clause
body, and it may cross-refer with ``[[clause-id]]``). A clause places the list with a
line ``{{ doc.definitions }}`` (or ``. {{ doc.definitions }}`` for numbered
definitions); assembly replaces that line with exactly the terms the rest of the
document uses, alphabetically, each term in bold, ``;`` after each and ``.`` after
the last. A term used only inside another term's definition is included too.

``undefined_terms`` finds capitalised multi-word phrases that are used but not
defined, for ``ncm-docs check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml
from jinja2 import Template, TemplateSyntaxError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .document import cached_for_clause
from .library.markup import Paragraph, Table, Text, parse_inline, unescape

#: What ``{{ doc.definitions }}`` prints: replaced by the definitions at assembly.
MARKER = "\u27e6definitions\u27e7"
#: The definitions file inside a clause library folder.
FILE_NAME = "definitions.yaml"
_REF = re.compile(r"\[\[\s*([a-z0-9][a-z0-9.\-]*)\s*\]\]")


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


@dataclass(frozen=True)
class RenderedTerm:
    """A term rendered for one document."""

    term: str
    plural: str
    runs: list  # the definition as markup runs (text, bold, cross-references)


def load_definitions(root: Path, compiler, clause_ids: Iterable[str], kinds: Iterable[str]) -> tuple[Definitions, list[str]]:
    """Read and compile ``root/definitions.yaml`` (absent: no terms); return it and its problems.

    ``compiler`` is the library's ``TemplateCompiler`` (compiled code from the cache when
    the library was validated before).
    """
    from .library.names import suggest

    path = root / FILE_NAME
    if not path.is_file():
        return Definitions(None), []
    try:
        from .load import safe_yaml, safe_yaml_node

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
        for target in _REF.findall(spec.definition):
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


def render_terms(definitions: Definitions, kind: str, context: dict) -> list[RenderedTerm]:
    """Every term a document type may use, rendered with the document's context.

    Raises ``RenderError`` naming the definitions file, line and term.
    """
    from .assemble import describe_render_error
    from .errors import RenderError
    from .library.environment import RenderLimitError, render_bounded

    out: list[RenderedTerm] = []
    seen: dict[str, int] = {}
    for compiled in definitions.for_document(kind):
        where = f"{definitions.path}, line {compiled.line}: terms ({compiled.spec.term})"
        try:
            term = _plain(render_bounded(compiled.term, context))
            plural = _plain(render_bounded(compiled.plural, context)) if compiled.plural else term + "s"
            body = render_bounded(compiled.definition, context).strip().rstrip(";.").strip()
            runs = parse_inline(_ASCII_SPACE.sub(" ", body).strip())
        except (JinjaTemplateError, SecurityError, TypeError, ValueError, KeyError, AttributeError, RecursionError, RenderLimitError) as exc:
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
        pending |= terms_used(_runs_text(by_name[name].runs, numbers), terms) - chosen
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


def _runs_text(runs, numbers: dict[str, str]) -> str:
    return "".join(r.text if isinstance(r, Text) else numbers.get(r.target, "") for r in runs)


def is_marker(block) -> bool:
    """True for the paragraph ``{{ doc.definitions }}`` printed."""
    if not isinstance(block, Paragraph) or block.heading or len(block.runs) != 1:
        return False
    run = block.runs[0]
    return isinstance(run, Text) and run.text == MARKER and not run.bold


def block_texts(blocks, numbers: dict[str, str], *, tables: bool = True) -> list[str]:
    """The text of each paragraph (and, if ``tables``, each table cell) of ``blocks``."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            if tables:
                out += [_runs_text(cell, numbers) for row in block.rows for cell in row]
        elif isinstance(block, Paragraph) and not is_marker(block):
            out.append(_runs_text(block.runs, numbers))
    return out


def place_definitions(doc, terms: list[RenderedTerm]) -> None:
    """Replace the marker paragraph of ``doc`` with the terms the document uses.

    Raises ``RenderError`` if the marker appears more than once.
    """
    from .errors import RenderError

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


# -- undefined terms ---------------------------------------------------------

_WORD = r"[A-Z][A-Za-z'\u2019\-]*|[0-9]{4}"
#: Two or more capitalised words, joined by spaces or by "of"/"for" ("Secretary of State").
_PHRASE = re.compile(rf"(?:{_WORD})(?:(?: (?:of|for))? (?:{_WORD}))+")
#: Words that start a sentence or a clause, not a term.
_LEADING = {
    "A", "An", "All", "Any", "Each", "Every", "For", "If", "In", "No", "Neither", "None", "On", "Subject",
    "Such", "That", "The", "These", "This", "Those", "To", "Under", "Unless", "Where", "When", "Whether",
    "While", "Without", "With", "Nothing", "Both", "Either", "Notwithstanding", "By", "At", "Upon", "As", "It",
}


_POSSESSIVE = re.compile(r"['\u2019]s?$")
_YEAR = re.compile(r"[0-9]{4}")
_LETTER = re.compile(r"[A-Z]")


@lru_cache(maxsize=16384)
def _candidate(phrase: str) -> str | None:
    """The term a capitalised phrase may be, or None: leading words, possessives, statutes
    ('... Act 2018'), all-capital headings ('THIS CONTRACT') and labels ('Part B') are not
    terms. Remembered: the same phrases recur throughout a document."""
    words = phrase.split(" ")
    while words and words[0] in _LEADING:
        words.pop(0)
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    if len([w for w in words if w[:1].isupper()]) < 2:
        return None
    if _YEAR.fullmatch(words[-1]) or all(w.isupper() or w in ("of", "for") for w in words):
        return None
    if _LETTER.fullmatch(words[-1]):  # "Part B", "Appendix A": a label, not a term
        return None
    return " ".join(words)


@dataclass(frozen=True)
class UndefinedTerm:
    """A capitalised multi-word phrase used in a clause but not defined."""

    document: str  # file stem
    clause_id: str
    term: str


def term_vocabulary(doc, terms: list[RenderedTerm], not_terms: Iterable[str], names: Iterable[str]) -> list[str]:
    """Capitalised phrases ``doc`` may use without defining them: its defined terms (both
    forms), terms defined in place (in bold), ``not_terms`` and names from the data."""
    in_place = {r.text.strip() for c in doc.clauses for b in c.blocks if isinstance(b, Paragraph) for r in b.runs if isinstance(r, Text) and r.bold}
    return sorted({s for s in (*not_terms, *names, *in_place, *(t.term for t in terms), *(t.plural for t in terms)) if s})


def vocabulary_pattern(vocabulary: Iterable[str], text: str | None = None) -> re.Pattern:
    """A pattern matching any vocabulary entry as whole words (longest first).

    Given the ``text`` it will search, entries that do not occur in it are left out first
    (a substring test in C): the same matches from a far shorter alternation.
    """
    entries = [v for v in vocabulary if v and (text is None or v in text)]
    return _vocabulary_pattern(tuple(sorted(entries, key=len, reverse=True)))


@lru_cache(maxsize=256)
def _vocabulary_pattern(entries: tuple[str, ...]) -> re.Pattern:
    if not entries:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in entries) + r")(?!\w)")


class VocabularyScanner:
    """Finds undefined capitalised phrases in text against one document's vocabulary, fast.

    Exactly ``undefined_phrases`` with the whole vocabulary masked, line by line, but a
    line is skipped after one cheap scan when every capitalised phrase in it is a
    vocabulary entry or lies inside an occurrence of one in that line (a piece of a
    name such as "NHS Northshire and Wealdmoor ..."), as in most lines. Only the rest are
    masked, with a pattern of just the entries they contain.
    """

    def __init__(self, vocabulary: list[str]) -> None:
        self.vocabulary = [v for v in vocabulary if v]
        self.known = frozenset(self.vocabulary)
        self._containing: dict[str, list[str]] = {}

    def undefined(self, text: str) -> list[str]:
        """The undefined phrases of ``text``, in order of first appearance."""
        found: list[str] = []
        for line in text.split("\n"):
            if self._clean(line):
                continue
            for phrase in undefined_phrases(line, vocabulary_pattern(self.vocabulary, line)):
                if phrase not in found:
                    found.append(phrase)
        return found

    def _clean(self, line: str) -> bool:
        for match in _PHRASE.finditer(line):
            candidate = _candidate(match.group())
            if candidate is None or candidate in self.known:
                continue
            start = line.find(candidate, match.start(), match.end())
            if not self._covered(line, candidate, start, start + len(candidate)):
                return False
        return True

    def _covered(self, line: str, candidate: str, start: int, end: int) -> bool:
        entries = self._containing.get(candidate)
        if entries is None:
            entries = self._containing[candidate] = [v for v in self.vocabulary if candidate in v and v != candidate]
        for entry in entries:
            at = line.find(entry)
            while at != -1:
                if at <= start and end <= at + len(entry):
                    return True
                at = line.find(entry, at + 1)
        return False


def undefined_phrases(text: str, pattern: re.Pattern) -> list[str]:
    """Capitalised phrases of two or more words in ``text`` outside the vocabulary ``pattern``."""
    out = []
    for match in _PHRASE.finditer(pattern.sub("\0", text)):
        phrase = _candidate(match.group())
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def undefined_terms(doc, terms: list[RenderedTerm], not_terms: Iterable[str], names: Iterable[str]) -> list[UndefinedTerm]:
    """Capitalised phrases of two or more words in ``doc``'s paragraphs that are neither
    defined terms (``terms``, in either form), defined in place (in bold, as clause bodies
    define a term used only in one clause), listed ``not_terms``, nor a name from the data
    (``names``: party names and roles, titles, service names...). Tables and headings are
    not scanned: they hold data and titles. One finding per clause and phrase.
    """
    numbers = doc.numbers()
    scanner = VocabularyScanner(term_vocabulary(doc, terms, not_terms, names))
    found: list[UndefinedTerm] = []
    for clause in doc.clauses:
        seen: set[str] = set()
        for text in block_texts([b for b in clause.blocks if not (isinstance(b, Paragraph) and b.heading)], numbers, tables=False):
            for phrase in scanner.undefined(text):
                if phrase not in seen:
                    seen.add(phrase)
                    found.append(UndefinedTerm(doc.file_stem, clause.id, phrase))
    return found


def data_names(value) -> set[str]:
    """Every string in the partnership (names, titles, descriptions), for ``undefined_terms``."""
    out: set[str] = set()
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out |= data_names(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            out |= data_names(v)
    return out


def family_names(partnership, plans) -> set[str]:
    """Names a document may print capitalised without defining them: every string in the
    partnership data, the titles of the documents and the parties' roles."""
    return data_names(partnership) | {p.title for p in plans} | {party.role for p in plans for party in p.parties}


def document_vocabulary(library, doc, names: set[str]) -> list[str]:
    """The capitalised phrases ``doc`` (as assembled, with its rendered ``terms``) may use
    without a finding (see ``term_vocabulary``)."""
    return term_vocabulary(doc, doc.terms, library_definitions(library).not_terms, names)


def find_undefined_terms(partnership, library, only: set[str] | None = None) -> list[UndefinedTerm]:
    """Assemble every document of ``partnership`` and report undefined capitalised terms."""
    from .assemble import assemble, plan_documents

    names = family_names(partnership, plan_documents(partnership, library))
    out: list[UndefinedTerm] = []
    for plan in plan_documents(partnership, library, only=only):
        doc = assemble(partnership, library, plan)
        vocabulary = document_vocabulary(library, doc, names)
        out += undefined_terms(doc, [], vocabulary, [])
    return out


def library_definitions(library) -> Definitions:
    """The library's definitions (none if it has no definitions.yaml)."""
    return getattr(library, "definitions", None) or Definitions(None)
