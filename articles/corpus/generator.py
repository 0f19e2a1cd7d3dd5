"""Synthetic corpus rows: outlets, actors with aliases, and articles with their quotes, claims and mentions.

Pure generation, no database access: every function returns plain tuples in the column order of
`COLUMNS`, ready for PostgreSQL COPY or for `bulk_create`. Derived columns are computed with the
same functions the models use in `save()` (content hash, normalised search text, fingerprint,
normalised names), so generated rows are indistinguishable from saved ones.

Realism, within reason:
- sizes are skewed: a few outlets publish most articles and a few actors are quoted and mentioned
  far more than the rest (Zipf-like draws by rank);
- text is multilingual (en, sq, sr in Latin and Cyrillic, mk, bs, hr) with a long tail of made-up
  words, so the full-text index has both very common and very rare terms;
- actors have several aliases (short forms, spelling variants, Cyrillic and Albanian spellings,
  abbreviations) and the text uses them, so mentions carry the surface form the article used;
- every span (mention, quote, claim) is measured while the body is written, so `body[start:end]`
  is exactly the recorded text.

Each article is generated from its own random stream, seeded by (seed, article id): the same seed
and ids give the same articles whatever the batch size.
"""

from __future__ import annotations

import itertools
import math
import random
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.utils.text import slugify

from actors.models import Actor, ActorAlias, Affiliation
from articles.corpus import vocabulary as vocab
from articles.ingest.similarity import fingerprint
from articles.models import Article, Claim, Mention, Outlet, Quote
from balkanapi.models import ReviewStatus
from balkanapi.text import normalize_text

PIPELINE_VERSION = "corpus-generator/1"

# Column order of the generated rows (model attribute names; the loader maps them to table columns).
# Tables whose ids other rows point to get explicit ids; the rest take the database's own.
COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Outlet: (
        "id",
        "created_at",
        "updated_at",
        "name",
        "slug",
        "homepage",
        "country",
        "language_id",
        "kind",
        "ownership",
        "description",
    ),
    Actor: (
        "id",
        "created_at",
        "updated_at",
        "name",
        "name_normalized",
        "slug",
        "kind",
        "country",
        "description",
        "wikidata_id",
        "origin",
        "review_status",
        "pipeline_version",
    ),
    ActorAlias: ("actor_id", "name", "normalized", "kind", "language"),
    Affiliation: ("actor_id", "organisation_id", "role", "start_date", "end_date", "note"),
    Article: (
        "id",
        "created_at",
        "updated_at",
        "outlet_id",
        "title",
        "standfirst",
        "published_on",
        "date_precision",
        "date_note",
        "body",
        "raw_text",
        "content_hash",
        "canonical_url",
        "syndication_note",
        "review_status",
        "notes",
        "pipeline_version",
        "fingerprint",
        "search_text",
    ),
    Article.languages.through: ("article_id", "language_id"),
    Article.topics.through: ("article_id", "topic_id"),
    Quote: (
        "id",
        "created_at",
        "updated_at",
        "article_id",
        "start",
        "end",
        "speaker_id",
        "speaker_text",
        "text",
        "is_direct",
        "language_id",
        "cue",
        "venue",
        "confidence",
        "pipeline_version",
        "review_status",
        "search_text",
    ),
    Quote.about.through: ("quote_id", "actor_id"),
    Claim: (
        "id",
        "created_at",
        "updated_at",
        "article_id",
        "start",
        "end",
        "claimant_id",
        "sentence",
        "statement",
        "kind",
        "value",
        "unit",
        "quote_id",
        "verification_status",
        "confidence",
        "pipeline_version",
        "review_status",
        "search_text",
    ),
    Claim.subjects.through: ("claim_id", "actor_id"),
    Mention: ("article_id", "actor_id", "start", "end", "text", "confidence", "pipeline_version"),
}

Rows = dict[type[models.Model], list[tuple]]

