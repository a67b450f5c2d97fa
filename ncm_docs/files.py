"""Files: what counts as a partnership file, hashing, and writing output so nothing is half-written.

Pure standard library (layer 0): everything that writes output (build, vary, batch, diff)
goes through here, so nothing is ever half-written or silently overwritten.

* ``write_pack`` writes a pack folder so that it appears whole: the files are written
  into a hidden folder beside the target and the folder is renamed into place (an
  existing pack is swapped out the same way). A run killed at any moment leaves the
  pack as it was, complete with its manifest, or not there at all.
* ``write_file_sets`` writes files into one or more folders all or nothing: every file is
  written and flushed beside its target before any target is replaced.
* ``folder_lock`` keeps two runs (two batches) from writing into one folder at once.

Temporary files and folders carry the writing process's id, so a run only ever removes
the leftovers of runs that are no longer alive, never the work of one still writing.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import OutputError

#: File name endings of partnership files (YAML or JSON).
PARTNERSHIP_SUFFIXES = (".yaml", ".yml", ".json")
#: The lock file a run holds in a folder it is writing to (see ``folder_lock``).
LOCK_NAME = ".ncm-docs.lock"
#: Marks every temporary name: ``.<target>.ncm-<role>-<pid>-<random>``.
_TEMP = re.compile(r"^\.(?P<target>.+)\.ncm-(?P<role>tmp|new|old)-(?P<pid>\d+)-[0-9a-f]+(?:\.tmp)?$")


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


# ---- files into folders, all or nothing ---------------------------------------------


def write_files(outdir: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Write ``files`` into ``outdir`` atomically: all or nothing, never half a file.

    Refuses (``OutputError``) if any file exists and ``force`` is false.
    """
    write_file_sets([(Path(outdir), files)], force=force)


def write_file_sets(targets: Iterable[tuple[Path, dict[str, bytes]]], force: bool = False) -> None:
    """Write files into several folders all or nothing (``diff --html --redline``).

    Every file is written to a temporary file beside its target and flushed to disk
    first; only when all are written does any replace its target. If any write fails
    (a full disk), no target is touched and folders made for the output are removed.
    Refuses (``OutputError``) if any file exists and ``force`` is false, before writing.
    """
    targets = [(Path(folder), files) for folder, files in targets]
    for folder, files in targets:
        _check_names(folder, files)
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: exists and is not a folder")
    for folder, files in targets:
        existing = [n for n in files if (folder / n).exists()]
        if existing and not force:
            raise OutputError(f"{folder}: would overwrite {_some(existing)}; use --force to replace them")
    created: list[Path] = []
    temps: list[tuple[Path, Path]] = []
    mode = _file_mode()
    try:
        for folder, files in targets:
            created += _make_folder(folder)
            remove_stale_temps(folder, set(files))
            for name, data in files.items():
                temp = folder / _temp_name(name, "tmp", ".tmp")
                temps.append((temp, folder / name))
                _write_new(temp, data, mode)
        _fsync_all([str(temp) for temp, _ in temps])
        for temp, target in temps:
            os.replace(temp, target)
        for folder in {folder for folder, _ in targets}:
            _fsync_dir(folder)
    except BaseException as exc:  # a full disk, or Ctrl-C: nothing half-written stays behind
        for temp, _ in temps:
            _unlink(temp)
        for folder in reversed(created):
            _rmdir(folder)
        if isinstance(exc, OSError):
            raise OutputError(f"{_failed_folder(exc, targets)}: cannot write ({exc.strerror or exc})") from None
        raise


# ---- a pack folder, whole ------------------------------------------------------------


