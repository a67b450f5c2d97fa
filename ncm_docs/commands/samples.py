"""``ncm-docs samples``: copy the bundled sample partnerships into a folder."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("samples")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("samples"), required=False)
@click.option("--force", is_flag=True, help="Replace sample files that already exist in FOLDER.")
def command(folder: Path, force: bool) -> None:
    """Copy the sample partnerships shipped with ncm-docs into FOLDER (default: samples).

    Works from any folder once ncm-docs is installed: the samples travel inside the
    package. Existing files are kept unless --force; nothing is copied if any would be
    replaced.

    \b
    Examples:
      ncm-docs samples
      ncm-docs samples my-samples && ncm-docs build my-samples/northshire.yaml -o out/northshire
    """
    from .._resources import resource_dir
    from ..errors import OutputError
    from ..files import write_files

    source = resource_dir("samples")
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".json", ".md"))
    if not files:
        raise OutputError(f"{source}: the bundled samples are missing from this installation")
    by_folder: dict[Path, dict[str, bytes]] = {}
    for path in files:
        rel = path.relative_to(source)
        by_folder.setdefault(folder / rel.parent, {})[rel.name] = path.read_bytes()
    clash = [str(sub / name) for sub, named in by_folder.items() for name in named if (sub / name).exists()]
    if clash and not force:
        raise OutputError(f"{folder}: would overwrite {', '.join(clash[:5])}; use --force to replace them")
    for sub, named in sorted(by_folder.items()):
        write_files(sub, named, force=force)
    for path in files:
        click.echo(f"wrote {folder / path.relative_to(source)}")
