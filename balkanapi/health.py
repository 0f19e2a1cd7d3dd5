"""Liveness and readiness probes for load balancers and orchestrators."""

from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """The process is up and serving requests (no dependency is checked)."""
    return JsonResponse({"status": "ok"})


@never_cache
@transaction.non_atomic_requests
def readyz(request):
    """Ready for traffic: the database answers. 503 while it does not, so traffic goes elsewhere."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": str(error).splitlines()[0][:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
