"""``ncm-docs vary``: draft the paperwork that takes a partnership from one version to the next."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import clauses_option, format_option, revision_options, template_option


@click.command("vary")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write the variation paperwork to.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist in the output folder.")
@clauses_option
@template_option
@format_option
@revision_options
def command(old: Path, new: Path, outdir: Path, force: bool, clauses_dir: Path | None, template_dir: Path | None, fmt: str,
            author: str, date: str) -> None:
    """Draft the paperwork that takes a partnership from version OLD to version NEW.

    Writes a deed of variation of the alliance agreement (each amended clause in its
    new wording), a deed of adherence for each joining provider, the new subcontract
    of each newly subcontracted provider, a variation of the head contract where its
    terms change, a notice for each withdrawing provider, a redline (Word tracked
    changes by --author, dated now unless --date) of each changed document of the
    pack, and manifest.json.

    The change is checked against the agreement being varied first: NEW must record
    in `approvals` the approval OLD's decision rule requires (under unanimity, every
    voting member); a joining provider needs a representative and a subcontract; a
    change to the risk/gain share needs
    `alliance.risk_gain_share.reconciliation.changeover_date`. Any problem is an
    error (exit 2) and nothing is written.

    \b
    Example:
      ncm-docs vary samples/history/v1.yaml samples/history/v2.yaml -o out/v2-variation
    """
    from ..vary.draft import vary_pack

    drafted = vary_pack(old, new, outdir, force=force, clauses_dir=clauses_dir, template_dir=template_dir, author=author, date=date)
    m = drafted.manifest
    if fmt == "json":
        click.echo(json.dumps({"output": str(outdir), **m, "notes": drafted.notes}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{m['partnership']}: version {m['from']['version']} -> {m['to']['version']}")
    changes = m["changes"]
    for label, key in (("joining", "joining"), ("withdrawing", "withdrawing")):
        if changes[key]:
            click.echo(f"  {label}: {', '.join(changes[key])}")
    for c in changes["alliance_clauses"]:
        where = c["old_label"] or c["new_label"]
        click.echo(f"  alliance agreement {where} {c['title']}: {c['change']}")
    for item in m["documents"]:
        click.echo(f"wrote {outdir / item['file']}  (version {item['version']})")
    click.echo(f"wrote {outdir / 'manifest.json'}")
    for note in drafted.notes:
        click.echo(f"note: {note}")
