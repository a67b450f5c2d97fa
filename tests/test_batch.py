"""``ncm-docs batch``: isolation, atomic writes, skip-unchanged, same bytes whatever --jobs."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import ROOT, clause_file, run_cli

from ncm_docs.batch import BATCH_MANIFEST
from ncm_docs.cli import main


run = run_cli  # the suite's one CliRunner wrapper (tests/helpers.py)


def _write(folder: Path, name: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _variant(seed_data: dict, place: str) -> dict:
    data = copy.deepcopy(seed_data)
    data["partnership"]["name"] = data["partnership"]["name"].replace("Northshire", place)
    data["providers"][3]["legal_name"] = f"{place} Community Health CIC"
    return data


@pytest.fixture
def inputs(tmp_path, seed_data) -> Path:
    """A folder of three valid partnerships."""
    folder = tmp_path / "in"
    for place in ("Ashmoor", "Brookfield", "Coleford"):
        _write(folder, f"{place.lower()}.yaml", _variant(seed_data, place))
    return folder


@pytest.fixture
def library_dir(mini_library) -> Path:
    """A small clause library that puts values into every document type."""
    return mini_library({
        "a/members.md": clause_file("alliance.members", ". The Partners are {{ providers | map(attribute='legal_name') | and_list }}.\n"),
        "l/parties.md": clause_file("contract.parties", ". {{ lead_provider.legal_name }} is the Lead Provider.\n", documents="[lead-provider-contract]"),
        "s/sub.md": clause_file("sub.parties", ". {{ doc.provider.legal_name }} is the Sub-Contractor.\n", documents="[subcontract]"),
    })


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _batch_manifest(out: Path) -> dict:
    return json.loads((out / "batch-manifest.json").read_text(encoding="utf-8"))


def _statuses(out: Path) -> dict[str, str]:
    return {item["output"]: item["status"] for item in _batch_manifest(out)["items"]}


def test_each_pack_is_exactly_what_build_makes(tmp_path, inputs, library_dir):
    result = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert run("build", inputs / "ashmoor.yaml", "-o", tmp_path / "single", "--clauses", library_dir).exit_code == 0
    assert _tree(tmp_path / "out" / "ashmoor") == _tree(tmp_path / "single")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ashmoor", "batch-manifest.json", "brookfield", "coleford"]
    text = zipfile.ZipFile(tmp_path / "out" / "coleford" / "alliance-agreement.docx").read("word/document.xml").decode()
    assert "Coleford Community Health CIC" in text


def test_an_invalid_partnership_fails_alone(tmp_path, inputs, library_dir):
    (inputs / "broken.yaml").write_text("partnership: {name: x}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    assert result.exit_code == 1
    assert f"failed     broken: {inputs / 'broken.yaml'}, line 1, partnership.short_name: missing: add 'short_name:'" in result.output
    assert "Traceback" not in result.output
    problems = _batch_manifest(out)["items"][1]["error"].splitlines()
    assert len(problems) > 5  # every problem of the item is printed, each on its own line
    for problem in problems[1:]:
        assert f"\n{' ' * 17}{problem}\n" in result.output
    assert _statuses(out) == {"ashmoor": "built", "broken": "failed", "brookfield": "built", "coleford": "built"}
    assert not (out / "broken").exists()
    failed = next(i for i in _batch_manifest(out)["items"] if i["status"] == "failed")
    assert failed["input"] == str(inputs / "broken.yaml") and "missing: add 'area:'" in failed["error"]
    assert failed["outputs"] == []


def test_a_pool_worker_isolates_failures_too(tmp_path, inputs, library_dir):
    (inputs / "broken.yaml").write_text("providers: [unclosed\n", encoding="utf-8")
    result = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--jobs", "2")
    assert result.exit_code == 1
    assert "broken.yaml, line 1: a bracket opened on this line is not closed" in result.output
    assert sorted(s for s in _statuses(tmp_path / "out").values()) == ["built", "built", "built", "failed"]


def test_batch_manifest_lists_outputs_with_their_hashes(tmp_path, inputs, library_dir):
    out = tmp_path / "out"
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    manifest = _batch_manifest(out)
    assert manifest["summary"] == {"items": 3, "built": 3, "updated": 0, "unchanged": 0, "failed": 0}
    for item in manifest["items"]:
        assert item["elapsed_seconds"] >= 0
        files = {o["file"] for o in item["outputs"]}
        assert files == {p.name for p in (out / item["output"]).iterdir()}
        for output in item["outputs"]:
            assert hashlib.sha256((out / item["output"] / output["file"]).read_bytes()).hexdigest() == output["sha256"]


def test_same_bytes_whatever_jobs(tmp_path, inputs, library_dir):
    one = run("batch", inputs, "-o", tmp_path / "one", "--clauses", library_dir, "--jobs", "1")
    two = run("batch", inputs, "-o", tmp_path / "two", "--clauses", library_dir, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    first, second = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    first.pop("batch-manifest.json"), second.pop("batch-manifest.json")
    assert first == second
    assert len(first) == 3 * 6


def test_unchanged_packs_are_skipped_and_changed_ones_rebuilt(tmp_path, inputs, library_dir, seed_data):
    out = tmp_path / "out"
    args = ["batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1"]
    run(*args)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    time.sleep(0.01)
    second = run(*args)
    assert second.exit_code == 0
    assert "3 partnerships" in second.output and "3 unchanged" in second.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")} == before

    _write(inputs, "brookfield.yaml", _variant(seed_data, "Brookhaven"))  # a revised partnership
    (out / "coleford" / "subcontract-nwmh.docx").write_bytes(b"damaged")  # a damaged output
    run(*args)
    assert _statuses(out) == {"ashmoor": "unchanged", "brookfield": "updated", "coleford": "updated"}
    assert zipfile.ZipFile(out / "coleford" / "subcontract-nwmh.docx").testzip() is None

    forced = run(*args, "--force")
    assert "3 updated" in forced.output


def test_a_changed_clause_library_rebuilds_every_pack(tmp_path, inputs, library_dir):
    out = tmp_path / "out"
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    (library_dir / "a" / "members.md").write_text(clause_file("alliance.members", ". Changed wording.\n"), encoding="utf-8")
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    assert set(_statuses(out).values()) == {"updated"}


def test_a_changed_template_rebuilds_every_pack(tmp_path, inputs, library_dir):
    import shutil

    templates = tmp_path / "tpl"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "default.docx", templates / "default.docx")
    out = tmp_path / "out"
    args = ["batch", inputs, "-o", out, "--clauses", library_dir, "--template", templates, "--jobs", "1"]
    run(*args)
    shutil.copy(ROOT / "templates" / "default.docx", templates / "alliance-agreement.docx")
    run(*args)
    assert set(_statuses(out).values()) == {"updated"}


def test_only_drafts_chosen_documents_and_is_part_of_the_fingerprint(tmp_path, inputs, library_dir):
    out = tmp_path / "out"
    result = run("batch", inputs, "-o", out, "--clauses", library_dir, "--only", "subcontract-nwmh", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "ashmoor").iterdir()) == ["manifest.json", "subcontract-nwmh.docx"]
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    assert set(_statuses(out).values()) == {"updated"}
    assert len(list((out / "ashmoor").glob("*.docx"))) == 5


def test_files_ncm_docs_no_longer_makes_are_removed(tmp_path, inputs, library_dir, seed_data):
    out = tmp_path / "out"
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    data = _variant(seed_data, "Ashmoor")
    data["subcontracts"] = [s for s in data["subcontracts"] if s["provider"] != "NCH"]
    data["providers"] = [p for p in data["providers"] if p["short_name"] != "NCH"]
    data["alliance"]["governance"]["representatives"] = [r for r in data["alliance"]["governance"]["representatives"] if r["provider"] != "NCH"]
    data["alliance"]["governance"]["quorum"] = 3
    data["alliance"]["shared_pot"]["contributions"] = [c for c in data["alliance"]["shared_pot"]["contributions"] if c["party"] != "NCH"]
    data["alliance"]["risk_gain_share"]["shares"] = {"NHFT": 60, "NWMH": 28, "NGPF": 12}
    data["alliance"]["information_sharing"]["flows"] = [f for f in data["alliance"]["information_sharing"]["flows"] if "NCH" not in (f["from"], f["to"])]
    data["services"] = [s for s in data["services"] if s["id"] != "WELLBEING"]
    data["head_contract"]["services"] = [s for s in data["head_contract"]["services"] if s != "WELLBEING"]
    data["head_contract"]["annual_value"] -= 2900000
    _write(inputs, "ashmoor.yaml", data)
    result = run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not (out / "ashmoor" / "subcontract-nch.docx").exists()
    assert (out / "brookfield" / "subcontract-nch.docx").exists()


def test_files_ncm_docs_did_not_write_are_kept_unless_force(tmp_path, inputs, library_dir):
    out = tmp_path / "out"
    (out / "ashmoor").mkdir(parents=True)
    (out / "ashmoor" / "alliance-agreement.docx").write_bytes(b"precious edits")
    result = run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    assert result.exit_code == 1
    assert "alliance-agreement.docx, which ncm-docs did not write; use --force" in result.output
    assert (out / "ashmoor" / "alliance-agreement.docx").read_bytes() == b"precious edits"
    assert _statuses(out)["brookfield"] == "built"
    assert run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1", "--force").exit_code == 0


def test_a_crash_mid_write_leaves_no_truncated_file(tmp_path, inputs, library_dir, monkeypatch):
    """The process dies while writing a file: earlier outputs stay whole, nothing is half-written."""
    import ncm_docs.files as files

    out = tmp_path / "out"
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    before = _tree(out)
    assert sum(name.endswith(".docx") for name in before) == 15
    (library_dir / "a" / "members.md").write_text(clause_file("alliance.members", ". Changed wording.\n"), encoding="utf-8")
    real_fdopen = os.fdopen
    calls = [0]

    class Dying:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            calls[0] += 1
            if calls[0] == 4:  # the fourth file: write half of it, then the process "dies"
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise KeyboardInterrupt
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Dying(real_fdopen(fd, mode)))
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(out), "--clauses", str(library_dir), "--jobs", "1"])
    assert result.exit_code == 130
    assert calls[0] == 4
    assert _tree(out) == before  # every file is the previous, complete version; no temp file left


def _dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temp_files_of_a_killed_run_are_cleaned_up(tmp_path, inputs, library_dir):
    out = tmp_path / "out"
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    dead = _dead_pid()
    staging = out / f".ashmoor.ncm-new-{dead}-0a1b2c3d"  # a pack folder being written when the run was killed
    staging.mkdir()
    (staging / "alliance-agreement.docx").write_bytes(b"PK\x03\x04 half a file")
    leftover = out / f".{BATCH_MANIFEST}.ncm-tmp-{dead}-0a1b2c3d.tmp"
    leftover.write_bytes(b"{ half a manifest")
    alive = out / f".ashmoor.ncm-new-{os.getpid()}-0a1b2c3d"  # another run, still writing: left alone
    alive.mkdir()
    run("batch", inputs, "-o", out, "--clauses", library_dir, "--jobs", "1")
    assert not staging.exists() and not leftover.exists()
    assert alive.is_dir()
    assert _statuses(out)["ashmoor"] == "unchanged"


def test_a_killed_batch_leaves_only_whole_files(tmp_path, seed_data, library_dir):
    """SIGKILL a real run part-way: every .docx on disk is complete and matches its manifest."""
    folder = tmp_path / "in"
    for i in range(40):
        _write(folder, f"p{i:02d}.yaml", _variant(seed_data, f"Place{i}"))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ncm_docs.cli", "batch", str(folder), "-o", str(out), "--clauses", str(library_dir), "--jobs", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*/manifest.json"))) < 5 and process.poll() is None:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for docx_file in out.rglob("*.docx"):
        with zipfile.ZipFile(docx_file) as z:
            assert z.testzip() is None, docx_file
    rerun = run("batch", folder, "-o", out, "--clauses", library_dir, "--jobs", "2")
    assert rerun.exit_code == 0
    assert not list(out.rglob("*.tmp"))
    for pack in out.glob("p*"):
        manifest = json.loads((pack / "manifest.json").read_text())
        for entry in manifest["documents"]:
            assert hashlib.sha256((pack / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]


def test_pack_folders_are_safe_slugs(tmp_path, seed_data, library_dir):
    folder = tmp_path / "in"
    _write(folder, "Ünïcode Partnership (v2).yaml", seed_data)
    dots = _write(tmp_path, "...yaml", seed_data)  # hidden: not found in a folder, but can be named
    out = tmp_path / "out"
    assert run("batch", folder, dots, "-o", out, "--clauses", library_dir, "--jobs", "1").exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["party", "unicode-partnership-v2"]


def test_two_inputs_with_the_same_pack_folder_are_refused(tmp_path, seed_data):
    a = _write(tmp_path / "a", "northshire.yaml", seed_data)
    b = _write(tmp_path / "b", "Northshire.json", seed_data)
    result = run("batch", a, b, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output == f"Error: {a} and {b} would both be drafted into the pack folder 'northshire': rename one of them\n"
    assert not (tmp_path / "out").exists()


def test_the_same_file_twice_is_drafted_once(tmp_path, seed_data, library_dir):
    a = _write(tmp_path / "a", "northshire.yaml", seed_data)
    result = run("batch", a, tmp_path / "a", "-o", tmp_path / "out", "--clauses", library_dir)
    assert result.exit_code == 0
    assert "1 partnership in" in result.output


@pytest.mark.parametrize("args, message", [
    (["{tmp}/missing"], "missing: no such file or folder"),
    (["{tmp}/empty"], "empty: no partnership files (*.yaml, *.yml, *.json) in this folder"),
])
def test_bad_inputs_exit_2(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    result = run("batch", *[a.format(tmp=tmp_path) for a in args], "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and message in result.output
    assert not (tmp_path / "out").exists()


def test_a_broken_clause_library_stops_the_batch_before_it_starts(tmp_path, inputs, mini_library):
    lib = mini_library({"a/bad.md": clause_file("alliance.bad", "{{ partnership.nmae }}\n")})
    result = run("batch", inputs, "-o", tmp_path / "out", "--clauses", lib)
    assert result.exit_code == 2
    assert "did you mean 'name'" in result.output
    assert not (tmp_path / "out").exists()


def test_json_format_prints_the_batch_manifest(tmp_path, inputs, library_dir):
    result = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["built"] == 3


def test_one_line_per_item_when_not_a_terminal(tmp_path, inputs, library_dir):
    result = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--jobs", "1")
    lines = result.output.splitlines()
    assert [line.split()[:3] for line in lines[:3]] == [["[1/3]", "built", "ashmoor"], ["[2/3]", "built", "brookfield"], ["[3/3]", "built", "coleford"]]
    assert lines[3].startswith("3 partnerships in ") and lines[3].endswith(f"3 built; manifest {tmp_path / 'out' / 'batch-manifest.json'}")
    assert "\x1b[" not in result.output


def test_the_cli_starts_without_heavy_modules():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from ncm_docs.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
        "assert CliRunner().invoke(main, ['batch', '--help']).exit_code == 0\n"
        "print(sorted(m for m in ('pydantic', 'lxml', 'docxtpl', 'jinja2', 'yaml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == "[]"


def test_a_partnership_breaking_the_consistency_rules_fails_alone(tmp_path, inputs, library_dir, seed_data):
    data = _variant(seed_data, "Dunmoor")
    data["alliance"]["risk_gain_share"]["shares"]["NHFT"] = 70  # the shares no longer sum to 100%
    _write(inputs, "dunmoor.yaml", data)
    result = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--jobs", "1")
    assert result.exit_code == 1
    assert "failed     dunmoor:" in result.output and "consistency error" in result.output
    assert "run the batch with --allow-errors" in result.output
    assert "NCM" in result.output.split("failed     dunmoor:", 1)[1]  # each finding printed under the item
    assert _statuses(tmp_path / "out")["dunmoor"] == "failed"
    assert not (tmp_path / "out" / "dunmoor").exists()
    allowed = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--jobs", "1", "--allow-errors")
    assert allowed.exit_code == 0, allowed.output
    assert _statuses(tmp_path / "out")["dunmoor"] == "built"
    again = run("batch", inputs, "-o", tmp_path / "out", "--clauses", library_dir, "--jobs", "1")
    assert again.exit_code == 1  # drafted despite errors is not drafted cleanly: without the flag it fails again
    assert _statuses(tmp_path / "out")["dunmoor"] == "failed"
