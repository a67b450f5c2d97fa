"""Runs the bad-input catalogue (tests/bad_input_cases.py) through the CLI.

Each case: exit code 2, one ``Error:`` message containing the expected text, no
traceback, and no output written (files that existed before are untouched).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bad_input_cases import CASES, GOOD_TEMPLATES, SEED_TEXT
from helpers import build_file_tree
from ncm_docs.cli import main


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_catalogue_is_large_and_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_one_clear_error(case, tmp_path):
    build_file_tree(tmp_path, case.files())
    before = _snapshot(tmp_path)
    args = [a.replace("{dir}", str(tmp_path)) for a in case.args]
    result = CliRunner().invoke(main, args)
    output = result.output
    assert result.exit_code == 2, output
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert errors, output  # ours, or click's usage error for a bad option
    assert "Traceback" not in output
    for expected in case.expected:
        assert expected in output, f"{expected!r} not in {output!r}"
    assert _snapshot(tmp_path) == before, "the failed command wrote or changed files"


@pytest.mark.parametrize("name", sorted(GOOD_TEMPLATES))
def test_templates_that_must_still_work(name, tmp_path):
    build_file_tree(tmp_path, {"partnership.yaml": SEED_TEXT, "tpl/default.docx": GOOD_TEMPLATES[name]()})
    result = CliRunner().invoke(main, ["build", str(tmp_path / "partnership.yaml"), "-o", str(tmp_path / "out"), "--template", str(tmp_path / "tpl")])
    assert result.exit_code == 0, result.output
    import docx

    header = docx.Document(str(tmp_path / "out" / "alliance-agreement.docx")).sections[0].header
    assert "Alliance Agreement" in " ".join(p.text for p in header.paragraphs)
