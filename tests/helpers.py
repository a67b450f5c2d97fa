"""Helpers for tests: small file trees, clause files, LibreOffice conversion."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, **kwargs):
    """Run the ncm-docs CLI in-process (click's CliRunner); an unexpected exception fails the test."""
    from click.testing import CliRunner

    from ncm_docs.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def build_file_tree(base: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: content}`` below ``base``; return ``base``."""
    for rel, content in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return base


def clause_file(clause_id: str, body: str, *, documents: str = "[alliance-agreement]", order: int = 10, extra: str = "", part: str = "operative") -> str:
    """The text of a clause file with sensible front matter."""
    return (
        f"---\nid: {clause_id}\ntitle: {clause_id.split('.')[-1].replace('-', ' ').title()}\nversion: 1.0.0\n"
        f"documents: {documents}\npart: {part}\norder: {order}\n{extra}---\n{body}"
    )


LIBRARY_YAML = (ROOT / "clauses" / "library.yaml").read_text(encoding="utf-8")


def convert_to_pdf(soffice: str, docx_files: list[Path], outdir: Path) -> list[Path]:
    """Convert .docx files to PDF with LibreOffice headless (own profile); return the PDFs."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
        check=True, capture_output=True, timeout=300,
    )
    pdfs = [outdir / (f.stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs


def pdf_text(pdf: Path) -> str:
    """Text of a PDF (pdftotext), whitespace folded."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())