# Distribution knobs (documented in docs/scaling.md and the command's help).
ACTORS_PER_ARTICLE = 0.05
MIN_ACTORS = 20
MAX_QUOTES_PER_ARTICLE = 9  # also the id block per article when batches load in parallel
MAX_CLAIMS_PER_ARTICLE = 6
ACTOR_ZIPF_EXPONENT = 1.0
OUTLET_ZIPF_EXPONENT = 0.9
TAIL_ZIPF_EXPONENT = 1.05
TAIL_WORDS_PER_LANGUAGE = 20_000
MEDIAN_WORDS = 450
MIN_WORDS, MAX_WORDS = 150, 1500
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2026, 10, 31)
ARTICLE_LANGUAGE_OVERRIDE_EN = 0.1  # share of an outlet's articles in its English service
ARTICLE_STATUS_WEIGHTS = (
    (ReviewStatus.VERIFIED, 0.88),
    (ReviewStatus.MACHINE, 0.08),
    (ReviewStatus.NEEDS_REVIEW, 0.04),
)
RECORD_STATUS_IN_VERIFIED = (
    (ReviewStatus.VERIFIED, 0.92),
    (ReviewStatus.MACHINE, 0.06),
    (ReviewStatus.NEEDS_REVIEW, 0.02),
)
ACTOR_KIND_WEIGHTS = (
    (Actor.Kind.PERSON, 0.72),
    (Actor.Kind.PARTY, 0.07),
    (Actor.Kind.GOVERNMENT, 0.06),
    (Actor.Kind.ORGANISATION, 0.08),
    (Actor.Kind.INTERNATIONAL_ORGANISATION, 0.05),
    (Actor.Kind.ARMED_GROUP, 0.02),
)
VERIFICATION_WEIGHTS = (
    (Claim.Verification.UNVERIFIED, 0.8),
    (Claim.Verification.SUPPORTED, 0.08),
    (Claim.Verification.DISPUTED, 0.06),
    (Claim.Verification.REFUTED, 0.03),
    (Claim.Verification.UNVERIFIABLE, 0.03),
)
NON_STATISTIC_KINDS = (Claim.Kind.EVENT, Claim.Kind.POLICY, Claim.Kind.FORECAST, Claim.Kind.OPINION, Claim.Kind.CAUSAL)
PREPOSITION_IN = {"en": "in", "sq": "në", "sr": "u", "bs": "u", "hr": "u", "mk": "во"}
COUNTRY_OF_ORIGIN = {
    "slavic": ("RS", "BA", "ME", "MK", "HR"),
    "albanian": ("XK", "AL", "MK"),
    "international": ("US", "GB", "DE", "FR", "IT", "AT", "BE"),
}


def zipf_cum_weights(count: int, exponent: float) -> list[float]:
    """Cumulative weights 1/rank**exponent for ranks 1..count (for `random.choices(cum_weights=…)`)."""
    return list(itertools.accumulate(1.0 / rank**exponent for rank in range(1, count + 1)))


def _weighted(rng: random.Random, weighted: Sequence[tuple[object, float]]):
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted])[0]


def ascii_fold(text: str) -> str:
    """Strip diacritics but keep case ("Đorđe Petrović" → "Djordje Petrovic"), as English-language press writes."""
    text = text.replace("Đ", "Dj").replace("đ", "dj")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


# -- population: who speaks and who publishes ------------------------------------------------------------------


@dataclass
class ActorProfile:
    """An actor as the generator uses it: its id and the surface forms each script or language may use."""

    id: int
    kind: str
    latin: tuple[str, ...]  # canonical name first
    cyrillic: tuple[str, ...]
    albanian: tuple[str, ...]

    @classmethod
    def from_names(cls, actor_id: int, kind: str, name: str, aliases: Iterable[tuple[str, str]]) -> ActorProfile:
        """Sort the canonical name and (alias, language) pairs into the forms each kind of text uses."""
        latin, cyrillic, albanian = [name], [], [name]
        for alias, language in aliases:
            if _has_cyrillic(alias):
                cyrillic.append(alias)
            elif language == "sq":
                albanian.append(alias)
            elif language in ("", "en", "sr", "bs", "hr"):
                latin.append(alias)
                if language == "":
                    albanian.append(alias)
        return cls(actor_id, kind, tuple(latin), tuple(cyrillic) or (name,), tuple(albanian))

    def surface_form(self, rng: random.Random, script: str) -> str:
        """The name as an article in this script would write it; the canonical form most often."""
        forms = self.cyrillic if script == "cyrillic" else self.albanian if script == "albanian" else self.latin
        if len(forms) == 1 or rng.random() < 0.55:
            return forms[0]
        return rng.choice(forms)


@dataclass
class OutletProfile:
    id: int
    language: str
    cyrillic: bool
    domain: str


