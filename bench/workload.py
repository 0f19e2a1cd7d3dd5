"""The fixed benchmark workload: which requests, with which parameters, for each endpoint.

Parameters are read from the corpus itself (the most mentioned actors, the busiest outlets, words
from real titles, the middle of the article list), with a fixed seed, so the same corpus always gets
the same requests and a bigger corpus gets the same kind of requests. Each endpoint has several
variants that the load generator rotates through, so no single cached row decides the figures.
"""

from __future__ import annotations

import base64
import json
import random
import re
from dataclasses import dataclass
from urllib.parse import quote

import psycopg

VARIANTS = 10  # rotated requests per endpoint
EXPORT_ROWS = 100_000
PAGE_SIZE = 50  # the API's default page size


@dataclass
class Endpoint:
    """One benchmarked endpoint: what it stands for and the API paths the load rotates through."""

    name: str
    title: str
    paths: list[str]
    kind: str = "list"  # list | search | detail | aggregate | export; decides the target it is held to


def _rows(connection: psycopg.Connection, sql: str, params: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cursor_after(article_id: int) -> str:
    """A cursor in the id-ordered walk positioned after `article_id` (the format the API issues)."""
    payload = json.dumps({"p": [article_id], "b": False, "o": "pk"}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _word_pairs(titles: list[str], count: int, rng: random.Random) -> list[str]:
    pairs = []
    for title in titles:
        words = [word for word in re.findall(r"\w+", title) if len(word) >= 5 and not word.isdigit()]
        if len(words) >= 2:
            pairs.append(" ".join(rng.sample(words, 2)).lower())
        if len(pairs) == count:
            break
    return pairs


def discover(dsn: str, seed: int = 7) -> list[Endpoint]:
    """Build the workload for the corpus in the PostgreSQL database `dsn`.

    Only published (verified) records are counted, since the benchmark reads anonymously as the public does.
    """
    rng = random.Random(seed)
    with psycopg.connect(dsn) as connection:
        ((articles, max_id),) = _rows(
            connection, "SELECT count(*), max(id) FROM articles_article WHERE review_status = 'verified'"
        )
        if not articles:
            raise SystemExit(f"no published articles in {dsn}: generate a corpus first")
        outlets = _rows(
            connection,
            """SELECT o.slug, o.language_id, count(*) FROM articles_article a
               JOIN articles_outlet o ON o.id = a.outlet_id GROUP BY o.slug, o.language_id
               ORDER BY count(*) DESC, o.slug LIMIT %s""",
            (VARIANTS,),
        )
        ((last_day,),) = _rows(connection, "SELECT max(published_on) FROM articles_article")
        mentioned = _rows(
            connection,
            """SELECT ac.slug FROM (SELECT actor_id, count(*) AS n FROM articles_mention GROUP BY actor_id
               ORDER BY n DESC LIMIT %s) top JOIN actors_actor ac ON ac.id = top.actor_id ORDER BY top.n DESC""",
            (VARIANTS,),
        )
        speakers = _rows(
            connection,
            """SELECT ac.slug FROM (SELECT speaker_id, count(*) AS n FROM articles_quote WHERE speaker_id IS NOT NULL
               GROUP BY speaker_id ORDER BY n DESC LIMIT %s) top JOIN actors_actor ac ON ac.id = top.speaker_id
               ORDER BY top.n DESC""",
            (VARIANTS,),
        )
        sample_ids = sorted(rng.sample(range(1, max_id + 1), min(max_id, 20 * VARIANTS)))
        titles = [
            title
            for (title,) in _rows(
                connection,
                "SELECT title FROM articles_article WHERE id = ANY(%s) AND review_status = 'verified' ORDER BY id",
                (sample_ids,),
            )
        ]
        detail_ids = [
            article_id
            for (article_id,) in _rows(
                connection,
                "SELECT id FROM articles_article WHERE id = ANY(%s) AND review_status = 'verified' ORDER BY id",
                (sample_ids,),
            )
        ][: 5 * VARIANTS]
        # The id-ordered walk's middle: cursors that start there, and page numbers as deep.
        middle_ids = [
            article_id
            for (article_id,) in _rows(
                connection,
                """SELECT id FROM articles_article WHERE review_status = 'verified' ORDER BY id
                   OFFSET %s LIMIT %s""",
                (articles // 2, VARIANTS),
            )
        ]
        # The publication date from which on the published quotes number about EXPORT_ROWS.
        ((export_from,),) = _rows(
            connection,
            """SELECT a.published_on FROM articles_quote q JOIN articles_article a ON a.id = q.article_id
               WHERE q.review_status = 'verified' AND a.review_status = 'verified'
               ORDER BY a.published_on DESC OFFSET %s LIMIT 1""",
            (EXPORT_ROWS,),
        )
    year_ago = last_day.replace(year=last_day.year - 1)
    middle_page = max(1, articles // PAGE_SIZE // 2)
    return [
        Endpoint("newest", "Newest articles", ["/api/v1/articles/"]),
        Endpoint(
            "filtered",
            "Articles by outlet + date range + language",
            [
                f"/api/v1/articles/?outlet={slug}&published_after={year_ago}&published_before={last_day}"
                f"&language={language or 'en'}"
                for slug, language, _count in outlets
            ],
        ),
        Endpoint(
            "mentions", "Articles mentioning a popular actor", [f"/api/v1/articles/?actor={s}" for (s,) in mentioned]
        ),
        Endpoint(
            "search",
            "Full-text search, two words",
            [f"/api/v1/articles/?q={quote(pair)}" for pair in _word_pairs(titles, VARIANTS, rng)],
            kind="search",
        ),
        Endpoint("speaker_quotes", "One actor's quotes", [f"/api/v1/quotes/?speaker={s}" for (s,) in speakers]),
        Endpoint(
            "detail",
            "Article detail with quotes and claims",
            [f"/api/v1/articles/{article_id}/" for article_id in detail_ids],
            kind="detail",
        ),
        Endpoint(
            "timeline",
            "Timeline: an actor's quotes per month",
            [f"/api/v1/stats/timeline/?resource=quotes&interval=month&speaker={s}" for (s,) in speakers],
            kind="aggregate",
        ),
        Endpoint(
            "deep_page",
            f"Page {middle_page:,} (middle of the list)",
            [f"/api/v1/articles/?page={middle_page + offset}" for offset in range(VARIANTS)],
        ),
        Endpoint("first_cursor", "First cursor page", ["/api/v1/articles/?cursor="]),
        Endpoint(
            "far_cursor",
            "Cursor page in the middle of the walk",
            [f"/api/v1/articles/?cursor={_cursor_after(article_id)}" for article_id in middle_ids],
        ),
        Endpoint(
            "export",
            f"NDJSON export of ~{EXPORT_ROWS:,} quotes",
            [f"/api/v1/quotes/?format=ndjson&published_after={export_from}"],
            kind="export",
        ),
    ]
