"""The clause library loader: every problem names the clause file and line."""

from __future__ import annotations

import pytest

from ncm_docs.errors import ClauseError, RenderError
from ncm_docs.library import load_library

from helpers import clause_file


def _load_error(mini_library, files) -> str:
    with pytest.raises(ClauseError) as info:
        load_library(mini_library(files))
    return str(info.value)


def test_a_valid_small_library_loads(mini_library):
    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", ". Hello {{ partnership.name }}.\n")}))
    assert list(lib.clauses) == ["alliance.one"]
    assert len(lib.digest) == 64


def test_unknown_front_matter_key(mini_library):
    text = clause_file("alliance.one", "x\n", extra="titel: Oops\n")
    message = _load_error(mini_library, {"a/one.md": text})
    assert "one.md, line 8: unknown front-matter key 'titel'" in message


def test_duplicate_ids(mini_library):
    message = _load_error(mini_library, {"a/one.md": clause_file("alliance.one", "x\n"), "a/two.md": clause_file("alliance.one", "y\n")})
    assert "clause id 'alliance.one' is already used by" in message


def test_jinja_syntax_error_points_at_the_file_line(mini_library):
    body = "first line\nsecond {{ partnership.name \n"
    message = _load_error(mini_library, {"a/one.md": clause_file("alliance.one", body)})
    assert "one.md, line 10:" in message  # front matter is lines 1-8, the body starts at 9


def test_unknown_schema_name_with_suggestion(mini_library):
    body = "x\n{{ alliance.governance.quorom }}\n"
    message = _load_error(mini_library, {"a/one.md": clause_file("alliance.one", body)})
    assert "one.md, line 10: 'alliance.governance.quorom' is not in the schema (did you mean 'quorum'?)" in message


def test_loop_variables_are_checked_against_the_item_type(mini_library):
    body = "{% for p in providers %}{{ p.legal_nme }}{% endfor %}\n"
    assert "'p.legal_nme' is not in the schema (did you mean 'legal_name'?)" in _load_error(mini_library, {"a/one.md": clause_file("alliance.one", body)})


def test_sandbox_escape_is_refused_at_load(mini_library):
    body = "{{ ''.__class__.__mro__ }}\n"
    message = _load_error(mini_library, {"a/one.md": clause_file("alliance.one", body)})
    assert "'__class__' is not allowed" in message


def test_no_range_or_other_globals(mini_library):
    body = "{% for i in range(10) %}x{% endfor %}\n"
    assert "'range' is undefined" in _load_error(mini_library, {"a/one.md": clause_file("alliance.one", body)})


def test_cross_reference_to_unknown_clause(mini_library):
    message = _load_error(mini_library, {"a/one.md": clause_file("alliance.one", "see [[alliance.tow]]\n"), "a/two.md": clause_file("alliance.two", "x\n")})
    assert "cross-reference to unknown clause 'alliance.tow' (did you mean 'alliance.two'?)" in message


def test_unknown_document_type(mini_library):
    message = _load_error(mini_library, {"a/one.md": clause_file("alliance.one", "x\n", documents="[alliance-agreemnt]")})
    assert "unknown document type 'alliance-agreemnt'" in message


def test_alternatives_need_choose(mini_library):
    body = "::: unanimity\nall\n::: majority\nmost\n:::\n"
    assert "no 'choose' expression" in _load_error(mini_library, {"a/one.md": clause_file("alliance.one", body)})


def test_choose_value_without_a_section_is_a_render_error(mini_library, seed):
    from ncm_docs.assemble import assemble_all

    body = "::: majority\nmost\n:::\n"
    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", body, extra="choose: alliance.governance.decision_rule.kind\n")}))
    with pytest.raises(RenderError, match="choose value 'unanimity' has no '::: unanimity' section"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_alternatives_pick_the_right_text(mini_library, seed):
    from ncm_docs.assemble import assemble_all

    body = "::: unanimity\n. Every member must agree.\n::: majority\n. Most must agree.\n:::\n. Always.\n"
    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", body, extra="choose: alliance.governance.decision_rule.kind\n")}))
    (doc,) = assemble_all(seed, lib, only={"alliance-agreement"})
    assert [b.plain for b in doc.clauses[0].blocks] == ["Every member must agree.", "Always."]


def test_missing_value_is_an_error_not_a_blank(mini_library, seed):
    from ncm_docs.assemble import assemble_all

    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", "{{ doc.subcontract }}\n")}))
    with pytest.raises(RenderError, match=r"one\.md, line 9: printed an empty value"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_undefined_attribute_at_render_is_an_error(mini_library, seed):
    from ncm_docs.assemble import assemble_all

    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", "x\n{{ party('NHFT').vision }}\n")}))
    with pytest.raises(RenderError, match=r"one\.md, line 10: .*vision.*never a blank"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_huge_string_multiplication_is_bounded(mini_library, seed):
    from ncm_docs.assemble import assemble_all

    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", "{{ 'x' * 100000000 }}\n")}))
    with pytest.raises(RenderError, match="refused by the sandbox"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_the_bundled_library_loads(library):
    assert library.version
    kinds = {k for c in library.clauses.values() for k in c.meta.documents}
    assert kinds == set(library.info.documents)  # every document type has clauses


def test_a_loop_that_never_ends_is_stopped(mini_library, seed, monkeypatch):
    from ncm_docs.assemble import assemble_all
    from ncm_docs.library import environment

    monkeypatch.setattr(environment, "MAX_RENDER_SECONDS", 0.5)
    body = "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}\n"
    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", body)}))
    with pytest.raises(RenderError, match="took longer than 0.5 s to render"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_runaway_output_is_stopped(mini_library, seed, monkeypatch):
    from ncm_docs.assemble import assemble_all
    from ncm_docs.library import environment

    monkeypatch.setattr(environment, "MAX_RENDER_CHARS", 1000)
    body = "{% for a in 'x' * 50000 %}{{ partnership.name }}{% endfor %}\n"
    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", body)}))
    with pytest.raises(RenderError, match="rendered more than 1,000 characters"):
        assemble_all(seed, lib, only={"alliance-agreement"})


def test_macro_output_is_escaped_once_and_keeps_its_markup(mini_library, seed_data, write_partnership):
    import copy

    from ncm_docs.assemble import assemble_all
    from ncm_docs.load import load_partnership

    data = copy.deepcopy(seed_data)
    data["providers"][0]["legal_name"] = "St. Mary's **Trust** [[x]] | & Co."
    seed = load_partnership(write_partnership(data))
    body = (
        "{% macro named(p) -%}**{{ p.legal_name }}** (£{{ '1.50' }}){%- endmacro %}\n"
        "{% set short %}{{ lead_provider.short_name }}.{% endset %}\n"
        ". {{ named(lead_provider) }} and {{ short }}\n"
    )
    lib = load_library(mini_library({"a/one.md": clause_file("alliance.one", body)}))
    (doc,) = assemble_all(seed, lib, only={"alliance-agreement"})
    runs = doc.clauses[0].blocks[0].runs
    assert runs[0].text == "St. Mary's **Trust** [[x]] | & Co." and runs[0].bold
    assert doc.clauses[0].blocks[0].plain == "St. Mary's **Trust** [[x]] | & Co. (£1.50) and NHFT."
