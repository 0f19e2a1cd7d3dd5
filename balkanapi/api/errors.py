"""One error format for the whole API (drf-standardized-errors), plus the database errors it does not know.

Deleting an actor that quotes still point to, or a write racing another onto a unique key,
is the client's conflict to resolve: a 409 with a clear message, never a 500.
"""

from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import status
from rest_framework.exceptions import APIException


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


class BalkanExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, (ProtectedError, RestrictedError)):
            referencing = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            blocking = sorted({str(obj._meta.verbose_name_plural) for obj in referencing})
            return Conflict(
                f"Cannot delete: still referenced by {', '.join(blocking)}. "
                "Reassign or delete those first (or merge the record)."
            )
        if isinstance(exc, IntegrityError):
            return Conflict("The change conflicts with an existing record (a unique value is already taken).")
        return super().convert_known_exceptions(exc)


def api_not_found(request, *args, **kwargs):
    """JSON 404 for any path under /api/ that no route matches, in the API's error format."""
    return JsonResponse(
        {"type": "client_error", "errors": [{"code": "not_found", "detail": "No such API endpoint.", "attr": None}]},
        status=404,
    )
