import pytest
from django.urls import reverse

from actors.models import Actor
from tests.factories import ActorFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_history_endpoint_lists_who_changed_what(curator_client, admin_client, client):
    created = curator_client.post(
        "/api/v1/actors/", {"name": "Ana Ilić", "slug": "ana-ilic", "kind": "person"}, format="json"
    )
    assert created.status_code == 201
    curator_client.patch("/api/v1/actors/ana-ilic/", {"description": "Analyst"}, format="json")
    entries = client.get("/api/v1/actors/ana-ilic/history/").json()
    assert [entry["type"] for entry in entries] == ["changed", "created"]
    assert entries[0]["changes"] == [{"field": "description", "old": "", "new": "Analyst"}]
    assert entries[0]["user"] is None  # usernames only for staff
    staff_view = admin_client.get("/api/v1/actors/ana-ilic/history/").json()
    assert staff_view[0]["user"] == "curator"


def test_admin_history_page_and_restore(admin_client):
    actor = ActorFactory(description="first")
    actor.description = "second"
    actor.save()
    page = admin_client.get(reverse("admin:actors_actor_history", args=[actor.pk]))
    assert page.status_code == 200
    first = actor.history.earliest()
    revert = reverse("admin:actors_actor_simple_history", args=[actor.pk, first.history_id])
    assert admin_client.get(revert).status_code == 200
    response = admin_client.post(
        revert,
        {
            "name": actor.name,
            "slug": actor.slug,
            "kind": actor.kind,
            "country": "RS",
            "description": "first",
            "origin": actor.origin,
            "review_status": actor.review_status,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "affiliations-TOTAL_FORMS": "0",
            "affiliations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 302)
    assert Actor.objects.get(pk=actor.pk).description == "first"


def test_review_action_is_recorded_in_history(admin_client):
    quote = QuoteFactory(review_status="machine")
    admin_client.post(
        reverse("admin:articles_quote_changelist"), {"action": "mark_verified", "_selected_action": [quote.pk]}
    )
    latest = quote.history.latest()
    assert latest.review_status == "verified"
    assert latest.history_user.username == "admin"