@dataclass
class Population:
    """Everything articles are drawn from, with the Zipf weights of each pool (rank = list order)."""

    outlets: list[OutletProfile]
    actors: list[ActorProfile]
    speakers: list[ActorProfile]
    organisations: list[ActorProfile]
    topic_ids: list[int]
    tail_words: dict[tuple[str, bool], Sequence[str]] = field(default_factory=dict)  # (language, cyrillic) -> words
    outlet_weights: list[float] = field(default_factory=list)
    actor_weights: list[float] = field(default_factory=list)
    speaker_weights: list[float] = field(default_factory=list)
    topic_weights: list[float] = field(default_factory=list)
    tail_weights: list[float] = field(default_factory=list)

    def finish(self, seed: int) -> Population:
        """Compute the draw weights and the long-tail lexicons once the pools are complete."""
        self.outlet_weights = zipf_cum_weights(len(self.outlets), OUTLET_ZIPF_EXPONENT)
        self.actor_weights = zipf_cum_weights(len(self.actors), ACTOR_ZIPF_EXPONENT)
        self.speaker_weights = zipf_cum_weights(len(self.speakers), ACTOR_ZIPF_EXPONENT)
        self.topic_weights = zipf_cum_weights(len(self.topic_ids), 0.8)
        self.tail_weights = zipf_cum_weights(TAIL_WORDS_PER_LANGUAGE, TAIL_ZIPF_EXPONENT)
        for code, kit in vocab.LANGUAGES.items():
            words = vocab.tail_lexicon(kit, TAIL_WORDS_PER_LANGUAGE, seed)
            self.tail_words[(code, kit.cyrillic)] = words
            if code == "sr":
                self.tail_words[(code, True)] = [vocab.latin_to_serbian_cyrillic(word) for word in words]
        # Made-up words can collide; the Zipf weights need exactly as many entries as each lexicon.
        shortest = min(len(words) for words in self.tail_words.values())
        self.tail_weights = self.tail_weights[:shortest]
        return self


@dataclass
class PopulationRows:
    rows: Rows
    outlets: list[OutletProfile]
    actors: list[ActorProfile]


def generate_outlets(
    count: int, first_id: int, taken_slugs: set[str], rng: random.Random, now: datetime
) -> PopulationRows:
    """`count` outlets in the region's cities (and a few foreign desks), with unique slugs."""
    rows: list[tuple] = []
    profiles: list[OutletProfile] = []
    combos = [(city, word) for city in vocab.OUTLET_CITIES for word in vocab.OUTLET_WORDS]
    rng.shuffle(combos)
    for index in range(count):
        (city, country, language, cyrillic_share), word = combos[index % len(combos)]
        name = f"{city[0]} {word}" + (f" {index // len(combos) + 1}" if index >= len(combos) else "")
        slug = _unique_slug(name, taken_slugs)
        outlet_id = first_id + index
        domain = f"{slug}.example"
        kind = _weighted(rng, vocab.OUTLET_KINDS)
        rows.append(
            (
                outlet_id,
                now,
                now,
                name,
                slug,
                f"https://www.{domain}/",
                country,
                language,
                kind,
                "",
                "Synthetic outlet made by generate_corpus.",
            )
        )
        profiles.append(OutletProfile(outlet_id, language, rng.random() < cyrillic_share, domain))
    return PopulationRows({Outlet: rows}, profiles, [])


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(ascii_fold(name))[:100] or "item"
    if base.isdigit():
        base = f"n-{base}"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _person(rng: random.Random, used_names: set[str]) -> tuple[str, str, list[tuple[str, str, str]]]:
    """(name, country, aliases as (alias, kind, language)) for a person, rarely a namesake of another."""
    for _attempt in range(6):
        origin = _weighted(rng, (("slavic", 0.55), ("albanian", 0.3), ("international", 0.15)))
        if origin == "slavic":
            first = rng.choice(vocab.SLAVIC_FIRST_NAMES)
            last = rng.choice(vocab.SLAVIC_SURNAME_STEMS) + rng.choice(vocab.SLAVIC_SURNAME_SUFFIXES)
        elif origin == "albanian":
            first, last = rng.choice(vocab.ALBANIAN_FIRST_NAMES), rng.choice(vocab.ALBANIAN_SURNAMES)
        else:
            first, last = rng.choice(vocab.INTERNATIONAL_FIRST_NAMES), rng.choice(vocab.INTERNATIONAL_SURNAMES)
        name = f"{first} {last}"
        if name not in used_names:
            break
    used_names.add(name)
    kind = ActorAlias.Kind
    aliases = [(last, kind.SHORT, ""), (f"{first[0]}. {last}", kind.SHORT, "")]
    folded = ascii_fold(name)
    if folded != name:
        aliases.append((folded, kind.VARIANT, "en"))
    if origin == "albanian":
        aliases.append((vocab.albanian_to_cyrillic(name), kind.TRANSLITERATION, "sr-Cyrl"))
    elif origin == "international":
        aliases.append((vocab.english_to_cyrillic(name), kind.TRANSLITERATION, "sr-Cyrl"))
    else:
        aliases.append((vocab.latin_to_serbian_cyrillic(name), kind.TRANSLITERATION, "sr-Cyrl"))
        macedonian = vocab.latin_to_macedonian_cyrillic(name)
        if macedonian != aliases[-1][0]:
            aliases.append((macedonian, kind.TRANSLITERATION, "mk"))
        albanian = vocab.slavic_to_albanian(name)
        if albanian != name:
            aliases.append((albanian, kind.VARIANT, "sq"))
    return name, rng.choice(COUNTRY_OF_ORIGIN[origin]), aliases


