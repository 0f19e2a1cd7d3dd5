import csv
import io
import json

import pytest

from articles.sample_dataset import load_sample_dataset
from tests.factories import ActorFactory, QuoteFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def dataset():
    load_sample_dataset()


def test_csv_export_is_the_whole_filtered_set_flattened(client, dataset):
    response = client.get("/api/v1/quotes/", {"format": "csv", "speaker": "sergei-lavrov", "page_size": 2})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(content(response))))
    assert len(rows) == 10  # every match, not a page of 2
    assert {row["speaker.slug"] for row in rows} == {"sergei-lavrov"}
    assert {"article.outlet.slug", "article.published_on", "speaker.name", "speaker.id", "text"} <= set(rows[0])
    outlets = {row["article.outlet.slug"] for row in rows}
    assert len(outlets) == 3


def test_ndjson_by_accept_header(client, dataset):
    response = client.get("/api/v1/articles/", HTTP_ACCEPT="application/x-ndjson")
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = content(response).strip().split("\n")
    assert len(lines) == 5
    assert {json.loads(line)["outlet"]["slug"] for line in lines} >= {"rksnews", "balkanview"}


def test_export_queries_do_not_grow_with_rows(client):
    for _ in range(3):
        QuoteFactory(about=[ActorFactory()])
    small, _ = count_queries(lambda: content(client.get("/api/v1/quotes/", {"format": "ndjson"})))
    for _ in range(30):
        QuoteFactory(about=[ActorFactory()])
    large, _ = count_queries(lambda: content(client.get("/api/v1/quotes/", {"format": "ndjson"})))
    assert large == small


def test_formula_injection_is_neutralised(client):
    ActorFactory(name='=HYPERLINK("http://evil")', slug="evil")
    ActorFactory(name="+cmd", slug="plus")
    rows = list(csv.DictReader(io.StringIO(content(client.get("/api/v1/actors/", {"format": "csv"})))))
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("http://evil")' in names
    assert "'+cmd" in names


def test_column_dictionary_matches_the_csv_header(client, dataset):
    for resource in ["articles", "quotes", "claims", "actors", "outlets", "topics", "quote-groups"]:
        columns = client.get(f"/api/v1/{resource}/columns/").json()
        assert all(column["description"] and column["type"] for column in columns)
        header = next(csv.reader(io.StringIO(content(client.get(f"/api/v1/{resource}/", {"format": "csv"})))))
        assert header == [column["name"] for column in columns], resource


def test_export_with_no_rows_is_just_a_header(client):
    body = content(client.get("/api/v1/claims/", {"format": "csv"}))
    assert body.count("\n") == 1
    assert body.startswith("id,")


def test_links_in_exports_point_at_json_resources(client, dataset):
    rows = list(csv.DictReader(io.StringIO(content(client.get("/api/v1/quotes/", {"format": "csv"})))))
    assert rows[0]["url"].endswith(f"/api/v1/quotes/{rows[0]['id']}/")
    assert "format=" not in rows[0]["article.url"]
