"""``ncm-docs build``: draft a partnership's document family into a pack folder."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import clauses_option, format_option, template_option


@click.command("build")
@click.argument("partnership", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write the pack to.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist in the output folder.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each document (needs LibreOffice).")
@click.option("--only", "only", multiple=True, metavar="NAME", help="Draft only this document: a file stem such as subcontract-nwmh, or a type such as alliance-agreement. Repeatable.")
@clauses_option
@template_option
@format_option
@click.option("--allow-errors", is_flag=True, help="Draft even if the consistency checks (ncm-docs check) find errors in the partnership.")
@click.pass_context
def command(ctx: click.Context, partnership: Path, outdir: Path, force: bool, pdf: bool, only: tuple[str, ...], clauses_dir: Path | None, template_dir: Path | None, fmt: str, allow_errors: bool) -> None:
    """Draft the whole document family of PARTNERSHIP into a pack folder.

    Writes lead-provider-contract.docx, subcontract-<provider>.docx for each
    subcontractor, alliance-agreement.docx and manifest.json (with --pdf, a PDF
    of each too). Nothing is written unless every document drafts cleanly;
    existing files are kept unless --force. The house style is --template, else
    the partnership's document.house_style folder, else the bundled default.
    The model consistency rules run first (see `ncm-docs check`): errors stop the
    build (exit 1) unless --allow-errors; warnings are printed. So does a clause the
    partnership overrides with negotiated wording (clause_overrides, see `ncm-docs
    absorb`) that the clause library has changed since: the library's old and new
    text and the negotiated text are shown.

    \b
    Examples:
      ncm-docs build samples/northshire.yaml -o out/northshire
      ncm-docs build samples/northshire.yaml -o out/nwmh --only subcontract-nwmh
      ncm-docs build samples/northshire.yaml -o out/northshire --pdf --template my-firm/
    """
    from ..errors import ModelErrors
    from ..checks.report import format_text
    from ..pack import build_pack

    try:
        result = build_pack(partnership, outdir, force=force, only=set(only) or None, clauses_dir=clauses_dir,
                            template_dir=template_dir, pdf=pdf, allow_errors=allow_errors)
    except ModelErrors as exc:
        click.echo(format_text(exc.findings, str(partnership)), err=True)
        click.echo(f"Error: {exc.message}", err=True)
        ctx.exit(exc.exit_code)
    if result.findings:
        click.echo(format_text(result.findings, str(partnership)), err=True)
    if result.conflicts:
        click.echo(f"warning: drafted {len(result.conflicts)} negotiated clause{'s' if len(result.conflicts) != 1 else ''} "
                   "the clause library has changed since (--allow-errors):", err=True)
        for conflict in result.conflicts:
            click.echo(conflict.describe(), err=True)
    if fmt == "json":
        click.echo(json.dumps({**result.summary(), "findings": [f.as_dict() for f in result.findings],
                               "conflicts": [c.as_dict() for c in result.conflicts]}, indent=2, ensure_ascii=False))
        return
    for item in result.documents:
        click.echo(f"wrote {outdir / item['file']}  ({len(item['clauses'])} clauses)")
        if pdf:
            click.echo(f"wrote {outdir / Path(item['file']).with_suffix('.pdf')}")
    click.echo(f"wrote {outdir / 'manifest.json'}")
