"""The mark on a method that clause text may call.

Clause bodies see data only: schema fields and ``@property`` views. A method becomes
callable from a clause when it carries this mark; every other method of a model (pydantic's
own ``parse_raw``, ``model_validate``... included) stays invisible to the sandbox. The rule
itself lives in ``library/exposure.py``; this module is the mark alone, so the schema can
use it without importing the clause library.
"""

from __future__ import annotations

from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

#: Attribute set on a marked function.
MARK = "ncm_clause_function"


def clause_function(function: F) -> F:
    """Let clause text call ``function`` (a method of a schema model or a drafting view)."""
    setattr(function, MARK, True)
    return function


def is_clause_function(member: object) -> bool:
    """True if ``member`` was marked with ``clause_function``."""
    return getattr(member, MARK, False) is True
