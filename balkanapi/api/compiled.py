"""Lean serialization for hot list paths: DRF's representation, planned once per list instead of per row.

DRF's `Serializer.to_representation` walks every field of every row through generic machinery: a
generator over the readable fields, source-attribute lookups, a manager per prefetched relation,
a nested serializer dispatch per related object. For a page of 50 articles, or an export of 100,000
quotes, that machinery costs more than the query. `CompiledListSerializer` looks at the child
serializer's fields once (after `fields=` and `expand=` have shaped them) and builds one small function
per field; each row is then a dict built from those functions. The output is the same as DRF's (tests
compare the two on every list endpoint): fields it does not know how to plan keep DRF's own code.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from operator import attrgetter

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch
from django_countries.serializer_fields import CountryField
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.settings import api_settings

from balkanapi.querysets import LISTED_PREFIX

Getter = Callable[[object], object]

# Field classes whose representation of a non-null value is a plain conversion.
_CONVERSIONS: list[tuple[type, Callable]] = [
    (fields.BooleanField, bool),
    (fields.IntegerField, int),
    (fields.FloatField, float),
    (fields.CharField, str),
]


def _conversion(field: fields.Field) -> Callable | None:
    if type(field) is fields.BigIntegerField:  # ids: a string only if the API coerces big integers
        return str if getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING) else int
    for field_class, conversion in _CONVERSIONS:
        if isinstance(field, field_class):
            # A subclass that changes the representation keeps its own.
            return conversion if type(field).to_representation is field_class.to_representation else None
    return None


def _related_items(source: str) -> Getter:
    """The related rows of a to-many relation: prefetched as a list (querysets.prefetch_lists), or from
    the prefetch cache when there is one (no manager), or from the manager."""
    listed = LISTED_PREFIX + source

    def items(instance):
        rows = instance.__dict__.get(listed)
        if rows is not None:
            return rows
        cache = getattr(instance, "_prefetched_objects_cache", None)
        if cache is not None and source in cache:
            return cache[source]
        value = getattr(instance, source)
        return value.all() if isinstance(value, models.Manager) else value

    return items


def plan(serializer: serializers.Serializer) -> Callable[[object], dict]:
    """A function turning one instance into the serializer's representation."""
    steps = [(name, _plan_field(field)) for name, field in serializer.fields.items() if not field.write_only]

    def represent(instance) -> dict:
        representation = {}
        for name, step in steps:
            try:  # noqa: SIM105 - per field and row: a try costs nothing, contextlib.suppress does
                representation[name] = step(instance)
            except fields.SkipField:
                pass
        return representation

    return represent


def _plan_field(field: fields.Field) -> Getter:
    fast = _fast_path(field)
    if fast is None:
        return _drf_field(field)
    slow = _drf_field(field)

    def represent(instance):
        try:
            return fast(instance)
        except (AttributeError, KeyError):  # e.g. a missing annotation: DRF's defaults and skipping apply
            return slow(instance)

    return represent


def _fast_path(field: fields.Field) -> Getter | None:
    if isinstance(field, relations.HyperlinkedIdentityField):
        return _identity_link(field)
    simple_source = len(field.source_attrs) == 1 and field.source != "*"
    plain_country = isinstance(field, CountryField) and not field.country_dict  # a dict per row must not be shared
    if simple_source and (plain_country or type(field) is fields.ChoiceField):
        return _memoized_by_column(field, _drf_field(field))
    if simple_source and type(field) is fields.DateTimeField:
        return _iso_datetime(field)
    if simple_source and type(field) is fields.DateField:
        return _iso_date(field)
    if simple_source and isinstance(field, serializers.ListSerializer):
        child = plan(field.child) if _plannable(field.child) else field.child.to_representation
        items = _related_items(field.source)
        return lambda instance: [child(item) for item in items(instance)]
    if simple_source and isinstance(field, relations.ManyRelatedField):
        child = field.child_relation
        items = _related_items(field.source)
        if (
            isinstance(child, relations.SlugRelatedField)
            and type(child).to_representation is relations.SlugRelatedField.to_representation
            and "__" not in child.slug_field
        ):
            slug = attrgetter(child.slug_field)
            return lambda instance: [slug(item) for item in items(instance)]
        return lambda instance: [child.to_representation(item) for item in items(instance)]
    if simple_source and isinstance(field, serializers.Serializer) and _plannable(field):
        nested = plan(field)
        get = attrgetter(field.source)
        return lambda instance: None if (value := get(instance)) is None else nested(value)
    conversion = _conversion(field) if simple_source else None
    if conversion is not None:
        get = attrgetter(field.source)
        return lambda instance: None if (value := get(instance)) is None else conversion(value)
    return None


