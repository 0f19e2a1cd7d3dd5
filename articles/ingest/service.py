"""The one place that persists what the pipeline extracts; the command, the API and the admin call it.

`ingest_document()` runs the stages, then writes the article and every record extracted from it in
one transaction. The same content twice creates nothing (content hash, or canonical URL) and says
so; records staff have verified are never touched; everything made here is marked
machine-extracted with the pipeline version and a confidence.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from actors.gazetteer import load_places, place_names
from actors.models import Actor, ActorAlias
from articles.ingest import PIPELINE_VERSION
from articles.ingest.actors import ActorIndex, ActorRef, KnownActor
from articles.ingest.lexicon import load_lexicon
from articles.ingest.pipeline import Extraction, extract
from articles.ingest.similarity import Fingerprint, same_story_kind, same_utterance
from articles.models import Article, Claim, Language, Mention, Outlet, Quote, QuoteGroup, SameStoryLink
from balkanapi.models import ReviewStatus
from balkanapi.text import normalize_text
from changes.recording import record_changes

UNKNOWN_OUTLET_SLUG = "unknown-source"
SAME_STORY_WINDOW_DAYS = 60
SAME_STORY_CANDIDATES = 500
QUOTE_GROUP_CANDIDATES = 50
MAX_SAME_STORY_LINKS = 10


@dataclass
class IngestResult:
    article: Article
    created: bool
    message: str
    counts: dict[str, int] = field(default_factory=dict)


def ingest_document(
    data: bytes | str,
    *,
    outlet: Outlet | None = None,
    url: str | None = None,
    published_on: datetime.date | None = None,
) -> IngestResult:
    """Ingest one article (text or HTML, bytes in any common encoding). Raises IngestError on bad input."""
    duplicate = already_ingested(url=url)
    if duplicate is not None:
        return duplicate
    index = actor_index()
    # Matched against the known actors only: candidates this article proposes stay in its own fork.
    extraction = extract(data, index.fork())
    duplicate = already_ingested(body=extraction.body)
    if duplicate is not None:
        return duplicate
    with transaction.atomic():
        result = _persist(extraction, outlet=outlet, url=url, published_on=published_on)
    _remember_index_state(index)
    return result


def preview_document(data: bytes | str) -> Extraction:
    """Run every extraction stage on one document and return what would be stored, writing nothing.

    Stored actors are matched as `ingest_document` would match them, on a fork of the shared actor
    index: the names a preview proposes never reach the index that ingestion reuses.
    Raises IngestError on bad input (empty, too large, binary, undecodable, no article text).
    """
    return extract(data, actor_index().fork())


def already_ingested(*, url: str | None = None, body: str | None = None) -> IngestResult | None:
    """The stored article with this canonical URL, or else with this cleaned body, as an "Already ingested"
    result (`created` false); None when neither is stored yet."""
    if url:
        existing = Article.objects.filter(canonical_url=url).first()
        if existing is not None:
            return IngestResult(existing, False, f"Already ingested: article {existing.pk} has this URL.")
    if body is not None:
        existing = Article.objects.filter(content_hash=Article.hash_body(body)).first()
        if existing is not None:
            return IngestResult(existing, False, f"Already ingested: article {existing.pk} has the same text.")
    return None


# -- the actor index, kept per process and rebuilt when someone else changes actors -------------------

_cached: dict[str, object] = {}


def _actor_state() -> tuple:
    actors = Actor.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    return actors["count"], actors["changed"], ActorAlias.objects.count()


def actor_index() -> ActorIndex:
    """Every actor and alias as plain data for the matching stage (built once, reused while unchanged)."""
    state = _actor_state()
    if _cached.get("state") != state or "index" not in _cached:
        _cached["index"] = _build_actor_index()
        _cached["state"] = state
    return _cached["index"]  # type: ignore[return-value]


def _link_targets() -> Q:
    """Actors other articles may be linked to: curated ones, and machine candidates a curator verified.

    An unconfirmed candidate proposed by one article is not matched in the next (a misreading would
    spread); an article that writes the same full name again reaches it through `_create_candidate`.
    """
    return ~Q(origin=Actor.Origin.MACHINE) | Q(review_status=ReviewStatus.VERIFIED)


def _build_actor_index() -> ActorIndex:
    targets = Actor.objects.filter(_link_targets())
    aliases: dict[int, list[tuple[str, str]]] = {}
    for actor_id, name, kind in ActorAlias.objects.filter(actor__in=targets).values_list("actor_id", "name", "kind"):
        aliases.setdefault(actor_id, []).append((name, kind))
    known = [
        KnownActor(pk, name, kind, tuple(aliases.get(pk, ())), str(country or ""), gender)
        for pk, name, kind, country, gender in targets.values_list("pk", "name", "kind", "country", "gender")
    ]
    # The gazetteer's regions and towns: never proposed as people (they are not actors themselves).
    return ActorIndex(known, load_lexicon(), places=place_names(load_places()))


def _remember_index_state(index: ActorIndex) -> None:
    """Our own writes updated the index in place; note the new state so they do not force a rebuild."""
    if _cached.get("index") is index:
        _cached["state"] = _actor_state()


def reset_actor_index() -> None:
    """Forget what this process cached about stored actors and articles (tests, benchmarks)."""
    _cached.clear()
    _fingerprint_cache.clear()


# -- persistence ------------------------------------------------------------------------------------------


def _persist(extraction: Extraction, *, outlet, url, published_on) -> IngestResult:
    metadata = extraction.metadata
    syndicated_from = _outlet_named(metadata.wire, Outlet.Kind.WIRE) if metadata.wire else None
    outlet = outlet or _outlet_named(metadata.outlet_name) or syndicated_from or _unknown_outlet()
    date = published_on or metadata.published_on
    note = metadata.date_note if not published_on else "Publication date given when the article was ingested."
    article = Article(
        outlet=outlet,
        title=metadata.title,
        published_on=date,
        date_precision=Article.DatePrecision.DAY if date else Article.DatePrecision.YEAR,
        date_note=note,
        body=extraction.body,
        raw_text=extraction.decoded.text,
        raw_offsets=None if extraction.decoded.is_html else extraction.cleaned.offset_map(),
        canonical_url=url or None,
        syndicated_from=syndicated_from if syndicated_from != outlet else None,
        syndication_note=metadata.wire_note,
        review_status=ReviewStatus.MACHINE,
        pipeline_version=PIPELINE_VERSION,
        notes=f"Ingested by {PIPELINE_VERSION}; input encoding {extraction.decoded.encoding}"
        + ("; extracted from HTML." if extraction.decoded.is_html else "."),
    )
    article.save()
    actors, new_actors = _actors_for(extraction)
    article.authors.set([actors[id(ref)] for ref in extraction.authors])
    article.languages.set(_languages(extraction.languages))

    # One row per (actor, span): two stages may propose the same mention.
    unique_mentions = {(actors[id(m.ref)].pk, m.start, m.end): m for m in extraction.mentions}
    _bulk_save(
        Mention,
        [
            Mention(
                article=article,
                actor_id=actor_id,
                text=m.text,
                start=m.start,
                end=m.end,
                confidence=round(m.confidence, 3),
                pipeline_version=PIPELINE_VERSION,
            )
            for (actor_id, _start, _end), m in unique_mentions.items()
        ],
    )
    languages = set(Language.objects.values_list("code", flat=True))
    quotes = [
        Quote(
            article=article,
            speaker=actors[id(found.speaker)] if found.speaker else None,
            speaker_text=found.speaker_text[:300],
            text=found.text,
            is_direct=found.direct,
            language_id=language if language in languages else None,
            start=found.start,
            end=found.end,
            cue=found.cue[:120],
            confidence=round(found.confidence, 3),
            review_status=ReviewStatus.MACHINE,
            pipeline_version=PIPELINE_VERSION,
        )
        for found, language in zip(extraction.quotes, extraction.quote_languages, strict=True)
    ]
    _bulk_save(Quote, quotes)
    Quote.about.through.objects.bulk_create(
        [
            Quote.about.through(quote_id=quote.pk, actor_id=actor_id)
            for quote, found in zip(quotes, extraction.quotes, strict=True)
            for actor_id in {actors[id(ref)].pk for ref in found.about}
        ]
    )
    claims = [
        Claim(
            article=article,
            claimant=actors[id(found.claimant)] if found.claimant else None,
            sentence=found.sentence,
            statement=found.statement[:500],
            kind=found.kind,
            value=_decimal(found.value),
            unit=found.unit[:60],
            start=found.start,
            end=found.end,
            quote=quotes[found.quote_index] if found.quote_index is not None else None,
            confidence=round(found.confidence, 3),
            review_status=ReviewStatus.MACHINE,
            pipeline_version=PIPELINE_VERSION,
        )
        for found in extraction.claims
    ]
    _bulk_save(Claim, claims)
    Claim.subjects.through.objects.bulk_create(
        [
            Claim.subjects.through(claim_id=claim.pk, actor_id=actor_id)
            for claim, found in zip(claims, extraction.claims, strict=True)
            for actor_id in {actors[id(ref)].pk for ref in found.subjects}
        ]
    )
    groups = _group_quotes(article, quotes)
    links = _link_same_story(article, extraction.fingerprint, quotes)
    counts = {
        "mentions": len(extraction.mentions),
        "quotes": len(quotes),
        "claims": len(extraction.claims),
        "new actors": new_actors,
        "quote groups joined": groups,
        "same-story links": links,
    }
    return IngestResult(article, True, f"Created article {article.pk}.", counts)


def _bulk_save(model, records: list) -> None:
    """bulk_create with what save() would do: derived columns, history rows and change-feed events."""
    for record in records:
        if hasattr(record, "prepare_for_save"):
            record.prepare_for_save()
    bulk_create_with_history(records, model)  # ids come back on PostgreSQL and SQLite
    record_changes(model, [record.pk for record in records], "create")


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    limit = Decimal("1e17")  # the column holds 18 digits before the point
    return value if -limit < value < limit else None


def _unique_slug(model, name: str) -> str:
    base = slugify(normalize_text(name))[:100].strip("-") or "item"
    if base.isdigit():
        base = f"n-{base}"
    slug = base
    for number in itertools.count(2):
        if not model.objects.filter(slug=slug).exists():
            return slug
        slug = f"{base}-{number}"
    raise AssertionError("unreachable")  # pragma: no cover


def _outlet_named(name: str | None, kind: str = Outlet.Kind.OTHER) -> Outlet | None:
    if not name:
        return None
    normalized = normalize_text(name)
    for outlet in Outlet.objects.filter(Q(name__iexact=name) | Q(slug=slugify(normalized))):
        return outlet
    for outlet in Outlet.objects.all().only("pk", "name", "slug"):
        if normalize_text(outlet.name) == normalized:
            return outlet
    return Outlet.objects.create(
        name=name[:200],
        slug=_unique_slug(Outlet, name),
        kind=kind,
        description=f"Created by {PIPELINE_VERSION} from a credit in an ingested text.",
    )


def _unknown_outlet() -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(
        slug=UNKNOWN_OUTLET_SLUG,
        defaults={
            "name": "Unknown source",
            "kind": Outlet.Kind.OTHER,
            "description": "Articles ingested without an outlet that the text does not name.",
        },
    )
    return outlet


def _languages(codes: list[str]) -> list[Language]:
    lexicon = load_lexicon()
    names = {language["code"]: language.get("name", language["code"]) for language in lexicon.languages.values()}
    result = []
    for code in codes:
        language, _ = Language.objects.get_or_create(code=code, defaults={"name": names.get(code, code)})
        result.append(language)
    return result


def _actors_for(extraction: Extraction) -> tuple[dict[int, Actor], int]:
    """Database actors for every reference (by the reference's id()), and how many were created.

    Proposed actors are created as machine-made candidates that need review.
    """
    refs = extraction.refs()
    known_ids = {ref.actor_id for ref in refs if ref.actor_id}
    by_id = Actor.objects.in_bulk(known_ids)
    result: dict[int, Actor] = {}
    created = 0
    for ref in refs:
        actor = by_id.get(ref.actor_id) if ref.actor_id else None
        if actor is None:
            actor, made = _create_candidate(ref)
            created += made
            by_id[actor.pk] = actor
        result[id(ref)] = actor
    return result, created


def _create_candidate(ref: ActorRef) -> tuple[Actor, bool]:
    """The stored actor with the candidate's full name (normalised), else a new machine-made candidate.

    Candidates get no aliases: the surface forms an article used (a lone surname, a case form) are
    fragments that would later link unrelated names to this actor.
    """
    existing = Actor.objects.filter(name_normalized=normalize_text(ref.name)).order_by("pk").first()
    if existing is not None:
        ref.actor_id = existing.pk
        if existing.origin == Actor.Origin.MACHINE and existing.review_status != ReviewStatus.VERIFIED:
            _merge_candidate(existing, ref)
        return existing, False
    actor = Actor(
        name=ref.name[:200],
        slug=_unique_slug(Actor, ref.name),
        kind=ref.kind,
        country=ref.country or "",
        origin=Actor.Origin.MACHINE,
        review_status=ReviewStatus.NEEDS_REVIEW,
        pipeline_version=PIPELINE_VERSION,
        description=f"Proposed by {PIPELINE_VERSION}: a name found in an ingested article.",
    )
    actor.save()
    ref.actor_id = actor.pk
    return actor, True


# When articles guess different kinds for one unconfirmed candidate, the stored guess is the first of
# these: a fixed order, so the result does not depend on which article came first. Keyword kinds are
# the surest guesses; "organisation" is also the fallback for bare acronyms and repeated names.
CANDIDATE_KIND_ORDER = (
    Actor.Kind.INTERNATIONAL_ORGANISATION,
    Actor.Kind.GOVERNMENT,
    Actor.Kind.PARTY,
    Actor.Kind.ARMED_GROUP,
    Actor.Kind.MEDIA,
    Actor.Kind.COUNTRY,
    Actor.Kind.PERSON,
    Actor.Kind.ORGANISATION,
)


def _name_preference(name: str) -> tuple:
    """Which spelling of one normalised name a candidate keeps: not shouted, with its diacritics/script."""
    return (not name.isupper(), sum(ord(char) > 127 for char in name), name)


def _merge_candidate(actor: Actor, ref: ActorRef) -> None:
    """Fold another article's proposal into an unconfirmed candidate, the same whatever the order of articles."""
    rank = {kind: position for position, kind in enumerate(CANDIDATE_KIND_ORDER)}
    kind = min(actor.kind, ref.kind, key=lambda value: rank.get(value, len(rank)))
    name = max(actor.name, ref.name[:200], key=_name_preference)
    country = max(str(actor.country or ""), ref.country or "")
    if (kind, name, country) != (actor.kind, actor.name, str(actor.country or "")):
        actor.kind, actor.name, actor.country = kind, name, country
        actor.save()


def _group_quotes(article: Article, quotes: list[Quote]) -> int:
    """Join each direct quotation to the group of the same utterance carried by other articles."""
    mine = [q for q in quotes if q.is_direct and q.speaker_id is not None and len(q.text) >= 20]
    if not mine:
        return 0
    others: dict[int, list[Quote]] = {}
    candidates = (
        Quote.objects.filter(speaker_id__in={q.speaker_id for q in mine}, is_direct=True)
        .exclude(article=article)
        .select_related("group")
        .order_by("-id")[: QUOTE_GROUP_CANDIDATES * len(mine)]
    )
    for other in candidates:
        others.setdefault(other.speaker_id, []).append(other)
    joined = 0
    for quote in mine:
        match = next(
            (
                o
                for o in others.get(quote.speaker_id, [])[:QUOTE_GROUP_CANDIDATES]
                if same_utterance(quote.text, o.text)
            ),
            None,
        )
        if match is None:
            continue
        group = match.group
        if group is None:
            label = f"{quote.speaker.name}: “{' '.join(match.text.split()[:12])}…”"
            group = QuoteGroup.objects.create(
                slug=_unique_slug(QuoteGroup, f"{quote.speaker.slug} {' '.join(match.text.split()[:6])}"),
                label=label[:300],
                speaker=quote.speaker,
            )
            Quote.objects.filter(pk=match.pk).update(group=group)
            record_changes(Quote, [match.pk], "update")
            for other in others.get(quote.speaker_id, []):
                if other.pk == match.pk:
                    other.group = group
        quote.group = group
        Quote.objects.filter(pk=quote.pk).update(group=group)
        joined += 1
    return joined


_fingerprint_cache: dict[int, Fingerprint] = {}


def _fingerprints(ids: list[int]) -> dict[int, Fingerprint]:
    """Stored articles' sketches, decoded once per process (they change only when a body changes)."""
    missing = [pk for pk in ids if pk not in _fingerprint_cache]
    for pk, data in Article.objects.filter(pk__in=missing).values_list("id", "fingerprint"):
        decoded = Fingerprint.from_json(data)
        if decoded is not None:
            _fingerprint_cache[pk] = decoded
    if len(_fingerprint_cache) > 100_000:
        _fingerprint_cache.clear()
    return {pk: _fingerprint_cache[pk] for pk in ids if pk in _fingerprint_cache}


def _link_same_story(article: Article, print_: Fingerprint, quotes: list[Quote]) -> int:
    """Link stored articles telling the same story: near-duplicate text, or the same quotation carried."""
    candidates = Article.objects.exclude(pk=article.pk).exclude(fingerprint__isnull=True)
    if article.published_on:
        window = datetime.timedelta(days=SAME_STORY_WINDOW_DAYS)
        candidates = candidates.filter(
            Q(published_on__isnull=True)
            | Q(published_on__range=(article.published_on - window, article.published_on + window))
        )
    found: list[tuple[float, int, str]] = []
    mine = set(print_.sketch)
    ids = list(candidates.order_by("-id").values_list("id", flat=True)[:SAME_STORY_CANDIDATES])
    for other_id, other in _fingerprints(ids).items():
        # Unrelated texts share almost no shingle hashes; only close ones get the full estimate.
        if len(mine.intersection(other.sketch)) < 3:
            continue
        kind, score = same_story_kind(print_, other)
        if kind:
            found.append((score, other_id, kind))
    # The closest ones only: a story syndicated a hundred times needs a few links, not a hundred.
    links = {
        other_id: (kind, f"Detected by {PIPELINE_VERSION}: {score:.0%} of shared wording.")
        for score, other_id, kind in sorted(found, reverse=True)[:MAX_SAME_STORY_LINKS]
    }
    group_ids = {quote.group_id for quote in quotes if quote.group_id}
    carried = (
        Quote.objects.filter(group_id__in=group_ids)
        .exclude(article=article)
        .values_list("article_id", flat=True)
        .distinct()[:MAX_SAME_STORY_LINKS]
    )
    for other_id in carried:
        links.setdefault(
            other_id,
            (SameStoryLink.Kind.SAME_EVENT, f"Detected by {PIPELINE_VERSION}: the articles carry the same quotation."),
        )
    # The article is new, so none of these links exists yet; both directions are written at once.
    SameStoryLink.objects.bulk_create(
        [
            SameStoryLink(from_article=article, to_article_id=other, kind=kind, note=note)
            for other, (kind, note) in links.items()
        ]
        + [
            SameStoryLink(from_article_id=other, to_article=article, kind=kind, note=note)
            for other, (kind, note) in links.items()
        ],
        ignore_conflicts=True,
    )
    return len(links)
