"""The sandboxed Jinja environment every clause body and title, and every house-style
template, renders in.

Three guarantees:

* **Sandboxed**: a clause sees data only. Attributes and items looked up by name must be
  on ``exposure``'s list for the value's type (schema fields, ``@property`` views, marked
  methods; never pydantic's own methods); there are no globals (``range``, ``lipsum``,
  ``cycler``, ``joiner``, ``namespace``...) and only the filters in ``SAFE_FILTERS``; ``*``,
  ``**``, ``%``, ``+`` and ``~`` are bounded so a clause cannot build huge strings or numbers;
  every ``for`` loop step and every call checks the render's deadline, so a loop (or a
  macro calling itself) that prints nothing still stops, in any thread, where the timer
  signal cannot reach.
* **Strict**: an undefined name raises; printing ``None`` raises. Legal text never has
  a silent blank.
* **Data is inert**: every value printed with ``{{ }}`` is escaped for the body markup
  (see ``markup.escape``), so a party called ``**Smith** [[x]] | Co`` prints verbatim and
  cannot change the layout. Values are never evaluated as templates.
"""

from __future__ import annotations

import datetime as _dt
import signal
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Iterator

from jinja2 import StrictUndefined, nodes, pass_eval_context
from jinja2.exceptions import UndefinedError
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS as JINJA_FILTERS
from markupsafe import Markup
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .. import formats as filters
from .exposure import is_exposed
from ..errors import EmptyValueError, RenderLimitError
from ..markup import escape

#: Largest string or list a clause expression may build with ``*``.
MAX_PRODUCT_LENGTH = 100_000
#: Largest exponent allowed with ``**``.
MAX_EXPONENT = 100
#: Largest integer (in bits) a clause expression may build with ``*`` or ``**``.
MAX_INT_BITS = 4_096
#: Longest string or list a clause expression may build with ``+`` or ``~``.
MAX_VALUE_LENGTH = 1_000_000

#: Jinja's own filters a clause may use. Left out on purpose: ``attr`` (reaches attributes
#: by computed name), ``default``/``d`` (turns a missing value into a silent blank),
#: ``safe`` (would print data unescaped), ``format``/``center``/``indent``/``wordwrap``/
#: ``truncate`` (can build unbounded text; ``join`` and ``replace`` are bounded versions), ``pprint``/``tojson``/``xmlattr``/
#: ``urlize``/``urlencode`` (expose representations), ``random`` (not deterministic).
SAFE_JINJA_FILTERS = (
    "abs", "capitalize", "count", "first", "float", "int", "last", "length", "list", "lower",
    "map", "max", "min", "reject", "rejectattr", "reverse", "round", "select", "selectattr",
    "sort", "sum", "title", "trim", "unique", "upper",
)


#: Longest a single clause may take to render.
MAX_RENDER_SECONDS = 5.0
#: Most text a single clause may render to.
MAX_RENDER_CHARS = 2_000_000


def finalize(value: Any) -> Markup:
    """Turn a printed value into text escaped for the body markup (dates in long form).

    The result is ``Markup`` so Jinja's autoescaping leaves it alone. Values that are
    already ``Markup`` (the output of a macro or a ``{% set %}`` block, escaped when it
    was printed there) pass through, so nothing is escaped twice.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        raise EmptyValueError("printed an empty value (None): give the field a value or guard it with {% if %}")
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, _dt.date):
        text = filters.long_date(value)
    elif isinstance(value, Decimal):
        text = filters.plain_number(value)
    else:
        text = str(value)
    # str.__new__ builds the Markup directly: markupsafe's own constructor checks for
    # __html__ and encodings in Python, which costs more than the escaping here.
    return str.__new__(Markup, escape(text))


@pass_eval_context
def bounded_join(eval_ctx, value, separator: str = "", attribute=None) -> str:
    """Jinja's ``join``, refusing a result longer than ``MAX_VALUE_LENGTH``."""
    items = list(value)
    if len(str(separator)) * max(len(items) - 1, 0) > MAX_VALUE_LENGTH:
        raise SecurityError(f"'join' would build more than {MAX_VALUE_LENGTH:,} characters")
    return _checked_length(JINJA_FILTERS["join"](eval_ctx, items, separator, attribute), "join")


def _checked_length(value: Any, operator: str) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_VALUE_LENGTH:
        raise SecurityError(f"'{operator}' built {len(value):,} items (limit {MAX_VALUE_LENGTH:,})")
    return value


