"""Tampering that ``check`` must catch, on the seed pack built with the bundled clause library.

Each edit is what someone changing a pack behind the other parties' backs would do in
Word: swap two Partners' risk shares in the alliance agreement's schedule (a fact printed
in that document only), turn unanimity into a majority in the decision clause and the
matrix, paste another partnership's clause in before the real one, duplicate every
clause of a subcontract, or hide a paragraph (hidden, white on white, in a 1 pt font, or
through a hidden character style). Each must exit 1 naming the document and the fact or
clause; the untouched pack stays clean.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT
from ncm_docs.cli import main

sys.path.insert(0, str(ROOT / "tests" / "checks"))  # the hand-edit helpers the rule cases use
import pack_edits  # noqa: E402

ALLIANCE = "alliance-agreement.docx"


@pytest.fixture(scope="module")
def seed_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tamper") / "pack"
    result = CliRunner().invoke(main, ["build", str(ROOT / "samples" / "northshire.yaml"), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _check(folder: Path):
    return CliRunner().invoke(main, ["check", str(folder)])


def _tampered(seed_pack: Path, tmp_path: Path, edits: list[dict]) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(seed_pack, folder)
    pack_edits.apply(folder, edits)
    return folder


def test_the_seed_pack_as_built_is_clean(seed_pack):
    result = _check(seed_pack)
    assert result.exit_code == 0 and "no problems found" in result.output, result.output


#: name -> (edits, the rule, text every finding of it must contain)
TAMPERS = {
    "risk shares swapped in the schedule": (
        [{"op": "swap", "file": ALLIANCE, "clause": "alliance.schedule-risk-gain-share", "a": "25%", "b": "12%"}],
        "NCM240", ["alliance-agreement.docx", "risk/gain share", "alliance.schedule-risk-gain-share"],
    ),
    "unanimity changed to majority": (
        [{"op": "replace", "file": ALLIANCE, "old": "requires the agreement of every Partner", "new": "requires the agreement of a majority of the Partners"},
         {"op": "replace", "file": ALLIANCE, "old": "Unanimous: every Partner", "new": "Majority of the Partners"}],
        "NCM240", ["alliance-agreement.docx", "the decision rule (unanimity)"],
    ),
    "another partnership's clause pasted before the real one": (
        [{"op": "duplicate_clause", "file": ALLIANCE, "clause": "alliance.risk-gain-share", "replace": {"Northshire": "Southmoor"}}],
        "NCM241", ["alliance-agreement.docx", "clause alliance.risk-gain-share appears 2 times"],
    ),
    "a clause pasted in Word (its bookmark dropped) before the real one": (
        [{"op": "duplicate_clause", "file": ALLIANCE, "clause": "alliance.risk-gain-share", "replace": {"Northshire": "Southmoor"}, "keep_bookmarks": False}],
        "NCM241", ["alliance-agreement.docx", "clause alliance.risk-gain-share appears 2 times"],
    ),
    "every clause of a subcontract duplicated": (
        [{"op": "duplicate_clause", "file": "subcontract-nwmh.docx"}],
        "NCM241", ["subcontract-nwmh.docx", "appears 2 times"],
    ),
    "a paragraph marked hidden": (
        [{"op": "hide", "file": ALLIANCE, "text": "Variance is its Partner Budget less its Actual Cost", "how": "vanish"}],
        "NCM242", ["alliance-agreement.docx", "marked hidden", "Variance is its Partner Budget less its Actual Cost"],
    ),
    "white text on a white page": (
        [{"op": "hide", "file": ALLIANCE, "text": "Variance is its Partner Budget less its Actual Cost", "how": "white"}],
        "NCM242", ["alliance-agreement.docx", "the colour of its background"],
    ),
    "a 1 pt font": (
        [{"op": "hide", "file": ALLIANCE, "text": "Variance is its Partner Budget less its Actual Cost", "how": "tiny"}],
        "NCM242", ["alliance-agreement.docx", "in a 1 pt font"],
    ),
    "a hidden character style": (
        [{"op": "hide", "file": ALLIANCE, "text": "Variance is its Partner Budget less its Actual Cost", "how": "style"}],
        "NCM242", ["alliance-agreement.docx", "marked hidden"],
    ),
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_tampering_exits_1_naming_the_document_and_what_changed(name, seed_pack, tmp_path):
    edits, rule, expected = TAMPERS[name]
    result = _check(_tampered(seed_pack, tmp_path, edits))
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if f"{rule} error" in line]
    assert lines, result.output
    for text in expected:
        assert any(text in line for line in lines), (text, lines)


def test_a_fact_changed_in_one_document_among_several_is_reported_once(seed_pack, tmp_path):
    """A legal name edited in one subcontract disagrees with the other documents: NCM203
    reports it with those documents, and NCM240 stays out of the way."""
    edit = {"op": "replace", "file": "subcontract-ngpf.docx", "old": "Northshire GP Federation Limited", "new": "Northshire GP Federation Ltd"}
    result = _check(_tampered(seed_pack, tmp_path, [edit]))
    assert result.exit_code == 1
    assert "NCM203 error" in result.output and "NCM240" not in result.output, result.output


def test_a_clause_edited_without_touching_a_fact_is_still_only_a_warning(seed_pack, tmp_path):
    pack = _tampered(seed_pack, tmp_path, [{"op": "replace", "file": ALLIANCE, "old": "Variance is its Partner Budget less", "new": "Variance equals its Partner Budget less"}])
    result = _check(pack)
    assert result.exit_code == 0, result.output
    assert "NCM208 warning" in result.output and "NCM24" not in result.output
