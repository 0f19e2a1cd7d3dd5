"""Actors: the people, governments, organisations and countries that news is about.

An actor has one canonical name and any number of aliases (every surface form the press
uses, including spelling variants, other scripts and metonyms such as "the Kremlin").
This app knows nothing of articles; `articles` points at actors, never the reverse.
"""

from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from balkanapi.models import DRAFT_STATUSES, ReviewStatus, TimeStampedModel
from balkanapi.text import normalize_text

# Slugs are looked up in the same URL position as numeric ids, so a slug may not be all digits.
slug_validator = RegexValidator(
    r"^(?!\d+$)[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lowercase letters, digits and hyphens (not only digits).",
)
wikidata_validator = RegexValidator(r"^Q[1-9]\d*$", "A Wikidata item id looks like Q12345.")


TYPO_SIMILARITY = 0.3  # PostgreSQL trigram similarity for a name to count as a misspelling of the query


class ActorQuerySet(models.QuerySet):
    def matching_name(self, term: str) -> "ActorQuerySet":
        """Actors whose canonical name or any alias contains `term`, ignoring case, accents and script.

        On PostgreSQL small misspellings match too (trigram similarity, GIN-indexed): "Vucik" finds Vučić.
        """
        needle = normalize_text(term)
        alias_match = ActorAlias.objects.filter(actor=models.OuterRef("pk"), normalized__contains=needle)
        condition = Q(name_normalized__contains=needle) | models.Exists(alias_match)
        if connection.vendor == "postgresql" and len(needle) >= 4:
            from django.contrib.postgres.search import TrigramSimilarity

            similar_alias = ActorAlias.objects.annotate(similarity=TrigramSimilarity("normalized", needle)).filter(
                actor=models.OuterRef("pk"),
                similarity__gte=TYPO_SIMILARITY,
            )
            condition |= models.Exists(similar_alias)
            return self.annotate(name_similarity=TrigramSimilarity("name_normalized", needle)).filter(
                condition | Q(name_similarity__gte=TYPO_SIMILARITY)
            )
        return self.filter(condition)


class Actor(TimeStampedModel):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GOVERNMENT = "government", "Government body"
        ORGANISATION = "organisation", "Organisation"
        INTERNATIONAL_ORGANISATION = "international_organisation", "International organisation"
        COUNTRY = "country", "Country or region"
        PARTY = "party", "Political party"
        ARMED_GROUP = "armed_group", "Armed group"
        MEDIA = "media", "Media outlet"

    class Gender(models.TextChoices):
        MASCULINE = "m", "Masculine"
        FEMININE = "f", "Feminine"

    class Origin(models.TextChoices):
        CURATED = "curated", "Curated by staff"
        MACHINE = "machine", "Proposed by the extraction pipeline"

    name = models.CharField(max_length=200, help_text="Canonical name as most sources write it.")
    name_normalized = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(max_length=120, unique=True, validators=[slug_validator])
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    country = CountryField(blank=True, db_index=True, help_text="ISO 3166-1 alpha-2 code (XK for Kosovo).")
    description = models.TextField(blank=True)
    gender = models.CharField(
        max_length=1,
        choices=Gender.choices,
        blank=True,
        default="",
        db_default="",  # bulk COPY loads (articles.corpus) name their columns and leave this one out
        help_text="Grammatical/natural gender of a person, used to resolve pronouns.",
    )
    wikidata_id = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        validators=[wikidata_validator],
        help_text="Wikidata item id (Q…), when known.",
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.CURATED, db_index=True)
    pipeline_version = models.CharField(max_length=40, blank=True, help_text="Pipeline that proposed it, if any.")
    review_status = models.CharField(
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.VERIFIED,
        db_index=True,
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        permissions = [("merge_actor", "Can merge duplicate actors")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def drafts_q(cls) -> Q:
        return Q(review_status__in=DRAFT_STATUSES)

    def save(self, *args, **kwargs):
        # Normalising can lengthen a name (æ -> ae); the search key keeps what fits.
        self.name_normalized = normalize_text(self.name)[: self._meta.get_field("name_normalized").max_length]
        super().save(*args, **kwargs)


class ActorAlias(models.Model):
    """One surface form of an actor: a short name, a spelling, another script, a metonym."""

    class Kind(models.TextChoices):
        NAME = "name", "Name"
        SHORT = "short", "Short form"
        VARIANT = "variant", "Spelling or inflected variant"
        TRANSLITERATION = "transliteration", "Transliteration"
        NATIVE = "native", "Native-script form"
        ABBREVIATION = "abbreviation", "Abbreviation"
        METONYM = "metonym", "Metonym (e.g. 'the Kremlin' for Russia)"
        DEMONYM_PHRASE = "demonym_phrase", "Descriptive phrase"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NAME)
    language = models.CharField(max_length=12, blank=True, help_text="Language code of this form, if specific.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["actor_id", "name"]
        verbose_name_plural = "actor aliases"
        constraints = [models.UniqueConstraint(fields=["actor", "name"], name="unique_alias_per_actor")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_text(self.name)[: self._meta.get_field("normalized").max_length]
        super().save(*args, **kwargs)


class Affiliation(models.Model):
    """A role an actor holds in an organisation or state over a period (e.g. foreign minister of Russia)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organisation, government or country; empty when the role stands alone.",
    )
    role = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["actor_id", "-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.organisation})" if self.organisation_id else ""
        return f"{self.actor}: {self.role}{where}"


class ActorRedirect(models.Model):
    """An actor merged into another: its old id and slug keep resolving to the survivor."""

    old_id = models.BigIntegerField(unique=True)
    old_slug = models.SlugField(max_length=120, unique=True)
    target = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="redirects")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.target}"
