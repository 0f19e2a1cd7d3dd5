"""Actors endpoint: thin wiring of selectors, filters and serializers."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from actors.api.serializers import ActorDetailSerializer, ActorSerializer
from actors.filters import ActorFilter
from actors.selectors import actor_detail, actor_list
from balkanapi.api.exports import ExportMixin
from balkanapi.api.viewsets import IdOrSlugLookupMixin, ReadWriteSerializerMixin


@extend_schema_view(
    list=extend_schema(summary="List actors", description="People, governments, organisations and countries."),
    retrieve=extend_schema(
        summary="Get an actor by id or slug",
        description="With aliases, affiliations and counts of quotes, mentions and claims.",
    ),
)
class ActorViewSet(ExportMixin, IdOrSlugLookupMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = ActorSerializer
    detail_serializer_class = ActorDetailSerializer
    write_serializer_class = ActorSerializer
    filterset_class = ActorFilter
    ordering_fields = ["name", "kind", "country", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return actor_list() if self.action == "list" else actor_detail()
