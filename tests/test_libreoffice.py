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
