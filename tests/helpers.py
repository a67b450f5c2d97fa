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


def resave_with_libreoffice(soffice: str, docx_files: list[Path], outdir: Path, via: str | None = None) -> list[Path]:
    """Open each .docx in LibreOffice headless and save it as .docx again (own profile), as a
    user who opens and saves a file there does; ``via="doc"`` goes through Word 97 format first.
    Returns the re-saved files, named as the originals, in ``outdir``."""
    profile = outdir / "lo-profile"
    work = outdir / "lo-work"
    work.mkdir(parents=True, exist_ok=True)
    sources = list(docx_files)
    if via:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", via, "--outdir", str(work), *map(str, sources)],
            check=True, capture_output=True, timeout=300,
        )
        sources = [work / f"{f.stem}.{via}" for f in docx_files]
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=300,
    )
    out = [outdir / f"{f.stem}.docx" for f in docx_files]
    missing = [p for p in out if not p.exists()]
    assert not missing, f"LibreOffice did not re-save {missing}"
    return out


def delete_clause(path: Path, clause_id: str) -> None:
    """Delete a whole clause, heading to last paragraph, as selecting it in Word and pressing Delete does."""
    import docx
    from docx.oxml.ns import qn

    from ncm_docs.docx.carriers import clause_bookmark

    document = docx.Document(str(path))
    body = document.element.body
    blocks = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]

    def bookmarks(block):
        return [b.get(qn("w:name"), "") for b in block.iter(qn("w:bookmarkStart"))]

    start = next((i for i, b in enumerate(blocks) if clause_bookmark(clause_id) in bookmarks(b)), None)
    if start is None:
        raise AssertionError(f"no clause {clause_id} in {path.name}")
    end = next((i for i in range(start + 1, len(blocks)) if any(n.startswith("_Ncm_") for n in bookmarks(blocks[i]))), len(blocks))
    for block in blocks[start:end]:
        body.remove(block)
    document.save(str(path))
