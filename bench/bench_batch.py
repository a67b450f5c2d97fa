"""Benchmark: ``ncm-docs batch`` against a naive docxtpl loop and the zip-writing floor.

One run, on the same generated inputs (``make_partnerships.py``: the bundled samples with
their place names and money values varied), times:

(a) ``ncm-docs batch`` of COUNT partnerships with ``--jobs 2``: a fresh ``python -m
    ncm_docs.cli`` process, wall clock including start-up (imports, loading and
    compiling the clause library and templates), into an empty output folder.
(b) the naive docxtpl loop a user of docxtpl alone would write: for every document,
    ``DocxTemplate(path)``, ``render(ctx)``, ``save()``. Its templates are built, untimed,
    from (a)'s own output so they hold the same content: each output .docx becomes a
    template whose ``word/document.xml`` has every partnership value (every string of
    the partnership file, as it appears in the XML) replaced by a ``{{ vN }}`` tag, with
    the context mapping ``vN`` back to the value. Rendering a template therefore gives
    the document (a) wrote. It runs in one process; ``--naive-sample`` limits it to
    the first N partnerships' documents (it is slow), and is compared per document.
(c) the floor: writing the very same bytes (every part of every output .docx, deflated,
    with ``zipfile``, plus each pack's manifest.json) from memory, in one process.

It prints the three timings, per-document figures and the ratios against the targets:
(a) <= 2x (c); (a) >= 10x faster per document than (b). With ``--memory`` it also runs
the batch on 100 and on 1,000 partnerships and compares their peak memory (the summed
resident memory of the batch process and its workers, sampled every 10 ms); target:
1,000 within 1.5x of 100.

    python bench/bench_batch.py                      # 200 partnerships, jobs 2
    python bench/bench_batch.py --memory             # and the 100 vs 1,000 memory check
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_partnerships import make_partnerships  # noqa: E402


def run_batch(inputs: Path, outdir: Path, jobs: int, clauses: Path | None) -> tuple[float, float, int]:
    """Run ``ncm-docs batch`` in a fresh process: (wall seconds, CPU seconds, peak summed RSS in bytes)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "ncm_docs.cli", "batch", str(inputs), "-o", str(outdir), "--jobs", str(jobs)]
    if clauses:
        command += ["--clauses", str(clauses)]
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = _RssSampler(process.pid)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.stop()
    if process.returncode != 0:
        sys.exit(f"ncm-docs batch failed ({process.returncode}):\n{err.decode()}")
    return elapsed, _children_cpu() - cpu, sampler.peak


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(function, *args) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of ``function(*args)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


class _RssSampler(threading.Thread):
    """Peak of the summed resident memory of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            self._done.wait(0.01)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            pass
    return pids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def read_outputs(outdir: Path) -> list[tuple[Path, list[tuple[str, bytes]] | bytes]]:
    """Every output file of a batch, in memory: .docx as (part name, bytes) lists, manifests as bytes."""
    outputs = []
    for pack in sorted(p for p in outdir.iterdir() if p.is_dir()):
        for path in sorted(pack.iterdir()):
            if path.suffix == ".docx":
                with zipfile.ZipFile(path) as z:
                    outputs.append((path, [(i.filename, z.read(i)) for i in z.infolist()]))
            else:
                outputs.append((path, path.read_bytes()))
    return outputs


def floor(outputs, target: Path) -> None:
    """(c): write the same bytes, deflated with zipfile, from memory."""
    for path, content in outputs:
        folder = target / path.parent.name
        folder.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            (folder / path.name).write_bytes(content)
            continue
        with zipfile.ZipFile(folder / path.name, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in content:
                z.writestr(name, data)


def naive_templates(outputs, inputs: Path, target: Path, limit: int) -> list[tuple[Path, dict]]:
    """(b)'s templates and contexts, built from the batch output (untimed). See the module docstring."""
    from xml.sax.saxutils import escape

    target.mkdir()
    jobs = []
    packs = sorted({path.parent for path, _ in outputs})[:limit]
    for pack in packs:
        source = next(inputs.glob(pack.name + ".*"))
        values = sorted({v for v in _strings(yaml.safe_load(source.read_text(encoding="utf-8"))) if len(v) >= 3}, key=len, reverse=True)
        escaped = {escape(v, {'"': "&quot;"}): f"v{i}" for i, v in enumerate(values)}
        pattern = re.compile("|".join(re.escape(e) for e in escaped)) if escaped else None
        context = {f"v{i}": v for i, v in enumerate(values)}
        for path, content in outputs:
            if path.parent != pack or isinstance(content, bytes):
                continue
            template = target / f"{pack.name}--{path.name}"
            with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data in content:
                    if name == "word/document.xml" and pattern is not None:
                        data = _tag_values(data.decode("utf-8"), pattern, escaped).encode("utf-8")
                    z.writestr(name, data)
            jobs.append((template, context))
    return jobs


def _tag_values(xml: str, pattern: re.Pattern, names: dict[str, str]) -> str:
    """Replace values inside text runs only (never inside tags or attributes) by Jinja tags."""
    return re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", lambda m: m.group(1) + pattern.sub(lambda v: "{{ " + names[v.group(0)] + " }}", m.group(2)) + m.group(3), xml)


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def naive(jobs, target: Path) -> None:
    """(b): ``DocxTemplate(path); render(ctx); save()`` per document."""
    from docxtpl import DocxTemplate

    for template, context in jobs:
        document = DocxTemplate(template)
        document.render(context, autoescape=True)
        document.save(target / template.name)


