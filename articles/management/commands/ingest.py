"""`python manage.py ingest PATH…`: ingest article files, directories of them, or `-` for standard input."""

import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.errors import IngestError
from articles.ingest.service import ingest_document
from articles.models import Outlet

SUFFIXES = {".txt", ".html", ".htm", ".md", ".text"}


class Command(BaseCommand):
    help = (
        "Ingest raw article text or HTML: extract the body, metadata, quotes with speakers, mentions and "
        "claims as machine-extracted drafts. Files already ingested are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, directories (searched recursively) or - for stdin.")
        parser.add_argument("--outlet", help="Slug of the outlet that published the articles.")
        parser.add_argument("--url", help="Canonical URL (only with a single input).")
        parser.add_argument("--published-on", help="Publication date YYYY-MM-DD (applies to every input).")

    def handle(self, *args, **options):
        outlet = None
        if options["outlet"]:
            outlet = Outlet.objects.filter(slug=options["outlet"]).first()
            if outlet is None:
                raise CommandError(f"No outlet with slug {options['outlet']!r}.")
        published_on = None
        if options["published_on"]:
            import datetime

            try:
                published_on = datetime.date.fromisoformat(options["published_on"])
            except ValueError as error:
                raise CommandError("--published-on must be a date like 2026-01-21.") from error
        inputs = list(self._inputs(options["paths"]))
        if options["url"] and len(inputs) != 1:
            raise CommandError("--url applies to a single input.")
        tally: Counter[str] = Counter()
        failures: list[str] = []
        progress = tqdm(inputs, unit="file", disable=len(inputs) < 2, file=sys.stderr)
        for name, read in progress:
            try:
                result = ingest_document(read(), outlet=outlet, url=options["url"], published_on=published_on)
            except (IngestError, OSError) as error:
                tally["failed"] += 1
                failures.append(f"{name}: {getattr(error, 'message', error)}")
                continue
            tally["created" if result.created else "already present"] += 1
            for key, value in result.counts.items():
                tally[key] += value
            line = f"{name}: {result.message}"
            if len(inputs) < 2:
                self.stdout.write(line)
            else:
                progress.write(line, file=self.stdout, end="")
        for failure in failures:
            self.stderr.write(self.style.ERROR(failure))
        summary = ", ".join(f"{value} {key}" for key, value in tally.items()) or "nothing to do"
        self.stdout.write(self.style.SUCCESS(f"Summary: {len(inputs)} input(s): {summary}."))
        if failures:
            raise CommandError(f"{len(failures)} input(s) could not be ingested.")

    def _inputs(self, paths):
        for raw in paths:
            if raw == "-":
                yield "<stdin>", sys.stdin.buffer.read
                continue
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and child.suffix.lower() in SUFFIXES:
                        yield str(child), child.read_bytes
            elif path.is_file():
                yield str(path), path.read_bytes
            else:
                raise CommandError(f"No such file or directory: {raw}")
