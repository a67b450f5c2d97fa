"""The README stays true: its two commands are what CI runs; every command is documented."""

from __future__ import annotations

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands_ci_runs():
    block = README.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in block:
        assert command.replace("pip install", "pip install -q") in ci


def test_every_command_is_in_the_readme():
    commands = [p.stem.replace("_", "-") for p in (ROOT / "ncm_docs" / "commands").glob("*.py") if not p.stem.startswith("_")]
    for name in commands:
        assert f"ncm-docs {name}" in README, name


def test_the_tours_impact_example_runs_as_printed(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    tour = README.split("## A tour", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    line = next(line for line in tour.splitlines() if "ncm-docs impact" in line).split("   #", 1)[0]
    shutil.copytree(ROOT / "clauses", tmp_path / "clauses")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    bin_dir = os.path.dirname(sys.executable)
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "ncm-docs").write_text(f"#!/bin/sh\nexec {sys.executable} -m ncm_docs \"$@\"\n")
    (shim / "ncm-docs").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{bin_dir}:/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "alliance.decision-making" in result.stdout
