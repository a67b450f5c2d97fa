"""Output is never half-written: killed runs, two batches at once, a disk that fills up.

* A pack written by a process killed (SIGKILL) at a random moment of its write is either
  complete with its manifest, or absent (an interrupted swap is put back by the next
  run); the next run leaves no temporary file or folder behind.
* Two batches on one output folder: the second is refused with exit 2 while the first
  holds the folder, and neither reports a failure that is not one.
* ``diff --html --redline`` on a disk that fills up writes neither file.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from helpers import ROOT
from ncm_docs import files as files_module
from ncm_docs.cli import main
from ncm_docs.files import LOCK_NAME, folder_lock, recover_pack, write_pack

LIBRARY = ROOT / "tests" / "checks" / "library"
#: Kill trials per scenario (each costs a Python start-up, about a fifth of a second).
TRIALS = 10 * max(1, int(os.environ.get("NCM_FUZZ_EXAMPLES", "1") or 1))

#: Writes the files of folder argv[1] as the pack folder argv[2] (with --force), saying
#: "writing" just before it starts and the seconds it took at the end.
WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from ncm_docs.files import write_pack
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    files = {p.name: p.read_bytes() for p in sorted(source.iterdir())}
    print("writing", flush=True)
    start = time.perf_counter()
    write_pack(target, files, force=True)
    print(time.perf_counter() - start, flush=True)
""")


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def packs(tmp_path_factory, seed_data) -> tuple[Path, Path]:
    """Two different builds of the seed partnership (version 1 and version 2)."""
    from ncm_docs.pack import build_pack

    base = tmp_path_factory.mktemp("packs")
    out = []
    for version in ("1", "2"):
        data = dict(seed_data, document=dict(seed_data["document"], version=f"{version}.0"))
        path = base / f"v{version}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        build_pack(path, base / f"v{version}", clauses_dir=LIBRARY)
        out.append(base / f"v{version}")
    return out[0], out[1]


def _state(folder: Path) -> str:
    """'absent', or the version of the complete pack in ``folder`` (fails on a broken one)."""
    from ncm_docs import manifest
    from ncm_docs.files import sha256

    if not folder.exists():
        return "absent"
    data = manifest.read(folder)  # raises if missing or unreadable
    for entry in data["documents"]:
        assert sha256((folder / entry["file"]).read_bytes()) == entry["sha256"], f"{entry['file']} does not match the manifest"
    names = {p.name for p in folder.iterdir()}
    assert names == {e["file"] for e in data["documents"]} | {"manifest.json"}, names
    return data["version"]


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".ncm-" in p.name)


def _kill_while_writing(source: Path, target: Path, delay: float) -> None:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(target)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()


