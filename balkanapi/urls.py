"""Top-level routes: the versioned API, its schema and docs, and the admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import APIRootView

from actors.api.urls import urlpatterns as actor_routes
from articles.admin_views import review_queue_view
from articles.api.urls import urlpatterns as article_routes
from balkanapi.api.docs import offline_docs
from balkanapi.api.errors import api_not_found
from balkanapi.health import healthz, readyz
from changes.api.views import ChangeFeedView


class BalkanAPIRootView(APIRootView):
    """BalkanAPI v1: outlets, articles, actors, quotes, quote groups, claims and topics.

    Interactive documentation: /api/docs/ (Swagger UI) and /api/redoc/; schema: /api/schema/.
    """


api_root = BalkanAPIRootView.as_view(
    api_root_dict={
        "articles": "article-list",
        "quotes": "quote-list",
        "quote-groups": "quotegroup-list",
        "claims": "claim-list",
        "actors": "actor-list",
        "outlets": "outlet-list",
        "topics": "topic-list",
    }
)

api_v1 = (
    [
        path("", api_root, name="root"),
        *actor_routes,
        *article_routes,
        path("changes/", ChangeFeedView.as_view(), name="changes"),
    ],
    "api",
)

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", offline_docs(SpectacularSwaggerView.as_view(url_name="schema")), name="swagger-ui"),
    path("api/redoc/", offline_docs(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    # Staff curation page of its own (before the admin's catch-all); admin_view: staff login, CSRF, no caching.
    path("admin/articles/review/", admin.site.admin_view(review_queue_view), name="articles-review-queue"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Anything else under /api/ answers in the API's JSON error format, never an HTML page.
    re_path(r"^api/", api_not_found),
]

# With DEBUG off, errors outside DRF views answer in JSON under /api/ (HTML elsewhere).
handler404 = "balkanapi.api.errors.handler404"
handler500 = "balkanapi.api.errors.handler500"
