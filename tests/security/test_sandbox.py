"""The clause-library sandbox: shared libraries see the partnership's data and nothing else.

Each payload is tried where library text can run: a clause body, a ``when:`` condition, a
``definitions.yaml`` term and a ``library.yaml`` title. The loader must refuse every one with
the file and line; nothing may execute (a marker file never appears) and no file content
may leak into a document or a message. A second set renders payloads straight through the
sandbox, bypassing the loader, to show the runtime guard holds on its own.
"""

from __future__ import annotations

import pytest
import yaml

from ncm_docs.context import DocContext, build_context
from ncm_docs.errors import ClauseError
from ncm_docs.library import load_library
from ncm_docs.library.environment import make_environment, render_bounded

from helpers import LIBRARY_YAML, ROOT, clause_file

SEED = ROOT / "samples" / "northshire.yaml"

SECRET = "TOP-SECRET-FILE-CONTENT"


def _payloads(marker: str, secret: str) -> dict[str, str]:
    """Name -> Jinja expression that tries to escape (``marker``: a file it would create)."""
    pickle = f"cos\\nsystem\\n(S'touch {marker}'\\ntR."
    return {
        "item access to parse_raw": f"alliance['parse_raw']('{pickle}', proto='pickle', allow_pickle=True)",
        "attribute parse_raw": f"alliance.parse_raw('{pickle}', proto='pickle', allow_pickle=True)",
        "parse_file by item on a party": f"doc.parties[0]['parse_file']('{secret}')",
        "parse_file by attribute": f"providers[0].parse_file('{secret}')",
        "attr filter": "alliance|attr('parse_raw')",
        "map attribute": "providers|map(attribute='parse_raw')|list",
        "map computed attribute": "providers|map(attribute=partnership.name)|list",
        "selectattr": "providers|selectattr('parse_file')|list",
        "sort attribute": "providers|sort(attribute='model_config')|list",
        "model_validate": "alliance.model_validate",
        "model_dump": "alliance.model_dump()",
        "model_fields": "alliance.model_fields",
        "deprecated dict": "alliance.dict()",
        "deprecated json": "alliance.json()",
        "deprecated copy": "alliance.copy()",
        "schema": "alliance.schema()",
        "date today": "document.agreement_date.today()",
        "date fromisoformat": "document.agreement_date.fromisoformat('2020-01-01')",
        "date strftime": "document.agreement_date.strftime('%c')",
        "decimal method": "head_contract.annual_value.as_integer_ratio()",
        "str format": "'{0.__class__}'.format(alliance)",
        "str format_map": "'{x}'.format_map(alliance)",
        "percent formatting": "'%s' % alliance",
        "dunder class": "alliance.__class__",
        "dunder by item": "alliance['__class__']",
        "bound method globals": "contract_value.__globals__",
        "bound method self": "party.__self__",
        "bound method func": "party.__func__",
        "range": "range(10)",
        "lipsum": "lipsum()",
        "cycler": "cycler(1, 2)",
        "joiner": "joiner()",
        "namespace": "namespace(a=1)",
        "dict global": "dict(a=1)",
        "self": "self",
        "super": "super()",
        "loop outside a loop": "loop.index",
        "pprint filter": "alliance|pprint",
        "tojson filter": "alliance|tojson",
        "default filter": "partnership.nothing|default('')",
        "safe filter": "partnership.name|safe",
        "format filter": "'%s'|format(alliance)",
        "center filter": "'x'|center(1000000000)",
        "dict items mapping": "risk_shares.items().mapping",
        "dict views": "risk_shares.__class__",
    }


def _body_payloads(marker: str, secret: str) -> dict[str, str]:
    """Whole-body payloads (statements, loops, macros)."""
    return {
        "set then call": f"{{% set f = providers[0]['parse_file'] %}}{{{{ f('{secret}') }}}}",
        "loop over a model": "{% for k, v in alliance %}{{ v['parse_raw'] }}{% endfor %}",
        "loop attribute": "{% for p in providers %}{{ loop.__class__ }}{% endfor %}",
        "macro internals": "{% macro m() %}x{% endmacro %}{{ m.arguments }}",
        "caller internals": "{% macro m() %}{{ caller.__globals__ }}{% endmacro %}{% call m() %}x{% endcall %}",
        "set block reuse": "{% set p = doc.parties[0] %}{{ p.model_copy() }}",
        "map filter name": "{{ providers|map('attr', 'parse_raw')|list }}",
    }


@pytest.fixture
def traps(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    return tmp_path / "marker", secret


def _expression_cases():
    return sorted(_payloads("M", "S"))


@pytest.mark.parametrize("name", _expression_cases())
def test_a_clause_body_payload_is_refused_at_load(name, mini_library, traps):
    marker, secret = traps
    expression = _payloads(str(marker), str(secret))[name]
    body = f"Before.\n{{{{ {expression} }}}}\n"
    with pytest.raises(ClauseError) as info:
        load_library(mini_library({"a/one.md": clause_file("alliance.one", body)}))
    message = str(info.value)
    assert "one.md, line 10" in message, message
    assert SECRET not in message
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(_body_payloads("M", "S")))
def test_a_clause_statement_payload_is_refused_at_load(name, mini_library, traps):
    marker, secret = traps
    body = "Before.\n" + _body_payloads(str(marker), str(secret))[name] + "\n"
    with pytest.raises(ClauseError) as info:
        load_library(mini_library({"a/one.md": clause_file("alliance.one", body)}))
    assert "one.md, line 10" in str(info.value)
    assert SECRET not in str(info.value)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["item access to parse_raw", "attr filter", "map attribute", "str format", "range", "date today"])
