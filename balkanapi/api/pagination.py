"""Pagination: page numbers for UIs, keyset cursors for pulling everything, `Link` headers for both.

`?page=N` (the default) suits screens; `?cursor=` (empty to start) walks a whole result set in id
order, or in any `ordering`, at constant cost per page; rows inserted during the walk never shift
the pages. Bad paging parameters are 400s, never silently ignored.
"""

import base64
import contextlib
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

MAX_PAGE_SIZE = 200


def _page_size(request, default: int) -> int:
    raw = request.query_params.get("page_size")
    if not raw:  # absent or empty (`?page_size=`), like every other parameter
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]})
    return int(raw)


def _check_page(request) -> None:
    raw = request.query_params.get("page")
    if raw and raw != "last" and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
        raise ValidationError({"page": ["Must be a whole number from 1, or 'last'."]})


def check_paging_parameters(request) -> None:
    """400 for a malformed `page` or `page_size`, also where they do not apply (streamed exports)."""
    _check_page(request)
    _page_size(request, MAX_PAGE_SIZE)


def _link_header(links: dict[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


def count_rows(queryset) -> int:
    """The number of rows in `queryset`: exact, or cached when counting is costly.

    A count at or above `settings.COUNT_CACHE_MIN_ROWS` is kept for `settings.COUNT_CACHE_SECONDS` in the shared
    cache, keyed by the SQL of the count, so on a large table the same filter is counted once a minute rather than
    on every page; such a total may lag behind writes by that long. Smaller counts are cheap and always exact.
    """
    seconds = settings.COUNT_CACHE_SECONDS
    if not seconds:
        return queryset.count()
    try:
        # The key needs the rows' identity (joins and filters), not the page's columns and per-row
        # subqueries: compiling just the keys costs a fraction of compiling the page query.
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that cannot match (e.g. only unknown slugs): nothing to count
        return 0
    database = connections[queryset.db].settings_dict["NAME"]
    key = "count:" + hashlib.sha256(f"{database}|{sql}|{params!r}".encode()).hexdigest()
    try:
        cached = cache.get(key)
    except Exception:  # an unreachable cache only costs the exact count
        cached = None
    if cached is not None:
        return cached
    total = queryset.count()
    if total >= settings.COUNT_CACHE_MIN_ROWS:
        with contextlib.suppress(Exception):  # as above
            cache.set(key, total, seconds)
    return total


class KeysFirstPaginator(Paginator):
    """Paginator with cached counts that finds a page's rows by their keys first ("deferred join").

    With OFFSET, the database builds every skipped row in full — joins, per-row count subqueries — only to
    throw it away. For pages after the first, the keys of the page are found with a bare query (the filter
    and ordering only, which an index can answer), then just those rows are fetched in full.
    """

    @property
    def count(self) -> int:
        if not hasattr(self, "_count"):
            self._count = count_rows(self.object_list)
        return self._count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if number == 1 or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()}
        return Page([rows[key] for key in keys if key in rows], number, self)


class StrictPageNumberPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = KeysFirstPaginator

    def get_page_size(self, request):
        return _page_size(request, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        _check_page(request)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        first = self.page.number > 1 and self._page_url(1)
        last = self.page.number < self.page.paginator.num_pages and self._page_url(self.page.paginator.num_pages)
        response["Link"] = _link_header(
            {
                "first": first or None,
                "prev": self.get_previous_link(),
                "next": self.get_next_link(),
                "last": last or None,
            }
        )
        return response

    def _page_url(self, number: int) -> str:
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)


class KeysetCursorPagination(BasePagination):
    """Keyset ("seek") pagination in the list's own order, ties broken by id.

    The cursor carries the sort values of the last row shown; the next page is the rows strictly
    after them in the same order, found through the index rather than by skipping rows, so a page far
    into the walk costs what the first one does, and rows inserted meanwhile never shift the pages.
    Nulls sort last in ascending order and first in descending order, on every database.
    """

    default_page_size = api_settings.PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = _page_size(request, self.default_page_size)
        # Without `ordering`, a walk goes in id order: what a full pull or a sync wants, since rows added
        # during the walk then all come after the cursor and are picked up at the end.
        keys = _sort_keys(queryset) if request.query_params.get("ordering") else [("pk", False)]
        self.signature = ",".join(f"{'-' if descending else ''}{field}" for field, descending in keys)
        position, backwards = self._decode(request.query_params.get("cursor", ""))
        names = [f"_cursor_key_{index}" for index in range(len(keys))]
        walk = [(name, descending != backwards) for name, (_field, descending) in zip(names, keys, strict=True)]
        nullable = [_nullable(queryset.model, field) for field, _descending in keys]
        rows = queryset.annotate(**{name: F(field) for name, (field, _desc) in zip(names, keys, strict=True)})
        rows = rows.order_by(
            *[F(name).desc(nulls_first=True) if desc else F(name).asc(nulls_last=True) for name, desc in walk]
        )
        if position is not None:
            rows = rows.filter(_after(walk, position, nullable))
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if backwards:
            page.reverse()
        key_of = lambda row: [getattr(row, name) for name in names]  # noqa: E731 - local shorthand
        self.next_position = key_of(page[-1]) if page and (more if not backwards else True) else None
        self.previous_position = key_of(page[0]) if page and (position is not None if not backwards else more) else None
        return page

    def _decode(self, token: str) -> tuple[list | None, bool]:
        if not token:
            return None, False  # an empty cursor starts a walk
        try:
            payload = json.loads(base64.urlsafe_b64decode(token.encode("ascii") + b"==="))
            if payload["o"] != self.signature or not isinstance(payload["p"], list):
                raise ValueError("cursor from another ordering")
            return payload["p"], bool(payload["b"])
        except (ValueError, KeyError, TypeError, UnicodeError) as error:
            # A cursor names a page of the walk; one this walk never issued names no page (404, as in DRF).
            message = "Invalid cursor: follow the next/previous links as given, with the same ordering."
            raise NotFound(message) from error

    def _link(self, position: list | None, backwards: bool) -> str | None:
        if position is None:
            return None
        payload = json.dumps({"p": position, "b": backwards, "o": self.signature}, default=str, separators=(",", ":"))
        token = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
        return replace_query_param(self.request.build_absolute_uri(), "cursor", token)

    def get_paginated_response(self, data):
        links = {"prev": self._link(self.previous_position, True), "next": self._link(self.next_position, False)}
        response = Response({"next": links["next"], "previous": links["prev"], "results": data})
        response["Link"] = _link_header(links)
        return response


def _sort_keys(queryset) -> list[tuple[str, bool]]:
    """(field, descending) pairs of the queryset's ordering, ending with the primary key."""
    keys = []
    for term in queryset.query.order_by or queryset.model._meta.ordering:
        if isinstance(term, OrderBy) and isinstance(term.expression, F):
            field, descending = term.expression.name, term.descending
        elif isinstance(term, str):
            field, descending = term.removeprefix("-"), term.startswith("-")
        else:
            raise TypeError(f"keyset pagination needs fields to order by, not {term!r}")
        field = "pk" if field in ("id", queryset.model._meta.pk.name) else field
        keys.append((field, descending))
        if field == "pk":
            return keys
    return [*keys, ("pk", False)]


def _nullable(model, path: str) -> bool:
    """Whether the sort key `path` can be null; unknown paths are taken to be nullable."""
    if path == "pk":
        return False
    try:
        field = model._meta.get_field(path)
    except Exception:  # a path across relations or an annotation
        return True
    return bool(getattr(field, "null", True))


def _after(walk: list[tuple[str, bool]], position: list, nullable: list[bool]) -> Q:
    """Rows strictly after `position` in the walk's order (nulls last ascending, first descending).

    Keys that cannot be null get plain comparisons, so the condition stays an index range (`id > 123`)
    rather than an OR the planner must filter row by row.
    """
    if len(position) != len(walk):
        raise NotFound("Invalid cursor: follow the next/previous links as given.")
    condition = Q(pk__in=[])
    equal_so_far = Q()
    for (name, descending), value, can_be_null in zip(walk, position, nullable, strict=True):
        if not can_be_null:
            if value is None:
                raise NotFound("Invalid cursor: follow the next/previous links as given.")
            beyond = Q(**{f"{name}__lt": value}) if descending else Q(**{f"{name}__gt": value})
            same = Q(**{name: value})
        elif value is None:
            beyond = Q(**{f"{name}__isnull": False}) if descending else Q(pk__in=[])
            same = Q(**{f"{name}__isnull": True})
        else:
            beyond = (
                Q(**{f"{name}__lt": value})
                if descending
                else Q(**{f"{name}__gt": value}) | Q(**{f"{name}__isnull": True})
            )
            same = Q(**{name: value})
        condition |= equal_so_far & beyond
        equal_so_far &= same
    return condition


class HybridPagination(BasePagination):
    """Page numbers by default; keyset cursors when the request has a `cursor` parameter."""

    def _delegate(self, request):
        if not hasattr(self, "_chosen"):
            # A `cursor` parameter (even empty) selects cursor mode, in which `page` has no meaning.
            cursor = "cursor" in request.query_params
            self._chosen = KeysetCursorPagination() if cursor else StrictPageNumberPagination()
        return self._chosen

    def paginate_queryset(self, queryset, request, view=None):
        return self._delegate(request).paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self._chosen.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "count": {"type": "integer", "description": "Total matches (page-number mode only).", "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "schema": {"type": "integer", "minimum": 1},
                "description": "Page number (page mode, the default).",
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE} (default 50).",
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "schema": {"type": "string"},
                "description": "Cursor mode: send it empty to start walking the whole result set, then follow "
                "`next`. In id order (rows added during the walk come at its end) or in the order `ordering` "
                "asks for. Constant cost per page, however deep.",
            },
        ]
