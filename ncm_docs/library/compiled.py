"""Compiling clause and definition sources, through an on-disk cache of validated libraries.

Loading a library parses, compiles and name-checks every clause: about a third of a second,
paid by every command before it does anything. A library that has loaded cleanly once is
saved (Jinja's own compiled code for each source, the way Python keeps ``.pyc`` files) under
a key made of the library's digest and a fingerprint of ncm-docs' own code and of the Python,
Jinja and MarkupSafe versions. Any change to a clause, to ``definitions.yaml`` or to the code
(the schema the names are checked against included) gives another key, so the library is
validated again. Only libraries without problems are saved; an unreadable or foreign cache
file is ignored.

The cache lives in ``$NCM_DOCS_CACHE`` if set (``off`` turns it off), else in
``$XDG_CACHE_HOME/ncm-docs`` or ``~/.cache/ncm-docs``.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from .environment import ClauseEnvironment, ConstantText
from .names import NameChecker, NameProblem

_MAGIC = b"ncm-docs compiled library 1\n"
_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of ncm-docs' own source and of the Python, Jinja and MarkupSafe versions."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{sys.version}\0{version('jinja2')}\0{version('markupsafe')}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """Where compiled libraries are kept, or None when caching is off."""
    setting = os.environ.get("NCM_DOCS_CACHE")
    if setting:
        return None if setting.lower() == "off" else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ncm-docs"


def cache_key(library_digest: str) -> str:
    """The cache key of a library: its digest and the code that validated it."""
    return hashlib.sha256(f"{library_digest}\0{code_fingerprint()}".encode()).hexdigest()


def load_cached(key: str) -> dict[str, bytes | None] | None:
    """The compiled code saved for ``key``, or None (no cache, no entry, or unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = (folder / f"library-{key[:32]}.bin").read_bytes()
        if not data.startswith(_MAGIC):
            return None
        stored_key, codes = marshal.loads(data[len(_MAGIC):])
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return codes if stored_key == key and isinstance(codes, dict) else None


def save_cached(key: str, codes: dict[str, bytes | None]) -> None:
    """Save compiled code for ``key`` atomically; a cache that cannot be written is skipped."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + marshal.dumps((key, codes)))
        os.replace(tmp, folder / f"library-{key[:32]}.bin")
    except OSError:
        pass


def _source_key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class TemplateCompiler:
    """Turns sources into templates: from the cache when the library was validated before,
    otherwise by parsing, compiling and recording the code (and checking names)."""

    def __init__(self, env: ClauseEnvironment, types: dict, cached: dict[str, bytes | None] | None) -> None:
        self.env = env
        self.types = types
        self.cached = cached
        self.recorded: dict[str, bytes | None] = {}

    def compile(self, source: str):
        """``(template, tree)``; ``tree`` is None when the template came from the cache.

        Raises ``jinja2.TemplateSyntaxError`` for a source that does not parse.
        """
        key = _source_key(source)
        if self.cached is not None and key in self.cached:
            code = self.cached[key]
            return (ConstantText(source) if code is None else self._from_code(marshal.loads(code))), None
        tree = self.env.parse(source)
        if "{" not in source:
            self.recorded[key] = None
            return ConstantText(source), tree
        code = self.env.compile(tree)
        self.recorded[key] = marshal.dumps(code)
        return self._from_code(code), tree

    def check_names(self, tree) -> list[NameProblem]:
        """Unknown names in ``tree`` (nothing to check for a template from the cache)."""
        return [] if tree is None else NameChecker(self.types, self.env.filters).check(tree)

    def _from_code(self, code):
        env = self.env
        return env.template_class.from_code(env, code, env.make_globals(None), None)
