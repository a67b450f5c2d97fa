"""What the clauses of a pack say about the terms the documents must agree on.

The document rules NCM213 to NCM219 compare *statements* between documents: how Balancing
Payments move, how long the alliance agreement lasts and how it is extended, who chairs the
leadership team, which consents the head contract requires, which terms are defined, and the
order of precedence. Each statement is recognised in the clause text as it is now (as built
or edited by hand in Word) by the patterns in the tables below, sentence by sentence, so a
lawyer's rewording that keeps the legal effect is still recognised and one that changes it
is compared. The patterns are data: extend a table, not the rules, when the clause library
words a statement another way.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .packs import FRONT, Pack, PackDocument, Segment

HEAD_KIND = "lead-provider-contract"
SUBCONTRACT_KIND = "subcontract"
ALLIANCE_KIND = "alliance-agreement"


@dataclass(frozen=True)
class Statement:
    """One sentence of one clause that states something the rules compare."""

    doc: PackDocument
    segment: Segment
    sentence: str
    value: str = ""

    @property
    def where(self) -> str:
        """'alliance-agreement.docx clause 15 (alliance.balancing-payments)'."""
        return f"{self.doc.file} {self.segment.label}"


# ---- reading clause text -----------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")


def sentences(segment: Segment) -> tuple[str, ...]:
    """The sentences of a clause as it reads now: its paragraphs (and table rows), split at
    sentence ends. The first line, the clause heading, is left out."""
    if segment.current is None or segment.id == FRONT:
        return ()
    return _sentences(segment.current)


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    # Several rules read the same clauses: split each text once (see bench/bench_check.py).
    out: list[str] = []
    for line in text.split("\n")[1:]:
        line = line.replace("\t", " | ").strip()
        if line:
            out += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return tuple(out)


def clause_sentences(doc: PackDocument) -> Iterator[tuple[Segment, str]]:
    """Every sentence of every clause of ``doc``, with its clause."""
    for segment in doc.segments:
        for sentence in sentences(segment):
            yield segment, sentence


def documents(pack: Pack, kind: str) -> list[PackDocument]:
    """The documents of one kind that are in the folder."""
    return [d for d in pack.present if d.kind == kind]


def find(doc: PackDocument, pattern: re.Pattern, *, within: re.Pattern | None = None) -> list[Statement]:
    """Sentences of ``doc`` matching ``pattern`` (and ``within``, if given)."""
    return [
        Statement(doc, segment, sentence)
        for segment, sentence in clause_sentences(doc)
        if pattern.search(sentence) and (within is None or within.search(sentence))
    ]


# ---- Balancing Payments: the route -------------------------------------------------------

#: A sentence about the risk/gain share's payments.
BALANCING = re.compile(r"\bbalancing payments?\b|\brisk and gain share\b", re.IGNORECASE)

#: How a sentence says Balancing Payments move: route name -> patterns, any of which says it.
PAYMENT_ROUTES: dict[str, tuple[re.Pattern, ...]] = {
    "by adjusting the Subcontract prices": (
        re.compile(r"\badjust\w*\b[^.]*\b(?:price|payments?)(?: due| payable)? under (?:the |its |each |this )?(?:Sub-?[Cc]ontracts?|Service Contracts?)\b"),
        re.compile(r"\badjustment to the (?:Sub-Contract )?[Pp]rice\b"),
        re.compile(r"\bmade through the (?:Service Contracts|Subcontracts|Material Sub-Contracts)\b"),
    ),
    "under the Alliance Agreement, leaving the prices unchanged": (
        re.compile(r"\bmade under (?:this|the Alliance) Agreement\b"),
        re.compile(r"\bnot under (?:this Sub-Contract|any Service Contract)\b"),
        re.compile(r"\bdo(?:es)? not change the (?:Sub-Contract Price|price payable)\b"),
    ),
}


def payment_routes(doc: PackDocument) -> dict[str, Statement]:
    """The routes ``doc`` gives for Balancing Payments, each with the first sentence saying it."""
    found: dict[str, Statement] = {}
    for segment, sentence in clause_sentences(doc):
        if not BALANCING.search(sentence):
            continue
        for route, patterns in PAYMENT_ROUTES.items():
            if route not in found and any(p.search(sentence) for p in patterns):
                found[route] = Statement(doc, segment, sentence, route)
    return found


# ---- terms: how long the documents last ---------------------------------------------------

_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b")
YEARS = re.compile(r"\b(\d{1,2}) years?\b")

#: A clause that sets a document's term (by id, or failing that by heading).
TERM_CLAUSE = re.compile(r"(?:^|\.)term$")
TERM_HEADING = re.compile(r"\b(?:term|duration)\b", re.IGNORECASE)

#: The alliance agreement says it lasts as long as the head contract.
TIED_TO_HEAD = re.compile(
    r"\b(?:continues|runs|lasts) (?:for as long as|until|while) the Head Contract\b"
    r"|\bends when the Head Contract (?:expires|ends)\b",
    re.IGNORECASE,
)
#: A sentence about this document's own duration.
OWN_TERM = re.compile(r"\bthis (?:Agreement|Contract)\b[^.]*\b(?:continues?|ends?|ending|expires?|will end|runs?|extend\w*)\b", re.IGNORECASE)


def term_segments(doc: PackDocument) -> list[Segment]:
    """The clauses of ``doc`` that set its term."""
    by_id = [s for s in doc.segments if TERM_CLAUSE.search(s.id) and s.current is not None]
    if by_id:
        return by_id
    return [s for s in doc.segments if s.current and s.part == "operative" and TERM_HEADING.search(s.current.split("\n", 1)[0])]


def dates(text: str) -> list[_dt.date]:
    """Every date written out in ``text`` ('31 March 2042')."""
    out = []
    for day, month, year in DATE.findall(text):
        try:
            out.append(_dt.date(int(year), _MONTHS[month], int(day)))
        except ValueError:
            continue
    return out


def head_latest_end(doc: PackDocument) -> Statement | None:
    """The latest date the head contract's term clause says it can run to."""
    best: tuple[_dt.date, Statement] | None = None
    for segment in term_segments(doc):
        for sentence in sentences(segment):
            for day in dates(sentence):
                if best is None or day > best[0]:
                    best = (day, Statement(doc, segment, sentence, day.isoformat()))
    return best[1] if best else None


