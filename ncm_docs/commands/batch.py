"""``ncm-docs batch``: draft many partnerships, one pack folder each, in parallel."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import EXIT_FINDINGS
from ._options import clauses_option, format_option, template_option


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write the pack folders and batch-manifest.json to.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per CPU). The output is the same whatever this is.")
@click.option("--force", is_flag=True, help="Rebuild every pack, even unchanged ones, and replace files ncm-docs did not write.")
@click.option("--only", "only", multiple=True, metavar="NAME", help="Draft only this document in each pack: a file stem such as subcontract-nwmh, or a type such as alliance-agreement. Repeatable.")
@clauses_option
@template_option
@format_option
@click.option("--allow-errors", is_flag=True, help="Draft partnerships even if the consistency checks (ncm-docs check) find errors in them.")
def command(inputs: tuple[Path, ...], outdir: Path, jobs: int | None, force: bool, only: tuple[str, ...], clauses_dir: Path | None, template_dir: Path | None, fmt: str,
            allow_errors: bool) -> None:
    """Draft every partnership in INPUTS (files, or folders of them) into OUTDIR.

    Each partnership gets its own pack folder, OUTDIR/<file name>/, exactly as
    `ncm-docs build` makes it. An invalid partnership is reported, with every
    problem in it, and the others are still drafted (exit code 1 if any failed).
    As with build, a partnership that breaks a consistency rule is not drafted
    unless --allow-errors. Packs whose input, clause library,
    templates and --only are unchanged are skipped; --force rebuilds them.
    OUTDIR/batch-manifest.json records every input, its status and outputs.

    \b
    Examples:
      ncm-docs batch partnerships/ -o out/ --jobs 2
      ncm-docs batch partnerships/ -o out/nwmh --only subcontract-nwmh
    """
    from ..batch import BatchSettings, collect_inputs, default_jobs, run_batch

    items = collect_inputs(inputs)
    settings = BatchSettings(outdir, force, frozenset(only), clauses_dir, template_dir, allow_errors)
    jobs = jobs or default_jobs()
    if fmt == "json":
        report = run_batch(items, settings, jobs=jobs)
        click.echo(json.dumps(report.manifest, indent=2, ensure_ascii=False))
    elif sys.stdout.isatty():
        with click.progressbar(length=len(items), label="Drafting", show_pos=True, file=sys.stdout) as bar:
            report = run_batch(items, settings, jobs=jobs, on_result=lambda r: bar.update(1))
        for result in report.failed:
            click.echo(_line(result, len(items)), err=True)
    else:
        done = [0]

        def show(result) -> None:
            done[0] += 1
            click.echo(_line(result, len(items), done[0]))

        report = run_batch(items, settings, jobs=jobs, on_result=show)
    if fmt != "json":
        click.echo(_summary(report, outdir))
    if report.failed:
        click.get_current_context().exit(EXIT_FINDINGS)


def _line(result, total: int, position: int | None = None) -> str:
    """One line per item: position, status, pack folder, and what was written or went wrong."""
    width = len(str(total))
    where = f"[{position:>{width}}/{total}] " if position else ""
    if result.status == "failed":
        first, *rest = result.error.splitlines() or [""]
        indent = " " * (len(where) + 11)
        return "\n".join([f"{where}failed     {result.output}: {first}", *(indent + line for line in rest)])
    documents = sum(1 for o in result.outputs if o["file"].endswith(".docx"))
    return f"{where}{result.status:<10} {result.output}  ({documents} document{'s' if documents != 1 else ''}, {result.elapsed_seconds:.2f} s)"


def _summary(report, outdir: Path) -> str:
    counts = report.manifest["summary"]
    parts = ", ".join(f"{counts[s]} {s}" for s in ("built", "updated", "unchanged", "failed") if counts[s])
    noun = "partnership" if counts["items"] == 1 else "partnerships"
    return f"{counts['items']} {noun} in {report.elapsed_seconds:.1f} s: {parts or 'nothing to do'}; manifest {outdir / 'batch-manifest.json'}"
