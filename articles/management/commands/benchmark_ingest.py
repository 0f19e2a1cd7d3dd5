"""`python manage.py benchmark_ingest`: end-to-end ingestion throughput (a benchmark, not a test).

Ingests N article variants built from the sample raw texts (numbers changed and one sentence
added, so every one is new content) through the same service the command and API use, inside a
transaction that is rolled back: the database is left as it was.
"""

import random
import re
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from articles.ingest.service import ingest_document, reset_actor_index
from articles.sample_dataset import SAMPLE_DATA_DIR


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure ingestion throughput (articles per second) end to end; writes nothing permanently."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])  # noqa: S311 - reproducible test data, not secrets
        sources = [path.read_text(encoding="utf-8") for path in sorted((SAMPLE_DATA_DIR / "raw").glob("*.txt"))]
        documents = [self._variant(rng.choice(sources), rng, number) for number in range(options["articles"])]
        reset_actor_index()
        timings = []
        try:
            with transaction.atomic():
                started = time.perf_counter()
                for document in documents:
                    begin = time.perf_counter()
                    ingest_document(document)
                    timings.append(time.perf_counter() - begin)
                elapsed = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        finally:
            reset_actor_index()
        timings.sort()
        vendor = connection.vendor
        self.stdout.write(
            f"{len(documents)} articles on {vendor} in {elapsed:.1f} s: {len(documents) / elapsed:.1f} articles/s; "
            f"per article p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)] * 1000:.0f} ms"
        )

    @staticmethod
    def _variant(text: str, rng: random.Random, number: int) -> str:
        """New content from a sample: other numbers, and a sentence that makes it unique."""
        changed = re.sub(r"\d+", lambda m: str(rng.randint(2, 999)), text)
        lines = changed.split("\n")
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        lines[longest] = lines[longest].replace(". ", f". Officials counted {number} delegates. ", 1)
        return "\n".join(lines)
