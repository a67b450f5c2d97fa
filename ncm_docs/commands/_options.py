"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

clauses_option = click.option(
    "--clauses", "clauses_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Use this clause library folder instead of the bundled one.",
)
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
template_option = click.option(
    "--template", "template_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Use the house-style Word templates in this folder (default.docx, or <document-type>.docx).",
)
