"""What the schema expects at a location: which field, what kind of value, which choices."""

from __future__ import annotations

import datetime as dt
import types
import typing
import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..model.base import kind_of
from ..model.help import field_help, field_names


@dataclass
class Target:
    """The field at a location and what it holds."""

    model: type[BaseModel] | None = None  # the section the field belongs to
    field: str | None = None  # the field's key as a file writes it
    kind: str = "value"  # money, percent, date, flag, whole_number, number, short_name, line, text, choice, list, map, section
    choices: list[str] = dataclasses.field(default_factory=list)
    section: type[BaseModel] | None = None  # the section the value itself is, if any
    alternatives: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # a choice of sections: tag key -> values
    options: list[type[BaseModel]] = dataclasses.field(default_factory=list)  # the sections to choose from

    def section_for(self, value: Any) -> type[BaseModel] | None:
        """The section ``value`` (the data at this location) is: the one its ``kind`` names, if a choice."""
        if self.section is not None or not isinstance(value, dict):
            return self.section
        for tag in self.alternatives:
            for model in self.options:
                info = model.model_fields.get(tag)
                if info is not None and str(value.get(tag)) in [str(a) for a in get_args(_unwrap(info.annotation, []))]:
                    return model
        return None
    title: str = ""
    description: str = ""


def _unwrap(tp: Any, metadata: list) -> Any:
    """``tp`` without ``Annotated`` (its metadata added to ``metadata``) and without ``None``."""
    while True:
        if get_origin(tp) is typing.Annotated:
            args = get_args(tp)
            metadata.extend(args[1:])
            tp = args[0]
            continue
        if get_origin(tp) in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _models(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    if get_origin(tp) in (Union, types.UnionType):
        return [m for arg in get_args(tp) for m in _models(_unwrap(arg, []))]
    return []


def _field(model: type[BaseModel], key: str):
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info
    return None


def target_at(root: type[BaseModel], loc: tuple) -> Target:
    """What ``root``'s schema expects at ``loc`` (a cleaned location: keys and 0-based positions)."""
    target = Target()
    metadata: list = []
    tp: Any = root
    for part in loc:
        metadata = []
        tp = _unwrap(tp, metadata)
        models = _models(tp)
        origin = get_origin(tp)
        if models and isinstance(part, str) and part != "[key]":
            owner = next((m for m in models if _field(m, part) is not None), None)
            if owner is None:
                return Target(kind="unknown")
            info = _field(owner, part)
            target = Target(model=owner, field=part)
            metadata = list(info.metadata)
            tp = info.annotation
        elif origin in (list, tuple, set) and isinstance(part, int):
            tp = get_args(tp)[0] if get_args(tp) else Any
        elif origin is dict and get_args(tp):
            tp = get_args(tp)[0] if part == "[key]" else get_args(tp)[1]
        else:
            return Target(kind="unknown")
    tp = _unwrap(tp, metadata)
    target.kind = kind_of(metadata) or _base_kind(tp)
    if get_origin(tp) is Literal:
        target.choices = [str(a) for a in get_args(tp)]
    section = _models(tp)
    if len(section) == 1:
        target.section = section[0]
    elif section:
        target.kind = "alternatives"
        target.alternatives = _tags(section)
        target.options = section
    if target.model is not None and target.field is not None:
        entry = field_help(target.model, target.field)
        if entry:
            target.title, target.description = entry
    return target


def _base_kind(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "choice"
    if origin in (list, tuple, set):
        return "list"
    if origin is dict:
        return "map"
    if _models(tp):
        return "section"
    if tp is bool:
        return "flag"
    if tp is int:
        return "whole_number"
    if tp in (Decimal, float):
        return "number"
    if tp is dt.date:
        return "date"
    if tp is str:
        return "line"
    return "value"


def _tags(models: list[type[BaseModel]]) -> dict[str, list[str]]:
    """For a choice of sections told apart by a key (``kind``, ``method``): that key and its values."""
    tags: dict[str, list[str]] = {}
    for model in models:
        for name, info in model.model_fields.items():
            tp = _unwrap(info.annotation, [])
            if get_origin(tp) is Literal and len(get_args(tp)) == 1:
                tags.setdefault(info.alias or name, []).append(str(get_args(tp)[0]))
    return {k: v for k, v in tags.items() if len(v) == len(models)}


def section_fields(model: type[BaseModel] | None) -> list[str]:
    """The keys a section may hold, in schema order."""
    return field_names(model) if model is not None else []
