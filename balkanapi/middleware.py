"""Request logging, security headers and database-outage handling."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import sqlite3
import time
import uuid

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import JsonResponse

request_log = logging.getLogger("balkanapi.requests")

ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


class RequestLogMiddleware:
    """One structured log line per request: id, method, path, status, duration, user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        user = getattr(request, "user", None)
        request_log.info(
            "request",
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user.get_username() if user is not None and user.is_authenticated else None,
            },
        )
        return response


class AdminContentSecurityPolicyMiddleware:
    """The admin may load resources from this server only (the docs pages set their own policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = ADMIN_CSP
        return response


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer 503 with Retry-After instead of a 500 or a hang."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            from django.db import connection

            # Imported here: this module is loaded while settings configure logging, before DRF can be.
            from balkanapi.api.errors import DatabaseUnavailable, QueryTimeout, error_response, is_statement_timeout

            connection.close_if_unusable_or_obsolete()
            if is_statement_timeout(exception):
                # Not an outage: the same request would be cancelled again, so no Retry-After.
                return error_response(503, "query_timeout", QueryTimeout().detail)
            response = error_response(503, "database_unavailable", DatabaseUnavailable.default_detail)
            response["Retry-After"] = "5"
            return response
        return None


class SQLiteStatementTimeoutMiddleware:
    """On SQLite, cancel a statement that runs past DB_STATEMENT_TIMEOUT_MS, as PostgreSQL does.

    PostgreSQL enforces `statement_timeout` itself (settings pass it at connect). SQLite has no such
    setting, but calls a progress handler every CHECK_EVERY_INSTRUCTIONS VM instructions, and a handler
    that answers non-zero interrupts the running statement. Each statement restarts the clock. Only web
    requests are limited: migrations and management commands on a large file may run long.
    """

    # The handler takes the GIL each time it runs; checked too often, a query would queue behind threads
    # serialising other responses. A million VM instructions are a few milliseconds of SQLite's time.
    CHECK_EVERY_INSTRUCTIONS = 1_000_000

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection = connections["default"]
        limit = settings.DB_STATEMENT_TIMEOUT_MS / 1000
        if connection.vendor != "sqlite" or limit <= 0:
            return self.get_response(request)
        deadline = math.inf

        def start_clock(execute, sql, params, many, context):
            nonlocal deadline
            # The clock keeps running while rows are fetched after execute() returns.
            deadline = time.monotonic() + limit
            return execute(sql, params, many, context)

        def past_deadline() -> int:
            return 1 if time.monotonic() > deadline else 0

        try:
            connection.ensure_connection()
        except OperationalError:  # the file cannot be opened: the view's own error handling answers 503
            return self.get_response(request)
        raw_connection = connection.connection
        raw_connection.set_progress_handler(past_deadline, self.CHECK_EVERY_INSTRUCTIONS)
        try:
            with connection.execute_wrapper(start_clock):
                return self.get_response(request)
        finally:
            with contextlib.suppress(sqlite3.ProgrammingError):  # closed after an error: nothing to reset
                raw_connection.set_progress_handler(None, self.CHECK_EVERY_INSTRUCTIONS)


class SQLiteReadTransactionMiddleware:
    """On SQLite, API reads begin their per-request transaction DEFERRED instead of IMMEDIATE.

    The IMMEDIATE mode in settings makes every transaction take SQLite's write lock at BEGIN, so a
    version check and the write that follows cannot interleave with another writer's. A GET, HEAD or
    OPTIONS under /api/ writes nothing; with IMMEDIATE it would still queue behind every other request
    (and a long export would make the others time out). Other requests, and the admin, keep IMMEDIATE.
    """

    READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection = connections["default"]
        if connection.vendor != "sqlite":
            return self.get_response(request)
        if request.method in self.READ_METHODS and request.path.startswith("/api/"):
            try:
                connection.ensure_connection()  # connecting sets the mode from settings: override it after
            except OperationalError:  # the file cannot be opened: the view's own error handling answers 503
                return self.get_response(request)
            connection.transaction_mode = None
            try:
                return self.get_response(request)
            finally:
                # The connection may serve a write next (persistent connections): back to the settings' mode.
                configured = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode")
                connection.transaction_mode = configured.upper() if configured else None
        return self.get_response(request)


class JsonLogFormatter(logging.Formatter):
    """Log records as one JSON object per line, with any structured `extra` fields."""

    _standard = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

    def format(self, record):
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({key: value for key, value in vars(record).items() if key not in self._standard})
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class RequestLimitsMiddleware:
    """Over-long query strings are refused (414) and rate-limit state is reported in headers."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.max_query = settings.MAX_QUERY_STRING_LENGTH

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > self.max_query:
            return JsonResponse(
                {
                    "type": "client_error",
                    "errors": [
                        {
                            "code": "query_too_long",
                            "attr": None,
                            "detail": f"Query strings are limited to {self.max_query} characters.",
                        }
                    ],
                },
                status=414,
            )
        response = self.get_response(request)
        limit = getattr(request, "ratelimit", None)
        if limit is not None:
            response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"], response["X-RateLimit-Reset"] = (
                str(part) for part in limit
            )
        return response
