"""Pagination: page numbers for UIs, keyset cursors for pulling everything, `Link` headers for both.

`?page=N` (the default) suits screens; `?cursor=` (empty to start) walks a whole result set in id
order at constant cost per page, and rows inserted during the walk never shift the pages (they
appear at the end). Bad paging parameters are 400s, never silently ignored.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination

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


class StrictPageNumberPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

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
        from rest_framework.utils.urls import replace_query_param

        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)


class IdCursorPagination(CursorPagination):
    """Keyset pagination on the primary key: every row exactly once, even while rows are added."""

    ordering = ("pk",)
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"

    def get_page_size(self, request):
        return _page_size(request, self.page_size)

    def get_ordering(self, request, queryset, view):
        if request.query_params.get("ordering"):
            raise ValidationError({"ordering": ["Cursor walks are in id order; leave out ordering with cursor."]})
        return self.ordering

    def decode_cursor(self, request):
        if request.query_params.get(self.cursor_query_param) == "":
            return None  # an empty cursor starts a walk
        try:
            return super().decode_cursor(request)
        except Exception as error:  # DRF raises NotFound("Invalid cursor") for garbage: a client error
            raise ValidationError({"cursor": ["Invalid cursor: use the next/previous links as given."]}) from error

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["Link"] = _link_header({"prev": self.get_previous_link(), "next": self.get_next_link()})
        return response


class HybridPagination(BasePagination):
    """Page numbers by default; keyset cursors when the request has a `cursor` parameter."""

    def _delegate(self, request):
        if not hasattr(self, "_chosen"):
            # A `cursor` parameter (even empty) selects cursor mode, in which `page` has no meaning.
            cursor = "cursor" in request.query_params
            self._chosen = IdCursorPagination() if cursor else StrictPageNumberPagination()
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
                "description": "Cursor mode: send it empty to start walking the whole result set in id order, "
                "then follow `next`. Stable while rows are added; constant cost per page.",
            },
        ]
