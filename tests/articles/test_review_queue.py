"""The review queue: pending quotes and claims, lowest confidence first; confirm, correct, reject, bulk confirm."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from articles.models import Claim, Quote
from balkanapi.models import ReviewStatus
from changes.models import ChangeEvent
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, OutletFactory, QuoteFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/review/"
MACHINE = ReviewStatus.MACHINE


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-chief-123")


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def queue():
    """Two outlets, records of both kinds at several confidences, and records the queue must leave out."""
    north, south = OutletFactory(name="North Post"), OutletFactory(name="South Herald")

    def early():
        return ArticleFactory(outlet=north, published_on=datetime.date(2025, 3, 1))

    def late():
        return ArticleFactory(outlet=south, published_on=datetime.date(2025, 9, 1))

    records = {
        "q_high": QuoteFactory(article=early(), review_status=MACHINE, confidence=0.9),
        "q_low": QuoteFactory(article=late(), review_status=ReviewStatus.NEEDS_REVIEW, confidence=0.2),
        "c_mid": ClaimFactory(article=early(), review_status=MACHINE, confidence=0.5),
        "c_none": ClaimFactory(article=late(), review_status=MACHINE, confidence=None),
        "q_done": QuoteFactory(article=early(), review_status=ReviewStatus.VERIFIED, confidence=0.1),
        "c_done": ClaimFactory(article=late(), review_status=ReviewStatus.VERIFIED, confidence=0.1),
    }
    return {"north": north, "south": south, **records}


def keys(response) -> list[str]:
    return [f"{row.item.kind}:{row.item.record.pk}" for row in response.context["rows"]]


def key(record) -> str:
    return f"{'quote' if isinstance(record, Quote) else 'claim'}:{record.pk}"


def test_pending_records_lowest_confidence_first(staff_client, queue):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert keys(response) == [key(queue[name]) for name in ("q_low", "c_mid", "q_high", "c_none")]
    html = response.content.decode()
    assert "4 records waiting for review." in html
    for label in ("Kind", "Outlet", "Published from", "Published to"):
        assert f">{label}</label>" in html
    for button in ("Confirm selected", ">Confirm<", ">Correct<", ">Reject<"):
        assert button in html
    # The speaker autocomplete (ActorAdmin's search) is on every row, showing the current speaker.
    row = re.search(rf'<tr id="review-quote-{queue["q_low"].pk}".*?</tr>', html, re.S).group()
    assert 'data-field-name="speaker"' in row and 'data-model-name="quote"' in row
    assert f'name="speaker-quote-{queue["q_low"].pk}"' in row
    assert f'<option value="{queue["q_low"].speaker_id}" selected>' in row
    claim_row = re.search(rf'<tr id="review-claim-{queue["c_mid"].pk}".*?</tr>', html, re.S).group()
    assert 'data-field-name="claimant"' in claim_row
    # Each record in its sentence, and a link to its own page.
    assert '<mark class="context-span">we are ready to talk</mark>' in row
    assert f'href="/admin/articles/quote/{queue["q_low"].pk}/change/"' in row


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "claim"}, ["c_mid", "c_none"]),
        ({"kind": "quote"}, ["q_low", "q_high"]),
        ({"outlet": "north"}, ["c_mid", "q_high"]),
        ({"published_after": "2025-06-01"}, ["q_low", "c_none"]),
        ({"published_before": "2025-06-01", "kind": "quote"}, ["q_high"]),
        ({"kind": "actor"}, ["q_low", "c_mid", "q_high", "c_none"]),  # unknown values are errors, not filters
    ],
)
def test_filters(staff_client, queue, params, expected):
    params = {name: queue[value].pk if name == "outlet" else value for name, value in params.items()}
    response = staff_client.get(URL, params)
    assert response.status_code == 200
    assert keys(response) == [key(queue[name]) for name in expected]


def test_pages_of_twenty_five(staff_client):
    article = ArticleFactory(body="Word " * 40 + "end.")
    for number in range(30):
        Claim.objects.create(
            article=article,
            sentence="Word",
            statement=f"Claim {number}",
            kind=Claim.Kind.EVENT,
            start=number * 5,
            end=number * 5 + 4,
            confidence=number / 100,
            review_status=MACHINE,
        )
    first = staff_client.get(URL)
    second = staff_client.get(URL, {"page": 2, "kind": "claim"})
    assert len(first.context["rows"]) == 25
    assert [row.item.record.statement for row in second.context["rows"]] == [f"Claim {n}" for n in range(25, 30)]
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?kind=claim&amp;page=1"' in second.content.decode()


def test_the_page_does_not_query_per_row(staff_client, queue, django_assert_max_num_queries):
    for _ in range(10):
        QuoteFactory(review_status=MACHINE, confidence=0.3)
    with django_assert_max_num_queries(10):  # session, user, count, page, quotes, claims, actors: not per row
        assert len(staff_client.get(URL).context["rows"]) == 14


def test_confirm_marks_verified_with_history_and_change_event(staff_client, queue, superuser):
    quote = queue["q_low"]
    history_before = quote.history.count()
    response = staff_client.post(URL + "?kind=quote", {"do": f"confirm:quote:{quote.pk}"})
    assert response.status_code == 302
    assert response["Location"] == URL + "?kind=quote"
    quote.refresh_from_db()
    assert quote.review_status == ReviewStatus.VERIFIED
    assert quote.history.count() == history_before + 1
    latest = quote.history.first()
    assert latest.history_user == superuser
    assert latest.history_change_reason == "Confirmed in the review queue"
    assert ChangeEvent.objects.filter(resource="quotes", object_id=quote.pk, action="update").exists()
    assert key(quote) not in keys(staff_client.get(URL))


def test_correct_sets_the_speaker_and_marks_verified(staff_client, queue, superuser):
    quote, claim = queue["q_high"], queue["c_mid"]
    right = ActorFactory(name="Vesna Example")
    response = staff_client.post(URL, {"do": f"correct:quote:{quote.pk}", f"speaker-quote-{quote.pk}": right.pk})
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker, quote.review_status) == (right, ReviewStatus.VERIFIED)
    latest = quote.history.first()
    assert (latest.speaker_id, latest.review_status, latest.history_user) == (right.pk, "verified", superuser)
    assert latest.history_change_reason.startswith("Corrected in the review queue")
    staff_client.post(URL, {"do": f"correct:claim:{claim.pk}", f"speaker-claim-{claim.pk}": right.pk})
    claim.refresh_from_db()
    assert (claim.claimant, claim.review_status) == (right, ReviewStatus.VERIFIED)
    assert claim.history.first().claimant_id == right.pk


def test_correct_without_a_choice_changes_nothing(staff_client, queue):
    quote = queue["q_high"]
    history_before = quote.history.count()
    response = staff_client.post(URL, {"do": f"correct:quote:{quote.pk}", f"speaker-quote-{quote.pk}": ""}, follow=True)
    assert f"Choose the speaker of quote #{quote.pk} before correcting it." in response.content.decode()
    quote.refresh_from_db()
    assert quote.review_status == MACHINE
    assert quote.history.count() == history_before


def test_reject_deletes_with_history_and_change_event(staff_client, queue, superuser):
    claim = queue["c_mid"]
    response = staff_client.post(URL, {"do": f"reject:claim:{claim.pk}"}, follow=True)
    assert f"Rejected and deleted claim #{claim.pk}." in response.content.decode()
    assert not Claim.objects.filter(pk=claim.pk).exists()
    deleted = Claim.history.filter(id=claim.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", superuser)
    assert deleted.history_change_reason == "Rejected in the review queue"
    assert ChangeEvent.objects.filter(resource="claims", object_id=claim.pk, action="delete").exists()


def test_bulk_confirm(staff_client, queue):
    chosen = [queue["q_low"], queue["c_none"]]
    history_before = [record.history.count() for record in chosen]
    response = staff_client.post(
        URL, {"do": "bulk_confirm", "selected": [key(record) for record in chosen]}, follow=True
    )
    assert "2 record(s) confirmed." in response.content.decode()
    for record, count in zip(chosen, history_before, strict=True):
        record.refresh_from_db()
        assert record.review_status == ReviewStatus.VERIFIED
        assert record.history.count() == count + 1
    assert keys(response) == [key(queue["c_mid"]), key(queue["q_high"])]


def test_stale_or_forged_actions_change_nothing(staff_client, queue):
    done = queue["q_done"]
    history_before = done.history.count()
    response = staff_client.post(URL, {"do": f"reject:quote:{done.pk}"}, follow=True)
    assert "already reviewed or no longer exists" in response.content.decode()
    assert Quote.objects.filter(pk=done.pk).exists()
    assert done.history.count() == history_before
    for forged in ("delete:quote:1", "confirm:actor:1", "confirm:quote:x", "confirm:quote:99999999999999999999"):
        assert "Unknown review action." in staff_client.post(URL, {"do": forged}, follow=True).content.decode()
    assert (
        "Select the records to confirm first."
        in staff_client.post(URL, {"do": "bulk_confirm"}, follow=True).content.decode()
    )
    # A GET never changes anything.
    staff_client.get(URL, {"do": f"confirm:quote:{queue['q_low'].pk}"})
    queue["q_low"].refresh_from_db()
    assert queue["q_low"].review_status == ReviewStatus.NEEDS_REVIEW


def test_changes_need_the_csrf_token(superuser, queue):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post(URL, {"do": f"confirm:quote:{queue['q_low'].pk}"})
    assert response.status_code == 403
    queue["q_low"].refresh_from_db()
    assert queue["q_low"].review_status == ReviewStatus.NEEDS_REVIEW


def test_non_staff_are_denied_even_with_the_review_permission(client, django_user_model, queue):
    assert client.get(URL).status_code == 302  # anonymous: to the admin login
    reviewer = django_user_model.objects.create_user("reviewer", password="pw-reviewer-123")
    reviewer.user_permissions.add(Permission.objects.get(codename="review_records"))
    client.force_login(reviewer)
    response = client.post(URL, {"do": f"confirm:quote:{queue['q_low'].pk}"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    queue["q_low"].refresh_from_db()
    assert queue["q_low"].review_status == ReviewStatus.NEEDS_REVIEW


def test_the_queue_is_linked_from_the_admin_index_and_the_quote_and_claim_lists(staff_client):
    for page in ("/admin/", "/admin/articles/quote/", "/admin/articles/claim/"):
        assert f'href="{URL}"' in staff_client.get(page).content.decode(), page


def test_the_claimant_autocomplete_answers(staff_client, queue):
    actor = ActorFactory(name="Vesna Example")
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "claim", "field_name": "claimant", "term": "vesna"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(actor.pk)]
