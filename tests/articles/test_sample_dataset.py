"""End-to-end checks on the curated reference dataset, loaded as `make run` loads it."""

import re

import pytest

from articles.models import Article, Claim, Mention, Quote
from articles.sample_dataset import SAMPLE_DATA_DIR, check_spans, load_sample_dataset, read_dataset

pytestmark = pytest.mark.django_db

# Opening and closing quotation marks of the languages we cover: “…” "…" „…“ «…» ‘…’
QUOTED = re.compile(r"“[^”“]+[”“]|\"[^\"]+\"|„[^“”]+[“”]|«[^»]+»")


@pytest.fixture
def dataset():
    return load_sample_dataset()


def test_loading_twice_creates_nothing_twice(dataset):
    counts = {model: model.objects.count() for model in (Article, Quote, Claim, Mention)}
    second = load_sample_dataset()
    assert second.created == {}
    assert {model: model.objects.count() for model in counts} == counts
    assert counts[Article] == 5


def test_raw_files_are_byte_exact_copies_kept_with_the_articles(dataset):
    raws = sorted(path.name for path in (SAMPLE_DATA_DIR / "raw").glob("*.txt"))
    assert len(raws) == 5
    stored = {article.raw_text for article in Article.objects.all()}
    assert stored == {(SAMPLE_DATA_DIR / "raw" / name).read_text(encoding="utf-8") for name in raws}


def test_every_stored_span_slices_exactly_its_text(dataset):
    for quote in Quote.objects.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text, quote.pk
    for claim in Claim.objects.select_related("article"):
        assert claim.article.body[claim.start : claim.end] == claim.sentence, claim.pk
    for mention in Mention.objects.select_related("article"):
        assert mention.article.body[mention.start : mention.end] == mention.text, mention.pk


def test_dataset_files_are_consistent():
    _catalog, articles = read_dataset()
    for record in articles:
        check_spans(record)


def test_every_quotation_in_a_body_is_recorded(dataset):
    """Each passage in quotation marks is covered by a quote record, or listed as not a quotation."""
    for article in Article.objects.prefetch_related("quotes"):
        spans = [(quote.start, quote.end) for quote in article.quotes.all()]
        for match in QUOTED.finditer(article.body):
            inner_start, inner_end = match.start() + 1, match.end() - 1
            covered = any(start <= inner_start and inner_end <= end + 1 for start, end in spans) or any(
                inner_start <= start and end <= inner_end for start, end in spans
            )
            assert covered or match.group() in article.notes, (article.pk, match.group())


def test_bodies_have_no_leftover_boilerplate(dataset):
    for article in Article.objects.all():
        body = article.body
        assert "](" not in body, "markdown link syntax"
        assert "Min Read" not in body
        assert "newsletter" not in body.lower()
        assert "\n\n\n" not in body
        assert body == body.strip()
        # Paragraphs are re-separated by blank lines, so compare the text without white space.
        assert len("".join(body.split())) < len("".join(article.raw_text.split()))


def test_api_lists_the_five_articles(client, dataset):
    body = client.get("/api/v1/articles/").json()
    assert body["count"] == 5


def test_lavrov_remark_from_every_outlet_that_carried_it(client, dataset):
    rows = client.get("/api/v1/quotes/", {"speaker": "sergei-lavrov", "page_size": 200}).json()["results"]
    outlets = {row["article"]["outlet"]["slug"] for row in rows}
    assert len(outlets) >= 3
    assert all(row["speaker"]["slug"] == "sergei-lavrov" for row in rows)
    direct = [row for row in rows if row["direct"]]
    assert len({row["article"]["id"] for row in direct}) == 3
    assert len({row["group"]["slug"] for row in direct if row["group"]}) == 1


def test_one_analyst_whatever_the_spelling(client, dataset):
    found = client.get("/api/v1/actors/", {"q": "stradner"}).json()["results"]
    assert len(found) == 1
    for spelling in ["Ivan Stradner", "Ivana Stradner"]:
        assert [row["id"] for row in client.get("/api/v1/actors/", {"q": spelling}).json()["results"]] == [
            found[0]["id"]
        ]
    detail = client.get(f"/api/v1/actors/{found[0]['slug']}/").json()
    assert detail["quote_count"] >= 3
    assert detail["mention_count"] >= 2


def test_article_detail_is_linked_data(client, dataset):
    article = Article.objects.filter(languages__code="sq").get()
    body = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert set(body["languages"]) >= {"en", "sq"}
    assert body["title"] is None
    assert body["same_story"]
    assert {quote["language"] for quote in body["quotes"]} >= {"en", "sq"}
    assert all(quote["speaker"] for quote in body["quotes"] if quote["direct"])
    assert body["mentioned_actors"]
