"""House-style templates: shared between firms, so their Jinja runs in the clauses' sandbox.

Every payload in a template's own Jinja (a header, the cover page) must end with exit 2
and a message naming the template and the part, never a hang, a crash (exit 3) or a
file read; a partnership file can point only at a house style beside it. Templates that
use only the documented names keep working, and byte for byte as before.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bad_input_cases import DEFAULT_TEMPLATE, rezip
from helpers import ROOT
from ncm_docs.cli import main

LIBRARY = ROOT / "tests" / "checks" / "library"
SECRET = "TOP-SECRET-FILE-CONTENT"


def _run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def _template_with_header(expression: str) -> bytes:
    """The default template with ``{{ title }}`` in its header replaced by ``expression``."""
    return rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/header1.xml", p["word/header1.xml"].replace(b"{{ title }}", expression.encode("utf-8"))))


@pytest.fixture
def partnership(tmp_path, seed_data) -> Path:
    path = tmp_path / "northshire.yaml"
    path.write_text(yaml.safe_dump(seed_data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return path


def _build_with(tmp_path: Path, partnership: Path, template: bytes):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "default.docx").write_bytes(template)
    return _run("build", partnership, "-o", tmp_path / "out", "--clauses", LIBRARY, "--template", folder)


#: Payload -> text the message must contain. Refused when the template is loaded (names,
#: filters) or when it renders (arithmetic and size bounds).
PAYLOADS = {
    "{{ ''.__class__.__mro__[1].__subclasses__() }}": "'__class__' is not allowed",
    "{{ title.__class__ }}": "'__class__' is not allowed",
    "{{ parties[0].__init__.__globals__ }}": "'__init__' is not allowed",
    "{% for i in range(10) %}x{% endfor %}": "'range' is undefined",
    "{{ lipsum() }}": "'lipsum' is undefined",
    "{{ cycler(1) }}": "'cycler' is undefined",
    "{{ namespace(a=1) }}": "'namespace' is undefined",
    "{{ self }}": "'self' is undefined",
    "{{ config }}": "'config' is undefined",
    "{{ title|attr('upper') }}": "no filter named 'attr'",
    "{{ title|format(1) }}": "no filter named 'format'",
    "{{ parties|map(attribute='__class__')|list }}": "is not allowed",
    "{{ '%s' % title }}": "'%' formatting of text is not available",
    "{{ title.format_map(parties) }}": "is not allowed",
    "{{ 2**(10**10) }}": "refused by the sandbox",
    "{{ 9**99**99 }}": "refused by the sandbox",
    "{{ 'A' * 3000000000 }}": "refused by the sandbox",
    "{{ 'A' * 3e9 }}": "can't multiply sequence by non-int",
    "{{ (parties * 99999)|length }}": "refused by the sandbox",
    "{{ title ~ title ~ title }}{% set x = title * 99999 %}{{ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x }}": "refused by the sandbox",
    "{{ nothing_here }}": "'nothing_here' is undefined",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}": "word/header1.xml",
    "{% include 'x' %}": "'{% include %}' is not available",
    "{% extends 'x' %}": "'{% extends %}' is not available",
    "{% import 'x' as y %}": "'{% import %}' is not available",
    "{% from 'x' import y %}": "'{% from ... import %}' is not available",
}


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_a_hostile_template_is_refused_with_exit_2(payload, tmp_path, partnership):
    result = _build_with(tmp_path, partnership, _template_with_header(payload))
    assert result.exit_code == 2, result.output
    assert "default.docx" in result.output and "word/header1.xml" in result.output, result.output
    assert PAYLOADS[payload] in result.output, result.output
    assert "Traceback" not in result.output and "Internal error" not in result.output
    assert SECRET not in result.output
    assert not (tmp_path / "out").exists()


def test_a_template_loop_that_never_ends_is_stopped(tmp_path, partnership, monkeypatch):
    """Nested loops that print nothing: stopped at the render's deadline (made short here)."""
    import ncm_docs.library.house_style as house_style

    monkeypatch.setattr(house_style, "MAX_RENDER_SECONDS", 0.5)
    loops = "{% for a in parties * 20000 %}{% for b in parties * 20000 %}{% for c in parties %}{% endfor %}{% endfor %}{% endfor %}"
    start = time.monotonic()
    result = _build_with(tmp_path, partnership, _template_with_header(loops))
    assert result.exit_code == 2, result.output
    assert "word/header1.xml" in result.output and "took longer than 0.5 s" in result.output
    assert time.monotonic() - start < 30


ENDLESS = {
    "nested loops": "{% for a in parties * 20000 %}{% for b in parties * 20000 %}{% endfor %}{% endfor %}",
    "a macro that calls itself twice": "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(60) }}",
}


def _in_a_thread(render) -> list:
    import threading

    outcome: list = []

    def target():
        start = time.monotonic()
        try:
            render()
        except Exception as exc:  # noqa: BLE001 - the test reports what it got
            outcome.append((type(exc).__name__, str(exc), time.monotonic() - start))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the render did not stop"
    return outcome


