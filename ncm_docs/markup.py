"""The small line-based markup clause bodies render to, and its parser.

After Jinja has run, a body is read line by line (see clauses/README.md): ``. `` to
``.... `` give numbered levels, ``|`` lines make tables, ``## `` a sub-heading, and
inline ``**bold**`` and ``[[clause-id]]`` cross-references. The parser returns plain
data (``Paragraph``, ``Table``, ``Text``, ``Ref``); it knows nothing about Word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import MarkupError

#: What ``{{ doc.definitions }}`` prints: replaced by the definitions when a document is drafted.
DEFINITIONS_MARKER = "\u27e6definitions\u27e7"
#: A cross-reference in clause text, ``[[clause-id]]``; group 1 is the clause id.
REFERENCE = re.compile(r"\[\[\s*([a-z0-9][a-z0-9.\-]*)\s*\]\]")

_SPECIAL = re.compile(r"([\\*\[\]|.#])")
_LEVEL = re.compile(r"^(\.{1,4}) ")
_REF_ID = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


def escape(text: str) -> str:
    """Escape every markup character so ``text`` prints literally.

    Line breaks in data become spaces: a value can never start a new paragraph.
    """
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if _SPECIAL.search(text) is None:
        return text  # the usual case: nothing to escape
    return _SPECIAL.sub(r"\\\1", text)


def unescape(text: str) -> str:
    """Plain text of escaped markup-free text (for titles): ``\\.`` -> ``.``."""
    return re.sub(r"\\(.)", r"\1", text)


@dataclass(frozen=True)
class Text:
    """A run of literal text."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Ref:
    """A cross-reference to another clause's number."""

    target: str


Run = Text | Ref


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: ``level`` 1-4 for numbered levels, 0 for body text; ``heading`` for ``##``.

    Frozen: parsed paragraphs are cached and shared between documents (boilerplate renders
    the same everywhere), so nothing may change one in place.
    """

    runs: list[Run]
    level: int = 0
    heading: bool = False

    @property
    def plain(self) -> str:
        """The paragraph's text, cross-references shown as ``[[id]]``."""
        return "".join(r.text if isinstance(r, Text) else f"[[{r.target}]]" for r in self.runs)


@dataclass(frozen=True)
class Table:
    """A table; ``rows[0]`` is the header row. Each cell is a list of runs. Frozen, like ``Paragraph``."""

    rows: list[list[list[Run]]] = field(default_factory=list)


Block = Paragraph | Table


def parse_body(text: str) -> list[Block]:
    """Parse rendered body text into blocks."""
    blocks: list[Block] = []
    table: Table | None = None
    for number, line in _logical_lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        try:
            if stripped.startswith("|"):
                cells = _split_cells(stripped)
                if all(re.fullmatch(r":?-{3,}:?", c.strip()) for c in cells):
                    continue
                if table is None:
                    table = Table()
                    blocks.append(table)
                table.rows.append([parse_inline(c.strip()) for c in cells])
                continue
            table = None
            if stripped.startswith("## "):
                blocks.append(Paragraph(parse_inline(stripped[3:].strip()), heading=True))
                continue
            match = _LEVEL.match(stripped)
            if match:
                level = len(match.group(1))
                blocks.append(Paragraph(parse_inline(stripped[match.end():].strip()), level=level))
            else:
                blocks.append(Paragraph(parse_inline(stripped)))
        except MarkupError as exc:
            raise MarkupError(number, str(exc)) from None
    return blocks


def _logical_lines(text: str):
    """Yield (first line number, text) joining lines that end in a single backslash."""
    if "\\" not in text:  # no continuations possible: every line stands alone
        yield from enumerate(text.split("\n"), start=1)
        return
    pending: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if not pending:
            start = number
        if _ends_with_continuation(line):
            pending.append(line.rstrip()[:-1].rstrip() + " ")
            continue
        pending.append(line.lstrip() if pending else line)
        yield start, "".join(pending)
        pending = []
    if pending:
        yield start, "".join(pending)


