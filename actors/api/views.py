"""Actors endpoint: thin wiring of selectors, filters and serializers."""

import json

from django.http import Http404, HttpResponsePermanentRedirect
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from actors.api.serializers import ActorDetailSerializer, ActorSerializer
from actors.filters import ActorFilter
from actors.models import Actor, ActorRedirect
from actors.selectors import actor_detail, actor_list
from actors.services import MergeError, merge_actors
from balkanapi.api.concurrency import run_idempotently
from balkanapi.api.permissions import published_only
from balkanapi.api.resources import ResourceMixin
from balkanapi.api.viewsets import IdOrSlugLookupMixin, ReadWriteSerializerMixin, id_or_slug


class CanMergeActors(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.has_perm("actors.merge_actor")))


@extend_schema_view(
    list=extend_schema(summary="List actors", description="People, governments, organisations and countries."),
    retrieve=extend_schema(
        summary="Get an actor by id or slug",
        description="With aliases, affiliations and counts of quotes, mentions and claims.",
    ),
)
class ActorViewSet(ResourceMixin, IdOrSlugLookupMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = ActorSerializer
    detail_serializer_class = ActorDetailSerializer
    write_serializer_class = ActorSerializer
    filterset_class = ActorFilter
    ordering_fields = ["name", "kind", "country", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return published_only(actor_list() if self.action == "list" else actor_detail(), self.request)

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except (Http404, NotFound):
            redirect = _redirect_for(kwargs[self.lookup_field])
            if redirect is None:
                raise
            url = reverse("api:actor-detail", args=[redirect.target.slug], request=request)
            response = HttpResponsePermanentRedirect(url, content_type="application/json")
            response.content = json.dumps({"detail": f"Merged into {redirect.target.slug}.", "location": url})
            return response

    @extend_schema(
        summary="Merge another actor into this one",
        description="Moves the other actor's quotes, mentions, claims, authorships, affiliations and aliases to "
        "this actor, keeps its name as an alias, and deletes it; its id and slug keep resolving here (301) and "
        "the change feed records a merge. Needs staff status or the 'merge actors' permission.",
        request=inline_serializer(
            "ActorMergeRequest",
            fields={
                "absorb": serializers.CharField(help_text="Id or slug of the duplicate to merge into this actor."),
            },
        ),
        responses={200: ActorDetailSerializer, 400: OpenApiResponse(description="Invalid merge.")},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, CanMergeActors])
    def merge(self, request, *args, **kwargs):
        return run_idempotently(request, lambda: self._merge(request))

    def _merge(self, request):
        survivor = self.get_object()
        value = str(request.data.get("absorb", "")).strip()
        if not value:
            raise ValidationError({"absorb": ["Give the id or slug of the actor to merge into this one."]})
        lookup = id_or_slug(value)
        absorbed = Actor.objects.filter(**lookup).first() if lookup else None
        if absorbed is None:
            raise ValidationError({"absorb": [f"No actor {value!r}."]})
        try:
            merge_actors(survivor, absorbed)
        except MergeError as error:
            raise ValidationError({"absorb": [str(error)]}) from error
        return Response(
            ActorDetailSerializer(actor_detail().get(pk=survivor.pk), context=self.get_serializer_context()).data
        )


def _redirect_for(value: str) -> ActorRedirect | None:
    lookup = id_or_slug(value, "old_id", "old_slug")
    return ActorRedirect.objects.select_related("target").filter(**lookup).first() if lookup else None
