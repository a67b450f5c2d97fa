"""Options shared by several commands."""

from __future__ import annotations

import datetime as _dt
import os
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


def revision_date(ctx, param, value: str | None) -> str:
    """The date of tracked changes: ``--date`` if given, else now (``SOURCE_DATE_EPOCH`` if set,
    for reproducible runs), as Word writes it: ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        moment = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch.isdigit() else _dt.datetime.now(_dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def revision_options(command):
    """``--author`` and ``--date`` of the tracked changes a command writes."""
    command = click.option("--date", "date", callback=revision_date, default=None,
                           help="Date of the tracked changes, YYYY-MM-DD[THH:MM:SS] (default: now).")(command)
    return click.option("--author", default="ncm-docs", show_default=True,
                        help="Author of the tracked changes, as Word and LibreOffice show it.")(command)