def _organisation(
    rng: random.Random, actor_kind: str, used_names: set[str], tail: Sequence[str]
) -> tuple[str, str, list]:
    """(name, country, aliases) for a party, ministry, NGO …; abbreviations in Latin and Cyrillic."""
    noun_kind = actor_kind if actor_kind in vocab.ORGANISATION_NOUNS else "organisation"
    name = ""
    for attempt in range(8):
        noun = rng.choice(vocab.ORGANISATION_NOUNS[noun_kind])
        place = rng.choice(vocab.ORGANISATION_PLACES)
        if noun_kind == "government":
            name = f"{noun} of {place}"
        else:
            name = f"{rng.choice(vocab.ORGANISATION_ADJECTIVES)} {noun} of {place}"
        if attempt >= 4:  # the plain combinations are used up: add a distinguishing name
            name = f"{rng.choice(tail).capitalize()} {name}"
        if name not in used_names:
            break
    used_names.add(name)
    kind = ActorAlias.Kind
    significant = [word for word in name.replace("'s", "").split() if word[:1].isupper()]
    abbreviation = "".join(word[0] for word in significant).upper()
    aliases: list[tuple[str, str, str]] = []
    if len(abbreviation) >= 2:
        aliases.append((abbreviation, kind.ABBREVIATION, ""))
        aliases.append((vocab.latin_to_serbian_cyrillic(abbreviation), kind.ABBREVIATION, "sr-Cyrl"))
    short = name.split(" of ")[0]
    if short != name:
        aliases.append((short, kind.SHORT, "en"))
    country = (
        "" if actor_kind == Actor.Kind.INTERNATIONAL_ORGANISATION else rng.choice(("RS", "XK", "AL", "MK", "BA", "ME"))
    )
    return name, country, aliases


