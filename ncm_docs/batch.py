"""Drafting many partnerships at once: a process pool, one pack folder per partnership.

``collect_inputs`` turns files and folders into ``BatchItem`` s, each with a safe,
unique output folder name. ``run_batch`` drafts them, in this process (``jobs=1``) or
in a pool of worker processes that each load the clause library and templates once.
Every item is isolated: an invalid partnership becomes a ``failed`` result and the
others are still drafted. Results come back in input order as they finish, so a
caller can show progress; the batch manifest is written last.

A pack is skipped when its folder's ``manifest.json`` has the same fingerprint (input
bytes, clause library, templates, tool version, ``--only``) and every file it lists is
still there with the same sha256. Pack folders belong to ncm-docs: files listed in
the previous manifest are replaced when a pack is rebuilt (and ones it no longer
makes are removed); any other existing file is kept unless ``force``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__, kinds
from . import manifest as manifest_format
from .errors import DataError, ModelErrors, NcmError, OutputError
from .files import PARTNERSHIP_SUFFIXES, folder_lock, recover_pack, sha256, slugify, write_files, write_pack
from .pack import draft_from_data, pack_fingerprint

BATCH_MANIFEST = "batch-manifest.json"
#: File suffixes a folder input is searched for.
#: Item statuses, in the order the summary lists them.
STATUSES = ("built", "updated", "unchanged", "failed")
#: Most items a worker takes at a time: small, so no worker idles long at the end of a run.
CHUNK = 2


@dataclass(frozen=True)
class BatchItem:
    """One partnership file and the name of its pack folder."""

    source: Path
    name: str


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs besides the item (picklable)."""

    outdir: Path
    force: bool = False
    only: frozenset[str] = frozenset()
    clauses_dir: Path | None = None
    template_dir: Path | None = None
    allow_errors: bool = False


@dataclass
class ItemResult:
    """What happened to one item."""

    input: str
    output: str
    status: str
    elapsed_seconds: float
    outputs: list[dict] = field(default_factory=list)
    error: str | None = None


@dataclass
class BatchReport:
    """Every item's result (in input order) and the batch's totals."""

    results: list[ItemResult]
    elapsed_seconds: float
    manifest: dict

    @property
    def failed(self) -> list[ItemResult]:
        """The items that failed."""
        return [r for r in self.results if r.status == "failed"]


def collect_inputs(inputs: Iterable[Path]) -> list[BatchItem]:
    """Partnership files from files and folders (a folder's ``*.yaml``, ``*.yml``, ``*.json``).

    Each gets a pack folder named after its file (a safe slug). Raises ``DataError``
    for a missing input, a folder without partnership files, or two inputs that
    would share a pack folder.
    """
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in PARTNERSHIP_SUFFIXES and not p.name.startswith(".") and p.is_file())
            if not found:
                raise DataError(f"{path}: no partnership files ({', '.join('*' + s for s in PARTNERSHIP_SUFFIXES)}) in this folder")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise DataError(f"{path}: no such file or folder")
    items: list[BatchItem] = []
    seen: dict[Path, Path] = {}
    names: dict[str, Path] = {}
    for path in files:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen[resolved] = path
        name = slugify(path.stem, limit=80)
        if name in names:
            raise DataError(f"{names[name]} and {path} would both be drafted into the pack folder '{name}': rename one of them")
        names[name] = path
        items.append(BatchItem(path, name))
    return items


def check_setup(settings: BatchSettings):
    """Load the clause library and templates once, failing early (``NcmError``) if either is unusable."""
    from .docx.template import load_template, template_for
    from .library.house_style import compile_part
    from .library import load_library

    library = load_library(settings.clauses_dir)
    for kind in kinds.PACK:
        load_template(template_for(kind, settings.template_dir), compile_part)
    if settings.outdir.exists() and not settings.outdir.is_dir():
        raise OutputError(f"{settings.outdir}: exists and is not a folder")
    return library


