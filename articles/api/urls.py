from django.urls import path
from rest_framework.routers import SimpleRouter

from articles.api import views

router = SimpleRouter()
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("quote-groups", views.QuoteGroupViewSet, basename="quotegroup")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("topics", views.TopicViewSet, basename="topic")

urlpatterns = [path("ingest/", views.IngestView.as_view(), name="ingest"), *router.urls]
