from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from changes.api.serializers import ChangeEventSerializer
from changes.filters import ChangeEventFilter
from changes.models import ChangeEvent


@extend_schema_view(
    get=extend_schema(
        summary="Change feed",
        description="Creates, updates, deletions and actor merges of every resource, oldest first. A mirror replays "
        "events after the last id it processed (`since=<id>`), or walks with `cursor=`.",
    )
)
class ChangeFeedView(generics.ListAPIView):
    serializer_class = ChangeEventSerializer
    filterset_class = ChangeEventFilter
    permission_classes = [permissions.AllowAny]
    ordering_fields = ["id"]
    ordering = ["id"]
    queryset = ChangeEvent.objects.all()