def test_a_when_condition_payload_is_refused_at_load(name, mini_library, traps):
    marker, secret = traps
    expression = _payloads(str(marker), str(secret))[name]
    text = clause_file("alliance.one", "Hello.\n", extra=f"when: {yaml.safe_dump(expression, width=10_000).strip()}\n")
    with pytest.raises(ClauseError) as info:
        load_library(mini_library({"a/one.md": text}))
    assert "one.md, line 8: when:" in str(info.value)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["item access to parse_raw", "parse_file by item on a party", "map attribute", "str format"])
def test_a_definition_payload_is_refused_at_load(name, mini_library, traps):
    marker, secret = traps
    expression = _payloads(str(marker), str(secret))[name]
    definitions = {"terms": [{"term": "Thing", "definition": "means {{ " + expression + " }}"}]}
    files = {"a/one.md": clause_file("alliance.one", "A Thing.\n"), "definitions.yaml": yaml.safe_dump(definitions, width=10_000)}
    with pytest.raises(ClauseError) as info:
        load_library(mini_library(files))
    assert "definitions.yaml" in str(info.value) and "Thing" in str(info.value)
    assert SECRET not in str(info.value)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["item access to parse_raw", "parse_file by attribute", "str format"])
def test_a_document_title_payload_is_refused_at_load(name, mini_library, traps):
    marker, secret = traps
    expression = _payloads(str(marker), str(secret))[name]
    info_yaml = yaml.safe_load(LIBRARY_YAML)
    info_yaml["documents"]["alliance-agreement"]["title"] = "{{ " + expression + " }} Agreement"
    files = {"library.yaml": yaml.safe_dump(info_yaml, width=10_000), "a/one.md": clause_file("alliance.one", "x\n")}
    with pytest.raises(ClauseError) as info:
        load_library(mini_library(files))
    assert "library.yaml: documents.alliance-agreement.title" in str(info.value)
    assert not marker.exists()


def test_the_cli_refuses_a_hostile_library_with_exit_2(tmp_path, mini_library, traps, run_cli):
    marker, secret = traps
    expression = _payloads(str(marker), str(secret))["item access to parse_raw"]
    root = mini_library({"a/one.md": clause_file("alliance.one", "{{ " + expression + " }}\n")})
    for args in (["clauses", "list", "--clauses", str(root)], ["build", SEED, "--clauses", str(root), "-o", str(tmp_path / "out")]):
        result = run_cli(args)
        assert result.exit_code == 2, (args, result.output)
        assert "one.md, line 9" in result.output
        assert "Traceback" not in result.output
    assert not marker.exists()
    assert not (tmp_path / "out").exists()


# -- the runtime guard on its own (no loader) ---------------------------------------


@pytest.fixture
def context(seed, library):
    from ncm_docs.assemble import document_titles

    titles = document_titles(seed, library)
    doc = DocContext(kind="alliance-agreement", title="T", parties=list(seed.providers), titles=titles)
    return build_context(seed, doc)


@pytest.mark.parametrize("name", _expression_cases())
def test_the_sandbox_refuses_each_payload_at_render(name, context, traps):
    from jinja2 import TemplateError

    marker, secret = traps
    env = make_environment()
    expression = _payloads(str(marker), str(secret))[name]
    try:
        template = env.from_string("{{ " + expression + " }}")
    except TemplateError:
        return  # refused while compiling (an unknown filter): nothing can run
    try:
        output = render_bounded(template, context)
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError):
        output = ""
    assert not marker.exists()
    assert SECRET not in output
    assert "parse_raw" not in output and "class" not in output.lower()


def test_data_a_clause_may_use_still_renders(context):
    env = make_environment()
    source = (
        "{{ partnership.name|upper }} {{ providers|map(attribute='short_name')|join(', ') }} "
        "{{ document.agreement_date.year }} {{ risk_shares.values()|list|length }} "
        "{{ party(providers[0].short_name).legal_name }} {{ doc.titles.subcontract(providers[1].short_name) }}"
    )
    text = render_bounded(env.from_string(source), context)
    assert "NORTHSHIRE" in text.upper() and "Subcontract" in text


def test_exposed_names_of_a_model_are_its_fields_and_views_only():
    from ncm_docs.library.exposure import exposed_names
    from ncm_docs.model import Partnership

    names = exposed_names(Partnership)
    assert {"alliance", "providers", "lead_provider", "party", "contract_value"} <= names
    assert not names & {"parse_raw", "parse_file", "model_validate", "copy", "dict", "json", "model_dump"}
