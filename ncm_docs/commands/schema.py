"""``ncm-docs schema``: the JSON Schema of a partnership file."""

from __future__ import annotations

import json

import click


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of a partnership file, for editors and validators.

    Every field has a title and a plain-English description, which editors show as
    you type. Save it next to your partnership files and point your editor at it (see
    the README: a `# yaml-language-server: $schema=...` first line does it in VS Code).

    \b
    Example:
      ncm-docs schema > partnership.schema.json
    """
    from .. import __version__
    from ..model import Partnership
    from ..model.help import schema_with_help

    schema = schema_with_help(Partnership, f"urn:ncm-docs:partnership-schema:{__version__}")
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))
