"""Document rules (NCM2xx): a built pack read back, across its documents.

Each rule is one function over a ``Pack`` (see ``packs.py``): the manifest says what was
built, the files say what the documents say now, after any hand edits in Word.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterator

from .. import kinds
from ..formats import long_date
from . import statements as st
from .facts import occurrences
from .packs import FRONT, FactChange, Pack, PackDocument
from .registry import Hit, hit, rule

#: Template syntax that must never reach a document: Jinja tags, cross-reference and
#: alternative markers, bold markers.
_MARKUP = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\[\[[^\]\n]*\]\]|^:::|\*\*", re.MULTILINE)


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


# ---- the documents ------------------------------------------------------------------


@rule("NCM201", "document-missing", "error", "document",
      "{file} is missing from the pack folder ({kind}: {title})")
def document_missing(pack: Pack) -> Iterator[Hit]:
    """Every document of the family is in the pack folder.

    The family is the head contract, one subcontract per provider other than the lead,
    and the alliance agreement; the manifest records it when the pack is built.

    Bad: ``subcontract-ngpf.docx`` was deleted (or never drafted).
    Good: all the documents the manifest lists are in the folder.
    """
    only = set(pack.manifest.get("only") or [])
    listed = {d.file for d in pack.documents}
    for doc in pack.documents:
        if doc.read is None:
            yield hit("folder", [doc.file], file=doc.file, kind=doc.kind, title=_quote(doc.title))
    for item in pack.manifest.get("expected") or []:
        if item["file"] not in listed and not only:
            yield hit("manifest.json: expected", [item["file"]], file=item["file"], kind=item["kind"], title=_quote(item["title"]))


@rule("NCM202", "partial-pack", "warning", "document",
      "{file} was not drafted: the pack was built with --only {only}")
def partial_pack(pack: Pack) -> Iterator[Hit]:
    """A pack drafted with ``--only`` is not the whole family, so it cannot be checked whole.

    Bad: ``ncm-docs build p.yaml -o out --only subcontract-nwmh``, then ``check out``.
    Good: build the whole family before checking it.
    """
    only = pack.manifest.get("only") or []
    listed = {d.file for d in pack.documents}
    for item in pack.manifest.get("expected") or []:
        if only and item["file"] not in listed:
            yield hit("manifest.json: only", [item["file"]], file=item["file"], only=", ".join(only))


@rule("NCM211", "unexpected-document", "warning", "document",
      "{file} is in the pack folder but not in manifest.json; it was not drafted with this pack")
def unexpected_document(pack: Pack) -> Iterator[Hit]:
    """Every Word document in a pack folder belongs to the pack.

    Copies and stray versions ("subcontract-nwmh (2).docx") are easily sent by mistake.

    Bad: ``subcontract-nwmh-old.docx`` next to the pack's documents.
    Good: only the documents the manifest lists.
    """
    listed = {d.file for d in pack.documents}
    for name in pack.docx_names:
        if name not in listed and not name.startswith("~$"):
            yield hit("folder", [name], file=name)


@rule("NCM209", "document-from-another-build", "error", "document",
      "{file}: its {prop} property says {found}, but the manifest says {expected}")
def document_from_another_build(pack: Pack) -> Iterator[Hit]:
    """Each file is the document the manifest lists, from the same build.

    Documents emailed around get swapped, renamed, or replaced by an older version.

    Bad: ``subcontract-nwmh.docx`` is the NGPF subcontract renamed, or comes from a build of
    an earlier partnership file.
    Good: every file's ``ncm.document_file`` and ``ncm.input_sha256`` match the manifest.
    """
    expected_input = (pack.manifest.get("input") or {}).get("sha256")
    for doc in pack.present:
        props = doc.read.properties
        checks = [("ncm.document_file", doc.file), ("ncm.document_kind", doc.kind), ("ncm.input_sha256", expected_input)]
        for prop, expected in checks:
            found = props.get(prop)
            if found is not None and expected and found != expected:
                yield hit(f"docProps/custom.xml: {prop}", [doc.file], file=doc.file, prop=prop, found=_quote(found), expected=_quote(expected))


@rule("NCM210", "provenance-missing", "warning", "document",
      "{file}: the ncm.* document properties are gone, so where it came from cannot be confirmed")
def provenance_missing(pack: Pack) -> Iterator[Hit]:
    """Each document keeps the custom properties that record its provenance.

    Some editors ("Save as" in another program, copying the text into a new file) drop them.

    Bad: a document re-saved by a program that drops custom document properties.
    Good: the document as built, or edited in Word (which keeps them).
    """
    for doc in pack.present:
        if not any(k.startswith("ncm.") for k in doc.read.properties):
            yield hit("docProps/custom.xml", [doc.file], file=doc.file)


# ---- the clauses -----------------------------------------------------------------------


@rule("NCM207", "clause-not-as-built", "error", "document",
      "{file}: {what}")
def clause_not_as_built(pack: Pack) -> Iterator[Hit]:
    """Each clause's id and version match the manifest; none is lost or added.

    Each clause heading carries a bookmark naming the clause, and the document lists its
    clauses in a clause map (a custom XML part); a clause whose bookmark is gone is still
    found by its heading. Deleting a whole clause, or pasting in a clause from another
    document, breaks the link to the clause library.

    Bad: clause ``alliance.risk-share`` was deleted in Word, heading and all.
    Good: clauses are edited in place (and reported as edited).
    """
    for doc in pack.present:
        for segment in doc.segments:
            if segment.id == FRONT:
                continue
            if segment.current is None:
                yield hit(segment.id, [doc.file], file=doc.file, what=f"{segment.label} is missing (no heading with its bookmark or its title '{segment.title}' was found)")
        found = {c.id: c.version for c in doc.read.clauses}
        for segment in doc.segments:
            if segment.id in found and segment.version and found[segment.id] and found[segment.id] != segment.version:
                yield hit(segment.id, [doc.file], file=doc.file,
                          what=f"{segment.label} is version {found[segment.id]}, but the manifest says {segment.version}")
        for clause in doc.unknown_clauses:
            shown = f"{clause.id}@{clause.version}" if clause.version else f"{clause.title!r} (bookmarked {clause.id})"
            yield hit(clause.id, [doc.file], file=doc.file, what=f"clause {shown} is not in the manifest (pasted in from elsewhere?)")


@rule("NCM208", "clause-edited", "warning", "document",
      "{file}: {where} was edited by hand: {changes}")
def clause_edited(pack: Pack) -> Iterator[Hit]:
    """Clauses edited by hand are reported, with the changed text, never silently accepted.

    Hand edits may be right, but they have left the clause library: the next build will
    not repeat them, and the other documents may not agree.

    Bad: "NWMH takes 25%" changed to "NWMH takes 30%" in Word.
    Good: the change made in the partnership file or the clause library, and the pack rebuilt.
    """
    for doc in pack.present:
        for segment in doc.segments:
            if not segment.edited:
                continue
            changes = segment.changes
            if changes:
                shown = "; ".join(f"{_quote(old, 50) if old else '(nothing)'} -> {_quote(new, 50) if new else '(deleted)'}" for old, new in changes[:3])
                if len(changes) > 3:
                    shown += f"; and {len(changes) - 3} more"
            elif segment.original is None:
                shown = "its text differs from the text as built"
            else:
                shown = "spacing only"
            yield hit(segment.id if segment.id != FRONT else "cover page", [doc.file], file=doc.file, where=segment.label, changes=shown)


# ---- facts across documents ------------------------------------------------------------


def _disagreements(pack: Pack, kinds: set[str]) -> Iterator[tuple[FactChange, list[str]]]:
    """Fact changes of these kinds, with the documents that still say the value as built."""
    for change in pack.fact_changes:
        if not change.now or not kinds & {f.kind for f in change.facts}:
            continue
        others = []
        for doc in pack.present:
            if doc.file == change.file:
                continue
            for segment, span in pack.occurrences(doc, change.value):
                if segment.current is not None and segment.changed_text_at(span) is None:
                    others.append(doc.file)
                    break
        if others:
            yield change, others


def _fact_hits(pack: Pack, kinds: set[str]) -> Iterator[Hit]:
    """One hit per disagreement about a fact of these kinds, for the NCM203/NCM204 message."""
    for change, others in _disagreements(pack, kinds):
        yield hit(change.segment.id, [change.file, *others], file=change.file, what=_label(change, kinds),
                  now=_quote(change.now), where=change.segment.label, others=_say(others), value=_quote(change.value))


def _say(files: list[str]) -> str:
    return ", ".join(files) + (" says" if len(files) == 1 else " say")


def _label(change: FactChange, kinds: set[str]) -> str:
    labels = [f.label for f in change.facts if f.kind in kinds]
    return " / ".join(labels[:3]) + (f" (and {len(labels) - 3} more)" if len(labels) > 3 else "")


@rule("NCM203", "party-details-differ", "error", "document",
      "{file}: {what} reads {now} in {where}, but {others} {value}")
def party_details_differ(pack: Pack) -> Iterator[Hit]:
    """Party legal names, addresses and roles are the same in every document.

    Bad: the NGPF subcontract calls the GP federation "Northshire GP Federation Ltd"; the
    alliance agreement says "Northshire GP Federation Limited".
    Good: the same legal name everywhere (change it in the partnership file and rebuild).
    """
    yield from _fact_hits(pack, {"party", "role"})


@rule("NCM204", "facts-differ", "error", "document",
      "{file}: {what} reads {now} in {where}, but {others} {value}")
def facts_differ(pack: Pack) -> Iterator[Hit]:
    """Dates, terms, values and percentages that appear in several documents agree.

    Bad: the alliance agreement gives NWMH a 25% risk share; a hand edit to the NWMH
    subcontract says 30%.
    Good: both say 25% (or both are rebuilt from a partnership file that says 30%).
    """
    yield from _fact_hits(pack, {"date", "term", "value", "percent"})


@rule("NCM205", "reference-unresolved", "error", "document",
      "{file}: {problem}")
def reference_unresolved(pack: Pack) -> Iterator[Hit]:
    """References between the documents resolve, by title and date.

    The head contract names the alliance agreement and each subcontract names the head
    contract, by exact title with the date in the same clause; the alliance agreement
    names the head contract (title and date) and every subcontract (title).

    Bad: a subcontract refers to "the Northshire Lead Provider Contract" when the head
    contract is titled "Northshire Integrated Care Partnership Lead Provider Contract".
    Good: "the Northshire Integrated Care Partnership Lead Provider Contract dated 15 March 2027".
    """
    for change, others in _disagreements(pack, {"title"}):
        yield hit(change.segment.id, [change.file, *others], file=change.file,
                  problem=f"{_label(change, {'title'})} reads {_quote(change.now)} in {change.segment.label}, "
                          f"but {', '.join(others)} {'refers' if len(others) == 1 else 'refer'} to it as {_quote(change.value)}")
    for doc in pack.present:
        for target, with_date in _referenced(pack, doc):
            title, date = target.title, _date_of(pack, target) if with_date else None
            places = [s for s in doc.segments if s.current is not None and occurrences(title, s.current)]
            if not places:
                yield hit("references", [doc.file, target.file], file=doc.file,
                          problem=f"never names {target.file} by its title {_quote(title)}")
            elif date and not any(occurrences(date, s.current) for s in places):
                yield hit(places[0].id, [doc.file, target.file], file=doc.file,
                          problem=f"names {target.file} in {places[0].label} without its date ({date})")


def _referenced(pack: Pack, doc: PackDocument) -> list[tuple[PackDocument, bool]]:
    refers = kinds.ALL[doc.kind].references if doc.kind in kinds.ALL else {}
    return [(d, refers[d.kind]) for d in pack.documents if d is not doc and d.kind in refers and d.title]


def _date_of(pack: Pack, doc: PackDocument) -> str | None:
    iso = (doc.read.properties.get("ncm.agreement_date") if doc.read else None) or pack.manifest.get("agreement_date")
    try:
        return long_date(_dt.date.fromisoformat(iso)) if iso else None
    except ValueError:
        return None


@rule("NCM206", "template-markup", "error", "document",
      "{file}: {where} contains unrendered template markup {markup}")
def template_markup(pack: Pack) -> Iterator[Hit]:
    """No template markup reaches a document: no ``{{ }}``, ``{% %}``, ``[[ ]]``, ``:::`` or ``**``.

    Markup in a finished document means a clause or template did not render, or text was
    pasted in from a clause file. Text exactly as built is not examined: rendering never
    leaves markup behind, so braces or asterisks there are the data's own (a party may be
    called "{{ 7 * 7 }} Trust"); what was changed by hand is.

    Bad: "the Lead Provider, {{ lead_provider.legal_name }}, shall".
    Good: "the Lead Provider, Northshire Hospitals NHS Foundation Trust, shall".
    """
    values = sorted({f.value for f in pack.facts}, key=len, reverse=True)
    for doc in pack.present:
        for segment in doc.segments:
            if segment.current is None:
                continue
            if segment.original is not None and not segment.edited:
                continue  # as built: rendering never leaves markup, so any there is the data's own
            # Look only at what was changed by hand (all of it for an older pack without text).
            texts = [new for _old, new in segment.changes] if segment.original is not None else [segment.current]
            shown = text = "\n".join(texts)
            if not _MARKUP.search(text):
                continue
            for value in values:  # data may legitimately contain braces or asterisks
                if value in text:
                    text = text.replace(value, " " * len(value))
            match = _MARKUP.search(text)
            if match:
                start = text.rfind("\n", 0, match.start()) + 1
                line = shown[start:].split("\n", 1)[0].strip() or match.group()
                yield hit(segment.id if segment.id != FRONT else "cover page", [doc.file], file=doc.file,
                          where=segment.label, markup=_quote(line, 60))


@rule("NCM212", "term-undefined", "warning", "document",
      "{file}: {where} uses '{term}', capitalised like a defined term, but the document does not define it")
def term_undefined(pack: Pack) -> Iterator[Hit]:
    """Every capitalised term a document uses is defined in it (or is a name from the data).

    A capitalised phrase reads as a defined term; if the document never defines it, its
    meaning is left to argument. The build records each document's vocabulary (its defined
    terms, terms defined in place in bold, names and titles from the partnership data), so
    terms added by hand in Word are caught as well as gaps in the clause library. Table
    rows and clause headings are not scanned. Packs built before the vocabulary was
    recorded are skipped.

    Bad: "Decisions are referred to the Joint Estates Board." (never defined).
    Good: "Decisions are referred to the Alliance Leadership Team." (defined in clause 1).
    """
    from ..vocabulary import VocabularyScanner

    for doc in pack.present:
        vocabulary = doc.entry.get("vocabulary")
        if vocabulary is None:
            continue
        bodies = {
            segment.id: "\n".join(line for line in segment.current.split("\n")[1:] if "\t" not in line)
            for segment in doc.segments if segment.current is not None and segment.id != FRONT
        }
        scanner = VocabularyScanner(vocabulary)
        for segment in doc.segments:
            if segment.id in bodies:
                for phrase in scanner.undefined(bodies[segment.id]):
                    yield hit(segment.id, [doc.file], file=doc.file, where=segment.label, term=phrase)


# ---- statements that must agree between the documents ---------------------------------


def _said(statement: st.Statement, limit: int = 110) -> str:
    return f"{statement.where}: {_quote(statement.sentence, limit)}"


@rule("NCM213", "payment-route-differs", "error", "document",
      "{aa} pays Balancing Payments {aa_route}, but {sc} pays them {sc_route} ({aa_said}; {sc_said})")
def payment_route_differs(pack: Pack) -> Iterator[Hit]:
    """The alliance agreement and every subcontract state one route for Balancing Payments.

    Money moves either under the alliance agreement (no contract price changes) or as an
    express adjustment to each subcontract's price. If the two documents say different
    things, the subcontract (which prevails) defeats the alliance agreement's mechanism.
    An alliance agreement that gives two routes contradicts itself and is reported too.

    Bad: the alliance agreement pays "by adjusting the payments due under the Subcontracts";
    the subcontract says they are "made under the Alliance Agreement and not under this
    Sub-Contract".
    Good: both say Balancing Payments are made under the Alliance Agreement and do not
    change the Sub-Contract Price.
    """
    for aa in st.documents(pack, st.ALLIANCE_KIND):
        aa_routes = st.payment_routes(aa)
        if len(aa_routes) > 1:
            first, second = list(aa_routes.values())[:2]
            yield hit(first.segment.id, [aa.file], aa=aa.file, aa_route=first.value, sc=aa.file, sc_route=second.value,
                      aa_said=_said(first), sc_said=_said(second))
        if not aa_routes:
            continue
        aa_route = next(iter(aa_routes.values()))
        for sc in st.documents(pack, st.SUBCONTRACT_KIND):
            for route, said in st.payment_routes(sc).items():
                if route not in aa_routes:
                    yield hit(said.segment.id, [aa.file, sc.file], aa=aa.file, aa_route=aa_route.value, sc=sc.file,
                              sc_route=route, aa_said=_said(aa_route), sc_said=_said(said))
                    break


@rule("NCM214", "alliance-term-short", "error", "document",
      "{aa} can end on {aa_end} ({aa_said}), before {head} can ({head_end}, {head_said}); "
      "the alliance agreement should run as long as the head contract")
def alliance_term_short(pack: Pack) -> Iterator[Hit]:
    """The alliance agreement runs as long as the head contract can, extensions included.

    The commissioners may terminate the head contract if the alliance agreement ends, so an
    alliance agreement with a shorter fixed term puts the head contract at risk.

    Bad: "This Agreement continues for 10 years from the Commencement Date" while the head
    contract can be extended to 15 years.
    Good: "This Agreement continues for as long as the Head Contract continues, including
    any extension of the Head Contract".
    """
    heads = st.documents(pack, st.HEAD_KIND)
    head_end = st.head_latest_end(heads[0]) if heads else None
    if head_end is None:
        return
    for aa in st.documents(pack, st.ALLIANCE_KIND):
        tied, own_end = st.alliance_term(aa)
        if tied or own_end is None or own_end.value >= head_end.value:
            continue
        yield hit(own_end.segment.id, [aa.file, heads[0].file], aa=aa.file, aa_end=_long(own_end.value), aa_said=_said(own_end, 90),
                  head=heads[0].file, head_end=_long(head_end.value), head_said=_said(head_end, 90))


def _long(iso: str) -> str:
    return long_date(_dt.date.fromisoformat(iso))


@rule("NCM215", "alliance-extension-stricter", "error", "document",
      "{aa} makes extending it need more than {head} needs to extend the head contract "
      "({aa_said}; {head_said}); one Partner could stop the alliance lasting as long as the head contract")
def alliance_extension_stricter(pack: Pack) -> Iterator[Hit]:
    """Extending the alliance agreement needs no more than extending the head contract.

    The co-ordinating commissioner extends the head contract by notice; if extending the
    alliance agreement needs a unanimous decision or a variation, one Partner can let it
    lapse and so give the commissioners a right to terminate the head contract.

    Bad: "The Partners may extend this Agreement once, for a further 5 years, by a unanimous
    decision of the Alliance Leadership Team".
    Good: "Whenever the Head Contract is extended, this Agreement is extended automatically
    for the same period. No decision of the Alliance Leadership Team ... is needed".
    """
    heads = st.documents(pack, st.HEAD_KIND)
    if not heads:
        return
    alone = st.find(heads[0], st.HEAD_EXTENDS_ALONE)
    if not alone:
        return
    for aa in st.documents(pack, st.ALLIANCE_KIND):
        for hurdle in st.alliance_extension_hurdles(aa):
            yield hit(hurdle.segment.id, [aa.file, heads[0].file], aa=aa.file, head=heads[0].file,
                      aa_said=_said(hurdle, 100), head_said=_said(alone[0], 90))


@rule("NCM216", "chair-rule-differs", "error", "document",
      "{head} fixes that the Lead Provider's representative chairs the leadership team ({head_said}), "
      "but {aa} {problem} ({aa_said})")
def chair_rule_differs(pack: Pack) -> Iterator[Hit]:
    """The head contract and the alliance agreement say the same about who chairs.

    Bad: the head contract says "The Lead Provider's member of the Alliance Leadership Team
    chairs it"; the alliance agreement lets the team change which Partner's Member chairs.
    Good: the head contract leaves the chair to the alliance agreement ("Whenever the Lead
    Provider's representative is the chair, ...").
    """
    heads = st.documents(pack, st.HEAD_KIND)
    lead = st.lead_short_name(pack)
    if not heads:
        return
    fixed = [s for s in st.find(heads[0], st.LEAD_CHAIRS) if not st.CONDITIONAL.search(s.sentence)]
    if not fixed:
        return
    for aa in st.documents(pack, st.ALLIANCE_KIND):
        named = st.find(aa, st.AA_CHAIR)
        changes = st.find(aa, st.CHAIR_CHANGES)
        chair = st.AA_CHAIR.search(named[0].sentence).group(1) if named else None
        if named and lead and chair != lead:
            problem, said = f"says the Member appointed by {chair} chairs it", named[0]
        elif changes:
            problem, said = "lets the leadership team change the chair", changes[0]
        else:
            continue
        yield hit(said.segment.id, [heads[0].file, aa.file], head=heads[0].file, head_said=_said(fixed[0], 90),
                  aa=aa.file, problem=problem, aa_said=_said(said, 90))


@rule("NCM217", "consent-not-mirrored", "warning", "document",
      "{head} needs the Co-ordinating Commissioner's approval for {subject} ({head_said}), "
      "but {aa} does not require it, so the Partners could agree what the Lead Provider may not")
def consent_not_mirrored(pack: Pack) -> Iterator[Hit]:
    """A consent the head contract requires about the alliance agreement is required there too.

    The head contract stops the Lead Provider agreeing to end or vary the alliance agreement,
    or to its own removal, without the co-ordinating commissioner's approval. Unless the
    alliance agreement says the same, the other Partners can act without it and leave the
    Lead Provider in breach of the head contract.

    Bad: the alliance agreement ends on "any date that all the Partners agree in writing".
    Good: "any date that every Partner agrees in writing, with the prior written approval of
    the Co-ordinating Commissioner".
    """
    heads = st.documents(pack, st.HEAD_KIND)
    if not heads:
        return
    for aa in st.documents(pack, st.ALLIANCE_KIND):
        seen: set[str] = set()
        for label, said in st.head_consents(heads[0]):
            if label in seen or st.alliance_mirrors(aa, label):
                continue
            seen.add(label)
            yield hit(said.segment.id, [heads[0].file, aa.file], head=heads[0].file, subject=label,
                      head_said=_said(said, 100), aa=aa.file)


#: Which document a finding names as defining a term, when several do: the alliance agreement first.
_DEFINING_ORDER = {st.ALLIANCE_KIND: 0, st.HEAD_KIND: 1, st.SUBCONTRACT_KIND: 2}


@rule("NCM218", "term-defined-elsewhere-only", "warning", "document",
      "{file}: {where} uses '{term}', which {other} defines ({other_where}), but {file} neither defines it "
      "nor adopts the definitions of {other}")
def term_defined_elsewhere_only(pack: Pack) -> Iterator[Hit]:
    """A term one document of the family defines is defined wherever another uses it.

    The documents are read together: a term the alliance agreement defines ("Alliance
    Leadership Team", "Shared Pot") means nothing certain in the head contract unless the
    head contract defines it too, or adopts the alliance agreement's definitions. A name
    from the partnership data is not enough (rule NCM212 accepts it; this rule does not
    when another document gives it a defined meaning).

    Bad: the head contract says "The Lead Provider's member of the Alliance Leadership Team
    chairs it" and never defines "Alliance Leadership Team"; the alliance agreement does.
    Good: the head contract defines "Alliance Leadership Team" as "the leadership team of the
    Alliance established under the Alliance Agreement".
    """
    present = pack.present
    defined = {d.file: st.definitions(d) for d in present}
    family = {form for items in defined.values() for item in items for form in item.forms}
    for doc in present:
        adopted = st.incorporated_kinds(doc)
        own = {form for other in present if other is doc or other.kind in adopted for item in defined[other.file] for form in item.forms}
        mask = (set(doc.entry.get("vocabulary") or []) - family) | own
        scan = st.TermUses(doc, mask, {s.id for s in doc.segments if s.part in ("parties", "execution")})
        for other in sorted(present, key=lambda d: _DEFINING_ORDER.get(d.kind, len(_DEFINING_ORDER))):
            if other.kind == doc.kind or other.kind in adopted:
                continue
            for item in defined[other.file]:
                if any(f in own for f in item.forms):
                    continue
                used = scan.first(item.forms)
                if used is not None:
                    own.update(item.forms)  # one finding per term and document
                    yield hit(used.id, [doc.file, other.file], file=doc.file, where=used.label, term=item.term,
                              other=other.file, other_where=item.segment.label)


@rule("NCM219", "precedence-inverted", "error", "document",
      "{file}: {where} ranks local terms above the General Conditions ({said}); "
      "General Condition 1.2 puts the General Conditions first, then the Service Conditions, then the Particulars")
def precedence_inverted(pack: Pack) -> Iterator[Hit]:
    """No precedence clause ranks local terms above the NHS Standard Contract's General Conditions.

    The head contract's own clauses are local terms in the Particulars: they rank below the
    Service Conditions and the General Conditions, and NHS England's rules do not let local
    drafting invert that.

    Bad: "they take priority in this order: (a) these clauses and the Schedules; (b) the rest
    of the completed Particulars; (c) the Service Conditions; and (d) the General Conditions."
    Good: "first the General Conditions, then the Service Conditions, then the Particulars.
    These Local Terms form part of the Particulars".
    """
    for doc in pack.present:
        for said in st.inverted_precedence(doc):
            yield hit(said.segment.id, [doc.file], file=doc.file, where=said.segment.label, said=_quote(said.sentence, 140))


# ---- tampering (NCM240-NCM249) ----------------------------------------------------------

#: Fact kinds the cross-document rules (NCM203, NCM204, NCM205) compare between documents.
_COMPARED_KINDS = {"party", "role", "title", "date", "term", "value", "percent"}


@rule("NCM240", "fact-not-as-built", "error", "document",
      "{file}: {what} reads {now} in {where}, but the partnership file it was built from says {value}")
def fact_not_as_built(pack: Pack) -> Iterator[Hit]:
    """A fact changed by hand is reported even where no other document states it.

    NCM203, NCM204 and NCM205 compare what the documents say with each other; a fact
    printed in one document only (the risk shares in the alliance agreement's schedule,
    the decision rule), or changed alike in every document, has nothing to disagree with.
    It is compared with the facts the pack was built from (recorded in ``manifest.json``).

    Bad: two Partners' risk shares swapped in the alliance agreement's schedule (25% and
    12% trade places), or "the agreement of every Partner" changed to "a majority of the
    Partners" in the decision clause.
    Good: the change made in the partnership file and the pack rebuilt.
    """
    compared = {(change.file, change.segment.id, change.value) for change, _ in _disagreements(pack, _COMPARED_KINDS)}
    for change in pack.fact_changes:
        if not change.now or " ".join(change.now.split()) == change.value:
            continue
        if (change.file, change.segment.id, change.value) in compared:
            continue  # reported by NCM203, NCM204 or NCM205, with the documents it disagrees with
        kinds = {f.kind for f in change.facts}
        yield hit(change.segment.id, [change.file], file=change.file, what=_label(change, kinds),
                  now=_quote(change.now), where=change.segment.label, value=_quote(change.value))


@rule("NCM241", "clause-duplicated", "error", "document",
      "{file}: clause {clause} appears {count} times (a copy pasted in can hide the clause as built)")
def clause_duplicated(pack: Pack) -> Iterator[Hit]:
    """Each clause appears once in each document.

    A clause from another partnership pasted in before the real one carries the same
    heading (and, copied in the XML, the same bookmark): a reader meets the pasted wording
    first, while a check that reads one copy per clause sees the clause as built. Every
    clause whose heading or bookmark appears twice is a finding, whatever the copy says.

    Bad: the risk-share clause of another alliance pasted above this alliance's own; every
    clause of a subcontract duplicated.
    Good: each clause once (edited in place if it must change).
    """
    from ..docx.repeats import repeated_clauses

    for doc in pack.present:
        for clause_id, count in repeated_clauses(doc.read).items():
            yield hit(clause_id, [doc.file], file=doc.file, clause=clause_id, count=count)


@rule("NCM242", "hidden-text", "error", "document",
      "{file}: {where} has text a reader would not see ({how}): {text}")
def hidden_text(pack: Pack) -> Iterator[Hit]:
    """No clause holds text that is not visible on the page.

    Text marked hidden, coloured like its background, or set in a font too small to read
    (under 4 pt, or squeezed under a quarter of its width) is in the file, and so in what
    ``check`` reads, but not on the page or the printout: it can hide an obligation the
    parties never saw, or hide the words that were removed from sight.

    Bad: a paragraph of the risk-share clause marked hidden (``w:vanish``); white text on a
    white page; a sentence in a 1 pt font.
    Good: every clause's text visible (delete text that should not be there).
    """
    from ..docx.hidden import HiddenTextFinder

    for doc in pack.present:
        finder = HiddenTextFinder(doc.read)
        labels = {s.id: s.label for s in doc.segments}
        for clause in doc.read.clauses:
            for found in finder.in_clause(clause):
                yield hit(clause.id, [doc.file], file=doc.file, where=labels.get(clause.id, f"clause {clause.id}"),
                          how=found.how, text=_quote(found.text, 80))
