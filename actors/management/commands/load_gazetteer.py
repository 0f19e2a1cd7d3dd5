"""`python manage.py load_gazetteer [--file PATH ...]`: load the bundled gazetteer of actors (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actors.gazetteer import GAZETTEER_DIR, GazetteerError, alias_conflicts, load_gazetteer_entries
from actors.services import load_gazetteer


class Command(BaseCommand):
    help = (
        "Load the bundled gazetteer of the region's actors (countries, organisations, parties, media, people) "
        "as curated actors with aliases. Existing actors only gain missing aliases. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            action="append",
            default=[],
            type=Path,
            metavar="PATH",
            help="An extra YAML file in the gazetteer format, loaded after the bundled ones (repeatable).",
        )
        parser.add_argument(
            "--only-files",
            action="store_true",
            help="Load only the --file files, not the bundled gazetteer.",
        )

    def handle(self, *args, **options):
        files = options["file"]
        if options["only_files"] and not files:
            raise CommandError("--only-files needs at least one --file.")
        try:
            entries = load_gazetteer_entries(None if options["only_files"] else GAZETTEER_DIR, extra_files=files)
        except GazetteerError as error:
            raise CommandError(f"Gazetteer not loaded: {error}") from error
        for problem in alias_conflicts(entries):
            self.stderr.write(self.style.WARNING(f"Ambiguous form: {problem}"))
        report = load_gazetteer(entries=entries)
        self.stdout.write(self.style.SUCCESS(f"Gazetteer: {report.summary()}"))
