"""What clause text may touch: the partnership's data, and nothing else.

Clause libraries and house styles are shared between firms, so their text is not trusted.
The sandbox allows an attribute (or an item looked up by name) only when it is on this
list for the type of the value:

* **ncm-docs' own models and views** (pydantic models and dataclasses defined in
  ``ncm_docs``): their fields, their ``@property`` views, and the methods marked with
  ``exposed.clause_function``. Nothing inherited from pydantic (``parse_raw``,
  ``parse_file``, ``model_validate``, ``copy``...) is reachable.
* **Plain values**: a few string methods that cannot grow text, a date's parts, a
  dictionary's views; a ``for`` loop's counters.
* **Everything else**: nothing.

The same table is used twice: by the loader, which refuses a clause that names anything
else (with the file and line), and by the sandbox at render time, as the backstop for
values whose type the loader could not know.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from functools import lru_cache

from jinja2.runtime import LoopContext
from pydantic import BaseModel

from ..exposed import is_clause_function

#: String methods a clause may call: none of them can build text larger than their input.
STR_NAMES = frozenset(
    {"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "isdigit"}
)
#: A ``for`` loop's counters (``loop.index``...).
LOOP_NAMES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem", "changed", "cycle"}
)
#: Plain types and what a clause may use of them.
PLAIN_NAMES: dict[type, frozenset[str]] = {
    str: STR_NAMES,
    dict: frozenset({"items", "keys", "values", "get"}),
    _dt.date: frozenset({"year", "month", "day"}),
    LoopContext: LOOP_NAMES,
}

_OWN_PACKAGE = __name__.split(".")[0] + "."


def _is_own_view(cls: type) -> bool:
    """A pydantic model or dataclass defined in ncm-docs itself."""
    if not cls.__module__.startswith(_OWN_PACKAGE):
        return False
    return issubclass(cls, BaseModel) or dataclasses.is_dataclass(cls)


@lru_cache(maxsize=None)
def exposed_names(cls: type) -> frozenset[str]:
    """The attribute names clause text may use on a value of type ``cls``."""
    if _is_own_view(cls):
        names: set[str] = set()
        if issubclass(cls, BaseModel):
            names.update(cls.model_fields)
        else:
            names.update(f.name for f in dataclasses.fields(cls))
        for klass in cls.__mro__:
            if klass is BaseModel or klass is object or not klass.__module__.startswith(_OWN_PACKAGE):
                continue
            for name, member in vars(klass).items():
                if name.startswith("_"):
                    continue
                if isinstance(member, property) or is_clause_function(member):
                    names.add(name)
        return frozenset(names)
    for klass in cls.__mro__:
        # datetime is a date too, but has no business in a clause: exact types for dates.
        if klass is _dt.date and cls is not _dt.date:
            return frozenset()
        if klass in PLAIN_NAMES:
            return PLAIN_NAMES[klass]
    return frozenset()


def is_exposed(obj: object, name: object) -> bool:
    """True if clause text may use ``obj.name`` (or ``obj['name']`` as an attribute)."""
    return isinstance(name, str) and name in exposed_names(type(obj))


def all_plain_names() -> frozenset[str]:
    """Every name a plain value offers (for checking names on values of unknown type)."""
    return frozenset().union(*PLAIN_NAMES.values())
