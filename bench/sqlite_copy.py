"""Copy the project's PostgreSQL database into a SQLite file that both the API and Datasette can serve.

Benchmark helper. The benchmark compares the same corpus served three ways: the API on PostgreSQL,
the API on SQLite and Datasette on SQLite. For that comparison to mean anything all three must hold the
same rows, stored the way each reader expects, so this script:

1. builds the target schema with the project's own migrations (``manage.py migrate`` run against
   ``DATABASE_URL=sqlite:///<target>``), so the Django app on the copy sees exactly the schema it
   would have made itself;
2. copies every table present in both databases, the columns both share (PostgreSQL-only columns such
   as the generated ``search_document`` tsvectors are left out), streaming from PostgreSQL with
   ``COPY ... TO STDOUT (FORMAT BINARY)`` (or a named server-side cursor, ``--method cursor``) and
   inserting with ``executemany`` in batches, secondary indexes dropped during the load and re-created
   after it, foreign keys off;
3. stores every value as Django's SQLite backend would (see ``CONVERTERS``): datetimes as naive UTC
   text ``YYYY-MM-DD HH:MM:SS[.ffffff]``, dates as ``YYYY-MM-DD``, booleans as 0/1, JSON as
   ``json.dumps`` text, decimals as their string (the column's NUMERIC affinity then stores the
   number), UUIDs as 32 hex digits, durations as microseconds. Otherwise the app on SQLite would
   misread or mis-compare them (SQLite compares datetimes as text);
4. runs ``ANALYZE``; with ``--fts`` it also adds an FTS5 index over ``articles_article`` for
   Datasette's full-text search (external content, so the text is not stored twice).

Tables that ``migrate`` has already filled (content types, permissions) are left alone when they
already hold the same rows as PostgreSQL, and replaced by PostgreSQL's rows otherwise, so ids that
other tables point at agree. ``django_migrations`` is never copied.

Usage (from the repository root)::

    .venv/bin/python bench/sqlite_copy.py \\
        --source postgres://postgres@127.0.0.1:5432/bench_100k \\
        --target /tmp/bench/corpus_100k.sqlite3 [--fts] [--replace]

Then ``DATABASE_URL=sqlite:////tmp/bench/corpus_100k.sqlite3`` runs the API on the copy, and
``datasette /tmp/bench/corpus_100k.sqlite3`` serves it (with ``?_search=`` on articles after ``--fts``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

REPO_ROOT = Path(__file__).resolve().parent.parent
BATCH_ROWS = 5000  # rows per executemany: articles are ~15 KB each, so a batch stays well under 100 MB
CURSOR_ITERSIZE = 20000
SKIP_TABLES = {"django_migrations"}
FTS_TABLE = "articles_article_fts"
FTS_CONTENT_TABLE = "articles_article"

Converter = Callable[[Any], Any]


def _datetime_utc(value: dt.datetime) -> str:
    # Django's adapt_datetimefield_value: naive in the connection's time zone (UTC), then str().
    # The session runs in UTC, so str() ends in "+00:00" and slicing it off is the same, 3x faster.
    text = str(value)
    if text.endswith("+00:00"):
        return text[:-6]
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


# jsonb's text output differs from json.dumps() only in non-ASCII characters (json.dumps escapes them),
# DEL (likewise) and non-integer numbers (jsonb prints numerics as stored, Python floats as repr): key
# order, spacing (", " and ": ") and the escapes of quotes, backslashes and control characters agree.
_JSON_REENCODE = re.compile(r"[0-9][.eE]|\x7f")


def _json_text(value: str) -> str:
    # The column is selected as text, so JSON null ('null') stays distinct from SQL NULL. The result is
    # Django's json.dumps form, in jsonb's key order (which is also what the API on PostgreSQL returns).
    # Re-encoding costs ~40 µs per fingerprint, so text that would come out unchanged is kept as it is.
    if value.isascii() and not _JSON_REENCODE.search(value):
        return value
    return json.dumps(json.loads(value))


def _duration_microseconds(value: dt.timedelta) -> int:
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


# PostgreSQL type (information_schema udt_name) -> how Django's SQLite backend stores such a value.
# Types not listed here and not in PASSTHROUGH_TYPES stop the copy rather than be guessed at.
CONVERTERS: dict[str, Converter] = {
    "timestamptz": _datetime_utc,
    "timestamp": str,
    "date": dt.date.isoformat,
    "time": str,
    "json": _json_text,
    "jsonb": _json_text,
    "uuid": lambda value: value.hex,
    "numeric": str,
    "inet": str,
    "cidr": str,
    "interval": _duration_microseconds,
}
PASSTHROUGH_TYPES = {
    "bool",  # Python bool binds as 1/0
    "int2",
    "int4",
    "int8",
    "float4",
    "float8",
    "text",
    "varchar",
    "bpchar",
    "bytea",
}
# Selected as text: JSON (see _json_text).
CAST_TO_TEXT = {"json", "jsonb"}


@dataclass
class Column:
    name: str
    pg_type: str

    @property
    def load_type(self) -> str:
        """The type psycopg decodes the selected value as."""
        return "text" if self.pg_type in CAST_TO_TEXT else self.pg_type

    def select_expression(self) -> sql.Composable:
        if self.pg_type in CAST_TO_TEXT:
            return sql.SQL("{}::text").format(sql.Identifier(self.name))
        return sql.Identifier(self.name)


@dataclass
class TableResult:
    table: str
    rows: int
    seconds: float
    note: str = ""


def quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def run_migrate(target: Path) -> None:
    """Create the schema on the target with the project's own migrations."""
    env = dict(os.environ)
    env.pop("DATABASE_REPLICA_URLS", None)  # the copy is built on its own, without replicas
    env.update({"DEBUG": "1", "DATABASE_URL": f"sqlite:///{target}"})
    command = [sys.executable, str(REPO_ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"]
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"manage.py migrate failed on {target} (exit code {completed.returncode}).")


def pg_columns(source: psycopg.Connection) -> dict[str, list[Column]]:
    """Base tables of the public schema and their columns, in table order."""
    rows = source.execute(
        """
        SELECT c.table_name, c.column_name, c.udt_name
        FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position
        """
    ).fetchall()
    tables: dict[str, list[Column]] = {}
    for table, column, udt in rows:
        tables.setdefault(table, []).append(Column(column, udt))
    return tables


def sqlite_columns(target: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [
        name
        for (name,) in target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {table: [row[1] for row in target.execute(f"PRAGMA table_info({quote_sqlite(table)})")] for table in tables}


def row_converter(columns: list[Column]) -> Callable[[Iterable[Any]], Iterator[tuple[Any, ...]]]:
    """Return a function that turns PostgreSQL rows into rows as Django's SQLite backend stores them."""
    unsupported = [c for c in columns if c.pg_type not in CONVERTERS and c.pg_type not in PASSTHROUGH_TYPES]
    if unsupported:
        raise SystemExit("No SQLite conversion for: " + ", ".join(f"{c.name} ({c.pg_type})" for c in unsupported))
    converting = [(index, CONVERTERS[c.pg_type]) for index, c in enumerate(columns) if c.pg_type in CONVERTERS]
    if not converting:
        return iter  # rows are tuples already

    def convert(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        for row in rows:
            values = list(row)
            for index, function in converting:
                value = values[index]
                if value is not None:
                    values[index] = function(value)
            yield values

    return convert


def stream_copy(source: psycopg.Connection, table: str, columns: list[Column]) -> Iterator[tuple[Any, ...]]:
    """All rows of the columns, by binary COPY (decoded by psycopg's C loaders)."""
    query = sql.SQL("COPY (SELECT {} FROM {}) TO STDOUT (FORMAT BINARY)").format(
        sql.SQL(", ").join(c.select_expression() for c in columns), sql.Identifier(table)
    )
    with source.cursor() as cursor, cursor.copy(query) as copy:
        copy.set_types([c.load_type for c in columns])
        yield from copy.rows()


def stream_cursor(source: psycopg.Connection, table: str, columns: list[Column]) -> Iterator[tuple[Any, ...]]:
    """All rows of the columns, by a named (server-side) cursor."""
    query = sql.SQL("SELECT {} FROM {}").format(
        sql.SQL(", ").join(c.select_expression() for c in columns), sql.Identifier(table)
    )
    with source.transaction(), source.cursor(name=f"copy_{table}") as cursor:
        cursor.itersize = CURSOR_ITERSIZE
        cursor.execute(query)
        yield from cursor


# COPY is the default. Measured on the 100k-article corpus (2 busy cores), reading only: articles 8.3-9.5 s
# by COPY against 11.8-19.6 s by the cursor; narrow tables go slightly the other way (985k mentions:
# 2.3-2.6 s by COPY, 1.8 s by the cursor). The wide tables dominate, so COPY wins overall.
STREAMS = {"copy": stream_copy, "cursor": stream_cursor}


def secondary_indexes(target: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX sql) of the table's droppable indexes (not the automatic ones of UNIQUE/PK)."""
    return target.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()


def same_rows(
    source: psycopg.Connection, target: sqlite3.Connection, table: str, columns: list[Column], method: str
) -> bool:
    """Whether a table migrate has filled already holds exactly PostgreSQL's rows (compared as stored)."""
    convert = row_converter(columns)
    expected = sorted(tuple(row) for row in convert(STREAMS[method](source, table, columns)))
    names = ", ".join(quote_sqlite(c.name) for c in columns)
    present = sorted(target.execute(f"SELECT {names} FROM {quote_sqlite(table)}").fetchall())  # noqa: S608
    return expected == present


def copy_table(
    source: psycopg.Connection, target: sqlite3.Connection, table: str, columns: list[Column], method: str
) -> TableResult:
    started = time.perf_counter()
    convert = row_converter(columns)
    note = ""
    (existing,) = target.execute(f"SELECT count(*) FROM {quote_sqlite(table)}").fetchone()  # noqa: S608
    if existing:
        if same_rows(source, target, table, columns, method):
            return TableResult(
                table, 0, time.perf_counter() - started, f"skipped: migrate made the same {existing} rows"
            )
        note = f"replaced {existing} rows made by migrate"
    indexes = secondary_indexes(target, table)
    target.execute("BEGIN")
    if existing:
        target.execute(f"DELETE FROM {quote_sqlite(table)}")  # noqa: S608
    for name, _ in indexes:
        target.execute(f"DROP INDEX {quote_sqlite(name)}")
    insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the catalogs)
        quote_sqlite(table), ", ".join(quote_sqlite(c.name) for c in columns), ", ".join("?" * len(columns))
    )
    rows = convert(STREAMS[method](source, table, columns))
    count = 0
    while batch := list(islice(rows, BATCH_ROWS)):
        target.executemany(insert, batch)
        count += len(batch)
    loaded = time.perf_counter()
    for _, create in indexes:
        target.execute(create)
    target.execute("COMMIT")
    if indexes and count:
        note = ", ".join(filter(None, [note, f"{len(indexes)} indexes in {time.perf_counter() - loaded:.1f} s"]))
    return TableResult(table, count, time.perf_counter() - started, note)


def create_fts(target: sqlite3.Connection) -> str:
    """An external-content FTS5 index on articles for Datasette (found by its content="..." option)."""
    columns = {row[1] for row in target.execute(f"PRAGMA table_info({FTS_CONTENT_TABLE})")}
    text_column = "search_text" if "search_text" in columns else "body"
    # Double quotes, not single: Datasette finds an FTS table for `t` only by content="t" or content=[t].
    target.execute(
        f'CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, {text_column}, content="{FTS_CONTENT_TABLE}", '
        f'content_rowid="id")'
    )
    target.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
    return text_column


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True, help="PostgreSQL URL, e.g. postgres://postgres@127.0.0.1/db")
    parser.add_argument("--target", required=True, type=Path, help="SQLite file to create")
    parser.add_argument("--replace", action="store_true", help="overwrite the target if it exists")
    parser.add_argument("--fts", action="store_true", help=f"add the FTS5 table {FTS_TABLE} for Datasette")
    parser.add_argument(
        "--method", choices=sorted(STREAMS), default="copy", help="how to read PostgreSQL (default: copy)"
    )
    options = parser.parse_args(argv)

    target: Path = options.target.resolve()
    if target.exists() and not options.replace:
        raise SystemExit(f"{target} exists; pass --replace to overwrite it.")
    for leftover in (target, *(target.with_name(target.name + suffix) for suffix in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    run_migrate(target)
    print(f"schema: manage.py migrate in {time.perf_counter() - started:.1f} s", flush=True)

    with psycopg.connect(options.source, autocommit=True) as source:
        source.execute("SET TIME ZONE 'UTC'")
        source_tables = pg_columns(source)
        db = sqlite3.connect(target, isolation_level=None)  # transactions are explicit
        try:
            for pragma in (
                "journal_mode = OFF",
                "synchronous = OFF",
                "cache_size = -1048576",  # 1 GiB
                "temp_store = MEMORY",
                "foreign_keys = OFF",
                "locking_mode = EXCLUSIVE",
            ):
                db.execute(f"PRAGMA {pragma}")
            target_tables = sqlite_columns(db)
            only_source = sorted(set(source_tables) - set(target_tables))
            only_target = sorted(set(target_tables) - set(source_tables))
            if only_source:
                print(f"not in SQLite, not copied: {', '.join(only_source)}")
            if only_target:
                print(f"not in PostgreSQL, left empty: {', '.join(only_target)}")

            total_rows = 0
            empty: list[str] = []
            for table in sorted(set(source_tables) & set(target_tables) - SKIP_TABLES):
                shared = set(target_tables[table])
                columns = [c for c in source_tables[table] if c.name in shared]
                dropped = [c.name for c in source_tables[table] if c.name not in shared]
                result = copy_table(source, db, table, columns, options.method)
                total_rows += result.rows
                if not result.rows and not result.note:
                    empty.append(table)
                    continue
                extra = [result.note] if result.note else []
                if dropped:
                    extra.append(f"PostgreSQL-only columns left out: {', '.join(dropped)}")
                rate = f" ({result.rows / result.seconds:,.0f} rows/s)" if result.rows and result.seconds else ""
                suffix = f"  [{'; '.join(extra)}]" if extra else ""
                print(f"  {table}: {result.rows:,} rows in {result.seconds:.1f} s{rate}{suffix}", flush=True)

            if empty:
                print(f"  empty in PostgreSQL: {', '.join(empty)}")
            step = time.perf_counter()
            db.execute("ANALYZE")
            print(f"ANALYZE in {time.perf_counter() - step:.1f} s", flush=True)
            if options.fts:
                step = time.perf_counter()
                text_column = create_fts(db)
                print(f"FTS5 {FTS_TABLE} (title, {text_column}) in {time.perf_counter() - step:.1f} s", flush=True)
        finally:
            db.close()

    size = target.stat().st_size
    print(
        f"total: {total_rows:,} rows in {time.perf_counter() - started:.1f} s; "
        f"{target} is {size / 1024 / 1024:,.1f} MiB",
        flush=True,
    )


if __name__ == "__main__":
    main()
