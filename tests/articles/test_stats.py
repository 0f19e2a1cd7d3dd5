import pytest

from articles.sample_dataset import load_sample_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dataset():
    load_sample_dataset()


def test_timeline_by_month_and_outlet(client):
    body = client.get("/api/v1/stats/timeline/", {"interval": "month", "group_by": "outlet"}).json()
    assert body["interval"] == "month"
    totals = {series["key"]: series["total"] for series in body["series"]}
    assert sum(totals.values()) == 5
    assert body["series"][0]["points"][0]["period"].endswith("-01")


def test_timeline_of_quotes_by_speaker_with_list_filters(client):
    body = client.get(
        "/api/v1/stats/timeline/",
        {
            "resource": "quotes",
            "group_by": "speaker",
            "interval": "day",
            "direct": "true",
            "published_after": "2026-01-01",
        },
    ).json()
    totals = {series["key"]: series["total"] for series in body["series"]}
    assert totals["sergei-lavrov"] == 3
    assert "matthew-a-palmer" not in totals  # his 2019 quotes are outside the date filter


@pytest.mark.parametrize(
    "params",
    [
        {"interval": "year"},
        {"group_by": "author"},
        {"resource": "tweets"},
        {"published_after": "soon"},
    ],
)
def test_timeline_bad_parameters_are_400(client, params):
    assert client.get("/api/v1/stats/timeline/", params).status_code == 400


def test_top_lists(client):
    speakers = client.get("/api/v1/stats/top/", {"dimension": "speakers", "limit": 3, "direct": "true"}).json()
    assert len(speakers) == 3
    assert speakers[0]["count"] >= speakers[1]["count"] >= speakers[2]["count"]
    mentioned = client.get("/api/v1/stats/top/", {"dimension": "mentioned"}).json()
    assert mentioned[0]["slug"] == "russia"
    outlets = client.get("/api/v1/stats/top/", {"dimension": "outlets", "language": "sq"}).json()
    assert [(row["slug"], row["count"]) for row in outlets] == [("rfe-rl-albanian", 1)]
    assert client.get("/api/v1/stats/top/", {"dimension": "nope"}).status_code == 400


def test_co_mention_network(client):
    body = client.get("/api/v1/stats/co-mentions/", {"min_weight": 3, "limit": 20}).json()
    assert body["articles"] == 5
    node_ids = {node["id"] for node in body["nodes"]}
    assert body["edges"]
    for edge in body["edges"]:
        assert edge["weight"] >= 3
        assert {edge["source"], edge["target"]} <= node_ids
    slugs = {node["slug"] for node in body["nodes"]}
    assert {"russia", "kosovo", "serbia"} <= slugs
