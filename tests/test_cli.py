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
    assert result.output.startswith(f"Error: {bad}, line 1, partnership.short_name: missing: add 'short_name:'")
    assert all(line.startswith(f"Error: {bad}") for line in result.output.splitlines())
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


def test_preview_of_an_unknown_document_names_the_known_ones(monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    result = run("preview", SEED, "--doc", "alliance")
    assert result.exit_code == 2
    assert result.output.startswith("Error: --doc alliance: no such document (did you mean 'alliance-agreement'?)")
    assert "subcontract-nwmh" in result.output
    assert "ALLIANCE AGREEMENT" not in result.output


def test_build_only_with_a_misspelt_name_among_good_ones_is_refused(tmp_path, monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    result = run("build", SEED, "-o", str(tmp_path / "p"), "--only", "alliance-agreement", "--only", "subcontract-nwhm")
    assert result.exit_code == 2
    assert "--only subcontract-nwhm: no such document (did you mean 'subcontract-nwmh'?)" in result.output
    assert not (tmp_path / "p").exists()


def test_clauses_list_of_an_unknown_document_type():
    result = run("clauses", "list", "--doc", "alliance")
    assert result.exit_code == 2
    assert "--doc alliance: no such document type (did you mean 'alliance-agreement'?)" in result.output
    assert "lead-provider-contract" in result.output


def test_check_one_document_of_a_pack(tmp_path, monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    out = tmp_path / "pack"
    assert run("build", SEED, "-o", str(out)).exit_code == 0
    result = run("check", str(out / "subcontract-nwmh.docx"))
    assert result.exit_code == 0, result.output
    assert "subcontract-nwmh.docx: no problems found" in result.output
    (out / "stray.docx").write_bytes((out / "alliance-agreement.docx").read_bytes())
    stray = run("check", str(out / "stray.docx"))
    assert stray.exit_code == 2
    assert "stray.docx: not one of the documents of the pack" in stray.output


def test_check_a_document_outside_a_pack_says_what_to_give(tmp_path, monkeypatch):
    from helpers import ROOT

    monkeypatch.chdir(ROOT)
    assert run("build", SEED, "-o", str(tmp_path / "pack")).exit_code == 0
    lone = tmp_path / "lone.docx"
    lone.write_bytes((tmp_path / "pack" / "alliance-agreement.docx").read_bytes())
    result = run("check", str(lone))
    assert result.exit_code == 2
    assert "lone.docx: a Word document is checked as part of its pack" in result.output
    assert "give the pack folder" in result.output and "or a partnership file" in result.output
    built = run("build", str(lone), "-o", str(tmp_path / "x"))
    assert built.exit_code == 2 and "this is a Word document, not a partnership file" in built.output
