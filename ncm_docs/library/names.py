"""Checking the names a clause uses against the partnership schema, before any render.

Walks a clause's Jinja syntax tree, follows attribute chains (``alliance.governance.quorum``)
through the pydantic models and the ``@property`` views, binds ``for`` loop variables to
the list's item type, and reports unknown names with the line and a suggestion.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import inspect
import types
import typing
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from jinja2 import nodes
from jinja2.runtime import LoopContext
from pydantic import BaseModel

from ..exposed import is_clause_function
from .exposure import all_plain_names, exposed_names
from ..context import PARTNERSHIP_NAMES, DocContext
from ..model import Partnership
from ..suggest import suggest


class _Any:
    """Marker: any attribute is allowed (plain values, dicts, functions)."""

    def __repr__(self) -> str:
        return "Any"


ANY = _Any()

#: Names Jinja itself provides inside templates.
JINJA_NAMES = {"true", "false", "none", "True", "False", "None", "clause_choice"}


@dataclasses.dataclass
class NameProblem:
    """An unknown name in a clause."""

    line: int
    message: str


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional; return the inner type (or a tuple for unions)."""
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [_unwrap(a) for a in get_args(tp) if a is not type(None)]
        return members[0] if len(members) == 1 else tuple(members)
    return tp


def _attributes(cls: Any) -> dict[str, Any]:
    """Attribute name -> type for a model, dataclass or class with properties."""
    out: dict[str, Any] = {}
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        for name, info in cls.model_fields.items():
            out[name] = info.annotation if not info.metadata else typing.Annotated[(info.annotation, *info.metadata)]
    elif dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            out[f.name] = hints.get(f.name, ANY)
    if not isinstance(cls, type):
        return out
    for klass in reversed(cls.__mro__):
        if klass in (object, BaseModel):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(member, property):
                try:
                    out[name] = typing.get_type_hints(member.fget).get("return", ANY)
                except Exception:  # unresolved forward refs: accept the name
                    out[name] = ANY
            elif inspect.isfunction(member) and is_clause_function(member):
                out[name] = ANY
    return out


def attribute_type(tp: Any, name: str) -> Any | None:
    """The type of ``tp.name``; ``None`` if ``tp`` is known not to have it."""
    tp = _unwrap(tp)
    if tp is ANY:
        return ANY
    if isinstance(tp, tuple):  # union: fine if any member has it
        found = [attribute_type(m, name) for m in tp]
        found = [f for f in found if f is not None]
        if not found:
            return None
        return found[0] if len(found) == 1 else tuple(found)
    origin = get_origin(tp)
    if origin in (list, tuple, dict, set):
        return ANY if name in exposed_names(origin) else None
    if origin is typing.Literal:
        return ANY if name in exposed_names(str) else None
    if isinstance(tp, type) and (issubclass(tp, BaseModel) or dataclasses.is_dataclass(tp)):
        attrs = _attributes(tp)
        return attrs.get(name) if name in exposed_names(tp) else None
    if isinstance(tp, type):
        return ANY if name in exposed_names(tp) else None  # str, date, Decimal...: see exposure
    return ANY


def reachable_names(top: dict[str, Any]) -> frozenset[str]:
    """Every attribute name offered by any type a clause can reach from ``top``.

    A value whose type the checker cannot know (a loop over pairs, a macro argument) may
    use only these names; the sandbox checks the real type when the clause renders.
    """
    names = set(all_plain_names())
    seen: set[Any] = set()
    todo = list(top.values())
    while todo:
        tp = _unwrap(todo.pop())
        members = tp if isinstance(tp, tuple) else (tp,)
        for member in members:
            for arg in get_args(member):
                todo.append(arg)
            if not isinstance(member, type) or member in seen:
                continue
            seen.add(member)
            if issubclass(member, BaseModel) or dataclasses.is_dataclass(member):
                attrs = _attributes(member)
                names.update(attrs)
                todo.extend(attrs.values())
    return frozenset(names)


