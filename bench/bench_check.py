"""Checking a pack versus building it: ``python bench/bench_check.py [--clauses DIR] [--runs N]``.

Builds the seed pack (clause library loaded once, outside the timing, so the build is
only drafting and writing), then times ``check_pack`` on the pack as built and on a copy
edited by hand (a party renamed). Prints medians and the ratio check / build, both
measured in this run.

Each timed build starts with the clause caches empty, as a build of a new pack does:
rebuilding the same pack over and over would otherwise be served from the caches of
the previous run (its figure is printed too, for reference).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "checks"))

from ncm_docs.assemble import _parse_body_cached  # noqa: E402
from ncm_docs.checks import check_pack  # noqa: E402
from ncm_docs.clause_cache import clear_clause_caches  # noqa: E402
from ncm_docs.library import load_library  # noqa: E402
from ncm_docs.pack import build_pack  # noqa: E402


def median_seconds(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=Path, default=None, help="clause library (default: the bundled one)")
    parser.add_argument("--sample", type=Path, default=ROOT / "samples" / "northshire.yaml")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    library = load_library(args.clauses)
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack"
        def first_build():
            clear_clause_caches()
            _parse_body_cached.cache_clear()
            build_pack(args.sample, pack, force=True, library=library)

        build = median_seconds(first_build, args.runs)
        rebuild = median_seconds(lambda: build_pack(args.sample, pack, force=True, library=library), args.runs)
        clean = median_seconds(lambda: check_pack(pack), args.runs)
        edited = Path(tmp) / "edited"
        shutil.copytree(pack, edited)
        import pack_edits

        manifest_docs = sorted(p.name for p in edited.glob("subcontract-*.docx"))
        lead_name = "Northshire Hospitals NHS Foundation Trust"
        for name in manifest_docs[:1]:
            try:
                pack_edits.replace_text(edited / name, lead_name, lead_name.replace("Hospitals", "Hospital"))
            except AssertionError:
                pass
        findings = check_pack(edited)
        dirty = median_seconds(lambda: check_pack(edited), args.runs)
        clauses = len(library.clauses)
    print(f"library: {library.info.name} {library.version} ({clauses} clauses); sample: {args.sample.name}; runs: {args.runs}")
    print(f"build (draft + write, library preloaded): {build * 1000:8.1f} ms   (the same pack rebuilt from warm caches: {rebuild * 1000:.1f} ms)")
    print(f"check, pack as built:                      {clean * 1000:8.1f} ms   ratio check/build {clean / build:.2f}")
    print(f"check, pack edited by hand:                {dirty * 1000:8.1f} ms   ratio check/build {dirty / build:.2f}  ({len(findings)} findings)")


if __name__ == "__main__":
    main()
