"""The raw-SQL floor: the API's own SQL, run with psycopg and encoded with orjson, no framework.

    RAWFLOOR_STATEMENTS=statements.json RAWFLOOR_DSN=postgres://… \
        gunicorn -c gunicorn.conf.py --chdir bench rawfloor:application

For a request path it knows (from bench/capture.py), it runs the statements the API ran for that path
on a connection its thread keeps open, and answers every fetched row as JSON: a JSON object with one
list of rows per statement, or, for an export path (`format=ndjson`), one line per row, streamed.
Nothing else: no routing, validation, permissions, serializers or pagination logic, so it is the least
any Python service must spend to answer the same request from the same database. It is a lower bound,
not a competitor: it also skips the work of deciding which statements to run.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from decimal import Decimal

import orjson
import psycopg

STATEMENTS: dict[str, list[str]] = json.loads(open(os.environ["RAWFLOOR_STATEMENTS"]).read())  # noqa: SIM115
DSN = os.environ["RAWFLOOR_DSN"]
_local = threading.local()


def _connection() -> psycopg.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = _local.connection = psycopg.connect(DSN, autocommit=True)
    return connection


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError


def _rows(statement: str) -> Iterator[dict]:
    with _connection().cursor() as cursor:
        cursor.execute(statement.encode())  # already literal SQL: no parameters
        names = [column.name for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))


def _ndjson(statements: list[str]) -> Iterator[bytes]:
    for statement in statements:
        chunk = [orjson.dumps(row, default=_default) for row in _rows(statement)]
        if chunk:
            yield b"\n".join(chunk) + b"\n"


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    statements = STATEMENTS.get(f"{path}?{query}" if query else path)
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"unknown path"}']
    if "format=ndjson" in query:
        start_response("200 OK", [("Content-Type", "application/x-ndjson")])
        return _ndjson(statements)
    body = orjson.dumps({f"q{n}": list(_rows(s)) for n, s in enumerate(statements)}, default=_default)
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