@pytest.mark.parametrize("name", sorted(ENDLESS))
def test_an_endless_template_is_stopped_in_a_thread_too(name, tmp_path, monkeypatch):
    """Off the main thread (the web app) no timer signal can stop a render: loop steps and
    calls check the deadline themselves."""
    import ncm_docs.docx.template as template
    import ncm_docs.library.house_style as house_style

    monkeypatch.setattr(house_style, "MAX_RENDER_SECONDS", 0.5)
    (tmp_path / "default.docx").write_bytes(_template_with_header(ENDLESS[name]))
    loaded = template.load_template(tmp_path / "default.docx", house_style.compile_part)
    outcome = _in_a_thread(lambda: loaded.templated["word/header1.xml"].render({"parties": [1, 2], "body": ""}))
    assert outcome and outcome[0][0] == "TemplateError" and "took longer than 0.5 s" in outcome[0][1] and outcome[0][2] < 5, outcome


@pytest.mark.parametrize("name", sorted(ENDLESS))
def test_an_endless_clause_is_stopped_in_a_thread_too(name):
    """The clauses' sandbox is the same: a clause that never ends stops at its deadline."""
    from ncm_docs.library.environment import make_environment, render_bounded

    clause = make_environment().from_string(ENDLESS[name])
    outcome = _in_a_thread(lambda: render_bounded(clause, {"parties": [1, 2]}, seconds=0.5))
    assert outcome and outcome[0][0] == "RenderLimitError" and outcome[0][2] < 5, outcome


def test_a_template_part_that_is_not_utf8_is_refused(tmp_path, partnership):
    broken = rezip(DEFAULT_TEMPLATE, lambda p: p.__setitem__("word/header1.xml", p["word/header1.xml"].decode().encode("utf-16")))
    result = _build_with(tmp_path, partnership, broken)
    assert result.exit_code == 2, result.output
    assert "word/header1.xml is not UTF-8" in result.output


def test_a_template_using_the_documented_names_still_works(tmp_path, partnership):
    names = "{{ title|upper }} {{ version }} {{ status }} {{ agreement_date }}{% if draft %} DRAFT{% endif %} {% for p in parties %}{{ p.short_name }}:{{ p.role }}{% if not loop.last %}, {% endif %}{% endfor %}"
    result = _build_with(tmp_path, partnership, _template_with_header(names))
    assert result.exit_code == 0, result.output
    import docx

    header = docx.Document(str(tmp_path / "out" / "alliance-agreement.docx")).sections[0].header
    text = " ".join(p.text for p in header.paragraphs)
    assert "ALLIANCE AGREEMENT" in text.upper() and "NHFT:" in text, text


def test_one_hostile_house_style_fails_its_item_not_the_batch(tmp_path, seed_data, monkeypatch):
    """A partnership pointing at a template that never ends: its item fails, the others are built."""
    import ncm_docs.library.house_style as house_style

    monkeypatch.setattr(house_style, "MAX_RENDER_SECONDS", 0.5)
    inputs = tmp_path / "inputs"
    (inputs / "style").mkdir(parents=True)
    loops = "{% for a in parties * 20000 %}{% for b in parties * 20000 %}{% endfor %}{% endfor %}"
    (inputs / "style" / "default.docx").write_bytes(_template_with_header(loops))
    hostile = dict(seed_data, document=dict(seed_data["document"], house_style="style"))
    (inputs / "a-hostile.yaml").write_text(yaml.safe_dump(hostile, sort_keys=False), encoding="utf-8")
    (inputs / "b-plain.yaml").write_text(yaml.safe_dump(seed_data, sort_keys=False), encoding="utf-8")
    result = _run("batch", inputs, "-o", tmp_path / "out", "--clauses", LIBRARY, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "took longer than 0.5 s" in result.output and "header1.xml" in result.output
    assert (tmp_path / "out" / "b-plain" / "manifest.json").is_file()
    assert not (tmp_path / "out" / "a-hostile").exists()


# ---- document.house_style is confined to the partnership's folder -------------------


def _with_house_style(partnership: Path, seed_data: dict, value: str) -> Path:
    data = dict(seed_data, document=dict(seed_data["document"], house_style=value))
    partnership.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return partnership


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A house style folder outside the partnership's folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "default.docx").write_bytes(DEFAULT_TEMPLATE)
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder / "northshire.yaml"


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_a_house_style_outside_the_partnerships_folder_is_refused(how, project, seed_data, elsewhere, tmp_path):
    if how == "symlink":
        (project.parent / "style").symlink_to(elsewhere, target_is_directory=True)
    value = {"relative": "../elsewhere", "absolute": str(elsewhere), "symlink": "style"}[how]
    path = _with_house_style(project, seed_data, value)
    for args in (["build", path, "-o", tmp_path / "out"], ["batch", path, "-o", tmp_path / "batch"]):
        result = _run(*args, "--clauses", LIBRARY)
        assert "document.house_style" in result.output and "is outside the folder of the partnership file" in result.output, result.output
        assert result.exit_code == (2 if args[0] == "build" else 1), result.output
    assert not (tmp_path / "out").exists()


def test_a_house_style_beside_the_partnership_or_under_a_configured_root_is_used(project, seed_data, elsewhere, tmp_path, monkeypatch):
    inside = project.parent / "styles" / "firm"
    inside.mkdir(parents=True)
    (inside / "default.docx").write_bytes(DEFAULT_TEMPLATE)
    result = _run("build", _with_house_style(project, seed_data, "styles/firm"), "-o", tmp_path / "one", "--clauses", LIBRARY)
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("NCM_DOCS_HOUSE_STYLES", os.pathsep.join([str(tmp_path / "nothing"), str(elsewhere.parent)]))
    result = _run("build", _with_house_style(project, seed_data, str(elsewhere)), "-o", tmp_path / "two", "--clauses", LIBRARY)
    assert result.exit_code == 0, result.output
