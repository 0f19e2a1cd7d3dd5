from django.apps import AppConfig


class ChangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "changes"
    verbose_name = "Change feed"

    def ready(self):
        from changes import recording

        recording.connect_signals()