def _write_seconds(source: Path, target: Path) -> float:
    done = subprocess.run([sys.executable, "-c", WRITER, str(source), str(target)], capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


@pytest.mark.parametrize("scenario", ["new pack", "pack rebuilt over an old one"])
def test_a_pack_killed_while_written_is_complete_or_absent(scenario, packs, tmp_path):
    old, new = packs
    rng = random.Random(scenario)
    window = _write_seconds(new, tmp_path / "timing")
    outcomes = []
    for trial in range(TRIALS):
        target = tmp_path / f"trial{trial}" / "pack"
        target.parent.mkdir()
        if scenario != "new pack":
            write_pack(target, {p.name: p.read_bytes() for p in old.iterdir()})
        _kill_while_writing(new, target, rng.uniform(0, window * 1.5))
        found = _state(target)  # complete (old or new), or absent: never half
        if scenario == "new pack":
            assert found in ("absent", "2.0")
        recover_pack(target)  # what the next run does first
        after = _state(target)
        if scenario != "new pack":
            assert after in ("1.0", "2.0"), "an interrupted swap must give the old pack back"
        outcomes.append((found, after))
        write_pack(target, {p.name: p.read_bytes() for p in new.iterdir()}, force=True)
        assert _state(target) == "2.0"
        assert _leftovers(target.parent) == [], "the next run cleared what the killed one left"
    assert len(outcomes) == TRIALS


def test_a_killed_build_leaves_the_pack_complete_or_absent(packs, tmp_path, seed_data):
    """The whole command, killed at random moments: whatever it had written is whole."""
    partnership = tmp_path / "northshire.yaml"
    partnership.write_text(yaml.safe_dump(seed_data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    command = [sys.executable, "-m", "ncm_docs.cli", "build", str(partnership), "--clauses", str(LIBRARY), "--force"]
    start = time.perf_counter()
    subprocess.run(command + ["-o", str(tmp_path / "timing")], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    rng = random.Random(17)
    for trial in range(3):
        target = tmp_path / f"build{trial}"
        child = subprocess.Popen(command + ["-o", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(seconds * 0.5, seconds * 1.1))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert _state(target) in ("absent", "1.0")
        result = _run("build", partnership, "-o", target, "--clauses", LIBRARY, "--force")
        assert result.exit_code == 0, result.output
        assert _state(target) == "1.0" and _leftovers(tmp_path) == []


def test_force_keeps_files_that_are_not_part_of_the_pack(packs, tmp_path):
    old, new = packs
    target = tmp_path / "pack"
    write_pack(target, {p.name: p.read_bytes() for p in old.iterdir()})
    (target / "notes.txt").write_text("my notes", encoding="utf-8")
    os.chmod(target, 0o750)
    write_pack(target, {p.name: p.read_bytes() for p in new.iterdir()}, force=True)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert json.loads((target / "manifest.json").read_text(encoding="utf-8"))["version"] == "2.0"
    assert oct(target.stat().st_mode & 0o777) == oct(0o750), "the folder keeps its permissions"
    assert _leftovers(tmp_path) == []


def test_a_pack_folder_that_cannot_be_swapped_is_written_in_place(packs, tmp_path, monkeypatch):
    """The current folder (or one holding sub-folders) is never renamed away."""
    _, new = packs
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    result = _run("build", new.parent / "v2.yaml", "-o", ".", "--clauses", LIBRARY)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sub").is_dir() and Path(os.getcwd()) == tmp_path
    assert (tmp_path / "manifest.json").is_file()


def test_without_force_an_existing_pack_is_never_touched(packs, tmp_path):
    old, new = packs
    target = tmp_path / "pack"
    write_pack(target, {p.name: p.read_bytes() for p in old.iterdir()})
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    result = _run("build", new.parent / "v2.yaml", "-o", target, "--clauses", LIBRARY)
    assert result.exit_code == 2 and "use --force" in result.output
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


# ---- two batches on one folder ------------------------------------------------------


@pytest.fixture
def batch_inputs(tmp_path, seed_data) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for place in ("Ashmoor", "Brindle", "Caldon"):
        data = json.loads(json.dumps(seed_data, default=str))
        data["partnership"]["name"] = data["partnership"]["name"].replace("Northshire", place)
        (folder / f"{place.lower()}.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_batch_is_refused_while_another_holds_the_folder(batch_inputs, tmp_path):
    out = tmp_path / "out"
    with folder_lock(out):
        result = _run("batch", batch_inputs, "-o", out, "--clauses", LIBRARY, "--jobs", "1")
        assert result.exit_code == 2, result.output
        assert "another ncm-docs run" in result.output and f"process {os.getpid()}" in result.output
        assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == [], "the refused batch wrote nothing"
    result = _run("batch", batch_inputs, "-o", out, "--clauses", LIBRARY, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not (out / LOCK_NAME).exists(), "the lock file goes with the lock"


def test_a_lock_file_left_by_a_dead_run_is_taken_over(batch_inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text("pid 999999999 on a-machine\n", encoding="utf-8")  # nobody holds it
    result = _run("batch", batch_inputs, "-o", out, "--clauses", LIBRARY, "--jobs", "1")
    assert result.exit_code == 0, result.output


def test_two_concurrent_batches_serialise_or_one_refuses(batch_inputs, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ncm_docs.cli", "batch", str(batch_inputs), "-o", str(out), "--clauses", str(LIBRARY), "--jobs", "1", "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 2]), results
    for code, stdout, stderr in results:
        assert "Traceback" not in stderr and "Internal error" not in stderr
        if code == 2:
            assert "another ncm-docs run" in stderr, stderr
        else:
            report = json.loads(stdout)
            assert report["summary"]["failed"] == 0, report  # no false failures
    for pack in ("ashmoor", "brindle", "caldon"):
        assert _state(out / pack) == "1.0"
    assert _leftovers(out) == [] and not (out / LOCK_NAME).exists()


# ---- a disk that fills up --------------------------------------------------------------


def test_diff_writes_neither_report_nor_redline_when_the_disk_fills(packs, tmp_path, monkeypatch):
    old, new = packs
    real_write = files_module._write_new

    def full_disk(path, data, mode):
        if "redline" in path.name:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data, mode)

    monkeypatch.setattr(files_module, "_write_new", full_disk)
    report, redline = tmp_path / "report" / "changes.html", tmp_path / "redline.docx"
    result = _run("diff", old / "alliance-agreement.docx", new / "alliance-agreement.docx", "--html", report, "--redline", redline)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert not report.exists() and not redline.exists()
    assert not report.parent.exists(), "a folder made for the report is removed again"
    assert sorted(p.name for p in tmp_path.iterdir()) == []
