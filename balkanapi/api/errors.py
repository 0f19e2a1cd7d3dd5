"""One error format for the whole API (drf-standardized-errors), plus the database errors it does not know.

Deleting an actor that quotes still point to, a slug already taken, or a write racing another onto
a unique key is the client's conflict to resolve: a 409 with a clear message, never a 500.
"""

import sqlite3

import psycopg
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


class UniqueConflict(ValidationError):
    """A value that must be unique is already taken: the request is well formed but conflicts with
    the data as it stands, so 409 (in the validation error format, naming the field)."""

    status_code = status.HTTP_409_CONFLICT


def _codes(codes) -> set[str]:
    if isinstance(codes, dict):
        return set().union(*map(_codes, codes.values())) if codes else set()
    if isinstance(codes, list):
        return set().union(*map(_codes, codes)) if codes else set()
    return {codes}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class DatabaseUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unavailable; try again shortly."
    default_code = "database_unavailable"


class QueryTimeout(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "query_timeout"

    def __init__(self):
        seconds = settings.DB_STATEMENT_TIMEOUT_MS / 1000
        super().__init__(
            f"The query ran longer than this server's limit of {seconds:g} s and was cancelled; "
            "narrow the filters, or page with a cursor or an export."
        )


def is_statement_timeout(exception: Exception) -> bool:
    """A database error that is a statement cancelled for running too long (PostgreSQL or SQLite)."""
    cause = exception.__cause__
    return isinstance(cause, psycopg.errors.QueryCanceled) or (
        isinstance(cause, sqlite3.OperationalError) and str(cause) == "interrupted"
    )


class BalkanExceptionHandler(ExceptionHandler):
    def get_response(self, exc, data):
        response = super().get_response(exc, data)
        if isinstance(exc, DatabaseUnavailable):
            response["Retry-After"] = "5"
        return response

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, RequestDataTooBig):
            return PayloadTooLarge()
        if isinstance(exc, (OperationalError, InterfaceError)):
            from django.db import connection

            connection.close_if_unusable_or_obsolete()
            # A cancelled statement is not an outage: retrying the same request would be cancelled again.
            return QueryTimeout() if is_statement_timeout(exc) else DatabaseUnavailable()
        if isinstance(exc, (ProtectedError, RestrictedError)):
            referencing = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            blocking = sorted({str(obj._meta.verbose_name_plural) for obj in referencing})
            return Conflict(
                f"Cannot delete: still referenced by {', '.join(blocking)}. "
                "Reassign or delete those first (or merge the record)."
            )
        if type(exc) is ValidationError and _codes(exc.get_codes()) == {"unique"}:
            return UniqueConflict(exc.detail)
        if isinstance(exc, IntegrityError):
            return Conflict("The change conflicts with an existing record (a unique value is already taken).")
        return super().convert_known_exceptions(exc)


@csrf_exempt  # any method may reach an unknown path; it gets a JSON 404, not a CSRF page
def api_not_found(request, *args, **kwargs):
    """JSON 404 for any path under /api/ that no route matches, in the API's error format."""
    return JsonResponse(
        {"type": "client_error", "errors": [{"code": "not_found", "detail": "No such API endpoint.", "attr": None}]},
        status=404,
    )


def error_response(status_code: int, code: str, detail: str) -> JsonResponse:
    """A JSON error in the API's format, for code outside DRF (URL handlers, middleware)."""
    error_type = "server_error" if status_code >= 500 else "client_error"
    return JsonResponse(
        {"type": error_type, "errors": [{"code": code, "detail": detail, "attr": None}]}, status=status_code
    )


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return error_response(404, "not_found", "Not found.")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return error_response(500, "error", "A server error occurred.")
    from django.views.defaults import server_error

    return server_error(request)
