"""The folder the web app serves: partnership files in it, and nothing outside it.

Every path the app reads or writes goes through ``Workspace.resolve``: a name from a URL,
a form or an upload is a relative POSIX path below the folder, made of plain parts (no
``..``, no hidden parts, no drive letters or backslashes), with a partnership suffix, and
it must still lie inside the folder once symlinks are resolved. Saved versions are kept in
the hidden history folder inside the workspace.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import Conflict, DataError, OutputError, PathRefused
from ..files import sha256
from ..load import MAX_FILE_BYTES, read_bytes

#: File suffixes the app treats as partnership files.
SUFFIXES = (".yaml", ".yml", ".json")
#: Hidden folder (inside the workspace) holding the previous versions of saved files.
HISTORY_DIR = ".ncm-docs-history"
#: How deep below the workspace partnership files are listed (``a.yaml`` is depth 1).
MAX_DEPTH = 3
#: Most partnership files listed on the home page.
MAX_FILES = 2000
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.()'&+,\-]{0,120}$")


@dataclass(frozen=True)
class Version:
    """One saved previous version of a file, in the history folder."""

    name: str  # workspace-relative path of the saved copy
    label: str  # when it was replaced, for people


class Workspace:
    """A folder of partnership files, confined: see the module docstring."""

    def __init__(self, folder: str | Path) -> None:
        root = Path(folder).resolve()
        if not root.is_dir():
            raise DataError(f"{folder}: not a folder")
        self.root = root
        self._lock = threading.Lock()

    # ---- names and paths ------------------------------------------------------

    def resolve(self, name: str, *, history: bool = False, must_exist: bool = True) -> Path:
        """The path of ``name`` inside the workspace, or ``PathRefused``.

        ``history`` also allows names inside the history folder (read-only uses).
        """
        if not isinstance(name, str) or not name or len(name) > 400 or "\\" in name or "\x00" in name:
            raise PathRefused(f"'{_shown(name)}' is not a partnership file name")
        pure = PurePosixPath(name)
        parts = pure.parts
        if pure.is_absolute() or not parts or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
            raise PathRefused(f"'{_shown(name)}': only files inside the folder can be opened")
        in_history = parts[0] == HISTORY_DIR
        for part in parts[1:] if (history and in_history) else parts:
            if not _PART.match(part):
                raise PathRefused(f"'{_shown(name)}': '{_shown(part)}' is not an allowed file or folder name")
        if pure.suffix.lower() not in SUFFIXES:
            raise PathRefused(f"'{_shown(name)}': not a partnership file (.yaml, .yml or .json)")
        path = (self.root / Path(*parts)).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise PathRefused(f"'{_shown(name)}': only files inside the folder can be opened")
        if must_exist and not path.is_file():
            raise PathRefused(f"'{_shown(name)}': no such partnership file in this folder")
        return path

    def name_of(self, path: Path) -> str:
        """The workspace-relative name of ``path``."""
        return path.resolve().relative_to(self.root).as_posix()

    # ---- listing -----------------------------------------------------------------

    def files(self) -> list[str]:
        """Names of the partnership files in the workspace, sorted (packs and hidden folders skipped)."""
        return [name for name, _ in self.listing()]

    def listing(self) -> list[tuple[str, tuple]]:
        """``files()`` with each file's (size, mtime, inode), from one walk of the folder."""
        found: list[tuple[str, tuple]] = []
        self._walk(self.root, 1, found)
        return sorted(found, key=lambda item: (item[0].count("/"), item[0].lower()))[:MAX_FILES]

    def _walk(self, folder: Path, depth: int, found: list) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        if any(e.name == "manifest.json" for e in entries):  # a pack folder written by build
            return
        for entry in entries:
            if entry.name.startswith((".", "~$")) or not _PART.match(entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        self._walk(Path(entry.path), depth + 1, found)
                elif entry.is_file() and Path(entry.name).suffix.lower() in SUFFIXES and entry.name != "batch-manifest.json":
                    path = Path(entry.path)
                    # the walk never follows a folder link, so only a file link can lead outside
                    if entry.is_symlink() and not path.resolve().is_relative_to(self.root):
                        continue
                    st = entry.stat()
                    found.append((path.relative_to(self.root).as_posix(), (st.st_size, st.st_mtime_ns, st.st_ino)))
            except OSError:
                continue

    # ---- reading and writing --------------------------------------------------------

    def read(self, name: str, *, history: bool = False) -> bytes:
        """The bytes of a partnership file (size-limited like the CLI's reads)."""
        return read_bytes(self.resolve(name, history=history))

    def new_name(self, wanted: str) -> str:
        """A free file name like ``wanted`` (``-2``, ``-3``... appended if taken); never overwrites."""
        stem = re.sub(r"[^A-Za-z0-9_\-]+", "-", PurePosixPath(wanted).stem).strip("-")[:80] or "partnership"
        suffix = PurePosixPath(wanted).suffix.lower()
        suffix = suffix if suffix in SUFFIXES else ".yaml"
        for n in range(1, 1000):
            candidate = f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
            if not (self.root / candidate).exists():
                return candidate
        raise OutputError(f"{self.root}: no free file name like '{wanted}'")

    def create(self, wanted: str, data: bytes) -> str:
        """Write a new file under a free name like ``wanted``; return its name."""
        if len(data) > MAX_FILE_BYTES:
            raise DataError(f"{wanted}: file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        with self._lock:
            name = self.new_name(wanted)
            path = self.resolve(name, must_exist=False)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        return name

    def save(self, name: str, data: bytes, base_sha256: str | None) -> str:
        """Replace a file atomically, keeping the previous version in the history folder.

        ``base_sha256`` is the hash of the file as the editor loaded it: if the file has
        changed since (another tab, another program), nothing is written and ``Conflict``
        is raised. Returns the new file's sha256.
        """
        path = self.resolve(name)
        with self._lock:
            current = read_bytes(path)
            if base_sha256 is not None and sha256(current) != base_sha256:
                raise Conflict(
                    f"{name} was changed after this page loaded it (in another tab or program); "
                    "your changes were not saved"
                )
            if current == data:
                return sha256(data)
            self._keep_version(name, current)
            _atomic_write(path, data)
        return sha256(data)

    def _keep_version(self, name: str, data: bytes) -> None:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        folder = self.root / HISTORY_DIR / name
        folder.mkdir(parents=True, exist_ok=True)
        suffix = PurePosixPath(name).suffix
        _atomic_write(folder / f"{stamp}-{sha256(data)[:8]}{suffix}", data)

    def versions(self, name: str) -> list[Version]:
        """The saved previous versions of ``name``, newest first."""
        self.resolve(name)
        folder = self.root / HISTORY_DIR / name
        if not folder.is_dir():
            return []
        out = []
        for path in sorted(folder.iterdir(), reverse=True):
            match = re.match(r"^(\d{8}T\d{6})\d*Z-[0-9a-f]{8}\.", path.name)
            if match and path.is_file():
                moment = _dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
                out.append(Version(f"{HISTORY_DIR}/{name}/{path.name}", f"saved over at {moment:%d %b %Y %H:%M:%S} UTC"))
        return out


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _shown(text) -> str:
    text = str(text)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 80 else text[:77] + "..."
