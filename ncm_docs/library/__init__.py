"""The clause library: clause files, their loader and the sandboxed Jinja environment."""

from .clause import Clause
from .loader import ClauseLibrary, DocumentType, default_clauses_dir, load_library

__all__ = ["Clause", "ClauseLibrary", "DocumentType", "default_clauses_dir", "load_library"]
