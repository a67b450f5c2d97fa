"""Files: what counts as a partnership file, hashing, and writing a set of files atomically.

Pure standard library (layer 0): everything that writes output (build, vary, batch, diff)
goes through ``write_files``, so nothing is ever half-written or silently overwritten.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import tempfile
from pathlib import Path

from .errors import OutputError

#: File name endings of partnership files (YAML or JSON).
PARTNERSHIP_SUFFIXES = (".yaml", ".yml", ".json")


def is_partnership_file(path: Path) -> bool:
    """True if ``path`` is named like a partnership file."""
    return path.suffix.lower() in PARTNERSHIP_SUFFIXES


def slugify(text: str, limit: int = 60) -> str:
    """A safe lowercase file-name part: ASCII letters, digits and hyphens only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return slug or "party"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def write_files(outdir: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Write ``files`` into ``outdir`` atomically: all or nothing, never half a file.

    Refuses (``OutputError``) if any file exists and ``force`` is false.
    """
    for name in files:
        if Path(name).name != name or name in {"", ".", ".."}:
            raise OutputError(f"{outdir}: refusing to write '{name}' (not a plain file name)")
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    existing = [n for n in files if (outdir / n).exists()]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise OutputError(f"{outdir}: would overwrite {shown}; use --force to replace them")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot create the folder ({exc.strerror})") from None
    temps: list[tuple[str, str]] = []
    mode = _file_mode()
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=outdir)
            temps.append((tmp, name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
        _fsync_all([tmp for tmp, _ in temps])
        for tmp, name in temps:
            os.replace(tmp, outdir / name)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write ({exc.strerror})") from None
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _file_mode() -> int:
    """Mode of written files: what ``open()`` would give (temporary files start private).

    Read from the process umask, which can only be read by setting it; asked once per
    write, not at import, so importing ncm-docs never touches process state.
    """
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_all(paths: list[str]) -> None:
    """Flush files to disk together: concurrent fsyncs share one journal commit, so a pack
    of seven files costs about one flush rather than seven. The threads end with the call."""
    if len(paths) == 1:
        _fsync(paths[0])
        return
    # Imported here: concurrent.futures brings logging with it, 20 ms of start-up that a
    # command writing one file (or none) should not pay.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(8, len(paths)), thread_name_prefix="ncm-fsync") as pool:
        list(pool.map(_fsync, paths))


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
