"""``ncm-docs schema``: the JSON Schema of a partnership file."""

from __future__ import annotations

import json

import click


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of a partnership file, for editors and validators.

    \b
    Example:
      ncm-docs schema > partnership.schema.json
    """
    from ..model import Partnership

    click.echo(json.dumps(Partnership.model_json_schema(by_alias=True), indent=2))
