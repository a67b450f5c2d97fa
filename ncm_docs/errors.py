"""Exceptions with a message written for the person running ncm-docs.

The library raises these; only the CLI turns them into exit codes. Every message
names the file (and, where it can, the field or line) it is about.
"""

from __future__ import annotations


class NcmError(Exception):
    """Base for every error ncm-docs reports to a user (exit code 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

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


class RenderError(NcmError):
    """A clause failed to render for a particular partnership."""
