"""Why a record exists: the article page marks every span and links it; quote and claim pages show the context."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.highlight import Span, context_snippet, highlight_spans
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, MentionFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = (
    'Intro <b>bold</b> & "quoted".\n\n'
    "Minister Lena Vardić said “the <script>alert(1)</script> plan will cost 40 million euros” on Monday.\n\n"
    "Closing line."
)


class TagChecker(HTMLParser):
    """Fails on crossed or unclosed tags and on links inside links."""

    VOID = {"br", "img", "input", "link", "meta", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        assert not (tag == "a" and "a" in self.stack), "a link inside a link"
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def well_formed(html: str) -> bool:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    return not checker.stack


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-chief-123"))
    return client


@pytest.fixture
def article():
    """Quote, claim and mention overlapping: the claim crosses the quote's end, the mention sits inside both."""
    article = ArticleFactory(body=BODY)
    speaker = ActorFactory(name='Lena "<i>" Vardić')
    quote_text = "the <script>alert(1)</script> plan will cost 40 million euros"
    quote = QuoteFactory(article=article, speaker=speaker, text=quote_text)
    claim_text = "plan will cost 40 million euros” on Monday"
    claim = ClaimFactory(article=article, sentence=claim_text, statement="The plan costs <40m>.")
    mention = MentionFactory(article=article, actor=speaker, text="Lena Vardić")
    inner = MentionFactory(article=article, actor=ActorFactory(), text="plan")
    return {"article": article, "quote": quote, "claim": claim, "mention": mention, "inner": inner}


def test_article_page_links_every_span_to_its_record(superuser_client, article):
    html = superuser_client.get(reverse("admin:articles_article_change", args=[article["article"].pk])).content.decode()
    body = re.search(r'<div class="hl-body">(.*?)</div>', html, re.S).group(1)
    for name, url_name in [
        ("quote", "admin:articles_quote_change"),
        ("claim", "admin:articles_claim_change"),
        ("mention", "admin:articles_mention_change"),
        ("inner", "admin:articles_mention_change"),
    ]:
        assert f'href="{reverse(url_name, args=[article[name].pk])}"' in body, name
    assert well_formed(body)
    # Everything from the data is escaped: body text, speaker names and statements in titles.
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;" in body
    assert "<i>" not in body and "&lt;i&gt;" in body
    assert "The plan costs &lt;40m&gt;." in body
    # Quote and claim overlap: the shared piece carries both classes.
    assert 'class="hl hl-claim hl-quote"' in body
    # Legend with counts, styles from the static file, no inline style element.
    legend = re.search(r'<div class="hl-legend">.*?</div>', html, re.S).group()
    assert "Quote (direct or reported speech) (1)" in legend and "Claim (1)" in legend and "Actor mention (2)" in legend
    assert "articles/curation.css" in html
    assert "<style" not in html


@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_quote_and_claim_pages_show_the_sentence_in_context(superuser_client, article, kind):
    record = article[kind]
    html = superuser_client.get(reverse(f"admin:articles_{kind}_change", args=[record.pk])).content.decode()
    snippet = re.search(r'<div class="context-snippet">.*?</div>', html, re.S).group()
    assert well_formed(snippet)
    span = re.search(r'<mark class="context-span">(.*?)</mark>', snippet, re.S).group(1)
    assert span == (
        "the &lt;script&gt;alert(1)&lt;/script&gt; plan will cost 40 million euros"
        if kind == "quote"
        else "plan will cost 40 million euros” on Monday"
    )
    sentence = re.sub(r"<[^>]+>", "", re.search(r'<span class="context-sentence">(.*?)</span>', snippet, re.S).group(1))
    assert sentence.startswith("Minister Lena Vardić said")
    assert sentence.endswith("on Monday.")
    assert "Intro &lt;b&gt;bold&lt;/b&gt;" in snippet and "Closing line." in snippet  # the text around, dimmed
    assert "<script>" not in html


def test_highlight_never_crosses_or_nests_tags():
    body = "abcdefghijklmnopqrstuvwxyz <&> " * 3
    spans = [
        Span(0, 10, "quote", "q", "/q/1"),
        Span(5, 15, "claim", "c", "/c/1"),
        Span(7, 9, "mention", 'm"<', "/m/1"),
        Span(12, 40, "quote", "q2", ""),
        Span(39, 41, "claim", "c2", "/c/2"),
        Span(50, 500, "claim", "out of range", "/x/"),
        Span(3, 3, "mention", "empty", "/x/"),
    ]
    html = highlight_spans(body, spans)
    assert well_formed(html)
    assert "/x/" not in html
    assert 'title="q | c | m&quot;&lt;"' in html
    assert '<a class="hl hl-claim hl-mention hl-quote" href="/m/1"' in html  # the narrowest span wins the click
    text = re.sub(r"<[^>]+>", "", html)
    assert text == body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_context_snippet_at_the_edges_and_out_of_range():
    body = "First sentence here. Second one says hello. Third."
    start = body.index("hello")
    html = context_snippet(body, start, start + 5)
    assert '<span class="context-sentence">Second one says <mark class="context-span">hello</mark>.</span>' in html
    assert context_snippet(body, 0, 5).startswith('<div class="context-snippet"><span class="context-around"></span>')
    assert "outside the article body" in context_snippet(body, 10, 500)
    long = "word " * 200 + "target " + "word " * 200
    cut = context_snippet(long, long.index("target"), long.index("target") + 6, margin=50)
    assert "…" in cut and len(cut) < 600
