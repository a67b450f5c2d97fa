"""Property tests: generated valid partnerships always build, open and keep their text.

Hypothesis varies the text of names (any printable Unicode: right-to-left scripts,
emoji, XML and markup characters, Jinja syntax), the decision rule, the risk-share
method and the money values. Example counts are bounded so CI stays quick.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import docx
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from ncm_docs.load import validate_partnership
from ncm_docs.pack import draft_pack

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")),
    min_size=1,
    max_size=40,
).map(str.strip).filter(bool)

SPECIAL = st.sampled_from([
    "Smith & Jones <Care> Ltd", "{{ 7 * 7 }} Trust", "{% raw %}x{% endraw %}", "**Bold** [[alliance.term]] | pipe",
    "مستشفى الشمال", "שירותי בריאות", "Care 🏥 Partners", "O'Brien \"Quoted\" CIC", ". leading dot", "\\back\\slash",
    "x" * 10_000,
])

NAME = st.one_of(TEXT, SPECIAL)


def _documents_text(files: dict[str, bytes]) -> dict[str, str]:
    out = {}
    for name, data in files.items():
        d = docx.Document(io.BytesIO(data))
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        out[name] = "\n".join(parts)
    return out


@st.composite
def partnerships(draw, seed_data):
    data = copy.deepcopy(seed_data)
    names = draw(st.lists(NAME, min_size=6, max_size=6, unique_by=str.casefold))
    for party, name in zip(data["commissioners"] + data["providers"], names):
        party["legal_name"] = name
    data["partnership"]["name"] = draw(NAME)
    data["alliance"]["governance"]["decision_rule"] = draw(st.sampled_from([
        {"kind": "unanimity"},
        {"kind": "majority", "threshold_percent": 75},
        {"kind": "weighted", "weights": {"NHFT": 40, "NWMH": 30, "NGPF": 20, "NCH": 10}, "threshold_percent": 66},
        {"kind": "consensus", "escalate_after_days": 14},
    ]))
    method = draw(st.sampled_from(["equal", "proportional", "fixed"]))
    share = dict(data["alliance"]["risk_gain_share"])
    share["method"] = method
    if method != "fixed":
        share.pop("shares", None)
    data["alliance"]["risk_gain_share"] = share
    value = draw(st.integers(min_value=100_000_000, max_value=900_000_000))
    data["head_contract"]["annual_value"] = value
    data["services"][0]["annual_value"] = value - sum(s["annual_value"] for s in data["services"][1:])
    return data, names


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_partnerships_build_open_check_and_keep_their_text(data, seed_data, library, tmp_path_factory):
    from ncm_docs.checks import check_pack, check_partnership
    from ncm_docs import manifest
    from ncm_docs.files import write_files

    raw, names = data.draw(partnerships(seed_data))
    note(f"names: {names!r}; partnership: {raw['partnership']['name']!r}")
    partnership = validate_partnership(raw)
    assert not [f.message for f in check_partnership(partnership) if f.severity == "error"]
    pack = draft_pack(partnership, library, input_name="generated.yaml", input_sha256="0" * 64)
    folder = tmp_path_factory.mktemp("generated") / "pack"
    write_files(folder, {**pack.files, manifest.FILE_NAME: manifest.to_bytes(pack.manifest)})
    assert not [f.message for f in check_pack(folder) if f.severity in ("error", "warning")]
    texts = _documents_text(pack.files)
    assert set(texts) == {d["file"] for d in pack.manifest["documents"]}
    alliance = texts["alliance-agreement.docx"]
    for provider in partnership.providers:
        assert provider.legal_name in alliance
    for commissioner in partnership.commissioners:
        assert commissioner.legal_name in texts["lead-provider-contract.docx"]
    assert Decimal(partnership.head_contract.annual_value) > 0
