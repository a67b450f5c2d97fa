"""Consistency checks across the document family: a catalogue of rules.

Model rules (``NCM1xx``) run on a partnership before anything is drafted; document rules
(``NCM2xx``) run on a built pack folder, including one edited by hand in Word.

    from ncm_docs.checks import check_partnership, check_pack
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from ..errors import ModelErrors
if TYPE_CHECKING:
    from ..model import Partnership
from .registry import SEVERITIES, Finding, Rule, all_rules, get_rule, hit, rule

__all__ = [
    "SEVERITIES", "Finding", "ModelErrors", "Rule", "all_rules", "check_pack", "check_pack_files", "check_partnership",
    "check_path", "get_rule", "hit", "rule",
]


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.location, f.message))


def check_partnership(partnership: Partnership, file: str = "") -> list[Finding]:
    """Every model rule's findings for ``partnership``, most serious first."""
    return _sorted([f for r in all_rules("model") for f in r.findings(partnership, file)])


def check_pack(folder: str | Path) -> list[Finding]:
    """Every document rule's findings for the pack in ``folder``, most serious first."""
    from .packs import read_pack

    return pack_findings(read_pack(folder))


def check_pack_files(label: str | Path, manifest: dict, files: dict[str, bytes]) -> list[Finding]:
    """``check_pack`` for a pack held in memory: ``{file name: .docx bytes}`` and its manifest."""
    from .packs import read_pack_files

    return pack_findings(read_pack_files(label, manifest, files))


def pack_findings(pack) -> list[Finding]:
    """Every document rule's findings for a read ``Pack``, most serious first."""
    folder = pack.folder
    findings = []
    for r in all_rules("document"):
        findings += [
            Finding(f.rule, f.slug, f.severity, f.message, f.documents, f.location, str(Path(folder) / f.documents[0]) if f.documents else str(folder))
            for f in r.findings(pack)
        ]
    return _sorted(findings)


def check_path(path: str | Path) -> list[Finding]:
    """Check a pack folder (document rules) or a partnership file (model rules)."""
    path = Path(path)
    if path.is_dir():
        return check_pack(path)
    from ..load import load_partnership

    return check_partnership(load_partnership(path), str(path))
