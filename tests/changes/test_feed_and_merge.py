import pytest
from django.contrib.auth.models import Permission

from actors.models import Actor
from articles.models import Claim, Mention, Quote
from changes.models import ChangeEvent
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, ClaimFactory, MentionFactory, QuoteFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"


def test_feed_lists_creates_updates_and_deletes_in_order(client, curator_client):
    start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    actor = ActorFactory(slug="temporary")
    actor.description = "changed"
    actor.save()
    assert curator_client.delete("/api/v1/actors/temporary/").status_code == 204
    events = client.get(FEED, {"since": start, "resource": "actors"}).json()["results"]
    assert [(e["object_id"], e["action"]) for e in events] == [
        (actor.pk, "create"),
        (actor.pk, "update"),
        (actor.pk, "delete"),
    ]
    assert events[-1]["data"] == {"slug": "temporary"}
    later = client.get(FEED, {"since": events[0]["id"]}).json()["results"]
    assert [e["action"] for e in later] == ["update", "delete"]
    assert client.get(FEED, {"since": "not-a-time"}).status_code == 400


def test_failed_write_leaves_no_event(curator_client):
    before = ChangeEvent.objects.count()
    response = curator_client.post("/api/v1/actors/", {"name": "X", "slug": "x", "kind": "wizard"}, format="json")
    assert response.status_code == 400
    assert ChangeEvent.objects.count() == before


@pytest.fixture
def duplicates():
    survivor = ActorFactory(name="Ivana Stradner", slug="ivana-stradner", country="")
    absorbed = ActorFactory(name="Ivan Stradner", slug="ivan-stradner", country="US")
    AliasFactory(actor=absorbed, name="Stradnerit")
    article = ArticleFactory(body="Stradner said “we are ready to talk” on Monday. Stradner again.")
    quote = QuoteFactory(article=article, speaker=absorbed, about=[absorbed])
    claim = ClaimFactory(article=article, claimant=absorbed, subjects=[absorbed, survivor])
    MentionFactory(article=article, actor=absorbed, text="Stradner")
    article.authors.add(absorbed)
    return survivor, absorbed, quote, claim


def test_merge_moves_everything_and_the_old_id_keeps_resolving(client, django_user_model, duplicates):
    survivor, absorbed, quote, claim = duplicates
    staff = django_user_model.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    client.force_login(staff)
    start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(
        f"/api/v1/actors/{survivor.slug}/merge/", {"absorb": absorbed.slug}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["quote_count"] == 1 and body["mention_count"] == 1 and body["claim_count"] == 1
    assert {"Ivan Stradner", "Stradnerit"} <= {alias["name"] for alias in body["aliases"]}
    assert body["country"] == "US"
    assert not Actor.objects.filter(pk=absorbed.pk).exists()
    assert Quote.objects.get(pk=quote.pk).speaker_id == survivor.pk
    assert list(Quote.objects.get(pk=quote.pk).about.all()) == [survivor]
    assert list(Claim.objects.get(pk=claim.pk).subjects.all()) == [survivor]
    assert Mention.objects.filter(actor=survivor).count() == 1
    assert list(quote.article.authors.all()) == [survivor]

    for old in (absorbed.pk, absorbed.slug):
        redirect = client.get(f"/api/v1/actors/{old}/")
        assert redirect.status_code == 301
        assert redirect["Location"].endswith(f"/api/v1/actors/{survivor.slug}/")
        assert client.get(f"/api/v1/actors/{old}/", follow=True).json()["id"] == survivor.pk

    events = client.get(FEED, {"since": start}).json()["results"]
    merge = [e for e in events if e["action"] == "merge"]
    assert merge == [
        {
            **merge[0],
            "resource": "actors",
            "object_id": absorbed.pk,
            "data": {"into": survivor.pk, "into_slug": survivor.slug, "slug": absorbed.slug},
        }
    ]
    assert not [e for e in events if e["action"] == "delete" and e["object_id"] == absorbed.pk]
    assert any(e["resource"] == "quotes" and e["object_id"] == quote.pk for e in events)


def test_merge_needs_permission_and_valid_input(api_client, reader_client, django_user_model, duplicates):
    survivor, absorbed, _quote, _claim = duplicates
    url = f"/api/v1/actors/{survivor.slug}/merge/"
    assert api_client.post(url, {"absorb": absorbed.slug}, format="json").status_code == 401
    assert reader_client.post(url, {"absorb": absorbed.slug}, format="json").status_code == 403
    merger = django_user_model.objects.create_user("merger", password="pw-merger-123")
    merger.user_permissions.add(Permission.objects.get(codename="merge_actor"))
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(merger)
    assert client.post(url, {"absorb": survivor.slug}, format="json").status_code == 400
    assert client.post(url, {"absorb": "nobody"}, format="json").status_code == 400
    assert client.post(url, {}, format="json").status_code == 400
    assert client.post(url, {"absorb": absorbed.pk}, format="json").status_code == 200
