"""Staff curation of outlets, articles and what was extracted from them."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from articles import highlight
from articles.admin_views import ingest_view
from articles.models import Article, Claim, Language, Mention, Outlet, Quote, QuoteGroup, SameStoryLink, Topic
from articles.resources import OutletResource, TopicResource
from balkanapi.admin_actions import REVIEW_ACTIONS
from balkanapi.imports import GuardedImportExportMixin


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Topic)
class TopicAdmin(GuardedImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [TopicResource]
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


# Highlighted bodies, context snippets (a static file: the admin's CSP allows only this server's styles).
CURATION_CSS = {"all": ["articles/curation.css"]}


# Django 6 will assume https for scheme-less URLs typed into forms; do so already.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(GuardedImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OutletResource]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "kind", "country", "language", "article_count", "homepage"]
    list_filter = ["kind", "country", "language"]
    search_fields = ["name", "slug", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["language"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("language").annotate(article_total=Count("articles"))

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, outlet):
        return outlet.article_total


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["actor"]
    fields = ["actor", "text", "start", "end"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "about", "group", "language"]
    fields = [
        ("speaker", "speaker_text", "review_status"),
        "text",
        ("is_direct", "language", "cue", "venue"),
        ("start", "end", "confidence"),
        ("about", "group"),
    ]
    show_change_link = True


class ClaimInline(admin.StackedInline):
    model = Claim
    extra = 0
    autocomplete_fields = ["claimant", "subjects", "quote"]
    fields = [
        ("claimant", "kind", "verification_status", "review_status"),
        "sentence",
        "statement",
        ("value", "unit", "start", "end"),
        ("subjects", "quote"),
    ]
    show_change_link = True


class SameStoryInline(admin.TabularInline):
    model = SameStoryLink
    fk_name = "from_article"
    extra = 0
    autocomplete_fields = ["to_article"]
    verbose_name = "same-story link"
    verbose_name_plural = "same-story links"


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "display_title",
        "outlet",
        "published_on",
        "date_precision",
        "review_status",
        "quote_total",
        "claim_total",
        "updated_at",
    ]
    list_filter = ["review_status", "outlet", "languages", "topics", "date_precision"]
    search_fields = ["title", "standfirst", "body", "canonical_url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet", "syndicated_from", "authors", "languages", "topics"]
    readonly_fields = ["highlighted_body", "content_hash", "created_at", "updated_at"]
    inlines = [QuoteInline, ClaimInline, MentionInline, SameStoryInline]
    actions = REVIEW_ACTIONS
    list_select_related = ["outlet"]
    fieldsets = [
        (None, {"fields": ["title", "standfirst", "outlet", "authors", "review_status"]}),
        (
            "Date and provenance",
            {
                "fields": [
                    ("published_on", "date_precision"),
                    "date_note",
                    "canonical_url",
                    "syndicated_from",
                    "syndication_note",
                ]
            },
        ),
        ("Classification", {"fields": ["languages", "topics", "notes"]}),
        (
            "Body with extracted spans",
            {
                "fields": ["highlighted_body"],
                "description": "Click a highlighted span to open its quote, claim or mention.",
            },
        ),
        ("Text", {"classes": ["collapse"], "fields": ["body", "raw_text", "content_hash", "created_at", "updated_at"]}),
    ]

    class Media:
        css = CURATION_CSS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_count=Count("quotes", distinct=True),
                claim_count=Count("claims", distinct=True),
            )
        )

    @admin.display(description="Title", ordering="title")
    def display_title(self, article):
        return article.title or f"(untitled #{article.pk})"

    @admin.display(description="Quotes", ordering="quote_count")
    def quote_total(self, article):
        return article.quote_count

    @admin.display(description="Claims", ordering="claim_count")
    def claim_total(self, article):
        return article.claim_count

    @admin.display(description="Body")
    def highlighted_body(self, article):
        if not article.pk:
            return "Save the article to see its spans."
        return highlight.highlighted_body(article.body, highlight.article_spans(article))

    def get_urls(self):
        ingest = path("ingest/", self.admin_site.admin_view(self.ingest), name="articles_article_ingest")
        return [ingest, *super().get_urls()]

    def ingest(self, request):
        """Add an article from pasted text or an uploaded file: preview the extraction, then save it."""
        return ingest_view(self, request)


@admin.register(SameStoryLink)
class SameStoryLinkAdmin(admin.ModelAdmin):
    list_display = ["from_article", "to_article", "kind"]
    list_filter = ["kind"]
    search_fields = ["from_article__title", "to_article__title", "note"]
    autocomplete_fields = ["from_article", "to_article"]
    list_select_related = ["from_article__outlet", "to_article__outlet"]


@admin.register(Mention)
class MentionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "actor", "article", "start", "end"]
    search_fields = ["text", "actor__name", "article__title"]
    autocomplete_fields = ["actor", "article"]
    list_select_related = ["actor", "article"]


@admin.register(QuoteGroup)
class QuoteGroupAdmin(SimpleHistoryAdmin):
    list_display = ["label", "speaker", "slug", "quote_total"]
    search_fields = ["label", "slug", "speaker__name"]
    autocomplete_fields = ["speaker"]
    prepopulated_fields = {"slug": ["label"]}
    list_select_related = ["speaker"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(description="Quotes", ordering="quote_count")
    def quote_total(self, group):
        return group.quote_count


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["short_text", "speaker", "is_direct", "language", "article", "review_status", "confidence"]
    list_filter = ["review_status", "is_direct", "language", "speaker__kind", "article__outlet"]
    search_fields = ["text", "speaker__name", "speaker_text", "cue"]
    autocomplete_fields = ["article", "speaker", "about", "group", "language"]
    readonly_fields = ["in_context", "created_at", "updated_at"]
    list_select_related = ["speaker", "article", "language"]
    actions = REVIEW_ACTIONS

    class Media:
        css = CURATION_CSS

    @admin.display(description="Quote")
    def short_text(self, quote):
        return quote.text if len(quote.text) <= 90 else quote.text[:90] + "…"

    @admin.display(description="In context")
    def in_context(self, quote):
        return highlight.context_snippet(quote.article.body, quote.start, quote.end) if quote.pk else "-"


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "claimant", "kind", "value", "unit", "verification_status", "review_status", "article"]
    list_filter = ["kind", "verification_status", "review_status", "article__outlet"]
    search_fields = ["statement", "sentence", "claimant__name"]
    autocomplete_fields = ["article", "claimant", "subjects", "quote"]
    readonly_fields = ["in_context", "created_at", "updated_at"]
    list_select_related = ["claimant", "article"]
    actions = REVIEW_ACTIONS

    class Media:
        css = CURATION_CSS

    @admin.display(description="In context")
    def in_context(self, claim):
        return highlight.context_snippet(claim.article.body, claim.start, claim.end) if claim.pk else "-"
