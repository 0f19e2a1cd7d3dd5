"""Filter building blocks shared by every endpoint.

Bad input must be a 400 that names the parameter: django-filter reports invalid filter
values that way, and the ordering filter and search field below do the same instead of
silently ignoring what they do not understand.
"""

import datetime
import re

from django import forms
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.drainage import set_override
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from balkanapi.api.search import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, SearchQueryField, full_text_search
from balkanapi.text import normalize_text

# A slug or code as filters take it: letters, digits, "-" and "_" (what the schema says, too).
SLUG_ITEM = r"^[A-Za-z0-9_-]+$"


class SlugItemField(forms.CharField):
    """One slug or code of a comma-separated list; an empty or malformed item is an error, not "no match"."""

    default_error_messages = {"invalid": "Use slugs or codes (letters, digits, - and _), separated by commas."}

    def clean(self, value):
        value = super().clean(value)
        if not re.fullmatch(SLUG_ITEM, value or ""):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class SlugInFilter(filters.BaseInFilter, filters.CharFilter):
    """Comma-separated list of slugs or codes; a record matches if it matches any of them."""

    field_class = SlugItemField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The schema states the item format (drf-spectacular keeps a description given with it).
        item = {"type": "string", "pattern": SLUG_ITEM, "description": kwargs.get("help_text", "")}
        set_override(self, "field", item)


# Ids are positive 64-bit integers; a larger number is a mistake to report, not a database error.
MAX_ID = 2**63 - 1


class IdItemField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=1, max_value=MAX_ID)
        super().__init__(*args, **kwargs)


class NumberInFilter(filters.BaseInFilter, filters.NumberFilter):
    """Comma-separated list of numeric ids; a record matches if it matches any of them."""

    field_class = IdItemField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": kwargs.get("help_text", "")}
        set_override(self, "field", item)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, moved to UTC: PostgreSQL refuses UTC offsets beyond ±15:59, ISO 8601 does not."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:  # e.g. year 1 with a negative offset
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """Comma-separated list of choice values, each validated against the allowed choices."""


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error rather than "no filter"."""

    TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}
    default_error_messages = {"invalid": "Use true or false."}

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in self.TRUE:
            return True
        if lowered in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # django-filter's BooleanWidget turns unknown words into "no filter"; read the raw text instead.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class SearchTermsField(forms.CharField):
    """Cleans a free-text query into normalised terms, refusing queries that are too long."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        terms = normalize_text(value).split()
        if len(terms) > MAX_QUERY_TERMS:
            raise forms.ValidationError(f"Use at most {MAX_QUERY_TERMS} search terms.", code="too_many_terms")
        return terms


class SearchTermsFilter(filters.CharFilter):
    """`q` on names and labels: every word must occur in the field (`field_name`, `lookup_expr`)."""

    field_class = SearchTermsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "icontains")
        kwargs.setdefault(
            "help_text",
            f"Every word must occur (case-insensitive; at most {MAX_QUERY_TERMS} words, "
            f"{MAX_QUERY_LENGTH} characters).",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        for term in value or []:
            qs = qs.filter(**{f"{self.field_name}__{self.lookup_expr}": term})
        return qs


class FullTextSearchFilter(filters.CharFilter):
    """`q`: web-search syntax over the record's text; see balkanapi/api/search.py for both databases."""

    field_class = SearchQueryField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            'Full-text search, web-search syntax: all words must occur; "a phrase"; a OR b; -excluded. '
            "Case-, accent- and script-insensitive. Adds `rank` and `snippet` to each result and sorts by "
            f"relevance unless `ordering` says otherwise. At most {MAX_QUERY_TERMS} terms, {MAX_QUERY_LENGTH} "
            "characters.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if value is None:
            return qs
        request = getattr(self.parent, "request", None)
        if request is not None:
            request.search_query = value  # read by the serializers' snippet field
        return full_text_search(qs, value)


def order_expressions(terms: list[str]) -> list[OrderBy]:
    """`-field` / `field` terms as explicit orderings, ending with the primary key as tie-breaker."""
    expressions = []
    for term in terms:
        field = term.removeprefix("-")
        field = "pk" if field == "id" else field
        descending = term.startswith("-")
        expressions.append(F(field).desc(nulls_first=True) if descending else F(field).asc(nulls_last=True))
        if field == "pk":
            return expressions
    return [*expressions, F("pk").asc()]


class StrictOrderingFilter(OrderingFilter):
    """Ordering by whitelisted fields only; an unknown field is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param) or None  # `ordering=` means the default
        searching = bool(request.query_params.get("q")) and getattr(view, "ranked_search", False)
        if params is None:
            # With a full-text query, the best matches come first.
            return ["-rank", "pk"] if searching else self.get_default_ordering(view)
        fields = params.split(",")
        allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
        if getattr(view, "ranked_search", False):
            allowed.add("rank")
        unknown = [term or "(empty)" for term in fields if term.removeprefix("-") not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Unknown ordering field(s): {', '.join(unknown)}. "
                        f"Allowed: {', '.join(sorted(allowed))} (prefix '-' for descending)."
                    ]
                }
            )
        if not searching:  # without `q` every row ranks the same
            fields = [term for term in fields if term.removeprefix("-") != "rank"] or self.get_default_ordering(view)
        return fields

    def filter_queryset(self, request, queryset, view):
        """Order by the terms, nulls last ascending and first descending on every database, then by id,
        so that equal values have a fixed order (pages never overlap) and cursors can resume after a row."""
        terms = self.get_ordering(request, queryset, view) or []
        return queryset.order_by(*order_expressions(terms))

    def get_schema_operation_parameters(self, view):
        fields = sorted(getattr(view, "ordering_fields", None) or [])
        if getattr(view, "ranked_search", False):
            fields.append("rank")  # relevance to `q`; without `q` it changes nothing
        one = "-?(" + "|".join(re.escape(field) for field in fields) + ")"
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Comma-separated fields to sort by; prefix '-' for descending. Allowed: "
                + ", ".join(fields)
                + ".",
                "schema": {"type": "string", "pattern": f"^{one}(,{one})*$"},
            }
        ]