def attribute_names(tp: Any) -> list[str]:
    """The names ``tp`` offers (for did-you-mean)."""
    tp = _unwrap(tp)
    if isinstance(tp, tuple):
        return sorted({n for m in tp for n in attribute_names(m)})
    if isinstance(tp, type):
        return sorted(_attributes(tp))
    return []


def item_type(tp: Any) -> Any:
    """The element type of a list type, or ANY."""
    tp = _unwrap(tp)
    if get_origin(tp) in (list, tuple, set):
        args = get_args(tp)
        return args[0] if args else ANY
    return ANY


def name_types() -> dict[str, Any]:
    """Top-level name -> static type of what a clause body sees, for checking it before any render."""
    types = {name: attribute_type(Partnership, name) for name in PARTNERSHIP_NAMES}
    types["doc"] = DocContext
    return types


class NameChecker:
    """Checks one parsed template against a mapping of top-level name -> type."""

    #: Filters that take an attribute name: (position of the name, or None), keyword.
    ATTRIBUTE_FILTERS = {
        "map": None, "selectattr": 0, "rejectattr": 0, "sum": 0, "sort": 2, "unique": 1,
        "min": 1, "max": 1, "join": 1,
    }

    def __init__(self, top: dict[str, Any], filters: Any = None) -> None:
        self.top = top
        self.filters = None if filters is None else set(filters)
        self.problems: list[NameProblem] = []
        self.known = _reachable_cached(tuple(sorted(top.items(), key=lambda kv: kv[0]), ))

    def check(self, tree: nodes.Node) -> list[NameProblem]:
        """Walk ``tree``; return the problems found."""
        self._visit(tree, dict(self.top))
        return self.problems

    # -- walking ---------------------------------------------------------------

    def _visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            iter_type = self._type(node.iter, scope)
            inner = dict(scope)
            self._bind(node.target, item_type(iter_type), inner)
            inner["loop"] = LoopContext
            if node.test is not None:
                self._visit(node.test, inner)
            for child in node.body:
                self._visit(child, inner)
            for child in node.else_:
                self._visit(child, scope)
            return
        if isinstance(node, nodes.Assign):
            value_type = self._type(node.node, scope)
            self._bind(node.target, value_type, scope)
            return
        if isinstance(node, nodes.AssignBlock):
            self._bind(node.target, ANY, scope)
            for child in node.body:
                self._visit(child, scope)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                inner[arg.name] = ANY
            inner.update({"caller": ANY, "varargs": ANY, "kwargs": ANY})
            for child in node.body:
                self._visit(child, inner)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self._type(node, scope)
            return
        if isinstance(node, nodes.Call):
            self._type(node.node, scope)
        if isinstance(node, nodes.Filter):
            self._check_filter(node)
        if isinstance(node, nodes.Mod) and isinstance(node.left, nodes.Const) and isinstance(node.left.value, str):
            self.problems.append(NameProblem(node.lineno, "'%' formatting of text is not available in clauses: use the filters (money, percent...)"))
        for child in node.iter_child_nodes():
            if isinstance(node, nodes.Call) and child is node.node:
                continue
            self._visit(child, scope)

    def _bind(self, target: nodes.Node, tp: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = tp
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY, scope)

    def _type(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The static type of an expression, reporting unknown names on the way."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in JINJA_NAMES:
                return ANY
            self.problems.append(
                NameProblem(node.lineno, f"'{node.name}' is undefined{suggest(node.name, list(scope))}")
            )
            return ANY
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            self._type(node.node, scope)
            self.problems.append(NameProblem(node.lineno, f"'{node.attr}' is not allowed: names starting with '_' are refused by the sandbox"))
            return ANY
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
            self._type(node.node, scope)
            self.problems.append(NameProblem(node.lineno, f"'{node.arg.value}' is not allowed: names starting with '_' are refused by the sandbox"))
            return ANY
        if isinstance(node, nodes.Getattr) or (
            isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)
        ):
            name = node.attr if isinstance(node, nodes.Getattr) else node.arg.value
            base = self._type(node.node, scope)
            if _unwrap(base) is not ANY and get_origin(_unwrap(base)) is dict and isinstance(node, nodes.Getitem):
                return ANY  # a key of a dictionary of data
            if _unwrap(base) is ANY:
                if name not in self.known:
                    if name in _RESERVED:
                        message = _not_data(_chain(node), name)
                    else:
                        message = f"'{_chain(node)}' is not in the schema{suggest(name, sorted(self.known))}"
                    self.problems.append(NameProblem(node.lineno, message))
                return ANY
            found = attribute_type(base, name)
            if found is None:
                chain = _chain(node)
                if name in _RESERVED or (name in dir(_unwrap(base)) if isinstance(_unwrap(base), type) else False):
                    message = _not_data(chain, name)
                else:
                    message = f"'{chain}' is not in the schema{suggest(name, attribute_names(base))}"
                self.problems.append(NameProblem(node.lineno, message))
                return ANY
            return found
        if isinstance(node, nodes.Call):
            self._type(node.node, scope)
            for child in node.iter_child_nodes():
                if child is not node.node:
                    self._visit(child, scope)
            return ANY
        for child in node.iter_child_nodes():
            self._visit(child, scope)
        return ANY

    def _check_filter(self, node: nodes.Filter) -> None:
        """Filters must exist; attribute names given to ``map``, ``selectattr``... must be data names."""
        if self.filters is not None:
            named = [node.name]
            if node.name == "map" and node.args and isinstance(node.args[0], nodes.Const):
                named.append(str(node.args[0].value))
            for name in named:
                if name not in self.filters:
                    self.problems.append(
                        NameProblem(node.lineno, f"no filter named '{name}'{suggest(name, sorted(self.filters))}")
                    )
        if node.name not in self.ATTRIBUTE_FILTERS:
            return
        given = [kw.value for kw in node.kwargs if kw.key == "attribute"]
        position = self.ATTRIBUTE_FILTERS[node.name]
        if position is not None and len(node.args) > position:
            given.append(node.args[position])
        if node.name == "map" and node.args and not given:
            return  # map('filter_name'): the filter must exist, which Jinja checks
        for arg in given:
            if not (isinstance(arg, nodes.Const) and isinstance(arg.value, (str, int))):
                self.problems.append(
                    NameProblem(node.lineno, f"'{node.name}' needs a quoted attribute name, not a computed one")
                )
                continue
            for part in str(arg.value).split("."):
                if not part.isdigit() and part not in self.known:
                    self.problems.append(NameProblem(node.lineno, _not_data(f"{node.name}(attribute='{arg.value}')", part)))


#: Names of pydantic's, Python's and Jinja's own machinery: a clause reaching for one is
#: told it is not allowed, rather than that the schema lacks it.
_RESERVED = frozenset().union(*(dir(t) for t in (BaseModel, object, str, dict, list, int, Decimal, _dt.date)))


def _not_data(chain: str, name: str) -> str:
    return (
        f"'{chain}' is not allowed: '{name}' is not data a clause can use (clauses see only "
        f"the partnership's fields and the derived values listed in clauses/README.md)"
    )


_REACHABLE: dict[tuple, frozenset[str]] = {}


def _reachable_cached(top: tuple) -> frozenset[str]:
    key = tuple((name, repr(tp)) for name, tp in top)
    if key not in _REACHABLE:
        _REACHABLE[key] = reachable_names(dict(top))
    return _REACHABLE[key]


def _chain(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_chain(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Getattr):
        return f"{_chain(node.node)}.{node.attr}"
    if isinstance(node, nodes.Call):
        return f"{_chain(node.node)}(...)"
    if isinstance(node, nodes.Name):
        return node.name
    return "(...)"
