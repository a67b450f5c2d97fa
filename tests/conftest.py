"""Shared fixtures: the real library and samples, small file trees, LibreOffice."""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

# The suite keeps its compiled-library cache to itself (never the user's ~/.cache).
os.environ.setdefault("NCM_DOCS_CACHE", tempfile.mkdtemp(prefix="ncm-docs-test-cache-"))
from helpers import LIBRARY_YAML, build_file_tree

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "northshire.yaml"


@pytest.fixture
def mini_library(tmp_path):
    """A factory: a small clause library folder from ``{file: text}``."""

    def make(files: dict[str, str]) -> Path:
        return build_file_tree(tmp_path / "clauses", {"library.yaml": LIBRARY_YAML, **files})

    return make


@pytest.fixture(scope="session")
def library():
    """The bundled clause library, loaded once."""
    from ncm_docs.library import load_library

    return load_library()


@pytest.fixture(scope="session")
def seed_data() -> dict:
    """The seed sample as plain data (copy before changing it)."""
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def seed(seed_data):
    """The seed sample as a validated Partnership."""
    from ncm_docs.load import validate_partnership

    return validate_partnership(copy.deepcopy(seed_data), SEED)


@pytest.fixture
def write_partnership(tmp_path):
    """A factory: write data as a YAML partnership file, return its path."""

    def write(data: dict, name: str = "partnership.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's soffice; in CI a missing soffice fails instead of skipping."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")
    return path




@pytest.fixture
def run_cli():
    """Run the ncm-docs CLI in-process (click's CliRunner); exceptions surface as failures."""
    from helpers import run_cli

    return lambda args, **kwargs: run_cli(*args, **kwargs)
