"""Streamed CSV and NDJSON exports of any filtered list, at constant memory, with a column dictionary.

`?format=csv|ndjson` (or `Accept: text/csv` / `application/x-ndjson`) on a list endpoint returns the
whole filtered result set, not a page: rows are read in primary-key batches (each batch with its own
prefetches) and written out as they are produced. CSV columns are the list representation flattened
(`speaker.name`, `article.outlet.slug` …; lists joined with `|`); cells that a spreadsheet would run
as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import copy
import csv
import io
import itertools
import json
from collections.abc import Iterator

import orjson
from django.http import StreamingHttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from balkanapi.api.pagination import check_paging_parameters
from balkanapi.text import escape_formula

EXPORT_BATCH = 1000
LIST_SEPARATOR = "|"


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        """Non-list responses (a detail, an error) as a one-row CSV."""
        rows = data if isinstance(data, list) else [data]
        flat = [flatten(row) for row in rows if isinstance(row, dict)]
        columns = list(dict.fromkeys(key for row in flat for key in row))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in flat:
            writer.writerow([safe_cell(row.get(column)) for column in columns])
        return buffer.getvalue().encode("utf-8")


class NDJSONRenderer(BaseRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows).encode("utf-8")


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will show as text, never evaluate as a formula."""
    return "" if value is None else escape_formula(str(value))


def _join(items: list) -> str:
    parts = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("slug") or item.get("code") or item.get("id")
        parts.append("" if item is None else str(item))
    return LIST_SEPARATOR.join(parts)


def flatten(row: dict, prefix: str = "") -> dict:
    """Nested objects to dotted columns; lists to one column of `|`-joined slugs, codes or ids."""
    flat: dict = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = _join(value)
        else:
            flat[name] = value
    return flat


def _field_type(field) -> str:
    for cls, name in (
        (serializers.BooleanField, "boolean"),
        (serializers.IntegerField, "integer"),
        (serializers.FloatField, "number"),
        (serializers.DecimalField, "decimal"),
        (serializers.DateTimeField, "datetime"),
        (serializers.DateField, "date"),
        (serializers.PrimaryKeyRelatedField, "integer"),
    ):
        if isinstance(field, cls):
            return name
    return "string"


def column_dictionary(serializer) -> list[dict]:
    """Every export column of a list serializer: name (as in the CSV header), type and meaning."""
    columns: list[dict] = []
    for name, field in serializer.fields.items():
        description = str(field.help_text or field.label or name.replace("_", " ").capitalize())
        if isinstance(field, serializers.ListSerializer):
            child = field.child
            key = "slug" if "slug" in getattr(child, "fields", {}) else "id"
            columns.append(
                {
                    "name": name,
                    "type": "string",
                    "description": f"{description} ({key}s joined with '{LIST_SEPARATOR}').",
                }
            )
        elif isinstance(field, serializers.Serializer):
            for column in column_dictionary(field):
                columns.append({**column, "name": f"{name}.{column['name']}"})
        elif isinstance(field, serializers.ManyRelatedField):
            columns.append(
                {"name": name, "type": "string", "description": f"{description} (joined with '{LIST_SEPARATOR}')."}
            )
        else:
            columns.append({"name": name, "type": _field_type(field), "description": description})
    return columns


class ExportMixin:
    """List endpoints that stream their whole filtered result set as CSV or NDJSON."""

    export_renderers = (CSVRenderer, NDJSONRenderer)

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) in ("list", None):
            renderers += [renderer() for renderer in self.export_renderers]
        return renderers

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON in the API's error format, also when a CSV or NDJSON export was asked for.
        exporting = isinstance(getattr(request, "accepted_renderer", None), self.export_renderers)
        if response.status_code >= 400 and exporting:
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(renderer, self.export_renderers):
            return self._stream(renderer)
        return super().list(request, *args, **kwargs)

    def _stream(self, renderer) -> StreamingHttpResponse:
        check_paging_parameters(self.request)  # an export is never paged, but a bad value is still an error
        queryset = self.filter_queryset(self.get_queryset()).order_by("pk")
        serializer_class = self.get_serializer_class()
        context = {**self.get_serializer_context(), "request": _without_format(self.request)}
        columns = [column["name"] for column in column_dictionary(serializer_class(context=context))]
        if isinstance(renderer, CSVRenderer):
            content = _csv_lines(queryset, serializer_class, context, columns)
        else:
            content = _ndjson_lines(queryset, serializer_class, context)
        # The first batch is read here, inside the view: if the database is down, the client gets the
        # API's 503, not a server error from the WSGI server once streaming has begun.
        first = next(content, "")
        response = StreamingHttpResponse(
            itertools.chain([first], content), content_type=f"{renderer.media_type}; charset=utf-8"
        )
        resource = getattr(self, "basename", None) or "export"
        response["Content-Disposition"] = f'attachment; filename="{resource}s.{renderer.format}"'
        return response

    @extend_schema(
        summary="Export columns",
        description="The columns of this endpoint's CSV export (`?format=csv`), with types and meanings; "
        "NDJSON exports carry the same fields nested as in the JSON list.",
        responses=inline_serializer(
            "ExportColumn",
            fields={
                "name": serializers.CharField(),
                "type": serializers.CharField(),
                "description": serializers.CharField(),
            },
            many=True,
        ),
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="columns", pagination_class=None, filter_backends=[])
    def columns(self, request, *args, **kwargs):
        serializer_class = self.serializer_class
        return Response(column_dictionary(serializer_class(context=self.get_serializer_context())))


def _without_format(request) -> Request:
    """The request minus `format=`, so links inside exported rows point at the JSON resources."""
    django_request = copy.copy(request._request)
    django_request.GET = django_request.GET.copy()
    django_request.GET.pop("format", None)
    clean = Request(django_request, authenticators=request.authenticators)
    clean.user = request.user
    return clean


def _batches(queryset, serializer_class, context) -> Iterator[list[dict]]:
    """The result set in primary-key batches: constant memory whatever its size."""
    last = None
    while True:
        batch_query = queryset if last is None else queryset.filter(pk__gt=last)
        batch = list(batch_query[:EXPORT_BATCH])
        if not batch:
            return
        last = batch[-1].pk
        yield serializer_class(batch, many=True, context=context).data


def _csv_lines(queryset, serializer_class, context, columns) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for rows in _batches(queryset, serializer_class, context):
        for row in rows:
            flat = flatten(row)
            writer.writerow([safe_cell(flat.get(column)) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _ndjson_lines(queryset, serializer_class, context) -> Iterator[bytes]:
    for rows in _batches(queryset, serializer_class, context):
        yield b"".join(orjson.dumps(row, default=str) + b"\n" for row in rows)
