"""``ncm-docs check``: consistency checks on a partnership file or a built pack."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("check")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="Output format (markdown: only with --list-rules).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--list-rules", is_flag=True, help="List the rule catalogue and exit.")
@click.pass_context
def command(ctx: click.Context, target: Path | None, fmt: str, strict: bool, list_rules: bool) -> None:
    """Check that the documents of a partnership say the same thing about the same facts.

    TARGET is a partnership file (model rules, before drafting) or a pack folder written
    by `ncm-docs build` (document rules: every .docx is read back, including files
    edited by hand in Word). Findings are grouped by document, each with its rule id.
    Exit codes: 0 no errors (warnings alone are fine unless --strict), 1 errors found,
    2 unreadable input.

    \b
    Examples:
      ncm-docs check samples/northshire.yaml
      ncm-docs check out/northshire --format json
      ncm-docs check --list-rules
    """
    from ..checks import all_rules, check_path
    from ..checks import report
    from ..cli import EXIT_BAD_INPUT, EXIT_FINDINGS, use_color

    if list_rules:
        rules = all_rules()
        click.echo({"text": report.rules_text, "json": report.rules_json, "markdown": report.rules_markdown}[fmt](rules))
        return
    if target is None:
        raise click.UsageError("give a partnership file or a pack folder (or --list-rules)")
    if fmt == "markdown":
        raise click.UsageError("--format markdown is only for --list-rules")
    if not target.exists():
        click.echo(f"Error: {target}: no such file or folder", err=True)
        ctx.exit(EXIT_BAD_INPUT)
    findings = check_path(target)
    if fmt == "json":
        click.echo(report.format_json(findings))
    else:
        click.echo(report.format_text(findings, str(target), color=use_color()))
    failing = {"error", "warning"} if strict else {"error"}
    if any(f.severity in failing for f in findings):
        ctx.exit(EXIT_FINDINGS)
