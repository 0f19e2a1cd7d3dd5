"""Actor representations: a compact summary for embedding, a list shape and a detail shape."""

from django.db import transaction
from rest_framework import serializers

from actors.models import Actor, ActorAlias, Affiliation
from balkanapi.api import fields as strict
from balkanapi.api.compiled import CompiledListSerializer
from balkanapi.api.permissions import ReviewStatusGuard
from balkanapi.api.representation import FlexFieldsMixin


class ActorSummarySerializer(strict.StrictModelSerializer):
    """An actor as embedded in other records (speaker, author, subject …)."""

    country = strict.CountryField(required=False, allow_blank=True)

    class Meta:
        model = Actor
        fields = ["id", "slug", "name", "kind", "country"]


class ActorAliasSerializer(strict.StrictModelSerializer):
    class Meta:
        model = ActorAlias
        fields = ["name", "kind", "language"]


class AffiliationSerializer(strict.StrictModelSerializer):
    organisation = ActorSummarySerializer(read_only=True, allow_null=True)
    organisation_slug = strict.SlugRelatedField(
        source="organisation",
        slug_field="slug",
        queryset=Actor.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Affiliation
        fields = ["id", "role", "organisation", "organisation_slug", "start_date", "end_date", "note"]

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": "Must not be before start_date."})
        return attrs


class ActorSerializer(ReviewStatusGuard, FlexFieldsMixin, strict.StrictModelSerializer):
    """List and write shape: aliases are written as a list and replace the existing ones."""

    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail")
    country = strict.CountryField(required=False, allow_blank=True)
    aliases = ActorAliasSerializer(many=True, required=False)

    class Meta:
        model = Actor
        list_serializer_class = CompiledListSerializer
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "country",
            "description",
            "gender",
            "wikidata_id",
            "aliases",
            "origin",
            "review_status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["origin", "created_at", "updated_at"]

    def validate_aliases(self, aliases):
        names = [alias["name"] for alias in aliases]
        if len(names) != len(set(names)):
            raise serializers.ValidationError("Alias names must be unique for an actor.")
        return aliases

    @transaction.atomic
    def create(self, validated_data):
        aliases = validated_data.pop("aliases", [])
        actor = Actor.objects.create(**validated_data)
        self._replace_aliases(actor, aliases)
        return actor

    @transaction.atomic
    def update(self, instance, validated_data):
        aliases = validated_data.pop("aliases", None)
        instance = super().update(instance, validated_data)
        if aliases is not None:
            instance.aliases.all().delete()
            self._replace_aliases(instance, aliases)
        return instance

    @staticmethod
    def _replace_aliases(actor: Actor, aliases: list[dict]) -> None:
        for alias in aliases:
            ActorAlias(actor=actor, **alias).save()


class ActorDetailSerializer(ActorSerializer):
    affiliations = AffiliationSerializer(many=True, read_only=True)
    quote_count = serializers.IntegerField(read_only=True, help_text="Quotes attributed to this actor.")
    mention_count = serializers.IntegerField(read_only=True, help_text="Mentions of this actor in article bodies.")
    claim_count = serializers.IntegerField(read_only=True, help_text="Claims this actor made.")
    article_count = serializers.IntegerField(read_only=True, help_text="Articles mentioning this actor.")

    class Meta(ActorSerializer.Meta):
        fields = [
            *ActorSerializer.Meta.fields,
            "affiliations",
            "quote_count",
            "mention_count",
            "claim_count",
            "article_count",
        ]
