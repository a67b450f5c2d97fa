"""``ncm-docs init`` (the commented starter), ``ncm-docs samples`` and ``python -m ncm_docs``."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
import yaml
from click.testing import CliRunner

from helpers import ROOT
from ncm_docs.cli import main
from ncm_docs.model import Partnership
from ncm_docs.model.help import field_help, field_names
from ncm_docs.starter import SHAPES, starter_text
from ncm_docs.starter.shapes import starter_data


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_starter_builds_and_checks_clean_as_it_is(shape, tmp_path):
    path = tmp_path / "partnership.yaml"
    result = run("init", path, "--shape", shape)
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.output
    checked = run("check", path, "--strict")
    assert checked.exit_code == 0, checked.output
    assert "no problems found" in checked.output
    built = run("build", path, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    pack = run("check", tmp_path / "out", "--strict")
    assert pack.exit_code == 0, pack.output


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_starter_says_what_the_data_says(shape):
    text = starter_text(shape)
    assert yaml.safe_load(text) == starter_data(shape)
    assert text.count("[") > 20  # placeholders to fill in, in square brackets
    Partnership.model_validate(yaml.safe_load(text))


def _fields_used(data, loc=()):
    """(model, key) of every field the data fills in."""
    from ncm_docs.explain.target import target_at

    if isinstance(data, dict):
        section = target_at(Partnership, loc).section_for(data) if loc else Partnership
        for key, value in data.items():
            if section is not None:
                yield section, key
            yield from _fields_used(value, (*loc, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _fields_used(item, (*loc, i))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_starter_has_every_section_and_explains_every_field_it_uses(shape):
    text = starter_text(shape)
    data = starter_data(shape)
    top = {f for f in field_names(Partnership) if f not in ("approvals", "clause_overrides")}  # a second version on; from absorb
    assert top <= set(data)
    comments = " ".join(line.strip()[2:].lstrip("- ").strip() for line in text.splitlines() if line.strip().startswith("# "))
    used = set(_fields_used(data))
    assert len(used) > 80
    for model, key in used:
        description = " ".join(field_help(model, key)[1].split())
        assert description in comments, (model.__name__, key)
    Partnership.model_validate(yaml.safe_load(text))


def test_init_never_overwrites_without_force(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("my work", encoding="utf-8")
    refused = run("init", path)
    assert refused.exit_code == 2 and "use --force" in refused.output
    assert path.read_text(encoding="utf-8") == "my work"
    assert run("init", path, "--force").exit_code == 0
    assert path.read_text(encoding="utf-8") == starter_text("lead-provider")


def test_init_to_standard_output_and_unknown_shape():
    printed = run("init", "-", "--shape", "majority")
    assert printed.exit_code == 0 and printed.output == starter_text("majority")
    wrong = run("init", "-", "--shape", "pure")
    assert wrong.exit_code == 2 and "lead-provider" in wrong.output


def test_init_writes_to_the_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    assert (tmp_path / "partnership.yaml").is_file()


def test_samples_copies_every_sample_and_keeps_edited_ones(tmp_path):
    out = tmp_path / "mine"
    result = run("samples", out)
    assert result.exit_code == 0, result.output
    sources = sorted(p.relative_to(ROOT / "samples") for p in (ROOT / "samples").rglob("*.yaml"))
    assert sorted(p.relative_to(out) for p in out.rglob("*.yaml")) == sources
    for rel in sources:
        assert (out / rel).read_bytes() == (ROOT / "samples" / rel).read_bytes()
    again = run("samples", out)
    assert again.exit_code == 0 and "already there" in again.output
    (out / "northshire.yaml").write_text("edited", encoding="utf-8")
    refused = run("samples", out)
    assert refused.exit_code == 2 and "northshire.yaml, which differ from the samples; use --force" in refused.output
    assert (out / "northshire.yaml").read_text(encoding="utf-8") == "edited"
    assert run("samples", out, "--force").exit_code == 0
    assert (out / "northshire.yaml").read_bytes() == (ROOT / "samples" / "northshire.yaml").read_bytes()


def test_python_dash_m_runs_the_command_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ncm_docs", "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ncm-docs, version 0.1.0"
    helped = subprocess.run([sys.executable, "-m", "ncm_docs", "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "Usage: ncm-docs" in helped.stdout


def test_the_wheel_ships_the_samples_and_samples_works_from_it_in_another_folder(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("ncm_docs-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("ncm_docs/samples/northshire.yaml", "ncm_docs/samples/history/v1.yaml", "ncm_docs/clauses/library.yaml",
                   "ncm_docs/templates/default.docx", "ncm_docs/model/field_help.yaml", "ncm_docs/__main__.py"):
        assert needed in names, needed
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a wheel installs by unpacking: the package as pip would place it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "NCM_DOCS_CACHE": "off"}
    copied = subprocess.run([sys.executable, "-m", "ncm_docs", "samples"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert copied.returncode == 0, copied.stderr
    assert (elsewhere / "samples" / "northshire.yaml").read_bytes() == (ROOT / "samples" / "northshire.yaml").read_bytes()
    drafted = subprocess.run([sys.executable, "-m", "ncm_docs", "build", "samples/northshire.yaml", "-o", "out/northshire"],
                             capture_output=True, text=True, cwd=elsewhere, env=env, timeout=300)
    assert drafted.returncode == 0, drafted.stderr
    assert (elsewhere / "out" / "northshire" / "alliance-agreement.docx").is_file()
