"""Real client: every sample's documents open in python-docx and convert in LibreOffice.

Marked ``libreoffice``; CI installs LibreOffice and runs these (a missing soffice fails
in CI rather than skipping).
"""

from __future__ import annotations

import json

import docx
import pytest

from helpers import ROOT, convert_to_pdf, pdf_text
from ncm_docs.pack import build_pack

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_opens_and_converts_with_party_names(sample, tmp_path, soffice):
    out = tmp_path / "pack"
    build_pack(sample, out)
    manifest = json.loads((out / "manifest.json").read_text())
    files = [out / d["file"] for d in manifest["documents"]]
    for path in files:
        document = docx.Document(str(path))
        assert document.paragraphs, path.name
    pdfs = convert_to_pdf(soffice, files, tmp_path / "pdf")
    for entry, pdf in zip(manifest["documents"], pdfs):
        text = pdf_text(pdf)
        for party in entry["parties"]:
            assert party["legal_name"] in text, f"{party['legal_name']} not in {pdf.name}"
        assert "{{" not in text and "{%" not in text
        assert "Error! Reference source not found" not in text


def _page_text(pdf, page: int) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


_ENTRY = __import__("re").compile(r"^\s*(\d+\.|Schedule \d+)\s+(.+?)\s*\.{3,}\s*(\d+)\s*$")


@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_the_contents_page_shows_the_right_page_numbers_on_one_page(sample, tmp_path, soffice):
    out = tmp_path / "pack"
    build_pack(sample, out)
    manifest = json.loads((out / "manifest.json").read_text())
    files = [out / d["file"] for d in manifest["documents"]]
    pdfs = convert_to_pdf(soffice, files, tmp_path / "pdf")
    for entry, pdf in zip(manifest["documents"], pdfs):
        labelled = [c for c in entry["clauses"] if c.get("label")]
        contents = [m for m in map(_ENTRY.match, _page_text(pdf, 2).splitlines()) if m]
        assert len(contents) == len(labelled), f"{pdf.name}: {len(contents)} numbered contents lines for {len(labelled)} clauses"
        assert not [line for line in _page_text(pdf, 3).splitlines() if _ENTRY.match(line)], f"{pdf.name}: the contents run onto page 3"
        last = 2
        for match, clause in zip(contents, labelled):
            page = int(match.group(3))
            assert page >= last, f"{pdf.name}: {clause['title']} on page {page}, before page {last}"
            heading = " ".join(clause["title"].split()[:3]).upper()
            assert heading in " ".join(_page_text(pdf, page).upper().split()), f"{pdf.name}: {clause['title']} is not on page {page}"
            last = page
