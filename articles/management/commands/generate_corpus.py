"""`python manage.py generate_corpus --articles N`: load a realistic synthetic corpus (see articles/corpus/)."""

from django.core.management.base import BaseCommand, CommandError

from articles.corpus import CorpusError, CorpusOptions, CorpusReport, generate_corpus
from articles.corpus.loader import DEFAULT_BATCH, DEFAULT_OUTLETS


class Command(BaseCommand):
    help = (
        "Generate and load a synthetic corpus of N articles with their outlets, actors (with aliases), quotes, "
        "claims and mentions, for scale and performance work. Uses COPY on PostgreSQL and bulk_create elsewhere. "
        "Writes no history rows and no change-feed events (records are loaded, not edited). Refuses a database "
        "that already has articles, outlets or actors unless --append."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles to generate.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same seed and ids, same corpus).")
        parser.add_argument(
            "--outlets",
            type=int,
            default=None,
            help=f"New outlets to create (default {DEFAULT_OUTLETS}; none when appending to a database with outlets).",
        )
        parser.add_argument(
            "--actors",
            type=int,
            default=None,
            help="New actors to create (default: 5 %% of all articles, at least 20).",
        )
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH, help="Articles per transaction (default %(default)s)."
        )
        parser.add_argument("--append", action="store_true", help="Add to a database that already has data.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="PostgreSQL: processes that generate and COPY batches in parallel, each over its own connection "
            "(default 1).",
        )

    def handle(self, *args, **options):
        corpus_options = CorpusOptions(
            articles=options["articles"],
            seed=options["seed"],
            outlets=options["outlets"],
            actors=options["actors"],
            batch_size=options["batch"],
            append=options["append"],
            workers=options["workers"],
        )
        try:
            report = generate_corpus(corpus_options, progress=self._progress if options["verbosity"] > 1 else None)
        except CorpusError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            for table, count in sorted(report.rows.items()):
                self.stdout.write(f"  {table}: {count}")
            self.stdout.write(
                f"{report.articles} articles, {report.total_rows} rows on {report.database} in {report.seconds:.1f} s: "
                f"{report.articles_per_second:.0f} articles/s, {report.rows_per_second:.0f} rows/s "
                f"({report.workers} worker{'s' if report.workers > 1 else ''})"
            )

    def _progress(self, report: CorpusReport, target: int) -> None:
        self.stdout.write(
            f"{report.articles}/{target} articles, {report.total_rows} rows, {report.seconds:.1f} s "
            f"({report.articles_per_second:.0f} articles/s)"
        )
