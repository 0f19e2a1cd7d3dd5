"""Read replicas: reads go to a replica, writes to the primary, and a client that wrote reads its own writes.

Settings (balkanapi/settings.py) turn `DATABASE_REPLICA_URLS` into aliases `replica_1`, `replica_2` … and
list them in `DATABASE_REPLICAS`; with none configured everything here is a no-op.

Where reads go:
- outside a request (management commands, shells, jobs): the primary, because such code often reads
  and then writes what it read;
- in a request with an unsafe method (POST, PUT, PATCH, DELETE): the primary, from the start;
- in a safe request, after the code has written through the ORM (the router is asked for a write
  database): the primary for the rest of the request;
- in a safe request inside an explicit `transaction.atomic()` block: the primary;
- in a safe request from a client that wrote less than `REPLICA_STICKY_SECONDS` ago: the primary
  (read-your-writes). The middleware remembers the write in two places, neither in the app server:
  a signed cookie (browsers, the admin, any client that keeps cookies) and, for clients sending an
  `Authorization` header, a short-lived key in the shared cache (Redis in production) named by a
  hash of that header, so token clients that ignore cookies are covered too;
- otherwise: a replica, chosen at random per query.

Replication lag is not measured: the sticky window is a time, not a WAL position. It must exceed the
lag the replicas normally have (see docs/scaling.md).
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

STICKY_COOKIE = "balkanapi_primary"
_COOKIE_SALT = "balkanapi.db_router.sticky"
_CACHE_PREFIX = "db-router:primary:"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass
class _RequestRouting:
    """What the router knows about the request being handled."""

    use_replicas: bool  # false: every read goes to the primary
    wrote: bool = False  # the request wrote (or is an unsafe method): the client sticks to the primary


# None outside requests: reads then go to the primary.
_routing: ContextVar[_RequestRouting | None] = ContextVar("balkanapi_db_routing", default=None)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def reads_use_replicas() -> bool:
    """Whether a read made now would go to a replica."""
    routing = _routing.get()
    if routing is None or not routing.use_replicas or not replica_aliases():
        return False
    # An explicit atomic block inside the request (a savepoint under ATOMIC_REQUESTS, or a transaction
    # when requests are not atomic) is a unit of work that may write: keep its reads with its writes.
    primary = connections[DEFAULT_DB_ALIAS]
    explicit_atomic = primary.in_atomic_block and (
        bool(primary.savepoint_ids) or not primary.settings_dict.get("ATOMIC_REQUESTS")
    )
    return not explicit_atomic


def note_write() -> None:
    """The current request wrote: its later reads, and the client's next requests, go to the primary."""
    routing = _routing.get()
    if routing is not None:
        routing.use_replicas = False
        routing.wrote = True


@contextmanager
def _reads_routed(use_replicas: bool) -> Iterator[None]:
    token = _routing.set(_RequestRouting(use_replicas=use_replicas))
    try:
        yield
    finally:
        _routing.reset(token)


def reads_from_primary():
    """Send the reads inside the block to the primary (e.g. to check something just written elsewhere)."""
    return _reads_routed(use_replicas=False)


def reads_from_replicas():
    """Route reads inside the block as a safe request from a client with no recent write (tests, jobs)."""
    return _reads_routed(use_replicas=True)


class PrimaryReplicaRouter:
    """Django database router: writes and migrations to the primary, reads as `reads_use_replicas()` says."""

    def db_for_read(self, model, **hints) -> str | None:
        replicas = replica_aliases()
        if not replicas:
            return None  # Django's own choice: the instance's database, else default
        if reads_use_replicas():
            return random.choice(replicas)  # noqa: S311 - load spreading, not security
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str | None:
        if not replica_aliases():
            return None
        note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Replicas hold the same rows as the primary: an object read from one may point at one from another.
        same_data = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        if db in replica_aliases():
            return False  # replicas are read-only copies; they follow the primary's schema
        return None


class ReadYourWritesMiddleware:
    """Decide per request whether reads may use replicas, and remember a client's writes for a few seconds.

    Must come before anything that reads the database (sessions, authentication): place it first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        unsafe = request.method not in SAFE_METHODS
        routing = _RequestRouting(use_replicas=not unsafe and not self._client_wrote_recently(request), wrote=unsafe)
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote:
            self._remember_write(request, response)
        if getattr(response, "streaming", False):
            # Streamed bodies (exports) are produced after this method returns: route their reads the same way.
            response.streaming_content = _routed(routing, response.streaming_content)
        return response

    @staticmethod
    def _sticky_seconds() -> float:
        return float(getattr(settings, "REPLICA_STICKY_SECONDS", 5))

    def _client_wrote_recently(self, request) -> bool:
        seconds = self._sticky_seconds()
        if request.get_signed_cookie(STICKY_COOKIE, default=None, salt=_COOKIE_SALT, max_age=seconds):
            return True
        key = _client_cache_key(request)
        if key is None:
            return False
        try:
            return bool(cache.get(key))
        except Exception:  # the shared cache is down: reading from the primary is always correct
            logger.warning("cache unavailable; reading from the primary", exc_info=True)
            return True

    def _remember_write(self, request, response) -> None:
        seconds = self._sticky_seconds()
        response.set_signed_cookie(
            STICKY_COOKIE,
            "1",
            salt=_COOKIE_SALT,
            max_age=seconds,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        key = _client_cache_key(request)
        if key is not None:
            try:
                cache.set(key, 1, timeout=seconds)
            except Exception:
                logger.warning("cache unavailable; the client's next reads may not see this write", exc_info=True)


def _client_cache_key(request) -> str | None:
    """A cache key for the credentials the client sent (never the credentials themselves), if any."""
    credentials = request.headers.get("Authorization")
    if not credentials:
        return None
    return _CACHE_PREFIX + hashlib.sha256(credentials.encode()).hexdigest()[:32]


def _routed(routing: _RequestRouting, chunks: Iterator) -> Iterator:
    """Iterate a streamed body with the request's routing in force (the server iterates after the middleware)."""
    token = _routing.set(routing)
    try:
        yield from chunks
    finally:
        try:
            _routing.reset(token)
        except ValueError:  # finished in another context (the server closed the response elsewhere)
            _routing.set(None)
