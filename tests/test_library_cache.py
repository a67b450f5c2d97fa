"""The compiled-library cache: a library validated once loads without parsing again, and
any change to it (or to ncm-docs' code) validates it afresh."""

from __future__ import annotations

import pytest

from helpers import clause_file
from ncm_docs.errors import ClauseError
from ncm_docs.library import compiled, load_library


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NCM_DOCS_CACHE", str(folder))
    return folder


def _no_checking(monkeypatch):
    """Make any name check or parse fail loudly: a cache hit must need neither."""

    def refuse(*args, **kwargs):
        raise AssertionError("parsed or checked although the library was cached")

    monkeypatch.setattr(compiled.NameChecker, "check", refuse)


def test_a_validated_library_loads_from_the_cache(cache, mini_library, monkeypatch, seed):
    from ncm_docs.assemble import assemble_all

    root = mini_library({"a/one.md": clause_file("alliance.one", ". Hello {{ partnership.name }}.\n"),
                         "a/two.md": clause_file("alliance.two", ". Fixed text.\n", order=20)})
    first = load_library(root)
    assert len(list(cache.glob("library-*.bin"))) == 1
    with monkeypatch.context() as patch:
        _no_checking(patch)
        second = load_library(root)
    texts = [[b.plain for c in d.clauses for b in c.blocks] for lib in (first, second) for d in assemble_all(seed, lib, only={"alliance-agreement"})]
    assert texts[0] == texts[1] == ["Hello Northshire Integrated Care Partnership.", "Fixed text."]


def test_a_changed_clause_is_validated_again(cache, mini_library):
    root = mini_library({"a/one.md": clause_file("alliance.one", ". {{ partnership.name }}\n")})
    load_library(root)
    (root / "a" / "one.md").write_text(clause_file("alliance.one", ". {{ partnership.nmae }}\n"), encoding="utf-8")
    with pytest.raises(ClauseError, match="did you mean 'name'"):
        load_library(root)


def test_a_library_with_problems_is_never_cached(cache, mini_library):
    root = mini_library({"a/one.md": clause_file("alliance.one", ". {{ nope }}\n")})
    for _ in range(2):
        with pytest.raises(ClauseError, match="'nope' is undefined"):
            load_library(root)
    assert not list(cache.glob("library-*.bin"))


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, mini_library):
    monkeypatch.setenv("NCM_DOCS_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_library(mini_library({"a/one.md": clause_file("alliance.one", "x\n")}))
    assert not (tmp_path / "xdg").exists()


def test_a_corrupt_cache_file_is_ignored(cache, mini_library):
    root = mini_library({"a/one.md": clause_file("alliance.one", ". {{ partnership.name }}\n")})
    load_library(root)
    (entry,) = cache.glob("library-*.bin")
    entry.write_bytes(b"ncm-docs compiled library 1\n" + b"\x00garbage")
    assert load_library(root).clauses["alliance.one"].template is not None


def test_the_key_covers_ncm_docs_own_code(cache, monkeypatch):
    before = compiled.cache_key("0" * 64)
    monkeypatch.setattr(compiled, "code_fingerprint", lambda: "different code")
    assert compiled.cache_key("0" * 64) != before