def bounded_replace(value, old: str, new: str, count: int | None = None) -> str:
    """Jinja's ``replace`` for plain text, refusing a result longer than ``MAX_VALUE_LENGTH``."""
    text, old, new = str(value), str(old), str(new)
    found = text.count(old) if count is None else min(text.count(old), max(int(count), 0))
    if len(text) + found * (len(new) - len(old)) > MAX_VALUE_LENGTH:
        raise SecurityError(f"'replace' would build more than {MAX_VALUE_LENGTH:,} characters")
    return text.replace(old, new, -1 if count is None else max(int(count), 0))


class _BoundedConcat(CodeGenerator):
    """Compiles ``a ~ b`` so that the joined text is checked against ``MAX_VALUE_LENGTH``,
    and every ``for`` loop so that it stops at the render's deadline."""

    def visit_Template(self, node, frame=None) -> None:  # noqa: N802 (Jinja's visitor naming)
        for loop in node.find_all(nodes.For):  # for x in environment.loop_budget(<iter>)
            budget = nodes.EnvironmentAttribute("loop_budget", lineno=loop.iter.lineno)
            loop.iter = nodes.Call(budget, [loop.iter], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node, frame) -> None:  # noqa: N802
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class ClauseEnvironment(ImmutableSandboxedEnvironment):
    """Sandbox that shows clauses data only, with bounded arithmetic and no globals."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedConcat

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """True only for names on ``exposure``'s list for the type (and Jinja's own checks).

        Remembered per (type, attribute): the answer depends on nothing else.
        """
        key = (type(obj), attr)
        try:
            return self._safe[key]
        except KeyError:
            safe = self._safe[key] = is_exposed(obj, attr) and super().is_safe_attribute(obj, attr, value)
            return safe

    def _exposed(self, obj: Any, attr: Any) -> bool:
        if not isinstance(attr, str):
            return False
        key = (type(obj), attr)
        try:
            return self._safe[key]
        except KeyError:
            return is_exposed(obj, attr)  # remembered by is_safe_attribute once fetched

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: fetched only when exposed, else a dictionary key, else refused.

        Jinja's own sandbox fetches the value and then asks whether it was safe; this asks
        first, so nothing that is not data (a deprecated pydantic property, say) even runs.
        """
        if self._exposed(obj, attribute):
            return super().getattr(obj, attribute)
        return self._item_or_refusal(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]``: a key or index of the data; a name only when exposed."""
        if self._exposed(obj, argument):
            return super().getitem(obj, argument)
        return self._item_or_refusal(obj, argument)

    def _item_or_refusal(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (TypeError, LookupError):
            pass
        if isinstance(argument, str) and hasattr(type(obj), argument):
            return self.unsafe_undefined(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        """Every call (a macro, ``caller()``, a method) first checks the render's deadline,
        so macros that call themselves stop in time in any thread, as loops do."""
        deadline = getattr(_deadline, "at", None)
        if deadline is not None and time.monotonic() > deadline:
            raise RenderLimitError(f"took longer than {_timer['seconds']:g} s to render: refused (a macro that calls itself?)")
        return super().call(__context, __obj, *args, **kwargs)

    def loop_budget(self, iterable: Any) -> Any:
        """``iterable``, stopping with ``RenderLimitError`` once the render's deadline passes."""
        deadline = getattr(_deadline, "at", None)
        if deadline is None:
            return iterable
        return _until(iterable, deadline)

    def checked_concat(self, value: Any) -> Any:
        """The result of ``~``, refused when longer than ``MAX_VALUE_LENGTH``."""
        return _checked_length(value, "~")

    def call_binop(self, context, operator, left, right):  # type: ignore[override]
        if operator == "%" and isinstance(left, str):
            raise SecurityError("'%' formatting of text is not available in clauses: use the filters (money, percent...)")
        if operator == "**" and isinstance(right, (int, float, Decimal)):
            if abs(right) > MAX_EXPONENT:
                raise SecurityError(f"exponent {right} is larger than {MAX_EXPONENT}")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * abs(right) > MAX_INT_BITS:
                raise SecurityError(f"'**' would build a number larger than {MAX_INT_BITS:,} bits")
        if operator == "*":
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError(f"'*' would build a number larger than {MAX_INT_BITS:,} bits")
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if len(seq) * times > MAX_PRODUCT_LENGTH:
                        raise SecurityError(f"'*' would build {len(seq) * times:,} items (limit {MAX_PRODUCT_LENGTH:,})")
        return _checked_length(super().call_binop(context, operator, left, right), operator)


def _until(iterable: Any, deadline: float) -> Iterator[Any]:
    for item in iterable:
        if time.monotonic() > deadline:
            raise RenderLimitError(f"took longer than {_timer['seconds']:g} s to render: refused (a loop that does not end?)")
        yield item