# --- one item (runs in a worker process, or in this one with jobs=1) -------------------

_WORKER: dict = {}


def _init_worker(settings: BatchSettings) -> None:
    """Pool initializer: load the library once per worker (already loaded when forked)."""
    if _WORKER.get("settings") != settings:
        _WORKER["settings"] = settings
        _WORKER["library"] = check_setup(settings)


def _run_chunk(items: list[BatchItem]) -> list[ItemResult]:
    return draft_items(items, _WORKER["settings"], _WORKER["library"])


@dataclass
class _Pending:
    """A pack drafted in memory, waiting to be written."""

    packdir: Path
    files: dict[str, bytes]
    stale: set[str]

    def write(self) -> None:
        write_pack(self.packdir, self.files, force=True, remove=self.stale)


def draft_items(items: list[BatchItem], settings: BatchSettings, library) -> list[ItemResult]:
    """Draft ``items`` one after another while a thread writes the packs already drafted.

    Writing is mostly waiting for the disk, so it overlaps the next item's drafting.
    Never raises ``NcmError``: a failure becomes that item's ``failed`` result.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    started: list[tuple[BatchItem, float, str, list[dict], Future | None, str | None]] = []
    writer = ThreadPoolExecutor(1, thread_name_prefix="ncm-writer")
    try:
        for item in items:
            start = time.perf_counter()
            status, outputs, pending, error = "failed", [], None, None
            try:
                status, outputs, pending = _prepare(item, settings, library)
            except Exception as exc:
                error = _describe(exc)
            future = writer.submit(pending.write) if pending is not None else None
            started.append((item, start, status, outputs, future, error))
        results = []
        for item, start, status, outputs, future, error in started:
            if future is not None:
                try:
                    future.result()
                except Exception as exc:
                    status, outputs, error = "failed", [], _describe(exc)
            results.append(ItemResult(str(item.source), item.name, status, round(time.perf_counter() - start, 4), outputs, error))
        return results
    finally:
        writer.shutdown(wait=True, cancel_futures=True)


def _describe(exc: Exception) -> str:
    if isinstance(exc, NcmError):
        return exc.message
    return f"internal error: {type(exc).__name__}: {exc}"  # a bug: report it against this item, keep going


def _prepare(item: BatchItem, settings: BatchSettings, library) -> tuple[str, list[dict], _Pending | None]:
    """Draft one pack in memory: (status, outputs, what to write), or skip it if unchanged."""
    from .load import parse_data, read_bytes

    packdir = settings.outdir / item.name
    recover_pack(packdir)
    raw = read_bytes(item.source)
    input_sha = sha256(raw)
    only = set(settings.only) or None
    data = parse_data(item.source, raw)
    template_dir = _template_dir(item.source, data, settings)
    previous = manifest_format.read_if_written_by_us(packdir)
    if previous is not None and not settings.force:
        fingerprint = pack_fingerprint(input_sha, library, template_dir, only, settings.allow_errors)
        if previous.get("fingerprint") == fingerprint and _outputs_intact(packdir, previous):
            return "unchanged", _outputs_of(previous, packdir), None
    try:  # as build: no pack from a partnership that breaks the consistency rules
        drafted, _ = draft_from_data(item.source, data, raw, library, only=only, template_dir=template_dir,
                                     allow_errors=settings.allow_errors)
    except ModelErrors as exc:
        errors = [f for f in exc.findings if f.severity == "error"]
        head = (f"{item.source}: {len(errors)} consistency error{'s' if len(errors) != 1 else ''}; nothing was drafted "
                "(fix them, or run the batch with --allow-errors)")
        raise NcmError("\n".join([head] + [f"{f.rule} {f.location}: {f.message}" for f in errors])) from None
    # The pack folder appears whole (files.write_pack): a killed run leaves the previous
    # pack or none, never new documents beside an old manifest.
    files = {**drafted.files, manifest_format.FILE_NAME: manifest_format.to_bytes(drafted.manifest)}
    owned = manifest_format.files_written(previous)
    clash = [n for n in files if (packdir / n).exists() and n not in owned]
    if clash and not settings.force:
        raise OutputError(f"{packdir}: would overwrite {', '.join(clash[:5])}, which ncm-docs did not write; use --force to replace them")
    outputs = [{"file": name, "sha256": sha256(data)} for name, data in files.items()]
    return ("updated" if previous is not None else "built"), outputs, _Pending(packdir, files, owned - set(files))


def _template_dir(source: Path, data, settings: BatchSettings) -> Path | None:
    """As build: ``--template``, else the partnership's ``document.house_style`` folder, else the default."""
    from .docx.template import house_style_dir

    if settings.template_dir is not None:
        return settings.template_dir
    document = data.get("document") if isinstance(data, dict) else None
    value = document.get("house_style") if isinstance(document, dict) else None
    return house_style_dir(source, value) if isinstance(value, str) else None


