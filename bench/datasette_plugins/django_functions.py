"""Datasette plugin: the SQL functions Django registers on its own SQLite connections.

The API's SQL on SQLite calls a few of them (e.g. `django_date_trunc` for the timeline); with them,
Datasette can run the same statements as the API for every endpoint.
"""

from datasette import hookimpl
from django.db.backends.sqlite3._functions import register


@hookimpl
def prepare_connection(conn):
    register(conn)
