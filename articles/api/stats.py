"""Chart endpoints under /api/v1/stats/: each accepts every filter of the list it aggregates."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from articles import stats
from articles.filters import ArticleFilter, ClaimFilter, QuoteFilter
from articles.models import Article, Claim, Quote
from balkanapi.api.permissions import published_only

RESOURCES = {"articles": (Article, ArticleFilter), "quotes": (Quote, QuoteFilter), "claims": (Claim, ClaimFilter)}
FILTER_NOTE = "Any filter of the underlying list endpoint applies as well (e.g. outlet, published_after, q)."


def filtered(request, resource: str):
    model, filterset_class = RESOURCES[resource]
    queryset = published_only(model.objects.all(), request)
    if model is not Article:
        queryset = published_only(queryset, request, "article__review_status")
    filterset = filterset_class(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def read_params(view, request) -> dict:
    """The view's query parameters, validated; an empty value (`?limit=`) counts as absent, as in list filters."""
    params = view.query_serializer_class(data={k: v for k, v in request.query_params.items() if v != ""})
    params.is_valid(raise_exception=True)
    return params.validated_data


class TimelineParams(serializers.Serializer):
    resource = serializers.ChoiceField(choices=list(RESOURCES), default="articles", help_text="What to count.")
    interval = serializers.ChoiceField(choices=list(stats.INTERVALS), default="month")
    group_by = serializers.ChoiceField(
        choices=["outlet", "speaker", "topic", "language"],
        required=False,
        help_text="Split the counts by outlet, topic, language or speaker (for articles: the speakers they "
        "quote; for claims: the claimant; the language of a claim is its article's).",
    )

    def validate(self, attrs):
        model = RESOURCES[attrs["resource"]][0]
        if attrs.get("group_by") and attrs["group_by"] not in stats.GROUPS[model]:
            raise ValidationError(
                {"group_by": f"{attrs['resource']} can be grouped by: {', '.join(stats.GROUPS[model])}."}
            )
        return attrs


SERIES = inline_serializer(
    "TimelineSeries",
    many=True,
    fields={
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "total": serializers.IntegerField(),
        "points": inline_serializer(
            "TimelinePoint", many=True, fields={"period": serializers.DateField(), "count": serializers.IntegerField()}
        ),
    },
)


class TimelineView(APIView):
    permission_classes = [permissions.AllowAny]  # read-only aggregates of public data
    query_serializer_class = TimelineParams

    @extend_schema(
        summary="Counts over time",
        description=f"Articles, quotes or claims per day, week or month. {FILTER_NOTE}",
        parameters=[TimelineParams],
        responses=inline_serializer(
            "Timeline",
            fields={
                "resource": serializers.CharField(),
                "interval": serializers.CharField(),
                "group_by": serializers.CharField(allow_null=True),
                "series": SERIES,
            },
        ),
    )
    def get(self, request):
        data = read_params(self, request)
        series = stats.timeline(filtered(request, data["resource"]), data["interval"], data.get("group_by"))
        return Response(
            {
                "resource": data["resource"],
                "interval": data["interval"],
                "group_by": data.get("group_by"),
                "series": series,
            }
        )


class TopParams(serializers.Serializer):
    dimension = serializers.ChoiceField(
        choices=["speakers", "mentioned", "outlets"],
        help_text="speakers: most-quoted actors (quote filters); mentioned: actors in most articles; "
        "outlets: outlets with most articles (article filters).",
    )
    limit = serializers.IntegerField(min_value=1, max_value=100, default=10)


class TopView(APIView):
    permission_classes = [permissions.AllowAny]  # read-only aggregates of public data
    query_serializer_class = TopParams

    @extend_schema(
        summary="Top speakers, most-mentioned actors or top outlets",
        description=FILTER_NOTE,
        parameters=[TopParams],
        responses=inline_serializer(
            "TopEntry",
            many=True,
            fields={
                "id": serializers.IntegerField(),
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "count": serializers.IntegerField(),
            },
        ),
    )
    def get(self, request):
        params = read_params(self, request)
        dimension, limit = params["dimension"], params["limit"]
        if dimension == "speakers":
            return Response(stats.top_speakers(filtered(request, "quotes"), limit))
        if dimension == "mentioned":
            return Response(stats.top_mentioned(filtered(request, "articles"), limit))
        return Response(stats.top_outlets(filtered(request, "articles"), limit))


class NetworkParams(serializers.Serializer):
    min_weight = serializers.IntegerField(min_value=1, default=1, help_text="Least shared articles for an edge.")
    limit = serializers.IntegerField(min_value=1, max_value=1000, default=100, help_text="Most edges returned.")


class CoMentionsView(APIView):
    permission_classes = [permissions.AllowAny]  # read-only aggregates of public data
    query_serializer_class = NetworkParams

    @extend_schema(
        summary="Actor co-mention network",
        description="Actors mentioned in the same articles: nodes and edges weighted by the number of shared "
        f"articles, ready for a network chart. {FILTER_NOTE} At most {stats.MAX_NETWORK_ARTICLES} articles.",
        parameters=[NetworkParams],
        responses=inline_serializer(
            "CoMentions",
            fields={
                "nodes": inline_serializer(
                    "NetworkNode",
                    many=True,
                    fields={
                        "id": serializers.IntegerField(),
                        "slug": serializers.CharField(),
                        "name": serializers.CharField(),
                        "kind": serializers.CharField(),
                        "articles": serializers.IntegerField(),
                    },
                ),
                "edges": inline_serializer(
                    "NetworkEdge",
                    many=True,
                    fields={
                        "source": serializers.IntegerField(),
                        "target": serializers.IntegerField(),
                        "weight": serializers.IntegerField(),
                    },
                ),
                "articles": serializers.IntegerField(),
            },
        ),
    )
    def get(self, request):
        data = read_params(self, request)
        return Response(stats.co_mentions(filtered(request, "articles"), data["min_weight"], data["limit"]))
