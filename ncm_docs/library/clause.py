"""One clause file: front matter, alternatives, and its compiled body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import Template
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ClauseFileError
from ..suggest import suggest

PARTS = ("parties", "recitals", "operative", "schedule", "execution")
_ALT_OPEN = re.compile(r"^:::\s*([A-Za-z0-9_\-]+)\s*$")
_ALT_CLOSE = re.compile(r"^:::\s*$")


class ClauseMeta(BaseModel):
    """The front matter of a clause file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:[.\-][a-z0-9]+)*$")
    title: str = Field(min_length=1)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    documents: list[str] = Field(min_length=1)
    part: Literal["parties", "recitals", "operative", "schedule", "execution"] = "operative"
    order: int
    when: str | None = None
    choose: str | None = None
    note: str = ""


@dataclass
class Clause:
    """A clause from the library, validated and compiled once per process."""

    meta: ClauseMeta
    path: Path
    body_line: int  # line number of the body's first line in the file
    source: str  # body as Jinja source, alternatives turned into if/elif
    alternatives: tuple[str, ...]
    raw_body: str
    template: Template | None = None
    when_expr: Any = None
    choose_expr: Any = None
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The stable clause id."""
        return self.meta.id

    @property
    def version(self) -> str:
        """The clause's version (raise it when the wording changes)."""
        return self.meta.version

    @property
    def title(self) -> str:
        """The heading printed in the document."""
        return self.meta.title

    def where(self, body_lineno: int | None = None) -> str:
        """``path, line N`` for a line of the body (1-based, as Jinja counts)."""
        if body_lineno is None:
            return str(self.path)
        return f"{self.path}, line {self.body_line + body_lineno - 1}"


def read_clause_file(path: Path, text: str) -> Clause:
    """Parse a clause file's front matter and body (no compiling yet)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ClauseFileError(1, "a clause file must start with '---' and YAML front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ClauseFileError(1, "front matter is not closed with a '---' line") from None
    front = "\n".join(lines[1:end])
    from ..load import safe_yaml

    try:
        data = safe_yaml(front) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ClauseFileError((mark.line + 2) if mark else 1, f"front matter: {exc.problem}") from None
    except yaml.YAMLError as exc:  # the guards: duplicate keys, aliases, depth
        raise ClauseFileError(1, f"front matter: {exc}") from None
    if not isinstance(data, dict):
        raise ClauseFileError(2, "front matter must be a mapping of keys")
    key_lines = {}
    for i, line in enumerate(lines[1:end], start=2):
        m = re.match(r"^([A-Za-z_][\w\-]*)\s*:", line)
        if m:
            key_lines.setdefault(m.group(1), i)
    try:
        meta = ClauseMeta.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else ""
        line = key_lines.get(key, 2)
        if err["type"] == "extra_forbidden":
            message = f"unknown front-matter key '{key}'{suggest(key, list(ClauseMeta.model_fields))}"
        elif err["type"] == "missing":
            message = f"front matter: '{key}' is required"
        else:
            message = f"front matter: {key}: {err['msg']}"
        raise ClauseFileError(line, message) from None
    body_lines = lines[end + 1 :]
    source, alternatives = _alternatives_to_jinja(body_lines, end + 2)
    return Clause(
        meta=meta,
        path=path,
        body_line=end + 2,
        source=source,
        alternatives=alternatives,
        raw_body="\n".join(body_lines),
        key_lines=key_lines,
    )


def _alternatives_to_jinja(lines: list[str], first_line: int) -> tuple[str, tuple[str, ...]]:
    """Turn ``::: name`` sections into ``{% if %}``/``{% elif %}`` on the same lines.

    Line numbers are kept, so Jinja's errors point at the right line of the file.
    """
    out: list[str] = []
    names: list[str] = []
    open_section = False
    for offset, line in enumerate(lines):
        opened = _ALT_OPEN.match(line.strip())
        if opened:
            name = opened.group(1)
            if name in names:
                raise ClauseFileError(first_line + offset, f"alternative '{name}' is given twice")
            names.append(name)
            keyword = "elif" if open_section else "if"
            out.append(f"{{% {keyword} clause_choice == {name!r} %}}")
            open_section = True
        elif _ALT_CLOSE.match(line.strip()):
            if not open_section:
                raise ClauseFileError(first_line + offset, "':::' closes no alternative")
            out.append("{% endif %}")
            open_section = False
        else:
            out.append(line)
    if open_section:
        out.append("{% endif %}")
    return "\n".join(out), tuple(names)
