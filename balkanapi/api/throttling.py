"""Rate limits: per anonymous client, per user, and a stricter scope for search and exports.

Counters live in the default cache: Redis when REDIS_URL is set (shared by all workers), local memory
otherwise. Rates come from settings.BALKANAPI_THROTTLE_RATES at request time, so they can be tuned
per deployment (THROTTLE_ANON, THROTTLE_USER, THROTTLE_HEAVY). Every throttled response carries
X-RateLimit-Limit / -Remaining / -Reset; a refused one is a 429 with Retry-After.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

EXPORT_FORMATS = {"csv", "ndjson"}


class _ReportingThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.BALKANAPI_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            remaining = max(0, self.num_requests - len(self.history))
            reset = int(self.duration - (self.now - self.history[-1])) if self.history else self.duration
            current = getattr(request._request, "ratelimit", None)
            # Report the tightest limit that applies to this request.
            if current is None or remaining < current[1]:
                request._request.ratelimit = (self.num_requests, remaining, max(reset, 0))
        return allowed


class AnonymousThrottle(_ReportingThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_ReportingThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class SearchAndExportThrottle(_ReportingThrottle):
    """Full-text queries and whole-set exports cost far more than a page: they get their own, lower budget."""

    scope = "heavy"

    def get_cache_key(self, request, view):
        params = request.query_params
        heavy = (
            bool(params.get("q"))
            or params.get("format") in EXPORT_FORMATS
            or any(kind in request.headers.get("Accept", "") for kind in ("text/csv", "application/x-ndjson"))
        )
        if not heavy:
            return None
        ident = f"user-{request.user.pk}" if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
