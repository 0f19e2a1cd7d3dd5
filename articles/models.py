"""Outlets, articles and what was extracted from them: mentions, quotes and stated claims.

Character spans (`start`, `end`) are offsets in Unicode code points into `Article.body`
(Python slicing semantics: `body[start:end]` is the cited text).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actors.models import Actor, slug_validator
from articles.ingest.similarity import fingerprint
from balkanapi.models import DRAFT_STATUSES, ReviewStatus, TimeStampedModel
from balkanapi.text import normalize_text


class Language(models.Model):
    """A language by its BCP 47 code (en, sq, sr, sr-Cyrl, mk, ru …)."""

    code = models.CharField(max_length=16, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Topic(TimeStampedModel):
    """An entry in the small, controlled topic vocabulary."""

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outlet(TimeStampedModel):
    class Kind(models.TextChoices):
        PUBLIC_BROADCASTER = "public_broadcaster", "Public broadcaster"
        STATE_FUNDED = "state_funded", "State-funded"
        INDEPENDENT = "independent", "Independent"
        COMMERCIAL = "commercial", "Commercial"
        WIRE = "wire", "Wire service or syndicator"
        AGGREGATOR = "aggregator", "Aggregator"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, validators=[slug_validator])
    homepage = models.URLField(blank=True)
    country = CountryField(blank=True, db_index=True)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlets",
        help_text="Primary language of publication.",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    ownership = models.TextField(blank=True, help_text="Ownership, funding or affiliation.")
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(TimeStampedModel):
    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500, null=True, blank=True)
    standfirst = models.TextField(blank=True, help_text="Dek or summary under the headline.")
    authors = models.ManyToManyField(Actor, blank=True, related_name="authored_articles")
    published_on = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_note = models.TextField(blank=True, help_text="How the publication date was established.")
    languages = models.ManyToManyField(Language, blank=True, related_name="articles")
    body = models.TextField(help_text="Cleaned text; every span points into it.")
    raw_text = models.TextField(blank=True, help_text="The text exactly as received.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    canonical_url = models.URLField(max_length=1000, null=True, blank=True)
    syndicated_from = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="syndicated_articles",
        help_text="Agency or syndicator whose story this is.",
    )
    syndication_note = models.TextField(blank=True)
    same_story = models.ManyToManyField(
        "self",
        through="SameStoryLink",
        symmetrical=True,
        blank=True,
        help_text="The same story as carried or rewritten by other outlets.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    review_status = models.CharField(
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.MACHINE,
        db_index=True,
    )
    notes = models.TextField(blank=True, help_text="Curator notes.")
    pipeline_version = models.CharField(max_length=40, blank=True, help_text="Extraction pipeline that made it.")
    raw_offsets = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="Map from body offsets to raw_text offsets: [body_start, raw_start, length] segments.",
    )
    fingerprint = models.JSONField(null=True, blank=True, editable=False, help_text="Near-duplicate sketch.")
    search_text = models.TextField(blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        permissions = [
            ("view_drafts", "Can see machine-extracted records nobody has verified yet"),
            ("review_records", "Can set the review status of articles, quotes, claims and actors"),
        ]
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=Q(canonical_url__isnull=False),
                name="unique_canonical_url",
            ),
        ]
        indexes = [
            models.Index(fields=["published_on", "id"], name="article_published_id"),
            # The public list (drafts hidden), newest first: pages and deep pages read ids from this index alone.
            models.Index(
                fields=["-published_on", "-id"],
                name="article_public_newest",
                condition=~Q(review_status__in=DRAFT_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Untitled article #{self.pk} ({self.outlet})"

    # The review status as loaded (None for a new article): saving a draft as verified publishes its records.
    _loaded_review_status = None

    @classmethod
    def drafts_q(cls) -> Q:
        return Q(review_status__in=DRAFT_STATUSES)

    @staticmethod
    def hash_body(body: str) -> str:
        """Content hash of a body, insensitive to whitespace differences, so re-scrapes dedupe."""
        return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()

    @staticmethod
    def search_text_of(title: str | None, standfirst: str, body: str) -> str:
        """The normalised text full-text search reads (also used by bulk loaders, which bypass save())."""
        return normalize_text(" ".join(filter(None, [title, standfirst, body])))

    def save(self, *args, **kwargs):
        self.content_hash = self.hash_body(self.body)
        if self.canonical_url == "":
            self.canonical_url = None
        self.search_text = self.search_text_of(self.title, self.standfirst, self.body)
        self.fingerprint = fingerprint(self.body).as_json()
        published_now = self._loaded_review_status in DRAFT_STATUSES and self.review_status not in DRAFT_STATUSES
        super().save(*args, **kwargs)
        self._loaded_review_status = self.review_status
        if published_now:
            # Its verified quotes and claims become readable with it: the change feed, which shows
            # readers only what they may read, announces them now so mirrors fetch them.
            from changes.recording import record_changes

            for related in (self.quotes, self.claims):
                verified = related.exclude(review_status__in=DRAFT_STATUSES).values_list("pk", flat=True)
                record_changes(related.model, verified, "update")

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._loaded_review_status = article.__dict__.get("review_status")
        return article


class SameStoryLink(models.Model):
    """Two articles telling the same story (symmetric: Django keeps both directions)."""

    class Kind(models.TextChoices):
        REWRITE = "rewrite", "Rewrite of the other article"
        TRANSLATION = "translation", "Translation"
        SAME_EVENT = "same_event", "Independent coverage of the same event"

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="story_links")
    to_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SAME_EVENT)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="unique_same_story_link"),
            models.CheckConstraint(condition=~Q(from_article=F("to_article")), name="same_story_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_article} ↔ {self.to_article} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the reverse row in step, as Django's symmetrical `same_story.add()` does, so a link
        # made in the admin shows on both articles. update()/bulk_create avoid recursing into save().
        mirror = SameStoryLink.objects.filter(from_article=self.to_article_id, to_article=self.from_article_id)
        if not mirror.update(kind=self.kind, note=self.note):
            SameStoryLink.objects.bulk_create(
                [
                    SameStoryLink(
                        from_article_id=self.to_article_id,
                        to_article_id=self.from_article_id,
                        kind=self.kind,
                        note=self.note,
                    )
                ]
            )

    def delete(self, *args, **kwargs):
        SameStoryLink.objects.filter(from_article=self.to_article_id, to_article=self.from_article_id).delete()
        return super().delete(*args, **kwargs)


class SpanModel(models.Model):
    """A piece of an article's body, by character offsets; `body[start:end]` is the cited text."""

    # Name of the field holding the cited text, which must equal body[start:end].
    span_text_field = "text"

    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        body = self.article.body if self.article_id else None
        text = getattr(self, self.span_text_field)
        if body is not None and text and body[self.start : self.end] != text:
            raise ValidationError({"start": f"body[{self.start}:{self.end}] does not equal the given text."})


