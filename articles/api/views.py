"""Endpoints for outlets, topics, articles, quotes, quote groups and claims: wiring only."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import generics, permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from articles import selectors
from articles.api import serializers
from articles.filters import ArticleFilter, ClaimFilter, OutletFilter, QuoteFilter, QuoteGroupFilter, TopicFilter
from articles.ingest.decoding import MAX_INPUT_BYTES
from articles.ingest.errors import IngestError
from articles.ingest.service import ingest_document
from articles.models import Topic
from balkanapi.api.concurrency import run_idempotently
from balkanapi.api.permissions import can_see_drafts, published_only
from balkanapi.api.representation import expansion_prefetches
from balkanapi.api.resources import ResourceMixin
from balkanapi.api.viewsets import IdOrSlugLookupMixin, ReadWriteSerializerMixin
from balkanapi.querysets import listed_path


def searches_expanded_article(request) -> bool:
    """Whether rows will show their expanded article with a search snippet, which reads the article's body."""
    expand = request.query_params.get("expand", "")
    return bool(request.query_params.get("q")) and any(p.split(".")[0] == "article" for p in expand.split(","))


@extend_schema_view(
    list=extend_schema(summary="List outlets"),
    retrieve=extend_schema(summary="Get an outlet by id or slug"),
)
class OutletViewSet(ResourceMixin, IdOrSlugLookupMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = serializers.OutletSerializer
    write_serializer_class = serializers.OutletSerializer  # answered re-read, with its article count
    filterset_class = OutletFilter
    ordering_fields = ["name", "country", "kind", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return selectors.outlet_list()


@extend_schema_view(
    list=extend_schema(summary="List topics", description="The controlled topic vocabulary."),
    retrieve=extend_schema(summary="Get a topic by id or slug"),
)
class TopicViewSet(ResourceMixin, IdOrSlugLookupMixin, viewsets.ModelViewSet):
    serializer_class = serializers.TopicSerializer
    filterset_class = TopicFilter
    ordering_fields = ["name", "slug"]
    ordering = ["name", "id"]
    queryset = Topic.objects.all()


@extend_schema_view(
    list=extend_schema(
        summary="List articles", description="Newest first. The list omits bodies and extracted records."
    ),
    retrieve=extend_schema(
        summary="Get an article",
        description="With outlet, authors, body, quotes and their speakers, claims, mentions and same-story links.",
    ),
)
@extend_validation_errors(["unique"], field_name="body", methods=["post", "put", "patch"])
class ArticleViewSet(ResourceMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    write_serializer_class = serializers.ArticleWriteSerializer
    ranked_search = True
    filterset_class = ArticleFilter
    ordering_fields = ["published_on", "created_at", "updated_at", "title", "id"]
    ordering = ["-published_on", "-id"]

    expand_prefetch = {
        "outlet": ["outlet__language"],
        "authors": ["authors__aliases"],
        "syndicated_from": ["syndicated_from__language"],
    }

    def get_queryset(self):
        drafts = can_see_drafts(self.request.user)
        expansions = expansion_prefetches(self.request, self.expand_prefetch)
        if self.action == "list":
            queryset = selectors.article_list(drafts, with_body=bool(self.request.query_params.get("q")))
            # e.g. authors' aliases are prefetched through the authors' list, not a second authors query
            expansions = [listed_path(path, selectors.ARTICLE_LIST_RELATIONS) for path in expansions]
        else:
            queryset = selectors.article_detail(drafts)
        queryset = published_only(queryset, self.request)
        return queryset.prefetch_related(*expansions)


@extend_schema_view(
    list=extend_schema(summary="List quotes", description="Who said what, where, about whom: filter across relations."),
    retrieve=extend_schema(summary="Get a quote"),
)
@extend_validation_errors(["unique"], field_name="start", methods=["post", "put", "patch"])
class QuoteViewSet(ResourceMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = serializers.QuoteSerializer
    write_serializer_class = serializers.QuoteWriteSerializer
    ranked_search = True
    filterset_class = QuoteFilter
    ordering_fields = ["published_on", "created_at", "updated_at", "id", "start"]
    ordering = ["-article__published_on", "article_id", "start"]

    expand_prefetch = {
        "speaker": ["speaker__aliases"],
        "about": ["about__aliases"],
        "article": ["article__authors", "article__languages", "article__topics", "article__syndicated_from"],
        "article.outlet": ["article__outlet__language"],
        "article.authors": ["article__authors__aliases"],
        "group": ["group__speaker"],
    }

    def get_queryset(self):
        queryset = selectors.quote_queryset(article_text=searches_expanded_article(self.request))
        queryset = queryset.alias(published_on=selectors.article_published_on())
        queryset = published_only(published_only(queryset, self.request), self.request, "article__review_status")
        return queryset.prefetch_related(*expansion_prefetches(self.request, self.expand_prefetch))


@extend_schema_view(
    list=extend_schema(summary="List quote groups", description="One utterance as carried by several articles."),
    retrieve=extend_schema(summary="Get a quote group by id or slug", description="With every quote in the group."),
)
class QuoteGroupViewSet(ResourceMixin, IdOrSlugLookupMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = serializers.QuoteGroupSerializer
    detail_serializer_class = serializers.QuoteGroupDetailSerializer
    write_serializer_class = serializers.QuoteGroupWriteSerializer
    filterset_class = QuoteGroupFilter
    ordering_fields = ["label", "created_at", "updated_at", "id"]
    ordering = ["label", "id"]

    def get_queryset(self):
        drafts = can_see_drafts(self.request.user)
        if self.action == "list":
            return selectors.quote_group_list(drafts)
        return selectors.quote_group_detail(drafts)


@extend_schema_view(
    list=extend_schema(summary="List claims", description="Checkable assertions and who made them."),
    retrieve=extend_schema(summary="Get a claim"),
)
class ClaimViewSet(ResourceMixin, ReadWriteSerializerMixin, viewsets.ModelViewSet):
    serializer_class = serializers.ClaimSerializer
    write_serializer_class = serializers.ClaimWriteSerializer
    ranked_search = True
    filterset_class = ClaimFilter
    ordering_fields = ["published_on", "value", "created_at", "updated_at", "id", "start"]
    ordering = ["-article__published_on", "article_id", "start"]

    expand_prefetch = {
        "claimant": ["claimant__aliases"],
        "subjects": ["subjects__aliases"],
        "article": ["article__authors", "article__languages", "article__topics", "article__syndicated_from"],
        "article.outlet": ["article__outlet__language"],
        "article.authors": ["article__authors__aliases"],
    }

    def get_queryset(self):
        queryset = selectors.claim_queryset(article_text=searches_expanded_article(self.request))
        queryset = queryset.alias(published_on=selectors.article_published_on())
        queryset = published_only(published_only(queryset, self.request), self.request, "article__review_status")
        return queryset.prefetch_related(*expansion_prefetches(self.request, self.expand_prefetch))


class CanAddArticles(permissions.BasePermission):
    """Ingestion creates articles: it needs an authenticated user with the add-article permission."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("articles.add_article"))


class IngestView(generics.GenericAPIView):
    """Run the ingestion pipeline on raw text or an uploaded file and store the extracted drafts."""

    serializer_class = serializers.IngestRequestSerializer
    permission_classes = [CanAddArticles]
    # JSON for text, multipart for files (a urlencoded form cannot carry a file).
    parser_classes = [JSONParser, MultiPartParser]
    filter_backends = []
    pagination_class = None

    @extend_schema(
        summary="Ingest an article",
        description=(
            "Raw text (JSON or form field `text`) or an uploaded `file` (multipart), plain text or HTML, in UTF-8 "
            f"or a legacy encoding of the region, at most {MAX_INPUT_BYTES // 1024 // 1024} MiB. Returns the article "
            "with everything extracted (201), or the existing article when the same content was ingested before "
            "(200, `created: false`). Extracted records are machine-extracted drafts for staff to review."
        ),
        request=serializers.IngestRequestSerializer,  # as JSON, multipart or form: see the parsers
        responses={201: serializers.IngestResponseSerializer, 200: serializers.IngestResponseSerializer},
    )
    def post(self, request, *args, **kwargs):
        return run_idempotently(request, lambda: self._ingest(request))

    def _ingest(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("file")
        field = "file" if upload else "text"
        if upload is not None:
            if upload.size > MAX_INPUT_BYTES:
                raise ValidationError({"file": f"Files over {MAX_INPUT_BYTES // 1024 // 1024} MiB are not accepted."})
            raw = upload.read()
        else:
            raw = data["text"]
        try:
            result = ingest_document(
                raw, outlet=data.get("outlet"), url=data.get("url") or None, published_on=data.get("published_on")
            )
        except IngestError as error:
            raise ValidationError({field: [error.message]}, code=error.code) from error
        article = selectors.article_detail().get(pk=result.article.pk)
        body = {
            "created": result.created,
            "message": result.message,
            "counts": result.counts,
            "article": serializers.ArticleDetailSerializer(article, context=self.get_serializer_context()).data,
        }
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)
