"""Loading a synthetic corpus into the database: COPY on PostgreSQL, `bulk_create` elsewhere, in batches.

Rows come from `articles.corpus.generator` with every derived column already computed, so nothing
here calls `save()`: no history rows (django-simple-history) and no change-feed events are written,
and no signals fire. Each batch is its own transaction, so a long load can be watched and an
interrupted one leaves whole articles only; identity sequences are moved past the loaded ids after
every batch, so the application can insert as usual afterwards.

Not safe to run while something else writes articles, actors or outlets: ids are taken from
max(id) + 1 when the load starts.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models import Max

from actors.models import Actor, ActorAlias, Affiliation
from articles.corpus import vocabulary as vocab
from articles.corpus.generator import (
    ACTORS_PER_ARTICLE,
    COLUMNS,
    MAX_CLAIMS_PER_ARTICLE,
    MAX_QUOTES_PER_ARTICLE,
    MIN_ACTORS,
    ActorProfile,
    ArticleGenerator,
    IdCounters,
    OutletProfile,
    Population,
    Rows,
    generate_actors,
    generate_affiliations,
    generate_outlets,
)
from articles.models import Article, Claim, Language, Outlet, Quote, Topic

DEFAULT_OUTLETS = 300
DEFAULT_BATCH = 1000
SPEAKING_KINDS = {
    Actor.Kind.PERSON,
    Actor.Kind.GOVERNMENT,
    Actor.Kind.PARTY,
    Actor.Kind.ORGANISATION,
    Actor.Kind.INTERNATIONAL_ORGANISATION,
}
ORGANISATION_KINDS = {
    Actor.Kind.GOVERNMENT,
    Actor.Kind.PARTY,
    Actor.Kind.ORGANISATION,
    Actor.Kind.INTERNATIONAL_ORGANISATION,
    Actor.Kind.ARMED_GROUP,
}


class CorpusError(Exception):
    """The corpus cannot be generated as asked (for example: the database is not empty)."""


@dataclass(frozen=True)
class CorpusOptions:
    articles: int
    seed: int = 1
    outlets: int | None = None  # None: DEFAULT_OUTLETS, or none when appending to a database that has outlets
    actors: int | None = None  # None: enough for ACTORS_PER_ARTICLE of all articles after the load
    batch_size: int = DEFAULT_BATCH
    append: bool = False
    workers: int = 1  # >1: that many processes generate and COPY batches in parallel (PostgreSQL only)


@dataclass
class CorpusReport:
    """What was loaded and how fast (wall-clock, population and final ANALYZE included)."""

    database: str
    workers: int = 1
    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0

    def add(self, counts: dict[str, int]) -> None:
        for table, count in counts.items():
            self.rows[table] = self.rows.get(table, 0) + count


Progress = Callable[[CorpusReport, int], None]  # called after each batch with the report so far and the target


def generate_corpus(options: CorpusOptions, progress: Progress | None = None) -> CorpusReport:
    """Generate and load `options.articles` articles (and the outlets and actors they need).

    Refuses a database that already has articles, outlets or actors unless `options.append`.
    """
    _check(options)
    existing = {model._meta.verbose_name_plural: model.objects.count() for model in (Article, Outlet, Actor)}
    if not options.append and any(existing.values()):
        found = ", ".join(f"{count} {name}" for name, count in existing.items() if count)
        raise CorpusError(f"The database is not empty ({found}); use --append to add to it.")

    report = CorpusReport(database=connection.vendor, workers=options.workers)
    started = time.perf_counter()
    writer = _CopyWriter() if connection.vendor == "postgresql" else _BulkCreateWriter()
    now = datetime.now(UTC)
    rng = random.Random(f"population-{options.seed}-{existing['articles']}")  # noqa: S311 - test data

    with transaction.atomic():
        writer.prepare()
        population, rows = _population(options, existing["articles"], rng, now)
        for model, model_rows in rows.items():
            if model_rows:
                writer.write(model, model_rows)
        writer.reset_sequences([model for model, model_rows in rows.items() if model_rows])
        report.add({model._meta.db_table: len(model_rows) for model, model_rows in rows.items()})
    generator = ArticleGenerator(population.finish(options.seed), options.seed, now)
    first = IdCounters(article=_next_id(Article), quote=_next_id(Quote), claim=_next_id(Claim))
    sizes = [
        min(options.batch_size, options.articles - done) for done in range(0, options.articles, options.batch_size)
    ]

    def batch_done(counts: dict[str, int]) -> None:
        report.add(counts)
        report.articles += counts.get(Article._meta.db_table, 0)
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report, options.articles)

    if options.workers > 1:
        _load_in_parallel(generator, sizes, first, options, batch_done)
    else:
        for size in sizes:  # one stream of ids: articles, quotes and claims are numbered without gaps
            batch_done(_load_batch(generator, writer, size, first))
    writer.reset_sequences(list(COLUMNS))
    writer.finish(list(COLUMNS))
    report.seconds = time.perf_counter() - started
    return report


def _check(options: CorpusOptions) -> None:
    if options.articles < 0 or options.batch_size < 1 or options.workers < 1:
        raise CorpusError("--articles must be ≥ 0, --batch and --workers ≥ 1.")
    if options.workers > 1 and connection.vendor != "postgresql":
        raise CorpusError("--workers > 1 needs PostgreSQL (SQLite has a single writer).")
    if options.workers > 1 and connection.in_atomic_block:
        raise CorpusError("--workers > 1 commits from several connections: it cannot run inside a transaction.")


def _load_batch(
    generator: ArticleGenerator, writer: _Writer, size: int, ids: IdCounters, *, reset_sequences: bool = True
) -> dict[str, int]:
    """Generate and load one batch in one transaction; return rows written per table.

    Article rows are streamed to the database as each article is written (its quotes, claims and
    mentions are kept and loaded after), so on PostgreSQL the server indexes one article while the
    next one is generated.
    """
    children = generator.empty_rows()
    with transaction.atomic():
        writer.prepare()
        articles = writer.stream(Article, generator.articles(size, ids, children))
        for model, model_rows in children.items():
            if model_rows:
                writer.write(model, model_rows)
        if reset_sequences:
            writer.reset_sequences([Article, *children])
    return {Article._meta.db_table: articles} | {model._meta.db_table: len(rows) for model, rows in children.items()}


# Set in the parent just before the worker processes fork, so they inherit it instead of unpickling it.
_WORKER_GENERATOR: ArticleGenerator | None = None


def _load_in_parallel(
    generator: ArticleGenerator,
    sizes: list[int],
    first: IdCounters,
    options: CorpusOptions,
    batch_done: Callable[[dict[str, int]], None],
) -> None:
    """Batches in `options.workers` processes, each with its own connection and transaction per batch.

    Ids are handed out in blocks per batch (room for the most quotes and claims an article can have),
    so workers never collide; the unused ids at the end of each block are left as gaps.
    """
    global _WORKER_GENERATOR
    _WORKER_GENERATOR = generator
    # Children must not share the parent's socket: close it before forking; each child opens its own.
    connections.close_all()
    jobs = []
    for index, size in enumerate(sizes):
        offset = index * options.batch_size
        jobs.append(
            (
                size,
                IdCounters(
                    article=first.article + offset,
                    quote=first.quote + offset * MAX_QUOTES_PER_ARTICLE,
                    claim=first.claim + offset * MAX_CLAIMS_PER_ARTICLE,
                ),
            )
        )
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=options.workers, mp_context=context) as pool:
            pending: set[Future] = set()
            for size, ids in jobs:
                if len(pending) >= options.workers * 2:  # bounded: finished batches are not queued up in memory
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        batch_done(future.result())
                pending.add(pool.submit(_load_batch_in_worker, size, ids))
            for future in as_completed(pending):
                batch_done(future.result())
    finally:
        _WORKER_GENERATOR = None


def _load_batch_in_worker(size: int, ids: IdCounters) -> dict[str, int]:
    """Runs in a worker process: one batch over the worker's own connection (sequences are reset at the end)."""
    assert _WORKER_GENERATOR is not None
    try:
        return _load_batch(_WORKER_GENERATOR, _CopyWriter(), size, ids, reset_sequences=False)
    finally:
        connection.close()


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def _population(
    options: CorpusOptions, articles_before: int, rng: random.Random, now: datetime
) -> tuple[Population, Rows]:
    """Languages and topics (created when missing), existing outlets and actors, and the new ones to load."""
    Language.objects.bulk_create(
        [Language(code=code, name=kit.name) for code, kit in vocab.LANGUAGES.items()], ignore_conflicts=True
    )
    Topic.objects.bulk_create(
        [
            Topic(slug=slug, name=name)
            for slug, name in vocab.TOPICS
            if not Topic.objects.filter(slug=slug).exists() and not Topic.objects.filter(name=name).exists()
        ]
    )
    topic_ids = [
        topic_id
        for slug, _ in vocab.TOPICS
        for topic_id in Topic.objects.filter(slug=slug).values_list("id", flat=True)
    ]

    outlets = _existing_outlets()
    outlet_count = options.outlets if options.outlets is not None else (0 if outlets else DEFAULT_OUTLETS)
    if not outlets and outlet_count < 1:
        raise CorpusError("There are no outlets yet: --outlets must be at least 1.")
    actors = _existing_actors()
    wanted = max(MIN_ACTORS, round((articles_before + options.articles) * ACTORS_PER_ARTICLE))
    actor_count = options.actors if options.actors is not None else max(0, wanted - len(actors))
    if not actors and actor_count < 2:
        raise CorpusError("There are no actors yet: --actors must be at least 2.")

    new_outlets = generate_outlets(
        outlet_count, _next_id(Outlet), set(Outlet.objects.values_list("slug", flat=True)), rng, now
    )
    new_actors = generate_actors(
        actor_count,
        _next_id(Actor),
        set(Actor.objects.values_list("slug", flat=True)),
        rng,
        now,
        with_countries=not any(actor.kind == Actor.Kind.COUNTRY for actor in actors),
    )
    outlets += new_outlets.outlets
    actors += new_actors.actors
    people = [actor for actor in new_actors.actors if actor.kind == Actor.Kind.PERSON]
    organisations = [actor for actor in actors if actor.kind in ORGANISATION_KINDS]
    rows: Rows = {**new_outlets.rows, **new_actors.rows, Affiliation: generate_affiliations(people, organisations, rng)}
    # Outlets are drawn by popularity rank: shuffle so the biggest are not all in the first city.
    rng.shuffle(outlets)
    speakers = [actor for actor in actors if actor.kind in SPEAKING_KINDS] or actors
    population = Population(
        outlets=outlets, actors=actors, speakers=speakers, organisations=organisations, topic_ids=topic_ids
    )
    return population, rows


