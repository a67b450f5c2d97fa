"""Fuzzing the untrusted inputs: partnership files, .docx files and manifest.json.

Each case mutates a good input (see ``fuzz.py``) and runs a command on it through the
CLI in-process (``check``, ``diff`` with and without ``--redline``, ``absorb``, ``build``). Whatever the mutation, the command must end with exit 0, 1 or 2, never
an internal error or a traceback, within ``fuzz.MAX_SECONDS``; the process's peak memory
may grow only so far over a whole target. ``NCM_FUZZ_EXAMPLES=20`` runs twenty times as
many cases (``NCM_FUZZ_SEED`` moves them to other seeds).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
import yaml

import fuzz
from helpers import ROOT

LIBRARY = ROOT / "tests" / "checks" / "library"
DOCUMENT = "alliance-agreement.docx"


@pytest.fixture(scope="module")
def good_pack(tmp_path_factory, seed_data) -> Path:
    """The seed pack, built once with the small test clause library (quick to check)."""
    from ncm_docs.pack import build_pack

    base = tmp_path_factory.mktemp("fuzz-seed")
    path = base / "northshire.yaml"
    path.write_text(yaml.safe_dump(seed_data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build_pack(path, base / "pack", clauses_dir=LIBRARY)
    return base / "pack"


def _pack_with(good: Path, folder: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the good pack (documents hard-linked) with some files replaced."""
    folder.mkdir(parents=True)
    for source in good.iterdir():
        if source.name in replace:
            (folder / source.name).write_bytes(replace[source.name])
        else:
            try:
                os.link(source, folder / source.name)
            except OSError:
                shutil.copyfile(source, folder / source.name)
    return folder


class _Memory:
    """Peak memory growth over a fuzz target."""

    def __enter__(self):
        self.before = fuzz.peak_memory_bytes()
        return self

    def __exit__(self, *exc):
        growth = fuzz.peak_memory_bytes() - self.before
        assert growth < fuzz.MAX_GROWTH_BYTES, f"peak memory grew by {growth / 2**20:.0f} MB"


def test_fuzzed_manifests_give_clean_exits(good_pack, tmp_path):
    good = (good_pack / "manifest.json").read_bytes()
    with _Memory():
        for seed in fuzz.seeds(150, salt=1):
            rng = random.Random(seed)
            folder = _pack_with(good_pack, tmp_path / str(seed), {"manifest.json": fuzz.mutate_json_bytes(good, rng)})
            if seed % 5 == 1:
                command = ["absorb", good_pack.parent / "northshire.yaml", folder, "-o", folder / "absorbed.yaml"]
            else:
                command = ["check", folder] if seed % 3 else ["diff", good_pack, folder]
            fuzz.assert_clean(fuzz.run_cli(command), seed)
            shutil.rmtree(folder)


def test_fuzzed_documents_give_clean_exits(good_pack, tmp_path):
    good = (good_pack / DOCUMENT).read_bytes()
    with _Memory():
        for seed in fuzz.seeds(150, salt=2):
            rng = random.Random(seed)
            bad = fuzz.mutate_docx(good, rng)
            folder = _pack_with(good_pack, tmp_path / str(seed), {DOCUMENT: bad})
            if seed % 5 == 1:
                command = ["absorb", good_pack.parent / "northshire.yaml", folder, "-o", folder / "absorbed.yaml"]
            elif seed % 2:
                command = ["check", folder]
            else:
                command = ["diff", good_pack / DOCUMENT, folder / DOCUMENT] + (["--redline", folder / "redline.docx"] if seed % 4 == 0 else [])
            fuzz.assert_clean(fuzz.run_cli(command), seed)
            shutil.rmtree(folder)


def test_fuzzed_partnership_files_give_clean_exits(seed_data, tmp_path):
    good_yaml = yaml.safe_dump(seed_data, sort_keys=False, allow_unicode=True).encode("utf-8")
    with _Memory():
        for seed in fuzz.seeds(150, salt=3):
            rng = random.Random(seed)
            if rng.random() < 0.2:
                name, data = "partnership.yaml", fuzz.mutate_bytes(good_yaml, rng)
            else:
                mutated = fuzz.mutate_data(seed_data, rng)
                if rng.random() < 0.5:
                    name, data = "partnership.json", _json(mutated, rng)
                else:
                    name, data = "partnership.yaml", _yaml(mutated, rng)
            path = tmp_path / str(seed) / name
            path.parent.mkdir()
            path.write_bytes(data)
            # Model rules on every case; a full build (rendering every clause) on some.
            command = ["build", path, "-o", path.parent / "out", "--clauses", LIBRARY] if seed % 8 == 0 else ["check", path]
            fuzz.assert_clean(fuzz.run_cli(command), seed)
            shutil.rmtree(path.parent)


def _json(value, rng: random.Random) -> bytes:
    try:
        return fuzz.with_huge_ints(json.dumps(value, ensure_ascii=rng.random() < 0.5, default=str).encode("utf-8"))
    except (ValueError, RecursionError):
        return b"{}"


def _yaml(value, rng: random.Random) -> bytes:
    try:
        return fuzz.with_huge_ints(yaml.safe_dump(value, sort_keys=False, allow_unicode=True).encode("utf-8"))
    except (yaml.YAMLError, RecursionError):
        return b"partnership: {}\n"


def test_the_mutators_really_change_their_input(good_pack, seed_data):
    """A fuzzer that returns its input unchanged would pass every case: it must not."""
    good_manifest = (good_pack / "manifest.json").read_bytes()
    good_docx = (good_pack / DOCUMENT).read_bytes()
    changed = [
        sum(fuzz.mutate_json_bytes(good_manifest, random.Random(s)) != good_manifest for s in range(20)),
        sum(fuzz.mutate_docx(good_docx, random.Random(s)) != good_docx for s in range(20)),
        sum(fuzz.mutate_data(seed_data, random.Random(s)) != seed_data for s in range(20)),
    ]
    assert all(count >= 18 for count in changed), changed
