import pytest

from actors.models import Actor
from tests.factories import ActorFactory, AliasFactory, QuoteFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/actors/"


def names(response):
    return [row["name"] for row in response.json()["results"]]


def test_search_by_alias_is_accent_case_and_script_insensitive(api_client):
    vucic = ActorFactory(name="Aleksandar Vučić", slug="aleksandar-vucic")
    AliasFactory(actor=vucic, name="Вучић")
    ActorFactory(name="Ivana Stradner", slug="ivana-stradner")

    for query in ["Vucic", "VUČIĆ", "вучић", "aleksandar vucic"]:
        response = api_client.get(URL, {"q": query})
        assert response.status_code == 200
        assert names(response) == ["Aleksandar Vučić"], query


def test_search_matches_alias_only_forms(api_client):
    stradner = ActorFactory(name="Ivana Stradner", slug="ivana-stradner")
    AliasFactory(actor=stradner, name="Ivan Stradner")
    AliasFactory(actor=stradner, name="Stradnerit")

    response = api_client.get(URL, {"q": "stradner"})
    assert names(response) == ["Ivana Stradner"]
    assert api_client.get(URL, {"q": "stradnerit"}).json()["count"] == 1


def test_filters_by_kind_and_several_countries(api_client):
    ActorFactory(name="Serbian person", kind=Actor.Kind.PERSON, country="RS")
    ActorFactory(name="Kosovo government", kind=Actor.Kind.GOVERNMENT, country="XK")
    ActorFactory(name="Russian person", kind=Actor.Kind.PERSON, country="RU")

    assert names(api_client.get(URL, {"kind": "person", "country": "rs,ru"})) == ["Russian person", "Serbian person"]
    assert names(api_client.get(URL, {"country": "XK"})) == ["Kosovo government"]


def test_invalid_filter_value_is_a_400_naming_the_parameter(api_client):
    response = api_client.get(URL, {"kind": "wizard"})
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [error["attr"] for error in body["errors"]] == ["kind"]


def test_detail_by_id_and_by_slug_with_aliases_and_counts(api_client):
    actor = ActorFactory(name="Sergei Lavrov", slug="sergei-lavrov")
    AliasFactory(actor=actor, name="Lavrov")
    QuoteFactory(speaker=actor)
    QuoteFactory(speaker=actor)

    by_slug = api_client.get(f"{URL}sergei-lavrov/").json()
    by_id = api_client.get(f"{URL}{actor.pk}/").json()
    assert by_slug == by_id
    assert by_slug["quote_count"] == 2
    assert by_slug["mention_count"] == 0
    assert [alias["name"] for alias in by_slug["aliases"]] == ["Lavrov"]
    assert api_client.get(f"{URL}nobody/").status_code == 404


def test_list_query_count_does_not_grow_with_the_page(api_client):
    for _ in range(3):
        AliasFactory()
    small, _ = count_queries(api_client.get, URL, {"page_size": 3})
    for _ in range(20):
        AliasFactory()
    large, response = count_queries(api_client.get, URL, {"page_size": 23})
    assert len(response.json()["results"]) == 23
    assert large == small


def test_anonymous_and_unprivileged_users_cannot_write(api_client, reader_client):
    payload = {"name": "New Actor", "slug": "new-actor", "kind": "person"}
    assert api_client.post(URL, payload, format="json").status_code == 401
    assert reader_client.post(URL, payload, format="json").status_code == 403
    assert not Actor.objects.filter(slug="new-actor").exists()


def test_curator_creates_an_actor_with_aliases(curator_client):
    payload = {
        "name": "Vjosa Osmani",
        "slug": "vjosa-osmani",
        "kind": "person",
        "country": "XK",
        "aliases": [{"name": "Osmani", "kind": "short"}, {"name": "Vjosa Osmani-Sadriu", "kind": "variant"}],
    }
    response = curator_client.post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["country"] == "XK"
    assert sorted(a["name"] for a in response.json()["aliases"]) == ["Osmani", "Vjosa Osmani-Sadriu"]


def test_taken_slug_is_409_and_bad_wikidata_id_is_400(curator_client):
    ActorFactory(slug="taken")
    response = curator_client.post(URL, {"name": "X", "slug": "taken", "kind": "person"}, format="json")
    # Well formed, but the slug is taken: a conflict with the data, named like a validation error.
    assert response.status_code == 409
    assert response.json()["type"] == "validation_error"
    assert [(error["attr"], error["code"]) for error in response.json()["errors"]] == [("slug", "unique")]
    response = curator_client.post(
        URL, {"name": "X", "slug": "x", "kind": "person", "wikidata_id": "42"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "wikidata_id"


def test_gender_is_optional_read_and_write(curator_client):
    response = curator_client.post(URL, {"name": "Ana Testić", "slug": "ana-testic", "kind": "person"}, format="json")
    assert response.status_code == 201 and response.json()["gender"] == ""
    response = curator_client.patch(f"{URL}ana-testic/", {"gender": "f"}, format="json")
    assert response.status_code == 200 and response.json()["gender"] == "f"
    assert Actor.objects.get(slug="ana-testic").gender == "f"
    response = curator_client.patch(f"{URL}ana-testic/", {"gender": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "gender"


def test_deleting_a_quoted_actor_is_refused_and_keeps_the_quotes(curator_client):
    quote = QuoteFactory()
    response = curator_client.delete(f"{URL}{quote.speaker.slug}/")
    assert response.status_code == 409
    assert "quotes" in response.json()["errors"][0]["detail"]
    quote.refresh_from_db()
    assert quote.speaker_id is not None


def test_names_that_lengthen_when_normalised_and_non_ascii_digits_are_not_500s(curator_client):
    name = "Æ" * 200  # 200 characters, 400 once normalised ("ae")
    response = curator_client.post(
        URL, {"name": name, "slug": "long-name", "kind": "person", "aliases": [{"name": name}]}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert curator_client.get(f"{URL}³8/").status_code == 404  # a superscript digit is not an id
