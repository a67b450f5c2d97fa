"""PDF copies of drafted documents, through LibreOffice headless.

Each run uses its own throwaway LibreOffice profile, so parallel runs (and a desktop
LibreOffice the user has open) never collide over the profile lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import PdfError

#: How long one LibreOffice run may take, in seconds.
TIMEOUT_SECONDS = 600


def find_soffice() -> str:
    """The LibreOffice executable, or ``PdfError`` saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "--pdf needs LibreOffice, which is not installed (no 'soffice' on PATH); "
        "install it (e.g. apt-get install libreoffice-writer-nogui) or build without --pdf"
    )


def convert_to_pdf(docx_paths: list[Path], outdir: Path) -> list[Path]:
    """Convert .docx files to PDFs in ``outdir`` (same stems); return the PDF paths.

    Each PDF is written to a temporary folder first and moved into place only when
    LibreOffice produced it, so a failure never leaves a half-written PDF.
    """
    soffice = find_soffice()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ncm-docs-pdf-") as work:
        profile = Path(work) / "profile"
        staging = Path(work) / "out"
        staging.mkdir()
        command = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(staging),
            *(str(Path(p).resolve()) for p in docx_paths),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env={**os.environ, "HOME": work})
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} seconds") from None
        except OSError as exc:
            raise PdfError(f"{soffice}: cannot run LibreOffice ({exc.strerror})") from None
        made = []
        for path in docx_paths:
            pdf = staging / (Path(path).stem + ".pdf")
            if not pdf.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise PdfError(f"{path}: LibreOffice made no PDF" + (f" ({detail[-1]})" if detail else ""))
            made.append(pdf)
        out = []
        for pdf in made:
            target = outdir / pdf.name
            shutil.move(str(pdf), target)
            out.append(target)
    return out


def pdf_bytes(docx_files: dict[str, bytes]) -> dict[str, bytes]:
    """PDFs of in-memory .docx files: ``{"x.docx": data}`` -> ``{"x.pdf": data}``.

    Lets a build write its PDFs in the same all-or-nothing step as its .docx files.
    """
    with tempfile.TemporaryDirectory(prefix="ncm-docs-pdf-in-") as work:
        paths = []
        for name, data in docx_files.items():
            path = Path(work) / name
            path.write_bytes(data)
            paths.append(path)
        return {pdf.name: pdf.read_bytes() for pdf in convert_to_pdf(paths, Path(work) / "pdf")}
