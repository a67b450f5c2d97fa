"""``ncm-docs check``: consistency checks on a partnership file or a built pack."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("check")
@click.argument("targets", nargs=-1, metavar="TARGET...", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="Output format (markdown: only with --list-rules).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--list-rules", is_flag=True, help="List the rule catalogue and exit.")
@click.pass_context
def command(ctx: click.Context, targets: tuple[Path, ...], fmt: str, strict: bool, list_rules: bool) -> None:
    """Check that the documents of a partnership say the same thing about the same facts.

    TARGET is a partnership file (model rules, before drafting) or a pack folder written
    by `ncm-docs build` (document rules: every .docx is read back, including files
    edited by hand in Word); give both to check both. Findings are grouped by
    document, each with its rule id.
    Exit codes: 0 no errors (warnings alone are fine unless --strict), 1 errors found,
    2 unreadable input.

    \b
    Examples:
      ncm-docs check samples/northshire.yaml
      ncm-docs check out/northshire --format json
      ncm-docs check samples/northshire.yaml out/northshire
      ncm-docs check --list-rules
    """
    from ..checks import all_rules, check_path
    from ..checks import report
    from ..errors import EXIT_BAD_INPUT, EXIT_FINDINGS
    from ._output import use_color

    if list_rules:
        rules = all_rules()
        click.echo({"text": report.rules_text, "json": report.rules_json, "markdown": report.rules_markdown}[fmt](rules))
        return
    if not targets:
        raise click.UsageError("give a partnership file or a pack folder (or --list-rules)")
    if fmt == "markdown":
        raise click.UsageError("--format markdown is only for --list-rules")
    for target in targets:
        if not target.exists():
            click.echo(f"Error: {target}: no such file or folder", err=True)
            ctx.exit(EXIT_BAD_INPUT)
    results = [(target, check_path(target)) for target in targets]  # all read before any output
    findings = [f for _, found in results for f in found]
    if fmt == "json":
        click.echo(report.format_json(findings))
    else:
        click.echo("\n".join(report.format_text(found, str(target), color=use_color()) for target, found in results))
    failing = {"error", "warning"} if strict else {"error"}
    if any(f.severity in failing for f in findings):
        ctx.exit(EXIT_FINDINGS)
