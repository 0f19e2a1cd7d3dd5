"""Record the SQL the API runs for each benchmarked request, so peers can run exactly the same SQL.

    DATABASE_URL=… python bench/capture.py --paths paths.json --out statements.json

Each path is requested once through Django's test client (anonymously, as the load is) with every
statement captured; the result maps a path to its statements with their values written in, ready to run
as they are. Transaction control (savepoints) is left out: the peers run in autocommit. Used for the
raw-SQL floor (PostgreSQL) and for Datasette (SQLite).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balkanapi.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def capture(paths: list[str]) -> dict[str, list[str]]:
    """Each path's statements, in the order the API ran them; paths the API does not answer with 200 are left out."""
    client = Client(HTTP_HOST="127.0.0.1")
    statements = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            # The API cannot answer this request (e.g. a statement timeout at this corpus size): the load
            # shows it as errors; the peers get no statements for it.
            print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
            continue
        statements[path] = [
            query["sql"] for query in captured.captured_queries if not query["sql"].startswith(TRANSACTION_CONTROL)
        ]
    return statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paths", required=True, help="JSON list of request paths")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    paths = json.loads(Path(args.paths).read_text())
    Path(args.out).write_text(json.dumps(capture(paths), indent=1))


if __name__ == "__main__":
    main()