def commencement(doc: PackDocument) -> _dt.date | None:
    """The Commencement Date as the document's definitions say it."""
    for _segment, sentence in clause_sentences(doc):
        if sentence.startswith("Commencement Date means"):
            found = dates(sentence)
            if found:
                return found[0]
    return None


def alliance_term(doc: PackDocument) -> tuple[bool, Statement | None]:
    """Whether the alliance agreement ties its term to the head contract, and otherwise the
    sentence that gives the latest end it states (by date, or by years from commencement)."""
    start = commencement(doc)
    best: tuple[_dt.date, Statement] | None = None
    total_years = 0
    year_sentence: Statement | None = None
    for segment in term_segments(doc):
        for sentence in sentences(segment):
            if TIED_TO_HEAD.search(sentence):
                return True, None
            if not OWN_TERM.search(sentence) or "Head Contract" in sentence:
                continue
            for day in dates(sentence):
                if best is None or day > best[0]:
                    best = (day, Statement(doc, segment, sentence, day.isoformat()))
            years = [int(y) for y in YEARS.findall(sentence)]
            if years:
                total_years += sum(years)
                year_sentence = year_sentence or Statement(doc, segment, sentence)
    if start and total_years and year_sentence:
        end = _add_years(start, total_years) - _dt.timedelta(days=1)
        if best is None or end > best[0]:
            best = (end, Statement(doc, year_sentence.segment, year_sentence.sentence, end.isoformat()))
    return False, best[1] if best else None


def _add_years(day: _dt.date, years: int) -> _dt.date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


# ---- extensions --------------------------------------------------------------------------

