import pytest
from django.contrib import admin
from django.urls import reverse

from articles.highlight import Span, highlight_spans
from articles.models import Quote
from balkanapi.models import ReviewStatus
from tests.factories import AliasFactory, ClaimFactory, MentionFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated():
    quote = QuoteFactory()
    ClaimFactory(article=quote.article)
    MentionFactory(article=quote.article)
    AliasFactory(actor=quote.speaker, name="Вучић")
    return quote


def test_every_model_has_a_working_changelist_and_change_page(admin_client, populated):
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        if model_admin.search_fields:
            assert admin_client.get(changelist, {"q": "vucic"}).status_code == 200, changelist
        first = model.objects.first()
        if first is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            assert admin_client.get(change).status_code == 200, change


def test_article_page_marks_quote_claim_and_mention_spans(admin_client, populated):
    url = reverse("admin:articles_article_change", args=[populated.article_id])
    html = admin_client.get(url).content.decode()
    assert 'class="hl hl-quote"' in html
    assert "hl-claim" in html
    assert "hl-mention" in html
    assert reverse("admin:articles_quote_change", args=[populated.pk]) in html


def test_actor_autocomplete_finds_aliases_without_accents(admin_client, populated):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "quote", "field_name": "speaker", "term": "вучић"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(populated.speaker_id)]


def test_review_status_action(admin_client, populated):
    url = reverse("admin:articles_quote_changelist")
    response = admin_client.post(
        url,
        {"action": "mark_verified", "_selected_action": [populated.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Quote.objects.get(pk=populated.pk).review_status == ReviewStatus.VERIFIED


def test_highlight_escapes_html_and_handles_nested_spans():
    html = highlight_spans(
        "<b>Kurti</b> said “no”.",
        [
            Span(3, 8, "mention", "Kurti", "/a/1"),
            Span(19, 21, "quote", "Quote", "/q/1"),
            Span(18, 22, "claim", "Claim", ""),
        ],
    )
    assert "&lt;b&gt;" in html
    assert '<a class="hl hl-mention" href="/a/1" title="Kurti">Kurti</a>' in html
    assert '<a class="hl hl-claim hl-quote" href="/q/1" title="Quote | Claim">no</a>' in html
    assert "<b>" not in html
