import pytest

from articles.sample_dataset import load_sample_dataset
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dataset():
    load_sample_dataset()


def test_sparse_fields_on_list_detail_and_export(client):
    rows = client.get("/api/v1/quotes/", {"fields": "id,text,speaker"}).json()["results"]
    assert set(rows[0]) == {"id", "text", "speaker"}
    detail = client.get("/api/v1/actors/sergei-lavrov/", {"fields": "id,name,quote_count"}).json()
    assert detail == {"id": detail["id"], "name": "Sergei Lavrov", "quote_count": detail["quote_count"]}
    header = b"".join(client.get("/api/v1/quotes/", {"format": "csv", "fields": "id,text"}).streaming_content)
    assert header.decode().splitlines()[0] == "id,text"
    response = client.get("/api/v1/quotes/", {"fields": "id,nonsense"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "fields"


def test_expand_inlines_full_related_objects(client):
    rows = client.get("/api/v1/quotes/", {"speaker": "sergei-lavrov", "expand": "speaker,article.outlet"}).json()
    row = rows["results"][0]
    assert "aliases" in row["speaker"]  # full actor, not the compact summary
    assert "ownership" in row["article"]["outlet"]  # full outlet inside the full article
    assert "authors" in row["article"]
    compact = client.get("/api/v1/quotes/").json()["results"][0]
    assert "aliases" not in compact["speaker"]
    response = client.get("/api/v1/quotes/", {"expand": "nothing"})
    assert response.status_code == 400
    assert "speaker" in response.json()["errors"][0]["detail"]


def test_expand_costs_no_query_per_row(client):
    params = {"expand": "speaker,about,article.outlet,article.authors", "page_size": 3}
    small, _ = count_queries(client.get, "/api/v1/quotes/", params)
    large, response = count_queries(client.get, "/api/v1/quotes/", {**params, "page_size": 60})
    assert len(response.json()["results"]) == 60
    assert large == small


def test_expand_on_articles_and_claims(client):
    article = client.get("/api/v1/articles/", {"expand": "outlet,authors", "title": ""}).json()["results"][0]
    assert "ownership" in article["outlet"]
    claim = client.get("/api/v1/claims/", {"expand": "claimant,subjects", "has_number": "true"}).json()["results"][0]
    assert all("aliases" in subject for subject in claim["subjects"])


@pytest.mark.parametrize(
    "params",
    [
        {"fields": "id,"},  # an empty name is a mistake, not skipped
        {"fields": " id"},
        {"fields": "id,nonsense"},
        {"expand": "speaker.nonsense"},  # nested paths are checked too
        {"expand": "speaker,"},
    ],
)
def test_fields_and_expand_are_taken_exactly(client, params):
    response = client.get("/api/v1/quotes/", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == next(iter(params))


def test_errors_of_an_export_are_json(client):
    response = client.get("/api/v1/quotes/", {"format": "csv", "page_size": "0"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["attr"] == "page_size"
