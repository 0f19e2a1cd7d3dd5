from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func, *args, **kwargs) -> tuple[int, object]:
    """Run `func` and return (number of SQL queries it made, its result)."""
    with CaptureQueriesContext(connection) as context:
        result = func(*args, **kwargs)
    return len(context.captured_queries), result