class ConstantText:
    """A template whose source holds no Jinja at all: its output is its source.

    Many clauses and most definitions are fixed text; rendering them through Jinja (a
    new context, a generator, the sandbox) is pure cost. The library's compiler
    (``compiled.TemplateCompiler``) returns this instead of a ``Template`` for such
    sources; it renders to exactly what Jinja would.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args, **kwargs) -> str:
        return self.text

    def generate(self, *args, **kwargs):
        yield self.text


def make_environment() -> ClauseEnvironment:
    """A fresh sandboxed environment with ncm-docs' filters and nothing else global."""
    env = ClauseEnvironment(
        undefined=StrictUndefined,
        finalize=finalize,
        # Autoescape is on only so that macro and {% set %} block output is Markup;
        # finalize does the escaping, for the body markup rather than for HTML.
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=True,
    )
    env.globals.clear()
    env.filters = {name: JINJA_FILTERS[name] for name in SAFE_JINJA_FILTERS}
    env.filters["join"] = bounded_join
    env.filters["replace"] = bounded_replace
    env.filters.update(filters.FILTERS)
    return env


def make_template_environment() -> ClauseEnvironment:
    """The same sandbox for a house-style template's own Jinja (``docx/template.py``).

    Bounded and strict like clauses, with no globals and the same filters; output is
    escaped for XML by autoescaping (the template is Word XML), not for the body markup.
    """
    env = ClauseEnvironment(undefined=StrictUndefined, autoescape=True)
    env.globals.clear()
    env.filters = {name: JINJA_FILTERS[name] for name in SAFE_JINJA_FILTERS}
    env.filters["join"] = bounded_join
    env.filters["replace"] = bounded_replace
    return env



_timer = {"installed": False, "seconds": MAX_RENDER_SECONDS}
#: The deadline (``time.monotonic()``) of the render running in this thread, for loops.
_deadline = threading.local()


def _expire(signum, frame):
    raise RenderLimitError(f"took longer than {_timer['seconds']:g} s to render: refused (a loop that does not end?)")


@contextmanager
def render_timer() -> Iterator[None]:
    """Install the timer-signal handler once around many renders (main thread only).

    Inside it, each ``render_bounded`` arms the timer with one ``setitimer`` call; outside
    it, each render installs and removes the handler itself. Assembly wraps a whole
    document in it: the per-clause limit stays, the per-clause set-up cost goes.
    """
    if _timer["installed"] or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _timer["installed"] = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _timer["installed"] = False


def render_bounded(template, context: dict, seconds: float | None = None, limit: int | None = None) -> str:
    """Render ``template`` within a time budget and a size limit.

    Output is streamed so an oversized clause is stopped as it grows, not after; a timer
    signal stops a loop that produces nothing (main thread). Defaults: ``MAX_RENDER_SECONDS``
    and ``MAX_RENDER_CHARS``.
    """
    seconds = MAX_RENDER_SECONDS if seconds is None else seconds
    limit = MAX_RENDER_CHARS if limit is None else limit
    if isinstance(template, ConstantText) and len(template.text) <= limit:
        return template.text
    if not _timer["installed"]:
        with render_timer():
            return _render_bounded(template, context, seconds, limit)
    return _render_bounded(template, context, seconds, limit)


def _render_bounded(template, context: dict, seconds: float, limit: int) -> str:
    chunks: list[str] = []
    size = 0
    armed = _timer["installed"]
    started = time.monotonic()
    outer = getattr(_deadline, "at", None)
    _deadline.at = started + seconds if outer is None else min(outer, started + seconds)
    _timer["seconds"] = seconds
    if armed:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > limit:
                raise RenderLimitError(f"rendered more than {limit:,} characters: refused")
            # With the timer armed the signal bounds the time; otherwise (a thread other
            # than the main one) the clock is read as the output grows.
            if not armed and time.monotonic() - started > seconds:
                raise RenderLimitError(f"took longer than {seconds:g} s to render: refused (a loop that does not end?)")
            chunks.append(chunk)
    finally:
        _deadline.at = outer
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return "".join(chunks)


#: What a clause's own expressions can raise (besides Jinja's errors): reported as the
#: clause's error with its file and line, never as an internal error.
RENDER_FAILURES = (SecurityError, TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError, ArithmeticError, MemoryError)


def describe_render_error(exc: BaseException) -> str:
    """One line describing why a clause (or a definition) failed to render."""
    if isinstance(exc, UndefinedError):
        return f"{exc.message} (a missing value is an error, never a blank)"
    if isinstance(exc, SecurityError):
        return f"refused by the sandbox: {exc}"
    return str(exc)