# Stands in for the lookup value when a link is reversed once per list: digits, so any URL converter
# that takes an id takes it, and long enough not to occur anywhere else in the URL.
_LINK_PLACEHOLDER = "918273645546372819"


def _identity_link(field: relations.HyperlinkedIdentityField) -> Getter | None:
    """An object's own URL by filling its id into a URL reversed once (reversing is ~30 µs a row)."""
    plain = (
        type(field).get_url is relations.HyperlinkedRelatedField.get_url
        and type(field).to_representation is relations.HyperlinkedRelatedField.to_representation
    )
    request = field.context.get("request")
    if not plain or request is None:
        return None
    link_format = field.context.get("format")
    if link_format and field.format and field.format != link_format:
        link_format = field.format
    try:
        template = field.reverse(
            field.view_name, kwargs={field.lookup_url_kwarg: _LINK_PLACEHOLDER}, request=request, format=link_format
        )
    except NoReverseMatch:
        return None  # DRF's path raises its own explanatory error
    if template.count(_LINK_PLACEHOLDER) != 1:
        return None
    prefix, suffix = template.split(_LINK_PLACEHOLDER)
    lookup = attrgetter(field.lookup_field)
    slow = field.to_representation

    def link(instance):
        value = lookup(instance)
        if type(value) is not int or instance.pk in (None, ""):
            return slow(instance)  # strings may need quoting; unsaved objects have no URL
        return relations.Hyperlink(f"{prefix}{value}{suffix}", instance)

    return link


def _memoized_by_column(field: fields.Field, slow: Getter) -> Getter:
    """For a field whose output depends only on its stored column (e.g. a country code): compute
    each distinct value once. The raw column comes from the instance's __dict__, skipping model
    descriptors that build an object per access."""
    name = field.source
    memo: dict = {}

    def represent(instance):
        raw = instance.__dict__[name]  # KeyError (deferred, or not a column): DRF's path
        try:
            return memo[raw]
        except KeyError:
            memo[raw] = value = slow(instance)
            return value
        except TypeError:  # unhashable
            return slow(instance)

    return represent


def _iso_datetime(field: fields.DateTimeField) -> Getter | None:
    """DRF's ISO 8601 datetime output, with the timezone looked up once per list instead of per row."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return None
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None or not settings.USE_TZ:
        return None
    get = attrgetter(field.source)
    slow = _drf_field(field)

    def represent(instance):
        value = get(instance)
        if type(value) is not datetime.datetime or value.tzinfo is None:
            return slow(instance)  # None, naive or other values: DRF's rules
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return slow(instance)  # DRF's validation error for dates at the edge of the calendar
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return represent


def _iso_date(field: fields.DateField) -> Getter | None:
    """DRF's ISO 8601 date output without its per-row format lookups."""
    output_format = getattr(field, "format", api_settings.DATE_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return None
    get = attrgetter(field.source)
    slow = _drf_field(field)

    def represent(instance):
        value = get(instance)
        return value.isoformat() if type(value) is datetime.date else slow(instance)

    return represent


def _plannable(serializer: serializers.Serializer) -> bool:
    """Plain serializers only: one that overrides `to_representation` keeps its own."""
    return type(serializer).to_representation is serializers.Serializer.to_representation


def _drf_field(field: fields.Field) -> Getter:
    """DRF's own handling of one field, as in `Serializer.to_representation`."""

    def represent(instance):
        attribute = field.get_attribute(instance)
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return represent


class CompiledListSerializer(serializers.ListSerializer):
    """`list_serializer_class` for list-heavy serializers: plans the child once, then builds rows."""

    def to_representation(self, data):
        if not _plannable(self.child):
            return super().to_representation(data)
        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        represent = plan(self.child)
        return [represent(item) for item in iterable]
