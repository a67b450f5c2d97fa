"""The sandbox a house-style template's own Jinja runs in (the clauses' sandbox).

House styles are shared between firms, so a template's Jinja (a header's ``{{ title }}``,
the cover page's loop over the parties) is not trusted. ``compile_part`` is what
``docx.template.load_template`` compiles each templated part with:

* at load time, every name, attribute and filter is checked against the names the
  writer provides (``docx.template.TEMPLATE_NAMES``) as a clause's are against the schema:
  ``range``, ``__class__``, ``attr``, ``{% include %}`` and the like are refused then, with
  the template, the part and the line;
* at render time the part runs in ``environment.make_template_environment``: no globals,
  the clauses' filters, bounded ``*``, ``**``, ``+``, ``~``, ``%``, a time limit (loops check
  it in any thread) and a size limit. Whatever goes wrong is a ``TemplateError`` naming
  the template and the part, never a hang or a crash.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template, TemplateSyntaxError, nodes
from jinja2 import TemplateError as JinjaError

from ..errors import RenderLimitError, TemplateError
from .environment import MAX_RENDER_CHARS, MAX_RENDER_SECONDS, RENDER_FAILURES, describe_render_error, make_template_environment, render_bounded
from .names import NameChecker

#: Statements that read other templates: a house style has none to read.
_STATEMENTS = {nodes.Include: "include", nodes.Extends: "extends", nodes.Import: "import", nodes.FromImport: "from ... import"}


class SandboxedPart:
    """One templated part of a house style, compiled in the sandbox."""

    __slots__ = ("template", "where")

    def __init__(self, template: Template, where: str) -> None:
        self.template = template
        self.where = where

    def render(self, context: dict[str, Any]) -> bytes:
        """The part rendered within the time limit and a size limit, as UTF-8.

        The body (the clauses) may be as long as it is; the template's own text adds at
        most ``MAX_RENDER_CHARS``. Raises ``TemplateError`` naming the template and part.
        """
        limit = MAX_RENDER_CHARS + len(context.get("body") or "")
        try:
            return render_bounded(self.template, context, seconds=MAX_RENDER_SECONDS, limit=limit).encode("utf-8")
        except (JinjaError, RenderLimitError, *RENDER_FAILURES) as exc:
            raise TemplateError(f"{self.where}: {describe_render_error(exc)}") from None


_ENVIRONMENT: list = []


def _environment():
    if not _ENVIRONMENT:
        _ENVIRONMENT.append(make_template_environment())
    return _ENVIRONMENT[0]


def compile_part(source: str, names: dict[str, Any], where: str) -> SandboxedPart:
    """Check and compile one templated part; ``names``: what it may use, with their types.

    ``where`` (the template file and part) starts every message. Raises ``TemplateError``
    listing what the part may not use.
    """
    env = _environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{where}: Jinja syntax error: {exc.message}") from None
    problems = [f"line {node.lineno}: '{{% {_STATEMENTS[type(node)]} %}}' is not available in a house-style template (it has no other files to read)"
                for node in tree.find_all(tuple(_STATEMENTS))]
    problems += [p.message for p in NameChecker(dict(names), filters=env.filters).check(tree)]
    if problems:
        allowed = ", ".join(sorted(names))
        raise TemplateError.from_problems(f"{where}: {problem} (a template may use only {allowed}, and each party's legal_name, short_name and role)" for problem in problems[:5])
    try:
        return SandboxedPart(env.from_string(source), where)
    except JinjaError as exc:
        raise TemplateError(f"{where}: {exc}") from None