def _existing_outlets() -> list[OutletProfile]:
    profiles = []
    for outlet_id, language, homepage, slug in Outlet.objects.order_by("id").values_list(
        "id", "language_id", "homepage", "slug"
    ):
        domain = urlsplit(homepage).hostname or f"{slug}.example"
        profiles.append(OutletProfile(outlet_id, language or "en", language == "mk", domain.removeprefix("www.")))
    return profiles


def _existing_actors() -> list[ActorProfile]:
    aliases: dict[int, list[tuple[str, str]]] = {}
    for actor_id, name, language in ActorAlias.objects.values_list("actor_id", "name", "language"):
        aliases.setdefault(actor_id, []).append((name, language))
    return [
        ActorProfile.from_names(actor_id, kind, name, aliases.get(actor_id, []))
        for actor_id, kind, name in Actor.objects.order_by("id").values_list("id", "kind", "name")
    ]


class _Writer(ABC):
    """How rows reach the database: COPY on PostgreSQL, bulk_create elsewhere."""

    def prepare(self) -> None:
        """Called at the start of each batch's transaction (nothing to do by default)."""
        return None

    @abstractmethod
    def write(self, model: type[models.Model], rows: list[tuple]) -> None:
        """Insert `rows` (tuples in the column order of `model`'s load plan)."""

    def stream(self, model: type[models.Model], rows: Iterable[tuple]) -> int:
        """Write rows as they are produced; return how many."""
        materialised = list(rows)
        self.write(model, materialised)
        return len(materialised)

    def reset_sequences(self, written: list[type[models.Model]]) -> None:
        """Move identity sequences past the ids just loaded (a no-op where the database does it itself)."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(statement)

    def finish(self, written: list[type[models.Model]]) -> None:
        """Called once after the last batch (nothing to do by default)."""
        return None


class _CopyWriter(_Writer):
    """PostgreSQL: one COPY … FROM STDIN per table and batch (psycopg 3), then fresh planner statistics.

    The generated `search_document` tsvector columns (articles migration 0003) are computed by the
    server from `search_text` as rows arrive, so loaded rows are searchable at once.
    """

    def prepare(self) -> None:
        with connection.cursor() as cursor:
            # A batch is one long statement per table: the API's statement timeout does not apply. Commits
            # need not wait for the WAL flush: a crash loses at most the last batches, never consistency.
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SET LOCAL synchronous_commit = off")

    def write(self, model: type[models.Model], rows: list[tuple]) -> None:
        self.stream(model, rows)

    def stream(self, model: type[models.Model], rows: Iterable[tuple]) -> int:
        from psycopg.types.json import Jsonb

        columns = COLUMNS[model]
        quote = connection.ops.quote_name
        fields = [model._meta.get_field(name) for name in columns]
        json_positions = [index for index, field_ in enumerate(fields) if isinstance(field_, models.JSONField)]
        statement = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(field_.column) for field_ in fields)}) FROM STDIN"
        )
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for index in json_positions:
                        if row[index] is not None:
                            row[index] = Jsonb(row[index])
                copy.write_row(row)
                count += 1
        return count

    def finish(self, written: list[type[models.Model]]) -> None:
        # VACUUM also sets the visibility map, so index-only scans work at once rather than after autovacuum
        # gets round to the new rows; it cannot run inside a transaction, where ANALYZE alone has to do.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in written:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


class _BulkCreateWriter(_Writer):
    """Other databases (SQLite in development and tests): the ORM's bulk_create, no save() and no signals.

    `auto_now`/`auto_now_add` apply on this path, so created_at/updated_at are the load time.
    """

    def write(self, model: type[models.Model], rows: list[tuple]) -> None:
        columns = COLUMNS[model]
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500
        )
