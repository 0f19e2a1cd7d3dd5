"""The behaviour every resource endpoint shares, in the order it must run."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from balkanapi.api.concurrency import VersionedMixin
from balkanapi.api.exports import ExportMixin
from balkanapi.api.viewsets import LastModifiedMixin

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# Derived columns: their changes follow from the fields they are computed from.
HIDDEN_FROM_HISTORY = ["search_text", "name_normalized", "normalized", "fingerprint", "raw_offsets", "updated_at"]
MAX_HISTORY = 200

HISTORY_ENTRY = inline_serializer(
    "HistoryEntry",
    many=True,
    fields={
        "id": serializers.IntegerField(),
        "date": serializers.DateTimeField(),
        "type": serializers.ChoiceField(choices=list(HISTORY_TYPES.values())),
        "user": serializers.CharField(allow_null=True, help_text="Who made the change (shown to staff only)."),
        "changes": inline_serializer(
            "HistoryChange",
            many=True,
            fields={
                "field": serializers.CharField(),
                "old": serializers.JSONField(),
                "new": serializers.JSONField(),
            },
        ),
    },
)


class ResourceMixin(VersionedMixin, LastModifiedMixin, ExportMixin):
    """ETag/If-Match and Idempotency-Key (VersionedMixin), Last-Modified, CSV/NDJSON exports, history.

    Put it first in a viewset's bases, before the lookup and serializer mixins it wraps.
    """

    @extend_schema(
        summary="Change history",
        description=f"Who changed this record, when, and what changed, newest first (at most {MAX_HISTORY}).",
        responses=HISTORY_ENTRY,
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, *args, **kwargs):
        record = self.get_object()
        entries = list(
            record.history.select_related("history_user").order_by("-history_date", "-history_id")[: MAX_HISTORY + 1]
        )
        show_users = bool(request.user and request.user.is_staff)
        data = []
        for newer, older in zip(entries, [*entries[1:], None], strict=True):
            if len(data) == MAX_HISTORY:
                break
            changes = []
            if older is not None:
                delta = newer.diff_against(older, excluded_fields=HIDDEN_FROM_HISTORY)
                changes = [{"field": change.field, "old": change.old, "new": change.new} for change in delta.changes]
            data.append(
                {
                    "id": newer.history_id,
                    "date": newer.history_date,
                    "type": HISTORY_TYPES[newer.history_type],
                    "user": newer.history_user.get_username() if show_users and newer.history_user else None,
                    "changes": changes,
                }
            )
        return Response(data)