EXTENSION = re.compile(r"\bextend\w*\b|\bextension\b", re.IGNORECASE)
#: An extension of the head contract the co-ordinating commissioner makes alone.
HEAD_EXTENDS_ALONE = re.compile(r"\bCo-ordinating Commissioner\b[^.]*\bmay extend\b")
#: Wording that makes an extension need more than that.
NEEDS_MORE = re.compile(
    r"\bunanimous\w*\b|\bdecision of\b|\bagreement of (?:every|all)\b|\bwritten agreement\b|\bby (?:a )?variation\b"
    r"|\bconsent of\b|\bevery Partner\b|\ball (?:the )?Partners\b",
    re.IGNORECASE,
)
#: Wording that says no decision is needed.
AUTOMATIC = re.compile(r"\bautomatically\b|\bno decision\b|\bwithout any decision\b", re.IGNORECASE)
#: The extension concerns the alliance agreement itself.
OWN_EXTENSION = re.compile(r"\b(?:this Agreement|the Term)\b")


def alliance_extension_hurdles(doc: PackDocument) -> list[Statement]:
    """Sentences of the alliance agreement that make extending it need a decision or consent."""
    return [
        Statement(doc, segment, sentence)
        for segment, sentence in clause_sentences(doc)
        if EXTENSION.search(sentence) and OWN_EXTENSION.search(sentence) and NEEDS_MORE.search(sentence)
        and not AUTOMATIC.search(sentence)
    ]


# ---- the chair ---------------------------------------------------------------------------

#: The head contract fixes that the lead provider's representative chairs.
LEAD_CHAIRS = re.compile(r"\bLead Provider's (?:member|representative|Member)\b[^.]*\bchairs?\b")
#: ...unless it says so only conditionally.
CONDITIONAL = re.compile(r"\b(?:whenever|if|where|while|when)\b", re.IGNORECASE)
#: The alliance agreement names the Partner whose Member chairs.
AA_CHAIR = re.compile(r"\bThe Member appointed by (\S+?) chairs\b")
#: The alliance agreement lets the chair change.
CHAIR_CHANGES = re.compile(r"\bmay (?:change|replace|appoint)\b[^.]*\bChair\b|\bChair\b[^.]*\bmay be changed\b", re.IGNORECASE)


def lead_short_name(pack: Pack) -> str | None:
    """The lead provider's short name, from the head contract's parties in the manifest."""
    for doc in pack.documents:
        for party in doc.entry.get("parties") or []:
            if party.get("role") == "Lead Provider":
                return party.get("short_name")
    return None


# ---- consents ----------------------------------------------------------------------------

#: A sentence in which the head contract requires the co-ordinating commissioner's approval.
CONSENT = re.compile(r"\bCo-ordinating Commissioner's (?:prior )?(?:written )?(?:approval|consent)\b|\bapproval of the Co-ordinating Commissioner\b|\bconsent of the Co-ordinating Commissioner\b")
#: A sentence of the alliance agreement that mentions that approval.
AA_CONSENT = re.compile(r"\bCo-ordinating Commissioner\b[^.]*\b(?:approv\w*|consent)\b|\b(?:approv\w*|consent)\b[^.]*\bCo-ordinating Commissioner\b")

#: What a consent is for: label, the head contract's words for it, the alliance agreement's words.
CONSENT_SUBJECTS: tuple[tuple[str, re.Pattern, re.Pattern], ...] = (
    ("ending the Alliance Agreement", re.compile(r"\bend the Alliance Agreement\b"), re.compile(r"\b(?:end|ends|ending|terminat\w*)\b")),
    ("the Lead Provider's removal from it", re.compile(r"\bremoval\b"), re.compile(r"\bremov\w*\b")),
    ("varying it", re.compile(r"\bvariation of (?:it|the Alliance Agreement)\b|\bany variation\b"), re.compile(r"\bvariation\b|\bvar(?:y|ied)\b")),
)


def head_consents(doc: PackDocument) -> list[tuple[str, Statement]]:
    """The consents the head contract makes the Lead Provider obtain about the alliance agreement."""
    out = []
    for segment, sentence in clause_sentences(doc):
        if "Alliance Agreement" not in sentence or not CONSENT.search(sentence):
            continue
        for label, head_words, _aa_words in CONSENT_SUBJECTS:
            if head_words.search(sentence):
                out.append((label, Statement(doc, segment, sentence, label)))
    return out


