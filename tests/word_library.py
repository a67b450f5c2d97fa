"""A small but complete alliance-agreement clause library for the Word-output tests.

It has every part a real agreement has (parties, background, a generated definitions
clause, operative clauses at every numbering level with cross-references, schedules laid
out as tables, execution blocks), so the tests do not depend on the wording of the
bundled library, which is drafted separately.
"""

from __future__ import annotations

from helpers import LIBRARY_YAML


def clause_file(clause_id: str, title: str, body: str, *, part: str = "operative", order: int = 10) -> str:
    """An alliance-agreement clause file."""
    return f"---\nid: {clause_id}\ntitle: {title}\nversion: 1.0.0\ndocuments: [alliance-agreement]\npart: {part}\norder: {order}\n---\n{body}"

DEFINITIONS_YAML = """\
terms:
  - term: Agreement
    definition: means this agreement, including its schedules
  - term: "{{ alliance.governance.leadership_team_name }}"
    definition: >-
      means the leadership team of the Partners established under clause [[alliance.governance]]
  - term: Commencement Date
    definition: "means {{ alliance.term.commencement }}"
  - term: Partner
    definition: "means each of {{ alliance_members | map(attribute='legal_name') | and_list }}"
  - term: Shared Pot
    definition: means the pooled fund described in clause [[alliance.shared-pot]], held by the Host Partner
  - term: Host Partner
    definition: "means {{ party(alliance.shared_pot.host).legal_name }}"
  - term: Service Contract
    definition: means each contract under which a Partner provides services within the alliance's scope
  - term: Unused Term
    definition: means a term that no clause of this library uses
not_terms:
  - National Health Service Act 2006
"""

_PARTIES = """\
{% for p in doc.parties %}
. **{{ p.legal_name }}**, {{ p.description }}, of {{ p.address.one_line }} ("**{{ p.short_name }}**")
{% endfor %}
"""

_BACKGROUND = """\
. The Partners provide health and care services in {{ partnership.area }}.
. The Partners wish to work together as an alliance to achieve the objectives in clause [[alliance.objectives]].
"""

_DEFINITIONS = """\
. In this Agreement the following words have the following meanings:
{{ doc.definitions }}
. References to clauses and schedules are to the clauses of and schedules to this Agreement.
"""

_OBJECTIVES = """\
. The Partners' vision is that {{ alliance.vision }}
. The Partners shall work together to:
{% for o in alliance.objectives %}
... {{ o }}{{ ";" if not loop.last else "." }}
{% endfor %}
"""

_TERM = """\
. This Agreement starts on the Commencement Date and continues for {{ alliance.term.initial_years | years }}, \\
unless it ends earlier under clause [[alliance.exit]].
"""

_GOVERNANCE = """\
. The Partners establish the {{ alliance.governance.leadership_team_name }}, made up of the members listed in \\
[[alliance.schedule-members]].
. The {{ alliance.governance.leadership_team_name }} shall:
.. meet {{ alliance.governance.meeting_frequency }};
.. be quorate when {{ alliance.governance.quorum | words }} voting members are present; and
.. decide matters as follows:
... by the rule in clause [[alliance.decisions]];
.... first, seeking consensus;
.... then, voting.
"""

_DECISIONS = """\
. Every decision of the {{ alliance.governance.leadership_team_name }} is made by every Partner agreeing to it.
. Matters reserved to a Partner's own board are listed in [[alliance.schedule-decisions]].
"""

_POT = """\
. The Host Partner shall hold the Shared Pot. Contributions are set out in [[alliance.schedule-risk]].
"""

_EXIT = """\
. A Partner may leave the alliance on six months' notice if its Service Contract ends. Clause [[alliance.term]] \\
continues to apply to the other Partners.
"""

_SCHEDULE_MEMBERS = """\
## Part A: Members and representatives
| Partner | Member | Deputy |
|---|---|---|
{% for r in alliance.governance.representatives %}
| {{ party(r.provider).legal_name }} | {{ r.member.name }}, {{ r.member.title }} | {{ r.deputy.name }}, {{ r.deputy.title }} |
{% endfor %}
. The chair is the member for {{ party(alliance.governance.chair).legal_name }}.
. The quorum is {{ alliance.governance.quorum | words }} voting members.
"""

_SCHEDULE_RISK = """\
| Partner | Share of risk and gain | Annual contribution to the Shared Pot |
|---|---|---|
{% for c in alliance.shared_pot.contributions %}
| {{ party(c.party).legal_name }} | {{ risk_shares[c.party] | percent }} | {{ c.annual_amount | money }} |
{% endfor %}
. Shares are applied annually.
.. Any gain is shared in the proportions above.
"""

_SCHEDULE_DECISIONS = """\
| Matter | Decided by |
|---|---|
{% for m in alliance.governance.reserved_matters %}
| {{ m }} | each Partner's own board |
{% endfor %}
. Clause [[alliance.decisions]] applies to every other matter.
"""

_EXECUTION = """\
This Agreement has been entered into on the date stated at the beginning of it.
| Signed for and on behalf of | Signature | Name and title |
|---|---|---|
{% for p in doc.parties %}
| {{ p.legal_name }} | | {{ p.signatory.name }}, {{ p.signatory.title }} |
{% endfor %}
"""


def word_library(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The files of the library, ``{relative path: text}``."""
    files = {
        "library.yaml": LIBRARY_YAML,
        "definitions.yaml": DEFINITIONS_YAML,
        "alliance/parties.md": clause_file("alliance.parties", "Parties", _PARTIES, part="parties"),
        "alliance/background.md": clause_file("alliance.background", "Background", _BACKGROUND, part="recitals"),
        "alliance/definitions.md": clause_file("alliance.definitions", "Definitions and interpretation", _DEFINITIONS, order=10),
        "alliance/objectives.md": clause_file("alliance.objectives", "Vision and objectives", _OBJECTIVES, order=20),
        "alliance/term.md": clause_file("alliance.term", "Commencement and term", _TERM, order=30),
        "alliance/governance.md": clause_file("alliance.governance", "Governance", _GOVERNANCE, order=40),
        "alliance/decisions.md": clause_file("alliance.decisions", "Decision-making", _DECISIONS, order=50),
        "alliance/shared-pot.md": clause_file("alliance.shared-pot", "Shared pot", _POT, order=60),
        "alliance/exit.md": clause_file("alliance.exit", "Withdrawal and exit", _EXIT, order=70),
        "alliance/schedule-members.md": clause_file("alliance.schedule-members", "Members and representatives", _SCHEDULE_MEMBERS, part="schedule", order=10),
        "alliance/schedule-risk.md": clause_file("alliance.schedule-risk", "Risk and gain share", _SCHEDULE_RISK, part="schedule", order=20),
        "alliance/schedule-decisions.md": clause_file("alliance.schedule-decisions", "Decision matrix", _SCHEDULE_DECISIONS, part="schedule", order=30),
        "alliance/execution.md": clause_file("alliance.execution", "Execution", _EXECUTION, part="execution"),
    }
    files.update(extra or {})
    return files
