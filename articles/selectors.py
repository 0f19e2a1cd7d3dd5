"""Read-side queries: what each endpoint needs joined or prefetched, so no view triggers N+1 queries."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from actors.models import Actor
from articles.models import Article, Claim, Mention, Outlet, Quote, QuoteGroup, SameStoryLink
from balkanapi.models import DRAFT_STATUSES, ReviewStatus
from balkanapi.querysets import count_of, prefetch_lists


def outlet_list() -> QuerySet[Outlet]:
    return Outlet.objects.select_related("language").annotate(article_count=count_of(Article.objects.all(), "outlet"))


def published_quotes(quotes: QuerySet[Quote] | None = None) -> QuerySet[Quote]:
    """The quotes anyone may read: reviewed, in a reviewed article."""
    quotes = Quote.objects.all() if quotes is None else quotes
    return quotes.exclude(review_status__in=DRAFT_STATUSES).exclude(article__review_status__in=DRAFT_STATUSES)


# Columns a list page never shows: the text and the pipeline's bookkeeping, most of an article's bytes.
LIST_DEFERRED_FIELDS = ("body", "raw_text", "search_text", "raw_offsets", "fingerprint", "notes", "date_note")


# The to-many relations an article list shows.
ARTICLE_LIST_RELATIONS = ("authors", "languages", "topics")


def article_list(show_drafts: bool = True, with_body: bool = False) -> QuerySet[Article]:
    """Articles with outlet, authors, languages and topics, for list pages.

    Without `show_drafts`, the quote and claim counts leave out records nobody has verified yet. The body
    and other long columns are left unread unless `with_body` (search results quote a snippet of the body).
    Authors, languages and topics come as plain lists (`listed_authors` …) for the list serializer.
    """
    return _articles(show_drafts, with_body).prefetch_related(*prefetch_lists(*ARTICLE_LIST_RELATIONS))


def _articles(show_drafts: bool, with_body: bool) -> QuerySet[Article]:
    deferred = [name for name in LIST_DEFERRED_FIELDS if not (with_body and name == "body")]
    quotes, claims = Quote.objects.all(), Claim.objects.all()
    if not show_drafts:
        quotes = quotes.exclude(review_status__in=DRAFT_STATUSES)
        claims = claims.exclude(review_status__in=DRAFT_STATUSES)
    return (
        Article.objects.select_related("outlet", "syndicated_from")
        .defer(*deferred)
        .annotate(
            quote_count=count_of(quotes, "article"),
            claim_count=count_of(claims, "article"),
        )
    )


def _without_article_text(related: str = "article") -> list[str]:
    """The joined article's long columns, which quote and claim rows only need as a summary."""
    return [f"{related}__{name}" for name in LIST_DEFERRED_FIELDS]


def quote_queryset(article_text: bool = False) -> QuerySet[Quote]:
    """Quotes with speaker, article, outlet, group and the actors they are about.

    The article's long columns are left unread unless `article_text` (an expanded article in search results
    quotes a snippet of its body).
    """
    quotes = Quote.objects.select_related(
        "speaker",
        "article",
        "article__outlet",
        "group",
        "language",
    ).prefetch_related("about")
    return quotes if article_text else quotes.defer(*_without_article_text())


def claim_queryset(article_text: bool = False) -> QuerySet[Claim]:
    """Claims with claimant, article, outlet, source quote and subjects (`article_text`: as for quotes)."""
    claims = Claim.objects.select_related(
        "claimant",
        "article",
        "article__outlet",
        "quote",
    ).prefetch_related("subjects")
    return claims if article_text else claims.defer(*_without_article_text())


def article_detail(show_drafts: bool = True) -> QuerySet[Article]:
    """Articles with everything extracted from them: quotes, claims, mentions and same-story links.

    Without `show_drafts`, quotes and claims nobody has verified yet are left out.
    """
    quotes = Quote.objects.select_related("speaker", "group", "language").prefetch_related("about")
    claims = Claim.objects.select_related("claimant").prefetch_related("subjects")
    if not show_drafts:
        quotes = quotes.filter(review_status=ReviewStatus.VERIFIED)
        claims = claims.filter(review_status=ReviewStatus.VERIFIED)
    return (
        _articles(show_drafts, with_body=True)
        .defer(None)
        .prefetch_related(
            *ARTICLE_LIST_RELATIONS,
            Prefetch("quotes", queryset=quotes),
            Prefetch("claims", queryset=claims),
            Prefetch("mentions", queryset=Mention.objects.select_related("actor")),
            Prefetch("story_links", queryset=SameStoryLink.objects.select_related("to_article__outlet")),
        )
    )


def quote_group_list(show_drafts: bool = True) -> QuerySet[QuoteGroup]:
    """Quote groups with their speaker and quote count.

    Without `show_drafts`, only published quotes count, and a group whose quotes are all drafts is
    left out (its label describes an utterance nobody has checked yet).
    """
    quotes = Quote.objects.all() if show_drafts else published_quotes()
    groups = QuoteGroup.objects.select_related("speaker").annotate(quote_count=count_of(quotes, "group"))
    if not show_drafts:
        groups = groups.filter(Q(quote_count__gt=0) | ~Exists(Quote.objects.filter(group=OuterRef("pk"))))
    return groups


def quote_group_detail(show_drafts: bool = True) -> QuerySet[QuoteGroup]:
    quotes = quote_queryset() if show_drafts else published_quotes(quote_queryset())
    return quote_group_list(show_drafts).prefetch_related(
        Prefetch("quotes", queryset=quotes.order_by("article__published_on", "id")),
    )


def mentioned_actors(article: Article) -> list[Actor]:
    """Distinct actors mentioned in an article, most mentioned first (uses the prefetched mentions)."""
    counts: dict[int, tuple[Actor, int]] = {}
    for mention in article.mentions.all():
        actor, seen = counts.get(mention.actor_id, (mention.actor, 0))
        counts[mention.actor_id] = (actor, seen + 1)
    return [actor for actor, _seen in sorted(counts.values(), key=lambda pair: (-pair[1], pair[0].name))]


def article_published_on() -> F:
    """Expression for ordering quotes and claims by their article's publication date (`ordering=published_on`)."""
    return F("article__published_on")