def write_pack(outdir: Path, files: dict[str, bytes], force: bool = False, remove: Iterable[str] = ()) -> None:
    """Write the pack folder ``outdir`` so that it appears whole, or not at all.

    The files are written and flushed in a hidden folder beside ``outdir``, which is then
    renamed to ``outdir``. If ``outdir`` exists already (``force``, or a batch rebuilding a
    pack), the files in it that are not replaced and not in ``remove`` are linked into
    the new folder, and the two folders are swapped. A pack folder that cannot be swapped
    (the current directory, a mount point or a symbolic link, or one holding sub-folders)
    is written file by file as ``write_files`` does, the manifest last.

    Refuses (``OutputError``) if any file exists and ``force`` is false, before writing.
    Leftovers of killed runs beside ``outdir`` are cleared first (an interrupted swap is
    rolled back).
    """
    outdir = Path(outdir)
    _check_names(outdir, files)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    existing = [n for n in files if (outdir / n).exists()]
    if existing and not force:
        raise OutputError(f"{outdir}: would overwrite {_some(existing)}; use --force to replace them")
    absolute = Path(os.path.abspath(outdir))
    parent, name = absolute.parent, absolute.name
    if not name or not _swappable(absolute):
        _write_in_place(outdir, files, set(remove))
        return
    created: list[Path] = []
    try:
        created = _make_folder(parent)
        recover_pack(absolute)
        staging = parent / _temp_name(name, "new")
        os.mkdir(staging)
    except OSError as exc:
        for folder in reversed(created):
            _rmdir(folder)
        raise OutputError(f"{outdir}: cannot write ({exc.strerror or exc})") from None
    try:
        mode = _file_mode()
        for file_name, data in files.items():
            _write_new(staging / file_name, data, mode)
        _fsync_all([str(staging / n) for n in files])
        if absolute.is_dir():
            dropped = set(files) | set(remove)
            keep = [e for e in os.listdir(absolute) if e not in dropped]
            for entry in keep:
                _link_or_copy(absolute / entry, staging / entry)
            os.chmod(staging, stat.S_IMODE(os.stat(absolute).st_mode))
            _fsync_dir(staging)
            if keep or not _replace_empty_dir(staging, absolute):
                _swap(staging, absolute)
        else:
            os.chmod(staging, 0o777 & ~_umask())
            _fsync_dir(staging)
            os.rename(staging, absolute)
        _fsync_dir(parent)
    except BaseException as exc:  # a full disk, or Ctrl-C: the pack stays as it was
        shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):
            _rmdir(folder)
        if not isinstance(exc, OSError):
            raise
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise OutputError(f"{outdir}: was created by another run while this one was writing; nothing was written") from None
        raise OutputError(f"{outdir}: cannot write ({exc.strerror or exc})") from None


def _swap(staging: Path, target: Path) -> None:
    """Put the folder ``staging`` in the place of the folder ``target``; the old one is removed.

    Two renames: between them the pack is absent (never half there). Interrupted between
    them, the old folder is put back; killed between them, ``recover_pack`` puts it back.
    """
    old = target.parent / _temp_name(target.name, "old")
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:
        if not os.path.lexists(target):
            os.rename(old, target)
        raise
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def recover_pack(outdir: Path) -> None:
    """Clear what killed runs left beside the pack folder ``outdir``.

    A folder being written (``new``) is removed. A pack that was being swapped out
    (``old``) is removed if the new pack is in place, and put back if not (the run died
    between the two renames).
    """
    outdir = Path(os.path.abspath(outdir))
    parent = outdir.parent
    if not parent.is_dir():
        return
    for entry in sorted(_stale_entries(parent, {outdir.name}), key=lambda e: e[1] != "old"):
        path, role = entry
        if role == "old" and not os.path.lexists(outdir):
            try:
                os.rename(path, outdir)  # the run died mid-swap: the previous pack comes back
            except OSError:
                pass  # best effort: the old pack stays where it is, hidden but whole
        elif role in ("old", "new"):
            shutil.rmtree(path, ignore_errors=True)


def remove_stale_temps(folder: Path, names: set[str] | None = None) -> None:
    """Remove temporary files that dead runs left in ``folder`` (for ``names`` only, if given).

    Files of a run still alive (another batch writing here) are never touched.
    """
    if not folder.is_dir():
        return
    for path, role in _stale_entries(folder, names):
        if role == "tmp":
            _unlink(path)


