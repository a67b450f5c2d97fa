"""Every exception ncm-docs raises, each with a message written for the person running it.

The library raises these; only the CLI turns them into exit codes (each class carries its
own). Every message names the file (and, where it can, the field or line) it is about. An
error may carry several problems (``Problem``: file, location, message), printed one per
line, so a file with five mistakes is reported in one pass.

The last section holds internal signals: raised deep inside rendering or parsing, always
caught by the caller and reported as one of the user errors above with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


#: Exit codes: success; findings or failed items; bad input or usage; a bug in ncm-docs.
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass(frozen=True)
class Problem:
    """One problem: the file, where in it (a field path or ``line N``; may be empty), and what."""

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}, {self.location}" if self.location.startswith("line ") else ": ".join(p for p in (self.file, self.location) if p)
        return f"{place}: {self.message}" if place else self.message


class NcmError(Exception):
    """Base for every error ncm-docs reports to a user (exit code 2)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str | None = None, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        message = message if message is not None else "\n".join(str(p) for p in self.problems)
        super().__init__(message)
        self.message = message

    @classmethod
    def from_problems(cls, problems: Iterable[Problem | str]) -> "NcmError":
        """One error carrying every problem (plain strings are problems already worded)."""
        items = [p if isinstance(p, Problem) else Problem("", "", p) for p in problems]
        return cls(None, items)

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return self.message.splitlines() or [self.message]

    def __str__(self) -> str:
        return self.message


class DataError(NcmError):
    """A partnership file is unreadable or invalid."""


class ClauseError(NcmError):
    """The clause library has an error (bad front matter, Jinja error, unknown name)."""


class TemplateError(NcmError):
    """A Word house-style template is unusable."""


class DocxError(NcmError):
    """A .docx file given to ncm-docs cannot be read safely."""


class OutputError(NcmError):
    """Output cannot be written (it exists already, or the folder is not writable)."""


class UnknownDocumentError(NcmError):
    """A document named on the command line (``--only``, ``--doc``) is not one there is."""


class RenderError(NcmError):
    """A clause failed to render for a particular partnership."""


class VaryError(NcmError):
    """The change from one version to the next is not a valid variation."""


class PdfError(NcmError):
    """PDFs cannot be made (LibreOffice is missing or failed)."""


class PathRefused(NcmError):
    """A path outside the folder it must stay in: a name outside the folder the web app
    serves, or a ``document.house_style`` outside the partnership file's folder."""


class Conflict(NcmError):
    """A file changed on disk after the page that is saving it loaded it (web app)."""


class ModelErrors(NcmError):
    """The partnership breaks model rules of severity error; ``build`` refuses to draft.

    Exit code 1, like any other findings: the file is readable, its content is the problem.
    """

    exit_code = EXIT_FINDINGS

    def __init__(self, path: Path | str, findings: list) -> None:
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(
            f"{path}: {len(errors)} consistency error{'s' if len(errors) != 1 else ''}; "
            "nothing was drafted (fix them, or build with --allow-errors)"
        )
        self.findings = findings


class OverrideConflicts(NcmError):
    """The clause library changed clauses the partnership overrides with negotiated wording.

    Exit code 1, like findings: someone must decide, for each, whether the negotiated
    wording still stands (raise its ``library_version``) or the library's new text
    replaces it (delete the override). Each conflict shows all three texts.
    """

    exit_code = EXIT_FINDINGS

    def __init__(self, path: Path | str, conflicts: list) -> None:
        lines = [
            f"{path}: {len(conflicts)} negotiated clause{'s' if len(conflicts) != 1 else ''} "
            "conflict with the clause library; nothing was drafted (build with --allow-errors to draft "
            "with the negotiated wording anyway)"
        ]
        for conflict in conflicts:
            lines += conflict.describe().splitlines()
        super().__init__("\n".join(lines))
        self.conflicts = conflicts


class AbsorbError(NcmError):
    """A hand-edited pack cannot be carried back into its partnership file."""


# -- internal signals: always caught and reported as a user error with file and line ------


class RenderLimitError(Exception):
    """A clause ran past the time or size a clause may take."""


class EmptyValueError(ValueError):
    """A clause printed ``None``: the data lacks a value the wording needs."""


class MarkupError(ValueError):
    """A clause body's markup is malformed (``line`` is the body line)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class ClauseFileError(ValueError):
    """A clause file's front matter or layout is malformed (``line`` in the file)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class DuplicateRuleError(Exception):
    """Two check rules share an id (a mistake in ncm-docs itself)."""
