"""``ncm-docs impact``: which partnerships and documents a clause change reaches."""

from __future__ import annotations

import json

from helpers import clause_file, run_cli
from vary_fixtures import ALLIANCE, HISTORY, vary_library

from ncm_docs.impact import word_changes

DECISIONS = "alliance-agreement/decisions.md"


def _libraries(tmp_path, new_decisions: str):
    old = vary_library(tmp_path / "old")
    new = vary_library(tmp_path / "new", {DECISIONS: new_decisions})
    return old, new


def _run(*args):
    return run_cli("impact", *args)


def _majority_reworded(version: str = "1.1.0") -> str:
    text = ALLIANCE[DECISIONS].replace("version: 1.0.0", f"version: {version}")
    return text.replace("of the votes.", "of the votes cast at a quorate meeting.")


def test_only_the_partnerships_that_use_the_changed_alternative_are_listed(tmp_path):
    old, new = _libraries(tmp_path, _majority_reworded())
    result = _run("alliance.decision-making", HISTORY, "--against", old, "--clauses", new)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "alliance.decision-making: 1.0.0 -> 1.1.0; 1 of 3 documents in 3 partnerships change"
    assert lines[1].endswith("v2.yaml  alliance-agreement.docx  clause 2  amended")
    assert "Decisions need 75% of the votes{+ cast at a quorate meeting+}." in result.output
    assert "warning" not in result.output


def test_json_output_and_the_unbumped_version_warning(tmp_path):
    old, new = _libraries(tmp_path, _majority_reworded(version="1.0.0"))
    text = _run("alliance.decision-making", HISTORY / "v2.yaml", "--against", old, "--clauses", new)
    assert "warning: the wording changed but the clause version did not (1.0.0)" in text.output
    data = json.loads(_run("alliance.decision-making", HISTORY / "v2.yaml", "--against", old, "--clauses", new, "--format", "json").output)
    assert data["partnerships"] == 1 and data["documents_checked"] == 1
    (item,) = data["impacts"]
    assert item["change"] == "amended" and "Decisions need 75% of the votes" in item["old_text"]


def test_a_new_clause_is_listed_as_added_everywhere_it_applies(tmp_path):
    old = vary_library(tmp_path / "old")
    new = vary_library(tmp_path / "new", {"alliance-agreement/extra.md": clause_file("alliance.extra", ". Something new.\n", order=30)})
    result = _run("alliance.extra", HISTORY, "--against", old, "--clauses", new, "--format", "json")
    data = json.loads(result.output)
    assert [i["change"] for i in data["impacts"]] == ["added"] * 3
    assert data["old_version"] == "" and data["new_version"] == "1.0.0"


def test_unknown_clause_and_missing_input_are_errors(tmp_path):
    old, new = _libraries(tmp_path, _majority_reworded())
    unknown = _run("alliance.decision-makin", HISTORY, "--against", old, "--clauses", new)
    assert unknown.exit_code == 2 and "did you mean 'alliance.decision-making'?" in unknown.output
    missing = _run("alliance.decision-making", tmp_path / "nope", "--against", old, "--clauses", new)
    assert missing.exit_code == 2 and "nope: no such file or folder" in missing.output


def test_word_changes_marks_removed_and_inserted_words():
    assert word_changes("a quick fox", "a slow fox") == "a [-quick-]{+slow+} fox"
    assert word_changes("same", "same") == "same"
