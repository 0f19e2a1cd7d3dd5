from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from balkanapi.api.permissions import can_see_drafts
from changes.api.serializers import ChangeEventSerializer
from changes.filters import ChangeEventFilter
from changes.models import ChangeEvent
from changes.selectors import events_readers_may_see


@extend_schema_view(
    get=extend_schema(
        summary="Change feed",
        description="Creates, updates, deletions and actor merges of every resource, oldest first. A mirror replays "
        "events after the last id it processed (`since=<id>`), or walks with `cursor=`. Events about drafts "
        "(records nobody has verified yet) are shown only to those who may read drafts; the others see a draft "
        "when it is verified, as an update event.",
    )
)
class ChangeFeedView(generics.ListAPIView):
    serializer_class = ChangeEventSerializer
    filterset_class = ChangeEventFilter
    permission_classes = [permissions.AllowAny]
    ordering_fields = ["id"]
    ordering = ["id"]
    queryset = ChangeEvent.objects.all()

    def get_queryset(self):
        events = super().get_queryset()
        return events if can_see_drafts(self.request.user) else events_readers_may_see(events)
