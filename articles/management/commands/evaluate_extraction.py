"""`python manage.py evaluate_extraction`: score the pipeline against the hand-curated sample dataset."""

from django.core.management.base import BaseCommand

from articles.ingest.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Run the ingestion pipeline on the five sample articles as on an empty database (no known actors, "
        "nothing written) and print precision and recall against the curated dataset."
    )

    def handle(self, *args, **options):
        report = evaluate()
        self.stdout.write(report.table())
        for score in report.scores:
            if score.note:
                self.stdout.write(f"{score.name}: {score.note}")
