"""Reading .docx files safely: every .docx ncm-docs reads goes through here.

Limits on total size, part count and compression ratio refuse zip bombs before they
inflate; only the two compression methods a .docx may use (stored and deflated) are
read; two parts with the same name (which Word and ncm-docs might read differently) are
refused; XML parts with a DOCTYPE are refused, in whatever encoding they are written (no
entity expansion, no XXE). Whatever is wrong with the archive, the caller gets one
``DocxError`` (or ``TemplateError``) naming the file and the part, never a parser's own
exception.
"""

from __future__ import annotations

import codecs
import io
import lzma
import re
import struct
import zipfile
import zlib
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
#: The compression methods Open Packaging Conventions allow (ECMA-376 part 2, annex C).
ALLOWED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "deflate64", 6: "implode", 99: "AES encryption"}

#: What reading a damaged archive can raise, from zipfile and the decompressors under it.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError, NotImplementedError,
    ValueError, struct.error, OverflowError, MemoryError, UnicodeDecodeError,
)

_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
#: Byte-order marks and the first bytes of '<?' in encodings without ASCII's byte layout
#: (XML 1.0, appendix F), most specific first.
_SIGNATURES = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"), (b"\0\0\0<", "utf-32-be"), (b"<\0?\0", "utf-16-le"), (b"\0<\0?", "utf-16-be"),
)


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
    except OSError as exc:
        if isinstance(source, Path) and exc.strerror:
            raise error(f"{path}: cannot read ({exc.strerror})") from None
        raise error(f"{path}: not a .docx (not a zip file, or truncated)") from None
    except _ARCHIVE_ERRORS:
        raise error(f"{path}: not a .docx (not a zip file, or truncated)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise error(f"{path}: {len(infos):,} parts is more than the {MAX_PARTS:,} allowed")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise error(f"{path}: would inflate to {total:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,}): refused as a zip bomb")
        seen: dict[str, str] = {}
        for info in infos:
            folded = info.filename.casefold()  # part names are case-insensitive (OPC)
            if folded in seen:
                raise error(f"{path}: holds two parts named {seen[folded]}: refused (programs could read different ones)")
            seen[folded] = info.filename
        if "word/vbaproject.bin" in seen:
            raise error(f"{path}: contains macros (word/vbaProject.bin): a macro-enabled .docm is not accepted")
        parts: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            if info.compress_type not in ALLOWED_METHODS:
                method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
                raise error(f"{path}: part {info.filename} is compressed with {method}: a .docx uses only stored or deflated parts")
            if info.flag_bits & 0x1:
                raise error(f"{path}: part {info.filename} is encrypted: not a .docx ncm-docs can read")
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
                raise error(f"{path}: part {info.filename} compresses {info.file_size // info.compress_size}:1: refused as a zip bomb")
            try:
                data = archive.read(info)
            except _ARCHIVE_ERRORS as exc:
                raise error(f"{path}: part {info.filename} is corrupt ({_reason(exc)})") from None
            if info.filename.lower().endswith((".xml", ".rels")):
                problem = doctype_problem(data)
                if problem:
                    raise error(f"{path}: part {info.filename} {problem}")
            parts[info.filename] = data
    if "[Content_Types].xml" not in parts:
        raise error(f"{path}: not a .docx (no [Content_Types].xml)")
    return parts


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def xml_text(data: bytes) -> str | None:
    """An XML part decoded as an XML parser would decode it; None if its encoding is unknown."""
    for signature, encoding in _SIGNATURES:
        if data.startswith(signature):
            return data.decode(encoding, "replace")
    start = data.lstrip(b" \t\r\n")
    if not start:
        return ""
    if not start.startswith(b"<"):
        return None  # EBCDIC and other encodings that do not write '<' as ASCII does
    declared = _DECLARED.match(data[:200])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        return None
    return data.decode(encoding, "replace")


def doctype_problem(data: bytes) -> str | None:
    """Why an XML part is refused (a DOCTYPE or entity declaration, or an unknown encoding), or None."""
    text = xml_text(data)
    if text is None:
        return "is in an encoding ncm-docs does not know: refused"
    if _DOCTYPE.search(text):
        return "has a DOCTYPE: refused (entities are never resolved)"
    return None
