"""The web app versus a build: ``python bench/bench_web.py [--runs N] [--files N]``.

Prints, measured in this one run, medians and two ratios against a full build of the
seed pack (``build_pack`` of samples/northshire.yaml: validate, check, draft every
document, write the .docx files and manifest; the clause library loaded once, outside
the timing, as in the running app):

- preview / build: the preview request after a one-field change (the quorum, alternately
  4 and 3), through the app's HTTP stack (Starlette's TestClient): read the form,
  validate, run the model rules, draft the shown document (the alliance agreement, the
  longest) and draw it as HTML. Target: at most 0.5.
- home / build: the home page of a folder of ``--files`` (default 100) partnerships,
  each file's summary (name, shape, version, status, last check) already read; the
  first, cold load that reads every file is printed too. Target: under 0.2.

Both the build and the preview run with warm clause caches, as they do in a running
app (bench_check.py times a build with the caches emptied).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "web"))

from make_partnerships import make_partnerships  # noqa: E402
from webhelpers import csrf_of, form_fields, with_value  # noqa: E402

from ncm_docs.library import load_library  # noqa: E402
from ncm_docs.pack import build_pack  # noqa: E402
from ncm_docs.web.app import create_app  # noqa: E402

SEED = ROOT / "samples" / "northshire.yaml"


def median_seconds(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

    library = load_library()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_pack(SEED, tmp / "pack", force=True, library=library)  # warm the caches
        build = median_seconds(lambda: build_pack(SEED, tmp / "pack", force=True, library=library), args.runs)

        work = tmp / "work"
        work.mkdir()
        shutil.copy(SEED, work / "northshire.yaml")
        with TestClient(create_app(work, library=library)) as client:
            page = client.get("/edit/northshire.yaml").text
            token = csrf_of(page)
            fields = form_fields(page)
            bodies = [urlencode(with_value(fields, "alliance.governance.quorum", q)) for q in ("3", "4")]
            headers = {"X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded"}
            count = [0]

            def preview():
                count[0] += 1
                response = client.post("/preview/northshire.yaml?doc=alliance-agreement", content=bodies[count[0] % 2], headers=headers)
                assert response.status_code == 200 and response.json()["html"], response.text[:200]

            preview()
            preview_s = median_seconds(preview, args.runs)

        many = tmp / "many"
        make_partnerships(args.files, many)
        with TestClient(create_app(many, library=library)) as client:
            start = time.perf_counter()
            first = client.get("/")
            cold = time.perf_counter() - start
            assert first.status_code == 200 and first.text.count('href="/edit/') == args.files

            def home():
                assert client.get("/").status_code == 200

            home_s = median_seconds(home, args.runs)

    print(f"full build of {SEED.name}:            {build * 1000:7.1f} ms (median of {args.runs})")
    print(f"preview after a one-field change:    {preview_s * 1000:7.1f} ms   ratio {preview_s / build:.2f} (target <= 0.5)")
    print(f"home page, {args.files} partnerships:       {home_s * 1000:7.1f} ms   ratio {home_s / build:.2f} (target < 0.2)")
    print(f"  first (cold) home page load:       {cold * 1000:7.1f} ms   ratio {cold / build:.2f} (every file read and checked once)")


if __name__ == "__main__":
    main()
