"""Walking the schema by field name: which keys are allowed where (for did-you-mean)."""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel


def _models_in(tp: Any) -> list[type[BaseModel]]:
    """The pydantic models a field annotation can hold (through Optional, unions, lists, dicts)."""
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    origin = get_origin(tp)
    if origin in (Union, types.UnionType, list, tuple, set, dict):
        args = get_args(tp)[1:] if origin is dict else get_args(tp)
        return [m for arg in args for m in _models_in(arg)]
    return []


def fields_at(root: type[BaseModel], path: list[str]) -> list[str]:
    """The field names allowed at a dotted path of keys below ``root`` (list indexes left out)."""
    models: list[type[BaseModel]] = [root]
    for part in path:
        models = [m for model in models if part in model.model_fields for m in _models_in(model.model_fields[part].annotation)]
        if not models:
            return []
    return sorted({name for model in models for name in model.model_fields})