def alliance_mirrors(doc: PackDocument, label: str) -> bool:
    """Whether the alliance agreement requires the co-ordinating commissioner's approval for ``label``."""
    words = next(aa for name, _h, aa in CONSENT_SUBJECTS if name == label)
    return any(AA_CONSENT.search(s) and words.search(s) for _seg, s in clause_sentences(doc))


# ---- definitions -------------------------------------------------------------------------

#: A definitions clause line: "Shared Pot means ..." or "Shared Pot has the meaning ...".
DEFINITION_LINE = re.compile(r"^(?P<term>[A-Z][\w'’/&-]*(?: [\w'’/&()-]+)*?) (?:means|has the meaning|includes)\b")
#: A definitions clause that adopts another document's defined terms.
INCORPORATES = {
    HEAD_KIND: re.compile(r"\bdefined in the Head Contract\b[^.]*\bhas the meaning\b"),
    ALLIANCE_KIND: re.compile(r"\bdefined in the Alliance Agreement\b[^.]*\bhas the meaning\b"),
}


@dataclass(frozen=True)
class Definition:
    """A term a document defines, the forms it is used in, and the clause that defines it."""

    term: str
    forms: tuple[str, ...]
    segment: Segment


def definitions(doc: PackDocument) -> list[Definition]:
    """The terms ``doc`` defines now: those recorded at build whose definition is still there,
    and any a hand edit added to its definitions clause."""
    by_id = {s.id: s for s in doc.segments if s.current is not None}
    clause = by_id.get(_definitions_clause(doc))
    listed: dict[str, None] = {}
    if clause is not None:
        for line in clause.current.split("\n")[1:]:
            match = DEFINITION_LINE.match(line)
            if match:
                listed[match.group("term")] = None
    out: list[Definition] = []
    seen: set[str] = set()
    for item in doc.entry.get("defined") or []:
        segment = by_id.get(item.get("clause", ""))
        if segment is None:
            continue
        term, forms = item["term"], tuple(item.get("forms") or [item["term"]])
        still = term in listed if segment is clause else term in segment.current.split("\n", 1)[-1]
        if still:
            out.append(Definition(term, forms, segment))
            seen.add(term)
    for term in listed:
        if term not in seen and clause is not None:
            out.append(Definition(term, (term,), clause))
    return out


def _definitions_clause(doc: PackDocument) -> str:
    clauses = {item.get("clause") for item in doc.entry.get("defined") or []}
    return next((s.id for s in doc.segments if s.id in clauses and s.id.endswith("definitions")), "")


def incorporated_kinds(doc: PackDocument) -> set[str]:
    """The kinds of document whose defined terms ``doc`` adopts by an express sentence."""
    found: set[str] = set()
    for segment in doc.segments:
        if segment.current and "defined in the" in segment.current:
            found |= {kind for kind, pattern in INCORPORATES.items() if any(pattern.search(s) for s in sentences(segment))}
    return found


#: A one-word term counts as used only after one of these words ("the Chair", not "Chair," in a
#: job title or a table heading), so sentence-initial capitals and headings are not terms.
_DETERMINERS = r"(?:the|a|an|its|their|each|every|any|no|that|this|other|another)"


_WORD = re.compile(r"[\w/&-]+")