def generate_actors(
    count: int,
    first_id: int,
    taken_slugs: set[str],
    rng: random.Random,
    now: datetime,
    *,
    with_countries: bool,
) -> PopulationRows:
    """`count` actors: countries first (when asked), then people and organisations, each with aliases.

    List order is the popularity rank the article generator draws by, so countries (mentioned
    constantly in real coverage) come first.
    """
    tail = vocab.tail_lexicon(vocab.ENGLISH, 5000, 0)  # distinguishing names for organisations
    actor_rows: list[tuple] = []
    alias_rows: list[tuple] = []
    profiles: list[ActorProfile] = []
    used_names: set[str] = set()
    countries = list(vocab.COUNTRIES[: min(len(vocab.COUNTRIES), count // 10)]) if with_countries else []
    next_id = first_id
    for index in range(count):
        if index < len(countries):
            name, country, alias_specs = countries[index]
            actor_kind = Actor.Kind.INTERNATIONAL_ORGANISATION if not country else Actor.Kind.COUNTRY
            aliases = [(alias, kind, language) for alias, kind, language in alias_specs]
        else:
            actor_kind = _weighted(rng, ACTOR_KIND_WEIGHTS)
            if actor_kind == Actor.Kind.PERSON:
                name, country, aliases = _person(rng, used_names)
            else:
                name, country, aliases = _organisation(rng, actor_kind, used_names, tail)
        slug = _unique_slug(name, taken_slugs)
        origin = Actor.Origin.CURATED if rng.random() < 0.8 else Actor.Origin.MACHINE
        status = ReviewStatus.VERIFIED if origin == Actor.Origin.CURATED or rng.random() < 0.6 else ReviewStatus.MACHINE
        actor_rows.append(
            (
                next_id,
                now,
                now,
                name,
                normalize_text(name),
                slug,
                actor_kind,
                country,
                "",
                None,
                origin,
                status,
                PIPELINE_VERSION if origin == Actor.Origin.MACHINE else "",
            )
        )
        unique_aliases: dict[str, tuple[str, str, str]] = {}
        for alias, kind, language in aliases:
            if alias != name:
                unique_aliases.setdefault(alias, (alias, kind, language))
        alias_rows.extend(
            (next_id, alias, normalize_text(alias), kind, language) for alias, kind, language in unique_aliases.values()
        )
        profiles.append(
            ActorProfile.from_names(
                next_id, actor_kind, name, [(alias, language) for alias, _, language in unique_aliases.values()]
            )
        )
        next_id += 1
    return PopulationRows({Actor: actor_rows, ActorAlias: alias_rows}, [], profiles)


def generate_affiliations(
    people: Sequence[ActorProfile], organisations: Sequence[ActorProfile], rng: random.Random
) -> list[tuple]:
    """Roles for about 40 % of the people, in organisations drawn by popularity."""
    if not organisations:
        return []
    weights = zipf_cum_weights(len(organisations), ACTOR_ZIPF_EXPONENT)
    rows = []
    for person in people:
        if rng.random() >= 0.4:
            continue
        organisation = rng.choices(organisations, cum_weights=weights)[0]
        start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        end = start + timedelta(days=rng.randint(200, 2500)) if rng.random() < 0.4 else None
        rows.append(
            (person.id, organisation.id, rng.choice(vocab.ROLES), start, end if end and end <= LAST_DAY else None, "")
        )
    return rows


# -- articles ----------------------------------------------------------------------------------------------------


@dataclass
class IdCounters:
    """Next explicit id per table; advanced as rows are generated."""

    article: int
    quote: int
    claim: int


@dataclass
class _Kit:
    """A language kit in the script an article is written in (Serbian Cyrillic is derived once)."""

    kit: vocab.LanguageKit
    script: str  # "latin", "cyrillic" or "albanian" (for actor surface forms)
    tail_key: tuple[str, bool]
    preposition: str


def _cyrillic_kit(kit: vocab.LanguageKit) -> vocab.LanguageKit:
    """The Serbian kit with every word list transliterated to Cyrillic."""
    convert = vocab.latin_to_serbian_cyrillic

    def each(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(convert(value) for value in values)

    def template(value: str) -> str:  # the {number} and {unit} placeholders stay Latin
        return "{number}".join(
            "{unit}".join(convert(piece) for piece in part.split("{unit}")) for part in value.split("{number}")
        )

    return vocab.LanguageKit(
        code=kit.code,
        name=kit.name,
        subjects=each(kit.subjects),
        verbs=each(kit.verbs),
        objects=each(kit.objects),
        adverbials=each(kit.adverbials),
        connectors=each(kit.connectors),
        said=each(kit.said),
        said_that=convert(kit.said_that),
        claimed_that=convert(kit.claimed_that),
        quote_open=kit.quote_open,
        quote_close=kit.quote_close,
        statistic_templates=tuple(template(value) for value in kit.statistic_templates),
        units=tuple((convert(word), unit) for word, unit in kit.units),
        tail_syllables=each(kit.tail_syllables),
        cyrillic=True,
    )


_KITS: dict[tuple[str, bool], _Kit] = {}
for _code, _language_kit in vocab.LANGUAGES.items():
    _script = "cyrillic" if _language_kit.cyrillic else "albanian" if _code == "sq" else "latin"
    _KITS[(_code, _language_kit.cyrillic)] = _Kit(
        _language_kit, _script, (_code, _language_kit.cyrillic), PREPOSITION_IN[_code]
    )
_KITS[("sr", True)] = _Kit(
    _cyrillic_kit(vocab.SERBIAN), "cyrillic", ("sr", True), vocab.latin_to_serbian_cyrillic(PREPOSITION_IN["sr"])
)


class _Body:
    """The article body as it is written, with the offset of everything placed in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.words = 0

    def add(self, text: str) -> int:
        """Append text; return where it starts (code points, as Python slices)."""
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _QuoteSpan:
    id: int
    start: int
    end: int
    text: str
    speaker: ActorProfile
    speaker_text: str  # the name as this sentence wrote it
    cue: str
    venue: str
    is_direct: bool


class ArticleGenerator:
    """Writes articles (and their quotes, claims and mentions) for one population.

    Call `batch()` with how many articles to write; ids continue from the counters.
    """

    def __init__(self, population: Population, seed: int, now: datetime) -> None:
        self.population = population
        self.seed = seed
        self.now = now
        self.day_span = (LAST_DAY - FIRST_DAY).days

    @staticmethod
    def empty_rows() -> Rows:
        """Row lists for everything an article brings besides its own row."""
        return {
            model: []
            for model in (
                Article.languages.through,
                Article.topics.through,
                Quote,
                Quote.about.through,
                Claim,
                Claim.subjects.through,
                Mention,
            )
        }

    def articles(self, count: int, ids: IdCounters, rows: Rows) -> Iterator[tuple]:
        """Yield `count` article rows one by one, appending their quotes, claims, mentions … to `rows`.

        One at a time so that a loader can stream each article to the database while the next is written.
        """
        for _ in range(count):
            yield self._article(ids, rows)

    def batch(self, count: int, ids: IdCounters) -> Rows:
        """All rows of `count` articles at once (articles first)."""
        rows = self.empty_rows()
        articles = list(self.articles(count, ids, rows))
        return {Article: articles, **rows}

    # The article: pick who and where, then write sentences in a shuffled plan until long enough.
    def _article(self, ids: IdCounters, rows: Rows) -> tuple:
        article_id = ids.article
        ids.article += 1
        rng = random.Random(self.seed * 10_000_019 + article_id)  # noqa: S311 - reproducible test data
        population = self.population
        outlet = rng.choices(population.outlets, cum_weights=population.outlet_weights)[0]
        language = "en" if rng.random() < ARTICLE_LANGUAGE_OVERRIDE_EN else outlet.language
        if language not in vocab.LANGUAGES:
            language = "en"
        cyrillic = language == "mk" or (language == "sr" and outlet.cyrillic)
        kit = _KITS[(language, cyrillic)]
        status = _weighted(rng, ARTICLE_STATUS_WEIGHTS)
        published = FIRST_DAY + timedelta(days=int(self.day_span * rng.random() ** 0.6))
        created = datetime.combine(published, time(rng.randrange(6, 23), rng.randrange(60)), tzinfo=UTC)
        cast = rng.choices(population.speakers, cum_weights=population.speaker_weights, k=rng.randint(2, 4))

        target_words = min(MAX_WORDS, max(MIN_WORDS, int(rng.lognormvariate(math.log(MEDIAN_WORDS), 0.5))))
        quotes_wanted = min(MAX_QUOTES_PER_ARTICLE, max(1, round(rng.gauss(5, 1.5))))
        claims_wanted = min(MAX_CLAIMS_PER_ARTICLE, max(1, round(rng.gauss(3, 1))))
        from_quotes = min(quotes_wanted, rng.randint(0, claims_wanted))
        extra_mentions = max(0, round(rng.gauss(4, 1.5)))
        plan = ["quote"] * quotes_wanted + ["claim"] * (claims_wanted - from_quotes) + ["mention"] * extra_mentions
        rng.shuffle(plan)

        body = _Body()
        quotes: list[_QuoteSpan] = []
        claims: list[tuple] = []
        mentions: list[tuple[int, int, str, int]] = []
        sentences_in_paragraph = 0
        while plan or body.words < target_words:
            if body.parts:
                sentences_in_paragraph += 1
                if sentences_in_paragraph >= rng.randint(3, 6):
                    body.add("\n\n")
                    sentences_in_paragraph = 0
                else:
                    body.add(" ")
            # Spread the planned sentences over the expected length.
            expected_sentences = max(1, target_words // 12)
            kind = plan.pop() if plan and rng.random() < len(plan) / expected_sentences * 2 + 0.05 else "filler"
            if kind == "quote":
                quotes.append(self._quote_sentence(rng, kit, body, cast, mentions, ids))
            elif kind == "claim":
                claims.append(self._claim_sentence(rng, kit, body, cast, mentions))
            elif kind == "mention":
                self._mention_sentence(rng, kit, body, cast, mentions)
            else:
                sentence = self._sentence(rng, kit)
                body.add(sentence)
                body.words += sentence.count(" ") + 1
        text = body.text()

        title = self._clause(rng, kit, capitalise=True)
        standfirst = self._sentence(rng, kit)
        record_status = RECORD_STATUS_IN_VERIFIED if status == ReviewStatus.VERIFIED else ((status, 1.0),)
        search_text = Article.search_text_of(title, standfirst, text)
        article_row = (
            article_id,
            created,
            created,
            outlet.id,
            title,
            standfirst,
            published,
            Article.DatePrecision.DAY,
            "",
            text,
            "",
            Article.hash_body(text),
            f"https://www.{outlet.domain}/news/{published:%Y/%m}/{article_id}",
            "",
            status,
            "",
            PIPELINE_VERSION,
            fingerprint(text).as_json(),
            search_text,
        )
        rows[Article.languages.through].append((article_id, language))
        topic_ids = {
            rng.choices(population.topic_ids, cum_weights=population.topic_weights)[0] for _ in range(rng.randint(1, 3))
        }
        rows[Article.topics.through].extend((article_id, topic_id) for topic_id in sorted(topic_ids))

        for quote in quotes:
            quote_status = _weighted(rng, record_status)
            rows[Quote].append(
                (
                    quote.id,
                    created,
                    created,
                    article_id,
                    quote.start,
                    quote.end,
                    quote.speaker.id,
                    quote.speaker_text,
                    quote.text,
                    quote.is_direct,
                    language,
                    quote.cue,
                    quote.venue,
                    _confidence(rng),
                    PIPELINE_VERSION,
                    quote_status,
                    Quote.search_text_of(quote.text),
                )
            )
            if rng.random() < 0.3:
                about = rng.choices(population.actors, cum_weights=population.actor_weights)[0]
                if about.id != quote.speaker.id:
                    rows[Quote.about.through].append((quote.id, about.id))
        direct_quotes = [quote for quote in quotes if quote.is_direct]
        for quote in rng.sample(direct_quotes, min(from_quotes, len(direct_quotes))):
            claims.append(
                (
                    quote.start,
                    quote.end,
                    quote.speaker.id,
                    quote.text,
                    rng.choice(NON_STATISTIC_KINDS),
                    None,
                    "",
                    quote.id,
                )
            )
        for start, end, claimant_id, sentence, kind, value, unit, quote_id in claims:
            claim_id = ids.claim
            ids.claim += 1
            claim_status = _weighted(rng, record_status)
            statement = sentence[:300]
            rows[Claim].append(
                (
                    claim_id,
                    created,
                    created,
                    article_id,
                    start,
                    end,
                    claimant_id,
                    sentence,
                    statement,
                    kind,
                    value,
                    unit,
                    quote_id,
                    _weighted(rng, VERIFICATION_WEIGHTS),
                    _confidence(rng),
                    PIPELINE_VERSION,
                    claim_status,
                    Claim.search_text_of(sentence, statement),
                )
            )
            if rng.random() < 0.4:
                subject = rng.choices(population.actors, cum_weights=population.actor_weights)[0]
                rows[Claim.subjects.through].append((claim_id, subject.id))
        rows[Mention].extend(
            (article_id, actor_id, start, end, surface, round(rng.uniform(0.6, 1.0), 3), PIPELINE_VERSION)
            for start, end, surface, actor_id in mentions
        )
        return article_row

    # Sentences. Every actor name placed in the body is recorded as a mention at its offset.
    def _predicate(self, rng: random.Random, kit: _Kit) -> str:
        """Verb, object, a long-tail place or name, and an adverbial: the sentence without its subject."""
        language = kit.kit
        place = rng.choices(self.population.tail_words[kit.tail_key], cum_weights=self.population.tail_weights)[0]
        return (
            f"{rng.choice(language.verbs)} {rng.choice(language.objects)} {kit.preposition} {place} "
            f"{rng.choice(language.adverbials)}"
        )

    def _clause(self, rng: random.Random, kit: _Kit, *, capitalise: bool) -> str:
        subject = rng.choice(kit.kit.subjects)
        if not capitalise:
            subject = subject[0].lower() + subject[1:]
        return f"{subject} {self._predicate(rng, kit)}"

    def _sentence(self, rng: random.Random, kit: _Kit) -> str:
        if rng.random() < 0.15:
            return f"{rng.choice(kit.kit.connectors)} {self._clause(rng, kit, capitalise=False)}."
        return f"{self._clause(rng, kit, capitalise=True)}."

    def _name(self, rng: random.Random, kit: _Kit, body: _Body, actor: ActorProfile, mentions: list) -> str:
        surface = actor.surface_form(rng, kit.script)
        start = body.add(surface)
        mentions.append((start, start + len(surface), surface, actor.id))
        return surface

    def _mention_sentence(self, rng: random.Random, kit: _Kit, body: _Body, cast: list, mentions: list) -> None:
        pool = self.population
        actor = rng.choice(cast) if rng.random() < 0.5 else rng.choices(pool.actors, cum_weights=pool.actor_weights)[0]
        self._name(rng, kit, body, actor, mentions)
        predicate = self._predicate(rng, kit)
        body.add(f" {predicate}.")
        body.words += predicate.count(" ") + 2

    def _quote_sentence(
        self, rng: random.Random, kit: _Kit, body: _Body, cast: list, mentions: list, ids: IdCounters
    ) -> _QuoteSpan:
        language = kit.kit
        speaker = rng.choice(cast)
        quote_id = ids.quote
        ids.quote += 1
        if rng.random() < 0.2:  # reported speech: "<speaker> said that <clause>."
            surface = self._name(rng, kit, body, speaker, mentions)
            body.add(f" {language.said_that} ")
            clause = self._clause(rng, kit, capitalise=False)
            start = body.add(clause)
            body.add(".")
            body.words += clause.count(" ") + 4
            return _QuoteSpan(
                quote_id, start, start + len(clause), clause, speaker, surface, language.said_that, "", False
            )
        quoted = self._sentence(rng, kit)
        cue = rng.choice(language.said)
        venue = ""
        if rng.random() < 0.5:  # <speaker> said[ <venue>]: “…”
            surface = self._name(rng, kit, body, speaker, mentions)
            if rng.random() < 0.3:
                venue = rng.choice(language.adverbials)
            body.add(f" {cue}{' ' + venue if venue else ''}: {language.quote_open}")
            start = body.add(quoted)
            body.add(language.quote_close)
        else:  # “…”, <speaker> said.
            quoted = quoted[:-1]
            body.add(language.quote_open)
            start = body.add(quoted)
            body.add(f"{language.quote_close}, ")
            surface = self._name(rng, kit, body, speaker, mentions)
            body.add(f" {cue}.")
        body.words += quoted.count(" ") + 4
        return _QuoteSpan(quote_id, start, start + len(quoted), quoted, speaker, surface, cue, venue, True)

    def _claim_sentence(self, rng: random.Random, kit: _Kit, body: _Body, cast: list, mentions: list) -> tuple:
        """A statistic the article states, or something an actor claims; the span is the whole sentence."""
        language = kit.kit
        unit_word, unit = rng.choice(language.units)
        if unit == "percent":
            number = f"{rng.randint(1, 95)}.{rng.randint(0, 9)}"
            written = number if kit.kit.code == "en" else number.replace(".", ",")
        else:
            number = str(int(rng.paretovariate(1.2) * 100))
            written = number
        statistic = rng.choice(language.statistic_templates).format(number=written, unit=unit_word)
        start = body.length
        if rng.random() < 0.45:  # the article's own claim
            body.add(f"{statistic}.")
            claimant_id = None
        else:
            speaker = rng.choice(cast)
            self._name(rng, kit, body, speaker, mentions)
            body.add(f" {language.claimed_that} {statistic[0].lower()}{statistic[1:]}.")
            claimant_id = speaker.id
        end = body.length
        body.words += statistic.count(" ") + 4
        sentence = _tail_text(body, start)
        return (start, end, claimant_id, sentence, Claim.Kind.STATISTIC, Decimal(number), unit, None)


def _tail_text(body: _Body, start: int) -> str:
    """The body text from `start` to its current end, without joining the whole body."""
    collected: list[str] = []
    length = body.length
    for part in reversed(body.parts):
        collected.append(part)
        length -= len(part)
        if length <= start:
            break
    return "".join(reversed(collected))[start - length :]


def _confidence(rng: random.Random) -> float:
    """The extraction confidence; verified records keep the one they were extracted with."""
    return round(rng.uniform(0.55, 0.99), 3)