def check_naive_content(jobs, outputs, target: Path) -> None:
    """The naive loop's documents hold the same text as ours (a sanity check on the baseline)."""
    import docx

    ours = {f"{p.parent.name}--{p.name}": p for p, c in outputs if not isinstance(c, bytes)}
    for template, _ in jobs[:3]:
        mine = "\n".join(p.text for p in docx.Document(str(ours[template.name])).paragraphs)
        theirs = "\n".join(p.text for p in docx.Document(str(target / template.name)).paragraphs)
        if mine != theirs:
            sys.exit(f"baseline check failed: {template.name} renders different text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="partnerships (default 200)")
    parser.add_argument("--jobs", type=int, default=2, help="batch workers (default 2)")
    parser.add_argument("--naive-sample", type=int, default=40, help="partnerships whose documents the docxtpl loop renders (default 40)")
    parser.add_argument("--clauses", type=Path, default=None, help="clause library (default: the bundled one)")
    parser.add_argument("--memory", action="store_true", help="also compare peak memory for 100 and 1,000 partnerships")
    parser.add_argument("--runs", type=int, default=1, help="time (a) and (c) this many times, alternating, and report medians (default 1)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ncm-bench-") as tmp:
        work = Path(tmp)
        inputs = work / "in"
        make_partnerships(args.count, inputs)
        import docxtpl  # noqa: F401 - imported before timing (b), as (a)'s imports are not excluded either

        batch_s, batch_cpu, _ = run_batch(inputs, work / "a", args.jobs, args.clauses)
        outputs = read_outputs(work / "a")
        docs = sum(1 for _, c in outputs if not isinstance(c, bytes))
        (work / "c").mkdir()
        floor_s, floor_cpu = _timed(floor, outputs, work / "c")
        if args.runs > 1:  # alternate (a) and (c); the ratio of each pair, then the median
            runs = [(batch_s, batch_cpu, floor_s, floor_cpu)]
            for n in range(1, args.runs):
                shutil.rmtree(work / "a")
                shutil.rmtree(work / "c")
                (work / "c").mkdir()
                a_s, a_cpu, _ = run_batch(inputs, work / "a", args.jobs, args.clauses)
                c_s, c_cpu = _timed(floor, outputs, work / "c")
                runs.append((a_s, a_cpu, c_s, c_cpu))
            ratios = sorted(a / c for a, _, c, _ in runs)
            print(f"(a)/(c) per run: {', '.join(f'{r:.2f}x' for r in ratios)}; median {statistics.median(ratios):.2f}x")
            batch_s, batch_cpu, floor_s, floor_cpu = (statistics.median(r[i] for r in runs) for i in range(4))
        jobs = naive_templates(outputs, inputs, work / "b-templates", args.naive_sample)
        (work / "b").mkdir()
        naive_s, naive_cpu = _timed(naive, jobs, work / "b")
        check_naive_content(jobs, outputs, work / "b")

        print(f"{args.count} partnerships, {docs} documents, {_clause_count(args.clauses)} clause files in the library, "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run")
        print("                                  wall clock          CPU (all processes)")
        print(f"(a) ncm-docs batch --jobs {args.jobs}:   {batch_s:6.2f} s {batch_s / docs * 1000:6.2f} ms/doc   {batch_cpu:6.2f} s {batch_cpu / docs * 1000:6.2f} ms/doc   (fresh process: start-up included)")
        print(f"(b) naive docxtpl loop:         {naive_s:6.2f} s {naive_s / len(jobs) * 1000:6.2f} ms/doc   {naive_cpu:6.2f} s {naive_cpu / len(jobs) * 1000:6.2f} ms/doc   ({len(jobs)} documents)")
        print(f"(c) floor, zipfile from memory: {floor_s:6.2f} s {floor_s / docs * 1000:6.2f} ms/doc   {floor_cpu:6.2f} s {floor_cpu / docs * 1000:6.2f} ms/doc")
        speedup = (naive_s / len(jobs)) / (batch_s / docs)
        print(f"(a)/(c) = {batch_s / floor_s:.2f}x the floor, wall clock              (target <= 2x)   {'ok' if batch_s <= 2 * floor_s else 'MISSED'}")
        print(f"(b)/(a) = {speedup:.1f}x faster per document than docxtpl  (target >= 10x)  {'ok' if speedup >= 10 else 'MISSED'}")

        if args.memory:
            peaks = {}
            for count in (100, 1000):
                folder = work / f"in{count}"
                make_partnerships(count, folder)
                _, _, peaks[count] = run_batch(folder, work / f"m{count}", args.jobs, args.clauses)
                shutil.rmtree(work / f"m{count}")
            ratio = peaks[1000] / peaks[100]
            print(f"peak memory (batch process + workers): 100 partnerships {peaks[100] / 2**20:.0f} MiB, "
                  f"1,000 partnerships {peaks[1000] / 2**20:.0f} MiB: {ratio:.2f}x (target <= 1.5x)   {'ok' if ratio <= 1.5 else 'MISSED'}")


def _clause_count(clauses: Path | None) -> int:
    """Clause files in the library the bench drafts from."""
    folder = clauses or ROOT / "clauses"
    return sum(1 for p in folder.rglob("*.md") if p.name.lower() != "readme.md")


if __name__ == "__main__":
    main()
