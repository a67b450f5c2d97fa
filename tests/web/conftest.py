"""Fixtures for the web app: a folder of partnership files, the app over it, a client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A workspace folder holding a copy of the seed sample and the history samples."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SAMPLES / "northshire.yaml", work / "northshire.yaml")
    (work / "history").mkdir()
    for name in ("v1.yaml", "v2.yaml"):
        shutil.copy(SAMPLES / "history" / name, work / "history" / name)
    return work


@pytest.fixture
def app(folder, library):
    """The app over ``folder`` (the bundled library, loaded once per session)."""
    from ncm_docs.web.app import create_app

    return create_app(folder, library=library)


@pytest.fixture
def client(app):
    """A TestClient for ``app``; server errors become 500 responses, as in a real server."""
    from starlette.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
