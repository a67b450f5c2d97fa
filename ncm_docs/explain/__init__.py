"""Mistakes in a partnership file, explained in plain English with the fix.

    from ncm_docs.explain import explain_errors, FieldProblem

``explain_errors`` turns validation errors into ``FieldProblem`` (location, message,
line); ``yaml_syntax`` explains a YAML file that cannot be read at all. The wording is
for contract managers and solicitors: no validation-library or regex language.
"""

from .messages import FieldProblem, explain_errors
from .values import TooLongNumber
from .yaml_syntax import explain_yaml_error

__all__ = ["FieldProblem", "TooLongNumber", "explain_errors", "explain_yaml_error"]
