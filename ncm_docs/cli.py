"""The ``ncm-docs`` command line: a thin shell over the library.

Commands parse options, call the library, and turn ``NcmError`` into a one-line
message with exit code 2. Heavy modules are imported inside commands, so
``ncm-docs --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

_debug = False


class NcmGroup(click.Group):
    """Turns library errors into ``Error: ...`` and exit 2; no tracebacks unless --debug."""

    def invoke(self, ctx: click.Context):
        from .errors import NcmError

        try:
            return super().invoke(ctx)
        except NcmError as exc:
            if _debug:
                raise
            click.echo(f"Error: {exc.message}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing half-written was left behind.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a bug: say so plainly
            if _debug:
                raise
            click.echo(f"Internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
            ctx.exit(3)


def _color() -> bool | None:
    return None if sys.stdout.isatty() and "NO_COLOR" not in os.environ else False


@click.group(cls=NcmGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ncm-docs")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
def main(debug: bool) -> None:
    """Draft the agreements of an NHS lead-provider + alliance partnership.

    One partnership file (YAML or JSON) and the clause library give the lead-provider
    contract, one subcontract per partner, and the alliance agreement, as Word files.

    \b
    Examples:
      ncm-docs build samples/northshire.yaml -o out/northshire
      ncm-docs preview samples/northshire.yaml --doc alliance-agreement
      ncm-docs clauses list
      ncm-docs schema > partnership.schema.json

    Exit codes: 0 ok, 1 findings or failed items, 2 bad input or usage.
    """
    global _debug
    _debug = debug


clauses_option = click.option(
    "--clauses", "clauses_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Use this clause library folder instead of the bundled one.",
)
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")


@main.command()
@click.argument("partnership", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write the pack to.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist in the output folder.")
@click.option("--only", "only", multiple=True, metavar="NAME", help="Draft only this document (file stem such as subcontract-nwmh, or a type such as alliance-agreement). Repeatable.")
@clauses_option
@click.option("--template", "template_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Use the house-style Word templates in this folder.")
@format_option
def build(partnership: Path, outdir: Path, force: bool, only: tuple[str, ...], clauses_dir: Path | None, template_dir: Path | None, fmt: str) -> None:
    """Draft the whole document family of PARTNERSHIP into a pack folder.

    Writes lead-provider-contract.docx, subcontract-<provider>.docx for each
    subcontractor, alliance-agreement.docx and manifest.json. Nothing is written
    unless every document drafts cleanly; existing files are kept unless --force.

    \b
    Example:
      ncm-docs build samples/northshire.yaml -o out/northshire
    """
    from .pack import build_pack

    result = build_pack(partnership, outdir, force=force, only=set(only) or None, clauses_dir=clauses_dir, template_dir=template_dir)
    if fmt == "json":
        click.echo(json.dumps(result.summary(), indent=2))
    else:
        for item in result.documents:
            click.echo(f"wrote {outdir / item['file']}")
        click.echo(f"wrote {outdir / 'manifest.json'}")


@main.command()
@click.argument("partnership", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "only", multiple=True, metavar="NAME", help="Only this document (type or file stem). Repeatable.")
@clauses_option
def preview(partnership: Path, only: tuple[str, ...], clauses_dir: Path | None) -> None:
    """Print the drafted documents of PARTNERSHIP as plain text (nothing is written).

    \b
    Example:
      ncm-docs preview samples/northshire.yaml --doc alliance-agreement | less
    """
    from .assemble import assemble_all
    from .library import load_library
    from .load import load_partnership
    from .text import document_text

    p = load_partnership(partnership)
    library = load_library(clauses_dir)
    for doc in assemble_all(p, library, only=set(only) or None):
        click.echo(document_text(doc))
        click.echo("=" * 72)


@main.command()
def schema() -> None:
    """Print the JSON Schema of a partnership file (for editors and validation).

    \b
    Example:
      ncm-docs schema > partnership.schema.json
    """
    from .model import Partnership

    click.echo(json.dumps(Partnership.model_json_schema(by_alias=True), indent=2))


@main.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@clauses_option
@format_option
@click.option("--doc", "kind", default=None, help="Only clauses of this document type.")
def clauses_list(clauses_dir: Path | None, fmt: str, kind: str | None) -> None:
    """List every clause: id, version, documents and title.

    \b
    Example:
      ncm-docs clauses list --doc alliance-agreement
    """
    from .library import load_library

    library = load_library(clauses_dir)
    rows = sorted(library.clauses.values(), key=lambda c: (c.meta.documents[0], ["parties", "recitals", "operative", "schedule", "execution"].index(c.meta.part), c.meta.order))
    if kind:
        rows = [c for c in rows if kind in c.meta.documents]
    if fmt == "json":
        click.echo(json.dumps([{"id": c.id, "version": c.version, "title": c.title, "part": c.meta.part, "order": c.meta.order, "documents": c.meta.documents} for c in rows], indent=2))
        return
    click.echo(f"{library.info.name} {library.version}: {len(rows)} clauses")
    width = max((len(c.id) for c in rows), default=10)
    for c in rows:
        click.echo(f"{c.id:<{width}}  {c.version:<7}  {c.meta.part:<9}  {c.title}  [{', '.join(c.meta.documents)}]")


@clauses.command("show")
@click.argument("clause_id")
@clauses_option
def clauses_show(clause_id: str, clauses_dir: Path | None) -> None:
    """Show one clause: its metadata, drafting note and body source.

    \b
    Example:
      ncm-docs clauses show alliance.decision-making
    """
    from .library import load_library

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
        click.echo(f"note:      {m.note}")
    click.echo("")
    click.echo(clause.raw_body.strip("\n"))


if __name__ == "__main__":  # pragma: no cover
    main()
