"""The typical mistakes a contract manager makes in a partnership file, through the CLI.

Each case is the seed sample with one mistake typed into it (an edit of the text, so
YAML's own traps are real). Through ``check`` and ``build`` alike it must give exit 2,
exactly one ``Error:`` line per real problem, naming the file, the place (field, and list
item counted from 1 with its name) and saying what to write instead, and never any
validation-library or regex wording, "Internal error" or a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from helpers import ROOT
from ncm_docs.cli import main

SEED = (ROOT / "samples" / "northshire.yaml").read_text(encoding="utf-8")
FORBIDDEN = ["Input should", "pattern", "Internal error", "Traceback", "pydantic", "validation error", "ctx", "[0]"]


@dataclass
class Mistake:
    """One mistake: the text edits that make it, where it is reported and the fix said."""

    id: str
    edits: list[tuple[str, str]]  # (text in the seed, what the user typed instead); first occurrence
    where: str  # the location the message must name (with line where YAML gives one)
    says: list[str]  # phrases the message must contain: what is wrong and the fix
    problems: int = 1
    name: str = "partnership.yaml"
    text: str | None = None  # the whole file, instead of edits of the seed

    def content(self) -> str:
        if self.text is not None:
            return self.text
        text = SEED
        for old, new in self.edits:
            assert old in text, f"{self.id}: {old!r} is not in the seed"
            text = text.replace(old, new, 1)
        return text


AGREEMENT_DATE = "  agreement_date: 2027-03-15"
NGPF_NUMBER = '    company_number: "09876543"'
THIRD = "  - legal_name: Northshire GP Federation Limited\n    short_name: NGPF\n"

MISTAKES = [
    # ---- dates --------------------------------------------------------------------------------
    Mistake("date-30-february", [(AGREEMENT_DATE, "  agreement_date: 2027-02-30")], "line 13, document.agreement_date", ["February 2027 has 28 days"]),
    Mistake("date-31-april", [("commencement: 2027-04-01", "commencement: 2027-04-31")], "head_contract.term.commencement", ["April 2027 has 30 days"]),
    Mistake("date-1900-leap", [(AGREEMENT_DATE, "  agreement_date: 1900-02-29")], "document.agreement_date", ["February 1900 has 28 days"]),
    Mistake("date-month-13", [(AGREEMENT_DATE, "  agreement_date: 2027-13-01")], "document.agreement_date", ["there is no month 13", "YYYY-MM-DD"]),
    Mistake("date-zeros", [(AGREEMENT_DATE, "  agreement_date: 0000-00-00")], "document.agreement_date", ["there is no month 0"]),
    Mistake("date-hour-25", [(AGREEMENT_DATE, "  agreement_date: 2027-03-15T25:00:00")], "document.agreement_date", ["without a time: 2027-03-15"]),
    Mistake("date-with-time", [(AGREEMENT_DATE, "  agreement_date: 2027-03-15 10:30:00")], "document.agreement_date", ["without a time: 2027-03-15"]),
    Mistake("date-british", [(AGREEMENT_DATE, "  agreement_date: 15/03/2027")], "document.agreement_date", ["write 2027-03-15"]),
    Mistake("date-words", [(AGREEMENT_DATE, "  agreement_date: 15 March 2027")], "document.agreement_date", ["write 2027-03-15"]),
    Mistake("date-ambiguous", [(AGREEMENT_DATE, "  agreement_date: 04/01/2027")], "document.agreement_date",
            ["could be 4 January 2027 or 1 April 2027", "2027-01-04 or 2027-04-01"]),
    Mistake("date-year-9999", [("term: {commencement: 2027-04-01, initial_years: 10, extensions: [5]}\n\nsubcontracts",
                                "term: {commencement: 9999-04-01, initial_years: 10, extensions: [5]}\n\nsubcontracts")],
            "head_contract.term.commencement", ["dates run from 1990 to 2199"]),
    # ---- money and percentages ---------------------------------------------------------------
    Mistake("percent-sign", [("shares: {NHFT: 55,", 'shares: {NHFT: "55%",')], "alliance.risk_gain_share.shares.NHFT", ["write 55, without the % sign"]),
    Mistake("money-millions", [("  annual_value: 181700000", '  annual_value: "£181.7m"')], "head_contract.annual_value",
            ["write the amount in full", "181700000"]),
    Mistake("money-words", [("  annual_value: 181700000", "  annual_value: about 180 million pounds")], "head_contract.annual_value",
            ["plain number of pounds", "181700000"]),
    Mistake("money-negative", [("    annual_value: 2900000\n\nhead_contract", "    annual_value: -2900000\n\nhead_contract")], "services[5] (WELLBEING).annual_value", ["cannot be negative"]),
    Mistake("money-tenths-of-pence", [("  annual_value: 181700000", "  annual_value: 181700000.505")], "head_contract.annual_value", ["pounds and pence only"]),
    Mistake("percent-over-100", [("risk_cap_percent: 2", "risk_cap_percent: 120")], "alliance.risk_gain_share.risk_cap_percent", ["from 0 to 100"]),
    # ---- YAML reads a value as something else ------------------------------------------------------
    Mistake("octal-company-number", [(NGPF_NUMBER, "    company_number: 01234567")], "line 53, providers[3] (NGPF).company_number",
            ["you wrote 01234567", "the number 342391", 'put it in quotes: company_number: "01234567"']),
    Mistake("version-as-number", [('  version: "1.0"', "  version: 1.0")], "document.version", ['put it in quotes: version: "1.0"']),
    Mistake("short-name-no", [("    short_name: NCVS", "    short_name: NO")], "observers[1].short_name",
            ["yes/no value false", 'put it in quotes: short_name: "NO"']),
    Mistake("flag-in-quotes", [("    coordinating: true", '    coordinating: "yes"')], "commissioners[1] (ICB).coordinating", ["write true or false"]),
    # ---- characters ------------------------------------------------------------------------------
    Mistake("smart-quotes", [('  version: "1.0"', "  version: “1.0”")], "document.version", ["curly quotation marks", 'version: "1.0"']),
    Mistake("accent-in-short-name", [("    short_name: NCH\n", "    short_name: NCHé\n")], "providers[4] (NCHé).short_name",
            ["'é' (latin small letter e with acute) is not allowed in a short name", "letters A-Z"]),
    Mistake("short-name-too-long", [("    short_name: NCH\n", "    short_name: Northshire Community Health Community Interest\n")],
            "providers[4]", ["at most 40"]),
    Mistake("service-id-space", [("  - id: WELLBEING", "  - id: WELL BEING")], "services[5] (WELL BEING).id", ["a space is not allowed in a service id"]),
    # ---- structure -------------------------------------------------------------------------------
    Mistake("misspelt-key-third-provider", [(THIRD, THIRD.replace("legal_name", "legal_nme"))], "providers[3] (NGPF)",
            ["unknown field 'legal_nme'", "did you mean 'legal_name'"]),
    Mistake("misspelt-section", [("\ncommissioners:\n", "\ncomissioners:\n")], "partnership.yaml", ["did you mean 'commissioners'"]),
    Mistake("unknown-key", [("    quorum: 4\n", "    quorum: 4\n    casting_vote: NHFT\n")], "alliance.governance",
            ["unknown field 'casting_vote'", "the fields allowed here are", "quorum"]),
    Mistake("missing-field", [(AGREEMENT_DATE + "\n", "")], "document.agreement_date", ["missing: add 'agreement_date:'", "YYYY-MM-DD"]),
    Mistake("empty-value", [("  vision: >-\n    People in Northshire live longer, healthier and more independent lives, supported by\n"
                             "    joined-up care that is delivered as close to home as possible.\n", "  vision:\n")],
            "alliance.vision", ["is empty", "vision"]),
    Mistake("text-instead-of-list", [("  services: [ACUTE, COMMUNITY, MENTAL_HEALTH, PRIMARY_CARE, WELLBEING]", "  services: ACUTE")],
            "head_contract.services", ["should be a list", "'- '"]),
    Mistake("text-instead-of-section", [("    signatory: {name: Mark Pennington, title: Director of Adult Social Services}",
                                         "    signatory: Mark Pennington")], "commissioners[2] (NCC).signatory",
            ["should be a section", "name, title"]),
    Mistake("fields-not-indented", [("    information_governance:\n      ig_lead: {name: Hannah Briggs", "    information_governance:\n    ig_lead: {name: Hannah Briggs"),
                                    ("      caldicott_guardian: {name: Martin Oduya", "    caldicott_guardian: {name: Martin Oduya"),
                                    ("      siro: {name: Lorraine Kasprzak", "    siro: {name: Lorraine Kasprzak")],
            "providers[4] (NCH)", ["belong inside information_governance", "indent them"]),
    Mistake("unknown-kind", [("    kind: gp_federation", "    kind: gp federation")], "providers[3] (NGPF).kind",
            ["not one of the choices", "did you mean 'gp_federation'"]),
    Mistake("unknown-decision-rule", [("decision_rule: {kind: unanimity}", "decision_rule: {kind: unanimous}")],
            "alliance.governance.decision_rule.kind", ["did you mean 'unanimity'", "consensus"]),
    Mistake("majority-of-half", [("decision_rule: {kind: unanimity}", "decision_rule: {kind: majority, threshold_percent: 50}")],
            "alliance.governance.decision_rule.threshold_percent", ["must be more than 50"]),
    Mistake("quorum-in-words", [("    quorum: 4", "    quorum: four")], "alliance.governance.quorum", ["write a whole number"]),
    Mistake("years-with-decimals", [("initial_years: 10, extensions: [5]}\n\nsubcontracts", "initial_years: 10.5, extensions: [5]}\n\nsubcontracts")],
            "head_contract.term.initial_years", ["without a decimal point"]),
    Mistake("endless-extensions", [("extensions: [2, 3]", "extensions: [2, 3, 999999999999]")], "subcontracts[3] (NCH).term.extensions[3]",
            ["must be at most 25"]),
    Mistake("empty-list-entry", [("    - reduce avoidable emergency admissions of people aged 65 and over\n", "    -\n")],
            "alliance.objectives[1]", ["this entry is empty", "remove its line"]),
    Mistake("number-for-yes-no", [("  nhs_contract: false", "  nhs_contract: 0")], "alliance.nhs_contract", ["write true or false (you wrote 0)"]),
    Mistake("number-of-5000-digits", [("    quorum: 4", "    quorum: " + "9" * 5000)], "alliance.governance.quorum", ["5,000 digits"]),
    # ---- references between sections ------------------------------------------------------------
    Mistake("duplicate-short-name", [("    short_name: NWMH", "    short_name: NHFT")], "providers[2] (NHFT).short_name",
            ["already used by providers[1] (NHFT).short_name", "give each one its own"]),
    Mistake("unknown-provider", [("  - provider: NGPF\n    services: [PRIMARY_CARE]", "  - provider: NGFP\n    services: [PRIMARY_CARE]")],
            "subcontracts[2] (NGFP).provider", ["'NGFP' is not a known provider", "NGPF"]),
    Mistake("two-leads", [("    ods_code: RQ9", "    ods_code: RQ9\n    lead: true")], "providers", ["exactly one provider must have 'lead: true'"]),
    # ---- YAML layout -----------------------------------------------------------------------------
    Mistake("over-indented", [("    short_name: NCH\n", "     short_name: NCH\n")], "line 61", ["indented further", "same column"]),
    Mistake("list-item-out-of-line", [("  - legal_name: Northshire Community Health CIC", " - legal_name: Northshire Community Health CIC")],
            "line 60", ["not lined up", "line 50 starts in column 3"]),
    Mistake("tab-indent", [("    short_name: NCH\n", "\tshort_name: NCH\n")], "line 61", ["indented with a tab", "spaces"]),
    Mistake("colon-in-value", [("  area: the County of Northshire", "  area: Northshire: the county")], "line 8",
            ["contains ': '", 'area: "Northshire: the county"']),
    Mistake("apostrophe-in-quotes", [("  name: Northshire Integrated Care Partnership", "  name: 'St Mary's Integrated Care Partnership'")],
            "line 6", ["apostrophe", "twice"]),
    Mistake("unclosed-quote", [("  area: the County of Northshire", '  area: "the County of Northshire')], "line 8", ["never closed"]),
    Mistake("set-tag", [("  kpis:\n", "  kpis: !!set {a, b}\n  old_kpis:\n")], "line 137", ["the tag !!set", "plain list"]),
    Mistake("binary-tag", [("  vision: >-", "  vision: !!binary aGVsbG8=\n  old_vision: >-")], "line 124", ["the tag !!binary"]),
    Mistake("python-tag", [("  vision: >-", "  vision: !!python/name:os.system\n  old_vision: >-")], "line 124", ["tags that build Python objects are refused"]),
    # ---- JSON ------------------------------------------------------------------------------------
    Mistake("json-nested-100k", [], "partnership.json", ["nested more than 40 levels deep"], name="partnership.json",
            text='{"partnership": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    Mistake("json-5000-digit-number", [], "alliance.governance.quorum", ["5,000 digits"], name="partnership.json",
            text=None),
    Mistake("json-date-format", [], "document.agreement_date", ["write 2027-03-15"], name="partnership.json", text=None),
]


def _json_variant(change) -> str:
    import yaml

    data = yaml.safe_load(SEED)
    change(data)
    text = json.dumps(data, default=str, indent=1)
    return text


_BY_ID = {m.id: m for m in MISTAKES}
_BY_ID["json-5000-digit-number"].text = _json_variant(lambda d: d["alliance"]["governance"].update(quorum=0)).replace('"quorum": 0', '"quorum": ' + "9" * 5000)
_BY_ID["json-date-format"].text = _json_variant(lambda d: d["document"].update(agreement_date="15/03/2027"))


def test_the_table_has_thirty_mistakes_or_more():
    assert len(MISTAKES) >= 30
    assert len({m.id for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_a_mistake_gets_one_plain_message_with_the_fix(mistake, command, tmp_path):
    path = tmp_path / mistake.name
    path.write_text(mistake.content(), encoding="utf-8")
    args = ["check", str(path)] if command == "check" else ["build", str(path), "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    output = result.output
    assert result.exit_code == 2, output
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == mistake.problems, output
    assert all(line.startswith(f"Error: {path}") for line in errors), output
    assert mistake.where in output, f"{mistake.where!r} not in {output!r}"
    for phrase in mistake.says:
        assert phrase in output, f"{phrase!r} not in {output!r}"
    for word in FORBIDDEN:
        assert word not in output, f"{word!r} in {output!r}"
    assert not (tmp_path / "out").exists()


def test_money_as_people_write_it_is_accepted(tmp_path):
    from ncm_docs.load import load_partnership

    path = tmp_path / "p.yaml"
    path.write_text(SEED.replace("  annual_value: 181700000", '  annual_value: "£181,700,000"')
                    .replace("annual_value: 22600000\n    term", "annual_value: 22,600,000\n    term"), encoding="utf-8")
    p = load_partnership(path)
    assert str(p.head_contract.annual_value) == "181700000"
    assert str(p.subcontracts[0].annual_value) == "22600000"


@pytest.mark.parametrize("value", ['"£181,70,000"', '"181.700.000"', '"£ 181,700,000 approx"'])
def test_money_written_ambiguously_is_refused(value, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(SEED.replace("  annual_value: 181700000", f"  annual_value: {value}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "head_contract.annual_value" in result.output and "plain number of pounds" in result.output


def test_the_translator_gives_locations_and_messages_for_the_web_app():
    import yaml

    from ncm_docs.explain import explain_errors
    from ncm_docs.model import Partnership
    from pydantic import ValidationError

    data = yaml.safe_load(SEED)
    data["providers"][2]["kind"] = "trsut"
    data["document"]["agreement_date"] = "2027-02-30"
    try:
        Partnership.model_validate(data)
    except ValidationError as exc:
        problems = explain_errors(exc.errors(), data, Partnership)
    pairs = [p.as_pair() for p in problems]
    assert ("providers[3] (NGPF).kind", pairs[0][1]) in pairs or any(loc == "providers[3] (NGPF).kind" for loc, _ in pairs)
    assert {p.loc for p in problems} == {("providers", 2, "kind"), ("document", "agreement_date")}
    assert all(p.line is None for p in problems)  # no YAML text given: no lines


_ODD_VALUES = [None, "", [], {}, -1, 0, 10**30, 1.5, True, "2027-02-30", "£1,0", "55%", {"a": 1}, [1, [2]], "é", "15/03/2027", "NO"]


def test_random_mistakes_never_get_programmer_wording(tmp_path):
    """Seeded mutations of the seed (1 to 3 values replaced by odd ones), YAML and JSON alike."""
    import copy
    import random

    import yaml

    seed = yaml.safe_load(SEED)

    def paths(node, path=()):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from paths(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from paths(v, (*path, i))
        if path:
            yield path

    every = list(paths(seed))
    rng = random.Random(16)
    for n in range(150):
        data = copy.deepcopy(seed)
        for _ in range(rng.randint(1, 3)):
            *parents, last = rng.choice(every)
            node = data
            try:
                for part in parents:
                    node = node[part]
                node[last] = copy.deepcopy(rng.choice(_ODD_VALUES))
            except (KeyError, IndexError, TypeError):
                pass
        path = tmp_path / (f"m{n}.json" if n % 2 else f"m{n}.yaml")
        path.write_text(json.dumps(data, default=str) if n % 2 else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(path)])
        assert result.exit_code in (0, 1, 2), result.output
        for word in FORBIDDEN[:-1] + ["Value error", "ctx"]:
            assert word not in result.output, (n, result.output)


def test_every_pattern_of_the_schema_has_plain_words():
    """A field with a pattern (short names, ids, versions) has its own wording in the translator."""
    from ncm_docs.explain.messages import _ALLOWED_CHARS, _PATTERNS
    from ncm_docs.model import Partnership

    found = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str) and node.get("format") != "date":
                found.add(node["pattern"])
            for key, value in node.items():
                if key == "patternProperties":
                    found.update(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(Partnership.model_json_schema())
    found = {p for p in found if "£" not in p}  # amounts are explained by their own table entry
    assert found and found <= set(_PATTERNS), found - set(_PATTERNS)
    assert {noun for noun, *_ in _PATTERNS.values()} == set(_ALLOWED_CHARS)
