"""`python manage.py load_sample_data`: load the curated reference dataset (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from articles.sample_dataset import DatasetError, load_sample_dataset


class Command(BaseCommand):
    help = "Load the hand-curated sample dataset (five articles with actors, quotes and claims). Safe to re-run."

    def handle(self, *args, **options):
        try:
            report = load_sample_dataset()
        except DatasetError as error:
            raise CommandError(f"Sample dataset is inconsistent: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Sample dataset: {report.summary()}"))
