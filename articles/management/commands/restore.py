"""`python manage.py restore FILE`: load a `backup` file into this database, in one transaction."""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.management.commands.backup import BACKUP_APPS


class Command(BaseCommand):
    help = "Restore a backup made with `backup`. Refuses a database that already holds data unless --replace."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--replace", action="store_true", help="Delete the current curated data first.")

    def handle(self, *args, **options):
        models = [
            model for label in BACKUP_APPS for model in apps.get_app_config(label).get_models(include_auto_created=True)
        ]
        with transaction.atomic():
            if any(model.objects.exists() for model in models):
                if not options["replace"]:
                    raise CommandError("The database already holds data; use --replace to overwrite it.")
                # Children before parents: PROTECT foreign keys forbid the other order.
                for model in reversed(models):
                    model._base_manager.all()._raw_delete(model._base_manager.db)
            call_command("loaddata", options["path"], verbosity=0)
            self._reset_sequences(models)
        self.stdout.write(self.style.SUCCESS(f"Restored {options['path']}."))

    @staticmethod
    def _reset_sequences(models) -> None:
        """After rows arrive with their ids, new rows must not reuse them (PostgreSQL sequences)."""
        from django.core.management.color import no_style
        from django.db import connection

        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
