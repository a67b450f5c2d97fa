"""The clause library: clause files, their loader and the sandboxed Jinja environment.

    from ncm_docs.library import load_library, ClauseLibrary

The names are loaded on first use, so importing a module of this package (the filters,
the exposure table) does not load the whole loader and its Jinja parser.
"""

from __future__ import annotations

import importlib

_API = {
    "Clause": "ncm_docs.library.clause",
    "ClauseLibrary": "ncm_docs.library.loader",
    "DocumentType": "ncm_docs.library.loader",
    "default_clauses_dir": "ncm_docs.library.loader",
    "load_library": "ncm_docs.library.loader",
}

__all__ = list(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'ncm_docs.library' has no attribute {name!r}")
