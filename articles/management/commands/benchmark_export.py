"""`python manage.py benchmark_export --rows 100000`: streamed NDJSON export rate and memory (a benchmark).

Creates the rows inside a transaction, streams `/api/v1/quotes/?format=ndjson` through the full Django
stack in this process while sampling its resident memory after every chunk, then rolls back.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client

from actors.models import Actor
from articles.models import Article, Outlet, Quote

QUOTES_PER_ARTICLE = 50


class _Rollback(Exception):
    pass


def _rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class Command(BaseCommand):
    help = "Measure a streamed NDJSON export of N quotes: rows per second and resident memory while streaming."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, **options):
        rows = options["rows"]
        try:
            with transaction.atomic():
                self._create(rows)
                self._measure(rows)
                raise _Rollback
        except _Rollback:
            pass

    def _create(self, rows: int) -> None:
        started = time.perf_counter()
        outlet = Outlet.objects.create(name="Benchmark outlet", slug="benchmark-outlet-export")
        speakers = [Actor(name=f"Speaker {n}", slug=f"benchmark-speaker-{n}", kind="person") for n in range(50)]
        for speaker in speakers:
            speaker.save()
        body = "".join(f"Sentence number {n:03d} of the benchmark article. " for n in range(QUOTES_PER_ARTICLE))
        articles = []
        for number in range(rows // QUOTES_PER_ARTICLE + 1):
            article = Article(outlet=outlet, title=f"Benchmark {number}", body=f"{body}({number})")
            article.content_hash = Article.hash_body(article.body)
            articles.append(article)
        Article.objects.bulk_create(articles, batch_size=2000)
        quotes = []
        for article in articles:
            for n in range(QUOTES_PER_ARTICLE):
                if len(quotes) >= rows:
                    break
                start = body.index(f"number {n:03d}")
                quote = Quote(
                    article=article,
                    speaker=speakers[n % len(speakers)],
                    text=body[start : start + 10],
                    start=start,
                    end=start + 10,
                    cue="said",
                )
                quote.prepare_for_save()
                quotes.append(quote)
        Quote.objects.bulk_create(quotes, batch_size=5000)
        self.stdout.write(f"created {len(quotes)} quotes in {time.perf_counter() - started:.1f} s")

    def _measure(self, rows: int) -> None:
        client = Client()
        before = _rss_mib()
        started = time.perf_counter()
        response = client.get("/api/v1/quotes/", {"format": "ndjson"}, HTTP_HOST="127.0.0.1")
        samples, lines, size = [], 0, 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            size += len(chunk)
            samples.append(_rss_mib())
        elapsed = time.perf_counter() - started
        growth_first = samples[min(len(samples) - 1, 5)] - before if samples else 0
        growth_last = samples[-1] - before if samples else 0
        self.stdout.write(
            f"{lines} rows ({size / 1024 / 1024:.0f} MiB NDJSON) on {connection.vendor} in {elapsed:.1f} s: "
            f"{lines / elapsed:,.0f} rows/s; resident memory {before:.0f} MiB before, "
            f"+{growth_first:.0f} MiB after 5 chunks, +{growth_last:.0f} MiB at the end, "
            f"peak {max(samples):.0f} MiB"
        )
