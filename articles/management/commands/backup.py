"""`python manage.py backup FILE.json`: every curated record (actors, articles and what hangs off them, the
change feed) to one file that `restore` reads back. Use pg_dump for whole-database backups.

JSON through balkanapi.exact_json, which keeps timestamps to the microsecond.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

BACKUP_APPS = ["actors", "articles", "changes"]
SUFFIXES = (".json", ".json.gz", ".json.bz2", ".json.xz")


class Command(BaseCommand):
    help = "Write all curated data (actors, outlets, articles, quotes, claims, change feed) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the backup: .json (.json.gz, .json.bz2, .json.xz compress).")

    def handle(self, *args, **options):
        if not options["path"].endswith(SUFFIXES):
            raise CommandError(f"Name the backup file with one of: {', '.join(SUFFIXES)}.")
        call_command("dumpdata", *BACKUP_APPS, format="json", output=options["path"], verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {options['path']}."))