class TermUses:
    """Finds where a document uses a term, other than inside a longer phrase of ``mask`` (its
    own terms, names and titles), skipping the clauses in ``skip``. Each clause's text is
    worked out once, however many terms are looked for."""

    def __init__(self, doc: PackDocument, mask: set[str], skip: set[str]) -> None:
        self.mask = mask
        self.bodies = [
            (segment, segment.current.split("\n", 1)[1] if "\n" in segment.current else "")
            for segment in doc.segments
            if segment.current is not None and segment.id != FRONT and segment.id not in skip
        ]
        self.text = "\n".join(body for _segment, body in self.bodies)
        self.words = frozenset(_WORD.findall(self.text))

    def first(self, forms: tuple[str, ...]) -> Segment | None:
        """The first clause that uses the term in one of its ``forms``, or None."""
        if not any(f.split(" ", 1)[0] in self.words and f in self.text for f in forms):
            return None
        words = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        single = all(" " not in f for f in forms)
        # a one-word term before a bracket is part of a name: "the Contracts (Rights of Third Parties) Act 1999"
        after = r"(?![\w-]| \()" if single else r"(?![\w-])"
        pattern = re.compile(r"(?<![\w-])" + (_DETERMINERS + " " if single else "") + "(?P<term>" + words + ")" + after)
        longer = [m for m in self.mask if any(f in m and m != f for f in forms)]
        for segment, body in self.bodies:
            if not any(f in body for f in forms):
                continue
            for match in pattern.finditer(body):
                if not _inside(body, match.span("term"), longer):
                    return segment
        return None


def _inside(text: str, span: tuple[int, int], phrases: list[str]) -> bool:
    """True if the stretch ``span`` of ``text`` lies inside an occurrence of one of ``phrases``."""
    start, end = span
    for phrase in phrases:
        at = text.find(phrase, max(0, end - len(phrase)))
        while at != -1 and at <= start:
            if at + len(phrase) >= end:
                return True
            at = text.find(phrase, at + 1)
    return False


# ---- precedence ---------------------------------------------------------------------------

#: A sentence that introduces an order of priority.
PRIORITY = re.compile(r"\b(?:priority|precedence)\b[^.]*\border\b|\bin the following order\b", re.IGNORECASE)
#: "first the General Conditions, then the Service Conditions, then the Particulars".
INLINE_ORDER = re.compile(r"\bfirst (?P<items>(?:the |these )?[^.:;]+?(?:, then (?:the |these )?[^.:;,]+)+)", re.IGNORECASE)
#: What each item of the order is: local drafting, or the General Conditions.
LOCAL = re.compile(r"\bthese (?:clauses|Local Terms)\b|\bLocal Terms\b|\bthe Schedules\b|\bParticulars\b|\bthis Contract's clauses\b")
GENERAL = re.compile(r"\bGeneral Conditions\b")
#: "these clauses prevail over the General Conditions".
LOCAL_PREVAILS = re.compile(r"\b(?:these (?:clauses|Local Terms)|the Local Terms|the Particulars)\b[^.]*\bprevails?\b[^.]*\bover\b[^.]*\bGeneral Conditions\b")


def inverted_precedence(doc: PackDocument) -> Iterator[Statement]:
    """Places where ``doc`` ranks local terms above the General Conditions: in a list of
    paragraphs after "... take priority in this order:", in a sentence "first ..., then ...",
    or in a sentence saying local terms prevail over the General Conditions."""
    for segment in doc.segments:
        if not segment.current or "General Conditions" not in segment.current:
            continue
        for sentence in sentences(segment):
            inline = INLINE_ORDER.search(sentence)
            if inline and (PRIORITY.search(sentence) or "General Conditions" in sentence):
                if _local_first(re.split(r", then ", inline.group("items"))):
                    yield Statement(doc, segment, sentence)
            if LOCAL_PREVAILS.search(sentence):
                yield Statement(doc, segment, sentence)
        lines = segment.current.split("\n")[1:] if segment.current and segment.id != FRONT else []
        for i, line in enumerate(lines):
            if PRIORITY.search(line) and line.rstrip().endswith(":"):
                items = []
                for item in lines[i + 1:i + 12]:
                    items.append(item)
                    if item.rstrip().endswith("."):
                        break
                if _local_first(items):
                    yield Statement(doc, segment, " ".join([line, *items]))


def _local_first(items: list[str]) -> bool:
    local = next((i for i, text in enumerate(items) if LOCAL.search(text) and not GENERAL.search(text)), None)
    general = next((i for i, text in enumerate(items) if GENERAL.search(text)), None)
    return local is not None and general is not None and local < general
