"""The rule catalogue: one entry per rule, registered by a decorator.

A rule is a small function. A *model* rule takes a ``Partnership`` and yields ``Hit``s;
a *document* rule takes a read-back ``Pack`` and yields ``Hit``s. The decorator gives
it a stable id (``NCM101``), a slug, a severity and a message template; its docstring
holds the rationale with a bad and a good example. Adding a rule elsewhere is adding
one decorated function (in a module listed in ``RULE_MODULES``) plus its case file in
``tests/checks/cases/<id>.yaml``.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Literal

from ..errors import DuplicateRuleError

Severity = Literal["error", "warning", "advice"]
Target = Literal["model", "document"]

#: Severities from most to least serious.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "advice")

#: Modules that define rules; importing them fills the registry.
RULE_MODULES = ("ncm_docs.checks.model_rules", "ncm_docs.checks.document_rules", "ncm_docs.checks.negotiation_rules")


@dataclass(frozen=True)
class Hit:
    """What a rule function reports: the message fields, where, and which documents."""

    fields: dict[str, Any]
    location: str = ""
    documents: tuple[str, ...] = ()


def hit(location: str = "", documents: Iterable[str] = (), **fields: Any) -> Hit:
    """A ``Hit`` for a rule's message template (``fields``) at ``location``."""
    return Hit(fields, location, tuple(documents))


@dataclass(frozen=True)
class Finding:
    """One problem found: the rule, how serious, the message, the documents and where."""

    rule: str
    slug: str
    severity: Severity
    message: str
    documents: tuple[str, ...] = ()
    location: str = ""
    file: str = ""  # the file the finding concerns (a .docx, or the partnership file)

    def as_dict(self) -> dict[str, Any]:
        """The finding for ``--format json``."""
        return {
            "rule": self.rule,
            "slug": self.slug,
            "severity": self.severity,
            "message": self.message,
            "documents": list(self.documents),
            "location": self.location,
            "file": self.file,
        }


@dataclass(frozen=True)
class Rule:
    """A catalogue entry."""

    id: str
    slug: str
    severity: Severity
    target: Target
    message: str
    check: Callable[[Any], Iterator[Hit]] = field(repr=False)

    @property
    def doc(self) -> str:
        """The rule's docstring: rationale, then a bad and a good example."""
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first line of the docstring."""
        return self.doc.splitlines()[0] if self.doc else ""

    def findings(self, subject: Any, file: str = "") -> list[Finding]:
        """Run the rule on ``subject`` and turn its hits into findings."""
        out: dict[Finding, None] = {}  # one finding per distinct message and place
        for h in self.check(subject):
            message = self.message.format(**h.fields)
            out[Finding(self.id, self.slug, self.severity, message, h.documents, h.location, file)] = None
        return list(out)


_RULES: dict[str, Rule] = {}


def rule(rule_id: str, slug: str, severity: Severity, target: Target, message: str):
    """Register the decorated function as rule ``rule_id``."""

    def register(func: Callable[[Any], Iterator[Hit]]):
        if not func.__doc__:
            raise DuplicateRuleError(f"{rule_id}: a rule needs a docstring with a bad and a good example")
        for existing in _RULES.values():
            if existing.id == rule_id or existing.slug == slug:
                raise DuplicateRuleError(f"{rule_id} ({slug}) clashes with {existing.id} ({existing.slug})")
        _RULES[rule_id] = Rule(rule_id, slug, severity, target, message, func)
        return func

    return register


def all_rules(target: Target | None = None) -> list[Rule]:
    """Every registered rule (of one target), in id order."""
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted((r for r in _RULES.values() if target in (None, r.target)), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule:
    """The rule with this id."""
    all_rules()
    return _RULES[rule_id]
