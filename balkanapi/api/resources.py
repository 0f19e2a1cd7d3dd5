"""The behaviour every resource endpoint shares, in the order it must run."""

from balkanapi.api.concurrency import VersionedMixin
from balkanapi.api.exports import ExportMixin
from balkanapi.api.viewsets import LastModifiedMixin


class ResourceMixin(VersionedMixin, LastModifiedMixin, ExportMixin):
    """ETag/If-Match and Idempotency-Key (VersionedMixin), Last-Modified, and CSV/NDJSON exports.

    Put it first in a viewset's bases, before the lookup and serializer mixins it wraps.
    """
