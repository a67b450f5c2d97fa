"""ncm-docs: drafts the agreements of NHS lead-provider + alliance partnerships.

The small public API (loaded lazily, so the CLI starts fast)::

    from ncm_docs import load_partnership, load_library, build_pack
    from ncm_docs import check_path, compare, redline_docx
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "load_partnership": "ncm_docs.load",
    "validate_partnership": "ncm_docs.load",
    "load_library": "ncm_docs.library",
    "build_pack": "ncm_docs.pack",
    "draft_pack": "ncm_docs.pack",
    "check_path": "ncm_docs.checks",
    "check_partnership": "ncm_docs.checks",
    "check_pack": "ncm_docs.checks",
    "compare": "ncm_docs.compare",
    "redline_docx": "ncm_docs.docx.redline",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'ncm_docs' has no attribute {name!r}")
