"""`python manage.py evaluate_extraction [--devset DIR]`: score the pipeline on the samples or the development set."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.devset import DEVSET_DIR, evaluate_devset, gazetteer_actors
from articles.ingest.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Without --devset: run the ingestion pipeline on the five sample articles as on an empty database and "
        "print precision and recall against the curated dataset. With --devset DIR: score the development set "
        "(articles/ingest/devset/*.yaml) on the excerpt texts looked up into DIR (<id>.txt, outside the repo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--devset", metavar="DIR", help="folder with the looked-up excerpt texts (<id>.txt)")
        parser.add_argument(
            "--annotations", metavar="DIR", default=str(DEVSET_DIR), help="folder of the annotation YAML files"
        )
        parser.add_argument("--errors", action="store_true", help="list every miss and mismatch (with --devset)")
        parser.add_argument(
            "--no-gazetteer",
            action="store_true",
            help="with --devset: know no actor beforehand (not even the gazetteer)",
        )
        parser.add_argument(
            "--gazetteer",
            action="store_true",
            help="without --devset: know the gazetteer's actors and places, as a database after make run does",
        )

    def handle(self, *args, **options):
        if options["devset"]:
            texts = Path(options["devset"])
            if not texts.is_dir():
                raise CommandError(f"{texts} is not a folder of excerpt texts")
            known, places = ([], []) if options["no_gazetteer"] else gazetteer_actors()
            report = evaluate_devset(texts, Path(options["annotations"]), known=known, places=places)
            self.stdout.write(report.table())
            if options["errors"]:
                for error in report.overall.errors:
                    self.stdout.write(error)
            return
        if options["gazetteer"]:
            known, places = gazetteer_actors()
            report = evaluate(places=places, known_actors=known)
        else:
            report = evaluate()
        self.stdout.write(report.table())
        for score in report.scores:
            if score.note:
                self.stdout.write(f"{score.name}: {score.note}")
