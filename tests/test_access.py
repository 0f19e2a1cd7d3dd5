"""Every API route × method × role: a new route cannot ship unguarded."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from articles.models import Article, Quote
from articles.sample_dataset import load_sample_dataset
from balkanapi.models import ReviewStatus
from tests.factories import ArticleFactory, QuoteFactory, QuoteGroupFactory

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]


def api_routes():
    """(pattern text, view) for every route under /api/v1/."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.append((prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns, "")
    return [(path, p) for path, p in routes if path.startswith("api/v1/") and "format" not in path]


def concrete(path: str, sample: dict) -> str:
    """Fill a route's parameters with an existing record of the right resource."""
    resource = path.split("/")[2]
    url = "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")
    import re

    return re.sub(r"\(\?P<\w+>[^)]*\)", str(sample.get(resource, 1)), url).replace("//", "/")


@pytest.fixture
def clients(django_user_model):
    load_sample_dataset()
    reader = django_user_model.objects.create_user("reader", password="pw-reader-123")
    curator = django_user_model.objects.create_user("curator", password="pw-curator-123")
    curator.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["actors", "articles"]))
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "pw-staff-123")
    result = {"anonymous": APIClient()}
    for name, user in (("reader", reader), ("curator", curator), ("staff", staff)):
        client = APIClient()
        client.force_authenticate(user)
        result[name] = client
    return result


def test_every_route_method_and_role(clients):
    sample = {
        "articles": Article.objects.first().pk,
        "quotes": Quote.objects.first().pk,
        "actors": "sergei-lavrov",
        "outlets": "rksnews",
        "topics": "energy",
        "claims": 1,
        "quote-groups": "lavrov-balkan-contacts-2026",
    }
    checked = 0
    for path, pattern in api_routes():
        url = concrete(path, sample)
        view = getattr(pattern.callback, "cls", None)
        actions = getattr(pattern.callback, "actions", None) or {}
        methods = [m for m in ["get", *UNSAFE] if (m in actions) or (not actions and view and hasattr(view, m))]
        for method in methods:
            for role, client in clients.items():
                response = getattr(client, method)(url, {}, format="json")
                code = response.status_code
                assert code < 500, (method, url, role, code)
                if method == "get":
                    assert code not in (401, 403), (method, url, role, code)
                elif role == "anonymous":
                    assert code == 401, (method, url, role, code)
                elif role == "reader":
                    assert code == 403, (method, url, role, code)
                else:
                    assert code not in (401, 403), (method, url, role, code)
                checked += 1
    assert checked > 100


def test_reads_can_require_a_token(client, settings):
    settings.API_REQUIRE_AUTH = True
    assert client.get("/api/v1/articles/").status_code == 401
    assert client.get("/healthz").status_code == 200


def test_drafts_are_invisible_to_readers(client, curator_client):
    draft = ArticleFactory(review_status=ReviewStatus.MACHINE)
    published = ArticleFactory()
    QuoteFactory(article=published, review_status=ReviewStatus.NEEDS_REVIEW)
    assert client.get(f"/api/v1/articles/{draft.pk}/").status_code == 404
    assert [row["id"] for row in client.get("/api/v1/articles/").json()["results"]] == [published.pk]
    assert client.get(f"/api/v1/articles/{published.pk}/").json()["quotes"] == []
    assert client.get("/api/v1/quotes/").json()["count"] == 0
    assert curator_client.get(f"/api/v1/articles/{draft.pk}/").status_code == 200
    assert curator_client.get("/api/v1/quotes/").json()["count"] == 1


def test_draft_counts_and_quote_groups_are_hidden_from_readers(client, curator_client):
    published = ArticleFactory(body="“One.” “Two.” “Three.”")
    shown = QuoteGroupFactory()
    hidden = QuoteGroupFactory()
    QuoteFactory(article=published, group=shown, text="One.")
    QuoteFactory(article=published, group=shown, text="Two.", review_status=ReviewStatus.MACHINE)
    QuoteFactory(article=published, group=hidden, text="Three.", review_status=ReviewStatus.MACHINE)
    QuoteFactory(article=ArticleFactory(review_status=ReviewStatus.MACHINE), group=hidden)
    empty = QuoteGroupFactory()  # made by a curator, no quotes yet: nothing to hide

    groups = client.get("/api/v1/quote-groups/").json()["results"]
    assert {row["id"]: row["quote_count"] for row in groups} == {shown.pk: 1, empty.pk: 0}
    assert client.get(f"/api/v1/quote-groups/{hidden.pk}/").status_code == 404
    assert len(client.get(f"/api/v1/quote-groups/{shown.pk}/").json()["quotes"]) == 1
    assert client.get(f"/api/v1/articles/{published.pk}/").json()["quote_count"] == 1
    assert curator_client.get(f"/api/v1/quote-groups/{hidden.pk}/").json()["quote_count"] == 2
    assert curator_client.get(f"/api/v1/articles/{published.pk}/").json()["quote_count"] == 3


def test_change_feed_shows_drafts_once_verified(client, curator_client):
    draft_article = ArticleFactory(review_status=ReviewStatus.MACHINE)
    verified_quote = QuoteFactory(article=draft_article)
    draft_quote = QuoteFactory(article=ArticleFactory(), review_status=ReviewStatus.MACHINE)

    def seen(api_client):
        events = api_client.get("/api/v1/changes/?page_size=200").json()["results"]
        return {(event["resource"], event["object_id"]) for event in events}

    hidden = {("articles", draft_article.pk), ("quotes", verified_quote.pk), ("quotes", draft_quote.pk)}
    assert not hidden & seen(client)
    assert hidden <= seen(curator_client)

    last = client.get("/api/v1/changes/?page_size=200").json()["results"][-1]["id"]
    draft_article.review_status = ReviewStatus.VERIFIED
    draft_article.save()
    later = client.get(f"/api/v1/changes/?since={last}").json()["results"]
    # The article and its verified quote are announced after what the reader already replayed.
    assert {(event["resource"], event["object_id"]) for event in later} == {
        ("articles", draft_article.pk),
        ("quotes", verified_quote.pk),
    }
    assert ("quotes", draft_quote.pk) not in seen(client)


def test_review_status_is_set_by_reviewers_only(django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw-editor-123")
    editor.user_permissions.set(Permission.objects.filter(codename__in=["change_article", "view_drafts"]))
    client = APIClient()
    client.force_authenticate(editor)
    article = ArticleFactory(review_status=ReviewStatus.MACHINE)
    response = client.patch(f"/api/v1/articles/{article.pk}/", {"review_status": "verified"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "review_status"
    assert client.patch(f"/api/v1/articles/{article.pk}/", {"title": "Edited"}, format="json").status_code == 200
    editor.user_permissions.add(Permission.objects.get(codename="review_records"))
    client.force_authenticate(django_user_model.objects.get(pk=editor.pk))
    assert (
        client.patch(f"/api/v1/articles/{article.pk}/", {"review_status": "verified"}, format="json").status_code == 200
    )


def test_token_admin_shows_the_key_once(admin_client, django_user_model):
    user = django_user_model.objects.create_user("script", password="pw-script-123")
    response = admin_client.post("/admin/authtoken/tokenproxy/add/", {"user": user.pk}, follow=True)
    from rest_framework.authtoken.models import Token

    key = Token.objects.get(user=user).key
    assert key in response.content.decode()
    listing = admin_client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert key not in listing and key[:6] in listing
