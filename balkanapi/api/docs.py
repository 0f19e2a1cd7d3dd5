"""Docs pages that work without internet access.

Swagger UI and Redoc come from drf-spectacular-sidecar (served locally). Redoc's bundle still
links a logo on a CDN, so the docs pages carry a Content-Security-Policy that only allows this
origin: the browser never sends a request elsewhere, whatever the bundle asks for.
"""

from functools import wraps

DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def offline_docs(view):
    """Wrap a docs view so its page may only load resources from this server."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response

    return wrapped
