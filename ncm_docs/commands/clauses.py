"""``ncm-docs clauses``: browse the clause library."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import clauses_option, format_option

_PARTS = ["parties", "recitals", "operative", "schedule", "execution"]


@click.group("clauses")
def command() -> None:
    """Browse the clause library (list clauses, show one)."""


@command.command("list")
@clauses_option
@format_option
@click.option("--doc", "kind", default=None, help="Only clauses of this document type (e.g. alliance-agreement).")
def list_clauses(clauses_dir: Path | None, fmt: str, kind: str | None) -> None:
    """List every clause: id, version, part and title.

    \b
    Example:
      ncm-docs clauses list --doc alliance-agreement
    """
    from ..library import load_library

    from ..errors import UnknownDocumentError
    from ..suggest import suggest

    library = load_library(clauses_dir)
    if kind and kind not in library.info.documents:
        types = list(library.info.documents)
        raise UnknownDocumentError(f"--doc {kind}: no such document type{suggest(kind, types)}; the types are {', '.join(types)}")
    rows = sorted(library.clauses.values(), key=lambda c: (c.meta.documents[0], _PARTS.index(c.meta.part), c.meta.order, c.id))
    if kind:
        rows = [c for c in rows if kind in c.meta.documents]
    if fmt == "json":
        click.echo(json.dumps([
            {"id": c.id, "version": c.version, "title": c.title, "part": c.meta.part, "order": c.meta.order, "documents": c.meta.documents}
            for c in rows
        ], indent=2))
        return
    click.echo(f"{library.info.name} {library.version}: {len(rows)} clauses")
    width = max((len(c.id) for c in rows), default=10)
    for c in rows:
        click.echo(f"{c.id:<{width}}  {c.version:<7}  {c.meta.part:<9}  {c.title}")


@command.command("show")
@click.argument("clause_id")
@clauses_option
def show_clause(clause_id: str, clauses_dir: Path | None) -> None:
    """Show one clause: metadata, drafting note and body source.

    \b
    Example:
      ncm-docs clauses show alliance.decision-making
    """
    from ..library import load_library

    clause = load_library(clauses_dir).get(clause_id)
    m = clause.meta
    click.echo(f"{m.id} {m.version}: {m.title}")
    click.echo(f"file:      {clause.path}")
    click.echo(f"documents: {', '.join(m.documents)}")
    click.echo(f"part:      {m.part} (order {m.order})")
    if m.when:
        click.echo(f"when:      {m.when}")
    if m.choose:
        click.echo(f"choose:    {m.choose} -> {', '.join(clause.alternatives)}")
    if m.note:
        click.echo(f"note:      {m.note.strip()}")
    click.echo("")
    click.echo(clause.raw_body.strip("\n"))
