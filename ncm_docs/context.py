"""What a clause body sees: the partnership's names plus ``doc``, the document being drafted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .exposed import clause_function, is_clause_function
from .markup import DEFINITIONS_MARKER
from .model import Partnership, Provider, Subcontract
from .model.parties import Commissioner, Observer
from .variation import Variation


@dataclass(frozen=True)
class Titles:
    """Titles of the documents in the family, for references between them.

    ``by_kind``: the title of each kind drafted once per pack; ``per_provider``: for kinds
    drafted once per provider (subcontracts), kind -> short name -> title.
    """

    by_kind: dict[str, str] = field(default_factory=dict)
    per_provider: dict[str, dict[str, str]] = field(default_factory=dict)

    @clause_function
    def of(self, kind: str, short_name: str = "") -> str:
        """The title of the document of ``kind`` (held by ``short_name``, for a per-provider kind)."""
        return self.per_provider[kind][short_name] if kind in self.per_provider else self.by_kind[kind]

    @property
    def head_contract(self) -> str:
        """The lead-provider contract's title."""
        return self.by_kind["lead-provider-contract"]

    @property
    def alliance_agreement(self) -> str:
        """The alliance agreement's title."""
        return self.by_kind["alliance-agreement"]

    @clause_function
    def subcontract(self, short_name: str) -> str:
        """The title of the subcontract held by ``short_name``."""
        return self.per_provider["subcontract"][short_name]


@dataclass(frozen=True)
class DocContext:
    """The document being drafted, as clause bodies see it (``doc``)."""

    kind: str
    title: str
    parties: list[Commissioner | Provider | Observer]
    titles: Titles
    subcontract: Subcontract | None = None
    provider: Provider | None = None
    variation: Variation | None = None

    @property
    def definitions(self) -> str:
        """Where the definitions clause lists the terms this document uses (see definitions.py)."""
        return DEFINITIONS_MARKER


def _partnership_names() -> list[str]:
    names = list(Partnership.model_fields)
    for klass in Partnership.__mro__:
        for name, member in vars(klass).items():
            if not name.startswith("_") and (isinstance(member, property) or is_clause_function(member)):
                if name not in names and not name.startswith("model_"):
                    names.append(name)
    return names


#: Top-level names a clause body can use, besides ``doc``.
PARTNERSHIP_NAMES: list[str] = _partnership_names()


def build_context(partnership: Partnership, doc: DocContext) -> dict[str, Any]:
    """The render context for one document."""
    context = {name: getattr(partnership, name) for name in PARTNERSHIP_NAMES}
    context["doc"] = doc
    return context
