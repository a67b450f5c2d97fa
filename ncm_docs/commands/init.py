"""``ncm-docs init``: write a commented starter partnership file."""

from __future__ import annotations

from pathlib import Path

import click

from ..starter.shapes import DEFAULT_SHAPE, SHAPES


@click.command("init")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), default=Path("partnership.yaml"), required=False)
@click.option("--shape", type=click.Choice(sorted(SHAPES)), default=DEFAULT_SHAPE, show_default=True,
              help="The kind of partnership to start from.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def command(file: Path, shape: str, force: bool) -> None:
    """Write a starter partnership file to FILE (default: partnership.yaml; '-' prints it).

    Every section is there and every field is explained in a comment. Values in
    [square brackets] are placeholders only the parties can fill in (names,
    addresses, registration numbers); the rest are example values that draft a sound
    agreement as they stand. The file builds and checks clean before you change a
    thing, so you can draft it at once to see what the documents look like.

    \b
    Shapes (--shape):
      lead-provider   a lead NHS foundation trust subcontracting two partners;
                      unanimous decisions; fixed risk shares (the default)
      majority        a lead provider and three partners; a 75% majority;
                      risk shared in proportion to contract values
      weighted-vote   a lead provider and four partners; a weighted vote;
                      risk shared in proportion to contract values

    \b
    Examples:
      ncm-docs init
      ncm-docs init northshire.yaml --shape weighted-vote
      ncm-docs init - | less
    """
    from ..files import write_files
    from ..starter import starter_text

    text = starter_text(shape)
    if str(file) == "-":
        click.echo(text, nl=False)
        return
    write_files(file.parent, {file.name: text.encode("utf-8")}, force=force)
    click.echo(f"wrote {file} ({SHAPES[shape].summary})")
    click.echo(f"next: fill in the [bracketed] values, then  ncm-docs check {file}  and  ncm-docs build {file} -o out/")
