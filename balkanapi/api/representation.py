"""Sparse and expanded representations: `fields=` and `expand=` on every list and detail endpoint.

`fields=id,text,speaker` keeps only those top-level fields. `expand=speaker,article.outlet` replaces a
compact related object by its full representation (dotted paths expand inside an expanded object).
Unknown names are a 400 that lists what is allowed. Views prefetch what an expansion needs, so
expanding does not cost a query per row.
"""

from __future__ import annotations

import re

from django.utils.module_loading import import_string
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend


def _names(raw: str | None) -> list[str]:
    """Comma-separated names, taken exactly: an empty item is reported as unknown, not skipped."""
    return raw.split(",") if raw else []


def _choice_list_pattern(names: list[str]) -> str:
    one = "(" + "|".join(re.escape(name) for name in names) + ")"
    return f"^{one}(,{one})*$"


class FlexFieldsMixin:
    """For serializers: `expandable_fields = {"speaker": ("path.to.Serializer", {"many": False})}`."""

    expandable_fields: dict[str, tuple[str, dict]] = {}

    def __init__(self, *args, expand: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request") if expand is None else None
        if request is not None:
            expand = _names(request.query_params.get("expand"))
            self._apply_expansions(expand, strict=True)
            self._apply_sparse_fields(_names(request.query_params.get("fields")))
        elif expand:
            self._apply_expansions(expand, strict=False)

    @classmethod
    def expansion_paths(cls, prefix: str = "", depth: int = 0) -> list[str]:
        paths = []
        for name, (target, _options) in cls.expandable_fields.items():
            paths.append(f"{prefix}{name}")
            if depth < 1:
                paths += import_string(target).expansion_paths(f"{prefix}{name}.", depth + 1)
        return paths

    def _apply_expansions(self, expand: list[str], strict: bool) -> None:
        heads: dict[str, list[str]] = {}
        known = type(self).expansion_paths() if strict else []
        for path in expand:
            head, _, rest = path.partition(".")
            if head not in self.expandable_fields or (strict and path not in known):
                if strict:
                    allowed = ", ".join(type(self).expansion_paths()) or "nothing"
                    raise ValidationError({"expand": [f"Cannot expand {path!r}; expandable here: {allowed}."]})
                continue
            heads.setdefault(head, [])
            if rest:
                heads[head].append(rest)
        for head, nested in heads.items():
            target, options = self.expandable_fields[head]
            self.fields[head] = import_string(target)(read_only=True, expand=nested, **options)

    def _apply_sparse_fields(self, wanted: list[str]) -> None:
        if not wanted:
            return
        unknown = [name or "(empty)" for name in wanted if name not in self.fields]
        if unknown:
            raise ValidationError(
                {"fields": [f"Unknown field(s): {', '.join(unknown)}. Available: {', '.join(self.fields)}."]}
            )
        for name in list(self.fields):
            if name not in wanted:
                self.fields.pop(name)


class RepresentationParams(BaseFilterBackend):
    """Documents `fields` and `expand` in the schema (the serializers apply them; nothing is filtered here)."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def get_schema_operation_parameters(self, view):
        serializer_class = getattr(view, "serializer_class", None)
        if not (isinstance(serializer_class, type) and issubclass(serializer_class, FlexFieldsMixin)):
            return []
        expandable = serializer_class.expansion_paths()
        field_names = list(serializer_class().fields)
        parameters = [
            {
                "name": "fields",
                "required": False,
                "in": "query",
                "schema": {"type": "string", "pattern": _choice_list_pattern(field_names)},
                "description": "Comma-separated top-level fields to return (sparse representation).",
            }
        ]
        if expandable:
            parameters.append(
                {
                    "name": "expand",
                    "required": False,
                    "in": "query",
                    "schema": {"type": "string", "pattern": _choice_list_pattern(expandable)},
                    "description": "Comma-separated related objects to inline in full: " + ", ".join(expandable) + ".",
                }
            )
        return parameters


def expansion_prefetches(request, mapping: dict[str, list[str]]) -> list[str]:
    """The prefetch_related paths a request's `expand` needs, from a view's mapping."""
    paths: list[str] = []
    for path in _names(request.query_params.get("expand")) if request is not None else []:
        head = path.split(".")[0]
        paths += mapping.get(path, []) + mapping.get(head, [])
    return list(dict.fromkeys(paths))
