"""``ncm-docs preview``: the drafted documents as plain text."""

from __future__ import annotations

from pathlib import Path

import click

from ._options import clauses_option


@click.command("preview")
@click.argument("partnership", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "only", multiple=True, metavar="NAME", help="Only this document (type or file stem). Repeatable.")
@clauses_option
def command(partnership: Path, only: tuple[str, ...], clauses_dir: Path | None) -> None:
    """Print the drafted documents of PARTNERSHIP as numbered plain text.

    Nothing is written. Useful to read a draft quickly or to review clause edits.

    \b
    Example:
      ncm-docs preview samples/northshire.yaml --doc alliance-agreement | less
    """
    from ..assemble import assemble_all
    from ..library import load_library
    from ..load import load_partnership
    from ..text import document_text

    p = load_partnership(partnership)
    library = load_library(clauses_dir)
    for doc in assemble_all(p, library, only=set(only) or None, option="--doc"):
        click.echo(document_text(doc))
