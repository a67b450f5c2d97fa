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
    """Check a pack folder (document rules), one document of a pack, or a partnership file (model rules).

    A single .docx is checked as part of its pack (the folder holding it and its
    manifest.json): the findings that concern that document.
    """
    path = Path(path)
    if path.is_dir():
        return check_pack(path)
    if path.suffix.lower() in (".docx", ".docm"):
        return check_document(path)
    from ..load import load_partnership

    return check_partnership(load_partnership(path), str(path))


def check_document(path: Path) -> list[Finding]:
    """The document rules' findings about one .docx of a pack (its folder must hold the manifest)."""
    from .. import manifest as manifest_format
    from ..errors import DataError

    folder = path.parent
    if not (folder / manifest_format.FILE_NAME).is_file():
        raise DataError(
            f"{path}: a Word document is checked as part of its pack, and this folder has no "
            f"{manifest_format.FILE_NAME}: give the pack folder that `ncm-docs build` wrote, or a partnership file (.yaml or .json)"
        )
    listed = [entry.get("file") for entry in manifest_format.read(folder).get("documents", [])]
    if path.name not in listed:
        raise DataError(f"{path}: not one of the documents of the pack in {folder} (its manifest lists {', '.join(map(str, listed))})")
    findings = check_pack(folder)
    return [f for f in findings if path.name in f.documents]
