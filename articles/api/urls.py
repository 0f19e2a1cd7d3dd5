from django.urls import path
from rest_framework.routers import SimpleRouter

from articles.api import stats, views

router = SimpleRouter()
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("quote-groups", views.QuoteGroupViewSet, basename="quotegroup")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("topics", views.TopicViewSet, basename="topic")

urlpatterns = [
    path("ingest/", views.IngestView.as_view(), name="ingest"),
    path("stats/timeline/", stats.TimelineView.as_view(), name="stats-timeline"),
    path("stats/top/", stats.TopView.as_view(), name="stats-top"),
    path("stats/co-mentions/", stats.CoMentionsView.as_view(), name="stats-co-mentions"),
    *router.urls,
]
