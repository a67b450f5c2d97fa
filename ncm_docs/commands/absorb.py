"""``ncm-docs absorb``: carry the edits of a hand-edited pack back into its partnership file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import format_option


@click.command("absorb")
@click.argument("partnership", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("pack", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The new partnership file to write.")
@click.option("--accept-proposals", is_flag=True, help="Take pending tracked changes as agreed (by default they are proposals and left out).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@format_option
@click.pass_context
def command(ctx: click.Context, partnership: Path, pack: Path, output: Path, accept_proposals: bool, force: bool, fmt: str) -> None:
    """Write PARTNERSHIP again with the edits made by hand to PACK, its built pack.

    An edit that only changes a value the documents print from the data (a party's
    name or address, a date, a term, a money value, a percentage) becomes a data
    change. Any other edit to a clause becomes negotiated wording for that clause
    (clause_overrides: its text, the library version it was negotiated against, the
    library's text then, and who and when where the file says), so building OUTPUT
    gives the edited wording. Comments and key order of PARTNERSHIP are kept. What
    cannot be carried back (a clause deleted whole, a cover page edited, pending
    tracked changes) is listed, and the exit code is 1.

    Exit codes: 0 everything absorbed, 1 something listed as not absorbed, 2 trouble.

    \b
    Examples:
      ncm-docs absorb samples/northshire.yaml returned/ -o northshire-v1.1.yaml
      ncm-docs absorb p.yaml returned/ -o p2.yaml --accept-proposals --format json
    """
    from ..absorb import absorb
    from ..errors import EXIT_FINDINGS

    report = absorb(partnership, pack, output, force=force, accept_proposals=accept_proposals)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(f"wrote {output}")
        for change in report.data_changes:
            click.echo(f"  data: {change.describe()}")
        for override in report.overrides:
            scope = ", ".join(override["documents"]) or "every document with the clause"
            who = "".join(f" {label} {override[key]}" for label, key in (("agreed by", "agreed_by"), ("on", "agreed_on")) if override.get(key))
            click.echo(f"  clause override: {override['clause']} (library {override['library_version']}) in {scope}{who}")
        for item in report.not_absorbed:
            click.echo(f"  not absorbed: {item}")
        if not (report.data_changes or report.overrides or report.not_absorbed):
            click.echo("  no edits found: the pack reads as built")
    if report.not_absorbed:
        ctx.exit(EXIT_FINDINGS)
