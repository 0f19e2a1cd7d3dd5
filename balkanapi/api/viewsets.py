"""Viewset behaviour shared by the apps' APIs."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from rest_framework import status
from rest_framework.response import Response

from balkanapi.api.filters import MAX_ID


def id_or_slug(value: str, id_field: str = "pk", slug_field: str = "slug") -> dict | None:
    """The lookup for a value that is an id (ASCII digits, within 64 bits) or a slug; None when it can be
    neither (text the database cannot even compare, such as a NUL character)."""
    if value.isascii() and value.isdigit():
        return {id_field: int(value)} if int(value) <= MAX_ID else None
    if "\x00" in value or not value.isprintable():
        return None
    return {slug_field: value}


class IdOrSlugLookupMixin:
    """Look a record up by numeric id or by slug in the same URL position (`/actors/12/` or `/actors/ana-petrovic/`)."""

    lookup_field = "pk"
    lookup_value_regex = "[^/]+"

    def get_object(self):
        lookup = id_or_slug(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        if lookup is None:
            raise Http404
        obj = get_object_or_404(self.filter_queryset(self.get_queryset()), **lookup)
        self.check_object_permissions(self.request, obj)
        return obj


class ReadWriteSerializerMixin:
    """Accept writes in `write_serializer_class` (related records by slug or id), answer in the read shape.

    Clients send `{"speaker": "ana-petrovic"}` and get back the speaker inlined as an object,
    the same representation a GET returns.
    """

    write_serializer_class = None
    detail_serializer_class = None
    write_actions = frozenset({"create", "update", "partial_update"})

    def get_serializer_class(self):
        if self.action in self.write_actions:
            return self.write_serializer_class
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def _read_response(self, instance, status_code):
        fresh = self.get_queryset().get(pk=instance.pk)
        self.versioned_record = fresh
        read_serializer = self.get_read_serializer_class()(fresh, context=self.get_serializer_context())
        return Response(read_serializer.data, status=status_code)

    def get_read_serializer_class(self):
        return self.detail_serializer_class or self.serializer_class

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return self._read_response(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return self._read_response(instance, status.HTTP_200_OK)


def last_modified(data) -> float | None:
    """Newest `updated_at` in a detail or list payload, as a timestamp."""
    rows = data.get("results", [data]) if isinstance(data, dict) else []
    stamps = [parse_datetime(row["updated_at"]) for row in rows if isinstance(row, dict) and row.get("updated_at")]
    stamps = [stamp for stamp in stamps if stamp]
    return max(stamps).timestamp() if stamps else None


class LastModifiedMixin:
    """`Last-Modified` from the records' `updated_at`; Django's ConditionalGetMiddleware adds the ETag and
    answers If-None-Match / If-Modified-Since with 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and hasattr(response, "data"):
            stamp = last_modified(response.data)
            if stamp is not None:
                response["Last-Modified"] = http_date(stamp)
        return response
