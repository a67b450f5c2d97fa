"""Every command through click's CliRunner: output, exit codes, no tracebacks."""

from __future__ import annotations

import json



from helpers import run_cli

SEED = "samples/northshire.yaml"


run = run_cli  # the suite's one CliRunner wrapper (tests/helpers.py)


def test_help_lists_commands_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    for name in ("build", "preview", "schema", "clauses"):
        assert name in result.output
    assert "Examples:" in result.output


def test_build_then_refuse_to_overwrite(tmp_path, monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    out = tmp_path / "pack"
    first = run("build", SEED, "-o", str(out))
    assert first.exit_code == 0, first.output
    assert f"wrote {out / 'alliance-agreement.docx'}" in first.output
    second = run("build", SEED, "-o", str(out))
    assert second.exit_code == 2
    assert "use --force" in second.output
    assert "Traceback" not in second.output
    assert run("build", SEED, "-o", str(out), "--force").exit_code == 0


def test_build_json_output(tmp_path, monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    result = run("build", SEED, "-o", str(tmp_path / "p"), "--format", "json")
    data = json.loads(result.output)
    assert {d["kind"] for d in data["documents"]} == {"lead-provider-contract", "subcontract", "alliance-agreement"}


def test_invalid_partnership_exits_2_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: {name: x}\n", encoding="utf-8")
    result = run("build", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {bad}: partnership.short_name: required field is missing")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path):
    result = run("build", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "nope.yaml: cannot read" in result.output


def test_preview_prints_numbered_text(monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    result = run("preview", SEED, "--doc", "alliance-agreement")
    assert result.exit_code == 0
    assert "ALLIANCE AGREEMENT" in result.output
    assert "Northshire Hospitals NHS Foundation Trust" in result.output


def test_schema_is_json():
    result = run("schema")
    assert json.loads(result.output)["title"] == "Partnership"


def test_clauses_list_and_show():
    listing = run("clauses", "list", "--format", "json")
    clauses = json.loads(listing.output)
    assert clauses
    first = clauses[0]["id"]
    shown = run("clauses", "show", first)
    assert shown.exit_code == 0 and first in shown.output


def test_clauses_show_unknown_id_suggests():
    listing = json.loads(run("clauses", "list", "--format", "json").output)
    wrong = listing[0]["id"] + "x"
    result = run("clauses", "show", wrong)
    assert result.exit_code == 2
    assert f"unknown clause id '{wrong}'" in result.output
