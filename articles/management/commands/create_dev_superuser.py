"""`python manage.py create_dev_superuser`: an `admin`/`admin` login for local development only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the development superuser admin/admin if no superuser exists yet (refused unless DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a development superuser with DEBUG off; use createsuperuser.")
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; nothing to do.")
            return
        users.create_superuser("admin", "admin@localhost", "admin")
        self.stdout.write(self.style.WARNING("Created development superuser admin / admin (local use only)."))