def span_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(end__gt=F("start")), name=name)


class Mention(SpanModel):
    """An actor named in an article, with the surface form used."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="mentions")
    text = models.CharField(max_length=300)
    confidence = models.FloatField(null=True, blank=True, help_text="Match confidence (machine-extracted only).")
    pipeline_version = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            span_constraint("mention_span_valid"),
            models.UniqueConstraint(fields=["article", "actor", "start", "end"], name="unique_mention"),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.actor}"


class QuoteGroup(TimeStampedModel):
    """One utterance as reported by several articles, possibly in different translations."""

    slug = models.SlugField(max_length=120, unique=True, validators=[slug_validator])
    label = models.CharField(max_length=300, help_text="Short English description of the utterance.")
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quote_groups",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def drafts_q(cls) -> Q:
        """Groups whose quotes are all drafts: their label describes an utterance nobody has checked."""
        quotes = Quote.objects.filter(group=OuterRef("pk"))
        return Q(Exists(quotes)) & ~Q(Exists(quotes.exclude(Quote.drafts_q())))


class Quote(SpanModel, TimeStampedModel):
    """Who said what, where in the text, directly quoted or reported."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="Empty when the text does not say who spoke.",
    )
    speaker_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the article names the speaker ('a spokesperson for the bloc').",
    )
    text = models.TextField()
    is_direct = models.BooleanField(default=True, db_index=True, help_text="Direct quotation (false: reported speech).")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes")
    cue = models.CharField(max_length=120, blank=True, help_text="Attribution cue as written: said, told …, thotë.")
    venue = models.CharField(max_length=300, blank=True, help_text="Venue or occasion, when stated.")
    about = models.ManyToManyField(Actor, blank=True, related_name="quotes_about")
    group = models.ForeignKey(QuoteGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")
    confidence = models.FloatField(null=True, blank=True, help_text="Attribution confidence (machine-extracted only).")
    pipeline_version = models.CharField(max_length=40, blank=True)
    review_status = models.CharField(
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.MACHINE,
        db_index=True,
    )
    search_text = models.TextField(blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [
            span_constraint("quote_span_valid"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="unique_quote_span"),
        ]

    def __str__(self) -> str:
        who = self.speaker.name if self.speaker_id else "Unattributed"
        return f"{who}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    @classmethod
    def drafts_q(cls) -> Q:
        """Not yet verified, or in an article that is not."""
        return Q(review_status__in=DRAFT_STATUSES) | Q(article__review_status__in=DRAFT_STATUSES)

    def prepare_for_save(self) -> None:
        """Derived columns; called by save() and by bulk writers, which bypass save()."""
        self.search_text = self.search_text_of(self.text)

    @staticmethod
    def search_text_of(text: str) -> str:
        """The normalised text full-text search reads, from the quotation."""
        return normalize_text(text)


class Claim(SpanModel, TimeStampedModel):
    """A checkable assertion, by an actor or (claimant empty) by the article itself."""

    span_text_field = "sentence"

    class Kind(models.TextChoices):
        STATISTIC = "statistic", "Statistic"
        EVENT = "event", "Event"
        CAUSAL = "causal", "Causal"
        FORECAST = "forecast", "Forecast"
        POLICY = "policy", "Policy"
        OPINION = "opinion", "Opinion"

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", "Unverified"
        SUPPORTED = "supported", "Supported by evidence"
        DISPUTED = "disputed", "Disputed"
        REFUTED = "refuted", "Refuted"
        UNVERIFIABLE = "unverifiable", "Unverifiable"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Empty when the article itself (its outlet or authors) asserts the claim.",
    )
    sentence = models.TextField(help_text="The sentence as written; body[start:end].")
    statement = models.CharField(max_length=500, help_text="Short normalised statement.")
    subjects = models.ManyToManyField(Actor, blank=True, related_name="claims_about")
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True, db_index=True)
    unit = models.CharField(max_length=60, blank=True)
    quote = models.ForeignKey(Quote, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims")
    verification_status = models.CharField(
        max_length=16,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_index=True,
    )
    confidence = models.FloatField(null=True, blank=True, help_text="Extraction confidence (machine-extracted only).")
    pipeline_version = models.CharField(max_length=40, blank=True)
    review_status = models.CharField(
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.MACHINE,
        db_index=True,
    )
    search_text = models.TextField(blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [span_constraint("claim_span_valid")]

    def __str__(self) -> str:
        return self.statement

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    @classmethod
    def drafts_q(cls) -> Q:
        """Not yet verified, or in an article that is not."""
        return Q(review_status__in=DRAFT_STATUSES) | Q(article__review_status__in=DRAFT_STATUSES)

    def prepare_for_save(self) -> None:
        """Derived columns; called by save() and by bulk writers, which bypass save()."""
        self.search_text = self.search_text_of(self.sentence, self.statement)

    @staticmethod
    def search_text_of(sentence: str, statement: str) -> str:
        """The normalised text full-text search reads, from the sentence and the short statement."""
        return normalize_text(f"{sentence} {statement}")
