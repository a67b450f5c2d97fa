"""``ncm-docs impact``: which partnerships and documents a clause-library change reaches."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import clauses_option, format_option


@click.command("impact")
@click.argument("clause_id")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--against", "against_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="The older clause library folder to compare with.")
@clauses_option
@format_option
def command(clause_id: str, inputs: tuple[Path, ...], against_dir: Path, clauses_dir: Path | None, fmt: str) -> None:
    """List every partnership and document whose CLAUSE_ID text changes between two libraries.

    INPUTS are partnership files or folders of them. Each document is drafted with
    the current library (or --clauses) and with the older library given by --against;
    each one whose text for the clause differs is listed, with the change word by
    word: [-removed-] and {+inserted+}. Nothing is written. A wording change without
    a raised clause version is flagged. A partnership that overrides the clause with
    negotiated wording (clause_overrides) is listed as a conflict, with the library's
    old and new text and the negotiated text.

    \b
    Example:
      ncm-docs impact alliance.decision-making samples/ --against old/clauses
    """
    from ..impact import clause_impact, word_changes
    from ..library import load_library

    report = clause_impact(clause_id, list(inputs), load_library(clauses_dir), load_library(against_dir))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    versions = f"{report.old_version or '(absent)'} -> {report.new_version or '(absent)'}"
    click.echo(f"{report.clause_id}: {versions}; {len(report.impacts)} of {report.documents_checked} documents in {report.partnerships} partnerships change")
    for item in report.impacts:
        c = item.clause
        where = c.reference if (c.old_label or c.new_label) else ""
        click.echo("  ".join(x for x in (item.partnership, item.file, where, c.change) if x))
        if c.change == "amended" and c.old_version == c.new_version:
            click.echo(f"  warning: the wording changed but the clause version did not ({c.new_version})")
        for line in item.words.splitlines():
            if "[-" in line or "{+" in line or c.change != "amended":
                click.echo(f"  {line}")
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict.partnership} {conflict.file} overrides {report.clause_id} with negotiated wording "
                   f"(clause_overrides[{conflict.override}], negotiated against {conflict.negotiated_version}); the document keeps it")
        click.echo("  library change: " + " / ".join(x for x in word_changes(conflict.old_text, conflict.new_text).split("\n") if x.strip()))
        click.echo("  negotiated:     " + " / ".join(x for x in conflict.override_text.split("\n") if x.strip()))
