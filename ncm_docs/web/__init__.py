"""The local web app (``ncm-docs serve``): a guided form, a live preview and review screens.

A use case like ``build`` or ``diff``: it calls the same library and drafts nothing itself.

    from ncm_docs.web import create_app      # a Starlette app over a folder of partnership files

Modules: ``app`` (routes), ``workspace`` (the folder, confined), ``schemaform`` (the form,
generated from the schema), ``yamlsave`` (saves that keep comments), ``htmldoc`` (a drafted
document as HTML), ``drafting`` (the library calls), ``summaries`` (the home page's list),
``security`` (tokens, CSRF, limits, crash barrier).
"""

from __future__ import annotations


def create_app(*args, **kwargs):
    """``ncm_docs.web.app.create_app`` (imported on first use)."""
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)


__all__ = ["create_app"]
