"""Reading .docx files safely: every .docx ncm-docs reads goes through here.

Limits on total size, part count and compression ratio refuse zip bombs before they
inflate; XML parts with a DOCTYPE are refused (no entity expansion, no XXE).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import DocxError, TemplateError

#: Largest .docx accepted, compressed.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest total uncompressed size of all parts.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Most parts in one package.
MAX_PARTS = 2_000
#: Highest compression ratio of any one part (XML compresses ~10-20x; bombs ~1000x).
MAX_RATIO = 200

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def read_docx_parts(path: Path, what: str = "document") -> dict[str, bytes]:
    """All parts of a .docx, as bytes, after the safety checks.

    ``what`` says whether this is a ``document`` (errors raise ``DocxError``) or a
    ``template`` (``TemplateError``).
    """
    error = TemplateError if what == "template" else DocxError
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from None
    return _read_parts(path, size, path, error)


def read_docx_bytes_parts(data: bytes, name: str | Path) -> dict[str, bytes]:
    """The same checks as ``read_docx_parts`` for a .docx held in memory; ``name`` labels errors."""
    return _read_parts(io.BytesIO(data), len(data), name, DocxError)


def _read_parts(source, size: int, path, error: type) -> dict[str, bytes]:
    if size > MAX_FILE_BYTES:
        raise error(f"{path}: {size:,} bytes is larger than the {MAX_FILE_BYTES:,}-byte limit")
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise error(f"{path}: not a .docx (not a zip file, or truncated)") from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise error(f"{path}: {len(infos):,} parts is more than the {MAX_PARTS:,} allowed")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise error(f"{path}: would inflate to {total:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,}): refused as a zip bomb")
        names = {i.filename for i in infos}
        if "word/vbaProject.bin" in names:
            raise error(f"{path}: contains macros (word/vbaProject.bin): a macro-enabled .docm is not accepted")
        parts: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
                raise error(f"{path}: part {info.filename} compresses {info.file_size // info.compress_size}:1: refused as a zip bomb")
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
                raise error(f"{path}: part {info.filename} is corrupt ({exc})") from None
            if info.filename.endswith((".xml", ".rels")) and _DOCTYPE.search(data):
                raise error(f"{path}: part {info.filename} has a DOCTYPE: refused (entities are never resolved)")
            parts[info.filename] = data
    if "[Content_Types].xml" not in parts:
        raise error(f"{path}: not a .docx (no [Content_Types].xml)")
    return parts
