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