def _stale_entries(folder: Path, targets: set[str] | None) -> Iterator[tuple[Path, str]]:
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        match = _TEMP.match(entry)
        if not match or (targets is not None and match["target"] not in targets):
            continue
        if not _alive(int(match["pid"])):
            yield folder / entry, match["role"]


# ---- one run per folder --------------------------------------------------------------


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock file while writing into it; refuse (``OutputError``) if another run holds it.

    The lock file (``.ncm-docs.lock``) names the holder's process and host. The lock is
    the operating system's (``flock``), so a run that is killed releases it at once:
    a lock file left by a dead process is simply taken over. The file is removed when
    the lock is released.
    """
    import fcntl

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    path = folder / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{folder}: cannot write ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            raise OutputError(
                f"{folder}: another ncm-docs run ({holder}) is writing to this folder; "
                "wait for it to finish, or write to another folder"
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder removed the file as we opened it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {os.uname().nodename}\n".encode())
        yield
    finally:
        _unlink(path)
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return f"process {text.removeprefix('pid ')}" if text else "a process that has just started"


# ---- helpers -------------------------------------------------------------------------


def _check_names(outdir: Path, files: dict[str, bytes]) -> None:
    for name in files:
        if Path(name).name != name or name in {"", ".", ".."} or name == LOCK_NAME or _TEMP.match(name):
            raise OutputError(f"{outdir}: refusing to write '{name}' (not a plain file name)")


def _some(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _temp_name(target: str, role: str, suffix: str = "") -> str:
    return f".{target}.ncm-{role}-{os.getpid()}-{os.urandom(4).hex()}{suffix}"


def _alive(pid: int) -> bool:
    """True if process ``pid`` exists (on this machine); our own counts as alive."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def _swappable(folder: Path) -> bool:
    """True if ``folder`` can be replaced by renaming: it is absent, or a plain folder of files
    that is not the current directory (or above it) and not a mount point."""
    if not os.path.lexists(folder):
        return True
    if folder.is_symlink() or not folder.is_dir() or os.path.ismount(folder):
        return False
    try:
        cwd = Path(os.getcwd())
    except OSError:
        cwd = None
    if cwd is not None and (cwd == folder or folder in cwd.parents):
        return False
    try:
        with os.scandir(folder) as entries:
            return all(e.is_file(follow_symlinks=False) and e.name != LOCK_NAME for e in entries)
    except OSError:
        return False


def _replace_empty_dir(staging: Path, target: Path) -> bool:
    """Rename ``staging`` over the empty folder ``target`` (one atomic step where allowed)."""
    try:
        os.rename(staging, target)
    except OSError:
        return False
    return True


def _write_in_place(outdir: Path, files: dict[str, bytes], remove: set[str]) -> None:
    """A pack folder that cannot be swapped: its files replaced one by one, the manifest last."""
    first = {n: d for n, d in files.items() if n != "manifest.json"}
    write_files(outdir, first, force=True)
    if "manifest.json" in files:
        write_files(outdir, {"manifest.json": files["manifest.json"]}, force=True)
    for name in remove - set(files):
        _unlink(outdir / name)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents; return those created (outermost first)."""
    missing = []
    probe = Path(folder)
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OSError(errno.ENOTDIR, "a file is in the way", str(folder)) from None
    return list(reversed(missing))


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        _unlink(path)
        raise
    os.chmod(path, mode)


def _failed_folder(exc: OSError, targets: list[tuple[Path, dict[str, bytes]]]) -> Path:
    if exc.filename:
        failed = Path(exc.filename)
        for folder, _ in targets:
            if failed == folder or folder in failed.parents:
                return folder
    return targets[0][0] if targets else Path(".")


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _rmdir(path: Path) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_mode() -> int:
    """Mode of written files: what ``open()`` would give (temporary files start private).

    Read from the process umask, which can only be read by setting it; asked once per
    write, not at import, so importing ncm-docs never touches process state.
    """
    return 0o666 & ~_umask()


def _fsync_all(paths: list[str]) -> None:
    """Flush files to disk together: concurrent fsyncs share one journal commit, so a pack
    of seven files costs about one flush rather than seven. The threads end with the call."""
    if not paths:
        return
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


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (renames into it) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
