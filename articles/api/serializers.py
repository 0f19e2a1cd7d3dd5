"""Representations of outlets, articles, quotes, quote groups and claims.

Reads inline related records (a quote carries its speaker and article); writes name related
records by slug (actors, outlets, topics, groups), by code (languages) or by id (articles, quotes).
Every span written must slice exactly its text out of the article body.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.api.serializers import ActorSummarySerializer
from actors.models import Actor
from articles.models import Article, Claim, Language, Mention, Outlet, Quote, QuoteGroup, SameStoryLink, Topic
from articles.selectors import mentioned_actors
from balkanapi.api import fields as strict
from balkanapi.api.compiled import CompiledListSerializer
from balkanapi.api.permissions import ReviewStatusGuard
from balkanapi.api.representation import FlexFieldsMixin
from balkanapi.api.search import snippet


class SearchHitFields(serializers.Serializer):
    """`rank` and `snippet` for results of a full-text query (`q`); null otherwise."""

    snippet_source = "text"

    rank = serializers.FloatField(
        read_only=True, default=None, allow_null=True, help_text="Relevance to `q` (higher is better)."
    )
    snippet = serializers.SerializerMethodField(help_text="Text around the first match of `q`, matches in <mark>.")

    def get_snippet(self, record) -> str | None:
        request = self.context.get("request")
        query = getattr(request, "search_query", None) if request is not None else None
        if query is None:
            return None
        return snippet(getattr(record, self.snippet_source) or "", query)


def actor_slugs(**kwargs) -> serializers.SlugRelatedField:
    return strict.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), **kwargs)


class LanguageSerializer(strict.StrictModelSerializer):
    class Meta:
        model = Language
        fields = ["code", "name"]


class TopicSerializer(FlexFieldsMixin, strict.StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail")

    class Meta:
        model = Topic
        fields = ["id", "url", "slug", "name", "description", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class TopicSummarySerializer(strict.StrictModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class OutletSummarySerializer(strict.StrictModelSerializer):
    country = strict.CountryField(required=False, allow_blank=True)

    class Meta:
        model = Outlet
        fields = ["id", "slug", "name", "country", "kind"]


class OutletSerializer(FlexFieldsMixin, strict.StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:outlet-detail")
    country = strict.CountryField(required=False, allow_blank=True)
    language = strict.PrimaryKeyRelatedField(
        queryset=Language.objects.all(),
        required=False,
        allow_null=True,
        help_text="Primary language code.",
    )
    article_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Outlet
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "homepage",
            "country",
            "language",
            "kind",
            "ownership",
            "description",
            "article_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ArticleSummarySerializer(strict.StrictModelSerializer):
    """An article as embedded in a quote or claim."""

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    outlet = OutletSummarySerializer(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "url", "title", "outlet", "published_on", "date_precision"]


class QuoteGroupSummarySerializer(strict.StrictModelSerializer):
    class Meta:
        model = QuoteGroup
        fields = ["id", "slug", "label"]


class SpanFieldsMixin(serializers.Serializer):
    """Checks that body[start:end] of the article equals the cited text."""

    span_text_field = "text"

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance
        article = attrs.get("article", getattr(instance, "article", None))
        start = attrs.get("start", getattr(instance, "start", None))
        end = attrs.get("end", getattr(instance, "end", None))
        text = attrs.get(self.span_text_field, getattr(instance, self.span_text_field, None))
        if article is None or start is None or end is None:
            return attrs
        if end <= start:
            raise serializers.ValidationError({"end": "Must be greater than start."})
        if end > len(article.body):
            raise serializers.ValidationError(
                {"end": f"Beyond the end of the article body ({len(article.body)} characters)."}
            )
        if text is None:
            attrs[self.span_text_field] = article.body[start:end]
        elif article.body[start:end] != text:
            raise serializers.ValidationError(
                {
                    self.span_text_field: f"Does not match body[{start}:{end}] of article {article.pk}: "
                    f"{article.body[start:end]!r}."
                }
            )
        return attrs


class QuoteInArticleSerializer(strict.StrictModelSerializer):
    """A quote inside its article: the article itself is the context."""

    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    speaker = ActorSummarySerializer(read_only=True, allow_null=True)
    direct = serializers.BooleanField(source="is_direct", read_only=True)
    language = serializers.CharField(source="language_id", read_only=True, allow_null=True)
    about = ActorSummarySerializer(many=True, read_only=True)
    group = QuoteGroupSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Quote
        list_serializer_class = CompiledListSerializer
        fields = [
            "id",
            "url",
            "speaker",
            "speaker_text",
            "text",
            "direct",
            "language",
            "start",
            "end",
            "cue",
            "venue",
            "about",
            "group",
            "confidence",
            "review_status",
        ]


class QuoteSerializer(FlexFieldsMixin, SearchHitFields, QuoteInArticleSerializer):
    expandable_fields = {
        "speaker": ("actors.api.serializers.ActorSerializer", {}),
        "about": ("actors.api.serializers.ActorSerializer", {"many": True}),
        "article": ("articles.api.serializers.ArticleSerializer", {}),
        "group": ("articles.api.serializers.QuoteGroupSerializer", {}),
    }

    article = ArticleSummarySerializer(read_only=True)

    class Meta(QuoteInArticleSerializer.Meta):
        fields = [
            *QuoteInArticleSerializer.Meta.fields[:2],
            "article",
            *QuoteInArticleSerializer.Meta.fields[2:],
            "created_at",
            "updated_at",
            "rank",
            "snippet",
        ]


class QuoteWriteSerializer(ReviewStatusGuard, SpanFieldsMixin, strict.StrictModelSerializer):
    article = strict.PrimaryKeyRelatedField(queryset=Article.objects.all(), help_text="Article id.")
    speaker = actor_slugs(required=False, allow_null=True, help_text="Speaker actor slug; null when unattributed.")
    direct = strict.BooleanField(source="is_direct", default=True)
    # Not trimmed: a span may begin or end with a space, and must equal the body's text exactly.
    text = strict.CharField(
        required=False, trim_whitespace=False, help_text="Defaults to body[start:end]; when given, must equal it."
    )
    language = strict.PrimaryKeyRelatedField(queryset=Language.objects.all(), required=False, allow_null=True)
    about = actor_slugs(many=True, required=False)
    group = strict.SlugRelatedField(
        slug_field="slug",
        queryset=QuoteGroup.objects.all(),
        required=False,
        allow_null=True,
    )
    confidence = strict.FloatField(required=False, allow_null=True, min_value=0, max_value=1)

    class Meta:
        model = Quote
        fields = [
            "article",
            "speaker",
            "speaker_text",
            "text",
            "direct",
            "language",
            "start",
            "end",
            "cue",
            "venue",
            "about",
            "group",
            "confidence",
            "review_status",
        ]
        validators = []  # the (article, start, end) uniqueness is checked in validate() with a clear message

    def validate(self, attrs):
        attrs = super().validate(attrs)
        article = attrs.get("article", getattr(self.instance, "article", None))
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        clash = Quote.objects.filter(article=article, start=start, end=end)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"start": "This article already has a quote with this span."}, code="unique"
            )
        return attrs


class ClaimInArticleSerializer(strict.StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    claimant = ActorSummarySerializer(
        read_only=True, allow_null=True, help_text="Null when the article itself makes the claim."
    )
    claimant_type = serializers.SerializerMethodField()
    subjects = ActorSummarySerializer(many=True, read_only=True)
    quote = strict.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Id of the quote the claim comes from."
    )

    class Meta:
        model = Claim
        list_serializer_class = CompiledListSerializer
        fields = [
            "id",
            "url",
            "claimant",
            "claimant_type",
            "sentence",
            "statement",
            "subjects",
            "kind",
            "value",
            "unit",
            "start",
            "end",
            "quote",
            "verification_status",
            "review_status",
        ]

    def get_claimant_type(self, claim: Claim) -> str:
        """`actor` when an actor makes the claim, `article` when the outlet or author asserts it."""
        return "actor" if claim.claimant_id else "article"


class ClaimSerializer(FlexFieldsMixin, SearchHitFields, ClaimInArticleSerializer):
    snippet_source = "sentence"
    expandable_fields = {
        "claimant": ("actors.api.serializers.ActorSerializer", {}),
        "subjects": ("actors.api.serializers.ActorSerializer", {"many": True}),
        "article": ("articles.api.serializers.ArticleSerializer", {}),
    }

    article = ArticleSummarySerializer(read_only=True)

    class Meta(ClaimInArticleSerializer.Meta):
        fields = [
            *ClaimInArticleSerializer.Meta.fields[:2],
            "article",
            *ClaimInArticleSerializer.Meta.fields[2:],
            "created_at",
            "updated_at",
            "rank",
            "snippet",
        ]


class ClaimWriteSerializer(ReviewStatusGuard, SpanFieldsMixin, strict.StrictModelSerializer):
    span_text_field = "sentence"

    article = strict.PrimaryKeyRelatedField(queryset=Article.objects.all(), help_text="Article id.")
    claimant = actor_slugs(
        required=False, allow_null=True, help_text="Claimant actor slug; null when the article asserts it."
    )
    # Not trimmed: a span may begin or end with a space, and must equal the body's text exactly.
    sentence = strict.CharField(
        required=False, trim_whitespace=False, help_text="Defaults to body[start:end]; when given, must equal it."
    )
    subjects = actor_slugs(many=True, required=False)
    quote = strict.PrimaryKeyRelatedField(queryset=Quote.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "article",
            "claimant",
            "sentence",
            "statement",
            "subjects",
            "kind",
            "value",
            "unit",
            "start",
            "end",
            "quote",
            "verification_status",
            "review_status",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        article = attrs.get("article", getattr(self.instance, "article", None))
        quote = attrs.get("quote", getattr(self.instance, "quote", None))
        if quote is not None and article is not None and quote.article_id != article.pk:
            raise serializers.ValidationError({"quote": "The quote belongs to another article."})
        return attrs


class MentionSerializer(strict.StrictModelSerializer):
    actor = ActorSummarySerializer(read_only=True)

    class Meta:
        model = Mention
        fields = ["id", "actor", "text", "start", "end"]


class SameStorySerializer(strict.StrictModelSerializer):
    article = ArticleSummarySerializer(source="to_article", read_only=True)

    class Meta:
        model = SameStoryLink
        fields = ["article", "kind", "note"]


class ArticleSerializer(FlexFieldsMixin, SearchHitFields, strict.StrictModelSerializer):
    """List shape: metadata without the body and extracted records."""

    snippet_source = "body"
    expandable_fields = {
        "outlet": ("articles.api.serializers.OutletSerializer", {}),
        "authors": ("actors.api.serializers.ActorSerializer", {"many": True}),
        "syndicated_from": ("articles.api.serializers.OutletSerializer", {}),
    }

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    outlet = OutletSummarySerializer(read_only=True)
    authors = ActorSummarySerializer(many=True, read_only=True)
    languages = strict.SlugRelatedField(slug_field="code", many=True, read_only=True)
    topics = TopicSummarySerializer(many=True, read_only=True)
    syndicated_from = OutletSummarySerializer(read_only=True, allow_null=True)
    quote_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Article
        list_serializer_class = CompiledListSerializer
        fields = [
            "id",
            "url",
            "title",
            "standfirst",
            "outlet",
            "authors",
            "published_on",
            "date_precision",
            "languages",
            "topics",
            "review_status",
            "canonical_url",
            "syndicated_from",
            "content_hash",
            "rank",
            "snippet",
            "quote_count",
            "claim_count",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    """Detail shape: the article as linked data, with everything extracted from it."""

    same_story = SameStorySerializer(source="story_links", many=True, read_only=True)
    mentioned_actors = serializers.SerializerMethodField()
    mentions = MentionSerializer(many=True, read_only=True)
    quotes = QuoteInArticleSerializer(many=True, read_only=True)
    claims = ClaimInArticleSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "date_note",
            "syndication_note",
            "notes",
            "body",
            "raw_text",
            "same_story",
            "mentioned_actors",
            "mentions",
            "quotes",
            "claims",
        ]

    @extend_schema_field(ActorSummarySerializer(many=True))
    def get_mentioned_actors(self, article: Article) -> list[dict]:
        return ActorSummarySerializer(mentioned_actors(article), many=True, context=self.context).data


class ArticleWriteSerializer(ReviewStatusGuard, strict.StrictModelSerializer):
    outlet = strict.SlugRelatedField(slug_field="slug", queryset=Outlet.objects.all(), help_text="Outlet slug.")
    authors = actor_slugs(many=True, required=False)
    languages = strict.PrimaryKeyRelatedField(queryset=Language.objects.all(), many=True, required=False)
    topics = strict.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all(), many=True, required=False)
    syndicated_from = strict.SlugRelatedField(
        slug_field="slug",
        queryset=Outlet.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Article
        fields = [
            "outlet",
            "title",
            "standfirst",
            "authors",
            "published_on",
            "date_precision",
            "date_note",
            "languages",
            "body",
            "raw_text",
            "canonical_url",
            "syndicated_from",
            "syndication_note",
            "topics",
            "review_status",
            "notes",
        ]

    def validate_body(self, body: str) -> str:
        if not body.strip():
            raise serializers.ValidationError("The body may not be blank.")
        same = Article.objects.filter(content_hash=Article.hash_body(body))
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        duplicate = same.first()
        if duplicate:
            raise serializers.ValidationError(
                f"An article with this body already exists (id {duplicate.pk}).", code="unique"
            )
        if self.instance is not None and body != self.instance.body:
            self._check_spans_survive(body)
        return body

    def _check_spans_survive(self, body: str) -> None:
        """Refuse a body edit that would leave quotes, claims or mentions pointing at other text."""
        broken = [
            f"{label} {record.pk}"
            for label, records, field in (
                ("quote", self.instance.quotes.all(), "text"),
                ("claim", self.instance.claims.all(), "sentence"),
                ("mention", self.instance.mentions.all(), "text"),
            )
            for record in records
            if body[record.start : record.end] != getattr(record, field)
        ]
        if broken:
            raise serializers.ValidationError(
                "This edit moves text that extracted records point to: "
                + ", ".join(broken[:20])
                + ". Update or delete those records first."
            )

    def validate_canonical_url(self, url):
        if not url:
            return None
        same = Article.objects.filter(canonical_url=url)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise serializers.ValidationError("An article with this canonical URL already exists.")
        return url

    @transaction.atomic
    def create(self, validated_data):
        return super().create(validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        return super().update(instance, validated_data)


class QuoteGroupSerializer(FlexFieldsMixin, strict.StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:quotegroup-detail")
    speaker = ActorSummarySerializer(read_only=True, allow_null=True)
    quote_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = QuoteGroup
        fields = ["id", "url", "slug", "label", "speaker", "quote_count", "created_at", "updated_at"]


class QuoteGroupDetailSerializer(QuoteGroupSerializer):
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta(QuoteGroupSerializer.Meta):
        fields = [*QuoteGroupSerializer.Meta.fields, "quotes"]


class QuoteGroupWriteSerializer(strict.StrictModelSerializer):
    speaker = actor_slugs(required=False, allow_null=True)

    class Meta:
        model = QuoteGroup
        fields = ["slug", "label", "speaker"]


class IngestRequestSerializer(serializers.Serializer):
    """Raw article text, or an uploaded file (text or HTML, any common encoding of the region)."""

    text = strict.CharField(required=False, trim_whitespace=False, help_text="Raw article text or HTML.")
    file = serializers.FileField(required=False, help_text="A .txt or .html file (multipart upload).")
    outlet = strict.SlugRelatedField(
        slug_field="slug",
        queryset=Outlet.objects.all(),
        required=False,
        help_text="Outlet slug; when absent the outlet is taken from the text's credits, if any.",
    )
    url = strict.URLField(required=False, allow_blank=True, max_length=1000, help_text="Canonical URL.")
    # Optional fields are left out rather than sent as null: a form or multipart body cannot say null.
    published_on = serializers.DateField(required=False, help_text="Publication date.")

    def validate(self, attrs):
        if bool(attrs.get("text")) == bool(attrs.get("file")):
            raise serializers.ValidationError({"text": "Send either text or a file (exactly one of them)."})
        return attrs


class IngestResponseSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="False when the same content was ingested before.")
    message = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="What was extracted and created.")
    article = ArticleDetailSerializer()
