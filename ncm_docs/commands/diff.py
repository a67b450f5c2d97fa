"""``ncm-docs diff``: what changed between two versions, clause by clause."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import clauses_option, format_option, revision_options, template_option


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write a side-by-side HTML report to this file.")
@click.option("--redline", "redline_path", type=click.Path(path_type=Path), default=None, help="Also write NEW with Word tracked changes: a .docx for two .docx files, a folder otherwise.")
@revision_options
@click.option("--force", is_flag=True, help="Overwrite report or redline files that already exist.")
@clauses_option
@template_option
@format_option
def command(old: Path, new: Path, html_file: Path | None, redline_path: Path | None, author: str, date: str | None,
            force: bool, clauses_dir: Path | None, template_dir: Path | None, fmt: str) -> None:
    """Show what changed from OLD to NEW, clause by clause.

    OLD and NEW are two partnership files, two pack folders, or two .docx files
    (generated or edited by hand). Clauses are matched by their id, so a clause that
    was renumbered is unchanged and one that changed places is shown as moved. For
    partnership files the changed data is listed too, with the clauses it reaches.

    Exit codes as diff(1): 0 no differences, 1 differences, 2 trouble.

    \b
    Examples:
      ncm-docs diff samples/history/v1.yaml samples/history/v2.yaml
      ncm-docs diff old/alliance-agreement.docx new/alliance-agreement.docx --redline redline.docx
      ncm-docs diff out/v1 out/v2 --html changes.html --redline out/redline --author "Legal team"
    """
    from ..compare import compare, redlines
    from ..compare.report import json_report, text_report
    from ..errors import EXIT_FINDINGS, OutputError
    from ..files import write_file_sets
    from ._output import use_color

    comparison = compare(old, new, clauses_dir=clauses_dir, template_dir=template_dir)
    outputs: list[tuple[Path, dict[str, bytes]]] = []
    if html_file is not None:
        from ..compare.html import html_report  # only with --html

        outputs.append((html_file.parent, {html_file.name: html_report(comparison).encode("utf-8")}))
    if redline_path is not None:
        files = redlines(comparison, author=author, date=date)
        if comparison.kind == "docx":
            if redline_path.suffix.lower() != ".docx":
                raise OutputError(f"{redline_path}: --redline for two .docx files must name a .docx file")
            outputs.append((redline_path.parent, {redline_path.name: next(iter(files.values()))}))
        else:
            if redline_path.suffix.lower() == ".docx":
                raise OutputError(f"{redline_path}: --redline for packs and partnership files must name a folder")
            outputs.append((redline_path, files))
    for folder, files in outputs:  # check every target before writing any
        existing = [name for name in files if (folder / name).exists()]
        if existing and not force:
            raise OutputError(f"{folder / existing[0]}: exists; use --force to replace it")
    write_file_sets(outputs, force=force)  # the report and the redlines together, or none of them
    if fmt == "json":
        click.echo(json.dumps(json_report(comparison), indent=2, ensure_ascii=False))
    else:
        click.echo(text_report(comparison, color=use_color()))
    if comparison.has_changes:
        click.get_current_context().exit(EXIT_FINDINGS)