def _outputs_intact(packdir: Path, manifest: dict) -> bool:
    """Every document the manifest lists is on disk with the sha256 it records."""
    for entry in manifest["documents"]:
        try:
            if sha256((packdir / entry["file"]).read_bytes()) != entry["sha256"]:
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


def _outputs_of(manifest: dict, packdir: Path) -> list[dict]:
    manifest_sha = sha256((packdir / manifest_format.FILE_NAME).read_bytes())
    return [{"file": manifest_format.FILE_NAME, "sha256": manifest_sha}] + [{"file": d["file"], "sha256": d["sha256"]} for d in manifest["documents"]]


# --- the whole batch -----------------------------------------------------------------


def iter_results(items: list[BatchItem], settings: BatchSettings, library, jobs: int) -> Iterator[ItemResult]:
    """Draft every item, yielding results in input order as they become ready."""
    jobs = max(1, min(jobs, len(items)))
    size = max(1, min(CHUNK, len(items) // (jobs * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    if jobs == 1:
        for chunk in chunks:
            yield from draft_items(chunk, settings, library)
        return
    _WORKER.update(settings=settings, library=library)  # inherited by forked workers
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = multiprocessing.get_context(method).Pool(jobs, initializer=_init_worker, initargs=(settings,))
    try:
        for results in pool.imap(_run_chunk, chunks):
            yield from results
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def run_batch(
    items: list[BatchItem],
    settings: BatchSettings,
    *,
    jobs: int = 1,
    on_result: Callable[[ItemResult], None] | None = None,
) -> BatchReport:
    """Draft every item, then write ``batch-manifest.json`` into the output folder."""
    start = time.perf_counter()
    library = check_setup(settings)
    with folder_lock(settings.outdir):  # a second batch on this folder is refused, not interleaved
        results = []
        for result in iter_results(items, settings, library, jobs):
            results.append(result)
            if on_result is not None:
                on_result(result)
        elapsed = round(time.perf_counter() - start, 3)
        manifest = batch_manifest(results, settings, library, elapsed, jobs)
        write_files(settings.outdir, {BATCH_MANIFEST: (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")}, force=True)
    return BatchReport(results, elapsed, manifest)


def batch_manifest(results: list[ItemResult], settings: BatchSettings, library, elapsed: float, jobs: int) -> dict:
    """The batch manifest: each input, its status, its outputs with sha256, elapsed times."""
    counts = {status: sum(1 for r in results if r.status == status) for status in STATUSES}
    return {
        "tool": "ncm-docs",
        "tool_version": __version__,
        "library": {"name": library.info.name, "version": library.version, "sha256": library.digest},
        "only": sorted(settings.only),
        "jobs": jobs,
        "elapsed_seconds": elapsed,
        "summary": {"items": len(results), **counts},
        "items": [asdict(r) for r in results],
    }


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
