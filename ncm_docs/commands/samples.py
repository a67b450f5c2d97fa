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
    package. A sample already there unchanged is left alone; one that differs is kept
    unless --force, and then nothing is copied.

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
    same: list[Path] = []
    for path in files:
        rel = path.relative_to(source)
        data = path.read_bytes()
        if _holds(folder / rel, data):
            same.append(rel)
        else:
            by_folder.setdefault(folder / rel.parent, {})[rel.name] = data
    clash = [str(sub / name) for sub, named in by_folder.items() for name in named if (sub / name).exists()]
    if clash and not force:
        raise OutputError(f"{folder}: would overwrite {', '.join(clash[:5])}, which differ from the samples; use --force to replace them")
    for sub, named in sorted(by_folder.items()):
        write_files(sub, named, force=force)
    for path in files:
        rel = path.relative_to(source)
        click.echo(f"{'already there' if rel in same else 'wrote'} {folder / rel}")


def _holds(path: Path, data: bytes) -> bool:
    """True if ``path`` is a file with exactly ``data`` in it (nothing to copy)."""
    try:
        return path.is_file() and path.read_bytes() == data
    except OSError:
        return False
