"""Load the hand-curated reference dataset (articles/sample_data/) into the database.

The dataset is the five sample articles checked by hand: outlets, actors with aliases and
affiliations, bodies with boilerplate removed, every direct quote with its speaker and span,
claims, mentions, quote groups and same-story links. Loading is idempotent: records are found
by their natural keys (slugs, content hash) and existing ones are left as staff may have edited
them; nothing is created twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from actors.models import Actor, ActorAlias, Affiliation
from articles.models import Article, Claim, Language, Mention, Outlet, Quote, QuoteGroup, SameStoryLink, Topic
from balkanapi.models import ReviewStatus

SAMPLE_DATA_DIR = Path(__file__).resolve().parent / "sample_data"


class DatasetError(ValueError):
    """The dataset files are inconsistent (a span that does not slice its text, an unknown slug …)."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.existing
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        made = ", ".join(f"{n} {kind}" for kind, n in sorted(self.created.items())) or "nothing"
        kept = ", ".join(f"{n} {kind}" for kind, n in sorted(self.existing.items())) or "nothing"
        return f"created: {made}; already present: {kept}"


def read_dataset(directory: Path = SAMPLE_DATA_DIR) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Parse catalog.yaml and every articles/*.yaml, attaching each article's raw text."""
    catalog = yaml.safe_load((directory / "catalog.yaml").read_text(encoding="utf-8"))
    articles = []
    for path in sorted((directory / "articles").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record["key"] = path.stem
        record["raw_text"] = (directory / "raw" / record["raw_file"]).read_text(encoding="utf-8")
        articles.append(record)
    return catalog, articles


def check_spans(record: dict[str, Any]) -> None:
    """Raise DatasetError unless every span in an article record slices exactly its text from the body."""
    body = record["body"]
    for kind, text_key in (("mentions", "text"), ("quotes", "text"), ("claims", "sentence")):
        for item in record.get(kind) or []:
            actual = body[item["start"] : item["end"]]
            if actual != item[text_key]:
                raise DatasetError(
                    f"{record['key']}: {kind} span {item['start']}:{item['end']} is {actual!r}, "
                    f"expected {item[text_key]!r}"
                )


@transaction.atomic
def load_sample_dataset(directory: Path = SAMPLE_DATA_DIR) -> LoadReport:
    """Create whatever part of the reference dataset is missing; return what was created and what existed."""
    catalog, articles = read_dataset(directory)
    for record in articles:
        check_spans(record)
    report = LoadReport()
    _load_catalog(catalog, report)
    actors = {actor.slug: actor for actor in Actor.objects.all()}
    outlets = {outlet.slug: outlet for outlet in Outlet.objects.all()}
    groups = {group.slug: group for group in QuoteGroup.objects.all()}
    by_key: dict[str, Article] = {}
    for record in articles:
        by_key[record["key"]] = _load_article(record, actors, outlets, groups, report)
    for record in articles:
        for link in record.get("same_story_as") or []:
            _link_same_story(by_key[record["key"]], by_key[_article_key(link["article"])], link, report)
    return report


def _lookup(table: dict[str, Any], slug: str | None, what: str, where: str):
    if slug is None:
        return None
    try:
        return table[slug]
    except KeyError:
        raise DatasetError(f"{where}: unknown {what} {slug!r}") from None


def _load_catalog(catalog: dict[str, Any], report: LoadReport) -> None:
    for item in catalog.get("languages") or []:
        _, created = Language.objects.get_or_create(code=item["code"], defaults={"name": item["name"]})
        report.count("languages", created)
    for item in catalog.get("topics") or []:
        _, created = Topic.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": item.get("description") or ""},
        )
        report.count("topics", created)
    for item in catalog.get("outlets") or []:
        _, created = Outlet.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "homepage": item.get("homepage") or "",
                "country": item.get("country") or "",
                "language_id": item.get("language"),
                "kind": item.get("kind") or Outlet.Kind.OTHER,
                "ownership": item.get("ownership") or "",
                "description": item.get("description") or "",
            },
        )
        report.count("outlets", created)
    created_actors = []
    for item in catalog.get("actors") or []:
        actor, created = Actor.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "country": item.get("country") or "",
                "description": item.get("description") or "",
                "wikidata_id": item.get("wikidata_id"),
                "review_status": ReviewStatus.VERIFIED,
            },
        )
        report.count("actors", created)
        if created:
            created_actors.append((actor, item))
    actors = {actor.slug: actor for actor in Actor.objects.all()}
    # Aliases and affiliations only for actors created now: an existing actor's are the curators'.
    for actor, item in created_actors:
        for alias in item.get("aliases") or []:
            ActorAlias(
                actor=actor,
                name=alias["name"],
                kind=alias.get("kind") or ActorAlias.Kind.NAME,
                language=alias.get("language") or "",
            ).save()
        for affiliation in item.get("affiliations") or []:
            Affiliation.objects.create(
                actor=actor,
                organisation=_lookup(actors, affiliation.get("organisation"), "actor", f"affiliation of {actor.slug}"),
                role=affiliation["role"],
                start_date=affiliation.get("start"),
                end_date=affiliation.get("end"),
                note=affiliation.get("note") or "",
            )
    for item in catalog.get("quote_groups") or []:
        _, created = QuoteGroup.objects.get_or_create(
            slug=item["key"],
            defaults={
                "label": item["label"],
                "speaker": _lookup(actors, item.get("speaker"), "actor", f"quote group {item['key']}"),
            },
        )
        report.count("quote groups", created)


def _article_key(value: Any) -> str:
    """Same-story links name the other article by its file stem; YAML may have read `002` as 2."""
    return f"{int(value):03d}" if isinstance(value, int) or str(value).isdigit() else str(value)


def _load_article(record: dict[str, Any], actors: dict, outlets: dict, groups: dict, report: LoadReport) -> Article:
    where = f"article {record['key']}"
    existing = Article.objects.filter(content_hash=Article.hash_body(record["body"])).first()
    if existing is not None:
        report.count("articles", False)
        return existing
    article = Article(
        outlet=_lookup(outlets, record["outlet"], "outlet", where),
        title=record.get("title"),
        standfirst=record.get("standfirst") or "",
        published_on=record.get("published_on"),
        date_precision=record.get("date_precision") or Article.DatePrecision.DAY,
        date_note=record.get("date_note") or "",
        body=record["body"],
        raw_text=record["raw_text"],
        canonical_url=record.get("canonical_url"),
        syndicated_from=_lookup(outlets, record.get("syndicated_from"), "outlet", where),
        syndication_note=record.get("syndication_note") or "",
        review_status=record.get("review_status") or ReviewStatus.VERIFIED,
        notes=record.get("notes") or "",
    )
    article.save()
    report.count("articles", True)
    article.authors.set([_lookup(actors, slug, "actor", where) for slug in record.get("authors") or []])
    article.languages.set(record.get("languages") or [])
    article.topics.set(Topic.objects.filter(slug__in=record.get("topics") or []))
    bulk_create_with_history(
        [
            Mention(
                article=article,
                actor=_lookup(actors, item["actor"], "actor", where),
                text=item["text"],
                start=item["start"],
                end=item["end"],
            )
            for item in record.get("mentions") or []
        ],
        Mention,
    )
    quotes_by_key = {}
    for item in record.get("quotes") or []:
        quote = Quote(
            article=article,
            speaker=_lookup(actors, item.get("speaker"), "actor", where),
            speaker_text=item.get("speaker_text") or "",
            text=item["text"],
            is_direct=item.get("direct", True),
            language_id=item.get("language"),
            start=item["start"],
            end=item["end"],
            cue=item.get("cue") or "",
            venue=item.get("venue") or "",
            group=_lookup(groups, item.get("group"), "quote group", where),
            review_status=ReviewStatus.VERIFIED,
        )
        quote.save()
        quote.about.set([_lookup(actors, slug, "actor", where) for slug in item.get("about") or []])
        quotes_by_key[item.get("key")] = quote
    for item in record.get("claims") or []:
        claim = Claim(
            article=article,
            claimant=_lookup(actors, item.get("claimant"), "actor", where),
            sentence=item["sentence"],
            statement=item["statement"],
            kind=item["kind"],
            value=Decimal(str(item["value"])) if item.get("value") is not None else None,
            unit=item.get("unit") or "",
            start=item["start"],
            end=item["end"],
            quote=_lookup(quotes_by_key, item.get("quote"), "quote key", where),
            verification_status=item.get("verification_status") or Claim.Verification.UNVERIFIED,
            review_status=ReviewStatus.VERIFIED,
        )
        claim.save()
        claim.subjects.set([_lookup(actors, slug, "actor", where) for slug in item.get("subjects") or []])
    for kind, items in (("mentions", "mentions"), ("quotes", "quotes"), ("claims", "claims")):
        report.created[kind] = report.created.get(kind, 0) + len(record.get(items) or [])
    return article


def _link_same_story(article: Article, other: Article, link: dict[str, Any], report: LoadReport) -> None:
    if SameStoryLink.objects.filter(from_article=article, to_article=other).exists():
        report.count("same-story links", False)
        return
    article.same_story.add(
        other, through_defaults={"kind": link.get("kind") or "same_event", "note": link.get("note") or ""}
    )
    report.count("same-story links", True)
