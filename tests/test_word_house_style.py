"""House style: a user's own Word template, from --template or the partnership file; --pdf."""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
import sys
import zipfile

import pytest
from click.testing import CliRunner
from helpers import ROOT, build_file_tree, pdf_text, run_cli
from lxml import etree
from word_library import word_library

from ncm_docs.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LETTERHEAD = "Hartley & Vane LLP, Solicitors"


def _template_tool():
    spec = importlib.util.spec_from_file_location("make_default_template", ROOT / "tools" / "make_default_template.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def firm_style(tmp_path):
    """A second, custom house style: Georgia, burgundy, a letterhead on the cover."""
    tool = _template_tool()
    folder = tmp_path / "firm-style"
    folder.mkdir()
    (folder / "default.docx").write_bytes(tool.template_bytes(tool.HouseStyle("Georgia", "7B2C3B", LETTERHEAD)))
    return folder


@pytest.fixture
def lib(tmp_path):
    return build_file_tree(tmp_path / "clauses", word_library())


run = run_cli  # the suite's one CliRunner wrapper (tests/helpers.py)


def _parts(path):
    z = zipfile.ZipFile(path)
    return {n: z.read(n) for n in z.namelist()}


def _assert_firm_style(docx_path):
    parts = _parts(docx_path)
    styles = etree.fromstring(parts["word/styles.xml"])
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Georgia"
    table = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "NcmTable")
    assert table.find(f".//{W}shd").get(f"{W}fill") == "7B2C3B"
    assert LETTERHEAD.replace("&", "&amp;").encode() in parts["word/header2.xml"]


def test_the_default_template_is_the_one_the_tool_writes():
    assert (ROOT / "templates" / "default.docx").read_bytes() == _template_tool().template_bytes()


def test_template_option_gives_the_house_style(tmp_path, firm_style, lib):
    result = run("build", "samples/northshire.yaml", "-o", str(tmp_path / "out"), "--clauses", str(lib), "--template", str(firm_style), "--only", "alliance-agreement")
    assert result.exit_code == 0, result.output
    _assert_firm_style(tmp_path / "out" / "alliance-agreement.docx")
    default = _parts(tmp_path / "out" / "alliance-agreement.docx")
    assert b"Georgia" not in _parts(ROOT / "templates" / "default.docx")["word/styles.xml"]
    assert b"Georgia" in default["word/styles.xml"]


def test_partnership_file_names_its_house_style_relative_to_itself(tmp_path, firm_style, lib, seed_data, write_partnership):
    data = copy.deepcopy(seed_data)
    data["document"]["house_style"] = "firm-style"
    path = write_partnership(data)
    result = run("build", str(path), "-o", str(tmp_path / "out"), "--clauses", str(lib), "--only", "alliance-agreement")
    assert result.exit_code == 0, result.output
    _assert_firm_style(tmp_path / "out" / "alliance-agreement.docx")
    # --template takes precedence over the partnership file
    result = run("build", str(path), "-o", str(tmp_path / "plain"), "--clauses", str(lib), "--only", "alliance-agreement", "--template", str(ROOT / "templates"))
    assert result.exit_code == 0, result.output
    assert b"Georgia" not in _parts(tmp_path / "plain" / "alliance-agreement.docx")["word/styles.xml"]


def test_a_missing_house_style_folder_is_one_clear_line(tmp_path, lib, seed_data, write_partnership):
    data = copy.deepcopy(seed_data)
    data["document"]["house_style"] = "no-such-folder"
    path = write_partnership(data)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "--clauses", str(lib)])
    assert result.exit_code == 2
    assert f"{path}: document.house_style: folder 'no-such-folder' not found" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_pdf_without_libreoffice_is_a_clear_error_and_writes_nothing(tmp_path, lib, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = CliRunner().invoke(main, ["build", "samples/northshire.yaml", "-o", str(tmp_path / "out"), "--clauses", str(lib), "--pdf"])
    assert result.exit_code == 2
    assert "--pdf needs LibreOffice" in result.output and "install it" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
def test_pdf_shows_numbers_resolved_references_and_the_house_style(tmp_path, soffice, firm_style, lib):
    out = tmp_path / "out"
    result = run("build", "samples/northshire.yaml", "-o", str(out), "--clauses", str(lib), "--only", "alliance-agreement", "--pdf", "--template", str(firm_style))
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'alliance-agreement.pdf'}" in result.output
    text = pdf_text(out / "alliance-agreement.pdf")
    # LibreOffice recomputes REF fields from the bookmarks and list numbering, so
    # these show that the numbering and bookmarks are right, not only the cache
    for expected in (
        "1. DEFINITIONS AND INTERPRETATION", "4.2.1 meet monthly", "(a) by the rule in clause 5",
        "(i) first, seeking consensus", "listed in Schedule 1", "objectives in clause 2",
        "ends earlier under clause 7", "set out in Schedule 2", "Schedule 3 Decision matrix",
        "Agreement means this agreement", "Page 2 of", "Version 1.0 | DRAFT", LETTERHEAD,
    ):
        assert expected in text, expected
    assert "Error!" not in text and "Reference source not found" not in text
    # schedule paragraphs restart at 1 in every schedule
    for schedule in ("Schedule 1", "Schedule 2", "Schedule 3"):
        after = text.split(schedule + " ", 3)[-1]
        assert re.search(r"\b1\. ", after), schedule

