"""Benchmark: ncm-docs redline vs python-redlines (Docxodus engine) on the same pair.

Builds two versions of an alliance agreement of 90+ clauses from a synthetic clause
library (word changes, clauses added, removed and moved, table cells changed), then in
the same run:

- times ``ncm_docs.docx.redline.redline_docx`` (read both, align, diff, write) and
  python-redlines' ``DocxodusEngine.run_redline`` on the same bytes, and prints the ratio;
- compares the paragraphs each redline marks as changed: every change Docxodus finds must
  also be found by ncm-docs;
- times both as whole processes, start-up included, the way a user runs them:
  ``ncm-docs diff OLD.docx NEW.docx --redline OUT.docx`` against a Python process that
  calls python-redlines on the same two files (pairs alternate, ratio per pair, median), and
  counts the modules each ncm-docs command imports (``python -X importtime``).

Run from the repository root::

    pip install 'python-redlines[docxodus]'      # or: pip install '.[bench]'
    PYTHONPATH=$PWD python bench/bench_diff.py [--clauses 90] [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_WORDS = (
    "Partner Partners Alliance Leadership Team decision vote notice days shall may must agree "
    "written consent information service contract commissioner provider budget share risk gain "
    "pot member observer meeting quorum chair dispute escalation mediation term withdrawal "
    "confidential records data controller lawful basis performance indicator report annual"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 30))]
    return " ".join(words).capitalize() + "."


def clause_library(count: int, seed: int = 7) -> dict[str, dict]:
    """``{clause id: {"order", "paragraphs", "table"}}``: a synthetic library of ``count`` clauses."""
    rng = random.Random(seed)
    clauses = {}
    for index in range(count):
        table = None
        if index % 9 == 4:
            table = [["Partner", "Share", "Cap"]] + [[f"P{r}", f"{rng.randint(5, 40)}%", f"{rng.randint(1, 5)}%"] for r in range(5)]
        clauses[f"alliance.c{index:03d}"] = {
            "order": (index + 1) * 10,
            "paragraphs": [_sentence(rng) for _ in range(rng.randint(2, 5))],
            "table": table,
        }
    return clauses


def revise(clauses: dict[str, dict], seed: int = 11) -> dict[str, dict]:
    """A second version: words changed in 12 clauses, 3 added, 3 removed, 2 moved, 4 table cells changed."""
    rng = random.Random(seed)
    new = copy.deepcopy(clauses)
    ids = sorted(new)
    for cid in rng.sample(ids, 12):
        paras = new[cid]["paragraphs"]
        i = rng.randrange(len(paras))
        words = paras[i].split()
        for _ in range(3):
            words[rng.randrange(len(words))] = rng.choice(_WORDS)
        paras[i] = " ".join(words)
    for cid in rng.sample(ids, 3):
        new.pop(cid, None)
    for cid in rng.sample(sorted(new), 2):
        new[cid]["order"] = rng.randint(1, len(ids)) * 10 + 5
    for n in range(3):
        new[f"alliance.new{n}"] = {"order": rng.randint(1, len(ids)) * 10 + 3, "paragraphs": [_sentence(rng) for _ in range(3)], "table": None}
    tables = [cid for cid in sorted(new) if new[cid]["table"]]
    for cid in rng.sample(tables, min(4, len(tables))):
        new[cid]["table"][rng.randint(1, 5)][1] = f"{rng.randint(41, 60)}%"
    return new


def clause_files(clauses: dict[str, dict]) -> dict[str, str]:
    files = {}
    for cid, c in clauses.items():
        body = "".join(f". {p}\n" for p in c["paragraphs"])
        if c["table"]:
            body += "".join("| " + " | ".join(row) + " |\n" for row in c["table"])
        files[f"alliance/{cid}.md"] = (
            f"---\nid: {cid}\ntitle: Clause {cid[-3:]}\nversion: 1.0.0\ndocuments: [alliance-agreement]\n"
            f"order: {c['order']}\n---\n{body}"
        )
    return files


def draft(files: dict[str, str], folder: Path) -> bytes:
    import yaml

    from ncm_docs.library import load_library
    from ncm_docs.load import validate_partnership
    from ncm_docs.pack import draft_pack

    (folder / "alliance").mkdir(parents=True)
    (folder / "library.yaml").write_text((ROOT / "clauses" / "library.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    data = yaml.safe_load((ROOT / "samples" / "northshire.yaml").read_text(encoding="utf-8"))
    partnership = validate_partnership(data, "northshire.yaml")
    drafted = draft_pack(partnership, load_library(folder), input_name="northshire.yaml", input_sha256="0" * 64, only={"alliance-agreement"})
    return drafted.files["alliance-agreement.docx"]


def changed_paragraphs(redline: bytes) -> tuple[set[str], set[str]]:
    """Texts of the paragraphs a redline changes: (as they were, as they are now)."""
    from lxml import etree

    from ncm_docs.docx.reader import W, paragraph_text, read_docx_bytes
    from ncm_docs.docx.redline import accept_all, reject_all

    body = read_docx_bytes(redline, "redline.docx").marked
    marks = (f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo")
    old, new = set(), set()
    for p in body.iter(f"{W}p"):
        if next(p.iter(*marks), None) is None:
            continue
        for resolve, bucket in ((reject_all, old), (accept_all, new)):
            holder = etree.Element(f"{W}body")
            holder.append(copy.deepcopy(p))
            texts = [paragraph_text(q) for q in resolve(holder).iter(f"{W}p")]
            bucket.update(" ".join(t.split()) for t in texts if t.strip())
    return old - new, new - old


def best_of(repeat: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clauses", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from ncm_docs.docx.reader import read_docx_bytes
    from ncm_docs.docx.redline import redline_docx

    v1 = clause_library(args.clauses)
    v2 = revise(v1)
    with tempfile.TemporaryDirectory() as tmp:
        old = draft(clause_files(v1), Path(tmp) / "v1")
        new = draft(clause_files(v2), Path(tmp) / "v2")
    print(f"pair: {len(read_docx_bytes(old, 'old').clauses)} -> {len(read_docx_bytes(new, 'new').clauses)} clauses, "
          f"{len(old):,} and {len(new):,} bytes")

    ours_time, ours = best_of(args.repeat, lambda: redline_docx(old, new, author="bench", date="2027-01-01T00:00:00Z"))
    print(f"ncm-docs redline_docx:          {ours_time * 1000:8.1f} ms (median of {args.repeat})")
    try:
        from python_redlines.engines import DocxodusEngine
    except ImportError:
        print("python-redlines is not installed: pip install 'python-redlines[docxodus]'")
        return 2
    engine = DocxodusEngine()
    engine.run_redline("bench", old, new)  # warm-up: extracts the binary once
    theirs_time, theirs = best_of(max(1, args.repeat // 2), lambda: engine.run_redline("bench", old, new)[0])
    print(f"python-redlines Docxodus:       {theirs_time * 1000:8.1f} ms (median of {max(1, args.repeat // 2)})")
    print(f"ratio: ncm-docs is {theirs_time / ours_time:.1f}x faster (target: 10x)")

    ours_old, ours_new = changed_paragraphs(ours)
    theirs_old, theirs_new = changed_paragraphs(theirs)
    missed = (theirs_old - ours_old) | (theirs_new - ours_new)
    print(f"changed paragraphs: ncm-docs {len(ours_old)} old / {len(ours_new)} new; "
          f"Docxodus {len(theirs_old)} old / {len(theirs_new)} new")
    print(f"found by Docxodus but not by ncm-docs: {len(missed)}")
    for text in sorted(missed)[:10]:
        print(f"  {text[:100]}")
    extra = (ours_old - theirs_old) | (ours_new - theirs_new)
    print(f"found by ncm-docs only: {len(extra)}")
    whole_process(old, new, args.repeat)
    return 0 if not missed else 1


_THEIRS = (
    "import sys; from pathlib import Path; from python_redlines.engines import DocxodusEngine; "
    "out = DocxodusEngine().run_redline('bench', Path(sys.argv[1]).read_bytes(), Path(sys.argv[2]).read_bytes())[0]; "
    "Path(sys.argv[3]).write_bytes(out)"
)


def whole_process(old: bytes, new: bytes, repeat: int) -> None:
    """Both redlines as a user runs them: a whole process each, start-up included."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "old.docx", Path(tmp) / "new.docx"
        a.write_bytes(old)
        b.write_bytes(new)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        ours = [sys.executable, "-m", "ncm_docs.cli", "diff", str(a), str(b), "--redline", str(Path(tmp) / "ours.docx"), "--force", "--format", "json"]
        theirs = [sys.executable, "-c", _THEIRS, str(a), str(b), str(Path(tmp) / "theirs.docx")]

        def run(command: list[str]) -> float:
            start = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True)
            elapsed = time.perf_counter() - start
            if done.returncode not in (0, 1):
                raise SystemExit(f"{command[:4]} failed: {done.stderr.decode()[-500:]}")
            return elapsed

        run(ours), run(theirs)  # warm-up: file caches, the .NET binary extracted
        pairs = [(run(ours), run(theirs)) for _ in range(repeat)]
        ratios = sorted(t / o for o, t in pairs)
        print(f"whole process, start-up included (median of {repeat} alternating pairs):")
        print(f"  ncm-docs diff --redline:        {statistics.median(o for o, _ in pairs) * 1000:8.1f} ms")
        print(f"  python + python-redlines:       {statistics.median(t for _, t in pairs) * 1000:8.1f} ms")
        print(f"  ratio: ncm-docs is {statistics.median(ratios):.1f}x faster (range {ratios[0]:.1f}x-{ratios[-1]:.1f}x; target 10x)")
        for label, command in (("diff a.docx b.docx --redline", ours), ("--help", [sys.executable, "-m", "ncm_docs.cli", "--help"])):
            done = subprocess.run([sys.executable, "-X", "importtime", *command[1:]], env=env, capture_output=True, text=True)
            lines = [ln for ln in done.stderr.splitlines() if ln.startswith("import time:") and "|" in ln]
            total = sum(int(ln.split("|")[1]) for ln in lines[1:] if ln.split("|")[2].startswith(" ") and not ln.split("|")[2].startswith("  "))
            heavy = sorted({ln.split("|")[2].strip().split(".")[0] for ln in lines} & {"pydantic", "jinja2", "yaml", "docxtpl"})
            print(f"  ncm-docs {label}: {len(lines)} modules imported, {total / 1000:.0f} ms of imports; heavy: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    sys.exit(main())
