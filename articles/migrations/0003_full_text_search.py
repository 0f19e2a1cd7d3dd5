"""PostgreSQL full-text search: a stored tsvector per searchable table, GIN-indexed.

The document is built from `search_text`, which the application already normalises (case folded,
accents stripped, Cyrillic transliterated), with the language-neutral 'simple' configuration: text
in English, Albanian and BCS is all findable, and "Vucic" finds "Vučić". On SQLite nothing is
created; search there matches the normalised text directly (see balkanapi/api/search.py).
"""

from django.db import migrations

TABLES = ["articles_article", "articles_quote", "articles_claim"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(search_text, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING GIN (search_document)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_ingestion_fields")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
