"""The change log and approvals in the partnership file: optional, and checked when given."""

from __future__ import annotations

import copy

import pytest
import yaml
from vary_fixtures import HISTORY

from ncm_docs.errors import DataError
from ncm_docs.history import change_log, change_log_text
from ncm_docs.load import validate_partnership


def _v3() -> dict:
    return yaml.safe_load((HISTORY / "v3.yaml").read_text(encoding="utf-8"))


def test_the_sample_history_reads_as_a_change_log():
    p = validate_partnership(_v3(), HISTORY / "v3.yaml")
    assert [r["version"] for r in change_log(p)] == ["1.0", "2.0", "3.0"]
    assert change_log_text(p)[1].startswith("2.0  14 March 2028  St Cuthbert's Hospice joins")


@pytest.mark.parametrize("spoil, message", [
    (lambda d: d["history"].pop(), r"history\[2\] \(2\.0\)\.version: the last entry must be this version \(document\.version '3\.0'\), not '2\.0'"),
    (lambda d: d["history"][1].update(version="1.0"), r"history\[2\] \(1\.0\)\.version: '1\.0' is listed twice"),
    (lambda d: d["history"][1].update(date="2026-01-01"), r"history\[2\] \(2\.0\)\.date: 2026-01-01 is earlier than the entry before it"),
    (lambda d: d["approvals"]["approved_by"].append("NHFT"), r"approvals\.approved_by: NHFT listed more than once"),
    (lambda d: d["approvals"].update(approved_by=[]), r"approvals\.approved_by"),
    (lambda d: d["approvals"].update(minuted="x"), r"approvals: unknown field 'minuted'"),
])
def test_bad_history_or_approvals_are_one_line_errors(spoil, message):
    data = copy.deepcopy(_v3())
    spoil(data)
    with pytest.raises(DataError, match=message):
        validate_partnership(data, HISTORY / "v3.yaml")


def test_files_without_history_stay_valid(seed):
    assert seed.history == [] and seed.approvals is None
    assert seed.alliance.risk_gain_share.reconciliation.changeover_date is None
