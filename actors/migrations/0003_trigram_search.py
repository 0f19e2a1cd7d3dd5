"""PostgreSQL trigram indexes on normalised actor names and aliases, for typo-tolerant search."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX actors_actor_name_trgm ON actors_actor USING GIN (name_normalized gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX actors_alias_normalized_trgm ON actors_actoralias USING GIN (normalized gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS actors_actor_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS actors_alias_normalized_trgm")


class Migration(migrations.Migration):
    dependencies = [("actors", "0002_ingestion_fields")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