def _ends_with_continuation(line: str) -> bool:
    stripped = line.rstrip()
    trailing = len(stripped) - len(stripped.rstrip("\\"))
    return trailing % 2 == 1


def _split_cells(line: str) -> list[str]:
    body = line[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "\\" not in body:  # no escaped bars: a plain split
        return body.split("|")
    cells, current, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return cells


#: One inline token: an escaped character, ``**``, ``[[``, a run of plain text, or any one character.
_INLINE_MARKUP = re.compile(r"[\\*\[]")
_INLINE = re.compile(r"\\(.)|(\*\*)|(\[\[)|([^\\*\[]+|.)", re.S)


def parse_inline(text: str) -> list[Run]:
    """Parse ``**bold**``, ``[[ref]]`` and backslash escapes into runs."""
    if not _INLINE_MARKUP.search(text):  # most text is plain
        return [Text(text)] if text else []
    runs: list[Run] = []
    buf: list[str] = []
    bold = False
    i, n = 0, len(text)

    def flush() -> None:
        if buf:
            runs.append(Text("".join(buf), bold))
            buf.clear()

    while i < n:
        match = _INLINE.match(text, i)
        escaped, toggle, ref, plain = match.groups()
        i = match.end()
        if escaped is not None:
            buf.append(escaped)
        elif toggle:
            flush()
            bold = not bold
        elif ref:
            end = text.find("]]", i)
            if end < 0:
                raise MarkupError(0, "'[[' without a closing ']]'")
            target = text[i:end].strip()
            if not _REF_ID.match(target):
                raise MarkupError(0, f"'[[{target}]]' is not a clause id")
            flush()
            runs.append(Ref(target))
            i = end + 2
        else:
            buf.append(plain)
    if bold:
        raise MarkupError(0, "'**' opened but not closed")
    flush()
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if isinstance(run, Text) and isinstance(last, Text) and last.bold == run.bold:
            merged[-1] = Text(last.text + run.text, run.bold)
        elif not (isinstance(run, Text) and not run.text):
            merged.append(run)
    return merged


def runs_text(runs, numbers: dict[str, str]) -> str:
    """Runs as plain text, cross-references shown as the numbers in ``numbers``."""
    return "".join(r.text if isinstance(r, Text) else numbers.get(r.target, "") for r in runs)


def is_marker(block) -> bool:
    """True for the paragraph ``{{ doc.definitions }}`` printed."""
    if not isinstance(block, Paragraph) or block.heading or len(block.runs) != 1:
        return False
    run = block.runs[0]
    return isinstance(run, Text) and run.text == DEFINITIONS_MARKER and not run.bold


def block_texts(blocks, numbers: dict[str, str], *, tables: bool = True) -> list[str]:
    """The text of each paragraph (and, if ``tables``, each table cell) of ``blocks``."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            if tables:
                out += [runs_text(cell, numbers) for row in block.rows for cell in row]
        elif isinstance(block, Paragraph) and not is_marker(block):
            out.append(runs_text(block.runs, numbers))
    return out


def format_runs(runs: list[Run]) -> str:
    """Runs as markup: the inverse of ``parse_inline`` (text escaped, bold in ``**``, references as ``[[id]]``)."""
    out = []
    for run in runs:
        if isinstance(run, Ref):
            out.append(f"[[{run.target}]]")
        elif run.text:
            text = escape(run.text)
            out.append(f"**{text}**" if run.bold and text.strip() else text)
    return "".join(out)


def format_body(blocks: list[Block]) -> str:
    """Blocks as clause markup, one line each: the inverse of ``parse_body``."""
    lines = []
    for block in blocks:
        if isinstance(block, Table):
            lines += ["| " + " | ".join(format_runs(cell) for cell in row) + " |" for row in block.rows]
            continue
        text = format_runs(block.runs).strip()
        if not text:
            continue
        if block.heading:
            lines.append(f"## {text}")
        elif block.level:
            lines.append("." * block.level + " " + text)
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"
