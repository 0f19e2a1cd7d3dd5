"""A curator's whole flow in a real browser: ingest an article from the admin, correct a speaker through
autocomplete and confirm a quote in the review queue, merge two duplicate actors, and read the history."""

import re

import pytest

from actors.models import Actor, ActorAlias, ActorRedirect
from articles.models import Article, Quote
from articles.sample_dataset import load_sample_dataset
from balkanapi.models import ReviewStatus

pytestmark = pytest.mark.django_db(transaction=True)

# An invented article: two direct quotes with their speakers named, a number, a reported statement.
ARTICLE = "\n\n".join(
    [
        "Border talks resume on the lake shore",
        "By Staff Reporter",
        "Negotiators from both sides met on Tuesday for a new round of talks on the disputed lake border.",
        '"We are ready to sign the agreement within a month," said Vesna Radulović, the chief negotiator, '
        "adding that 12 of the 15 chapters had been closed.",
        'Bojan Stamenković, the opposition leader, told reporters: "This deal gives away too much and '
        'parliament will not ratify it."',
        "The mediators said the talks were a step in the right direction.",
    ]
)


def choose(page, select_id: str, search: str, option: str) -> None:
    """Pick `option` in a Django admin autocomplete (select2) widget by typing `search`."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_curator_ingests_reviews_merges_and_reads_history(page, live_server, staff_login, screenshot):
    load_sample_dataset()
    staff_login()
    admin = f"{live_server.url}/admin"

    # 1. Add an article from text: preview what the pipeline found, then save it.
    page.goto(f"{admin}/articles/article/")
    page.get_by_role("link", name="Add from text").click()
    page.fill("#id_text", ARTICLE)
    page.click("input[name=_preview]")
    page.wait_for_selector("#ingest-preview")
    quotes_preview = page.locator("#preview-quotes").inner_text()
    assert "We are ready to sign the agreement within a month" in quotes_preview
    assert page.locator("#preview-body .hl").count() >= 2  # spans marked in the cleaned body
    assert Article.objects.filter(body__contains="lake border").count() == 0  # a preview writes nothing
    screenshot("admin-ingest-preview", full_page=True)
    page.click("#save-form input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    assert "Created article" in page.locator(".messagelist").inner_text()
    article = Article.objects.get(body__contains="lake border")
    quotes = list(Quote.objects.filter(article=article).order_by("start"))
    assert len(quotes) >= 2 and all(quote.review_status != ReviewStatus.VERIFIED for quote in quotes)
    highlights = page.locator("fieldset", has=page.locator(".hl-body")).first
    assert highlights.locator("a.hl").count() >= 2  # each highlight opens its record
    screenshot("admin-article-highlights", element=highlights)

    # 2. Review queue: correct the first quote's speaker through autocomplete, confirm the second.
    first, second = quotes[0], quotes[1]
    someone_else = Actor.objects.create(name="Milena Stojković", slug="milena-stojkovic", kind=Actor.Kind.PERSON)
    page.goto(f"{admin}/articles/review/?kind=quote")
    page.wait_for_selector(f"#review-quote-{first.pk}")
    screenshot("admin-review-queue")
    choose(page, f"id_speaker-quote-{first.pk}", "Stojkov", "Milena Stojković")
    page.locator(f"#review-quote-{first.pk}").get_by_role("button", name="Correct").click()
    page.wait_for_selector(".messagelist")
    assert f"Corrected quote #{first.pk}" in page.locator(".messagelist").inner_text()
    page.locator(f"#review-quote-{second.pk}").get_by_role("button", name="Confirm").click()
    page.wait_for_selector(".messagelist")
    assert f"Confirmed quote #{second.pk}" in page.locator(".messagelist").inner_text()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.speaker_id, first.review_status) == (someone_else.pk, ReviewStatus.VERIFIED)
    assert second.review_status == ReviewStatus.VERIFIED
    assert page.locator(f"#review-quote-{first.pk}").count() == 0  # done records leave the queue

    # 3. Merge two duplicate actors found by the probable-duplicates page.
    survivor = Actor.objects.create(name="Dragan Nikolić", slug="dragan-nikolic", kind=Actor.Kind.PERSON)
    duplicate = Actor.objects.create(name="Dragan Nikolic", slug="d-nikolic", kind=Actor.Kind.PERSON)
    second.speaker = duplicate
    second.save()
    page.goto(f"{admin}/actors/actor/duplicates/")
    pair = page.locator("tr.duplicate-pair", has_text="Dragan Nikoli").first
    pair.locator("a.merge-pair-link").click()
    page.check(f"#survivor-{survivor.pk}")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#merge-preview")
    assert page.locator(f"#merge-absorbed-{duplicate.pk}").is_visible()
    screenshot("admin-merge-preview", full_page=True)
    page.get_by_role("button", name="Confirm merge").click()
    page.wait_for_selector(".messagelist")
    assert not Actor.objects.filter(pk=duplicate.pk).exists()
    second.refresh_from_db()
    assert second.speaker_id == survivor.pk
    assert ActorAlias.objects.filter(actor=survivor, name="Dragan Nikolic").exists()
    assert ActorRedirect.objects.filter(old_slug="d-nikolic").exists()

    # 4. History: who changed what, on the quote and on the surviving actor.
    page.goto(f"{admin}/articles/quote/{first.pk}/history/")
    history = page.locator("#content").inner_text()
    assert "curator" in history
    screenshot("admin-quote-history")
    page.goto(f"{admin}/actors/actor/{survivor.pk}/history/")
    assert "curator" in page.locator("#content").inner_text()
    assert page.outside_requests == []
